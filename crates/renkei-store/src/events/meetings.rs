//! The 商談会's matchmaking as the store keeps it: an event's set-up, its participants with
//! their profiles, the meeting requests (a move as a conditional update with its history and
//! audit lines), the meetings placed (the scheduler's, replaced at each run, and those the
//! organiser locked by hand) and the outcomes, every answer kept with its time. No words and
//! no mail: the callers compose them.

use chrono::{DateTime, Utc};
use renkei_domain::event::meeting::{Asked, Mode, Outcome, Party, Profile, Setup, Side, State};
use renkei_domain::product::ProductStatus;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::Serialize;

use super::{EventId, EventRegistrationId};
use crate::audit::{self, Actor, Change};
use crate::entity::event_meeting::{meeting, outcome, participant, request, setup};
use crate::entity::{event, product};
use crate::history as steps;
use crate::kernel::busy;
use crate::records::{CompanyId, Unreadable, found, id_type, known, readable};
use crate::tx::Tx;
use crate::{Result, Store, StoreError};

id_type!(
    /// A 商談会 participant's id.
    ParticipantId
);
id_type!(
    /// A meeting request's id.
    MeetingRequestId
);

/// An event's matchmaking set-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeetingSetupRecord {
    pub event_id: EventId,
    pub slots: i32,
    pub slot_minutes: i32,
    pub first_slot_at: DateTime<Utc>,
    pub tables: i32,
    #[serde(serialize_with = "mode_code")]
    pub mode: Mode,
    pub follow_up_months: i32,
    /// The agenda is final (otherwise preliminary).
    pub final_agenda: bool,
    pub scheduled_at: Option<DateTime<Utc>>,
    pub version: i64,
}

fn mode_code<S: serde::Serializer>(m: &Mode, ser: S) -> std::result::Result<S::Ok, S::Error> {
    ser.serialize_str(m.code())
}

fn side_code<S: serde::Serializer>(m: &Side, ser: S) -> std::result::Result<S::Ok, S::Error> {
    ser.serialize_str(m.code())
}

fn state_code<S: serde::Serializer>(m: &State, ser: S) -> std::result::Result<S::Ok, S::Error> {
    ser.serialize_str(m.code())
}

impl MeetingSetupRecord {
    /// The set-up as the domain's rules take it.
    pub fn setup(&self) -> Setup {
        Setup {
            slots: self.slots,
            slot_minutes: self.slot_minutes,
            first_slot_at: self.first_slot_at,
            tables: self.tables,
            mode: self.mode,
            follow_up_months: self.follow_up_months,
        }
    }
}

impl TryFrom<setup::Model> for MeetingSetupRecord {
    type Error = Unreadable;

    fn try_from(m: setup::Model) -> std::result::Result<Self, Unreadable> {
        let mode = known(
            "event_meeting_setups",
            m.event_id,
            "mode",
            &m.mode,
            Mode::from_code,
        )?;
        Ok(MeetingSetupRecord {
            event_id: EventId(m.event_id),
            slots: m.slots,
            slot_minutes: m.slot_minutes,
            first_slot_at: m.first_slot_at,
            tables: m.tables,
            mode,
            follow_up_months: m.follow_up_months,
            final_agenda: m.final_agenda,
            scheduled_at: m.scheduled_at,
            version: m.version,
        })
    }
}

/// A buyer or a seller of an event, with their profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParticipantRecord {
    pub id: ParticipantId,
    pub event_id: EventId,
    #[serde(serialize_with = "side_code")]
    pub side: Side,
    pub company_id: Option<CompanyId>,
    pub sales_target_id: Option<i64>,
    pub registration_id: Option<EventRegistrationId>,
    pub name: String,
    pub profile: String,
    pub max_meetings: i32,
    pub available: Vec<bool>,
    pub products: Vec<i64>,
    pub version: i64,
}

impl TryFrom<participant::Model> for ParticipantRecord {
    type Error = Unreadable;

