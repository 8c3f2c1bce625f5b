//! Event registrations as the store keeps them: a registration with its history, written in
//! the caller's transaction; a move as a conditional update (`WHERE id AND version AND
//! state`) with its history and audit lines; the arrival in a quota, taken under the quota
//! row's lock so that registrations arriving at once are counted one after another (of 100
//! people registering at once for 30 places, exactly 30 get one, the others wait in the order
//! they arrived); the lottery's draws; the offers past their time and the reminders before
//! the event, each claimed once whichever node asks.

use chrono::{DateTime, Utc};
use renkei_domain::event::registration::{Move, Party, State};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde::Serialize;

use super::{EventId, QuotaId};
use crate::audit::{self, Actor, Change};
use crate::entity::{
    event, event_draw as draw, event_quota as quota, event_registration as reg,
    event_registration_event as history,
};
use crate::history as steps;
use crate::kernel::busy;
use crate::records::{CompanyId, ProductId, Unreadable, found, id_type, known, readable};
use crate::sessions::{digest, random_token};
use crate::tx::Tx;
use crate::users::UserId;
use crate::{Result, Store, StoreError};

id_type!(
    /// An event registration's id.
    EventRegistrationId
);

/// A registration, at one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventRegistrationRecord {
    pub id: EventRegistrationId,
    pub event_id: EventId,
    pub quota_id: QuotaId,
    /// Its number in the order of arrival in its quota (or of the draw).
    pub arrival: i64,
    #[serde(serialize_with = "state_code")]
    pub state: State,
    pub state_since: DateTime<Utc>,
    pub company_id: Option<CompanyId>,
    /// The company's product it is for, if the company said.
    pub product_id: Option<ProductId>,
    pub user_id: Option<UserId>,
    pub name: String,
    pub email: String,
    pub organization: String,
    pub answers: Vec<String>,
    pub first_time: bool,
    pub offer_expires_at: Option<DateTime<Utc>>,
    pub reminded_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn state_code<S: serde::Serializer>(s: &State, ser: S) -> std::result::Result<S::Ok, S::Error> {
    ser.serialize_str(s.code())
}

impl TryFrom<reg::Model> for EventRegistrationRecord {
    type Error = Unreadable;

    fn try_from(m: reg::Model) -> std::result::Result<Self, Unreadable> {
        let state = known(
            "event_registrations",
            m.id,
            "state",
            &m.state,
            State::from_code,
        )?;
        Ok(EventRegistrationRecord {
            id: EventRegistrationId(m.id),
            event_id: EventId(m.event_id),
            quota_id: QuotaId(m.quota_id),
            arrival: m.arrival,
            state,
            state_since: m.state_since,
            company_id: m.company_id.map(CompanyId),
            product_id: m.product_id.map(ProductId),
            user_id: m.user_id.map(UserId),
            name: m.name,
            email: m.email,
            organization: m.organization,
            answers: serde_json::from_str(&m.answers).unwrap_or_default(),
            first_time: m.first_time,
            offer_expires_at: m.offer_expires_at,
            reminded_at: m.reminded_at,
            version: m.version,
            created_at: m.created_at,
            updated_at: m.updated_at,
        })
    }
}

/// A registration as it is made (validated by the caller).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEventRegistration {
    pub event: EventId,
    pub quota: QuotaId,
    pub company: Option<CompanyId>,
    /// The company's product it is for (the caller checked it is the company's).
    pub product: Option<ProductId>,
    pub user: Option<UserId>,
    pub name: String,
    pub email: String,
    pub organization: String,
    pub answers: Vec<String>,
    pub first_time: bool,
}

/// A line of a registration's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRegistrationEvent {
    pub at: DateTime<Utc>,
    pub party: String,
    pub move_code: String,
    pub from_state: String,
    pub to_state: String,
    pub note: String,
    pub actor_label: String,
}

/// A registration's arrival in its quota, counted under the quota's lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arrival {
    /// Its number in the order of arrival.
    pub number: i64,
    pub capacity: i32,
    /// Places held when it arrived.
    pub taken: i64,
}

