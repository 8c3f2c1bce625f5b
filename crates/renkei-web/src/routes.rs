//! The whole router: pages, API, OpenAPI document and reference, assets, health check, and
//! the fallbacks that answer unknown addresses in the surface's own form.

use axum::Router;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::sync::Arc;
use utoipa_swagger_ui::SwaggerUi;

use crate::error::{AppError, api_error_response};
use crate::{AppState, api, assets, lang, pages};

pub fn router(state: AppState) -> Router {
    let (api_routes, openapi) = api::routes();
    Router::new()
        .merge(pages::routes().0)
        .route("/healthz", get(healthz))
        .route("/assets/{*path}", get(assets::serve))
        .merge(api_routes)
        .merge(SwaggerUi::new("/api/docs").url("/api/v1/openapi.json", openapi))
        .fallback(|| async { AppError::NotFound })
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed })
        .layer(middleware::from_fn(render_errors))
        .layer(middleware::from_fn(crate::middleware::request_context))
        .layer(axum::Extension(state.trusted_proxies.clone()))
        .with_state(state)
}

/// 200 when the database answers, 503 when it does not.
async fn healthz(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => (
            StatusCode::OK,
            axum::Json(serde_json::json!({"status": "ok", "database": state.store.backend_name()})),
        )
            .into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "health check: database not answering");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(serde_json::json!({"status": "unavailable", "database": state.store.backend_name()})),
            )
                .into_response()
        }
    }
}

/// Renders the errors handlers raise (and unknown addresses) in the surface's own form: the
/// JSON envelope under `/api/`, an error page elsewhere, in the request's language.
async fn render_errors(request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let path = parts.uri.path().to_owned();
    let lang = if path.starts_with("/api/") {
        lang::detect(&parts)
    } else {
        lang::detect_page(&parts)
    };
    let mut response = next.run(Request::from_parts(parts, body)).await;
    let Some(error) = response.extensions_mut().remove::<Arc<AppError>>() else {
        return response;
    };
    if path.starts_with("/api/") {
        api_error_response(&error, lang)
    } else if matches!(*error, AppError::SignInRequired) {
        axum::response::Redirect::to("/sign-in").into_response()
    } else {
        pages::error_page(&error, lang, path)
    }
}

/// Every route of the router with what it touches: the page routes as registered, and the API
/// operations of the OpenAPI document (reads are open, writes change a city's menu). The
/// authorization test walks this, so a new route cannot escape it.
pub fn route_table() -> Vec<(String, &'static str, pages::Access)> {
    let mut table: Vec<(String, &'static str, pages::Access)> = pages::routes()
        .1
        .into_iter()
        .flat_map(|r| {
            r.methods
                .iter()
                .map(move |m| (r.path.to_owned(), *m, r.access))
        })
        .collect();
    let (_, openapi) = api::routes();
    for (path, item) in openapi.paths.paths {
        let ops = [
            ("GET", item.get.is_some()),
            ("POST", item.post.is_some()),
            ("PUT", item.put.is_some()),
            ("DELETE", item.delete.is_some()),
            ("PATCH", item.patch.is_some()),
        ];
        for (method, present) in ops {
            if present {
                let access = if method == "GET" {
                    pages::Access::Public
                } else {
                    pages::Access::CityMenuWrite
                };
                table.push((path.clone(), method, access));
            }
        }
    }
    table
}
