//! The JSON API under `/api/v1/`: the catalog (company types, stages, measures,
//! applicability), the cities and each city's menu. Every list is paginated; every error is
//! the envelope of [`crate::error::ErrorEnvelope`]. The OpenAPI document is generated from
//! the handlers' annotations, so it cannot drift from the routes.

mod companies;
pub mod dto;
mod search;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use renkei_domain::catalog::{self, CompanyType, Scope, Stage};
use renkei_domain::city::CityCode;
use renkei_store::MenuQuery;
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::access::Viewer;
use crate::error::{AppError, ErrorEnvelope};
use crate::extract::{JsonInput, QueryInput};
use dto::*;
use renkei_domain::access::Resource;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Renkei API",
        description = "指定都市の医療・介護・健康関連産業支援プラットフォーム Renkei の API。\n\n\
            The API of Renkei, the platform on which Japan's designated cities support local \
            companies' medical, nursing-care and health products. Error details follow \
            `Accept-Language` (Japanese by default, English with `en`).",
        license(name = "MIT"),
    ),
    tags(
        (name = "catalog", description = "理想的な支援成功モデル / The ideal support success model"),
        (name = "cities", description = "指定都市とその支援メニュー / Designated cities and their menus"),
        (name = "companies", description = "企業と開発案件 / Companies and their products"),
        (name = "search", description = "横断検索 / Search across records"),
    ),
    components(schemas(ErrorEnvelope)),
    modifiers(&SecuritySchemes)
)]
pub struct ApiDoc;

/// How writes authenticate: an API token, or a signed-in session's cookie (with the session's
/// CSRF token in `X-CSRF-Token`).
struct SecuritySchemes;

impl utoipa::Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{
            ApiKey, ApiKeyValue, Http, HttpAuthScheme, SecurityScheme,
        };
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_token",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new("renkei_session"))),
        );
    }
}

/// The API's routes and the OpenAPI document that describes them.
pub fn routes() -> (axum::Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(list_company_types))
        .routes(routes!(list_stages))
        .routes(routes!(get_stage))
        .routes(routes!(list_measures))
        .routes(routes!(get_measure))
        .routes(routes!(list_applicability))
        .routes(routes!(list_cities))
        .routes(routes!(get_city))
        .routes(routes!(list_menu, create_menu_entry))
        .routes(routes!(
            companies::list_companies,
            companies::create_company
        ))
        .routes(routes!(companies::get_company, companies::update_company))
        .routes(routes!(companies::create_product))
        .routes(routes!(companies::list_products))
        .routes(routes!(companies::get_product))
        .routes(routes!(companies::move_product))
        .routes(routes!(companies::add_support))
        .routes(routes!(companies::add_review))
        .routes(routes!(companies::product_model))
        .routes(routes!(search::search))
        .routes(routes!(search::referral_matches))
        .routes(routes!(
            get_menu_entry,
            update_menu_entry,
            delete_menu_entry
        ))
        .split_for_parts()
}

/// The three company types (3類型).
#[utoipa::path(get, path = "/api/v1/company-types", tag = "catalog", params(PageParams),
    responses((status = 200, body = Paginated<CompanyTypeDto>), (status = 400, body = ErrorEnvelope)))]
async fn list_company_types(
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
async fn list_stages(QueryInput(p): QueryInput<PageParams>) -> Json<Paginated<StageDto>> {
    Json(paginate(
        Stage::ALL.into_iter().map(Into::into).collect(),
        p,
    ))
}

/// Parses a stage given by number (1–8) or code (`development`).
fn parse_stage(s: &str) -> Option<Stage> {
    s.parse::<u8>()
        .ok()
        .and_then(Stage::from_number)
        .or_else(|| Stage::from_code(s))
}

/// One stage with its table and its measures.
#[utoipa::path(get, path = "/api/v1/stages/{stage}", tag = "catalog",
    params(("stage" = String, Path, description = "Stage number (1–8) or code", example = "5")),
    responses((status = 200, body = StageDetailDto), (status = 404, body = ErrorEnvelope)))]
