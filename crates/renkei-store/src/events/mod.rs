//! Events as the store keeps them: the event with its organising cities, its 参加枠 and its
//! own questions ([`EventRecord`]), written and changed with their audit lines; the lists a
//! city's staff and the public calendar read. The registrations, their moves and the draws
//! are in [`registrations`]. No words and no mail: the callers compose them.

mod meetings;
mod registrations;
mod survey;

pub use meetings::{
    MeetingRecord, MeetingRequestId, MeetingRequestRecord, MeetingSetupRecord, NewParticipant,
    OutcomeRecord, ParticipantId, ParticipantRecord,
};
pub use registrations::{
    Arrival, DrawRecord, EVENT_REGISTRATIONS_PER_CLIENT_PER_HOUR, EventRegistrationEvent,
    EventRegistrationId, EventRegistrationRecord, MoveFields, NewEventRegistration,
};
pub use survey::SurveyRecord;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use renkei_domain::city::CityCode;
use renkei_domain::event::registration::State as RegState;
use renkei_domain::event::{
    Allocation, Audience, EventInput, Kind, Priority, Question, QuestionKind, Status,
};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};

use crate::audit::{self, Actor, Change};
use crate::entity::{event, event_organiser as org, event_quota as quota, event_registration};
use crate::menu::MenuEntryId;
use crate::migration::m::MenuRevisions;
use crate::migration::m20261201_000025_event_revision::EventRevision;
use crate::organizations::OrganizationId;
use crate::records::{Unreadable, code, coded, id_type, known};
use crate::tx::Tx;
use crate::{Result, Store, StoreError};

id_type!(
    /// An event's id.
    EventId
);
id_type!(
    /// A 参加枠's id.
    QuotaId
);

coded!(Kind, Audience, Allocation, Priority, Status);

/// A 参加枠 with how many of its places are taken and how many wait.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuotaRecord {
    pub id: QuotaId,
    pub name: String,
    pub capacity: i32,
    /// Places held (offered, confirmed, attended, no-show).
    pub taken: i64,
    /// On the waiting list.
    pub waiting: i64,
}

impl QuotaRecord {
    pub fn free(&self) -> i64 {
        (i64::from(self.capacity) - self.taken).max(0)
    }
}

/// An event, at one version, with its quotas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventRecord {
    pub id: EventId,
    /// The organising city (its staff edit the event).
    pub city: CityCode,
    /// Every organising city: the organiser first, then the co-organisers.
    pub organisers: Vec<CityCode>,
    pub organization_id: Option<OrganizationId>,
    pub menu_entry_id: Option<MenuEntryId>,
    pub measure_code: Option<String>,
    pub title: String,
    pub description: String,
    #[serde(serialize_with = "code")]
    pub kind: Kind,
    pub venue: String,
    pub online_url: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub registration_opens_at: DateTime<Utc>,
    pub registration_closes_at: DateTime<Utc>,
    pub cancel_until: DateTime<Utc>,
    #[serde(serialize_with = "code")]
    pub audience: Audience,
    #[serde(serialize_with = "code")]
    pub allocation: Allocation,
    #[serde(serialize_with = "code")]
    pub priority: Priority,
    pub offer_hours: i32,
    pub reminder_hours: i32,
    #[serde(serialize_with = "code")]
    pub status: Status,
    pub questions: Vec<Question>,
    pub quotas: Vec<QuotaRecord>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl EventRecord {
    /// Places left in every quota together.
    pub fn free(&self) -> i64 {
        self.quotas.iter().map(QuotaRecord::free).sum()
    }

    pub fn quota(&self, id: QuotaId) -> Option<&QuotaRecord> {
        self.quotas.iter().find(|q| q.id == id)
    }
}

/// A question as stored (JSON in the event's row).
#[derive(Serialize, Deserialize)]
struct StoredQuestion {
    label: String,
    kind: String,
    choices: Vec<String>,
    required: bool,
}

