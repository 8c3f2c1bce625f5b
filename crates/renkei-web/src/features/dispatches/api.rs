//! Expert dispatches in the JSON API, under the same checks as their pages: a dispatch with
//! its visits and history (read as its case), asking for one on a case (the company or those
//! who work it), a move (each only to its party, at its time) and a visit recorded (the desk
//! or the one working the case).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use renkei_app::dispatches::{self, Refused};
use renkei_domain::access::Action;
use renkei_domain::dispatch::{Dispatch, DispatchDraft, VisitDraft};
use renkei_domain::workflow::Workflow;
use renkei_store::{ConsultationId, DispatchId, DispatchRecord, DispatchVisit};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::access::Viewer;
use crate::api::dto::StepDto;
use crate::error::{AppError, ErrorEnvelope};
use crate::extract::JsonInput;

/// An expert dispatch.
#[derive(Debug, Serialize, ToSchema)]
pub struct DispatchDto {
    pub id: i64,
    /// The city whose desk approves it.
    #[schema(example = "121002")]
    pub city: String,
    pub case: i64,
    pub company: i64,
    pub product: Option<i64>,
    pub expert: i64,
    /// `regulatory`, `ip`, `design`, `clinical`, `software` or `sales`.
    pub field: String,
    /// The catalog measure it counts as support for.
    pub measure: String,
    pub purpose: String,
    pub planned_visits: i32,
    /// The fiscal year (年度, by the year it starts in) it counts in.
    pub fiscal_year: i32,
    /// `requested`, `approved`, `closed`, `declined` or `cancelled`.
    pub state: String,
    pub state_since: DateTime<Utc>,
    /// `desk` while it is open; none once it ended.
    pub waiting_on: Option<String>,
    /// The expert's report (closed), or the reason (declined, cancelled).
    pub report: Option<String>,
    pub support_record: Option<i64>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
}

impl From<DispatchRecord> for DispatchDto {
    fn from(r: DispatchRecord) -> Self {
        DispatchDto {
            id: r.id.0,
            city: r.city.to_string(),
            case: r.consultation_id.0,
            company: r.company_id.0,
            product: r.product_id.map(|p| p.0),
            expert: r.expert_id.0,
            field: r.field.code().into(),
            measure: r.field.measure_code().into(),
            purpose: r.purpose,
            planned_visits: r.planned_visits,
            fiscal_year: r.fiscal_year,
            state: r.state.code().into(),
            state_since: r.state_since,
            waiting_on: Dispatch::waiting_on(r.state).map(|p| p.code().into()),
            report: r.report,
            support_record: r.support_record_id,
            version: r.version,
            created_at: r.created_at,
        }
    }
}

/// A visit of a dispatch.
#[derive(Debug, Serialize, ToSchema)]
pub struct VisitDto {
    pub id: i64,
    pub visited_on: NaiveDate,
    pub minutes: i32,
    /// Yen.
    pub fee: i64,
    pub note: String,
    pub by: String,
}

impl From<DispatchVisit> for VisitDto {
    fn from(v: DispatchVisit) -> Self {
        VisitDto {
            id: v.id,
            visited_on: v.visited_on,
            minutes: v.minutes,
            fee: v.fee,
            note: v.note,
            by: v.actor_label,
        }
    }
}

/// A dispatch with its visits and its history.
#[derive(Debug, Serialize, ToSchema)]
pub struct DispatchWithVisitsDto {
    pub dispatch: DispatchDto,
    pub visits: Vec<VisitDto>,
    pub history: Vec<StepDto>,
}

/// A dispatch.
#[utoipa::path(get, path = "/api/v1/dispatches/{id}", tag = "consultations",
    security(("api_token" = []), ("session" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = DispatchWithVisitsDto), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn get_dispatch(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<DispatchId>,
) -> Result<Json<DispatchWithVisitsDto>, AppError> {
    let (r, _) = dispatches::load(&state.app, &viewer.caller(), Action::Read, id).await?;
    let visits = state.store.dispatch_visits(r.id).await?;
    let history = state
        .store
        .dispatch_history(r.id)
        .await?
        .into_iter()
        .map(|e| StepDto::of(e, |s| s.code()))
        .collect();
    Ok(Json(DispatchWithVisitsDto {
        dispatch: r.into_inner().into(),
        visits: visits.into_iter().map(VisitDto::from).collect(),
        history,
    }))
}

/// A dispatch to ask for.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct DispatchInput {
    /// An active expert of the case's city's roster.
    pub expert: Option<i64>,
    /// One of the expert's fields.
    #[schema(example = "regulatory")]
    pub field: String,
    pub purpose: String,
    /// 1 to 20.
    pub planned_visits: Option<i32>,
}

