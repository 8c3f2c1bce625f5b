//! Decision letters (決定通知書): a city's settings for the letters of its calls
//! (`/cities/{city}/call-letters`: the issuer, the 文書番号's mark, the 補助条件, the 教示 —
//! read by whoever reads the city's records, changed by whoever writes them, each wrong field
//! named and the form shown again as typed); and an application's letter as a PDF
//! (`/applications/{id}/letter.pdf`), composed by `renkei_app::calls::letters` and typeset by
//! `renkei_pdf` on a blocking thread.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use renkei_app::calls::{applications, letters};
use renkei_domain::access::{Action, Resource};
use renkei_domain::call::letter::LetterSettingsDraft;
use renkei_domain::city::CityCode;
use renkei_domain::{FieldError, Lang};
use renkei_store::ApplicationId;
use serde::Deserialize;

use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::shared::city::city_code;
use crate::shared::format::{city_name, rfc5987};
use crate::shared::forms::{Errors, SavedQuery};
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

#[derive(Template, WebTemplate)]
#[template(path = "calls/letter_settings.html")]
pub struct SettingsPage {
    base: Base,
    city: String,
    issuer: String,
    number_mark: String,
    conditions: String,
    appeal: String,
    version: i64,
    /// Whether the city has saved none yet: the defaults, to be checked.
    defaults: bool,
    csrf: String,
    errors: Errors,
    saved: bool,
    /// Whether the viewer may change them (else the page only shows them).
    can_edit: bool,
}

/// The settings as a record of the city: read by whoever may read its records, changed by
/// whoever may write them.
fn city_records(city: &CityCode) -> Resource<'_> {
    Resource::CityRecord {
        owner: city,
        shared_with: &[],
    }
}

fn settings_page(
    (state, lang, uri, viewer): (&AppState, Lang, &Uri, &Viewer),
    city: &CityCode,
    draft: LetterSettingsDraft,
    version: i64,
    errors: &[FieldError],
) -> SettingsPage {
    let name = city_name(state, &city.to_string());
    SettingsPage {
        base: Base::new(
            lang,
            uri.path().to_owned(),
            format!(
                "{name} {}",
                tr(lang, "公募の決定通知書の設定", "decision letters of calls")
            ),
            "calls",
        ),
        city: city.to_string(),
        issuer: draft.issuer,
        number_mark: draft.number_mark,
        conditions: draft.conditions,
        appeal: draft.appeal,
        version,
        defaults: version == 0,
        csrf: viewer.csrf().to_owned(),
        errors: Errors::of(lang, errors),
        saved: false,
        can_edit: viewer.may(Action::Write, city_records(city)),
    }
}

/// `GET /cities/{city}/call-letters`.
pub async fn settings_form(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(city): Path<String>,
    Query(q): Query<SavedQuery>,
) -> Result<SettingsPage, AppError> {
    let city = city_code(&city)?;
    viewer.require(Action::Read, city_records(&city)).await?;
    let (settings, version) = letters::settings(&state.store, &city).await?;
    let draft = LetterSettingsDraft::from(&settings);
    let mut page = settings_page((&state, lang, &uri, &viewer), &city, draft, version, &[]);
    page.saved = q.saved();
    Ok(page)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SettingsForm {
    issuer: String,
    number_mark: String,
    conditions: String,
    appeal: String,
    version: i64,
    csrf: String,
}

/// `POST /cities/{city}/call-letters`: saved at the version read, or the form again as typed
/// with each wrong field named (nothing saved).
pub async fn save_settings(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(city): Path<String>,
    FormInput(form): FormInput<SettingsForm>,
) -> Result<Response, AppError> {
    let city = city_code(&city)?;
    viewer
        .require_form(Action::Write, city_records(&city), &form.csrf)
        .await?;
    let draft = LetterSettingsDraft {
        issuer: form.issuer,
        number_mark: form.number_mark,
        conditions: form.conditions,
        appeal: form.appeal,
    };
    match draft.validate() {
        Ok(s) => {
            state
                .store
                .save_letter_settings(&city, form.version, &s, &viewer.actor)
                .await?;
            Ok(Redirect::to(&format!("/cities/{city}/call-letters?saved=1")).into_response())
        }
        Err(errors) => {
            let page = settings_page(
                (&state, lang, &uri, &viewer),
                &city,
                draft,
                form.version,
                &errors,
            );
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

/// `GET /applications/{id}/letter.pdf`: the application's decision letter, for whoever may
/// have it now (else not found).
pub async fn pdf(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<ApplicationId>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    let a = applications::load(&state.app, &caller, Action::Read, id).await?;
    let doc = letters::letter(&state.app, &caller, &a, lang).await?;
    let name = format!(
        "{}-{}.pdf",
        tr(lang, "決定通知書", "decision-letter"),
        a.record.receipt_no.as_deref().unwrap_or(&id.to_string())
    );
    let pdf = tokio::task::spawn_blocking(move || renkei_pdf::letter(&doc))
        .await
        .map_err(|e| AppError::Internal(e.into()))?
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok((
        [
            (CONTENT_TYPE, "application/pdf".to_owned()),
            (
                CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"letter-{id}.pdf\"; filename*=UTF-8''{}",
                    rfc5987(&name)
                ),
            ),
            (CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        pdf,
    )
        .into_response())
}
