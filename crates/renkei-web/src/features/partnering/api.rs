//! Partner requests in the JSON API, under the same checks as their pages: a request with
//! its candidates (read as its case), opening one on a case (those who work it) and a move
//! on a candidate (each only to its party, at its time; approaching a candidate outside the
//! case's city waits for the company's consent).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use renkei_app::partnering::{self, MoveForm, Refused};
use renkei_domain::access::Action;
use renkei_domain::partnering::{Candidate, RequestDraft};
use renkei_domain::workflow::Workflow;
use renkei_store::{
    CandidateId, CandidateRecord, ConsultationId, PartnerRequestId, PartnerRequestRecord,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::access::Viewer;
use crate::error::{AppError, ErrorEnvelope};
use crate::extract::JsonInput;

/// A request for a partner company or for clinical and verification sites.
#[derive(Debug, Serialize, ToSchema)]
pub struct PartnerRequestDto {
    pub id: i64,
    /// The case's city.
    #[schema(example = "121002")]
    pub city: String,
    pub case: i64,
    pub company: i64,
    pub product: Option<i64>,
    /// `brokering` or `sites`.
    pub purpose: String,
    /// `technology`, `manufacturing`, `software`, `clinical`, `other` (brokering);
    /// `trial`, `clinical-research`, `verification`, `other` (sites).
    pub kind: String,
    pub detail: String,
    pub words: String,
    /// The trial-funding call it is linked to.
    pub call: Option<i64>,
    pub open: bool,
    /// `partnered`, `site-agreed`, `none-found`, `withdrawn` or `other`, once closed.
    pub outcome: Option<String>,
    pub outcome_text: Option<String>,
    /// The catalog measure it counts as support for once closed.
    pub measure: String,
    pub support_record: Option<i64>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
}

impl From<PartnerRequestRecord> for PartnerRequestDto {
    fn from(r: PartnerRequestRecord) -> Self {
        PartnerRequestDto {
            id: r.id.0,
            city: r.city.to_string(),
            case: r.consultation_id.0,
            company: r.company_id.0,
            product: r.product_id.map(|p| p.0),
            purpose: r.purpose.code().into(),
            kind: r.kind,
            detail: r.detail,
            words: r.words,
            call: r.call_id,
            open: r.open,
            outcome: r.outcome.map(|o| o.code().into()),
            outcome_text: r.outcome_text,
            measure: r.purpose.measure().into(),
            support_record: r.support_record_id,
            version: r.version,
            created_at: r.created_at,
        }
    }
}

/// A candidate and where its approach stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct CandidateDto {
    pub id: i64,
    pub request: i64,
    /// `search` (suggested by Renkei) or `manual`.
    pub source: String,
    pub company: Option<i64>,
    pub target: Option<i64>,
    pub name: String,
    /// The candidate's designated city, if it is in one.
    pub city: Option<String>,
    pub note: String,
    /// `suggested`, `awaiting_consent`, `consented`, `approached`, `agreed`, `introduced`,
    /// `concluded`, `declined`, `refused` or `withdrawn`.
    pub state: String,
    pub state_since: DateTime<Utc>,
    /// `company` or `desk` while it is open.
    pub waiting_on: Option<String>,
    /// When the company consented to what is shared, and the wording's version.
    pub consented_at: Option<DateTime<Utc>>,
    pub consent_wording_version: Option<String>,
    /// `contracted`, `continuing` or `not-pursued`, once concluded.
    pub outcome: Option<String>,
    pub version: i64,
}

impl From<CandidateRecord> for CandidateDto {
    fn from(c: CandidateRecord) -> Self {
        CandidateDto {
            id: c.id.0,
            request: c.request_id.0,
            source: c.source.code().into(),
            company: c.company_id.map(|id| id.0),
            target: c.target_id,
            name: c.name,
            city: c.city.map(|c| c.to_string()),
            note: c.note,
            state: c.state.code().into(),
            state_since: c.state_since,
            waiting_on: Candidate::waiting_on(c.state).map(|p| p.code().into()),
            consented_at: c.consent.as_ref().map(|k| k.at),
            consent_wording_version: c.consent.map(|k| k.wording_version),
            outcome: c.outcome.map(|o| o.code().into()),
            version: c.version,
        }
    }
}

