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
use crate::features::{
    account, admin, bridges, calls, catalog, cities, companies, consultations, csr, dispatches,
    events, evidence, guide, imports, network, partnering, people, preparations, products,
    referrals, registrations, research_groups, reviews, search, showcase, targets, threads,
    training,
};
use crate::shared::error_page::error_page;
use crate::shared::routing::{Access, RouteInfo, Table};
use crate::{AppState, api, assets, lang};

/// The page routes of every feature, with the table of what each touches.
fn pages() -> (Router<AppState>, Vec<RouteInfo>) {
    let t = Table::new();
    let t = catalog::routes(t);
    let t = account::routes(t);
    let t = cities::routes(t);
    let t = guide::routes(t);
    let t = admin::routes(t);
    let t = companies::routes(t);
    let t = imports::routes(t);
    let t = products::routes(t);
    let t = reviews::routes(t);
    let t = referrals::routes(t);
    let t = search::routes(t);
    let t = targets::routes(t);
    let t = people::routes(t);
    let t = registrations::routes(t);
    let t = events::routes(t);
    let t = consultations::routes(t);
    let t = dispatches::routes(t);
    let t = bridges::routes(t);
    let t = research_groups::routes(t);
    let t = partnering::routes(t);
    let t = network::routes(t);
    let t = training::routes(t);
    let t = calls::routes(t);
    let t = showcase::routes(t);
    let t = preparations::routes(t);
    let t = threads::routes(t);
    let t = evidence::routes(t);
    let t = csr::routes(t);
    t.into_parts()
}

/// The API's operations, feature by feature, and the OpenAPI document that describes them.
/// The order is the document's order.
fn api_routes() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    use utoipa::OpenApi;
    let r = utoipa_axum::router::OpenApiRouter::with_openapi(api::ApiDoc::openapi());
    let r = catalog::api(r);
    let r = cities::api(r);
    let r = companies::api(r);
    let r = products::api(r);
    let r = search::api(r);
    let r = events::api(r);
    let r = consultations::api(r);
    let r = dispatches::api(r);
    let r = bridges::api(r);
    let r = research_groups::api(r);
    let r = partnering::api(r);
    let r = network::api(r);
    let r = training::api(r);
    let r = calls::api(r);
    let r = showcase::api(r);
    let r = preparations::api(r);
    let r = threads::api(r);
    let r = evidence::api(r);
    let r = csr::api(r);
    let r = cities::entry_api(r);
    r.split_for_parts()
}

pub fn router(state: AppState) -> Router {
    let (api_routes, openapi) = api_routes();
    let app = Router::new()
        .merge(pages().0)
        .route("/healthz", get(healthz))
        .route("/livez", get(crate::metrics::livez))
        .route("/readyz", get(crate::metrics::readyz))
        .route("/metrics", get(crate::metrics::metrics))
        .route("/assets/{*path}", get(assets::serve))
        .merge(api_routes)
        .merge(SwaggerUi::new("/api/docs").url("/api/v1/openapi.json", openapi))
        .fallback(|| async { AppError::NotFound })
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed })
        .layer(middleware::from_fn_with_state(
            state.metrics.clone(),
            crate::metrics::track,
        ))
        .layer(axum::Extension(state.trusted_proxies.clone()));
    let over_tls = crate::middleware::OverTls(state.secure_cookies);
    with_common_layers(app.with_state(state), over_tls)
}

/// What every route goes through, innermost first: a handler that panics becomes a logged
/// internal error (not a dropped connection); errors are rendered for their surface; the
/// request gets its id, its log line and the security headers.
fn with_common_layers(app: Router, over_tls: crate::middleware::OverTls) -> Router {
    app.layer(tower_http::catch_panic::CatchPanicLayer::custom(panicked))
        .layer(middleware::from_fn(render_errors))
        .layer(middleware::from_fn_with_state(
            over_tls,
            crate::middleware::request_context,
        ))
}

fn panicked(cause: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let what = cause
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| cause.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_owned());
    AppError::Internal(anyhow::anyhow!("handler panicked: {what}")).into_response()
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
    } else if matches!(*error, AppError::SecondFactorDue) {
        axum::response::Redirect::to(crate::access::ENROL_PATH).into_response()
    } else {
        error_page(&error, lang, path)
    }
}

