//! Consultation cases in the JSON API, under the same checks as their pages: the desk's list
//! (its city's staff and coordinators), a case with its history and service level (its notes
//! only for those who read them), opening a case for a company (its people, its city's full
//! staff) and a move on a case (each only to its party, at its time).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use renkei_app::consultations::{self, Refused};
use renkei_domain::access::{Action, Resource};
use renkei_domain::consultation::{CaseDraft, Consultation, Kind, State as CaseState};
use renkei_domain::workflow::Workflow;
use renkei_store::{
    CompanyId, ConsultationId, ConsultationNote, ConsultationQuery, ConsultationRecord,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::access::Viewer;
use crate::api::dto::StepDto;
use crate::api::dto::{PageParams, Paginated};
use crate::error::{AppError, ErrorEnvelope};
use crate::extract::{JsonInput, QueryInput};
use crate::shared::city::city_code;

/// A consultation case.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConsultationDto {
    pub id: i64,
    /// The desk's city.
    #[schema(example = "121002")]
    pub city: String,
    pub company: i64,
    pub product: Option<i64>,
    /// `regulatory`, `ip`, `development`, `sales`, `funding` or `other`.
    pub kind: String,
    pub subject: String,
    pub detail: String,
    /// `new`, `in_progress`, `waiting_on_company`, `closed` or `withdrawn`.
    pub state: String,
    pub state_since: DateTime<Utc>,
    /// Who the case waits on: `desk`, `handler` or `company` (none once it ended).
    pub waiting_on: Option<String>,
    /// Whether the company asked (`company`) or the desk opened it (`desk`).
    pub opened_by: String,
    pub handler: Option<i64>,
    pub handler_name: String,
    /// The day (JST) the first answer is due: three open days (開庁日) after opening.
    pub first_answer_due: NaiveDate,
    pub first_answered_at: Option<DateTime<Utc>>,
    pub summary: Option<String>,
    /// The support record the closed case became on its product.
    pub support_record: Option<i64>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
}

impl From<ConsultationRecord> for ConsultationDto {
    fn from(r: ConsultationRecord) -> Self {
        ConsultationDto {
            id: r.id.0,
            city: r.city.to_string(),
            company: r.company_id.0,
            product: r.product_id.map(|p| p.0),
            kind: r.kind.code().into(),
            subject: r.subject,
            detail: r.detail,
            state: r.state.code().into(),
            state_since: r.state_since,
            waiting_on: Consultation::waiting_on(r.state).map(|p| p.code().into()),
            opened_by: r.opened_by,
            handler: r.handler_id.map(|h| h.0),
            handler_name: r.handler_label,
            first_answer_due: r.first_answer_due,
            first_answered_at: r.first_answered_at,
            summary: r.summary,
            support_record: r.support_record_id,
            version: r.version,
            created_at: r.created_at,
        }
    }
}

/// A note, or a next action (one with a due day).
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseNoteDto {
    pub id: i64,
    pub body: String,
    pub due_on: Option<NaiveDate>,
    pub done_at: Option<DateTime<Utc>>,
    pub by: String,
    pub at: DateTime<Utc>,
}

impl From<ConsultationNote> for CaseNoteDto {
    fn from(n: ConsultationNote) -> Self {
        CaseNoteDto {
            id: n.id,
            body: n.body,
            due_on: n.due_on,
            done_at: n.done_at,
            by: n.actor_label,
            at: n.created_at,
        }
    }
}

/// A case's service level in open days (開庁日).
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceLevelDto {
    pub opened_on: NaiveDate,
    pub first_answer_due: NaiveDate,
    pub first_answered_on: Option<NaiveDate>,
    /// Whether the first answer came in time (none while it may still).
    pub first_answer_met: Option<bool>,
    /// Open days taken, the days waiting on the company left out.
    pub open_days_taken: i64,
}

