//! Inter-city referrals (第3章) as the store keeps them: the referral's row and its
//! history, the targets introduced and their answers, the company's sales activity,
//! feedback, and each city's expected times and reminders. The rules are
//! `renkei_domain::referral`'s (a workflow of `renkei_domain::workflow`); the use cases that
//! run a move with its side effects and notifications are `renkei_app::referrals`'. This
//! module keeps them atomic and knows nothing of mail or parties' words.
//!
//! - `moves`: ① selection and every move as one conditional update with its history and
//!   audit line; the dossier's grant and its revocation; closing targets' links.
//! - `answers`: ⑤ targets, one-time links and answers.
//! - `activity`: ⑧ sales activity and feedback.
//! - `deadlines`: expected times, overdue steps, the claim of a reminder.
//! - `preparations`: ① and ④ prepared for an officer's approval.
//! - `records`: the typed records these hand out, read once from the rows.

mod activity;
mod answers;
mod deadlines;
mod moves;
mod preparations;
mod records;

pub(crate) use crate::records::readable;
pub use answers::Answered;
pub use preparations::{
    PreparationEvent, PreparationId, PreparationRecord, PreparationWrite, Preparing,
};
pub use records::{
    ActivityRecord, CompanyId, FeedbackRecord, NotificationRecord, ProductId, ReferralEventRecord,
    ReferralId, ReferralRecord, ReferralTargetRecord,
};

use chrono::{DateTime, Duration, Utc};
use renkei_domain::access::ListScope;
use renkei_domain::city::CityCode;
use renkei_domain::organization::Help;
use renkei_domain::referral::{Party, Refusal, State};
use renkei_domain::target::TargetKind;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::audit::{self, Actor, Change};
use crate::entity::{referral, referral_event};
use crate::{Page, PageRequest, Result, Store, StoreError};

/// The company's consent, as it is kept: what, for which purpose, in which wording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consent {
    pub kinds: Vec<TargetKind>,
    pub items: String,
    pub purpose: String,
    pub wording: String,
    pub wording_version: String,
}

/// What a list of referrals holds, within the caller's scope.
#[derive(Debug, Clone, Default)]
pub struct ReferralQuery {
    pub state: Option<State>,
    /// Either end of the referral.
    pub city: Option<CityCode>,
    pub product: Option<ProductId>,
}

/// A referral whose waiting step has taken longer than its city expects.
#[derive(Debug, Clone)]
pub struct Overdue {
    pub referral: ReferralRecord,
    pub waiting_on: Party,
    pub due: DateTime<Utc>,
}

/// Why a target's one-time link cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetLinkError {
    Unknown,
    Expired,
    /// The target has answered (the link is used).
    Answered,
    /// The referral has moved past the targets' answers, or ended.
    Closed,
}

/// How long a target's link works.
pub const TARGET_LINK_VALID: Duration = Duration::days(30);

/// The purpose of the dossier's grant, which also finds it again to revoke it.
fn grant_purpose(id: ReferralId) -> String {
    format!("販路開拓連携 紹介#{id}:")
}

/// A referral's row, read (one this version cannot read is not found).
async fn find(db: &impl ConnectionTrait, id: ReferralId) -> Result<ReferralRecord> {
    read(referral::Entity::find_by_id(id.0).one(db).await?)
}

fn read(row: Option<referral::Model>) -> Result<ReferralRecord> {
    let row = row.ok_or(StoreError::NotFound)?;
    ReferralRecord::try_from(row).map_err(|e| {
        e.warn();
        StoreError::NotFound
    })
}

/// A history line. `from`: `None` for the selection.
async fn event(
    db: &impl ConnectionTrait,
    id: ReferralId,
    party: Party,
    move_code: &str,
    states: (Option<State>, State),
    note: &str,
    actor: &Actor,
) -> Result<()> {
    let help = Help::default();
    helped_event(db, id, party, move_code, states, note, help, actor).await
}

