//! A company's request to be registered by a designated city, as the store keeps it: the
//! request with its history, written in the caller's transaction; the move, a conditional
//! update (`WHERE id AND version AND state`) with its history and audit lines, so that of two
//! people deciding at once exactly one wins; on approval the company and its first account
//! (company user and manager) with its one-time link; the flood guard of the public form.
//! No words and no mail texts: the caller composes them.

use chrono::{DateTime, Utc};
use renkei_domain::access::Role;
use renkei_domain::city::CityCode;
use renkei_domain::company::{Company, CompanyDraft};
use renkei_domain::registration::{Move, Party, Request, State};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::Serialize;

use crate::audit::{self, Actor, Change};
use crate::companies::insert_company_as;
use crate::entity::{company_registration as reg, company_registration_event as event};
use crate::history;
use crate::kernel::busy;
use crate::links::{LinkPurpose, new_link};
use crate::mail::{self, OutgoingMail};
use crate::records::{CompanyId, Unreadable, found, known, readable};
use crate::sessions::{digest, random_token, record_attempt};
use crate::tx::Tx;
use crate::users::{UserId, UserRecord, add_roles_as, insert_user_as, user_with_email};
use crate::{Result, Store, StoreError};

crate::records::id_type!(
    /// A registration request's id.
    RegistrationId
);

/// A registration request, at one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegistrationRecord {
    pub id: RegistrationId,
    pub city: CityCode,
    #[serde(serialize_with = "state_code")]
    pub state: State,
    pub state_since: DateTime<Utc>,
    /// The company as the applicant gave it (validated when it was submitted).
    pub name: String,
    pub name_kana: String,
    pub name_key: String,
    pub corporate_number: Option<String>,
    pub postal_code: Option<String>,
    pub address: String,
    pub industry: String,
    pub size: Option<String>,
    pub website: Option<String>,
    pub applicant_name: String,
    pub applicant_email: String,
    pub department: String,
    pub note: String,
    pub decline_reason: Option<String>,
    pub company_id: Option<CompanyId>,
    pub user_id: Option<UserId>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn state_code<S: serde::Serializer>(s: &State, ser: S) -> std::result::Result<S::Ok, S::Error> {
    ser.serialize_str(s.code())
}

impl TryFrom<reg::Model> for RegistrationRecord {
    type Error = Unreadable;

    fn try_from(m: reg::Model) -> std::result::Result<Self, Unreadable> {
        const T: &str = "company_registrations";
        let city = known(T, m.id, "city_code", &m.city_code, |c| {
            CityCode::parse(c).ok()
        })?;
        let state = known(T, m.id, "state", &m.state, State::from_code)?;
        Ok(RegistrationRecord {
            id: RegistrationId(m.id),
            city,
            state,
            state_since: m.state_since,
            name: m.name,
            name_kana: m.name_kana,
            name_key: m.name_key,
            corporate_number: m.corporate_number,
            postal_code: m.postal_code,
            address: m.address,
            industry: m.industry,
            size: m.size,
            website: m.website,
            applicant_name: m.applicant_name,
            applicant_email: m.applicant_email,
            department: m.department,
            note: m.note,
            decline_reason: m.decline_reason,
            company_id: m.company_id.map(CompanyId),
            user_id: m.user_id.map(UserId),
            version: m.version,
            created_at: m.created_at,
            updated_at: m.updated_at,
        })
    }
}

impl RegistrationRecord {
    /// The company part as a form holds it (validated again into the company on approval).
    pub fn company_draft(&self) -> CompanyDraft {
        CompanyDraft {
            name: self.name.clone(),
            name_kana: self.name_kana.clone(),
            corporate_number: self.corporate_number.clone().unwrap_or_default(),
            postal_code: self.postal_code.clone().unwrap_or_default(),
            address: self.address.clone(),
            industry: self.industry.clone(),
            size: self.size.clone().unwrap_or_default(),
            company_type: String::new(),
            website: self.website.clone().unwrap_or_default(),
            notes: String::new(),
        }
    }
}

/// A line of a request's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationEvent {
    pub at: DateTime<Utc>,
    pub party: String,
    pub move_code: String,
    pub from_state: String,
    pub to_state: String,
    pub note: String,
    pub actor_label: String,
}

/// What the public form may take from one client address in an hour.
pub const REGISTRATIONS_PER_CLIENT_PER_HOUR: u64 = 20;
const ATTEMPT: &str = "company-registration";

/// What an approval made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approved {
    pub record: RegistrationRecord,
    /// Whether the account is new (its invitation mailed) rather than an existing one given
    /// the company's roles.
    pub new_account: bool,
}

async fn read(db: &impl ConnectionTrait, id: RegistrationId) -> Result<RegistrationRecord> {
    found(reg::Entity::find_by_id(id.0).one(db).await?)
}