impl Arrival {
    pub fn place_free(&self) -> bool {
        self.taken < i64::from(self.capacity)
    }
}

/// A lottery's draw as it was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DrawRecord {
    pub seed: u64,
    /// Every entrant's registration id in the draw's order, winners first.
    pub order: Vec<i64>,
    pub winners: i32,
    pub drawn_at: DateTime<Utc>,
    pub actor_label: String,
}

async fn read(
    db: &impl ConnectionTrait,
    id: EventRegistrationId,
) -> Result<EventRegistrationRecord> {
    found(reg::Entity::find_by_id(id.0).one(db).await?)
}

#[allow(clippy::too_many_arguments)]
async fn history_line(
    db: &impl ConnectionTrait,
    id: EventRegistrationId,
    party: Party,
    code: &str,
    (from, to): (State, State),
    note: &str,
    actor: &Actor,
) -> Result<()> {
    let step = steps::Step {
        party: party.code(),
        code,
        from: from.code(),
        to: to.code(),
        note,
    };
    steps::write(db, steps::Table::EventRegistrations, id.0, step, actor).await
}

async fn audit_line(
    db: &impl ConnectionTrait,
    actor: &Actor,
    action: &'static str,
    before: Option<&EventRegistrationRecord>,
    after: &EventRegistrationRecord,
) -> Result<()> {
    let change = Change {
        action,
        city: None,
        object_type: "event_registration",
        object_id: after.id.to_string(),
        before,
        after: Some(after),
    };
    audit::record(db, actor, change).await
}

/// A move's audit action.
fn move_action(m: &Move) -> &'static str {
    match m.code() {
        "place" => "event_registration.place",
        "wait" => "event_registration.wait",
        "ask" => "event_registration.ask",
        "enter" => "event_registration.enter",
        "approve" => "event_registration.approve",
        "decline" => "event_registration.decline",
        "win" => "event_registration.win",
        "lose" => "event_registration.lose",
        "offer" => "event_registration.offer",
        "accept" => "event_registration.accept",
        "lapse" => "event_registration.lapse",
        "cancel" => "event_registration.cancel",
        "check_in" => "event_registration.check_in",
        "no_show" => "event_registration.no_show",
        _ => "event_registration.move",
    }
}

async fn lock_quota(tx: &Tx, q: QuotaId, step: i64) -> Result<Arrival> {
    let txn = tx.conn();
    let locked = quota::Entity::update_many()
        .col_expr(
            quota::Column::Arrivals,
            Expr::col(quota::Column::Arrivals).add(step),
        )
        .filter(quota::Column::Id.eq(q.0))
        .exec(txn)
        .await
        .map_err(busy)?
        .rows_affected;
    if locked != 1 {
        return Err(StoreError::NotFound);
    }
    let row = quota::Entity::find_by_id(q.0)
        .one(txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let holding: Vec<&str> = State::HOLDING.iter().map(|s| s.code()).collect();
    let taken = reg::Entity::find()
        .filter(reg::Column::QuotaId.eq(q.0))
        .filter(reg::Column::State.is_in(holding))
        .count(txn)
        .await? as i64;
    Ok(Arrival {
        number: row.arrivals,
        capacity: row.capacity,
        taken,
    })
}

/// What a move writes besides the state: the arrival number it was placed with, the time an
/// offer waits until.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MoveFields {
    pub arrival: Option<i64>,
    pub offer_expires_at: Option<DateTime<Utc>>,
}

/// How many registrations the public may send from one client address in an hour (each
/// mails a confirmation link: the limit keeps the form from mailing strangers in bulk).
pub const EVENT_REGISTRATIONS_PER_CLIENT_PER_HOUR: u64 = 30;
const ATTEMPT: &str = "event-registration";

