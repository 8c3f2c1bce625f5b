//! Events in the JSON API, under the same policy as the pages (the same use cases ask it):
//! the public calendar and a published event are anyone's; a draft, the event's writes and
//! its registrations are the organising city's records (`/api/v1/cities/{city}/events…`).
//! Writes need an API token or the session's CSRF token (`X-CSRF-Token`).

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use renkei_app::events::{self, registrations};
use renkei_domain::access::{Action, Resource};
use renkei_domain::event::registration::{EventRegistration, Move};
use renkei_domain::event::{EventDraft, Kind, QuestionDraft, QuotaDraft, Status};
use renkei_domain::{FieldError, Text};
use renkei_store::{
    EventId, EventQuery, EventRecord, EventRegistrationId, EventRegistrationRecord,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::access::Viewer;
use crate::error::{AppError, ErrorEnvelope};
use crate::extract::{JsonInput, QueryInput};
use crate::shared::city::city_code;

use super::edit::{links_of, load};

/// A 参加枠 with its places.
#[derive(Debug, Serialize, ToSchema)]
pub struct QuotaDto {
    pub id: i64,
    #[schema(example = "企業枠")]
    pub name: String,
    pub capacity: i32,
    /// Places held (offered, confirmed, attended, no-show).
    pub taken: i64,
    /// On the waiting list.
    pub waiting: i64,
}

/// One of the event's own questions.
#[derive(Debug, Serialize, Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct QuestionDto {
    #[schema(example = "参加の目的")]
    pub label: String,
    /// `text` or `choice`.
    pub kind: String,
    pub choices: Vec<String>,
    pub required: bool,
}

/// An event.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventDto {
    pub id: i64,
    /// The organising city's local-government code.
    #[schema(example = "121002")]
    pub city: String,
    /// Every organising city, the organiser first.
    pub organisers: Vec<String>,
    #[schema(example = "医療機器参入支援セミナー")]
    pub title: String,
    pub description: String,
    /// `seminar`, `maker_tour`, `business_meeting`, `exchange`, `research_group`, `other`.
    pub kind: String,
    pub venue: String,
    pub online_url: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub registration_opens_at: DateTime<Utc>,
    pub registration_closes_at: DateTime<Utc>,
    pub cancel_until: DateTime<Utc>,
    /// `organisers`, `designated`, `public` or `csr_members` (the CSR-certified companies of
    /// the organising cities).
    pub audience: String,
    /// `first_come`, `approval` or `lottery`.
    pub allocation: String,
    /// `none` or `first_time`.
    pub priority: String,
    /// `draft`, `published` or `cancelled`.
    pub status: String,
    pub menu_entry: Option<i64>,
    /// The catalog measure the event delivers.
    pub measure: Option<String>,
    pub quotas: Vec<QuotaDto>,
    pub questions: Vec<QuestionDto>,
    /// Send it back when changing the event, to detect conflicting changes.
    pub version: i64,
}

impl From<EventRecord> for EventDto {
    fn from(e: EventRecord) -> Self {
        EventDto {
            id: e.id.0,
            city: e.city.to_string(),
            organisers: e.organisers.iter().map(ToString::to_string).collect(),
            title: e.title,
            description: e.description,
            kind: e.kind.code().into(),
            venue: e.venue,
            online_url: e.online_url,
            starts_at: e.starts_at,
            ends_at: e.ends_at,
            registration_opens_at: e.registration_opens_at,
            registration_closes_at: e.registration_closes_at,
            cancel_until: e.cancel_until,
            audience: e.audience.code().into(),
            allocation: e.allocation.code().into(),
            priority: e.priority.code().into(),
            status: e.status.code().into(),
            menu_entry: e.menu_entry_id.map(|m| m.0),
            measure: e.measure_code,
            quotas: e
                .quotas
                .into_iter()
                .map(|q| QuotaDto {
                    id: q.id.0,
                    name: q.name,
                    capacity: q.capacity,
                    taken: q.taken,
                    waiting: q.waiting,
                })
                .collect(),
            questions: e
                .questions
                .into_iter()
                .map(|q| QuestionDto {
                    label: q.label,
                    kind: q.kind.code().into(),
                    choices: q.choices,
                    required: q.required,
                })
                .collect(),
            version: e.version,
        }
    }
}