async fn history_line(
    db: &impl ConnectionTrait,
    id: RegistrationId,
    party: Party,
    code: &str,
    (from, to): (State, State),
    note: &str,
    actor: &Actor,
) -> Result<()> {
    let step = history::Step {
        party: party.code(),
        code,
        from: from.code(),
        to: to.code(),
        note,
    };
    history::write(db, history::Table::CompanyRegistrations, id.0, step, actor).await
}

async fn audit_line(
    db: &impl ConnectionTrait,
    actor: &Actor,
    action: &'static str,
    before: Option<&RegistrationRecord>,
    after: &RegistrationRecord,
) -> Result<()> {
    let change = Change {
        action,
        city: Some(&after.city),
        object_type: "company_registration",
        object_id: after.id.to_string(),
        before,
        after: Some(after),
    };
    audit::record(db, actor, change).await
}

impl Store {
    /// Whether the public form may take another request from this client address now.
    pub async fn registration_allowed(&self, client: Option<&str>) -> Result<bool> {
        let Some(client) = client else {
            return Ok(true);
        };
        let hour_ago = Utc::now() - chrono::Duration::hours(1);
        let key = format!("client:{client}");
        Ok(self.attempts_since(ATTEMPT, &key, hour_ago).await? < REGISTRATIONS_PER_CLIENT_PER_HOUR)
    }

