//! A referral's step prepared for an officer's approval in the JSON API, under the same
//! checks as its pages: one preparation, preparing ① or ④, and a move on it.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use renkei_app::referrals::preparations::{self as prep, Refused, Revision};
use renkei_domain::access::Action;
use renkei_domain::referral_prep::{Move, Preparation};
use renkei_store::{PreparationId, PreparationRecord, ProductId, ReferralId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::access::Viewer;
use crate::error::{AppError, ErrorEnvelope};
use crate::extract::JsonInput;

/// A step prepared for an officer's approval.
#[derive(Debug, Serialize, ToSchema)]
pub struct PreparationDto {
    pub id: i64,
    pub version: i64,
    /// `selection` (①) or `targets` (④).
    pub kind: String,
    /// The city whose step it is.
    #[schema(example = "121002")]
    pub city: String,
    pub product: i64,
    /// ① The city the product is to be introduced to.
    pub receiving_city: Option<String>,
    /// ④ The referral the targets are for; ① the referral an approval made.
    pub referral: Option<i64>,
    /// ④ The targets proposed.
    pub targets: Vec<i64>,
    /// ① The dossier's words; ④ the preparer's note.
    pub note: String,
    pub prepared_by: String,
    /// `prepared`, `returned`, `approved`, `withdrawn`.
    pub state: String,
    pub due_on: Option<NaiveDate>,
    pub return_reason: Option<String>,
    pub created_at: DateTime<Utc>,
}

fn dto(p: PreparationRecord) -> PreparationDto {
    PreparationDto {
        id: p.id.0,
        version: p.version,
        kind: p.kind.code().to_owned(),
        city: p.city.to_string(),
        product: p.product_id.0,
        receiving_city: p.receiving_city.map(|c| c.to_string()),
        referral: p.referral_id.map(|r| r.0),
        targets: p.target_ids,
        note: p.note,
        prepared_by: p.preparer_label,
        state: p.state.code().to_owned(),
        due_on: p.due_on,
        return_reason: p.return_reason,
        created_at: p.created_at,
    }
}

fn refused(r: Refused) -> AppError {
    match r {
        Refused::Fields(errors) => AppError::Validation(errors),
        Refused::Step(s) => AppError::step_refused::<Preparation>(s),
    }
}

/// One preparation (the city's staff and coordinators).
#[utoipa::path(get, path = "/api/v1/referral-preparations/{id}", tag = "referrals",
    security(("api_token" = []), ("session" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = PreparationDto), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope)))]
pub(super) async fn get_preparation(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<PreparationId>,
) -> Result<Json<PreparationDto>, AppError> {
    let p = prep::load(&state.app, &viewer.caller(), Action::Read, id).await?;
    Ok(Json(dto(p.into_inner())))
}

/// What to prepare: ① a product for a receiving city with the dossier's words, or ④ targets
/// for a referral the caller's city accepted.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct PreparationInput {
    /// `selection` or `targets`.
    pub kind: String,
    /// ① The product.
    pub product: Option<i64>,
    /// ① The receiving city's code.
    pub receiving_city: String,
    /// ④ The referral.
    pub referral: Option<i64>,
    /// ④ The targets' ids.
    pub targets: Vec<i64>,
    pub note: String,
}

fn joined(ids: &[i64]) -> String {
    ids.iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// Prepares ① or ④ for the approval of the city's officers (its coordinators and staff).
#[utoipa::path(post, path = "/api/v1/referral-preparations", tag = "referrals",
    security(("api_token" = []), ("session" = [])),
    request_body = PreparationInput,
    responses((status = 201, body = PreparationDto), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub(super) async fn prepare(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    JsonInput(input): JsonInput<PreparationInput>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    viewer.require_signed_in().await?;
    viewer.check_csrf(crate::api::csrf(&headers)).await?;
    let made = match (input.kind.as_str(), input.product, input.referral) {
        ("selection", Some(p), _) => {
            let (city, note) = (&input.receiving_city, &input.note);
            prep::prepare_selection(&state.app, &caller, ProductId(p), city, note).await?
        }
        ("targets", _, Some(r)) => {
            let targets = joined(&input.targets);
            prep::prepare_targets(&state.app, &caller, ReferralId(r), &targets, &input.note).await?
        }
        _ => {
            return Err(AppError::Validation(vec![renkei_domain::FieldError::new(
                "kind",
                "kind に selection（product と receiving_city）か targets（referral と targets）を指定してください。",
                "Give kind selection (with product and receiving_city) or targets (with referral and targets).",
            )]));
        }
    };
    let p = made.map_err(refused)?;
    state.mail_queued();
    Ok((StatusCode::CREATED, Json(dto(p))).into_response())
}

/// A move on a preparation.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct PreparationMoveInput {
    /// `approve`, `return` (with `text`: what to change), `resubmit` (with the revised
    /// `note` and, for ④, `targets`), `withdraw`.
    #[serde(rename = "move")]
    pub move_code: String,
    pub version: i64,
    pub text: String,
    pub note: String,
    pub targets: Vec<i64>,
}

/// A move on a preparation as the caller's party to it (an officer, its preparer).
#[utoipa::path(post, path = "/api/v1/referral-preparations/{id}/moves", tag = "referrals",
    security(("api_token" = []), ("session" = [])),
    params(("id" = i64, Path)),
    request_body = PreparationMoveInput,
    responses((status = 200, body = PreparationDto), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub(super) async fn step(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<PreparationId>,
    headers: HeaderMap,
    JsonInput(input): JsonInput<PreparationMoveInput>,
) -> Result<Json<PreparationDto>, AppError> {
    let caller = viewer.caller();
    let p = prep::load(&state.app, &caller, Action::Write, id).await?;
    viewer.check_csrf(crate::api::csrf(&headers)).await?;
    let m = Move::parse(&input.move_code, &input.text).map_err(AppError::Validation)?;
    let revision = Revision {
        note: input.note,
        targets: joined(&input.targets),
    };
    let moved = prep::move_preparation(&state.app, &caller, &p, input.version, &m, &revision)
        .await?
        .map_err(refused)?;
    state.mail_queued();
    Ok(Json(dto(moved)))
}