/// A 参加枠 as sent.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct QuotaInput {
    pub name: String,
    pub capacity: i64,
}

/// An event as sent: validated like the form. Times are RFC 3339 (`2027-02-10T13:30:00+09:00`)
/// or Japan Standard Time as a form gives them (`2027-02-10T13:30`).
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct EventInput {
    pub title: String,
    pub description: String,
    pub kind: String,
    /// Co-organising designated cities' codes.
    pub co_organisers: Vec<String>,
    pub venue: String,
    pub online_url: String,
    pub starts_at: String,
    pub ends_at: String,
    pub registration_opens_at: String,
    pub registration_closes_at: String,
    /// Empty: until the start.
    pub cancel_until: String,
    pub audience: String,
    pub allocation: String,
    pub priority: String,
    pub offer_hours: Option<i32>,
    pub reminder_hours: Option<i32>,
    pub quotas: Vec<QuotaInput>,
    pub questions: Vec<QuestionDto>,
    /// One of the city's menu entries, the measure it delivers.
    pub menu_entry: Option<i64>,
    /// One of the city's support organisations, running it.
    pub organization: Option<i64>,
    /// The version read, when changing.
    pub version: Option<i64>,
}

impl EventInput {
    fn draft(&self) -> EventDraft {
        let n = |v: Option<i32>| v.map(|h| h.to_string()).unwrap_or_default();
        EventDraft {
            title: self.title.clone(),
            description: self.description.clone(),
            kind: self.kind.clone(),
            co_organisers: self.co_organisers.clone(),
            venue: self.venue.clone(),
            online_url: self.online_url.clone(),
            starts_at: self.starts_at.clone(),
            ends_at: self.ends_at.clone(),
            registration_opens_at: self.registration_opens_at.clone(),
            registration_closes_at: self.registration_closes_at.clone(),
            cancel_until: self.cancel_until.clone(),
            audience: self.audience.clone(),
            allocation: self.allocation.clone(),
            priority: self.priority.clone(),
            offer_hours: n(self.offer_hours),
            reminder_hours: n(self.reminder_hours),
            quotas: self
                .quotas
                .iter()
                .map(|q| QuotaDraft {
                    name: q.name.clone(),
                    capacity: q.capacity.to_string(),
                })
                .collect(),
            questions: self
                .questions
                .iter()
                .map(|q| QuestionDraft {
                    label: q.label.clone(),
                    kind: q.kind.clone(),
                    choices: q.choices.join("\n"),
                    required: q.required,
                })
                .collect(),
        }
    }

    /// The form's values of the links (the menu entry, the organisation).
    fn link_values(&self) -> HashMap<String, String> {
        let mut v = HashMap::new();
        if let Some(m) = self.menu_entry {
            v.insert("menu_entry".to_owned(), m.to_string());
        }
        if let Some(o) = self.organization {
            v.insert("organization".to_owned(), o.to_string());
        }
        v
    }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct EventFilter {
    /// Only those this city organises or co-organises.
    pub city: Option<String>,
    /// A kind's code.
    pub kind: Option<String>,
    /// Past events too.
    pub past: Option<bool>,
}

/// The public calendar: published events, the earliest first (at most 500).
#[utoipa::path(get, path = "/api/v1/events", tag = "events",
    params(EventFilter),
    responses((status = 200, body = Vec<EventDto>), (status = 404, description = "Not a designated city", body = ErrorEnvelope)))]
pub(super) async fn list_events(
    State(state): State<AppState>,
    QueryInput(f): QueryInput<EventFilter>,
) -> Result<Json<Vec<EventDto>>, AppError> {
    let q = EventQuery {
        organiser: f.city.as_deref().map(city_code).transpose()?,
        kind: f.kind.as_deref().and_then(Kind::from_code),
        from: (!f.past.unwrap_or(false)).then(Utc::now),
        limit: 500,
        ..EventQuery::default()
    };
    let list = events::calendar(&state.app, q).await?;
    Ok(Json(list.into_iter().map(EventDto::from).collect()))
}

