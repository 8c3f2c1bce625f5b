//! The coordinator network: the directory of coordinators across every city, filtered by
//! what they know (`renkei_domain::network::Filter`), each coordinator's profile kept by
//! them and by their city's staff ([`load`], [`save`]); requests for help across cities in
//! [`help`]; discussion threads between the cities and their weekly digest in [`threads`];
//! what waits on each of a city's people in [`caseload`]; the sites each coordinator can
//! introduce for trials and verification in [`sites`]. Who may do what is
//! `access::network`, asked through `App::require`.

pub mod caseload;
pub mod help;
pub mod sites;
pub mod threads;

use renkei_domain::FieldError;
use renkei_domain::access::{Action, Resource};
use renkei_domain::network::{Filter, ProfileDraft};
use renkei_store::{CoordinatorAccount, OrganizationRecord, ProfileRecord, Result, UserId};

use crate::App;
use crate::access::{Caller, Checked, Denied, signed_in};

/// A coordinator as the directory lists them: their account and cities, their profile if
/// they keep one, and how many open requests for help they have.
#[derive(Debug, Clone)]
pub struct Coordinator {
    pub account: CoordinatorAccount,
    pub profile: Option<ProfileRecord>,
    pub open: usize,
}

impl Coordinator {
    /// The city their profile is kept for, or the first they coordinate for.
    pub fn city(&self) -> Option<renkei_domain::city::CityCode> {
        self.profile
            .as_ref()
            .map(|p| p.city)
            .or_else(|| self.account.cities.first().copied())
    }
}

/// Every coordinator with their profile, oldest account first.
pub async fn coordinators(app: &App) -> Result<Vec<Coordinator>> {
    let store = app.store();
    let profiles = store.coordinator_profiles().await?;
    let open = store.open_help_counts().await?;
    Ok(store
        .coordinator_accounts()
        .await?
        .into_iter()
        .map(|account| {
            let profile = profiles
                .iter()
                .find(|p| p.user_id == account.user.id)
                .cloned();
            let open = open.get(&account.user.id.0).copied().unwrap_or_default();
            Coordinator {
                account,
                profile,
                open,
            }
        })
        .collect())
}

/// The directory: the coordinators `filter` keeps, for those it is open to (staff and
/// coordinators of every city). A coordinator without a profile is listed only while
/// nothing but a city is asked for.
pub async fn directory(
    app: &App,
    caller: &Caller,
    filter: &Filter,
) -> std::result::Result<Vec<Coordinator>, Denied> {
    app.require(caller, Action::Read, Resource::CoordinatorDirectory)
        .await?;
    let only_city = Filter {
        city: None,
        ..filter.clone()
    } == Filter::default();
    Ok(coordinators(app)
        .await?
        .into_iter()
        .filter(|c| match (&c.profile, c.city()) {
            (Some(p), _) => filter.keeps(&p.city, &p.profile()),
            (None, Some(city)) => only_city && filter.city.is_none_or(|f| f == city),
            (None, None) => false,
        })
        .collect())
}

/// One coordinator (an account holding a coordinator role), once the policy allows the
/// caller `action` on their profile.
pub async fn load(
    app: &App,
    caller: &Caller,
    action: Action,
    id: UserId,
) -> std::result::Result<Checked<Coordinator>, Denied> {
    signed_in(caller)?;
    let Some(account) = app
        .store()
        .coordinator_accounts()
        .await?
        .into_iter()
        .find(|a| a.user.id == id)
    else {
        return Err(app
            .absent(caller, action, format!("Coordinator {id}"))
            .await);
    };
    let resource = Resource::CoordinatorProfile {
        person: id.0,
        cities: &account.cities,
    };
    app.require(caller, action, resource).await?;
    let profile = app.store().coordinator_profile(id).await?;
    let open = app
        .store()
        .open_help_counts()
        .await?
        .get(&id.0)
        .copied()
        .unwrap_or_default();
    let c = Coordinator {
        account,
        profile,
        open,
    };
    Ok(Checked::new(c, action))
}

/// The organisations a coordinator's profile may name: their city's.
pub async fn organizations(app: &App, c: &Coordinator) -> Result<Vec<OrganizationRecord>> {
    match c.city() {
        Some(city) => app.store().organizations_of(&city).await,
        None => Ok(Vec::new()),
    }
}

/// Saves a coordinator's profile (loaded for writing), from the version read (none for the
/// first), checked against their city's organisations; a stale version is
/// `StoreError::Conflict`.
pub async fn save(
    app: &App,
    caller: &Caller,
    c: &Checked<Coordinator>,
    draft: &ProfileDraft,
    version: Option<i64>,
) -> Result<std::result::Result<ProfileRecord, Vec<FieldError>>> {
    let Some(city) = c.city() else {
        return Ok(Err(vec![FieldError::new(
            "stages",
            "この人はどの市のコーディネーターでもありません。",
            "This person coordinates for no city.",
        )]));
    };
    let organizations: Vec<i64> = organizations(app, c)
        .await?
        .iter()
        .map(|o| o.id.0)
        .collect();
    let profile = match draft.validate(&organizations) {
        Ok(p) => p,
        Err(errors) => return Ok(Err(errors)),
    };
    let saved = app
        .store()
        .save_coordinator_profile((c.account.user.id, &city), &profile, version, &caller.actor)
        .await?;
    Ok(Ok(saved))
}