/// A case with its history, its service level and (for those who work it and the desk's
/// city) its notes.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseDto {
    pub case: ConsultationDto,
    pub history: Vec<StepDto>,
    pub service_level: ServiceLevelDto,
    /// None for the company: the notes are the desk's.
    pub notes: Option<Vec<CaseNoteDto>>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CaseFilter {
    /// A state's code, or `all`; the open cases by default.
    pub state: Option<String>,
    /// A kind's code.
    pub kind: Option<String>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// A desk's cases, the longest waiting first.
#[utoipa::path(get, path = "/api/v1/cities/{city}/consultations", tag = "consultations",
    security(("api_token" = []), ("session" = [])),
    params(("city" = String, Path, example = "121002"), CaseFilter),
    responses((status = 200, body = Paginated<ConsultationDto>), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(city): Path<String>,
    QueryInput(f): QueryInput<CaseFilter>,
) -> Result<Json<Paginated<ConsultationDto>>, AppError> {
    let code = city_code(&city)?;
    let resource = Resource::CityRecord {
        owner: &code,
        shared_with: &[],
    };
    viewer.require(Action::Read, resource).await?;
    let wanted = f.state.as_deref().unwrap_or_default();
    let q = ConsultationQuery {
        state: CaseState::from_code(wanted),
        all: wanted == "all",
        kind: f.kind.as_deref().and_then(Kind::from_code),
        handler: None,
    };
    let paging = PageParams {
        page: f.page,
        per_page: f.per_page,
    };
    let p = state
        .store
        .consultations_of(&code, &q, paging.request())
        .await?;
    Ok(Json(Paginated::from_page(p)))
}

/// A case.
#[utoipa::path(get, path = "/api/v1/consultations/{id}", tag = "consultations",
    security(("api_token" = []), ("session" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = CaseDto), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn get_case(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<ConsultationId>,
) -> Result<Json<CaseDto>, AppError> {
    let caller = viewer.caller();
    let r = consultations::load(&state.app, &caller, Action::Read, id).await?;
    Ok(Json(case_dto(&state, &caller, r.into_inner()).await?))
}

async fn case_dto(
    state: &AppState,
    caller: &renkei_app::access::Caller,
    r: ConsultationRecord,
) -> Result<CaseDto, AppError> {
    let steps = state.store.consultation_history(r.id).await?;
    let level = consultations::service_level(&state.app, &r, &steps);
    let history = steps
        .into_iter()
        .map(|e| StepDto::of(e, |s| s.code()))
        .collect();
    let notes = if consultations::reads_notes(caller, &r) {
        let list = state.store.consultation_notes(r.id).await?;
        Some(list.into_iter().map(CaseNoteDto::from).collect())
    } else {
        None
    };
    Ok(CaseDto {
        case: r.into(),
        history,
        service_level: ServiceLevelDto {
            opened_on: level.opened_on,
            first_answer_due: level.first_answer_due,
            first_answered_on: level.first_answered_on,
            first_answer_met: level.first_answer_met,
            open_days_taken: level.open_days_taken,
        },
        notes,
    })
}

/// A case to open.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct CaseInput {
    /// `regulatory`, `ip`, `development`, `sales`, `funding` or `other`.
    #[schema(example = "regulatory")]
    pub kind: String,
    #[schema(example = "クラス分類の相談")]
    pub subject: String,
    pub detail: String,
    /// One of the company's active products, if the case is about one.
    pub product: Option<i64>,
}

/// Opens a case for a company at its home city's desk (its people ask; its city's full staff
/// open one for it).
#[utoipa::path(post, path = "/api/v1/companies/{id}/consultations", tag = "consultations",
    security(("api_token" = []), ("session" = [])),
    params(("id" = i64, Path)),
    request_body = CaseInput,
    responses((status = 201, body = ConsultationDto), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub(super) async fn open(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<CompanyId>,
    headers: HeaderMap,
    JsonInput(input): JsonInput<CaseInput>,
) -> Result<Response, AppError> {
    viewer.require_signed_in().await?;
    let Some((c, _)) = state.store.company(id).await? else {
        return Err(AppError::NotFound);
    };
    viewer.check_csrf(crate::api::csrf(&headers)).await?;
    let draft = CaseDraft {
        kind: input.kind,
        subject: input.subject,
        detail: input.detail,
    };
    let r = consultations::open(&state.app, &viewer.caller(), &c, input.product, &draft)
        .await?
        .map_err(AppError::Validation)?;
    state.mail_queued();
    Ok((StatusCode::CREATED, Json(ConsultationDto::from(r))).into_response())
}

/// A move on a case.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct CaseMoveInput {
    /// `take_in` (with `handler`), `ask_company` and `close` (with `text`), `answer` (with
    /// `text` if any), `resume` or `withdraw`.
    #[serde(rename = "move")]
    pub move_code: String,
    pub version: i64,
    pub text: String,
    /// The account a case is handed to: staff or a coordinator of the desk's city.
    pub handler: Option<i64>,
}

/// A move on a case, as the caller's party to it (the desk, the one it was handed to, the
/// company).
#[utoipa::path(post, path = "/api/v1/consultations/{id}/moves", tag = "consultations",
    security(("api_token" = []), ("session" = [])),
    params(("id" = i64, Path)),
    request_body = CaseMoveInput,
    responses((status = 200, body = ConsultationDto), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub(super) async fn step(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<ConsultationId>,
    headers: HeaderMap,
    JsonInput(input): JsonInput<CaseMoveInput>,
) -> Result<Json<ConsultationDto>, AppError> {
    let caller = viewer.caller();
    let r = consultations::load(&state.app, &caller, Action::Read, id).await?;
    viewer.check_csrf(crate::api::csrf(&headers)).await?;
    let moved = consultations::move_case(
        &state.app,
        &caller,
        &r,
        input.version,
        (&input.move_code, &input.text),
        input.handler,
    )
    .await?;
    match moved {
        Ok(after) => {
            state.mail_queued();
            Ok(Json(after.into()))
        }
        Err(Refused::Fields(errors)) => Err(AppError::Validation(errors)),
        Err(Refused::Step(s)) => Err(AppError::step_refused::<Consultation>(s)),
    }
}
