//! A city's support organisations (産業振興財団, a university's liaison office, a chamber of
//! commerce): the list and the registration form at `/cities/{city}/organizations`, and which
//! organisation one of the city's accounts works for (a form on the account's page). Read by
//! those who read the city's accounts, changed by those who manage them.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use renkei_domain::Lang;
use renkei_domain::access::{Action, Resource};
use renkei_domain::organization::{OrganizationDraft, OrganizationKind};
use renkei_store::{OrganizationId, OrganizationRecord, UserId};
use serde::Deserialize;

use super::city::{require_city, require_city_form};
use super::users::change_city_user;
use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::{FormInput, QueryInput};
use crate::shared::format::city_name;
use crate::shared::forms::{Choice, Errors, SavedQuery, coded_choices};
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

pub struct OrganizationRow {
    pub name: String,
    pub kind: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/organizations.html")]
pub struct OrganizationsPage {
    base: Base,
    back: String,
    here: String,
    rows: Vec<OrganizationRow>,
    can_write: bool,
    csrf: String,
    name: String,
    kinds: Vec<Choice>,
    errors: Errors,
    saved: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct OrganizationForm {
    name: String,
    kind: String,
    csrf: String,
}

async fn page(
    state: &AppState,
    lang: Lang,
    uri: &Uri,
    viewer: &Viewer,
    city: &renkei_domain::city::CityCode,
    form: &OrganizationForm,
    errors: Errors,
) -> Result<OrganizationsPage, AppError> {
    let rows = state
        .store
        .organizations_of(city)
        .await?
        .into_iter()
        .map(|o| OrganizationRow {
            kind: o.kind.name().get(lang),
            name: o.name,
        })
        .collect();
    let name = city_name(state, &city.to_string());
    Ok(OrganizationsPage {
        base: Base::new(
            lang,
            uri.to_string(),
            format!("{name} {}", tr(lang, "の支援機関", "support organisations")),
            "account",
        ),
        back: format!("/cities/{city}/users"),
        here: format!("/cities/{city}/organizations"),
        rows,
        can_write: viewer.may(Action::Write, Resource::CityUsers(city)),
        csrf: viewer.csrf().to_owned(),
        name: form.name.chars().take(200).collect(),
        kinds: coded_choices(
            OrganizationKind::ALL,
            OrganizationKind::code,
            OrganizationKind::name,
            lang,
            &form.kind,
        ),
        errors,
        saved: false,
    })
}

pub async fn list(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(city): Path<String>,
    QueryInput(q): QueryInput<SavedQuery>,
) -> Result<OrganizationsPage, AppError> {
    let code = require_city(&viewer, &city, Action::Read).await?;
    let form = OrganizationForm::default();
    let mut page = page(&state, lang, &uri, &viewer, &code, &form, Errors::default()).await?;
    page.saved = q.saved();
    Ok(page)
}

pub async fn create(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(city): Path<String>,
    FormInput(form): FormInput<OrganizationForm>,
) -> Result<Response, AppError> {
    let code = require_city_form(&viewer, &city, &form.csrf).await?;
    let draft = OrganizationDraft {
        name: form.name.clone(),
        kind: form.kind.clone(),
    };
    match draft.validate() {
        Ok(o) => {
            state
                .store
                .create_organization(&code, &o, &viewer.actor)
                .await?;
            Ok(Redirect::to(&format!("/cities/{code}/organizations?saved=1")).into_response())
        }
        Err(errors) => {
            let errors = Errors::of(lang, &errors);
            let page = page(&state, lang, &uri, &viewer, &code, &form, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

/// The choices of the organisation an account of `city` works for, `current` chosen; the
/// first says "none".
pub(super) fn organization_choices(
    lang: Lang,
    all: &[OrganizationRecord],
    current: Option<&OrganizationRecord>,
) -> Vec<Choice> {
    let none = Choice {
        value: String::new(),
        label: tr(lang, "（市の職員として直接）", "(the city itself)").into(),
        selected: current.is_none(),
    };
    std::iter::once(none)
        .chain(all.iter().map(|o| Choice {
            value: o.id.to_string(),
            label: o.name.clone(),
            selected: current.is_some_and(|c| c.id == o.id),
        }))
        .collect()
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MembershipForm {
    organization: String,
    csrf: String,
}

/// Says which organisation of the city an account works for.
pub async fn set_membership(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((city, id)): Path<(String, UserId)>,
    FormInput(form): FormInput<MembershipForm>,
) -> Result<Response, AppError> {
    let (code, _) = change_city_user(&state, &viewer, &city, id, &form.csrf).await?;
    let to = match form.organization.trim() {
        "" => None,
        n => Some(OrganizationId(n.parse().map_err(|_| AppError::NotFound)?)),
    };
    state
        .store
        .set_organization(id, &code, to, &viewer.actor)
        .await?;
    Ok(Redirect::to(&format!("/cities/{code}/users/{id}?changed=1")).into_response())
}
