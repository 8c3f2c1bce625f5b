//! Who is asking, and the one door to a city's records: [`App::require`] asks
//! `renkei_domain::access::decide` (the one place the policy is decided) and writes every
//! refusal to the audit trail; the loads of scoped records ([`App::company`],
//! [`App::product`], [`App::sales_target`], `referrals::load`) return a [`Checked`] value,
//! which only this crate can make, so a use case that takes one cannot be reached without
//! the check having been made.

use std::ops::Deref;

use renkei_domain::access::{Action, Decision, Resource, Subject, decide};
use renkei_domain::city::CityCode;
use renkei_store::{
    Actor, CompanyId, CompanyRecord, ContactRecord, ProductId, ProductRecord, SalesTargetRecord,
    TargetId,
};

use crate::App;

/// Who is asking: what the policy knows of them, and who the audit trail names.
#[derive(Debug, Clone)]
pub struct Caller {
    pub subject: Subject,
    pub actor: Actor,
}

/// Why a caller cannot have what they asked for.
#[derive(Debug, thiserror::Error)]
pub enum Denied {
    /// Not there, or not theirs to know of (404).
    #[error("not found")]
    NotFound,
    /// Theirs to know of, not to do (403).
    #[error("forbidden")]
    Forbidden,
    /// Anonymous: sign in first.
    #[error("sign in first")]
    SignInRequired,
    #[error(transparent)]
    Store(#[from] renkei_store::StoreError),
}

/// A record loaded with the access check made for `action`: the proof a use case asks for.
#[derive(Debug, Clone)]
pub struct Checked<T> {
    value: T,
    action: Action,
}

impl<T> Checked<T> {
    /// The action the check allowed.
    pub fn action(&self) -> Action {
        self.action
    }

    pub fn into_inner(self) -> T {
        self.value
    }

    /// The same proof over a part of the value.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Checked<U> {
        Checked {
            value: f(self.value),
            action: self.action,
        }
    }

    pub(crate) fn new(value: T, action: Action) -> Checked<T> {
        Checked { value, action }
    }
}

impl<T> Deref for Checked<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

/// The city a resource is recorded under in a refusal's audit line.
fn city_of(resource: &Resource<'_>) -> Option<CityCode> {
    match resource {
        Resource::CityMenu(c)
        | Resource::AuditLog(Some(c))
        | Resource::CityUsers(c)
        | Resource::CityGrants(c)
        | Resource::CityRecord { owner: c, .. }
        | Resource::Company { home_city: c, .. }
        | Resource::CompanyPeople { home_city: c, .. } => Some(**c),
        Resource::Referral(f) => Some(*f.sending),
        Resource::Showcase { home_city: c, .. } | Resource::ShowcaseRequest { home_city: c } => {
            Some(**c)
        }
        Resource::HelpAsk(c) => Some(**c),
        Resource::HelpRequest(f) => Some(f.city),
        Resource::ReferralPrepare(c) | Resource::SupportRecord { home_city: c } => Some(**c),
        Resource::ReferralPrep(f) => Some(f.city),
        Resource::Thread(f) if !f.network => f.cities.first().copied(),
        Resource::Csr(t) => t.city(),
        _ => None,
    }
}

impl App {
    /// Allowed, or why not: not found (404); forbidden (403); or, for someone not signed
    /// in, "sign in first". Every refusal is written to the audit trail (who, from where,
    /// what was asked).
    pub async fn require(
        &self,
        caller: &Caller,
        action: Action,
        resource: Resource<'_>,
    ) -> Result<(), Denied> {
        let denied = match decide(&caller.subject, action, resource) {
            Decision::Allow => return Ok(()),
            Decision::NotFound => Denied::NotFound,
            Decision::Forbidden if !caller.subject.is_signed_in() => Denied::SignInRequired,
            Decision::Forbidden => Denied::Forbidden,
        };
        let what = format!("{action:?} {resource:?}");
        self.store()
            .record_event(
                &caller.actor,
                "access.denied",
                city_of(&resource).as_ref(),
                "access",
                &what,
            )
            .await?;
        Err(denied)
    }

    /// A record asked for that does not exist: refused as not found, and written to the audit
    /// trail as a refusal of one that exists is, so that neither the answer, nor the time it
    /// takes, nor the trail tells another city's ids from ids that were never given.
    pub(crate) async fn absent(&self, caller: &Caller, action: Action, what: String) -> Denied {
        let what = format!("{action:?} {what} (no such record)");
        match self
            .store()
            .record_event(&caller.actor, "access.denied", None, "access", &what)
            .await
        {
            Ok(_) => Denied::NotFound,
            Err(e) => e.into(),
        }
    }

    /// A company with its contacts, if the caller may `action` it (its home city's, or
    /// shared with the caller's city by a grant).
    pub async fn company(
        &self,
        caller: &Caller,
        action: Action,
        id: CompanyId,
    ) -> Result<Checked<(CompanyRecord, Vec<ContactRecord>)>, Denied> {
        signed_in(caller)?;
        let Some((company, contacts)) = self.store().company(id).await? else {
            return Err(self.absent(caller, action, format!("Company {id}")).await);
        };
        let shared = self.store().shared_with("company", &id.to_string()).await?;
        let resource = Resource::Company {
            id: id.0,
            home_city: &company.home_city,
            shared_with: &shared,
        };
        self.require(caller, action, resource).await?;
        Ok(Checked::new((company, contacts), action))
    }

    /// A product, if the caller may `action` its company's record (a grant on the company
    /// or on the product itself counts).
    pub async fn product(
        &self,
        caller: &Caller,
        action: Action,
        id: ProductId,
    ) -> Result<Checked<ProductRecord>, Denied> {
        signed_in(caller)?;
        let Some(product) = self.store().product(id).await? else {
            return Err(self.absent(caller, action, format!("Product {id}")).await);
        };
        let mut shared = self
            .store()
            .shared_with("company", &product.company_id.to_string())
            .await?;
        shared.extend(self.store().shared_with("product", &id.to_string()).await?);
        let resource = Resource::Company {
            id: product.company_id.0,
            home_city: &product.home_city,
            shared_with: &shared,
        };
        self.require(caller, action, resource).await?;
        Ok(Checked::new(product, action))
    }

    /// A sales-channel target, if the caller may `action` its city's records.
    pub async fn sales_target(
        &self,
        caller: &Caller,
        action: Action,
        id: TargetId,
    ) -> Result<Checked<SalesTargetRecord>, Denied> {
        signed_in(caller)?;
        let Some(target) = self.store().sales_target(id).await? else {
            return Err(self
                .absent(caller, action, format!("SalesTarget {id}"))
                .await);
        };
        let resource = Resource::CityRecord {
            owner: &target.city_code,
            shared_with: &[],
        };
        self.require(caller, action, resource).await?;
        Ok(Checked::new(target, action))
    }
}

/// Records whose existence is not public: an anonymous caller is asked to sign in whether
/// or not the record exists.
pub(crate) fn signed_in(caller: &Caller) -> Result<(), Denied> {
    if caller.subject.is_signed_in() {
        Ok(())
    } else {
        Err(Denied::SignInRequired)
    }
}

/// A store read by id as the policy answers a record that is not there: not found.
pub(crate) fn found<T>(r: renkei_store::Result<T>) -> Result<T, Denied> {
    match r {
        Ok(v) => Ok(v),
        Err(renkei_store::StoreError::NotFound) => Err(Denied::NotFound),
        Err(e) => Err(e.into()),
    }
}
