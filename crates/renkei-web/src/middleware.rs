//! Cross-cutting request handling: a request id, one log line per request (tokens in the
//! path left out), security headers (HSTS when served over TLS; `Cache-Control: no-store` on
//! every answer that does not say otherwise, so a shared proxy or a shared PC's browser keeps
//! no signed-in page or export), and remembering the language chosen with `?lang=`.

use std::borrow::Cow;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

use crate::lang;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The request's id, for handlers (the audit trail records it).
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// Whether the node is served over TLS (`--secure-cookies`): cookies are then `Secure` and
/// browsers are told to use HTTPS only (HSTS).
#[derive(Debug, Clone, Copy)]
pub struct OverTls(pub bool);

/// Whether a path segment looks like a token: 24 or more letters, digits, `-` or `_`, as
/// every link token and invitation is.
fn is_token(segment: &str) -> bool {
    segment.len() >= 24
        && segment
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The path as the log shows it, each segment that looks like a token written as `[token]`;
/// the path itself, not a copy, when none does (nearly every request).
pub fn loggable_path(path: &str) -> Cow<'_, str> {
    if !path.split('/').any(is_token) {
        return Cow::Borrowed(path);
    }
    let segments: Vec<&str> = path
        .split('/')
        .map(|s| if is_token(s) { "[token]" } else { s })
        .collect();
    Cow::Owned(segments.join("/"))
}

pub async fn request_context(
    State(OverTls(over_tls)): State<OverTls>,
    mut request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let id = request
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 64 && v.bytes().all(|b| b.is_ascii_graphic()))
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string());
    let method = request.method().clone();
    let path = loggable_path(request.uri().path()).into_owned();
    let chosen_lang = lang::from_query(request.uri().query());
    request.extensions_mut().insert(RequestId(id.clone()));
    let span = tracing::info_span!("request", request_id = %id);
    let mut response = tracing::Instrument::instrument(next.run(request), span).await;
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&id) {
        headers.insert(REQUEST_ID, v);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    // The API reference (Swagger UI) runs inline scripts of its own: it is only kept out of
    // frames and from plugins and a changed base.
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(if path.starts_with("/api/docs") {
            "frame-ancestors 'none'; object-src 'none'; base-uri 'none'"
        } else {
            "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
        }),
    );
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if over_tls {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    if let Some(l) = chosen_lang {
        // A preference, not a secret: readable by the page, kept for a year.
        let cookie = format!(
            "{}={}; Path=/; Max-Age=31536000; SameSite=Lax{}",
            lang::COOKIE_NAME,
            l.code(),
            if over_tls { "; Secure" } else { "" }
        );
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            headers.append(header::SET_COOKIE, v);
        }
    }
    let status = response.status().as_u16();
    let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    tracing::info!(request_id = %id, %method, %path, status, elapsed_ms = format_args!("{elapsed_ms:.2}"), "request");
    response
}

#[cfg(test)]
mod tests {
    use super::loggable_path;

    #[test]
    fn tokens_are_left_out_of_the_logged_path() {
        let token = "0f".repeat(32);
        assert_eq!(
            loggable_path(&format!("/introductions/{token}")),
            "/introductions/[token]"
        );
        assert_eq!(loggable_path("/cities/431001/menu"), "/cities/431001/menu");
        assert_eq!(loggable_path("/products/12"), "/products/12");
    }
}
