//! Calls in the JSON API, read under the same checks as their pages: the published calls of
//! every city (or a city's, with its drafts for its office), and one call with its form.

use axum::Json;
use axum::extract::{Path, Query, State};
use chrono::NaiveDate;
use renkei_app::calls;
use renkei_domain::access::Action;
use renkei_store::CallRecord;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::access::Viewer;
use crate::error::{AppError, ErrorEnvelope};
use crate::shared::city::city_code;

/// A field of a call's application form.
#[derive(Debug, Serialize, ToSchema)]
pub struct CallFieldDto {
    /// The answer's key (`q1` …).
    pub key: String,
    pub section: String,
    pub label: String,
    /// `short_text`, `long_text`, `number`, `amount`, `date`, `choice` or `file`.
    pub kind: String,
    pub choices: Vec<String>,
    pub help: String,
    pub required: bool,
}

/// A call (公募).
#[derive(Debug, Serialize, ToSchema)]
pub struct CallDto {
    pub id: i64,
    /// The lead city, then its partners.
    #[schema(example = json!(["121002"]))]
    pub cities: Vec<String>,
    pub title: String,
    pub description: String,
    /// `subsidy`, `award`, `certification` or `wide_area_award`.
    pub kind: String,
    pub measure_code: String,
    /// `draft`, `open`, `screening`, `review`, `released` or `closed`.
    pub phase: String,
    pub opens_on: Option<NaiveDate>,
    pub closes_on: Option<NaiveDate>,
    /// Whether it takes applications today.
    pub taking_applications: bool,
    pub budget_yen: Option<i64>,
    pub max_amount_yen: Option<i64>,
    pub fields: Vec<CallFieldDto>,
    pub version: i64,
}

impl From<CallRecord> for CallDto {
    fn from(c: CallRecord) -> Self {
        CallDto {
            id: c.id,
            taking_applications: c.takes_applications(calls::today()),
            cities: c.cities.iter().map(ToString::to_string).collect(),
            title: c.title,
            description: c.description,
            kind: c.kind.code().into(),
            measure_code: c.measure_code,
            phase: c.phase.code().into(),
            opens_on: c.opens_on,
            closes_on: c.closes_on,
            budget_yen: c.budget_yen,
            max_amount_yen: c.max_amount_yen,
            fields: c
                .fields
                .into_iter()
                .map(|f| CallFieldDto {
                    key: f.key,
                    section: f.section,
                    label: f.label,
                    kind: f.kind,
                    choices: f.choices,
                    help: f.help,
                    required: f.required,
                })
                .collect(),
            version: c.version,
        }
    }
}

/// Which calls a list holds.
#[derive(Debug, Deserialize, IntoParams)]
pub(super) struct CallsQuery {
    /// Only this city's calls (its drafts too, for its office).
    city: Option<String>,
}

/// The published calls of every city, or one city's.
#[utoipa::path(get, path = "/api/v1/calls", tag = "calls",
    params(CallsQuery),
    responses((status = 200, body = Vec<CallDto>), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<CallsQuery>,
) -> Result<Json<Vec<CallDto>>, AppError> {
    let all = match q.city.as_deref() {
        Some(city) => calls::of_city(&state.app, &viewer.caller(), &city_code(city)?).await?,
        None => state.store.published_calls().await?,
    };
    Ok(Json(all.into_iter().map(Into::into).collect()))
}

/// A call with its form.
#[utoipa::path(get, path = "/api/v1/calls/{id}", tag = "calls",
    params(("id" = i64, Path)),
    responses((status = 200, body = CallDto), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn get_call(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Json<CallDto>, AppError> {
    let c = calls::load(&state.app, &viewer.caller(), Action::Read, id).await?;
    Ok(Json(c.into_inner().into()))
}
