//! The interface language of a request: `?lang=` (which also sets the cookie that remembers
//! the choice), else the `renkei_lang` cookie, else Japanese for pages — the users are
//! Japanese, whatever their browser says — and `Accept-Language` for API error details.

use axum::extract::FromRequestParts;
use axum::http::header::{ACCEPT_LANGUAGE, COOKIE};
use axum::http::request::Parts;
use renkei_domain::Lang;

pub const COOKIE_NAME: &str = "renkei_lang";

/// The language asked for in the query string, if any.
pub fn from_query(query: Option<&str>) -> Option<Lang> {
    query?
        .split('&')
        .find_map(|kv| kv.strip_prefix("lang="))
        .and_then(Lang::parse)
}

pub fn from_cookie(parts: &Parts) -> Option<Lang> {
    parts
        .headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix(COOKIE_NAME)?.strip_prefix('='))
        .and_then(Lang::parse)
}

/// The language of a page: chosen (query or cookie), else Japanese.
pub fn detect_page(parts: &Parts) -> Lang {
    from_query(parts.uri.query())
        .or_else(|| from_cookie(parts))
        .unwrap_or_default()
}

/// The language of an API answer: chosen, else `Accept-Language`, else Japanese.
pub fn detect(parts: &Parts) -> Lang {
    from_query(parts.uri.query())
        .or_else(|| from_cookie(parts))
        .or_else(|| {
            parts
                .headers
                .get(ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
        })
        .unwrap_or_default()
}

/// Extractor for the request's language.
#[derive(Debug, Clone, Copy)]
pub struct UiLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for UiLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(UiLang(detect_page(parts)))
    }
}

/// The language of an API request: `?lang=`, the cookie, then `Accept-Language`, then Japanese.
pub struct ApiLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for ApiLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ApiLang(detect(parts)))
    }
}