async fn get_stage(Path(stage): Path<String>) -> Result<Json<StageDetailDto>, AppError> {
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

/// A `stage` filter: a stage number or code, or `common` for the all-stages measures.
fn scope_filter(stage: Option<&str>) -> Result<Option<Scope>, AppError> {
    Ok(match stage {
        None => None,
        Some("common") => Some(Scope::AllStages),
        Some(s) => Some(Scope::Stage(
            parse_stage(s).ok_or_else(|| bad_filter("stage"))?,
        )),
    })
}

fn bad_filter(field: &'static str) -> AppError {
    AppError::BadRequest {
        field: Some(field),
        message: renkei_domain::Text::new(
            "絞り込みの値が正しくありません。",
            "Unknown filter value.",
        ),
    }
}

/// Every measure of the model, filtered.
#[utoipa::path(get, path = "/api/v1/measures", tag = "catalog", params(MeasureFilter),
    responses((status = 200, body = Paginated<MeasureDto>), (status = 400, body = ErrorEnvelope)))]
async fn list_measures(
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
    Ok(Json(paginate(
        all,
        PageParams {
            page: f.page,
            per_page: f.per_page,
        },
    )))
}

/// One measure.
#[utoipa::path(get, path = "/api/v1/measures/{code}", tag = "catalog",
    params(("code" = String, Path, example = "development.software-support")),
    responses((status = 200, body = MeasureDto), (status = 404, body = ErrorEnvelope)))]
async fn get_measure(Path(code): Path<String>) -> Result<Json<MeasureDto>, AppError> {
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
async fn list_applicability(
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
    Ok(Json(paginate(
        all,
        PageParams {
            page: f.page,
            per_page: f.per_page,
        },
    )))
}

/// The twenty designated cities.
#[utoipa::path(get, path = "/api/v1/cities", tag = "cities", params(PageParams),
    responses((status = 200, body = Paginated<CityDto>), (status = 400, body = ErrorEnvelope)))]
async fn list_cities(
    State(state): State<AppState>,
    QueryInput(p): QueryInput<PageParams>,
) -> Result<Json<Paginated<CityDto>>, AppError> {
    let cities = state.store.cities();
    Ok(Json(paginate(
        cities.iter().cloned().map(Into::into).collect(),
        p,
    )))
}

/// A city code from the path; anything that is not a designated city is "not found".
pub(crate) fn city_code(s: &str) -> Result<CityCode, AppError> {
    CityCode::parse(s)
        .ok()
        .filter(renkei_domain::city::is_designated)
        .ok_or(AppError::NotFound)
}

/// One city.
#[utoipa::path(get, path = "/api/v1/cities/{city}", tag = "cities",
    params(("city" = String, Path, description = "Local-government code", example = "121002")),
    responses((status = 200, body = CityDto), (status = 404, body = ErrorEnvelope)))]
async fn get_city(
    State(state): State<AppState>,
    Path(city): Path<String>,
) -> Result<Json<CityDto>, AppError> {
    let code = city_code(&city)?;
    Ok(Json(state.store.city(&code.to_string())?.clone().into()))
}

/// Filter of a city's menu.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MenuFilter {
    /// Stage number (1–8) or code, or `common`.
    pub stage: Option<String>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// A city's menu of measures, in the catalog's order.
#[utoipa::path(get, path = "/api/v1/cities/{city}/menu", tag = "cities",
    params(("city" = String, Path, example = "121002"), MenuFilter),
    responses((status = 200, body = Paginated<MenuEntryDto>), (status = 400, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
async fn list_menu(
    State(state): State<AppState>,
    Path(city): Path<String>,
    QueryInput(f): QueryInput<MenuFilter>,
) -> Result<Json<Paginated<MenuEntryDto>>, AppError> {
    let code = city_code(&city)?;
    let scope = scope_filter(f.stage.as_deref())?;
    let page = PageParams {
        page: f.page,
        per_page: f.per_page,
    }
    .request();
    let p = state.store.menu(&code, MenuQuery { scope, page }).await?;
    Ok(Json(Paginated::from_page(p)))
}

/// Adds an entry to a city's menu. Needs a signed-in session allowed to change the city's
/// menu, and its CSRF token in `X-CSRF-Token`.
#[utoipa::path(post, path = "/api/v1/cities/{city}/menu", tag = "cities",
    security(("api_token" = []), ("session" = [])),
    params(("city" = String, Path, example = "121002")),
    request_body = MenuEntryInput,
    responses((status = 201, body = MenuEntryDto), (status = 400, body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "Not allowed, or no `X-CSRF-Token` of the session", body = ErrorEnvelope), 
        (status = 404, body = ErrorEnvelope), (status = 422, description = "Invalid fields, each named", body = ErrorEnvelope)))]