/// An event: a published one is anyone's; a draft, its organising cities' only.
#[utoipa::path(get, path = "/api/v1/events/{id}", tag = "events",
    params(("id" = i64, Path)),
    responses((status = 200, body = EventDto), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn get_event(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<EventId>,
) -> Result<Json<EventDto>, AppError> {
    let e = events::load(&state.app, &viewer.caller(), Action::Read, id).await?;
    Ok(Json(e.into_inner().into()))
}

async fn validated(
    state: &AppState,
    city: &renkei_domain::city::CityCode,
    input: &EventInput,
) -> Result<(renkei_domain::event::EventInput, renkei_store::EventLinks), AppError> {
    let mut errors = Vec::new();
    let links = links_of(state, city, &input.link_values(), &mut errors).await?;
    match input.draft().validate(city) {
        Ok(i) if errors.is_empty() => Ok((i, links)),
        Ok(_) => Err(AppError::Validation(errors)),
        Err(e) => {
            errors.extend(e);
            Err(AppError::Validation(errors))
        }
    }
}

/// Writes a new event of the city (a draft until published), by its staff who may write.
#[utoipa::path(post, path = "/api/v1/cities/{city}/events", tag = "events",
    security(("api_token" = []), ("session" = [])),
    params(("city" = String, Path, example = "121002")),
    request_body = EventInput,
    responses((status = 201, body = EventDto), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 422, description = "Invalid fields, each named", body = ErrorEnvelope)))]
pub(super) async fn create_event(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(city): Path<String>,
    headers: HeaderMap,
    JsonInput(input): JsonInput<EventInput>,
) -> Result<Response, AppError> {
    let code = city_code(&city)?;
    let resource = Resource::CityRecord {
        owner: &code,
        shared_with: &[],
    };
    viewer.require_write(resource, &headers).await?;
    let (input, links) = validated(&state, &code, &input).await?;
    let e = events::create(&state.app, &viewer.caller(), &code, &input, &links).await?;
    Ok((StatusCode::CREATED, Json(EventDto::from(e))).into_response())
}

/// Changes an event from the version read (a stale one: 409).
#[utoipa::path(put, path = "/api/v1/cities/{city}/events/{id}", tag = "events",
    security(("api_token" = []), ("session" = [])),
    params(("city" = String, Path, example = "121002"), ("id" = i64, Path)),
    request_body = EventInput,
    responses((status = 200, body = EventDto), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub(super) async fn update_event(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((city, id)): Path<(String, EventId)>,
    headers: HeaderMap,
    JsonInput(input): JsonInput<EventInput>,
) -> Result<Json<EventDto>, AppError> {
    let (code, e) = load(&state, &viewer, Action::Write, &city, id).await?;
    viewer.check_csrf(crate::api::csrf(&headers)).await?;
    let version = input.version.unwrap_or(0);
    let (valid, links) = validated(&state, &code, &input).await?;
    let after = events::update(&state.app, &viewer.caller(), &e, version, &valid, &links).await?;
    Ok(Json(after.into()))
}

/// A new status, from the version read.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct StatusInput {
    /// `published`, `draft` or `cancelled`.
    pub status: String,
    pub version: i64,
}

const STATUS: Text = Text::new(
    "公開・下書き・中止から選んでください。",
    "Choose published, draft or cancelled.",
);

