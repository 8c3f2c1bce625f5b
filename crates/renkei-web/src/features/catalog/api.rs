//! The catalog in the JSON API: the company types, the stages, the measures and the
//! applicability matrix, read-only and open to anyone.

use axum::Json;
use axum::extract::Path;
use renkei_domain::catalog::{self, CompanyType, Scope, Stage};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::api::dto::*;
use crate::api::filter::{bad_filter, parse_stage, scope_filter};
use crate::error::{AppError, ErrorEnvelope};
use crate::extract::QueryInput;

/// The three company types (3類型).
#[utoipa::path(get, path = "/api/v1/company-types", tag = "catalog", params(PageParams),
    responses((status = 200, body = Paginated<CompanyTypeDto>), (status = 400, body = ErrorEnvelope)))]
pub(super) async fn list_company_types(
    QueryInput(p): QueryInput<PageParams>,
) -> Json<Paginated<CompanyTypeDto>> {
    Json(paginate(
        CompanyType::ALL.into_iter().map(Into::into).collect(),
        p,
    ))
}

/// The eight stages (8段階).
#[utoipa::path(get, path = "/api/v1/stages", tag = "catalog", params(PageParams),
    responses((status = 200, body = Paginated<StageDto>), (status = 400, body = ErrorEnvelope)))]
pub(super) async fn list_stages(
    QueryInput(p): QueryInput<PageParams>,
) -> Json<Paginated<StageDto>> {
    Json(paginate(
        Stage::ALL.into_iter().map(Into::into).collect(),
        p,
    ))
}

/// One stage with its table and its measures.
#[utoipa::path(get, path = "/api/v1/stages/{stage}", tag = "catalog",
    params(("stage" = String, Path, description = "Stage number (1–8) or code", example = "5")),
    responses((status = 200, body = StageDetailDto), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn get_stage(Path(stage): Path<String>) -> Result<Json<StageDetailDto>, AppError> {
    let stage = parse_stage(&stage).ok_or(AppError::NotFound)?;
    let scope = Scope::Stage(stage);
    let items = |c| {
        catalog::table_items(scope, c)
            .map(|i| TableItemDto {
                text: i.text.into(),
                measure: i.measure.map(Into::into),
            })
            .collect()
    };
    let mut notes = Vec::new();
    if matches!(stage, Stage::Sales | Stage::Production) {
        notes.push(catalog::SALES_AFTER_PRODUCTION_NOTE.into());
    }
    if stage == Stage::Production {
        notes.push(catalog::PRODUCTION_NO_VOICES_NOTE.into());
    }
    Ok(Json(StageDetailDto {
        stage: stage.into(),
        current_support: items(catalog::Column::CurrentSupport),
        company_voices: items(catalog::Column::CompanyVoice),
        remedies: items(catalog::Column::Remedy),
        measures: catalog::measures_in(scope).map(Into::into).collect(),
        notes,
    }))
}

/// Filters of the measure list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MeasureFilter {
    /// Stage number (1–8) or code, or `common` for the all-stages measures.
    pub stage: Option<String>,
    /// Kind of delivery, e.g. `subsidy`.
    pub kind: Option<String>,
    /// `existing` or `new`.
    pub novelty: Option<String>,
    /// `city`, `cities`, `prefecture` or `state`.
    pub provider: Option<String>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// Every measure of the model, filtered.
#[utoipa::path(get, path = "/api/v1/measures", tag = "catalog", params(MeasureFilter),
    responses((status = 200, body = Paginated<MeasureDto>), (status = 400, body = ErrorEnvelope)))]
pub(super) async fn list_measures(
    QueryInput(f): QueryInput<MeasureFilter>,
) -> Result<Json<Paginated<MeasureDto>>, AppError> {
    let scope = scope_filter(f.stage.as_deref())?;
    let kind = f
        .kind
        .as_deref()
        .map(|k| catalog::MeasureKind::from_code(k).ok_or_else(|| bad_filter("kind")))
        .transpose()?;
    let novelty = f
        .novelty
        .as_deref()
        .map(|n| catalog::Novelty::from_code(n).ok_or_else(|| bad_filter("novelty")))
        .transpose()?;
    let provider = f
        .provider
        .as_deref()
        .map(|p| catalog::Provider::from_code(p).ok_or_else(|| bad_filter("provider")))
        .transpose()?;
    let all = catalog::MEASURES
        .iter()
        .filter(|m| scope.is_none_or(|s| m.scope == s))
        .filter(|m| kind.is_none_or(|k| m.kind == k))
        .filter(|m| novelty.is_none_or(|n| m.novelty == n))
        .filter(|m| provider.is_none_or(|p| m.provider == p))
        .map(Into::into)
        .collect();
    Ok(page_of(all, f.page, f.per_page))
}

/// One measure.
#[utoipa::path(get, path = "/api/v1/measures/{code}", tag = "catalog",
    params(("code" = String, Path, example = "development.software-support")),
    responses((status = 200, body = MeasureDto), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn get_measure(Path(code): Path<String>) -> Result<Json<MeasureDto>, AppError> {
    catalog::measure(&code)
        .map(|m| Json(m.into()))
        .ok_or(AppError::NotFound)
}

/// Filter of the applicability matrix.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ApplicabilityFilter {
    /// Only this company type, e.g. `metro-needs-ict`.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub company_type: Option<String>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// The applicability matrix (3類型別の活用可能性), type × stage.
#[utoipa::path(get, path = "/api/v1/applicability", tag = "catalog", params(ApplicabilityFilter),
    responses((status = 200, body = Paginated<ApplicabilityDto>), (status = 400, body = ErrorEnvelope)))]
pub(super) async fn list_applicability(
    QueryInput(f): QueryInput<ApplicabilityFilter>,
) -> Result<Json<Paginated<ApplicabilityDto>>, AppError> {
    let only = f
        .company_type
        .as_deref()
        .map(|t| CompanyType::from_code(t).ok_or_else(|| bad_filter("type")))
        .transpose()?;
    let all = catalog::applicability_matrix()
        .into_iter()
        .filter(|c| only.is_none_or(|t| c.company_type == t))
        .map(|c| ApplicabilityDto {
            company_type: c.company_type.code().into(),
            stage: c.stage.number(),
            level: c.level.code().into(),
            low_measures: c.low_measures.iter().map(|m| (*m).into()).collect(),
        })
        .collect();
    Ok(page_of(all, f.page, f.per_page))
}

/// One page of a list, as a filter's `page` and `per_page` ask.
fn page_of<T: ToSchema>(
    all: Vec<T>,
    page: Option<u64>,
    per_page: Option<u64>,
) -> Json<Paginated<T>> {
    Json(paginate(all, PageParams { page, per_page }))
}
