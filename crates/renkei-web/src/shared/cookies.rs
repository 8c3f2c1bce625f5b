//! The cookies Renkei sets: the session's (its token only; the session lives in the
//! database) and the form token of the forms one fills in before signing in; how a request's
//! cookie is read and how a cookie is set. Served over TLS, every cookie is `Secure` and its
//! name starts with `__Host-`, which browsers let only this host set (no sibling subdomain
//! can plant one). A form token is one the server issued and signed
//! ([`renkei_store::FormTokens`]): the cookie and the form must carry the same signed value.

use std::borrow::Cow;

use axum::http::HeaderMap;
use axum::http::header::COOKIE;

use crate::AppState;
use crate::error::AppError;

pub const SESSION_COOKIE: &str = "renkei_session";
pub(crate) const CSRF_COOKIE: &str = "renkei_csrf";

/// A cookie's name as this node sets and reads it: `__Host-` in front when served over TLS.
pub(crate) fn cookie_name<'a>(state: &AppState, name: &'a str) -> Cow<'a, str> {
    if state.secure_cookies {
        Cow::Owned(format!("__Host-{name}"))
    } else {
        Cow::Borrowed(name)
    }
}

/// A cookie's value from the request headers, under its name as this node sets it.
pub fn cookie<'a>(state: &AppState, headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    let name = cookie_name(state, name);
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix(name.as_ref())?.strip_prefix('='))
}

pub(crate) fn set_cookie(
    state: &AppState,
    name: &str,
    value: &str,
    max_age_seconds: i64,
    same_site: &str,
) -> String {
    let secure = if state.secure_cookies { "; Secure" } else { "" };
    let name = cookie_name(state, name);
    format!(
        "{name}={value}; Path=/; Max-Age={max_age_seconds}; HttpOnly; SameSite={same_site}{secure}"
    )
}

async fn form_tokens(state: &AppState) -> Result<&renkei_store::FormTokens, AppError> {
    Ok(state
        .form_tokens
        .get_or_try_init(|| state.store.form_tokens())
        .await?)
}

/// A fresh form token for a form filled in before signing in, and the cookie that carries it.
pub(crate) async fn issue_form_token(state: &AppState) -> Result<(String, String), AppError> {
    let token = form_tokens(state).await?.issue();
    let cookie = set_cookie(state, CSRF_COOKIE, &token, 3600, "Strict");
    Ok((token, cookie))
}

/// Whether a form sent before signing in carries the token its cookie carries, and the
/// server issued it.
pub(crate) async fn form_token_ok(
    state: &AppState,
    headers: &HeaderMap,
    given: &str,
) -> Result<bool, AppError> {
    let expected = cookie(state, headers, CSRF_COOKIE).unwrap_or_default();
    Ok(!expected.is_empty() && given == expected && form_tokens(state).await?.verify(given))
}
