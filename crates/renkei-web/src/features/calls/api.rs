//! Calls in the JSON API, read under the same checks as their pages: the published calls of
//! every city (or a city's, with its drafts for its office), one call with its form, and one
//! application (its decision only for the office, and for the company once released).

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

/// An application to a call (申請).
#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationDto {
    pub id: i64,
    pub call_id: i64,
    pub company_id: i64,
    pub product_id: Option<i64>,
    /// `draft`, `prepared`, `submitted`, `returned`, `in_review`, `decided`, `awarded`,
    /// `not_awarded`, `reported`, `settled`, `refused` or `withdrawn` (the company sees
    /// `in_review` until the results are released).
    pub state: String,
    /// 受付番号, once submitted.
    pub receipt_no: Option<String>,
    /// The answers by the form's keys.
    pub answers: std::collections::BTreeMap<String, String>,
    pub requested_yen: Option<i64>,
    pub submitted_at: Option<chrono::DateTime<chrono::Utc>>,
    pub correction_reason: Option<String>,
    pub correction_due: Option<NaiveDate>,
    /// `award` or `decline`: the office's, and the company's once released.
    pub verdict: Option<String>,
    pub granted_yen: Option<i64>,
    pub fixed_yen: Option<i64>,
    pub version: i64,
}

/// An application, as its page shows it.
#[utoipa::path(get, path = "/api/v1/applications/{id}", tag = "calls",
    params(("id" = i64, Path)),
    responses((status = 200, body = ApplicationDto), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn get_application(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Json<ApplicationDto>, AppError> {
    use renkei_app::calls::applications;
    use renkei_domain::call::application::State as S;
    let caller = viewer.caller();
    let id = renkei_store::ApplicationId(id);
    let a = applications::load(&state.app, &caller, Action::Read, id).await?;
    let office = calls::is_office(&caller, &a.call);
    let released = matches!(
        a.record.state,
        S::Awarded | S::NotAwarded | S::Reported | S::Settled
    );
    let shown = office || released;
    let r = &a.record;
    let state_code = if !office && r.state == S::Decided {
        S::InReview.code()
    } else {
        r.state.code()
    };
    Ok(Json(ApplicationDto {
        id: r.id.0,
        call_id: r.call_id,
        company_id: r.company_id.0,
        product_id: r.product_id.map(|p| p.0),
        state: state_code.to_owned(),
        receipt_no: r.receipt_no.clone(),
        answers: r.answers.clone(),
        requested_yen: r.requested_yen,
        submitted_at: r.submitted_at,
        correction_reason: r.correction_reason.clone(),
        correction_due: r.correction_due,
        verdict: r.verdict.clone().filter(|_| shown),
        granted_yen: r.granted_yen.filter(|_| shown),
        fixed_yen: r.fixed_yen,
        version: r.version,
    }))
}
