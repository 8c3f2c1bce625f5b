//! The network's training counts (`/network/training`), the evidence for the report's
//! proposal to the state on coordinator training (第4章 3): per designated city, its
//! coordinators, the hours of training held in the fiscal year (年度), the certificates
//! issued in it and the stages its products are at with no coordinator trained for them; as
//! a page, a CSV or XLSX file, and `GET /api/v1/network/training`. Every city's staff and
//! coordinators, and the administrators, read it.

use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use renkei_app::training::{self, NetworkRow};
use renkei_domain::jdate::fiscal_year_name;
use renkei_domain::training::hours_text;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::access::Viewer;
use crate::csv::{ListFormat, download, utc_stamp};
use crate::error::{AppError, ErrorEnvelope};
use crate::extract::QueryInput;
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

use super::curricula::marks;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct YearParams {
    /// The fiscal year (年度, April to March) by the year it starts in; the current one if
    /// left out.
    pub year: Option<i32>,
}

fn year_of(q: &YearParams) -> i32 {
    q.year
        .filter(|y| (2000..=2100).contains(y))
        .unwrap_or_else(training::this_fiscal_year)
}

pub struct RowView {
    pub city: String,
    pub name: String,
    pub coordinators: usize,
    pub hours: String,
    pub certificates: usize,
    pub uncovered: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "training/network.html")]
pub struct NetworkPage {
    pub base: Base,
    pub year: i32,
    pub year_name: String,
    pub rows: Vec<RowView>,
    pub total: (usize, String, usize),
}

fn row_view(state: &AppState, r: &NetworkRow) -> RowView {
    RowView {
        city: r.city.to_string(),
        name: state.store.city_name(&r.city.to_string()),
        coordinators: r.coordinators,
        hours: hours_text(r.half_hours),
        certificates: r.certificates,
        uncovered: marks(&r.uncovered),
    }
}

/// `GET /network/training` (and `.csv`, `.xlsx`).
pub async fn page(
    PageContext(state, lang, uri, viewer): PageContext,
    Query(q): Query<YearParams>,
) -> Result<Response, AppError> {
    let year = year_of(&q);
    let rows = training::network_training(&state.app, &viewer.caller(), year).await?;
    let views: Vec<RowView> = rows.iter().map(|r| row_view(&state, r)).collect();
    let format = ListFormat::of(&uri);
    if format != ListFormat::Page {
        let header = [
            tr(lang, "市区町村コード", "City code"),
            tr(lang, "市", "City"),
            tr(lang, "年度", "Fiscal year"),
            tr(lang, "コーディネーター数", "Coordinators"),
            tr(lang, "研修時間", "Training hours"),
            tr(lang, "修了証", "Certificates"),
            tr(lang, "研修を受けた人がいない段階", "Stages uncovered"),
        ];
        let lines = views.into_iter().map(|r| {
            vec![
                r.city,
                r.name,
                year.to_string(),
                r.coordinators.to_string(),
                r.hours,
                r.certificates.to_string(),
                r.uncovered,
            ]
        });
        let name = format!("coordinator-training-{year}-{}", utc_stamp());
        return download(
            format == ListFormat::Xlsx,
            &name,
            tr(lang, "コーディネーター研修", "Coordinator training"),
            &header,
            lines,
        );
    }
    let total = (
        rows.iter().map(|r| r.coordinators).sum(),
        hours_text(rows.iter().map(|r| r.half_hours).sum()),
        rows.iter().map(|r| r.certificates).sum(),
    );
    Ok(NetworkPage {
        base: Base::new(
            lang,
            uri.to_string(),
            tr(
                lang,
                "ネットワーク全体のコーディネーター研修",
                "Coordinator training across the network",
            ),
            "coordinators",
        ),
        year,
        year_name: fiscal_year_name(year),
        rows: views,
        total,
    }
    .into_response())
}

/// A city's training figures for a fiscal year.
#[derive(Debug, Serialize, ToSchema)]
pub struct TrainingCountDto {
    /// The city's code (JIS X 0402).
    pub city: String,
    pub city_name: String,
    /// The fiscal year (年度) by the year it starts in.
    pub year: i32,
    pub coordinators: usize,
    /// Hours of training held in the year (to the half hour).
    pub hours: f64,
    /// Certificates issued in the year.
    pub certificates: usize,
    /// Stages (codes) its products in development are at with no coordinator of the city
    /// trained for them.
    pub uncovered_stages: Vec<String>,
}

/// Every designated city's coordinator training figures for a fiscal year (staff and
/// coordinators of any city).
#[utoipa::path(get, path = "/api/v1/network/training", tag = "network",
    security(("api_token" = []), ("session" = [])),
    params(YearParams),
    responses((status = 200, body = Vec<TrainingCountDto>), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
pub(super) async fn counts(
    State(state): State<AppState>,
    viewer: Viewer,
    QueryInput(q): QueryInput<YearParams>,
) -> Result<Json<Vec<TrainingCountDto>>, AppError> {
    let year = year_of(&q);
    let rows = training::network_training(&state.app, &viewer.caller(), year).await?;
    Ok(Json(
        rows.iter()
            .map(|r| TrainingCountDto {
                city: r.city.to_string(),
                city_name: state.store.city_name(&r.city.to_string()),
                year,
                coordinators: r.coordinators,
                hours: f64::from(r.half_hours) / 2.0,
                certificates: r.certificates,
                uncovered_stages: r.uncovered.iter().map(|s| s.code().to_owned()).collect(),
            })
            .collect(),
    ))
}