async fn create_menu_entry(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: axum::http::HeaderMap,
    Path(city): Path<String>,
    JsonInput(input): JsonInput<MenuEntryInput>,
) -> Result<impl IntoResponse, AppError> {
    let code = city_code(&city)?;
    viewer
        .require_write(Resource::CityMenu(&code), &headers)
        .await?;
    let entry = input
        .draft()
        .validate(&code)
        .map_err(AppError::Validation)?;
    let record = state
        .store
        .create_menu_entry(&code, &viewer.actor, &entry)
        .await?;
    Ok((StatusCode::CREATED, Json(MenuEntryDto::from(record))))
}

fn entry_id(s: &str) -> Result<i64, AppError> {
    s.parse().map_err(|_| AppError::NotFound)
}

/// One entry of a city's menu.
#[utoipa::path(get, path = "/api/v1/cities/{city}/menu/{id}", tag = "cities",
    params(("city" = String, Path, example = "121002"), ("id" = i64, Path)),
    responses((status = 200, body = MenuEntryDto), (status = 404, body = ErrorEnvelope)))]
async fn get_menu_entry(
    State(state): State<AppState>,
    Path((city, id)): Path<(String, String)>,
) -> Result<Json<MenuEntryDto>, AppError> {
    let code = city_code(&city)?;
    Ok(Json(
        state.store.menu_entry(&code, entry_id(&id)?).await?.into(),
    ))
}

/// Replaces an entry of a city's menu. Send the `version` you read to detect conflicts.
#[utoipa::path(put, path = "/api/v1/cities/{city}/menu/{id}", tag = "cities",
    security(("api_token" = []), ("session" = [])),
    params(("city" = String, Path, example = "121002"), ("id" = i64, Path)),
    request_body = MenuEntryInput,
    responses((status = 200, body = MenuEntryDto), (status = 400, body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "Not allowed, or no `X-CSRF-Token` of the session", body = ErrorEnvelope), 
        (status = 404, body = ErrorEnvelope), (status = 409, description = "Changed by someone else since `version`", body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope)))]
async fn update_menu_entry(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: axum::http::HeaderMap,
    Path((city, id)): Path<(String, String)>,
    JsonInput(input): JsonInput<MenuEntryInput>,
) -> Result<Json<MenuEntryDto>, AppError> {
    let code = city_code(&city)?;
    viewer
        .require_write(Resource::CityMenu(&code), &headers)
        .await?;
    let id = entry_id(&id)?;
    let entry = input
        .draft()
        .validate(&code)
        .map_err(AppError::Validation)?;
    Ok(Json(
        state
            .store
            .update_menu_entry(&code, id, input.version, &viewer.actor, &entry)
            .await?
            .into(),
    ))
}

/// Removes an entry from a city's menu.
#[utoipa::path(delete, path = "/api/v1/cities/{city}/menu/{id}", tag = "cities",
    security(("api_token" = []), ("session" = [])),
    params(("city" = String, Path, example = "121002"), ("id" = i64, Path)),
    responses((status = 204, description = "Removed"), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "Not allowed, or no `X-CSRF-Token` of the session", body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
async fn delete_menu_entry(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: axum::http::HeaderMap,
    Path((city, id)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    let code = city_code(&city)?;
    viewer
        .require_write(Resource::CityMenu(&code), &headers)
        .await?;
    state
        .store
        .delete_menu_entry(&code, entry_id(&id)?, &viewer.actor)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