/// What an API operation touches: the catalog, cities and menus are open to read and a menu
/// write changes a city's menu; companies and products follow their pages.
fn api_access(path: &str, method: &str) -> Access {
    use Access::*;
    use renkei_domain::access::Action::{Read, Write};
    let read = method == "GET";
    match path {
        "/api/v1/companies"
        | "/api/v1/products"
        | "/api/v1/search"
        | "/api/v1/events/{id}/meetings/agenda"
            if read =>
        {
            SignedIn
        }
        "/api/v1/companies" => CompanyCreate,
        "/api/v1/companies/{id}" => Company(if read { Read } else { Write }),
        "/api/v1/companies/{id}/products" => Company(Write),
        "/api/v1/products/{id}/support" if !read => SupportRecord,
        p if p.starts_with("/api/v1/products/{id}") => Product(if read { Read } else { Write }),
        p if p.starts_with("/api/v1/referrals/{id}") => Referral(if read { Read } else { Write }),
        "/api/v1/cities/{city}/consultations" => CityRecords(Read),
        "/api/v1/companies/{id}/consultations" => Consultation(Write),
        p if p.starts_with("/api/v1/consultations/{id}") => Consultation(Read),
        p if p.starts_with("/api/v1/dispatches/{id}") => Consultation(Read),
        "/api/v1/calls/{id}" => Call(Read),
        "/api/v1/coordinators" | "/api/v1/coordinators/{id}" => Coordinators,
        "/api/v1/coordinators/{id}/sites" if read => Coordinators,
        "/api/v1/coordinators/{id}/sites" => CoordinatorProfile,
        "/api/v1/network/training" => TrainingNetwork,
        "/api/v1/cities/{city}/dashboard" => EvidenceCity,
        "/api/v1/network/dashboard" => EvidenceNetwork,
        "/api/v1/help-requests" if read => SignedIn,
        "/api/v1/help-requests" => HelpAsk,
        "/api/v1/help-requests/{id}/moves" => HelpRequest(Write),
        "/api/v1/help-requests/{id}" => HelpRequest(Read),
        "/api/v1/referral-preparations" => ReferralPrepare,
        "/api/v1/referral-preparations/{id}/moves" => ReferralPrep(Write),
        "/api/v1/referral-preparations/{id}" => ReferralPrep(Read),
        "/api/v1/applications/{id}" => CallApplication(Read),
        "/api/v1/showcase/{id}" => Showcase,
        "/api/v1/threads" => Threads(if read { Read } else { Write }),
        "/api/v1/threads/{id}" => Thread(Read),
        "/api/v1/threads/{id}/posts" => Thread(Write),
        p if p.starts_with("/api/v1/cities/{city}/events") => {
            CityRecords(if read { Read } else { Write })
        }
        _ if read => Public,
        _ => CityMenuWrite,
    }
}

/// Every route of the router with what it touches: the page routes as registered, and the API
/// operations of the OpenAPI document (see [`api_access`]). The authorization test walks
/// this, so a new route cannot escape it.
pub fn route_table() -> Vec<(String, &'static str, Access)> {
    let mut table: Vec<(String, &'static str, Access)> = pages()
        .1
        .into_iter()
        .flat_map(|r| {
            r.methods
                .iter()
                .map(move |m| (r.path.to_owned(), *m, r.access))
        })
        .collect();
    let (_, openapi) = api_routes();
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
                table.push((path.clone(), method, api_access(&path, method)));
            }
        }
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::Request;
    use tower::ServiceExt;

    async fn boom() -> &'static str {
        panic!("secret detail")
    }

    #[tokio::test]
    async fn a_panicking_handler_answers_500_in_the_surfaces_own_form() {
        let app = with_common_layers(
            Router::new()
                .route("/boom", get(boom))
                .route("/api/v1/boom", get(boom)),
            crate::middleware::OverTls(false),
        );
        let page = app
            .clone()
            .oneshot(Request::get("/boom").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(page.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(page.into_body(), 1 << 20)
            .await
            .unwrap();
        let html = String::from_utf8_lossy(&body);
        assert!(html.contains("システムエラー") && !html.contains("secret detail"));
        let api = app
            .oneshot(Request::get("/api/v1/boom").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(api.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(api.into_body(), 1 << 20)
            .await
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(json["errors"][0]["code"], "internal");
        assert!(!json.to_string().contains("secret detail"));
    }
}