    /// Writes a request submitted through the public form, with its history line, its audit
    /// line and the client's attempt, in the caller's transaction. With it, the token of the
    /// applicant's link (kept only as its hash).
    pub async fn insert_registration(
        &self,
        tx: &Tx,
        r: &Request,
        actor: &Actor,
    ) -> Result<(RegistrationRecord, String)> {
        let token = random_token();
        let txn = tx.conn();
        let now = Utc::now();
        if let Some(c) = &actor.client_address {
            record_attempt(txn, ATTEMPT, format!("client:{c}"), now).await?;
        }
        let c = &r.company;
        let row = reg::ActiveModel {
            city_code: Set(r.city.to_string()),
            state: Set(State::Submitted.code().to_owned()),
            state_since: Set(now),
            name: Set(c.name.clone()),
            name_kana: Set(c.name_kana.clone()),
            name_key: Set(c.name_key.clone()),
            corporate_number: Set(c.corporate_number.as_ref().map(|n| n.as_str().to_owned())),
            postal_code: Set(c.postal_code.clone()),
            address: Set(c.address.clone()),
            industry: Set(c.industry.clone()),
            size: Set(c.size.map(|s| s.code().to_owned())),
            website: Set(c.website.clone()),
            applicant_name: Set(r.applicant.name.clone()),
            applicant_email: Set(r.applicant.email.to_string()),
            department: Set(r.department.clone()),
            note: Set(r.note.clone()),
            decline_reason: Set(None),
            company_id: Set(None),
            user_id: Set(None),
            client_address: Set(actor.client_address.clone()),
            applicant_token_hash: Set(digest(&token)),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        let record: RegistrationRecord = found(Some(row))?;
        let states = (State::Submitted, State::Submitted);
        history_line(
            txn,
            record.id,
            Party::Applicant,
            "submit",
            states,
            "",
            actor,
        )
        .await?;
        audit_line(txn, actor, "company_registration.submit", None, &record).await?;
        Ok((record, token))
    }

    /// The requests waiting for a decision since before `since`, of which the city's staff
    /// were not reminded yet, oldest first.
    pub async fn overdue_registrations(
        &self,
        since: DateTime<Utc>,
    ) -> Result<Vec<RegistrationRecord>> {
        let rows = reg::Entity::find()
            .filter(reg::Column::State.eq(State::Submitted.code()))
            .filter(reg::Column::StateSince.lt(since))
            .filter(reg::Column::RemindedAt.is_null())
            .order_by_asc(reg::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// Claims the one reminder of a request's overdue decision: true for the one caller that
    /// gets it (a conditional update; several nodes at once send one).
    pub async fn claim_registration_reminder(
        &self,
        tx: &Tx,
        r: &RegistrationRecord,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let columns = history::ReminderColumns {
            id: reg::Column::Id,
            version: reg::Column::Version,
            reminded_at: reg::Column::RemindedAt,
        };
        let record = (r.id.0, r.version);
        history::claim_reminder::<reg::Entity>(tx.conn(), columns, record, now).await
    }

    /// The request of an applicant's link, if the token is one.
    pub async fn registration_by_token(&self, token: &str) -> Result<Option<RegistrationRecord>> {
        let row = reg::Entity::find()
            .filter(reg::Column::ApplicantTokenHash.eq(digest(token)))
            .one(&self.db)
            .await?;
        Ok(readable(row.into_iter().collect()).into_iter().next())
    }

    /// A request read in a transaction (what a move starts from).
    pub async fn registration_in(&self, tx: &Tx, id: RegistrationId) -> Result<RegistrationRecord> {
        read(tx.conn(), id).await
    }

    /// A request, whoever asks (the caller asks the policy).
    pub async fn registration(&self, id: RegistrationId) -> Result<RegistrationRecord> {
        read(&self.db, id).await
    }

    /// The requests to a city, newest first.
    pub async fn registrations_of(&self, city: &CityCode) -> Result<Vec<RegistrationRecord>> {
        let rows = reg::Entity::find()
            .filter(reg::Column::CityCode.eq(city.to_string()))
            .order_by_desc(reg::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// A request's history, oldest first.
    pub async fn registration_history(&self, id: RegistrationId) -> Result<Vec<RegistrationEvent>> {
        Ok(event::Entity::find()
            .filter(event::Column::RegistrationId.eq(id.0))
            .order_by_asc(event::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|e| RegistrationEvent {
                at: e.at,
                party: e.party,
                move_code: e.move_code,
                from_state: e.from_state,
                to_state: e.to_state,
                note: e.note,
                actor_label: e.actor_label,
            })
            .collect())
    }

    /// Writes a move the rules allowed, from `before` (at the version the person saw) to
    /// `to`, with a decline's reason, its history line and its audit line; if someone else
    /// moved first, nothing is written and the answer is [`StoreError::Conflict`].
    pub async fn write_registration_move(
        &self,
        tx: &Tx,
        before: &RegistrationRecord,
        to: State,
        party: Party,
        m: &Move,
        actor: &Actor,
    ) -> Result<RegistrationRecord> {
        let txn = tx.conn();
        let now = Utc::now();
        let mut update = reg::Entity::update_many()
            .col_expr(reg::Column::State, Expr::value(to.code()))
            .col_expr(reg::Column::Version, Expr::value(before.version + 1))
            .col_expr(reg::Column::StateSince, Expr::value(now))
            .col_expr(reg::Column::UpdatedAt, Expr::value(now));
        let mut note = "";
        if let Move::Decline(reason) = m {
            update = update.col_expr(reg::Column::DeclineReason, Expr::value(reason.clone()));
            note = reason;
        }
        let moved = update
            .filter(reg::Column::Id.eq(before.id.0))
            .filter(reg::Column::Version.eq(before.version))
            .filter(reg::Column::State.eq(before.state.code()))
            .exec(txn)
            .await
            .map_err(busy)?
            .rows_affected;
        if moved != 1 {
            return Err(StoreError::Conflict);
        }
        let states = (before.state, to);
        history_line(txn, before.id, party, m.code(), states, note, actor).await?;
        let after = read(txn, before.id).await?;
        let action = match m {
            Move::Approve => "company_registration.approve",
            Move::Decline(_) => "company_registration.decline",
            Move::Withdraw => "company_registration.withdraw",
        };
        audit_line(txn, actor, action, Some(before), &after).await?;
        Ok(after)
    }

    /// The approval's side effects, in the move's transaction: the company (audited as
    /// `company.create`), its first account as company user and manager — a new account with
    /// its one-time link mailed (`invite`), or an existing one given the roles (`added`) — and
    /// the request pointing at both.
    pub async fn approve_registration(
        &self,
        tx: &Tx,
        r: &RegistrationRecord,
        company: &Company,
        actor: &Actor,
        invite: impl FnOnce(&UserRecord, &str) -> OutgoingMail,
        added: impl FnOnce(&UserRecord) -> OutgoingMail,
    ) -> Result<Approved> {
        let txn = tx.conn();
        let made = insert_company_as(txn, actor, company, &[]).await?;
        let roles = [
            Role::CompanyUser { company: made.id.0 },
            Role::CompanyManager { company: made.id.0 },
        ];
        let email = renkei_domain::identity::Email::parse(&r.applicant_email)
            .map_err(|_| StoreError::NotFound)?;
        let (user, new_account) = match user_with_email(txn, &email).await? {
            None => {
                let u = insert_user_as(txn, actor, &email, &r.applicant_name, None, &roles).await?;
                let token = new_link(txn, LinkPurpose::Invitation, u.id).await?;
                mail::enqueue(txn, &invite(&u, &token)).await?;
                (u, true)
            }
            Some(u) => {
                add_roles_as(txn, actor, &u, &roles, Some(&made.home_city)).await?;
                mail::enqueue(txn, &added(&u)).await?;
                (u, false)
            }
        };
        reg::Entity::update_many()
            .col_expr(reg::Column::CompanyId, Expr::value(made.id.0))
            .col_expr(reg::Column::UserId, Expr::value(user.id.0))
            .filter(reg::Column::Id.eq(r.id.0))
            .exec(txn)
            .await
            .map_err(busy)?;
        Ok(Approved {
            record: read(txn, r.id).await?,
            new_account,
        })
    }
}
