//! The applicant's link, mailed when the request was received: the request as it stands, and
//! its withdrawal while the city has not decided. The token is its own proof (only the
//! applicant has it), so the form carries it rather than a session's CSRF token; it travels
//! in the query string and the form body, never in the path the request log records.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::Uri;
use axum::response::{IntoResponse, Redirect, Response};
use renkei_app::registrations;
use renkei_domain::Text;
use renkei_domain::registration::{Registration, State as Step};
use renkei_store::RegistrationRecord;
use serde::Deserialize;

use crate::AppState;
use crate::error::AppError;
use crate::extract::{Caller, FormInput, QueryInput};
use crate::lang::UiLang;
use crate::shared::format::city_name;
use crate::shared::layout::{Base, tr};

const UNKNOWN: Text = Text::new(
    "このリンクは使えません。メールに記載されたリンクをそのまま開いてください。",
    "This link cannot be used. Open the link in the message as it is.",
);

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TokenForm {
    token: String,
    version: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "registrations/applicant.html")]
pub struct ApplicantPage {
    base: Base,
    token: String,
    r: RegistrationRecord,
    city: String,
    state: &'static str,
    open: bool,
}

async fn request(state: &AppState, token: &str) -> Result<RegistrationRecord, AppError> {
    registrations::by_token(&state.app, token)
        .await?
        .ok_or(AppError::Gone(UNKNOWN))
}

pub async fn page(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    QueryInput(q): QueryInput<TokenForm>,
) -> Result<ApplicantPage, AppError> {
    let r = request(&state, &q.token).await?;
    // Links of the page (the language switch) name the path alone, never the token.
    let here = uri.path().to_owned();
    Ok(ApplicantPage {
        base: Base::new(
            lang,
            here,
            tr(lang, "企業登録のお申込み", "Your registration request"),
            "sign-in",
        ),
        token: q.token,
        city: city_name(&state, &r.city.to_string()),
        state: r.state.name().get(lang),
        open: r.state == Step::Submitted,
        r,
    })
}

pub async fn withdraw(
    State(state): State<AppState>,
    Caller(caller): Caller,
    FormInput(form): FormInput<TokenForm>,
) -> Result<Response, AppError> {
    let r = request(&state, &form.token).await?;
    registrations::withdraw(&state.app, &r, form.version, &caller)
        .await?
        .map_err(AppError::step_refused::<Registration>)?;
    Ok(Redirect::to("/register-company/withdrawn").into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "registrations/withdrawn.html")]
pub struct WithdrawnPage {
    base: Base,
}

pub async fn withdrawn(UiLang(lang): UiLang, uri: Uri) -> WithdrawnPage {
    WithdrawnPage {
        base: Base::new(
            lang,
            uri.to_string(),
            tr(lang, "お申込みを取り下げました", "Request withdrawn"),
            "sign-in",
        ),
    }
}
