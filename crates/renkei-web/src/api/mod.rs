//! The JSON API under `/api/v1/`: what its operations share. The operations live in their
//! features (`features/<feature>/api.rs`); here are the OpenAPI document's head ([`ApiDoc`]:
//! title, tags, security schemes), the DTOs several features use, and the filters of the
//! catalog's and the menus' lists. Every list is paginated; every error is the envelope of
//! [`crate::error::ErrorEnvelope`]. The document is generated from the handlers' annotations,
//! so it cannot drift from the routes.

pub mod dto;
pub(crate) mod filter;

use axum::http::HeaderMap;
use utoipa::OpenApi;

use crate::access::CSRF_HEADER;
use crate::error::ErrorEnvelope;

/// The CSRF token a session-authenticated write sends in `X-CSRF-Token`.
pub(crate) fn csrf(headers: &HeaderMap) -> &str {
    headers
        .get(CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

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
        (name = "events", description = "催し（セミナー・見学会・商談会）と申込み / Events and their registrations"),
        (name = "consultations", description = "相談窓口の相談案件 / Consultation cases at a city's desk"),
        (name = "calls", description = "公募（補助金・表彰・認定）と申請 / Calls for applications and their applications"),
        (name = "network", description = "コーディネーター名簿、相互支援の依頼、情報交換のスレッド / The coordinator directory, requests for help across cities, and the cities' threads"),
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
