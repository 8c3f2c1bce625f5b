//! The signed-in person's second factor (TOTP, RFC 6238), on a page of its own reached from
//! the account page: `GET /account/second-factor` (whether it is on, or the enrolment under
//! way with its secret as base32 text, its `otpauth://` URI and that URI as a QR code drawn
//! as SVG on the server), `POST …/start` (a new
//! secret), `POST …/confirm` (a first code turns it on and shows the ten recovery codes,
//! once: the page answers the form itself, as nothing keeps them), `POST …/disable` (with a
//! current code, a recovery code or the password). Each is the person's own and audited
//! without the secret. Staff of a city that requires a second factor are sent here first.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use renkei_domain::second_factor::{Answer, CODE_WRONG, parse_answer};
use renkei_domain::{FieldError, Lang, Text};
use renkei_store::SessionInfo;
use serde::Deserialize;

use crate::AppState;
use crate::access::{ENROL_PATH, Viewer};
use crate::error::AppError;
use crate::extract::{FormInput, QueryInput};
use crate::shared::format::qr_svg;
use crate::shared::forms::{CsrfForm, Errors};
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

/// The secret of an enrolment under way, as the page shows it.
pub struct SecretView {
    grouped: String,
    uri: String,
    /// The URI as a QR code, an inline SVG drawn here (empty if it cannot be drawn).
    qr: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "account/second_factor.html")]
pub struct SecondFactorPage {
    base: Base,
    csrf: String,
    /// On (confirmed), with the recovery codes left.
    enrolled: Option<u64>,
    secret: Option<SecretView>,
    /// Shown once, right after confirming.
    codes: Vec<String>,
    /// The person's city requires it and it is not on yet.
    due: bool,
    /// The account has a password (to disable with it).
    has_password: bool,
    saved: bool,
    errors: Errors,
}

/// The page's query: `?saved=1` after a change.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PageQuery {
    saved: Option<u8>,
}

fn session(viewer: &Viewer) -> Result<&SessionInfo, AppError> {
    viewer.session.as_ref().ok_or(AppError::SignInRequired)
}

/// The session of a signed-in person who posted one of this page's forms, once the form's
/// CSRF token is checked.
async fn posted_by<'v>(viewer: &'v Viewer, csrf: &str) -> Result<&'v SessionInfo, AppError> {
    viewer.require_signed_in().await?;
    viewer.check_csrf(csrf).await?;
    session(viewer)
}

async fn page_of(
    state: &AppState,
    lang: Lang,
    uri: &Uri,
    s: &SessionInfo,
    errors: &[FieldError],
) -> Result<SecondFactorPage, AppError> {
    let status = state.store.second_factor(s.user.id).await?;
    let enrolled = status
        .as_ref()
        .filter(|f| f.confirmed_at.is_some())
        .map(|f| f.recovery_left);
    let secret = match (&status, enrolled) {
        (Some(_), None) => state
            .store
            .enrolment_secret(s.user.id)
            .await?
            .map(|secret| {
                let uri = secret.otpauth_uri(s.user.email.as_str());
                SecretView {
                    grouped: secret.grouped(),
                    qr: qr_svg(&uri),
                    uri,
                }
            }),
        _ => None,
    };
    Ok(SecondFactorPage {
        base: Base::new(
            lang,
            uri.to_string(),
            tr(lang, "2段階認証", "Two-step verification"),
            "account",
        ),
        csrf: s.csrf_token.clone(),
        enrolled,
        secret,
        codes: Vec::new(),
        due: s.second_factor_due,
        has_password: s.user.password_hash.is_some(),
        saved: false,
        errors: Errors::of(lang, errors),
    })
}

/// `GET /account/second-factor`.
pub async fn page(
    PageContext(state, lang, uri, viewer): PageContext,
    QueryInput(q): QueryInput<PageQuery>,
) -> Result<SecondFactorPage, AppError> {
    viewer.require_signed_in().await?;
    let mut page = page_of(&state, lang, &uri, session(&viewer)?, &[]).await?;
    page.saved = q.saved.is_some();
    Ok(page)
}

