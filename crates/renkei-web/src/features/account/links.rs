//! Password resets and one-time links. Asking for a reset answers the same whether or not the
//! address is registered; the link in the message leads to a form that sets the password once.
//! The link's token is its own proof (only the recipient has it), so the form carries it
//! rather than a session's CSRF token; it travels in the query string and the form body, never
//! in the path the request log records.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use renkei_domain::identity::{Email, NewPassword, PASSWORD_MAX};
use renkei_domain::{Lang, Text};
use renkei_store::{LinkError, LinkPurpose};
use serde::Deserialize;

use super::sign_in::STALE;
use crate::AppState;
use crate::error::AppError;
use crate::extract::{Caller, FormInput, QueryInput};
use crate::lang::UiLang;
use crate::mailer;
use crate::shared::cookies::{form_token_ok, issue_form_token};
use crate::shared::layout::{Base, tr};

#[derive(Template, WebTemplate)]
#[template(path = "account/password_reset.html")]
pub struct ResetPage {
    base: Base,
    csrf: String,
    email: String,
    error: Option<&'static str>,
    /// Shown after a request: "if the address is registered, a message is on its way".
    sent: bool,
}

fn reset_base(lang: Lang, uri: &Uri) -> Base {
    Base::new(
        lang,
        uri.to_string(),
        tr(lang, "パスワードの再設定", "Reset your password"),
        "sign-in",
    )
}

pub async fn reset_form(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
) -> Result<Response, AppError> {
    let (csrf, cookie) = issue_form_token(&state).await?;
    let page = ResetPage {
        base: reset_base(lang, &uri),
        csrf,
        email: String::new(),
        error: None,
        sent: false,
    };
    Ok(([(SET_COOKIE, cookie)], page).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ResetForm {
    email: String,
    csrf: String,
}

pub async fn request_reset(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    headers: HeaderMap,
    Caller(caller): Caller,
    FormInput(form): FormInput<ResetForm>,
) -> Result<Response, AppError> {
    let token_ok = form_token_ok(&state, &headers, &form.csrf).await?;
    let (csrf, cookie) = issue_form_token(&state).await?;
    let again = |status: StatusCode, error: Text| {
        let page = ResetPage {
            base: reset_base(lang, &uri),
            csrf,
            email: form.email.chars().take(254).collect(),
            error: Some(error.get(lang)),
            sent: false,
        };
        (status, [(SET_COOKIE, cookie)], page).into_response()
    };
    if !token_ok {
        return Ok(again(StatusCode::FORBIDDEN, STALE));
    }
    let email = match Email::parse(&form.email) {
        Ok(e) => e,
        Err(why) => return Ok(again(StatusCode::UNPROCESSABLE_ENTITY, why)),
    };
    let queued = state
        .store
        .request_password_reset(&email, &caller, |user, token| {
            mailer::password_reset(user, &state.link(&format!("/account/link?token={token}")))
        })
        .await?;
    if queued {
        state.mail_queued();
    }
    let page = ResetPage {
        base: reset_base(lang, &uri),
        csrf: String::new(),
        email: String::new(),
        error: None,
        sent: true,
    };
    Ok(page.into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "account/set_password.html")]
pub struct SetPasswordPage {
    base: Base,
    token: String,
    email: String,
    invitation: bool,
    errors: crate::shared::forms::Errors,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LinkQuery {
    token: String,
}

/// Why a link cannot be used, for the person who followed it.
fn link_error(e: LinkError) -> AppError {
    AppError::Gone(match e {
        LinkError::Expired => Text::new(
            "このリンクは有効期限が切れています。招待した人に再送を依頼するか、パスワードの再設定をもう一度申請してください。",
            "This link has expired. Ask for a new invitation, or ask for a password reset again.",
        ),
        LinkError::Used => Text::new(
            "このリンクはすでに使われたか、新しいリンクに置き換えられています。パスワードを設定済みの場合はサインインしてください。",
            "This link has already been used or replaced by a newer one. If you have set your password, sign in.",
        ),
        LinkError::Unknown => Text::new(
            "このリンクは無効です。メールに記載されたリンクをそのまま開いてください。",
            "This link is not valid. Open the link exactly as it appears in the message.",
        ),
    })
}

fn set_password_base(lang: Lang, purpose: LinkPurpose) -> Base {
    let title = match purpose {
        LinkPurpose::Invitation => tr(lang, "パスワードの設定（招待）", "Set your password"),
        LinkPurpose::PasswordReset => tr(lang, "新しいパスワードの設定", "Set a new password"),
    };
    // The token stays out of `here`, so the language switch link does not carry it around.
    Base::new(lang, "/account/link", title, "sign-in")
}

fn well_formed(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

pub async fn link_form(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    QueryInput(q): QueryInput<LinkQuery>,
) -> Result<SetPasswordPage, AppError> {
    if !well_formed(&q.token) {
        return Err(link_error(LinkError::Unknown));
    }
    let link = state.store.link(&q.token).await?.map_err(link_error)?;
    Ok(SetPasswordPage {
        base: set_password_base(lang, link.purpose),
        token: q.token,
        email: link.user.email.to_string(),
        invitation: link.purpose == LinkPurpose::Invitation,
        errors: Default::default(),
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SetPasswordForm {
    token: String,
    password: String,
    confirm: String,
}

pub async fn set_password(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    Caller(caller): Caller,
    FormInput(form): FormInput<SetPasswordForm>,
) -> Result<Response, AppError> {
    if !well_formed(&form.token) {
        return Err(link_error(LinkError::Unknown));
    }
    let link = state.store.link(&form.token).await?.map_err(link_error)?;
    let email = link.user.email.clone();
    let mut errors = Vec::new();
    let password = if form.password.chars().count() > PASSWORD_MAX {
        errors.push((
            "password",
            tr(
                lang,
                "パスワードは128文字以内にしてください。",
                "Use at most 128 characters.",
            ),
        ));
        None
    } else {
        match NewPassword::parse(&form.password, &email) {
            Ok(p) => Some(p),
            Err(why) => {
                errors.push(("password", why.get(lang)));
                None
            }
        }
    };
    if form.password != form.confirm {
        errors.push((
            "confirm",
            tr(
                lang,
                "確認用のパスワードが一致しません。",
                "The two passwords differ.",
            ),
        ));
    }
    let Some(password) = password.filter(|_| errors.is_empty()) else {
        let page = SetPasswordPage {
            base: set_password_base(lang, link.purpose),
            token: form.token,
            email: link.user.email.to_string(),
            invitation: link.purpose == LinkPurpose::Invitation,
            errors: crate::shared::forms::Errors(errors),
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    state
        .store
        .redeem_link(&form.token, password.hash(), &caller)
        .await?
        .map_err(link_error)?;
    Ok(Redirect::to("/sign-in?done=1").into_response())
}