/// A request with its candidates.
#[derive(Debug, Serialize, ToSchema)]
pub struct PartnerRequestWithCandidatesDto {
    pub request: PartnerRequestDto,
    pub candidates: Vec<CandidateDto>,
}

fn refused(r: Refused) -> AppError {
    match r {
        Refused::Fields(errors) => AppError::Validation(errors),
        Refused::Step(s) => AppError::step_refused::<Candidate>(s),
    }
}

/// A request with its candidates.
#[utoipa::path(get, path = "/api/v1/partner-requests/{id}", tag = "consultations",
    security(("api_token" = []), ("session" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = PartnerRequestWithCandidatesDto), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn get_request(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<PartnerRequestId>,
) -> Result<Json<PartnerRequestWithCandidatesDto>, AppError> {
    let r = partnering::load(&state.app, &viewer.caller(), Action::Read, id).await?;
    let candidates = state.store.partner_candidates(r.id).await?;
    Ok(Json(PartnerRequestWithCandidatesDto {
        request: r.into_inner().into(),
        candidates: candidates.into_iter().map(CandidateDto::from).collect(),
    }))
}

/// A request to open.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct PartnerRequestInput {
    /// `brokering` or `sites`.
    #[schema(example = "brokering")]
    pub purpose: String,
    #[schema(example = "manufacturing")]
    pub kind: String,
    pub detail: String,
    /// The words candidates are searched with.
    pub words: String,
    /// One of the city's trial-funding calls (sites only).
    pub call: Option<i64>,
}

/// Opens a request on a case (those who work it).
#[utoipa::path(post, path = "/api/v1/consultations/{id}/partner-requests", tag = "consultations",
    security(("api_token" = []), ("session" = [])),
    params(("id" = i64, Path)),
    request_body = PartnerRequestInput,
    responses((status = 201, body = PartnerRequestDto), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub(super) async fn open(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<ConsultationId>,
    headers: HeaderMap,
    JsonInput(input): JsonInput<PartnerRequestInput>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    let case = renkei_app::consultations::load(&state.app, &caller, Action::Read, id).await?;
    viewer.check_csrf(crate::api::csrf(&headers)).await?;
    let draft = RequestDraft {
        purpose: input.purpose,
        kind: input.kind,
        detail: input.detail,
        words: input.words,
    };
    let r = partnering::open(&state.app, &caller, &case, &draft, input.call)
        .await?
        .map_err(refused)?;
    state.mail_queued();
    Ok((StatusCode::CREATED, Json(PartnerRequestDto::from(r))).into_response())
}

/// A move on a candidate.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct CandidateMoveInput {
    /// `ask_consent`, `consent` (with `agree`), `refuse`, `approach`, `agree`, `decline`,
    /// `introduce`, `conclude` (with `outcome`) or `withdraw`.
    #[serde(rename = "move")]
    pub move_code: String,
    pub version: i64,
    pub text: String,
    /// `contracted`, `continuing` or `not-pursued` (conclude).
    pub outcome: String,
    /// The company agrees to the consent's wording (consent).
    pub agree: bool,
}

/// A move on a candidate, as the caller's party to it (those who work the case, the
/// company).
#[utoipa::path(post, path = "/api/v1/partner-candidates/{id}/moves", tag = "consultations",
    security(("api_token" = []), ("session" = [])),
    params(("id" = i64, Path)),
    request_body = CandidateMoveInput,
    responses((status = 200, body = CandidateDto), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub(super) async fn step(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<CandidateId>,
    headers: HeaderMap,
    JsonInput(input): JsonInput<CandidateMoveInput>,
) -> Result<Json<CandidateDto>, AppError> {
    let caller = viewer.caller();
    let c = partnering::load_candidate(&state.app, &caller, Action::Read, id).await?;
    viewer.check_csrf(crate::api::csrf(&headers)).await?;
    let form = MoveForm {
        code: input.move_code,
        text: input.text,
        outcome: input.outcome,
        agree: input.agree,
    };
    let moved = partnering::move_candidate(&state.app, &caller, &c, input.version, &form)
        .await?
        .map_err(refused)?;
    state.mail_queued();
    Ok(Json(moved.candidate.into()))
}