fn refused(r: Refused) -> AppError {
    match r {
        Refused::Fields(errors) => AppError::Validation(errors),
        Refused::Step(s) => AppError::step_refused::<Dispatch>(s),
    }
}

/// Asks for a dispatch on a case (its company, or those who work it).
#[utoipa::path(post, path = "/api/v1/consultations/{id}/dispatches", tag = "consultations",
    security(("api_token" = []), ("session" = [])),
    params(("id" = i64, Path)),
    request_body = DispatchInput,
    responses((status = 201, body = DispatchDto), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub(super) async fn ask(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<ConsultationId>,
    headers: HeaderMap,
    JsonInput(input): JsonInput<DispatchInput>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    let case = renkei_app::consultations::load(&state.app, &caller, Action::Read, id).await?;
    viewer.check_csrf(crate::api::csrf(&headers)).await?;
    let draft = DispatchDraft {
        expert: input.expert.map(|x| x.to_string()).unwrap_or_default(),
        field: input.field,
        purpose: input.purpose,
        planned_visits: input
            .planned_visits
            .map(|n| n.to_string())
            .unwrap_or_default(),
    };
    let r = dispatches::request(&state.app, &caller, &case, &draft)
        .await?
        .map_err(refused)?;
    state.mail_queued();
    Ok((StatusCode::CREATED, Json(DispatchDto::from(r))).into_response())
}

/// A move on a dispatch.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct DispatchMoveInput {
    /// `approve`, `decline` (with `text`), `close` (with the expert's report as `text`) or
    /// `cancel`.
    #[serde(rename = "move")]
    pub move_code: String,
    pub version: i64,
    pub text: String,
}

/// A move on a dispatch, as the caller's party to it (the desk, the one working the case,
/// the company).
#[utoipa::path(post, path = "/api/v1/dispatches/{id}/moves", tag = "consultations",
    security(("api_token" = []), ("session" = [])),
    params(("id" = i64, Path)),
    request_body = DispatchMoveInput,
    responses((status = 200, body = DispatchDto), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub(super) async fn step(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<DispatchId>,
    headers: HeaderMap,
    JsonInput(input): JsonInput<DispatchMoveInput>,
) -> Result<Json<DispatchDto>, AppError> {
    let caller = viewer.caller();
    let (r, case) = dispatches::load(&state.app, &caller, Action::Read, id).await?;
    viewer.check_csrf(crate::api::csrf(&headers)).await?;
    let moved = dispatches::move_dispatch(
        &state.app,
        &caller,
        (&r, &case),
        input.version,
        (&input.move_code, &input.text),
    )
    .await?
    .map_err(refused)?;
    state.mail_queued();
    Ok(Json(moved.into()))
}

/// A visit to record.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct VisitInput {
    #[schema(example = "2026-12-01")]
    pub date: String,
    /// In half hours, 0.5 to 12.
    #[schema(example = "1.5")]
    pub hours: String,
    /// Yen; by the expert's fee rule when left out.
    pub fee: Option<i64>,
    pub note: String,
}

/// Records a visit of an approved dispatch (the desk or the one working the case).
#[utoipa::path(post, path = "/api/v1/dispatches/{id}/visits", tag = "consultations",
    security(("api_token" = []), ("session" = [])),
    params(("id" = i64, Path)),
    request_body = VisitInput,
    responses((status = 201, body = VisitDto), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub(super) async fn visit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<DispatchId>,
    headers: HeaderMap,
    JsonInput(input): JsonInput<VisitInput>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    let (r, case) = dispatches::load(&state.app, &caller, Action::Read, id).await?;
    viewer.check_csrf(crate::api::csrf(&headers)).await?;
    let draft = VisitDraft {
        date: input.date,
        hours: input.hours,
        fee: input.fee.map(|f| f.to_string()).unwrap_or_default(),
        note: input.note,
    };
    let v = dispatches::add_visit(&state.app, &caller, (&r, &case), &draft)
        .await?
        .map_err(refused)?;
    Ok((StatusCode::CREATED, Json(VisitDto::from(v))).into_response())
}
