//! The dashboards in the JSON API: `GET /api/v1/cities/{city}/dashboard` and
//! `GET /api/v1/network/dashboard`, the same tables as the pages, each figure with its
//! value (none when suppressed or not measured), its text as the page shows it, and whether
//! it was suppressed (fewer than 3 records of another city).

use axum::Json;
use axum::extract::{Path, State};
use renkei_app::evidence::{self, Dashboard, Scope};
use renkei_domain::Lang;
use serde::Serialize;
use utoipa::ToSchema;

use super::dashboard::FilterParams;
use crate::AppState;
use crate::access::Viewer;
use crate::error::{AppError, ErrorEnvelope};
use crate::extract::QueryInput;
use crate::lang::UiLang;
use crate::shared::city::city_code;

/// One figure.
#[derive(Debug, Serialize, ToSchema)]
pub struct FigureDto {
    /// The number (yen, days, percent or a count); none when suppressed or not measured.
    pub value: Option<f64>,
    /// As the page shows it (`1,200,000円`, `3.5日`, `3件未満`, `—`).
    pub text: String,
    /// Built from fewer than 3 records of other cities, so not shown.
    pub suppressed: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RowDto {
    pub label: String,
    pub cells: Vec<FigureDto>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TableDto {
    /// A stable key (`products-by-stage`, `referral-funnel` …).
    pub key: String,
    pub title: String,
    pub rows_are: String,
    pub columns: Vec<String>,
    pub rows: Vec<RowDto>,
    pub note: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SectionDto {
    pub key: String,
    pub title: String,
    pub tables: Vec<TableDto>,
}

/// A dashboard.
#[derive(Debug, Serialize, ToSchema)]
pub struct DashboardDto {
    /// The city's code, or `network`.
    pub scope: String,
    /// The fiscal year (年度) by the year it starts in.
    pub year: i32,
    /// The year as people name it: `2026年度（令和8年度）`.
    pub year_name: String,
    pub city: Option<String>,
    pub company_type: Option<String>,
    pub stage: Option<String>,
    pub sections: Vec<SectionDto>,
}

pub fn dto(d: &Dashboard, lang: Lang) -> DashboardDto {
    DashboardDto {
        scope: match d.scope {
            Scope::City(c) => c.to_string(),
            Scope::Network => "network".to_owned(),
        },
        year: d.filter.year,
        year_name: d.filter.year_name(),
        city: d.filter.city.map(|c| c.to_string()),
        company_type: d.filter.company_type.map(|t| t.code().to_owned()),
        stage: d.filter.stage.map(|s| s.code().to_owned()),
        sections: d
            .sections
            .iter()
            .map(|s| SectionDto {
                key: s.key.to_owned(),
                title: s.title.clone(),
                tables: s
                    .tables
                    .iter()
                    .map(|t| TableDto {
                        key: t.key.to_owned(),
                        title: t.title.clone(),
                        rows_are: t.rows_are.clone(),
                        columns: t.columns.clone(),
                        rows: t
                            .rows
                            .iter()
                            .map(|r| RowDto {
                                label: r.label.clone(),
                                cells: r
                                    .cells
                                    .iter()
                                    .map(|c| FigureDto {
                                        value: c.number(),
                                        text: c.text(lang),
                                        suppressed: c.is_suppressed(),
                                    })
                                    .collect(),
                            })
                            .collect(),
                        note: t.note.clone(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

async fn read(
    state: &AppState,
    viewer: &Viewer,
    scope: Scope,
    q: &FilterParams,
    lang: Lang,
) -> Result<Json<DashboardDto>, AppError> {
    evidence::audience(&state.app, &viewer.caller(), scope).await?;
    let filter = q.parse().map_err(AppError::Validation)?;
    let d = evidence::dashboard(&state.app, &viewer.caller(), scope, filter, lang).await?;
    Ok(Json(dto(&d, lang)))
}

/// A city's dashboard (its staff and coordinators).
#[utoipa::path(get, path = "/api/v1/cities/{city}/dashboard", tag = "evidence",
    security(("api_token" = []), ("session" = [])),
    params(("city" = String, Path, description = "The city's code"), FilterParams),
    responses((status = 200, body = DashboardDto), (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub(super) async fn city_dashboard(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    viewer: Viewer,
    Path(city): Path<String>,
    QueryInput(q): QueryInput<FilterParams>,
) -> Result<Json<DashboardDto>, AppError> {
    let code = city_code(&city)?;
    read(&state, &viewer, Scope::City(code), &q, lang).await
}

/// The network's dashboard (every city's staff and coordinators; other cities' figures of
/// fewer than 3 records suppressed).
#[utoipa::path(get, path = "/api/v1/network/dashboard", tag = "evidence",
    security(("api_token" = []), ("session" = [])),
    params(FilterParams),
    responses((status = 200, body = DashboardDto), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub(super) async fn network_dashboard(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    viewer: Viewer,
    QueryInput(q): QueryInput<FilterParams>,
) -> Result<Json<DashboardDto>, AppError> {
    read(&state, &viewer, Scope::Network, &q, lang).await
}
