//! Sign-in through a city's identity provider (OpenID Connect):
//! `GET /sign-in/oidc/{provider}` (to the provider, with the sign-in's state in a cookie of
//! this browser) and `GET /sign-in/oidc/callback` (back from it: the session starts as after
//! a password, or the second factor is asked for when it is on). A refusal shows the sign-in page with why: 403, or 502 when the provider
//! fails; a sign-in cancelled at the provider shows it with a notice.

use axum::extract::{Path, State};
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};
use renkei_app::oidc::{self, Callback, Refusal, RefusalKind};
use renkei_domain::Lang;
use renkei_domain::oidc::LOGIN_VALID;
use renkei_store::IdentityProviderId;
use serde::Deserialize;

use super::providers::buttons;
use super::sign_in::{sign_in_base, sign_in_page};
use crate::AppState;
use crate::error::AppError;
use crate::extract::{Caller, QueryInput};
use crate::lang::UiLang;
use crate::shared::cookies::{cookie, issue_form_token, set_cookie};

/// The cookie that binds a sign-in under way to the browser that started it.
const STATE_COOKIE: &str = "renkei_oidc_state";

/// The sign-in page again, with why the sign-in through a provider did not happen.
async fn refused(
    state: &AppState,
    lang: Lang,
    uri: &Uri,
    refusal: Refusal,
) -> Result<Response, AppError> {
    let status = match refusal.kind() {
        RefusalKind::Cancelled => StatusCode::OK,
        RefusalKind::ProviderFailed => StatusCode::BAD_GATEWAY,
        RefusalKind::NotFound | RefusalKind::Refused => StatusCode::FORBIDDEN,
    };
    let (csrf, csrf_cookie) = issue_form_token(state).await?;
    let forget = set_cookie(state, STATE_COOKIE, "", 0, "Lax");
    let base = sign_in_base(lang, uri);
    let providers = buttons(state, lang).await?;
    let page = if refusal.kind() == RefusalKind::Cancelled {
        sign_in_page(base, csrf, String::new(), None, providers).with_notice(refusal.message())
    } else {
        sign_in_page(
            base,
            csrf,
            String::new(),
            Some(refusal.message()),
            providers,
        )
    };
    let cookies = AppendHeaders([(SET_COOKIE, csrf_cookie), (SET_COOKIE, forget)]);
    Ok((status, cookies, page).into_response())
}

/// `GET /sign-in/oidc/{provider}`: to the provider's authorization page.
pub async fn start(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    Caller(caller): Caller,
    Path(provider): Path<String>,
) -> Result<Response, AppError> {
    let id = provider
        .parse::<i64>()
        .map(IdentityProviderId)
        .map_err(|_| AppError::NotFound)?;
    match oidc::start(&state.app, id, &caller).await? {
        Ok(started) => {
            let max_age = LOGIN_VALID.num_seconds();
            // Lax: the provider sends the browser back with a top-level GET.
            let bind = set_cookie(&state, STATE_COOKIE, &started.state, max_age, "Lax");
            Ok(([(SET_COOKIE, bind)], Redirect::to(&started.url)).into_response())
        }
        Err(Refusal::ProviderUnknown) => Err(AppError::NotFound),
        Err(r) => refused(&state, lang, &uri, r).await,
    }
}

/// The provider's answer: a code, or an error, with the state.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CallbackQuery {
    state: Option<String>,
    code: Option<String>,
    error: Option<String>,
    iss: Option<String>,
}

/// `GET /sign-in/oidc/callback`: back from the provider.
pub async fn callback(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    headers: HeaderMap,
    Caller(caller): Caller,
    QueryInput(q): QueryInput<CallbackQuery>,
) -> Result<Response, AppError> {
    let cb = Callback {
        state: q.state,
        code: q.code,
        error: q.error,
        iss: q.iss,
        browser_state: cookie(&state, &headers, STATE_COOKIE).map(str::to_owned),
    };
    match oidc::finish(&state.app, &cb, &caller).await? {
        Ok(done) => {
            let forget = set_cookie(&state, STATE_COOKIE, "", 0, "Lax");
            super::prompt::after_first_factor(&state, &headers, &caller, done.user.id, &[forget])
                .await
        }
        Err(r) => refused(&state, lang, &uri, r).await,
    }
}
