//! The sites a coordinator can introduce for trials and verification (紹介できる治験・実証先),
//! on the coordinator's page: listed for every reader of the directory, added and removed by
//! whoever keeps the profile (`/coordinators/{id}/sites`, `…/{site}/remove`), and in the
//! JSON API (`/api/v1/coordinators/{id}/sites`, read and add). The rules are
//! `renkei_app::network::sites`; a city's search for sites offers them
//! (`renkei_app::partnering::suggestions`).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use renkei_app::network::{self, Coordinator};
use renkei_domain::access::Action;
use renkei_domain::network::sites::{FacilityKind, SiteDraft};
use renkei_domain::{FieldError, Lang};
use renkei_store::{SiteId, SiteRecord, UserId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::access::Viewer;
use crate::error::{AppError, ErrorEnvelope};
use crate::extract::{FormInput, JsonInput};
use crate::shared::forms::{CsrfForm, Errors};
use crate::shared::page::PageContext;

/// A site as the coordinator's page lists it.
pub struct SiteView {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub offers: String,
}

/// The form that adds a site, as sent (and shown again with its problems).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SiteForm {
    pub csrf: String,
    pub name: String,
    pub kind: String,
    pub offers: String,
}

/// The sites part of a coordinator's page: the list, and the form for those who keep it.
#[derive(Default)]
pub struct SitesPart {
    pub list: Vec<SiteView>,
    pub kinds: Vec<(String, String)>,
    pub form: SiteForm,
    pub errors: Errors,
}

impl SitesPart {
    /// The part for `sites`, with the form as typed and its problems.
    pub fn new(lang: Lang, sites: &[SiteRecord], form: SiteForm, errors: &[FieldError]) -> Self {
        SitesPart {
            list: sites
                .iter()
                .map(|s| SiteView {
                    id: s.id.0,
                    name: s.name.clone(),
                    kind: s.kind.name().get(lang).to_owned(),
                    offers: s.offers.clone(),
                })
                .collect(),
            kinds: FacilityKind::ALL
                .iter()
                .map(|k| (k.code().to_owned(), k.name().get(lang).to_owned()))
                .collect(),
            form,
            errors: Errors::of(lang, errors),
        }
    }
}

/// Adds a site: 303 to the coordinator's page, or the page again with each problem at its
/// field and what was typed (422).
pub async fn add(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<UserId>,
    FormInput(form): FormInput<SiteForm>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    let c = network::load(&state.app, &caller, Action::Write, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    let draft = SiteDraft {
        name: form.name.clone(),
        kind: form.kind.clone(),
        offers: form.offers.clone(),
    };
    match network::sites::add(&state.app, &caller, &c, &draft).await? {
        Ok(_) => Ok(Redirect::to(&format!("/coordinators/{id}?site=added#sites")).into_response()),
        Err(errors) => {
            let page = refused(&state, (lang, &viewer), &c, form, &errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

async fn refused(
    state: &AppState,
    (lang, viewer): (Lang, &Viewer),
    c: &Coordinator,
    form: SiteForm,
    errors: &[FieldError],
) -> Result<super::directory::CoordinatorPage, AppError> {
    let sites = state.store.coordinator_sites(c.account.user.id).await?;
    let part = SitesPart::new(lang, &sites, form, errors);
    super::directory::coordinator_page(state, (lang, viewer), c, None, part).await
}

/// Removes one of the coordinator's sites: 303 to their page; another's site is not found.
pub async fn remove(
    PageContext(state, _lang, _uri, viewer): PageContext,
    Path((id, site)): Path<(UserId, SiteId)>,
    FormInput(form): FormInput<CsrfForm>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    let c = network::load(&state.app, &caller, Action::Write, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    network::sites::remove(&state.app, &caller, &c, site).await?;
    Ok(Redirect::to(&format!("/coordinators/{id}?site=removed#sites")).into_response())
}

/// A site a coordinator can introduce, in the JSON API.
#[derive(Debug, Serialize, ToSchema)]
pub struct SiteDto {
    pub id: i64,
    /// The coordinator's account.
    pub coordinator: i64,
    #[schema(example = "110001")]
    pub city: String,
    pub name: String,
    /// `hospital`, `clinic`, `care-facility`, `university`, `other`.
    pub kind: String,
    pub offers: String,
    pub created_at: DateTime<Utc>,
}

impl From<SiteRecord> for SiteDto {
    fn from(s: SiteRecord) -> Self {
        SiteDto {
            id: s.id.0,
            coordinator: s.user_id.0,
            city: s.city.to_string(),
            name: s.name,
            kind: s.kind.code().to_owned(),
            offers: s.offers,
            created_at: s.created_at,
        }
    }
}

/// A site to add.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct SiteInput {
    pub name: String,
    #[schema(example = "hospital")]
    pub kind: String,
    pub offers: String,
}

/// The sites a coordinator can introduce (whoever reads the directory).
#[utoipa::path(get, path = "/api/v1/coordinators/{id}/sites", tag = "network",
    security(("api_token" = []), ("session" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<SiteDto>), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn list_sites(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<UserId>,
) -> Result<Json<Vec<SiteDto>>, AppError> {
    let c = network::load(&state.app, &viewer.caller(), Action::Read, id).await?;
    let sites = network::sites::of(&state.app, &c).await?;
    Ok(Json(sites.into_iter().map(SiteDto::from).collect()))
}

/// Adds a site the coordinator can introduce (the coordinator, or their city's full staff).
#[utoipa::path(post, path = "/api/v1/coordinators/{id}/sites", tag = "network",
    security(("api_token" = []), ("session" = [])),
    params(("id" = i64, Path)),
    request_body = SiteInput,
    responses((status = 201, body = SiteDto), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub(super) async fn add_site(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<UserId>,
    headers: HeaderMap,
    JsonInput(input): JsonInput<SiteInput>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    let c = network::load(&state.app, &caller, Action::Write, id).await?;
    viewer.check_csrf(crate::api::csrf(&headers)).await?;
    let draft = SiteDraft {
        name: input.name,
        kind: input.kind,
        offers: input.offers,
    };
    match network::sites::add(&state.app, &caller, &c, &draft).await? {
        Ok(s) => Ok((StatusCode::CREATED, Json(SiteDto::from(s))).into_response()),
        Err(errors) => Err(AppError::Validation(errors)),
    }
}
