//! A city's identity providers (OpenID Connect): the list, a form to add one (one for the
//! city's staff, one for its companies' people) and a form to change one. Who may: those
//! who manage the city's accounts (`Resource::CityUsers`): platform administrators and the
//! city's staff, read-only staff reading only. The client secret is never shown back: an
//! empty secret field keeps the stored one.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Path;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use renkei_domain::access::{Action, Resource};
use renkei_domain::city::CityCode;
use renkei_domain::oidc::{Audience, DEFAULT_EMAIL_CLAIM, ProviderInput};
use renkei_domain::{FieldError, Lang, Text};
use renkei_store::{IdentityProviderId, IdentityProviderRecord, StoreError};
use serde::Deserialize;

use super::city::{require_city, require_city_form};
use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::{FormInput, QueryInput};
use crate::shared::format::city_name;
use crate::shared::forms::{Choice, Errors, SavedQuery, coded_choices};
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

/// A provider as a row of the list.
pub struct ProviderRow {
    audience: &'static str,
    issuer: String,
    client_id: String,
    secret_set: bool,
    email_claim: String,
    enabled: bool,
    href: String,
}

/// What the form holds (the secret only as typed, never as stored).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ProviderForm {
    audience: String,
    issuer: String,
    client_id: String,
    client_secret: String,
    email_claim: String,
    enabled: Option<String>,
    version: i64,
    csrf: String,
}

impl ProviderForm {
    fn input(&self) -> ProviderInput {
        ProviderInput {
            audience: self.audience.clone(),
            issuer: self.issuer.clone(),
            client_id: self.client_id.clone(),
            client_secret: self.client_secret.clone(),
            email_claim: self.email_claim.clone(),
            enabled: self.enabled.is_some(),
        }
    }

    fn of(p: &IdentityProviderRecord) -> ProviderForm {
        ProviderForm {
            audience: p.audience.code().into(),
            issuer: p.issuer.clone(),
            client_id: p.client_id.clone(),
            client_secret: String::new(),
            email_claim: p.email_claim.clone(),
            enabled: p.enabled.then(|| "1".into()),
            version: p.version,
            csrf: String::new(),
        }
    }

    fn new_one() -> ProviderForm {
        ProviderForm {
            email_claim: DEFAULT_EMAIL_CLAIM.into(),
            enabled: Some("1".into()),
            ..ProviderForm::default()
        }
    }
}

/// The form as a page shows it.
pub struct FormView {
    action: String,
    audiences: Vec<Choice>,
    issuer: String,
    client_id: String,
    email_claim: String,
    enabled: bool,
    version: i64,
    /// Changing: a secret is stored, and an empty field keeps it.
    secret_stored: Option<bool>,
    button: &'static str,
}