impl Store {
    /// Whether the public may send another registration from this client address now.
    pub async fn event_registration_allowed(&self, client: Option<&str>) -> Result<bool> {
        let Some(client) = client else {
            return Ok(true);
        };
        let hour_ago = Utc::now() - chrono::Duration::hours(1);
        let key = format!("client:{client}");
        let sent = self.attempts_since(ATTEMPT, &key, hour_ago).await?;
        Ok(sent < EVENT_REGISTRATIONS_PER_CLIENT_PER_HOUR)
    }

    /// Counts a public registration against its client address, in the caller's transaction.
    pub async fn count_event_registration(&self, tx: &Tx, client: Option<&str>) -> Result<()> {
        if let Some(c) = client {
            crate::sessions::record_attempt(tx.conn(), ATTEMPT, format!("client:{c}"), Utc::now())
                .await?;
        }
        Ok(())
    }

    /// Writes a registration, not yet placed (`unverified`), with its history and audit line,
    /// in the caller's transaction.
    pub async fn insert_event_registration(
        &self,
        tx: &Tx,
        r: &NewEventRegistration,
        actor: &Actor,
    ) -> Result<EventRegistrationRecord> {
        let txn = tx.conn();
        let now = Utc::now();
        let row = reg::ActiveModel {
            event_id: Set(r.event.0),
            quota_id: Set(r.quota.0),
            arrival: Set(0),
            state: Set(State::Unverified.code().to_owned()),
            state_since: Set(now),
            company_id: Set(r.company.map(|c| c.0)),
            product_id: Set(r.product.map(|p| p.0)),
            user_id: Set(r.user.map(|u| u.0)),
            name: Set(r.name.clone()),
            email: Set(r.email.clone()),
            organization: Set(r.organization.clone()),
            answers: Set(serde_json::to_string(&r.answers).unwrap_or_else(|_| "[]".into())),
            first_time: Set(r.first_time),
            // Replaced below by the hashes of the tokens signed for its id.
            token_hash: Set(digest(&random_token())),
            check_in_hash: Set(digest(&random_token())),
            offer_expires_at: Set(None),
            reminded_at: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await
        .map_err(busy)?;
        let (token, code) = self
            .event_registration_tokens(EventRegistrationId(row.id))
            .await?;
        reg::Entity::update_many()
            .col_expr(reg::Column::TokenHash, Expr::value(digest(&token)))
            .col_expr(reg::Column::CheckInHash, Expr::value(digest(&code)))
            .filter(reg::Column::Id.eq(row.id))
            .exec(txn)
            .await
            .map_err(busy)?;
        let record = read(txn, EventRegistrationId(row.id)).await?;
        let states = (State::Unverified, State::Unverified);
        history_line(
            txn,
            record.id,
            Party::Registrant,
            "register",
            states,
            "",
            actor,
        )
        .await?;
        audit_line(txn, actor, "event_registration.register", None, &record).await?;
        Ok(record)
    }

    /// A registration's two tokens: its registrant's link (to confirm, see, accept an offer,
    /// cancel) and its check-in code (the QR code on the confirmation). Signed for its id,
    /// they can be made again for every mail and page; only their hashes are kept.
    pub async fn event_registration_tokens(
        &self,
        id: EventRegistrationId,
    ) -> Result<(String, String)> {
        Ok((
            self.record_token("event-registration", id.0).await?,
            self.record_token("event-check-in", id.0).await?,
        ))
    }

    /// A registration arrives in its quota: the quota's row is locked (registrations arriving
    /// at once wait for one another here), the arrival takes the next number, and the places
    /// held are counted. Call it first in the transaction that places the registration.
    pub async fn arrive(&self, tx: &Tx, q: QuotaId) -> Result<Arrival> {
        lock_quota(tx, q, 1).await
    }

    /// Locks a quota's row (as [`Store::arrive`], taking no number) and counts its places:
    /// what offering a freed place or approving a request starts from.
    pub async fn lock_quota(&self, tx: &Tx, q: QuotaId) -> Result<Arrival> {
        lock_quota(tx, q, 0).await
    }

    /// A registration read in a transaction (what a move starts from).
    pub async fn event_registration_in(
        &self,
        tx: &Tx,
        id: EventRegistrationId,
    ) -> Result<EventRegistrationRecord> {
        read(tx.conn(), id).await
    }

    /// A registration, whoever asks (the caller asks the policy).
    pub async fn event_registration(
        &self,
        id: EventRegistrationId,
    ) -> Result<EventRegistrationRecord> {
        read(&self.db, id).await
    }

    /// Writes a move the rules allowed, from `before` to `to`, with what it carries, its
    /// history line and its audit line; if someone else moved first, `Conflict`.
    #[allow(clippy::too_many_arguments)]
    pub async fn write_event_registration_move(
        &self,
        tx: &Tx,
        before: &EventRegistrationRecord,
        to: State,
        party: Party,
        m: &Move,
        fields: MoveFields,
        actor: &Actor,
    ) -> Result<EventRegistrationRecord> {
        let txn = tx.conn();
        let now = Utc::now();
        let mut update = reg::Entity::update_many()
            .col_expr(reg::Column::State, Expr::value(to.code()))
            .col_expr(reg::Column::Version, Expr::value(before.version + 1))
            .col_expr(reg::Column::StateSince, Expr::value(now))
            .col_expr(reg::Column::UpdatedAt, Expr::value(now))
            .col_expr(
                reg::Column::OfferExpiresAt,
                Expr::value(fields.offer_expires_at),
            );
        if let Some(a) = fields.arrival {
            update = update.col_expr(reg::Column::Arrival, Expr::value(a));
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
        tx.touch_events();
        let note = match m {
            Move::Decline(reason) => reason.as_str(),
            _ => "",
        };
        history_line(
            txn,
            before.id,
            party,
            m.code(),
            (before.state, to),
            note,
            actor,
        )
        .await?;
        let after = read(txn, before.id).await?;
        audit_line(txn, actor, move_action(m), Some(before), &after).await?;
        Ok(after)
    }

    /// Changes a registrant's answers (from the version they saw), audited.
    pub async fn change_event_answers(
        &self,
        before: &EventRegistrationRecord,
        seen_version: i64,
        answers: &[String],
        actor: &Actor,
    ) -> Result<EventRegistrationRecord> {
        let tx = self.begin().await?;
        let txn = tx.conn();
        let changed = reg::Entity::update_many()
            .col_expr(
                reg::Column::Answers,
                Expr::value(serde_json::to_string(answers).unwrap_or_else(|_| "[]".into())),
            )
            .col_expr(reg::Column::Version, Expr::value(seen_version + 1))
            .col_expr(reg::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(reg::Column::Id.eq(before.id.0))
            .filter(reg::Column::Version.eq(seen_version))
            .exec(txn)
            .await
            .map_err(busy)?
            .rows_affected;
        if changed != 1 {
            return Err(StoreError::Conflict);
        }
        let after = read(txn, before.id).await?;
        audit_line(
            txn,
            actor,
            "event_registration.answers",
            Some(before),
            &after,
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// An event's registrations, by quota, then state, then arrival.
    pub async fn event_registrations(&self, e: EventId) -> Result<Vec<EventRegistrationRecord>> {
        let rows = reg::Entity::find()
            .filter(reg::Column::EventId.eq(e.0))
            .order_by_asc(reg::Column::QuotaId)
            .order_by_asc(reg::Column::Arrival)
            .order_by_asc(reg::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// Whether an address (or a company) holds a registration of the event that has not
    /// ended: one may register again only once the last one ended.
    pub async fn event_registered(
        &self,
        e: EventId,
        email: &str,
        company: Option<CompanyId>,
    ) -> Result<bool> {
        let ended: Vec<&str> = State::ALL
            .iter()
            .filter(|s| s.is_end())
            .map(|s| s.code())
            .collect();
        let mut who = sea_orm::Condition::any().add(reg::Column::Email.eq(email));
        if let Some(c) = company {
            who = who.add(reg::Column::CompanyId.eq(c.0));
        }
        let n = reg::Entity::find()
            .filter(reg::Column::EventId.eq(e.0))
            .filter(reg::Column::State.is_not_in(ended))
            .filter(who)
            .count(&self.db)
            .await?;
        Ok(n > 0)
    }

    /// An account's registrations, the newest first.
    pub async fn event_registrations_of_user(
        &self,
        user: UserId,
    ) -> Result<Vec<EventRegistrationRecord>> {
        let rows = reg::Entity::find()
            .filter(reg::Column::UserId.eq(user.0))
            .order_by_desc(reg::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// An event's registrations in one state, in arrival order, read in a transaction.
    pub async fn event_registrations_in_state(
        &self,
        tx: &Tx,
        e: EventId,
        state: State,
    ) -> Result<Vec<EventRegistrationRecord>> {
        let rows = reg::Entity::find()
            .filter(reg::Column::EventId.eq(e.0))
            .filter(reg::Column::State.eq(state.code()))
            .order_by_asc(reg::Column::Arrival)
            .order_by_asc(reg::Column::Id)
            .all(tx.conn())
            .await?;
        Ok(readable(rows))
    }

    /// The first person waiting in a quota, read in a transaction.
    pub async fn first_waiting(
        &self,
        tx: &Tx,
        q: QuotaId,
    ) -> Result<Option<EventRegistrationRecord>> {
        let row = reg::Entity::find()
            .filter(reg::Column::QuotaId.eq(q.0))
            .filter(reg::Column::State.eq(State::Waitlisted.code()))
            .order_by_asc(reg::Column::Arrival)
            .order_by_asc(reg::Column::Id)
            .one(tx.conn())
            .await?;
        Ok(readable(row.into_iter().collect()).into_iter().next())
    }

    /// Someone waiting in a quota (which event it is of), read outside a transaction.
    pub async fn waiting_in_quota(&self, q: QuotaId) -> Result<Option<EventRegistrationRecord>> {
        let row = reg::Entity::find()
            .filter(reg::Column::QuotaId.eq(q.0))
            .filter(reg::Column::State.eq(State::Waitlisted.code()))
            .one(&self.db)
            .await?;
        Ok(readable(row.into_iter().collect()).into_iter().next())
    }

    /// The quotas where someone waits (where a place may have freed), across every event.
    pub async fn quotas_with_waiting(&self) -> Result<Vec<QuotaId>> {
        let rows: Vec<i64> = reg::Entity::find()
            .select_only()
            .column(reg::Column::QuotaId)
            .distinct()
            .filter(reg::Column::State.eq(State::Waitlisted.code()))
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut ids: Vec<QuotaId> = rows.into_iter().map(QuotaId).collect();
        ids.sort();
        ids.dedup();
        Ok(ids)
    }

    /// The offers whose time to confirm has passed.
    pub async fn lapsed_offers(&self, now: DateTime<Utc>) -> Result<Vec<EventRegistrationRecord>> {
        let rows = reg::Entity::find()
            .filter(reg::Column::State.eq(State::Offered.code()))
            .filter(reg::Column::OfferExpiresAt.lt(now))
            .order_by_asc(reg::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// The confirmed registrations of published events starting within `within` of `now`
    /// that were not reminded yet, with the event they are for.
    pub async fn due_event_reminders(
        &self,
        now: DateTime<Utc>,
        within: chrono::Duration,
    ) -> Result<Vec<EventRegistrationRecord>> {
        let mut events = Query::select();
        events
            .column(event::Column::Id)
            .from(event::Entity)
            .and_where(event::Column::Status.eq("published"))
            .and_where(event::Column::StartsAt.gt(now))
            .and_where(event::Column::StartsAt.lte(now + within));
        let rows = reg::Entity::find()
            .filter(reg::Column::EventId.in_subquery(events))
            .filter(reg::Column::State.eq(State::Confirmed.code()))
            .filter(reg::Column::RemindedAt.is_null())
            .order_by_asc(reg::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// Claims a registration's one reminder before the event: true for the one caller that
    /// gets it (several nodes at once send one).
    pub async fn claim_event_reminder(
        &self,
        tx: &Tx,
        r: &EventRegistrationRecord,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        Ok(reg::Entity::update_many()
            .col_expr(reg::Column::RemindedAt, Expr::value(Some(now)))
            .filter(reg::Column::Id.eq(r.id.0))
            .filter(reg::Column::RemindedAt.is_null())
            .exec(tx.conn())
            .await
            .map_err(busy)?
            .rows_affected
            == 1)
    }

    /// The registration of a registrant's link, if the token is one.
    pub async fn event_registration_by_token(
        &self,
        token: &str,
    ) -> Result<Option<EventRegistrationRecord>> {
        self.registration_where(reg::Column::TokenHash, token).await
    }

    /// The registration of a check-in code (its QR code), if the code is one.
    pub async fn event_registration_by_check_in(
        &self,
        code: &str,
    ) -> Result<Option<EventRegistrationRecord>> {
        self.registration_where(reg::Column::CheckInHash, code)
            .await
    }

    async fn registration_where(
        &self,
        column: reg::Column,
        token: &str,
    ) -> Result<Option<EventRegistrationRecord>> {
        let row = reg::Entity::find()
            .filter(column.eq(digest(token)))
            .one(&self.db)
            .await?;
        Ok(readable(row.into_iter().collect()).into_iter().next())
    }

    /// Whether a company (or, for the public, an address) attended an event of this
    /// organising city before: a first-time participant has not.
    pub async fn attended_before(
        &self,
        city: &renkei_domain::city::CityCode,
        company: Option<CompanyId>,
        email: &str,
    ) -> Result<bool> {
        let mut events = Query::select();
        events
            .column(event::Column::Id)
            .from(event::Entity)
            .and_where(event::Column::CityCode.eq(city.to_string()));
        let mut q = reg::Entity::find()
            .filter(reg::Column::EventId.in_subquery(events))
            .filter(reg::Column::State.eq(State::Attended.code()));
        q = match company {
            Some(c) => q.filter(reg::Column::CompanyId.eq(c.0)),
            None => q.filter(reg::Column::Email.eq(email)),
        };
        Ok(q.count(&self.db).await? > 0)
    }

    /// Records a lottery's draw (the seed and the order), in the caller's transaction.
    pub async fn insert_draw(
        &self,
        tx: &Tx,
        e: EventId,
        seed: u64,
        order: &[i64],
        winners: usize,
        actor: &Actor,
    ) -> Result<()> {
        draw::ActiveModel {
            event_id: Set(e.0),
            seed: Set(seed as i64),
            draw_order: Set(serde_json::to_string(order).unwrap_or_else(|_| "[]".into())),
            winners: Set(winners as i32),
            drawn_at: Set(Utc::now()),
            actor_id: Set(actor.id),
            actor_label: Set(actor.label.clone()),
            ..Default::default()
        }
        .insert(tx.conn())
        .await?;
        Ok(())
    }

    /// An event's draws, the first first.
    pub async fn draws(&self, e: EventId) -> Result<Vec<DrawRecord>> {
        Ok(draw::Entity::find()
            .filter(draw::Column::EventId.eq(e.0))
            .order_by_asc(draw::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|d| DrawRecord {
                seed: d.seed as u64,
                order: serde_json::from_str(&d.draw_order).unwrap_or_default(),
                winners: d.winners,
                drawn_at: d.drawn_at,
                actor_label: d.actor_label,
            })
            .collect())
    }

    /// A registration's history, oldest first.
    pub async fn event_registration_history(
        &self,
        id: EventRegistrationId,
    ) -> Result<Vec<EventRegistrationEvent>> {
        Ok(history::Entity::find()
            .filter(history::Column::RegistrationId.eq(id.0))
            .order_by_asc(history::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|e| EventRegistrationEvent {
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
}