/// Publishes an event, takes it back to a draft, or calls it off.
#[utoipa::path(post, path = "/api/v1/cities/{city}/events/{id}/status", tag = "events",
    security(("api_token" = []), ("session" = [])),
    params(("city" = String, Path, example = "121002"), ("id" = i64, Path)),
    request_body = StatusInput,
    responses((status = 200, body = EventDto), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub(super) async fn set_status(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((city, id)): Path<(String, EventId)>,
    headers: HeaderMap,
    JsonInput(input): JsonInput<StatusInput>,
) -> Result<Json<EventDto>, AppError> {
    let (_, e) = load(&state, &viewer, Action::Write, &city, id).await?;
    viewer.check_csrf(crate::api::csrf(&headers)).await?;
    let Some(status) = Status::from_code(input.status.trim()) else {
        return Err(AppError::Validation(vec![FieldError {
            field: "status",
            message: STATUS,
        }]));
    };
    let after = events::set_status(&state.app, &viewer.caller(), &e, input.version, status).await?;
    Ok(Json(after.into()))
}

/// A registration, as the organiser sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegistrationDto {
    /// The registration number (受付番号).
    pub id: i64,
    pub quota: i64,
    /// Its order of arrival in its quota (or of the draw).
    pub arrival: i64,
    /// `unverified`, `requested`, `applied`, `waitlisted`, `offered`, `confirmed`, `attended`,
    /// `no_show`, `declined`, `cancelled` or `expired`.
    pub state: String,
    pub company: Option<i64>,
    pub name: String,
    pub organization: String,
    pub email: String,
    pub first_time: bool,
    pub answers: Vec<String>,
    pub offer_expires_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub version: i64,
}

impl From<EventRegistrationRecord> for RegistrationDto {
    fn from(r: EventRegistrationRecord) -> Self {
        RegistrationDto {
            id: r.id.0,
            quota: r.quota_id.0,
            arrival: r.arrival,
            state: r.state.code().into(),
            company: r.company_id.map(|c| c.0),
            name: r.name,
            organization: r.organization,
            email: r.email,
            first_time: r.first_time,
            answers: r.answers,
            offer_expires_at: r.offer_expires_at,
            created_at: r.created_at,
            version: r.version,
        }
    }
}

/// An event's registrations, by quota and arrival: the organising cities' record.
#[utoipa::path(get, path = "/api/v1/cities/{city}/events/{id}/registrations", tag = "events",
    security(("api_token" = []), ("session" = [])),
    params(("city" = String, Path, example = "121002"), ("id" = i64, Path)),
    responses((status = 200, body = Vec<RegistrationDto>), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn list_registrations(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((city, id)): Path<(String, EventId)>,
) -> Result<Json<Vec<RegistrationDto>>, AppError> {
    let (_, e) = load(&state, &viewer, Action::Read, &city, id).await?;
    let list = state.store.event_registrations(e.id).await?;
    Ok(Json(list.into_iter().map(RegistrationDto::from).collect()))
}

/// The organiser's move on a registration.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct MoveInput {
    pub registration: i64,
    pub version: i64,
    /// `approve`, `decline` (with `reason`), `cancel`, `check_in` or `no_show`.
    #[serde(rename = "move")]
    pub move_code: String,
    pub reason: String,
}

/// Approves, declines (with the reason mailed), cancels, checks in or marks a no-show; a
/// place freed is offered to the first person waiting.
#[utoipa::path(post, path = "/api/v1/cities/{city}/events/{id}/registrations/move", tag = "events",
    security(("api_token" = []), ("session" = [])),
    params(("city" = String, Path, example = "121002"), ("id" = i64, Path)),
    request_body = MoveInput,
    responses((status = 200, body = RegistrationDto), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub(super) async fn move_registration(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((city, id)): Path<(String, EventId)>,
    headers: HeaderMap,
    JsonInput(input): JsonInput<MoveInput>,
) -> Result<Json<RegistrationDto>, AppError> {
    let (_, e) = load(&state, &viewer, Action::Write, &city, id).await?;
    viewer.check_csrf(crate::api::csrf(&headers)).await?;
    let m = Move::parse(&input.move_code, &input.reason).map_err(AppError::Validation)?;
    if m == Move::Accept {
        return Err(AppError::step_refused::<EventRegistration>(
            renkei_domain::workflow::Refusal::NotYours,
        ));
    }
    let rid = EventRegistrationId(input.registration);
    let after = registrations::organise(&state.app, &viewer.caller(), &e, rid, input.version, &m)
        .await?
        .map_err(AppError::step_refused::<EventRegistration>)?;
    state.mail_queued();
    Ok(Json(after.into()))
}