fn form_view(lang: Lang, action: String, f: &ProviderForm, stored: Option<bool>) -> FormView {
    FormView {
        action,
        audiences: coded_choices(
            Audience::ALL,
            Audience::code,
            Audience::name,
            lang,
            &f.audience,
        ),
        issuer: f.issuer.chars().take(300).collect(),
        client_id: f.client_id.chars().take(200).collect(),
        email_claim: f.email_claim.chars().take(100).collect(),
        enabled: f.enabled.is_some(),
        version: f.version,
        secret_stored: stored,
        button: if stored.is_some() {
            tr(lang, "変更を保存する", "Save the changes")
        } else {
            tr(
                lang,
                "IDプロバイダーを追加する",
                "Add the identity provider",
            )
        },
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/identity_providers.html")]
pub struct ProvidersPage {
    base: Base,
    users_href: String,
    redirect_uri: String,
    providers: Vec<ProviderRow>,
    /// The form to add one, for those who may.
    form: Option<FormView>,
    csrf: String,
    errors: Errors,
    saved: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/identity_provider.html")]
pub struct ProviderPage {
    base: Base,
    back: String,
    redirect_uri: String,
    form: FormView,
    csrf: String,
    errors: Errors,
}

fn list_href(city: &CityCode) -> String {
    format!("/cities/{city}/identity-providers")
}

async fn list_page(
    state: &AppState,
    lang: Lang,
    uri: &Uri,
    viewer: &Viewer,
    city: &CityCode,
    form: Option<&ProviderForm>,
    errors: &[FieldError],
) -> Result<ProvidersPage, AppError> {
    let providers = state.store.identity_providers(Some(city)).await?;
    let can_write = viewer.may(Action::Write, Resource::CityUsers(city));
    let rows = providers
        .iter()
        .map(|p| ProviderRow {
            audience: p.audience.name().get(lang),
            issuer: p.issuer.clone(),
            client_id: p.client_id.clone(),
            secret_set: p.client_secret.is_set(),
            email_claim: p.email_claim.clone(),
            enabled: p.enabled,
            href: format!("{}/{}", list_href(city), p.id),
        })
        .collect();
    let name = city_name(state, &city.to_string());
    let new_one = ProviderForm::new_one();
    Ok(ProvidersPage {
        base: Base::new(
            lang,
            uri.to_string(),
            format!(
                "{name}{}",
                tr(lang, "のIDプロバイダー", ": identity providers")
            ),
            "account",
        ),
        users_href: format!("/cities/{city}/users"),
        redirect_uri: state.link(renkei_app::oidc::CALLBACK_PATH),
        providers: rows,
        form: can_write.then(|| form_view(lang, list_href(city), form.unwrap_or(&new_one), None)),
        csrf: viewer.csrf().to_owned(),
        errors: Errors::of(lang, errors),
        saved: false,
    })
}

/// `GET /cities/{city}/identity-providers`.
pub async fn list(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(city): Path<String>,
    QueryInput(q): QueryInput<SavedQuery>,
) -> Result<ProvidersPage, AppError> {
    let code = require_city(&viewer, &city, Action::Read).await?;
    let mut page = list_page(&state, lang, &uri, &viewer, &code, None, &[]).await?;
    page.saved = q.saved();
    Ok(page)
}

const TAKEN: Text = Text::new(
    "この市には、この対象のIDプロバイダーがすでにあります。変更は一覧の「変更」から行ってください。",
    "This city already has an identity provider for these people: change it from the list.",
);

/// `POST /cities/{city}/identity-providers`: adds one.
pub async fn create(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(city): Path<String>,
    FormInput(form): FormInput<ProviderForm>,
) -> Result<Response, AppError> {
    let code = require_city_form(&viewer, &city, &form.csrf).await?;
    let errors = match form.input().validate(false) {
        Ok(draft) => match state
            .store
            .create_identity_provider(&code, &draft, &viewer.actor)
            .await
        {
            Ok(_) => {
                let to = format!("{}?saved=1", list_href(&code));
                return Ok(Redirect::to(&to).into_response());
            }
            Err(StoreError::Duplicate(_)) => vec![FieldError {
                field: "audience",
                message: TAKEN,
            }],
            Err(e) => return Err(e.into()),
        },
        Err(errors) => errors,
    };
    let page = list_page(&state, lang, &uri, &viewer, &code, Some(&form), &errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// The provider `id` of `city` (another city's is not found), once the caller may change
/// the city's accounts.
async fn provider_of(
    state: &AppState,
    city: &CityCode,
    id: &str,
) -> Result<IdentityProviderRecord, AppError> {
    let id = id.parse::<i64>().map_err(|_| AppError::NotFound)?;
    state
        .store
        .identity_provider(IdentityProviderId(id))
        .await?
        .filter(|p| p.city == *city)
        .ok_or(AppError::NotFound)
}

fn edit_page(
    state: &AppState,
    lang: Lang,
    uri: &Uri,
    viewer: &Viewer,
    p: &IdentityProviderRecord,
    form: &ProviderForm,
    errors: &[FieldError],
) -> ProviderPage {
    let name = city_name(state, &p.city.to_string());
    let action = format!("{}/{}", list_href(&p.city), p.id);
    ProviderPage {
        base: Base::new(
            lang,
            uri.to_string(),
            format!(
                "{name}{}",
                tr(
                    lang,
                    "のIDプロバイダーの変更",
                    ": change an identity provider"
                )
            ),
            "account",
        ),
        back: list_href(&p.city),
        redirect_uri: state.link(renkei_app::oidc::CALLBACK_PATH),
        form: form_view(lang, action, form, Some(p.client_secret.is_set())),
        csrf: viewer.csrf().to_owned(),
        errors: Errors::of(lang, errors),
    }
}

/// `GET /cities/{city}/identity-providers/{id}`: the form to change one.
pub async fn edit(
    PageContext(state, lang, uri, viewer): PageContext,
    Path((city, id)): Path<(String, String)>,
) -> Result<ProviderPage, AppError> {
    let code = require_city(&viewer, &city, Action::Write).await?;
    let p = provider_of(&state, &code, &id).await?;
    Ok(edit_page(
        &state,
        lang,
        &uri,
        &viewer,
        &p,
        &ProviderForm::of(&p),
        &[],
    ))
}

/// `POST /cities/{city}/identity-providers/{id}`: changes one, from the version read.
pub async fn update(
    PageContext(state, lang, uri, viewer): PageContext,
    Path((city, id)): Path<(String, String)>,
    FormInput(form): FormInput<ProviderForm>,
) -> Result<Response, AppError> {
    let code = require_city_form(&viewer, &city, &form.csrf).await?;
    let p = provider_of(&state, &code, &id).await?;
    let draft = match form.input().validate(true) {
        Ok(d) => d,
        Err(errors) => {
            let page = edit_page(&state, lang, &uri, &viewer, &p, &form, &errors);
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let result = state
        .store
        .update_identity_provider(&code, p.id, form.version, &draft, &viewer.actor)
        .await;
    match result {
        Ok(_) => Ok(Redirect::to(&format!("{}?saved=1", list_href(&code))).into_response()),
        Err(StoreError::Conflict) => {
            let latest = provider_of(&state, &code, &id).await?;
            let errors = [FieldError::new(
                "version",
                "ほかの人が先にこのIDプロバイダーを変更しました。最新の内容を表示しています。確認してからもう一度保存してください。",
                "Someone else changed this identity provider first. The latest version is shown: check it and save again.",
            )];
            let form = ProviderForm::of(&latest);
            let page = edit_page(&state, lang, &uri, &viewer, &latest, &form, &errors);
            Ok((StatusCode::CONFLICT, page).into_response())
        }
        Err(StoreError::Duplicate(_)) => {
            let errors = [FieldError {
                field: "audience",
                message: TAKEN,
            }];
            let page = edit_page(&state, lang, &uri, &viewer, &p, &form, &errors);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
