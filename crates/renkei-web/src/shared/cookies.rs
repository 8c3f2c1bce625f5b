//! The cookies Renkei sets: the session's (its token only; the session lives in the
//! database) and the CSRF cookie of the forms one fills in before signing in; how a request's
//! cookie is read and how a cookie is set.

use axum::http::HeaderMap;
use axum::http::header::COOKIE;

use crate::AppState;

pub const SESSION_COOKIE: &str = "renkei_session";
pub(crate) const CSRF_COOKIE: &str = "renkei_csrf";

/// A cookie's value from the request headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix(name)?.strip_prefix('='))
}

pub(crate) fn set_cookie(
    state: &AppState,
    name: &str,
    value: &str,
    max_age_seconds: i64,
    same_site: &str,
) -> String {
    let secure = if state.secure_cookies { "; Secure" } else { "" };
    format!(
        "{name}={value}; Path=/; Max-Age={max_age_seconds}; HttpOnly; SameSite={same_site}{secure}"
    )
}