    fn try_from(m: participant::Model) -> std::result::Result<Self, Unreadable> {
        let side = known(
            "event_meeting_participants",
            m.id,
            "side",
            &m.side,
            Side::from_code,
        )?;
        Ok(ParticipantRecord {
            id: ParticipantId(m.id),
            event_id: EventId(m.event_id),
            side,
            company_id: m.company_id.map(CompanyId),
            sales_target_id: m.sales_target_id,
            registration_id: m.registration_id.map(EventRegistrationId),
            name: m.name,
            profile: m.profile,
            max_meetings: m.max_meetings,
            available: serde_json::from_str(&m.available).unwrap_or_default(),
            products: serde_json::from_str(&m.products).unwrap_or_default(),
            version: m.version,
        })
    }
}

/// A participant as they are added (validated by the caller).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewParticipant {
    pub event: EventId,
    pub side: Side,
    pub company: Option<CompanyId>,
    pub sales_target: Option<i64>,
    pub registration: Option<EventRegistrationId>,
    pub name: String,
    pub profile: Profile,
    pub products: Vec<i64>,
}

/// A meeting request, at one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeetingRequestRecord {
    pub id: MeetingRequestId,
    pub event_id: EventId,
    pub buyer_id: ParticipantId,
    pub seller_id: ParticipantId,
    /// `buyer`, `seller` or `organiser`.
    pub requested_by: String,
    pub priority: i32,
    #[serde(serialize_with = "state_code")]
    pub state: State,
    pub state_since: DateTime<Utc>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
}

impl TryFrom<request::Model> for MeetingRequestRecord {
    type Error = Unreadable;

    fn try_from(m: request::Model) -> std::result::Result<Self, Unreadable> {
        let state = known(
            "event_meeting_requests",
            m.id,
            "state",
            &m.state,
            State::from_code,
        )?;
        Ok(MeetingRequestRecord {
            id: MeetingRequestId(m.id),
            event_id: EventId(m.event_id),
            buyer_id: ParticipantId(m.buyer_id),
            seller_id: ParticipantId(m.seller_id),
            requested_by: m.requested_by,
            priority: m.priority,
            state,
            state_since: m.state_since,
            version: m.version,
            created_at: m.created_at,
        })
    }
}

/// A request's meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MeetingRecord {
    pub request_id: MeetingRequestId,
    pub slot: i32,
    pub table_no: i32,
    /// Placed by hand: the scheduler keeps it.
    pub locked: bool,
}

/// A meeting's outcome as it was given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutcomeRecord {
    pub request_id: MeetingRequestId,
    #[serde(serialize_with = "asked_code")]
    pub asked: Asked,
    #[serde(serialize_with = "outcome_code")]
    pub outcome: Outcome,
    /// `buyer`, `seller` or `organiser`.
    pub given_by: String,
    pub note: String,
    pub at: DateTime<Utc>,
    pub actor_label: String,
}

fn asked_code<S: serde::Serializer>(m: &Asked, ser: S) -> std::result::Result<S::Ok, S::Error> {
    ser.serialize_str(m.code())
}

fn outcome_code<S: serde::Serializer>(m: &Outcome, ser: S) -> std::result::Result<S::Ok, S::Error> {
    ser.serialize_str(m.code())
}

async fn audit_line<T: Serialize>(
    db: &impl ConnectionTrait,
    actor: &Actor,
    (action, object_type, object_id): (&'static str, &'static str, String),
    before: Option<&T>,
    after: Option<&T>,
) -> Result<()> {
    let change = Change {
        action,
        city: None,
        object_type,
        object_id,
        before,
        after,
    };
    audit::record(db, actor, change).await
}

async fn read_request(
    db: &impl ConnectionTrait,
    id: MeetingRequestId,
) -> Result<MeetingRequestRecord> {
    found(request::Entity::find_by_id(id.0).one(db).await?)
}

#[allow(clippy::too_many_arguments)]
async fn history_line(
    db: &impl ConnectionTrait,
    id: MeetingRequestId,
    party: &str,
    code: &str,
    (from, to): (State, State),
    actor: &Actor,
) -> Result<()> {
    let step = steps::Step {
        party,
        code,
        from: from.code(),
        to: to.code(),
        note: "",
    };
    steps::write(db, steps::Table::MeetingRequests, id.0, step, actor).await
}

fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

impl Store {
    /// An event's matchmaking set-up, if the organiser wrote one.
    pub async fn meeting_setup(&self, e: EventId) -> Result<Option<MeetingSetupRecord>> {
        let row = setup::Entity::find_by_id(e.0).one(&self.db).await?;
        Ok(row.and_then(|m| MeetingSetupRecord::try_from(m).ok()))
    }

    /// Writes an event's set-up (new, or from the version the organiser saw), audited.
    pub async fn save_meeting_setup(
        &self,
        e: EventId,
        seen_version: i64,
        s: &Setup,
        actor: &Actor,
    ) -> Result<MeetingSetupRecord> {
        let tx = self.begin().await?;
        let txn = tx.conn();
        let now = Utc::now();
        let before = setup::Entity::find_by_id(e.0)
            .one(txn)
            .await?
            .and_then(|m| MeetingSetupRecord::try_from(m).ok());
        match &before {
            None => {
                setup::ActiveModel {
                    event_id: Set(e.0),
                    slots: Set(s.slots),
                    slot_minutes: Set(s.slot_minutes),
                    first_slot_at: Set(s.first_slot_at),
                    tables: Set(s.tables),
                    mode: Set(s.mode.code().to_owned()),
                    follow_up_months: Set(s.follow_up_months),
                    final_agenda: Set(false),
                    scheduled_at: Set(None),
                    version: Set(1),
                    created_at: Set(now),
                    updated_at: Set(now),
                }
                .insert(txn)
                .await
                .map_err(busy)?;
            }
            Some(_) => {
                let changed = setup::Entity::update_many()
                    .col_expr(setup::Column::Slots, Expr::value(s.slots))
                    .col_expr(setup::Column::SlotMinutes, Expr::value(s.slot_minutes))
                    .col_expr(setup::Column::FirstSlotAt, Expr::value(s.first_slot_at))
                    .col_expr(setup::Column::Tables, Expr::value(s.tables))
                    .col_expr(setup::Column::Mode, Expr::value(s.mode.code()))
                    .col_expr(
                        setup::Column::FollowUpMonths,
                        Expr::value(s.follow_up_months),
                    )
                    .col_expr(setup::Column::Version, Expr::value(seen_version + 1))
                    .col_expr(setup::Column::UpdatedAt, Expr::value(now))
                    .filter(setup::Column::EventId.eq(e.0))
                    .filter(setup::Column::Version.eq(seen_version))
                    .exec(txn)
                    .await
                    .map_err(busy)?
                    .rows_affected;
                if changed != 1 {
                    return Err(StoreError::Conflict);
                }
            }
        }
        let after: MeetingSetupRecord = found(setup::Entity::find_by_id(e.0).one(txn).await?)?;
        let what = ("meeting_setup.save", "meeting_setup", e.to_string());
        audit_line(txn, actor, what, before.as_ref(), Some(&after)).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Marks an event's agenda final (or preliminary again), audited.
    pub async fn set_final_agenda(
        &self,
        e: EventId,
        final_agenda: bool,
        actor: &Actor,
    ) -> Result<MeetingSetupRecord> {
        let tx = self.begin().await?;
        let txn = tx.conn();
        let before: MeetingSetupRecord = found(setup::Entity::find_by_id(e.0).one(txn).await?)?;
        setup::Entity::update_many()
            .col_expr(setup::Column::FinalAgenda, Expr::value(final_agenda))
            .col_expr(setup::Column::Version, Expr::value(before.version + 1))
            .col_expr(setup::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(setup::Column::EventId.eq(e.0))
            .exec(txn)
            .await
            .map_err(busy)?;
        let after: MeetingSetupRecord = found(setup::Entity::find_by_id(e.0).one(txn).await?)?;
        let what = ("meeting_setup.agenda", "meeting_setup", e.to_string());
        audit_line(txn, actor, what, Some(&before), Some(&after)).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// An event's participants, buyers first, in the order they were added.
    pub async fn meeting_participants(&self, e: EventId) -> Result<Vec<ParticipantRecord>> {
        let rows = participant::Entity::find()
            .filter(participant::Column::EventId.eq(e.0))
            .order_by_asc(participant::Column::Side)
            .order_by_asc(participant::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// The participants of an event among `ids` (those of another event, or none, left out).
    pub async fn meeting_participants_among(
        &self,
        e: EventId,
        ids: &[ParticipantId],
    ) -> Result<Vec<ParticipantRecord>> {
        let rows = participant::Entity::find()
            .filter(participant::Column::EventId.eq(e.0))
            .filter(participant::Column::Id.is_in(ids.iter().map(|p| p.0)))
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// One participant.
    pub async fn meeting_participant(&self, id: ParticipantId) -> Result<ParticipantRecord> {
        found(participant::Entity::find_by_id(id.0).one(&self.db).await?)
    }

    /// Adds a participant with their profile, audited.
    pub async fn insert_meeting_participant(
        &self,
        p: &NewParticipant,
        actor: &Actor,
    ) -> Result<ParticipantRecord> {
        let tx = self.begin().await?;
        let txn = tx.conn();
        let now = Utc::now();
        let row = participant::ActiveModel {
            event_id: Set(p.event.0),
            side: Set(p.side.code().to_owned()),
            company_id: Set(p.company.map(|c| c.0)),
            sales_target_id: Set(p.sales_target),
            registration_id: Set(p.registration.map(|r| r.0)),
            name: Set(p.name.clone()),
            profile: Set(p.profile.text.clone()),
            max_meetings: Set(p.profile.max_meetings),
            available: Set(json(&p.profile.available)),
            products: Set(json(&p.products)),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await
        .map_err(busy)?;
        let after: ParticipantRecord = found(Some(row))?;
        let what = (
            "meeting_participant.add",
            "meeting_participant",
            after.id.to_string(),
        );
        audit_line(txn, actor, what, None, Some(&after)).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Changes a participant's profile (from the version seen), audited.
    pub async fn update_meeting_profile(
        &self,
        before: &ParticipantRecord,
        seen_version: i64,
        profile: &Profile,
        products: &[i64],
        actor: &Actor,
    ) -> Result<ParticipantRecord> {
        let tx = self.begin().await?;
        let txn = tx.conn();
        let changed = participant::Entity::update_many()
            .col_expr(participant::Column::Profile, Expr::value(&profile.text))
            .col_expr(
                participant::Column::MaxMeetings,
                Expr::value(profile.max_meetings),
            )
            .col_expr(
                participant::Column::Available,
                Expr::value(json(&profile.available)),
            )
            .col_expr(participant::Column::Products, Expr::value(json(&products)))
            .col_expr(participant::Column::Version, Expr::value(seen_version + 1))
            .col_expr(participant::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(participant::Column::Id.eq(before.id.0))
            .filter(participant::Column::Version.eq(seen_version))
            .exec(txn)
            .await
            .map_err(busy)?
            .rows_affected;
        if changed != 1 {
            return Err(StoreError::Conflict);
        }
        let after: ParticipantRecord = found(
            participant::Entity::find_by_id(before.id.0)
                .one(txn)
                .await?,
        )?;
        let what = (
            "meeting_participant.profile",
            "meeting_participant",
            after.id.to_string(),
        );
        audit_line(txn, actor, what, Some(before), Some(&after)).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// An event's meeting requests, in the order they were made.
    pub async fn meeting_requests(&self, e: EventId) -> Result<Vec<MeetingRequestRecord>> {
        let rows = request::Entity::find()
            .filter(request::Column::EventId.eq(e.0))
            .order_by_asc(request::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// An event's meeting requests between a buyer and a seller, in the order they were made.
    pub async fn meeting_requests_between(
        &self,
        e: EventId,
        (buyer, seller): (ParticipantId, ParticipantId),
    ) -> Result<Vec<MeetingRequestRecord>> {
        let rows = request::Entity::find()
            .filter(request::Column::EventId.eq(e.0))
            .filter(request::Column::BuyerId.eq(buyer.0))
            .filter(request::Column::SellerId.eq(seller.0))
            .order_by_asc(request::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// One meeting request.
    pub async fn meeting_request(&self, id: MeetingRequestId) -> Result<MeetingRequestRecord> {
        read_request(&self.db, id).await
    }

    /// A meeting request read in a transaction (what a move starts from).
    pub async fn meeting_request_in(
        &self,
        tx: &Tx,
        id: MeetingRequestId,
    ) -> Result<MeetingRequestRecord> {
        read_request(tx.conn(), id).await
    }

    /// Writes a request (requested, or accepted when the organiser arranges it) with its
    /// history and audit lines, in the caller's transaction.
    #[allow(clippy::too_many_arguments)]
    pub async fn insert_meeting_request(
        &self,
        tx: &Tx,
        e: EventId,
        (buyer, seller): (ParticipantId, ParticipantId),
        requested_by: &str,
        priority: i32,
        state: State,
        actor: &Actor,
    ) -> Result<MeetingRequestRecord> {
        let txn = tx.conn();
        let now = Utc::now();
        let row = request::ActiveModel {
            event_id: Set(e.0),
            buyer_id: Set(buyer.0),
            seller_id: Set(seller.0),
            requested_by: Set(requested_by.to_owned()),
            priority: Set(priority),
            state: Set(state.code().to_owned()),
            state_since: Set(now),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await
        .map_err(busy)?;
        let after: MeetingRequestRecord = found(Some(row))?;
        let code = if state == State::Accepted {
            "arrange"
        } else {
            "request"
        };
        history_line(txn, after.id, requested_by, code, (state, state), actor).await?;
        let what = (
            "meeting_request.request",
            "meeting_request",
            after.id.to_string(),
        );
        audit_line(txn, actor, what, None, Some(&after)).await?;
        Ok(after)
    }

    /// Writes a move the rules allowed, with its history and audit lines; if someone else
    /// moved first, `Conflict`.
    pub async fn write_meeting_request_move(
        &self,
        tx: &Tx,
        before: &MeetingRequestRecord,
        to: State,
        party: Party,
        move_code: &str,
        actor: &Actor,
    ) -> Result<MeetingRequestRecord> {
        let txn = tx.conn();
        let now = Utc::now();
        let moved = request::Entity::update_many()
            .col_expr(request::Column::State, Expr::value(to.code()))
            .col_expr(request::Column::Version, Expr::value(before.version + 1))
            .col_expr(request::Column::StateSince, Expr::value(now))
            .col_expr(request::Column::UpdatedAt, Expr::value(now))
            .filter(request::Column::Id.eq(before.id.0))
            .filter(request::Column::Version.eq(before.version))
            .filter(request::Column::State.eq(before.state.code()))
            .exec(txn)
            .await
            .map_err(busy)?
            .rows_affected;
        if moved != 1 {
            return Err(StoreError::Conflict);
        }
        history_line(
            txn,
            before.id,
            party.code(),
            move_code,
            (before.state, to),
            actor,
        )
        .await?;
        if to.is_end() {
            meeting::Entity::delete_many()
                .filter(meeting::Column::RequestId.eq(before.id.0))
                .exec(txn)
                .await?;
        }
        let after = read_request(txn, before.id).await?;
        let action = match move_code {
            "accept" => "meeting_request.accept",
            "decline" => "meeting_request.decline",
            _ => "meeting_request.withdraw",
        };
        let what = (action, "meeting_request", after.id.to_string());
        audit_line(txn, actor, what, Some(before), Some(&after)).await?;
        Ok(after)
    }

    /// An event's meetings, by slot and table.
    pub async fn meetings(&self, e: EventId) -> Result<Vec<MeetingRecord>> {
        let rows = meeting::Entity::find()
            .filter(meeting::Column::EventId.eq(e.0))
            .order_by_asc(meeting::Column::Slot)
            .order_by_asc(meeting::Column::TableNo)
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .map(|m| MeetingRecord {
                request_id: MeetingRequestId(m.request_id),
                slot: m.slot,
                table_no: m.table_no,
                locked: m.locked,
            })
            .collect())
    }

    /// Replaces an event's meetings with a schedule's (the locked ones among them as they
    /// were), notes when it ran, audited: all of it or nothing.
    pub async fn replace_meetings(
        &self,
        e: EventId,
        meetings: &[MeetingRecord],
        unplaced: usize,
        actor: &Actor,
    ) -> Result<()> {
        let tx = self.begin().await?;
        let txn = tx.conn();
        let now = Utc::now();
        meeting::Entity::delete_many()
            .filter(meeting::Column::EventId.eq(e.0))
            .exec(txn)
            .await
            .map_err(busy)?;
        for m in meetings {
            meeting::ActiveModel {
                event_id: Set(e.0),
                request_id: Set(m.request_id.0),
                slot: Set(m.slot),
                table_no: Set(m.table_no),
                locked: Set(m.locked),
                asked_at: Set(None),
                followed_up_at: Set(None),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await
            .map_err(busy)?;
        }
        setup::Entity::update_many()
            .col_expr(setup::Column::ScheduledAt, Expr::value(now))
            .filter(setup::Column::EventId.eq(e.0))
            .exec(txn)
            .await?;
        let summary = serde_json::json!({ "meetings": meetings, "unplaced": unplaced });
        let what = ("meeting.schedule", "event", e.to_string());
        audit_line(txn, actor, what, None, Some(&summary)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Places a request's meeting by hand (locked: the scheduler keeps it), or takes the
    /// lock off (`slot` none: the meeting stays where it is, for the scheduler to move),
    /// audited.
    pub async fn lock_meeting(
        &self,
        e: EventId,
        r: MeetingRequestId,
        place: Option<(i32, i32)>,
        actor: &Actor,
    ) -> Result<()> {
        let tx = self.begin().await?;
        let txn = tx.conn();
        let before = meeting::Entity::find()
            .filter(meeting::Column::RequestId.eq(r.0))
            .one(txn)
            .await?;
        match place {
            Some((slot, table_no)) => {
                meeting::Entity::delete_many()
                    .filter(meeting::Column::RequestId.eq(r.0))
                    .exec(txn)
                    .await
                    .map_err(busy)?;
                meeting::ActiveModel {
                    event_id: Set(e.0),
                    request_id: Set(r.0),
                    slot: Set(slot),
                    table_no: Set(table_no),
                    locked: Set(true),
                    asked_at: Set(None),
                    followed_up_at: Set(None),
                    created_at: Set(Utc::now()),
                    ..Default::default()
                }
                .insert(txn)
                .await
                .map_err(busy)?;
            }
            None => {
                meeting::Entity::update_many()
                    .col_expr(meeting::Column::Locked, Expr::value(false))
                    .filter(meeting::Column::RequestId.eq(r.0))
                    .exec(txn)
                    .await
                    .map_err(busy)?;
            }
        }
        let after = meeting::Entity::find()
            .filter(meeting::Column::RequestId.eq(r.0))
            .one(txn)
            .await?;
        let action = if place.is_some() {
            "meeting.lock"
        } else {
            "meeting.unlock"
        };
        let what = (action, "meeting_request", r.to_string());
        audit_line(txn, actor, what, before.as_ref(), after.as_ref()).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records a meeting's outcome as given (every answer is kept), audited.
    pub async fn record_meeting_outcome(
        &self,
        r: MeetingRequestId,
        (asked, outcome): (Asked, Outcome),
        given_by: &str,
        note: &str,
        actor: &Actor,
    ) -> Result<OutcomeRecord> {
        let tx = self.begin().await?;
        let txn = tx.conn();
        let row = outcome::ActiveModel {
            request_id: Set(r.0),
            asked: Set(asked.code().to_owned()),
            outcome: Set(outcome.code().to_owned()),
            given_by: Set(given_by.to_owned()),
            note: Set(note.to_owned()),
            at: Set(Utc::now()),
            actor_id: Set(actor.id),
            actor_label: Set(actor.label.clone()),
            ..Default::default()
        }
        .insert(txn)
        .await
        .map_err(busy)?;
        let after = outcome_of(row).ok_or(StoreError::NotFound)?;
        let what = ("meeting.outcome", "meeting_request", r.to_string());
        audit_line(txn, actor, what, None, Some(&after)).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// The outcomes given for an event's meetings, oldest first.
    pub async fn meeting_outcomes(&self, e: EventId) -> Result<Vec<OutcomeRecord>> {
        let ids: Vec<i64> = self
            .meeting_requests(e)
            .await?
            .iter()
            .map(|r| r.id.0)
            .collect();
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows = outcome::Entity::find()
            .filter(outcome::Column::RequestId.is_in(ids))
            .order_by_asc(outcome::Column::Id)
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().filter_map(outcome_of).collect())
    }

    /// The meetings whose outcome has not yet been asked again months later, each with its
    /// event and whether it was asked right after: what the outcome's asking looks through.
    pub async fn meetings_to_follow_up(&self) -> Result<Vec<(EventId, MeetingRecord, bool)>> {
        let rows = meeting::Entity::find()
            .filter(meeting::Column::FollowedUpAt.is_null())
            .order_by_asc(meeting::Column::Id)
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .map(|m| {
                let record = MeetingRecord {
                    request_id: MeetingRequestId(m.request_id),
                    slot: m.slot,
                    table_no: m.table_no,
                    locked: m.locked,
                };
                (EventId(m.event_id), record, m.asked_at.is_some())
            })
            .collect())
    }

    /// Claims the asking of a meeting's outcome (right after it, or `later`): true for the
    /// one caller that gets it, in its transaction.
    pub async fn claim_outcome_ask(
        &self,
        tx: &Tx,
        r: MeetingRequestId,
        later: bool,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let column = if later {
            meeting::Column::FollowedUpAt
        } else {
            meeting::Column::AskedAt
        };
        let claimed = meeting::Entity::update_many()
            .col_expr(column, Expr::value(now))
            .filter(meeting::Column::RequestId.eq(r.0))
            .filter(column.is_null())
            .exec(tx.conn())
            .await
            .map_err(busy)?
            .rows_affected;
        Ok(claimed == 1)
    }

    /// Meeting requests still waiting for their answer since before `since`, not reminded yet
    /// (of events that have not started).
    pub async fn unanswered_meeting_requests(
        &self,
        since: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Vec<MeetingRequestRecord>> {
        let mut upcoming = Query::select();
        upcoming
            .column(event::Column::Id)
            .from(event::Entity)
            .and_where(event::Column::StartsAt.gt(now));
        let rows = request::Entity::find()
            .filter(request::Column::State.eq(State::Requested.code()))
            .filter(request::Column::StateSince.lt(since))
            .filter(request::Column::RemindedAt.is_null())
            .filter(request::Column::EventId.in_subquery(upcoming))
            .order_by_asc(request::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// Claims the one reminder of a request left unanswered: true for the one caller that
    /// gets it (a conditional update; several nodes at once send one).
    pub async fn claim_meeting_request_reminder(
        &self,
        tx: &Tx,
        r: &MeetingRequestRecord,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let columns = steps::ReminderColumns {
            id: request::Column::Id,
            version: request::Column::Version,
            reminded_at: request::Column::RemindedAt,
        };
        let record = (r.id.0, r.version);
        steps::claim_reminder::<request::Entity>(tx.conn(), columns, record, now).await
    }

    /// A company's active products (id and name), for a seller to choose those presented
    /// and a registrant the one it comes for (support is recorded on active products only).
    pub async fn company_product_names(&self, c: CompanyId) -> Result<Vec<(i64, String)>> {
        let rows = product::Entity::find()
            .filter(product::Column::CompanyId.eq(c.0))
            .filter(product::Column::Status.eq(ProductStatus::Active.code()))
            .order_by_asc(product::Column::Id)
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(|p| (p.id, p.name)).collect())
    }
}

fn outcome_of(m: outcome::Model) -> Option<OutcomeRecord> {
    Some(OutcomeRecord {
        request_id: MeetingRequestId(m.request_id),
        asked: Asked::from_code(&m.asked)?,
        outcome: Outcome::from_code(&m.outcome)?,
        given_by: m.given_by,
        note: m.note,
        at: m.at,
        actor_label: m.actor_label,
    })
}