/// `POST /account/second-factor/start`: a new secret for an enrolment (nothing changes if
/// the second factor is on already).
pub async fn start(
    State(state): State<AppState>,
    viewer: Viewer,
    FormInput(form): FormInput<CsrfForm>,
) -> Result<Response, AppError> {
    let s = posted_by(&viewer, &form.csrf).await?;
    state
        .store
        .start_enrolment(s.user.id, &viewer.actor)
        .await?;
    Ok(Redirect::to(ENROL_PATH).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CodeForm {
    code: String,
    password: String,
    csrf: String,
}

const SIX_DIGITS: Text = Text::new(
    "認証アプリに表示されている6桁の数字を入力してください。",
    "Enter the 6 digits your authenticator app shows.",
);

/// `POST /account/second-factor/confirm`: a first code turns the factor on; the page shows
/// the recovery codes once. A wrong code: the page again with the field's error (422).
pub async fn confirm(
    PageContext(state, lang, uri, viewer): PageContext,
    FormInput(form): FormInput<CodeForm>,
) -> Result<Response, AppError> {
    let s = posted_by(&viewer, &form.csrf).await?;
    let error = match parse_answer(&form.code) {
        Ok(Answer::Totp(code)) => {
            match state
                .store
                .confirm_enrolment(s.user.id, &code, &viewer.actor)
                .await?
            {
                Some(codes) => {
                    let mut page = page_of(&state, lang, &uri, s, &[]).await?;
                    page.codes = codes;
                    page.due = false;
                    return Ok(page.into_response());
                }
                None => CODE_WRONG,
            }
        }
        Ok(Answer::Recovery(_)) => SIX_DIGITS,
        Err(e) => e,
    };
    let errors = [FieldError {
        field: "code",
        message: error,
    }];
    let page = page_of(&state, lang, &uri, s, &errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

const CODE_OR_PASSWORD: Text = Text::new(
    "確認コード（または回復コード）か、パスワードを入力してください。",
    "Enter a code (or a recovery code), or your password.",
);
const PASSWORD_WRONG: Text = Text::new(
    "パスワードが正しくありません。",
    "The password is not right.",
);

/// Whether the form proves it is the account holder: a current code, a recovery code, or
/// the password. The field's error otherwise.
async fn proven(
    state: &AppState,
    s: &SessionInfo,
    form: &CodeForm,
) -> Result<Option<FieldError>, AppError> {
    if !form.code.trim().is_empty() {
        let wrong = |message| {
            Some(FieldError {
                field: "code",
                message,
            })
        };
        return Ok(match parse_answer(&form.code) {
            Ok(answer) if state.store.check_second_factor(s.user.id, &answer).await? => None,
            Ok(_) => wrong(CODE_WRONG),
            Err(e) => wrong(e),
        });
    }
    if form.password.is_empty() {
        return Ok(Some(FieldError {
            field: "code",
            message: CODE_OR_PASSWORD,
        }));
    }
    let Some(hash) = s.user.password_hash.clone() else {
        return Ok(Some(FieldError {
            field: "code",
            message: CODE_OR_PASSWORD,
        }));
    };
    let candidate = form.password.clone();
    let verified = tokio::task::spawn_blocking(move || {
        renkei_domain::identity::verify_password(&candidate, &hash)
    })
    .await
    .unwrap_or(false);
    Ok((!verified).then_some(FieldError {
        field: "password",
        message: PASSWORD_WRONG,
    }))
}

/// `POST /account/second-factor/disable`: turns the factor off (and ends an enrolment under
/// way), once a code or the password shows it is the account holder.
pub async fn disable(
    PageContext(state, lang, uri, viewer): PageContext,
    FormInput(form): FormInput<CodeForm>,
) -> Result<Response, AppError> {
    let s = posted_by(&viewer, &form.csrf).await?;
    let enrolled = state
        .store
        .second_factor(s.user.id)
        .await?
        .is_some_and(|f| f.confirmed_at.is_some());
    // An enrolment under way is ended with the password or without anything: it protects
    // nothing yet.
    if (enrolled || !form.password.is_empty())
        && let Some(error) = proven(&state, s, &form).await?
    {
        let page = page_of(&state, lang, &uri, s, &[error]).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    state
        .store
        .remove_second_factor(s.user.id, &viewer.actor)
        .await?;
    Ok(Redirect::to(&format!("{ENROL_PATH}?saved=1")).into_response())
}
