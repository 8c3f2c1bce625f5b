//! The second step of a sign-in, for an account whose second factor is on: once the password
//! (or the identity provider) was right, no session starts yet; the browser gets a cookie
//! naming a waiting sign-in (`renkei_second_factor`, five minutes) and is sent to
//! `/sign-in/second-factor`, which asks for a code from the app or a recovery code. A right
//! one starts the session as [`signed_in`] does; a wrong one is refused (401) and counted
//! towards the address's lock, and after five the waiting sign-in ends. Without a waiting
//! sign-in the page sends the person back to sign in.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};
use renkei_domain::second_factor::{CODE_WRONG, PENDING_VALID, parse_answer};
use renkei_domain::{FieldError, Lang};
use renkei_store::{Actor, PendingOutcome, UserId};
use serde::Deserialize;

use super::sign_in::signed_in;
use crate::AppState;
use crate::error::AppError;
use crate::extract::{Caller, FormInput};
use crate::lang::UiLang;
use crate::shared::cookies::{cookie, set_cookie};
use crate::shared::forms::Errors;
use crate::shared::layout::{Base, tr};

/// The cookie that binds a waiting sign-in to the browser whose password was right.
const PENDING_COOKIE: &str = "renkei_second_factor";
/// The second step's page.
const PROMPT_PATH: &str = "/sign-in/second-factor";
/// Back to the sign-in page, with a notice that the sign-in must start again.
pub(super) const AGAIN_PATH: &str = "/sign-in?again=1";

/// After the first factor: the session, or (when the account's second factor is on) the
/// prompt for it.
pub(super) async fn after_first_factor(
    state: &AppState,
    headers: &HeaderMap,
    caller: &Actor,
    user: UserId,
    extra_cookies: &[String],
) -> Result<Response, AppError> {
    let on = state
        .store
        .second_factor(user)
        .await?
        .is_some_and(|f| f.confirmed_at.is_some());
    if !on {
        return signed_in(state, headers, caller, user, extra_cookies).await;
    }
    let token = state.store.start_pending_sign_in(user).await?;
    // Lax: after an identity provider the browser arrives by a cross-site redirect.
    let bind = set_cookie(
        state,
        PENDING_COOKIE,
        &token,
        PENDING_VALID.num_seconds(),
        "Lax",
    );
    let mut response = Redirect::to(PROMPT_PATH).into_response();
    for c in std::iter::once(&bind).chain(extra_cookies) {
        response
            .headers_mut()
            .append(SET_COOKIE, c.parse().expect("a cookie header"));
    }
    Ok(response)
}

#[derive(Template, WebTemplate)]
#[template(path = "account/second_factor_prompt.html")]
pub struct PromptPage {
    base: Base,
    email: String,
    errors: Errors,
}

fn prompt_page(lang: Lang, uri: &Uri, email: String, errors: &[FieldError]) -> PromptPage {
    PromptPage {
        base: Base::new(
            lang,
            uri.to_string(),
            tr(lang, "2段階認証", "Two-step verification"),
            "sign-in",
        ),
        email,
        errors: Errors::of(lang, errors),
    }
}

fn start_again(state: &AppState) -> Response {
    let forget = set_cookie(state, PENDING_COOKIE, "", 0, "Lax");
    ([(SET_COOKIE, forget)], Redirect::to(AGAIN_PATH)).into_response()
}

/// `GET /sign-in/second-factor`.
pub async fn form(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let Some(token) = cookie(&state, &headers, PENDING_COOKIE).filter(|t| t.len() == 64) else {
        return Ok(start_again(&state));
    };
    match state.store.pending_sign_in(token).await? {
        Some(user) => Ok(prompt_page(lang, &uri, user.email.to_string(), &[]).into_response()),
        None => Ok(start_again(&state)),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PromptForm {
    code: String,
}

/// `POST /sign-in/second-factor`. The waiting sign-in's cookie (SameSite) is the form's
/// proof of origin: no other site can send it, and no session exists yet.
pub async fn answer(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    headers: HeaderMap,
    Caller(caller): Caller,
    FormInput(form): FormInput<PromptForm>,
) -> Result<Response, AppError> {
    let Some(token) = cookie(&state, &headers, PENDING_COOKIE).filter(|t| t.len() == 64) else {
        return Ok(start_again(&state));
    };
    let Some(user) = state.store.pending_sign_in(token).await? else {
        return Ok(start_again(&state));
    };
    let again = |status: StatusCode, message| {
        let errors = [FieldError {
            field: "code",
            message,
        }];
        (
            status,
            prompt_page(lang, &uri, user.email.to_string(), &errors),
        )
            .into_response()
    };
    let answer = match parse_answer(&form.code) {
        Ok(a) => a,
        Err(e) => return Ok(again(StatusCode::UNPROCESSABLE_ENTITY, e)),
    };
    match state
        .store
        .answer_pending_sign_in(token, &answer, &caller)
        .await?
    {
        PendingOutcome::Accepted(user) => {
            let forget = set_cookie(&state, PENDING_COOKIE, "", 0, "Lax");
            signed_in(&state, &headers, &caller, user.id, &[forget]).await
        }
        PendingOutcome::Wrong { ended: false } => Ok(again(StatusCode::UNAUTHORIZED, CODE_WRONG)),
        PendingOutcome::Wrong { ended: true } | PendingOutcome::Gone => {
            let forget = set_cookie(&state, PENDING_COOKIE, "", 0, "Lax");
            let cookies = AppendHeaders([(SET_COOKIE, forget)]);
            Ok((cookies, Redirect::to(AGAIN_PATH)).into_response())
        }
    }
}
