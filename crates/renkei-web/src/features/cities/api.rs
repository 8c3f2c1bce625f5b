//! The cities and their menus in the JSON API: the designated cities, each city's menu, and
//! the writes to a menu (for those allowed to change the city's menu).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use renkei_domain::access::Resource;
use renkei_store::MenuQuery;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::AppState;
use crate::access::Viewer;
use crate::api::dto::*;
use crate::api::filter::scope_filter;
use crate::error::{AppError, ErrorEnvelope};
use crate::extract::{JsonInput, QueryInput};
use crate::shared::city::city_code;

use super::entry_id;

/// The twenty designated cities.
#[utoipa::path(get, path = "/api/v1/cities", tag = "cities", params(PageParams),
    responses((status = 200, body = Paginated<CityDto>), (status = 400, body = ErrorEnvelope)))]
pub(super) async fn list_cities(
    State(state): State<AppState>,
    QueryInput(p): QueryInput<PageParams>,
) -> Result<Json<Paginated<CityDto>>, AppError> {
    let cities = state.store.cities();
    Ok(Json(paginate(
        cities.iter().cloned().map(Into::into).collect(),
        p,
    )))
}

/// One city.
#[utoipa::path(get, path = "/api/v1/cities/{city}", tag = "cities",
    params(("city" = String, Path, description = "Local-government code", example = "121002")),
    responses((status = 200, body = CityDto), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn get_city(
    State(state): State<AppState>,
    Path(city): Path<String>,
) -> Result<Json<CityDto>, AppError> {
    let code = city_code(&city)?;
    Ok(Json(state.store.city(&code)?.clone().into()))
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
pub(super) async fn list_menu(
    State(state): State<AppState>,
    Path(city): Path<String>,
    QueryInput(f): QueryInput<MenuFilter>,
) -> Result<axum::response::Response, AppError> {
    let code = city_code(&city)?;
    let scope = scope_filter(f.stage.as_deref())?;
    let page = PageParams {
        page: f.page,
        per_page: f.per_page,
    }
    .request();
    // The page's JSON is kept per city, scope and page under the menu's revision (one small
    // read per request), so a change made on any node shows at once.
    let revision = state.store.menu_revision(&code).await?;
    let key = format!(
        "menu.json:{code}:{}:{}:{}",
        match scope {
            Some(renkei_domain::catalog::Scope::Stage(s)) => s.code(),
            Some(renkei_domain::catalog::Scope::AllStages) => "common",
            None => "",
        },
        page.page,
        page.per_page
    );
    let json = state
        .fragments
        .get_or_render(key, revision, chrono::Utc::now(), || async {
            let p = state.store.menu(&code, MenuQuery { scope, page }).await?;
            let text = serde_json::to_string(&Paginated::<MenuEntryDto>::from_page(p))
                .map_err(|e| AppError::Internal(e.into()))?;
            Ok::<_, AppError>(crate::cache::Rendered { text, until: None })
        })
        .await?;
    Ok((
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        crate::cache::body(json.text().clone()),
    )
        .into_response())
}

/// Adds an entry to a city's menu. Needs a signed-in session allowed to change the city's
/// menu, and its CSRF token in `X-CSRF-Token`.
#[utoipa::path(post, path = "/api/v1/cities/{city}/menu", tag = "cities",
    security(("api_token" = []), ("session" = [])),
    params(("city" = String, Path, example = "121002")),
    request_body = MenuEntryInput,
    responses((status = 201, body = MenuEntryDto), (status = 400, body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "Not allowed, or no `X-CSRF-Token` of the session", body = ErrorEnvelope), 
        (status = 404, body = ErrorEnvelope), (status = 422, description = "Invalid fields, each named", body = ErrorEnvelope)))]
pub(super) async fn create_menu_entry(
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

/// One entry of a city's menu.
#[utoipa::path(get, path = "/api/v1/cities/{city}/menu/{id}", tag = "cities",
    params(("city" = String, Path, example = "121002"), ("id" = i64, Path)),
    responses((status = 200, body = MenuEntryDto), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn get_menu_entry(
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
pub(super) async fn update_menu_entry(
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
pub(super) async fn delete_menu_entry(
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
