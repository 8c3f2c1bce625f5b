//! Sign-in and sign-out. The session lives in the database; the browser holds only its token,
//! in an HttpOnly, SameSite cookie (Secure when the node is served over TLS). The sign-in form
//! carries a form token the server issued and signed, checked against its cookie, and sign-out carries the
//! session's own CSRF token. A sign-in through an identity provider (`oidc.rs`) ends in the
//! same [`signed_in`].

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use renkei_domain::Text;
use renkei_domain::identity::{Email, PASSWORD_MAX};
use renkei_store::{SessionInfo, SignInError};
use serde::Deserialize;

use crate::AppState;
use crate::error::AppError;
use crate::extract::{Caller, FormInput};
use crate::lang::UiLang;
use crate::shared::cookies::{
    CSRF_COOKIE, SESSION_COOKIE, cookie, form_token_ok, issue_form_token, set_cookie,
};
use crate::shared::layout::{Base, tr};

/// The session of the request, if its cookie names a live one.
async fn current_session(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<(String, SessionInfo)>, AppError> {
    let Some(token) = cookie(state, headers, SESSION_COOKIE).filter(|t| t.len() == 64) else {
        return Ok(None);
    };
    Ok(state
        .store
        .session(token)
        .await?
        .map(|s| (token.to_owned(), s)))
}

#[derive(Template, WebTemplate)]
#[template(path = "account/sign_in.html")]
pub struct SignInPage {
    base: Base,
    /// The person already signed in, with the CSRF token for signing out.
    signed_in: Option<(String, String, String)>,
    csrf: String,
    email: String,
    error: Option<&'static str>,
    /// A message after a password was set.
    done: bool,
    /// A notice that is not an error (a sign-in cancelled at the provider).
    notice: Option<&'static str>,
    /// A button for each identity provider that is switched on.
    providers: Vec<super::providers::ProviderButton>,
}

pub(super) fn sign_in_base(lang: renkei_domain::Lang, uri: &Uri) -> Base {
    Base::new(
        lang,
        uri.to_string(),
        tr(lang, "サインイン", "Sign in"),
        "sign-in",
    )
}

pub(super) fn sign_in_page(
    base: Base,
    csrf: String,
    email: String,
    error: Option<Text>,
    providers: Vec<super::providers::ProviderButton>,
) -> SignInPage {
    let error = error.map(|e| e.get(base.lang));
    SignInPage {
        base,
        signed_in: None,
        csrf,
        email,
        error,
        done: false,
        notice: None,
        providers,
    }
}

impl SignInPage {
    /// The page with a notice that is not an error.
    pub(super) fn with_notice(mut self, notice: Text) -> SignInPage {
        self.notice = Some(notice.get(self.base.lang));
        self
    }
}

/// Starts a session for a person who has just shown who they are (a password, or an
/// identity provider, and their second factor when it is on): a session the browser already
/// had ends, a new one begins, and its cookie is set on the redirect to the home page (or,
/// for staff of a city that requires a second factor who have none, to its enrolment).
pub(super) async fn signed_in(
    state: &AppState,
    headers: &HeaderMap,
    caller: &renkei_store::Actor,
    user_id: renkei_store::UserId,
    extra_cookies: &[String],
) -> Result<Response, AppError> {
    if let Some(old) = cookie(state, headers, SESSION_COOKIE) {
        state.store.end_session(old, caller).await?;
    }
    let session = state
        .store
        .start_session(user_id, caller.client_address.clone())
        .await?;
    let max_age = renkei_domain::identity::SESSION_MAX.num_seconds();
    let roles = state.store.roles_of(user_id).await?;
    let to = if state.store.second_factor_due(user_id, &roles).await? {
        crate::access::ENROL_PATH
    } else {
        "/"
    };
    let mut response = Redirect::to(to).into_response();
    let headers = response.headers_mut();
    let cookies = [
        set_cookie(state, SESSION_COOKIE, &session.token, max_age, "Lax"),
        set_cookie(state, CSRF_COOKIE, "", 0, "Strict"),
    ];
    for c in cookies.iter().chain(extra_cookies) {
        headers.append(SET_COOKIE, c.parse().expect("a cookie header"));
    }
    Ok(response)
}

pub async fn form(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let base = sign_in_base(lang, &uri);
    if let Some((_, s)) = current_session(&state, &headers).await? {
        let page = SignInPage {
            base,
            signed_in: Some((s.user.display_name, s.user.email.to_string(), s.csrf_token)),
            csrf: String::new(),
            email: String::new(),
            error: None,
            done: false,
            notice: None,
            providers: Vec::new(),
        };
        return Ok(page.into_response());
    }
    let (csrf, cookie) = issue_form_token(&state).await?;
    let providers = super::providers::buttons(&state, lang).await?;
    let mut page = sign_in_page(base, csrf, String::new(), None, providers);
    let query = |flag: &str| uri.query().is_some_and(|q| q.split('&').any(|p| p == flag));
    page.done = query("done=1");
    if query("again=1") {
        page = page.with_notice(AGAIN);
    }
    Ok(([(SET_COOKIE, cookie)], page).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SignInForm {
    email: String,
    password: String,
    csrf: String,
}

const WRONG: Text = Text::new(
    "メールアドレスまたはパスワードが正しくありません。",
    "The e-mail address or the password is not right.",
);
const LOCKED: Text = Text::new(
    "このメールアドレスでのサインインの失敗が続いたため、一時的に受け付けを停止しています。15分ほどおいてからお試しいただくか、パスワードを再設定してください。",
    "After repeated failures, sign-in with this address is paused for a while. Try again in about 15 minutes, or reset your password.",
);
const THROTTLED: Text = Text::new(
    "この端末からのサインインの失敗が多すぎます。しばらくおいてからお試しください。",
    "Too many failed sign-ins from this device. Try again later.",
);
const AGAIN: Text = Text::new(
    "確認コードの入力を待つ時間が過ぎたか、誤りが続いたため、サインインを最初からやり直してください。",
    "The sign-in waited too long for its code, or the code was wrong too often: please sign in again.",
);
pub(crate) const STALE: Text = Text::new(
    "画面の有効期限が切れました。もう一度入力してください。",
    "This form has expired. Please enter your details again.",
);

pub async fn sign_in(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    headers: HeaderMap,
    Caller(caller): Caller,
    FormInput(form): FormInput<SignInForm>,
) -> Result<Response, AppError> {
    let base = sign_in_base(lang, &uri);
    let providers = super::providers::buttons(&state, lang).await?;
    let token_ok = form_token_ok(&state, &headers, &form.csrf).await?;
    let (csrf, cookie) = issue_form_token(&state).await?;
    let again = |status: StatusCode, error: Text| {
        let email = form.email.chars().take(254).collect();
        (
            status,
            [(SET_COOKIE, cookie)],
            sign_in_page(base.clone(), csrf, email, Some(error), providers.clone()),
        )
            .into_response()
    };
    if !token_ok {
        return Ok(again(StatusCode::FORBIDDEN, STALE));
    }
    let (Ok(email), true) = (
        Email::parse(&form.email),
        form.password.chars().count() <= PASSWORD_MAX,
    ) else {
        return Ok(again(StatusCode::UNAUTHORIZED, WRONG));
    };
    match state
        .store
        .check_sign_in(&email, &form.password, &caller)
        .await?
    {
        // A session the browser already had ends: each sign-in gets a new one.
        Ok(user) => {
            super::prompt::after_first_factor(&state, &headers, &caller, user.id, &[]).await
        }
        Err(SignInError::WrongCredentials) => Ok(again(StatusCode::UNAUTHORIZED, WRONG)),
        Err(SignInError::Locked) => Ok(again(StatusCode::TOO_MANY_REQUESTS, LOCKED)),
        Err(SignInError::Throttled) => Ok(again(StatusCode::TOO_MANY_REQUESTS, THROTTLED)),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SignOutForm {
    csrf: String,
}

/// Ends the session on the server, then forgets the cookie.
pub async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
    Caller(caller): Caller,
    FormInput(form): FormInput<SignOutForm>,
) -> Result<Response, AppError> {
    if let Some((token, s)) = current_session(&state, &headers).await? {
        if form.csrf != s.csrf_token {
            return Err(AppError::BadRequest {
                field: Some("csrf"),
                message: STALE,
            });
        }
        let actor = renkei_store::Actor {
            id: Some(s.user.id.0),
            label: s.user.email.to_string(),
            ..caller
        };
        state.store.end_session(&token, &actor).await?;
    }
    let forget = set_cookie(&state, SESSION_COOKIE, "", 0, "Lax");
    // A shared PC in a city office keeps nothing of the person's pages after sign-out.
    let clear = (
        HeaderName::from_static("clear-site-data"),
        HeaderValue::from_static("\"cache\", \"storage\""),
    );
    Ok((
        [
            (
                SET_COOKIE,
                HeaderValue::from_str(&forget).expect("a cookie header"),
            ),
            clear,
        ],
        Redirect::to("/sign-in"),
    )
        .into_response())
}