/// A history line naming who helped (① and ④).
#[allow(clippy::too_many_arguments)]
async fn helped_event(
    db: &impl ConnectionTrait,
    id: ReferralId,
    party: Party,
    move_code: &str,
    (from, to): (Option<State>, State),
    note: &str,
    help: Help,
    actor: &Actor,
) -> Result<()> {
    referral_event::ActiveModel {
        referral_id: Set(id.0),
        at: Set(Utc::now()),
        party: Set(party.code().to_owned()),
        move_code: Set(move_code.to_owned()),
        from_state: Set(from.map_or("", State::code).to_owned()),
        to_state: Set(to.code().to_owned()),
        note: Set(note.to_owned()),
        actor_id: Set(actor.id),
        actor_label: Set(actor.label.clone()),
        helped_organization_id: Set(help.organization),
        helped_coordinator_id: Set(help.coordinator),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

async fn audit_referral(
    db: &impl ConnectionTrait,
    actor: &Actor,
    action: &'static str,
    city: &CityCode,
    before: Option<&ReferralRecord>,
    after: &ReferralRecord,
) -> Result<()> {
    let change = Change {
        action,
        city: Some(city),
        object_type: "referral",
        object_id: after.id.to_string(),
        before,
        after: Some(after),
    };
    audit::record(db, actor, change).await
}

impl Store {
    /// A referral (`None` if there is none, or this version cannot read it).
    pub async fn referral(&self, id: ReferralId) -> Result<Option<ReferralRecord>> {
        match read(referral::Entity::find_by_id(id.0).one(&self.db).await?) {
            Ok(r) => Ok(Some(r)),
            Err(StoreError::NotFound) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The cities a referral's dossier is granted to now (its receiving city, from the moment
    /// it was sent until it is withdrawn).
    pub async fn referral_shared_with(&self, r: &ReferralRecord) -> Result<Vec<CityCode>> {
        self.shared_with("referral", &r.id.to_string()).await
    }

    /// One page of the referrals a scope holds: a city's sent and received ones (received
    /// ones once sent, and not once withdrawn), a company's own; newest first. (A row this
    /// version cannot read is left out of its page, though counted in `total`.)
    pub async fn referrals(
        &self,
        scope: &ListScope,
        q: &ReferralQuery,
        page: PageRequest,
    ) -> Result<Page<ReferralRecord>> {
        let mut query = referral::Entity::find();
        if !scope.all {
            let cities: Vec<String> = scope.cities.iter().map(ToString::to_string).collect();
            query = query.filter(
                Condition::any()
                    .add(referral::Column::SendingCity.is_in(cities.clone()))
                    .add(
                        Condition::all()
                            .add(referral::Column::ReceivingCity.is_in(cities))
                            .add(referral::Column::SentAt.is_not_null())
                            .add(referral::Column::State.ne(State::Withdrawn.code())),
                    )
                    .add(referral::Column::CompanyId.is_in(scope.companies.clone())),
            );
        }
        if let Some(state) = q.state {
            query = query.filter(referral::Column::State.eq(state.code()));
        }
        if let Some(city) = &q.city {
            let city = city.to_string();
            query = query.filter(
                Condition::any()
                    .add(referral::Column::SendingCity.eq(city.clone()))
                    .add(referral::Column::ReceivingCity.eq(city)),
            );
        }
        if let Some(p) = q.product {
            query = query.filter(referral::Column::ProductId.eq(p.0));
        }
        let total = query.clone().count(&self.db).await?;
        let items = query
            .order_by_desc(referral::Column::UpdatedAt)
            .order_by_desc(referral::Column::Id)
            .offset((page.page - 1) * page.per_page)
            .limit(page.per_page)
            .all(&self.db)
            .await?;
        Ok(Page {
            items: readable(items),
            total,
            page: page.page,
            per_page: page.per_page,
        })
    }

    /// A referral's history, oldest first.
    pub async fn referral_events(&self, id: ReferralId) -> Result<Vec<ReferralEventRecord>> {
        let rows = referral_event::Entity::find()
            .filter(referral_event::Column::ReferralId.eq(id.0))
            .order_by_asc(referral_event::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }
}

/// A conditional write that SQLite refuses because another connection committed since this
/// transaction read (its snapshot is stale: `SQLITE_BUSY`): someone else moved first, which is
/// what a conflict is. PostgreSQL waits for the other transaction and then finds no row to
/// change, which is answered the same way.
fn conflict_if_busy(e: sea_orm::DbErr) -> StoreError {
    if e.to_string().contains("database is locked") {
        StoreError::Conflict
    } else {
        StoreError::Db(e)
    }
}

/// A row a unique index refuses (two people adding the same at once): the duplicate the
/// caller checked for, not a failure.
fn duplicate_if_unique(e: sea_orm::DbErr, field: &'static str) -> StoreError {
    let text = e.to_string();
    if text.contains("UNIQUE constraint") || text.contains("duplicate key") {
        StoreError::Duplicate(field)
    } else {
        StoreError::Db(e)
    }
}

/// Why a step that belongs to `state`'s neighbours cannot be taken now.
fn refusal_in(state: State) -> Refusal {
    if state.is_end() {
        Refusal::Ended(state)
    } else {
        Refusal::NotNow
    }
}
