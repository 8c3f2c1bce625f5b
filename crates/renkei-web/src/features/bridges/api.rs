//! Bridges to national bodies in the JSON API, under the same checks as their pages: a
//! bridge with its history (read as its case), preparing one from a case (the desk), its
//! fields changed while preparing (the desk), and a move (each only to its party, at its
//! time: the company's consent names the fields it agrees to share; nothing leaves for the
//! body before it).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use renkei_app::bridges::{self, Refused};
use renkei_domain::access::Action;
use renkei_domain::bridge::{Bridge, MoveForm};
use renkei_domain::workflow::Workflow;
use renkei_store::{BridgeId, BridgeRecord, ConsultationId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::access::Viewer;
use crate::api::dto::StepDto;
use crate::error::{AppError, ErrorEnvelope};
use crate::extract::JsonInput;

/// One of the body's fields with its answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct AnswerDto {
    pub field: String,
    pub answer: String,
}

/// A bridge of a consultation case to a national body (PMDA, AMED …).
#[derive(Debug, Serialize, ToSchema)]
pub struct BridgeDto {
    pub id: i64,
    /// The case's city.
    #[schema(example = "121002")]
    pub city: String,
    pub case: i64,
    pub company: i64,
    pub product: Option<i64>,
    /// The product's stage when the bridge was opened.
    pub product_stage: Option<String>,
    /// The body's code and name, the consultation's type and its name.
    #[schema(example = "pmda")]
    pub body: String,
    pub body_name: String,
    #[serde(rename = "type")]
    pub type_code: String,
    pub type_name: String,
    /// The body's usual time to a first reply, in 開庁日.
    pub reply_days: u32,
    pub answers: Vec<AnswerDto>,
    /// `preparing`, `awaiting_consent`, `consented`, `declined`, `sent`, `replied`, `closed`
    /// or `cancelled`.
    pub state: String,
    pub state_since: DateTime<Utc>,
    /// `company` or `desk` while it is open; none once it ended.
    pub waiting_on: Option<String>,
    /// The fields the company agreed may be shared; none before its consent.
    pub shared: Option<Vec<String>>,
    /// Whether the consultation record may be shared with AMED.
    pub share_with_amed: bool,
    pub consented_at: Option<DateTime<Utc>>,
    pub sent_on: Option<NaiveDate>,
    /// The first reply expected by this day (開庁日 counted from the day sent).
    pub reply_due: Option<NaiveDate>,
    pub replied_on: Option<NaiveDate>,
    pub reply: Option<String>,
    /// `held`, `policy-decided`, `out-of-scope` or `other`, once closed.
    pub outcome: Option<String>,
    pub outcome_text: Option<String>,
    pub support_record: Option<i64>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
}

impl From<BridgeRecord> for BridgeDto {
    fn from(r: BridgeRecord) -> Self {
        BridgeDto {
            id: r.id.0,
            city: r.city.to_string(),
            case: r.consultation_id.0,
            company: r.company_id.0,
            product: r.product_id.map(|p| p.0),
            product_stage: r.product_stage,
            body: r.body_code,
            body_name: r.body_name,
            type_code: r.type_code,
            type_name: r.type_name,
            reply_days: r.reply_days,
            answers: r
                .answers
                .into_iter()
                .map(|(field, answer)| AnswerDto { field, answer })
                .collect(),
            state: r.state.code().into(),
            state_since: r.state_since,
            waiting_on: Bridge::waiting_on(r.state).map(|p| p.code().into()),
            shared: r.shared,
            share_with_amed: r.share_with_amed,
            consented_at: r.consented_at,
            sent_on: r.sent_on,
            reply_due: r.reply_due,
            replied_on: r.replied_on,
            reply: r.reply,
            outcome: r.outcome.map(|o| o.code().into()),
            outcome_text: r.outcome_text,
            support_record: r.support_record_id,
            version: r.version,
            created_at: r.created_at,
        }
    }
}

/// A bridge with its history.
#[derive(Debug, Serialize, ToSchema)]
pub struct BridgeWithHistoryDto {
    pub bridge: BridgeDto,
    pub history: Vec<StepDto>,
}

fn refused(r: Refused) -> AppError {
    match r {
        Refused::Fields(errors) => AppError::Validation(errors),
        Refused::Step(s) => AppError::step_refused::<Bridge>(s),
    }
}