fn questions_json(qs: &[Question]) -> String {
    let stored: Vec<StoredQuestion> = qs
        .iter()
        .map(|q| StoredQuestion {
            label: q.label.clone(),
            kind: q.kind.code().to_owned(),
            choices: q.choices.clone(),
            required: q.required,
        })
        .collect();
    serde_json::to_string(&stored).unwrap_or_else(|_| "[]".to_owned())
}

fn questions_from(json: &str) -> Vec<Question> {
    serde_json::from_str::<Vec<StoredQuestion>>(json)
        .unwrap_or_default()
        .into_iter()
        .map(|q| Question {
            label: q.label,
            kind: QuestionKind::from_code(&q.kind).unwrap_or(QuestionKind::Text),
            choices: q.choices,
            required: q.required,
        })
        .collect()
}

const T: &str = "events";

fn record(
    m: event::Model,
    organisers: Vec<CityCode>,
    quotas: Vec<QuotaRecord>,
) -> std::result::Result<EventRecord, Unreadable> {
    let city = known(T, m.id, "city_code", &m.city_code, |c| {
        CityCode::parse(c).ok()
    })?;
    Ok(EventRecord {
        id: EventId(m.id),
        kind: known(T, m.id, "kind", &m.kind, Kind::from_code)?,
        audience: known(T, m.id, "audience", &m.audience, Audience::from_code)?,
        allocation: known(T, m.id, "allocation", &m.allocation, Allocation::from_code)?,
        priority: known(T, m.id, "priority", &m.priority, Priority::from_code)?,
        status: known(T, m.id, "status", &m.status, Status::from_code)?,
        organisers: std::iter::once(city)
            .chain(organisers.into_iter().filter(|c| *c != city))
            .collect(),
        city,
        organization_id: m.organization_id.map(OrganizationId),
        menu_entry_id: m.menu_entry_id.map(MenuEntryId),
        measure_code: m.measure_code,
        title: m.title,
        description: m.description,
        venue: m.venue,
        online_url: m.online_url,
        starts_at: m.starts_at,
        ends_at: m.ends_at,
        registration_opens_at: m.registration_opens_at,
        registration_closes_at: m.registration_closes_at,
        cancel_until: m.cancel_until,
        offer_hours: m.offer_hours,
        reminder_hours: m.reminder_hours,
        questions: questions_from(&m.questions),
        quotas,
        version: m.version,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

/// What an event is tied to besides its form: the menu entry (and its measure) and the
/// support organisation running it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventLinks {
    pub menu_entry: Option<MenuEntryId>,
    pub measure_code: Option<String>,
    pub organization: Option<OrganizationId>,
}

/// The quotas, organisers and place counts of some events, in three queries whatever their
/// number: (event id → organisers, event id → quotas in order).
async fn parts_of(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> Result<(HashMap<i64, Vec<CityCode>>, HashMap<i64, Vec<QuotaRecord>>)> {
    let mut organisers: HashMap<i64, Vec<CityCode>> = HashMap::new();
    let mut quotas: HashMap<i64, Vec<QuotaRecord>> = HashMap::new();
    if ids.is_empty() {
        return Ok((organisers, quotas));
    }
    for o in org::Entity::find()
        .filter(org::Column::EventId.is_in(ids.iter().copied()))
        .order_by_asc(org::Column::CityCode)
        .all(db)
        .await?
    {
        if let Ok(c) = CityCode::parse(&o.city_code) {
            organisers.entry(o.event_id).or_default().push(c);
        }
    }
    let counts: Vec<(i64, String, i64)> = event_registration::Entity::find()
        .select_only()
        .column(event_registration::Column::QuotaId)
        .column(event_registration::Column::State)
        .column_as(event_registration::Column::Id.count(), "n")
        .filter(event_registration::Column::EventId.is_in(ids.iter().copied()))
        .group_by(event_registration::Column::QuotaId)
        .group_by(event_registration::Column::State)
        .into_tuple()
        .all(db)
        .await?;
    let mut by_quota: HashMap<i64, (i64, i64)> = HashMap::new();
    for (q, state, n) in counts {
        let e = by_quota.entry(q).or_default();
        match RegState::from_code(&state) {
            Some(s) if s.holds_place() => e.0 += n,
            Some(RegState::Waitlisted) => e.1 += n,
            _ => {}
        }
    }
    for q in quota::Entity::find()
        .filter(quota::Column::EventId.is_in(ids.iter().copied()))
        .order_by_asc(quota::Column::Position)
        .all(db)
        .await?
    {
        let (taken, waiting) = by_quota.get(&q.id).copied().unwrap_or_default();
        quotas.entry(q.event_id).or_default().push(QuotaRecord {
            id: QuotaId(q.id),
            name: q.name,
            capacity: q.capacity,
            taken,
            waiting,
        });
    }
    Ok((organisers, quotas))
}

pub(crate) async fn read(db: &impl ConnectionTrait, id: EventId) -> Result<EventRecord> {
    let m = event::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    read_many(db, vec![m])
        .await?
        .pop()
        .ok_or(StoreError::NotFound)
}

async fn read_many(db: &impl ConnectionTrait, rows: Vec<event::Model>) -> Result<Vec<EventRecord>> {
    let ids: Vec<i64> = rows.iter().map(|m| m.id).collect();
    let (mut organisers, mut quotas) = parts_of(db, &ids).await?;
    let mut out = Vec::with_capacity(rows.len());
    for m in rows {
        let o = organisers.remove(&m.id).unwrap_or_default();
        let q = quotas.remove(&m.id).unwrap_or_default();
        match record(m, o, q) {
            Ok(r) => out.push(r),
            Err(u) => u.warn(),
        }
    }
    Ok(out)
}

/// The coalescer's key of the events' revision (menus' keys are city codes).
const REVISION_KEY: &str = "events";

/// Bumps the events' revision (after the transaction that changed them has committed).
pub(crate) async fn bump_revision(db: &impl ConnectionTrait) -> Result<()> {
    use sea_orm::sea_query::ExprTrait as _;
    let stmt = Query::update()
        .table(EventRevision::Table)
        .value(
            EventRevision::Revision,
            Expr::col(EventRevision::Revision).add(1),
        )
        .and_where(Expr::col(EventRevision::Id).eq(1))
        .to_owned();
    db.execute(&stmt).await?;
    Ok(())
}

/// A city's menu revision plus the events' revision, in one read (`None`: no such menu).
/// Both only grow, so the sum changes whenever either does.
async fn read_menu_and_events(db: &impl ConnectionTrait, city: String) -> Result<Option<i64>> {
    use sea_orm::sea_query::ExprTrait as _;
    let events = Query::select()
        .column(EventRevision::Revision)
        .from(EventRevision::Table)
        .and_where(Expr::col(EventRevision::Id).eq(1))
        .to_owned();
    let stmt = Query::select()
        .expr(Expr::col(MenuRevisions::Revision).add(Expr::SubQuery(None, Box::new(events.into()))))
        .from(MenuRevisions::Table)
        .and_where(Expr::col(MenuRevisions::CityCode).eq(city))
        .to_owned();
    crate::kernel::read_number(db, &stmt).await
}

async fn read_revision(db: &impl ConnectionTrait) -> Result<Option<i64>> {
    use sea_orm::sea_query::ExprTrait as _;
    let stmt = Query::select()
        .column(EventRevision::Revision)
        .from(EventRevision::Table)
        .and_where(Expr::col(EventRevision::Id).eq(1))
        .to_owned();
    crate::kernel::read_number(db, &stmt).await
}

async fn audit_line(
    db: &impl ConnectionTrait,
    actor: &Actor,
    action: &'static str,
    before: Option<&EventRecord>,
    after: &EventRecord,
) -> Result<()> {
    let change = Change {
        action,
        city: Some(&after.city),
        object_type: "event",
        object_id: after.id.to_string(),
        before,
        after: Some(after),
    };
    audit::record(db, actor, change).await
}

async fn write_organisers(
    db: &impl ConnectionTrait,
    id: i64,
    city: &CityCode,
    co: &[CityCode],
) -> Result<()> {
    org::Entity::delete_many()
        .filter(org::Column::EventId.eq(id))
        .exec(db)
        .await?;
    for c in std::iter::once(city).chain(co.iter().filter(|c| *c != city)) {
        org::ActiveModel {
            event_id: Set(id),
            city_code: Set(c.to_string()),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// Brings the quotas in line with the form's, by position: a quota's name and places change
/// in place (its registrations stay with it); new ones are added; one no longer on the form is
/// removed only if no one registered in it (otherwise it stays, so nothing is lost).
async fn write_quotas(db: &impl ConnectionTrait, id: i64, input: &EventInput) -> Result<()> {
    let existing = quota::Entity::find()
        .filter(quota::Column::EventId.eq(id))
        .order_by_asc(quota::Column::Position)
        .all(db)
        .await?;
    for (i, q) in input.quotas.iter().enumerate() {
        match existing.get(i) {
            Some(old) => {
                quota::Entity::update_many()
                    .col_expr(quota::Column::Name, Expr::value(q.name.clone()))
                    .col_expr(quota::Column::Capacity, Expr::value(q.capacity))
                    .filter(quota::Column::Id.eq(old.id))
                    .exec(db)
                    .await?;
            }
            None => {
                quota::ActiveModel {
                    event_id: Set(id),
                    position: Set(i as i32),
                    name: Set(q.name.clone()),
                    capacity: Set(q.capacity),
                    arrivals: Set(0),
                    ..Default::default()
                }
                .insert(db)
                .await?;
            }
        }
    }
    for old in existing.iter().skip(input.quotas.len()) {
        let used = event_registration::Entity::find()
            .filter(event_registration::Column::QuotaId.eq(old.id))
            .count(db)
            .await?;
        if used == 0 {
            quota::Entity::delete_by_id(old.id).exec(db).await?;
        }
    }
    Ok(())
}

/// Which events a list shows.
#[derive(Debug, Clone, Default)]
pub struct EventQuery {
    /// Only those this city organises or co-organises.
    pub organiser: Option<CityCode>,
    /// Only published ones (the public calendar).
    pub published_only: bool,
    /// Only those ending at or after this time.
    pub from: Option<DateTime<Utc>>,
    /// Only those starting before this time.
    pub until: Option<DateTime<Utc>>,
    pub kind: Option<Kind>,
    /// Only those open to this audience (the certified community's events).
    pub audience: Option<Audience>,
    /// Only those delivering this menu entry.
    pub menu_entry: Option<MenuEntryId>,
    /// At most this many (the earliest first); 0: 200.
    pub limit: u64,
    /// After skipping this many (a page of the calendar).
    pub offset: u64,
}

impl Store {
    /// Writes a new event of `city` (as a draft) with its organisers and quotas, audited.
    pub async fn insert_event(
        &self,
        city: &CityCode,
        input: &EventInput,
        links: &EventLinks,
        actor: &Actor,
    ) -> Result<EventRecord> {
        let tx = self.begin().await?;
        let txn = tx.conn();
        let now = Utc::now();
        let row = event::ActiveModel {
            city_code: Set(city.to_string()),
            organization_id: Set(links.organization.map(|o| o.0)),
            menu_entry_id: Set(links.menu_entry.map(|m| m.0)),
            measure_code: Set(links.measure_code.clone()),
            title: Set(input.title.clone()),
            description: Set(input.description.clone()),
            kind: Set(input.kind.code().to_owned()),
            venue: Set(input.venue.clone()),
            online_url: Set(input.online_url.clone()),
            starts_at: Set(input.starts_at),
            ends_at: Set(input.ends_at),
            registration_opens_at: Set(input.registration_opens_at),
            registration_closes_at: Set(input.registration_closes_at),
            cancel_until: Set(input.cancel_until),
            audience: Set(input.audience.code().to_owned()),
            allocation: Set(input.allocation.code().to_owned()),
            priority: Set(input.priority.code().to_owned()),
            offer_hours: Set(input.offer_hours),
            reminder_hours: Set(input.reminder_hours),
            status: Set(Status::Draft.code().to_owned()),
            questions: Set(questions_json(&input.questions)),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        write_organisers(txn, row.id, city, &input.co_organisers).await?;
        write_quotas(txn, row.id, input).await?;
        tx.touch_events();
        let after = read(txn, EventId(row.id)).await?;
        audit_line(txn, actor, "event.create", None, &after).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Changes an event from the version the person saw (a stale one: `Conflict`), audited.
    pub async fn update_event(
        &self,
        before: &EventRecord,
        seen_version: i64,
        input: &EventInput,
        links: &EventLinks,
        actor: &Actor,
    ) -> Result<EventRecord> {
        let tx = self.begin().await?;
        let txn = tx.conn();
        let now = Utc::now();
        let changed = event::Entity::update_many()
            .col_expr(event::Column::Title, Expr::value(input.title.clone()))
            .col_expr(
                event::Column::Description,
                Expr::value(input.description.clone()),
            )
            .col_expr(event::Column::Kind, Expr::value(input.kind.code()))
            .col_expr(event::Column::Venue, Expr::value(input.venue.clone()))
            .col_expr(
                event::Column::OnlineUrl,
                Expr::value(input.online_url.clone()),
            )
            .col_expr(event::Column::StartsAt, Expr::value(input.starts_at))
            .col_expr(event::Column::EndsAt, Expr::value(input.ends_at))
            .col_expr(
                event::Column::RegistrationOpensAt,
                Expr::value(input.registration_opens_at),
            )
            .col_expr(
                event::Column::RegistrationClosesAt,
                Expr::value(input.registration_closes_at),
            )
            .col_expr(event::Column::CancelUntil, Expr::value(input.cancel_until))
            .col_expr(event::Column::Audience, Expr::value(input.audience.code()))
            .col_expr(
                event::Column::Allocation,
                Expr::value(input.allocation.code()),
            )
            .col_expr(event::Column::Priority, Expr::value(input.priority.code()))
            .col_expr(event::Column::OfferHours, Expr::value(input.offer_hours))
            .col_expr(
                event::Column::ReminderHours,
                Expr::value(input.reminder_hours),
            )
            .col_expr(
                event::Column::Questions,
                Expr::value(questions_json(&input.questions)),
            )
            .col_expr(
                event::Column::MenuEntryId,
                Expr::value(links.menu_entry.map(|m| m.0)),
            )
            .col_expr(
                event::Column::MeasureCode,
                Expr::value(links.measure_code.clone()),
            )
            .col_expr(
                event::Column::OrganizationId,
                Expr::value(links.organization.map(|o| o.0)),
            )
            .col_expr(event::Column::Version, Expr::value(seen_version + 1))
            .col_expr(event::Column::UpdatedAt, Expr::value(now))
            .filter(event::Column::Id.eq(before.id.0))
            .filter(event::Column::Version.eq(seen_version))
            .exec(txn)
            .await?
            .rows_affected;
        if changed != 1 {
            return Err(StoreError::Conflict);
        }
        write_organisers(txn, before.id.0, &before.city, &input.co_organisers).await?;
        write_quotas(txn, before.id.0, input).await?;
        tx.touch_events();
        let after = read(txn, before.id).await?;
        audit_line(txn, actor, "event.update", Some(before), &after).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Publishes an event or calls it off (from the version seen), audited.
    pub async fn set_event_status(
        &self,
        before: &EventRecord,
        seen_version: i64,
        status: Status,
        actor: &Actor,
    ) -> Result<EventRecord> {
        let tx = self.begin().await?;
        let txn = tx.conn();
        let changed = event::Entity::update_many()
            .col_expr(event::Column::Status, Expr::value(status.code()))
            .col_expr(event::Column::Version, Expr::value(seen_version + 1))
            .col_expr(event::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(event::Column::Id.eq(before.id.0))
            .filter(event::Column::Version.eq(seen_version))
            .exec(txn)
            .await?
            .rows_affected;
        if changed != 1 {
            return Err(StoreError::Conflict);
        }
        tx.touch_events();
        let after = read(txn, before.id).await?;
        let action = match status {
            Status::Published => "event.publish",
            Status::Cancelled => "event.cancel",
            Status::Draft => "event.unpublish",
        };
        audit_line(txn, actor, action, Some(before), &after).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// The revision of what the public calendar shows: it changes after every committed
    /// change to an event or to its registrations. Anything read after this call is at least
    /// this new; concurrent callers share database reads (`coalesce.rs`).
    pub async fn events_revision(&self) -> Result<i64> {
        let db = self.db.clone();
        self.revisions
            .read(REVISION_KEY.to_owned(), move |_| {
                let db = db.clone();
                async move { read_revision(&db).await.map_err(|e| e.to_string()) }
            })
            .await
            .map_err(|e| StoreError::Db(sea_orm::DbErr::Custom(e)))?
            .ok_or(StoreError::NotFound)
    }

    /// The revision of what a city's menu page shows: its menu and its upcoming events. It
    /// changes after every committed change to either; one small read, coalesced.
    pub async fn menu_and_events_revision(&self, city: &CityCode) -> Result<i64> {
        let db = self.db.clone();
        self.revisions
            .read(format!("{REVISION_KEY}:{city}"), move |key| {
                let db = db.clone();
                let city = key.rsplit(':').next().unwrap_or_default().to_owned();
                async move {
                    read_menu_and_events(&db, city)
                        .await
                        .map_err(|e| e.to_string())
                }
            })
            .await
            .map_err(|e| StoreError::Db(sea_orm::DbErr::Custom(e)))?
            .ok_or(StoreError::NotFound)
    }

    /// An event, whoever asks (the caller asks the policy).
    pub async fn event(&self, id: EventId) -> Result<EventRecord> {
        read(&self.db, id).await
    }

    /// An event read in a transaction.
    pub async fn event_in(&self, tx: &Tx, id: EventId) -> Result<EventRecord> {
        read(tx.conn(), id).await
    }

    /// The events a query asks for, the earliest first.
    pub async fn events(&self, q: &EventQuery) -> Result<Vec<EventRecord>> {
        let mut select = event::Entity::find();
        if let Some(city) = &q.organiser {
            let mut sub = Query::select();
            sub.column(org::Column::EventId)
                .from(org::Entity)
                .and_where(org::Column::CityCode.eq(city.to_string()));
            select = select.filter(event::Column::Id.in_subquery(sub));
        }
        if q.published_only {
            select = select.filter(event::Column::Status.eq(Status::Published.code()));
        }
        if let Some(from) = q.from {
            select = select.filter(event::Column::EndsAt.gte(from));
        }
        if let Some(until) = q.until {
            select = select.filter(event::Column::StartsAt.lt(until));
        }
        if let Some(kind) = q.kind {
            select = select.filter(event::Column::Kind.eq(kind.code()));
        }
        if let Some(a) = q.audience {
            select = select.filter(event::Column::Audience.eq(a.code()));
        }
        if let Some(m) = q.menu_entry {
            select = select.filter(event::Column::MenuEntryId.eq(m.0));
        }
        let limit = if q.limit == 0 {
            200
        } else {
            q.limit.min(2_000)
        };
        let rows = select
            .order_by_asc(event::Column::StartsAt)
            .order_by_asc(event::Column::Id)
            .offset(q.offset)
            .limit(limit)
            .all(&self.db)
            .await?;
        read_many(&self.db, rows).await
    }
}
