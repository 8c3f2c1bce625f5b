//! The national bodies, for the platform administrator (`/admin/national-bodies`): the list,
//! and the form that adds or changes one (its names, consultation types, reply time in
//! 開庁日, application form's fields, whether it is offered), every problem named by field.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use renkei_domain::access::{Action, Resource};
use renkei_domain::national_body::{BodyDraft, types_text};
use renkei_domain::{FieldError, Lang};
use renkei_store::{NationalBodyRecord, StoreError};
use serde::Deserialize;

use crate::error::AppError;
use crate::extract::{FormInput, QueryInput};
use crate::shared::forms::{Errors, SavedQuery};
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

#[derive(Template, WebTemplate)]
#[template(path = "bridges/bodies.html")]
pub struct BodiesPage {
    base: Base,
    bodies: Vec<NationalBodyRecord>,
    saved: bool,
}

pub async fn list(
    PageContext(state, lang, uri, viewer): PageContext,
    QueryInput(q): QueryInput<SavedQuery>,
) -> Result<BodiesPage, AppError> {
    viewer.require(Action::Read, Resource::Platform).await?;
    Ok(BodiesPage {
        base: Base::new(
            lang,
            uri.to_string(),
            tr(lang, "橋渡し先の国の機関", "National bodies for bridges"),
            "account",
        ),
        bodies: state.store.national_bodies().await?,
        saved: q.saved(),
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct BodyForm {
    pub code: String,
    pub name_ja: String,
    pub name_en: String,
    pub types: String,
    pub reply_days: String,
    pub fields: String,
    pub active: Option<String>,
    pub version: i64,
    pub csrf: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "bridges/body_form.html")]
pub struct BodyFormPage {
    base: Base,
    action: String,
    form: BodyForm,
    csrf: String,
    errors: Errors,
}

fn form_of(b: &NationalBodyRecord) -> BodyForm {
    BodyForm {
        code: b.code.clone(),
        name_ja: b.name_ja.clone(),
        name_en: b.name_en.clone(),
        types: types_text(&b.types),
        reply_days: b.reply_days.to_string(),
        fields: b.fields.join("\n"),
        active: b.active.then(|| "yes".to_owned()),
        version: b.version,
        csrf: String::new(),
    }
}

fn form_page(
    lang: Lang,
    csrf: &str,
    id: Option<i64>,
    form: BodyForm,
    errors: &[FieldError],
) -> BodyFormPage {
    let (action, title) = match id {
        Some(id) => (
            format!("/admin/national-bodies/{id}"),
            tr(lang, "国の機関を編集", "Edit a national body"),
        ),
        None => (
            "/admin/national-bodies/new".to_owned(),
            tr(lang, "国の機関を追加", "Add a national body"),
        ),
    };
    BodyFormPage {
        base: Base::new(lang, action.clone(), title, "account"),
        action,
        form,
        csrf: csrf.to_owned(),
        errors: Errors::of(lang, errors),
    }
}

fn draft(f: &BodyForm) -> BodyDraft {
    BodyDraft {
        code: f.code.clone(),
        name_ja: f.name_ja.clone(),
        name_en: f.name_en.clone(),
        types: f.types.clone(),
        reply_days: f.reply_days.clone(),
        fields: f.fields.clone(),
        active: f.active.is_some(),
    }
}

pub async fn new_form(
    PageContext(_state, lang, _uri, viewer): PageContext,
) -> Result<BodyFormPage, AppError> {
    viewer.require(Action::Write, Resource::Platform).await?;
    let form = BodyForm {
        active: Some("yes".into()),
        ..Default::default()
    };
    Ok(form_page(lang, viewer.csrf(), None, form, &[]))
}

pub async fn edit_form(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<i64>,
) -> Result<BodyFormPage, AppError> {
    viewer.require(Action::Write, Resource::Platform).await?;
    let b = state.store.national_body(id).await?;
    Ok(form_page(lang, viewer.csrf(), Some(id), form_of(&b), &[]))
}

/// The form again with its errors (422), a taken code among them.
fn again(lang: Lang, csrf: &str, id: Option<i64>, form: BodyForm, e: Vec<FieldError>) -> Response {
    let page = form_page(lang, csrf, id, form, &e);
    (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
}

fn taken() -> Vec<FieldError> {
    vec![FieldError::new(
        "code",
        "このコードは別の機関が使っています。",
        "Another body has this code.",
    )]
}

pub async fn create(
    PageContext(state, lang, _uri, viewer): PageContext,
    FormInput(form): FormInput<BodyForm>,
) -> Result<Response, AppError> {
    viewer.require(Action::Write, Resource::Platform).await?;
    viewer.check_csrf(&form.csrf).await?;
    let checked = match draft(&form).validate() {
        Ok(b) => b,
        Err(e) => return Ok(again(lang, viewer.csrf(), None, form, e)),
    };
    match state
        .store
        .create_national_body(&checked, &viewer.caller().actor)
        .await
    {
        Ok(_) => Ok(Redirect::to("/admin/national-bodies?saved=1").into_response()),
        Err(StoreError::Duplicate(_)) => Ok(again(lang, viewer.csrf(), None, form, taken())),
        Err(e) => Err(e.into()),
    }
}

pub async fn update(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<i64>,
    FormInput(form): FormInput<BodyForm>,
) -> Result<Response, AppError> {
    viewer.require(Action::Write, Resource::Platform).await?;
    viewer.check_csrf(&form.csrf).await?;
    let before = state.store.national_body(id).await?;
    let checked = match draft(&form).validate() {
        Ok(b) => b,
        Err(e) => return Ok(again(lang, viewer.csrf(), Some(id), form, e)),
    };
    let actor = viewer.caller().actor;
    match state
        .store
        .update_national_body(&before, form.version, &checked, &actor)
        .await
    {
        Ok(_) => Ok(Redirect::to("/admin/national-bodies?saved=1").into_response()),
        Err(StoreError::Duplicate(_)) => Ok(again(lang, viewer.csrf(), Some(id), form, taken())),
        Err(e) => Err(e.into()),
    }
}