/// A bridge.
#[utoipa::path(get, path = "/api/v1/bridges/{id}", tag = "consultations",
    security(("api_token" = []), ("session" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = BridgeWithHistoryDto), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn get_bridge(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<BridgeId>,
) -> Result<Json<BridgeWithHistoryDto>, AppError> {
    let r = bridges::load(&state.app, &viewer.caller(), Action::Read, id).await?;
    let history = state
        .store
        .bridge_history(r.id)
        .await?
        .into_iter()
        .map(|e| StepDto::of(e, |s| s.code()))
        .collect();
    Ok(Json(BridgeWithHistoryDto {
        bridge: r.into_inner().into(),
        history,
    }))
}

/// A bridge to prepare from a case.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct BridgeInput {
    /// An active national body (its id).
    pub body: Option<i64>,
    /// One of the body's consultation types.
    #[serde(rename = "type")]
    #[schema(example = "rs-general")]
    pub type_code: String,
}

/// Prepares a bridge of a case to a national body, its fields filled in from the case (the
/// desk).
#[utoipa::path(post, path = "/api/v1/consultations/{id}/bridges", tag = "consultations",
    security(("api_token" = []), ("session" = [])),
    params(("id" = i64, Path)),
    request_body = BridgeInput,
    responses((status = 201, body = BridgeDto), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub(super) async fn open(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<ConsultationId>,
    headers: HeaderMap,
    JsonInput(input): JsonInput<BridgeInput>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    let case = renkei_app::consultations::load(&state.app, &caller, Action::Read, id).await?;
    viewer.check_csrf(crate::api::csrf(&headers)).await?;
    let r = bridges::open(&state.app, &caller, &case, input.body, &input.type_code)
        .await?
        .map_err(|r| match r {
            // The page's one choice (`target`) is the API's `body` and `type`.
            Refused::Fields(errors) => AppError::Validation(
                errors
                    .into_iter()
                    .map(|mut e| {
                        if e.field == "target" {
                            e.field = "body";
                        }
                        e
                    })
                    .collect(),
            ),
            other => refused(other),
        })?;
    Ok((StatusCode::CREATED, Json(BridgeDto::from(r))).into_response())
}

/// The fields' answers, changed while preparing.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct AnswersInput {
    pub version: i64,
    /// One answer per field, in the body's order.
    pub answers: Vec<String>,
}

/// Changes the answers of a bridge being prepared (the desk).
#[utoipa::path(post, path = "/api/v1/bridges/{id}/answers", tag = "consultations",
    security(("api_token" = []), ("session" = [])),
    params(("id" = i64, Path)),
    request_body = AnswersInput,
    responses((status = 200, body = BridgeDto), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub(super) async fn answers(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<BridgeId>,
    headers: HeaderMap,
    JsonInput(input): JsonInput<AnswersInput>,
) -> Result<Json<BridgeDto>, AppError> {
    let caller = viewer.caller();
    let r = bridges::load(&state.app, &caller, Action::Read, id).await?;
    viewer.check_csrf(crate::api::csrf(&headers)).await?;
    let changed = bridges::update_answers(&state.app, &caller, &r, input.version, &input.answers)
        .await?
        .map_err(refused)?;
    Ok(Json(changed.into()))
}

/// A move on a bridge.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct BridgeMoveInput {
    /// `ask_consent` (the desk), `consent` (the company, with `shared` and `amed`), `decline`
    /// (the company), `mark_sent` (with `date`), `record_reply` (with `date` and `text`),
    /// `close` (with `outcome` and `text`) or `cancel`.
    #[serde(rename = "move")]
    pub move_code: String,
    pub version: i64,
    #[schema(example = "2026-11-20")]
    pub date: String,
    pub text: String,
    pub outcome: String,
    /// The fields the company agrees may be shared (consent).
    pub shared: Vec<String>,
    /// Whether the consultation record may be shared with AMED (consent).
    pub amed: bool,
}

/// A move on a bridge, as the caller's party to it (the desk, the company).
#[utoipa::path(post, path = "/api/v1/bridges/{id}/moves", tag = "consultations",
    security(("api_token" = []), ("session" = [])),
    params(("id" = i64, Path)),
    request_body = BridgeMoveInput,
    responses((status = 200, body = BridgeDto), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub(super) async fn step(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<BridgeId>,
    headers: HeaderMap,
    JsonInput(input): JsonInput<BridgeMoveInput>,
) -> Result<Json<BridgeDto>, AppError> {
    let caller = viewer.caller();
    let r = bridges::load(&state.app, &caller, Action::Read, id).await?;
    viewer.check_csrf(crate::api::csrf(&headers)).await?;
    let form = MoveForm {
        code: input.move_code,
        date: input.date,
        text: input.text,
        outcome: input.outcome,
        shared: input.shared,
        amed: input.amed,
    };
    let moved = bridges::move_bridge(&state.app, &caller, &r, input.version, &form)
        .await?
        .map_err(refused)?;
    state.mail_queued();
    // Read again: the close's side effect (the support record) is written after the move.
    let moved = state.store.bridge(moved.id).await?;
    Ok(Json(moved.into()))
}
