//! Curricula (研修カリキュラム): the list every city's staff and coordinators read, one
//! curriculum's page with its modules and its training events, the form that defines one (a
//! city's by its full staff, the network's by the administrators) and changes it from the
//! version read (409 with the latest version on a stale one), and the form that ties a
//! training event to a module.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use renkei_app::training;
use renkei_domain::access::{Action, Resource, TrainingThing};
use renkei_domain::catalog::Stage;
use renkei_domain::city::CityCode;
use renkei_domain::training::{
    CurriculumDraft, MODULE_FIELDS, MODULES_MAX, ModuleDraft, hours_text,
};
use renkei_domain::{FieldError, Lang};
use renkei_store::{CurriculumId, CurriculumRecord};

use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::shared::city::city_code;
use crate::shared::forms::Errors;
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

/// Stages as the report marks them: `③④`.
pub(super) fn marks(stages: &[Stage]) -> String {
    stages.iter().map(|s| s.mark()).collect()
}

/// A curriculum as a list or a page shows it.
pub struct CurriculumView {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub owner: String,
    pub modules: Vec<ModuleView>,
    pub hours: String,
}

pub struct ModuleView {
    pub key: u32,
    pub title: String,
    pub stages: String,
    pub hours: String,
}

pub(super) fn owner_name(state: &AppState, lang: Lang, city: Option<&CityCode>) -> String {
    match city {
        Some(c) => state.store.city_name(&c.to_string()),
        None => tr(lang, "全国（ネットワーク共通）", "The whole network").to_owned(),
    }
}

pub(super) fn view(state: &AppState, lang: Lang, c: &CurriculumRecord) -> CurriculumView {
    CurriculumView {
        id: c.id.0,
        title: c.title.clone(),
        description: c.description.clone(),
        owner: owner_name(state, lang, c.city.as_ref()),
        modules: c
            .modules
            .iter()
            .map(|m| ModuleView {
                key: m.key,
                title: m.title.clone(),
                stages: marks(&m.stage_list()),
                hours: hours_text(m.half_hours),
            })
            .collect(),
        hours: hours_text(c.modules.iter().map(|m| m.half_hours).sum()),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "training/curricula.html")]
pub struct ListPage {
    pub base: Base,
    pub curricula: Vec<CurriculumView>,
    /// Where the viewer may define one: (path, label).
    pub new_links: Vec<(String, String)>,
}

/// `GET /training/curricula`: every curriculum.
pub async fn list(
    PageContext(state, lang, uri, viewer): PageContext,
) -> Result<Response, AppError> {
    let all = training::curricula(&state.app, &viewer.caller()).await?;
    let mut new_links = Vec::new();
    if viewer.may(
        Action::Write,
        Resource::Training(TrainingThing::Curriculum(None)),
    ) {
        new_links.push((
            "/training/curricula/new".to_owned(),
            tr(
                lang,
                "全国共通のカリキュラムを作る",
                "Define a network curriculum",
            )
            .to_owned(),
        ));
    }
    for city in staff_cities(&viewer) {
        new_links.push((
            format!("/cities/{city}/training/curricula/new"),
            format!(
                "{}{}",
                state.store.city_name(&city.to_string()),
                tr(lang, "のカリキュラムを作る", ": define a curriculum")
            ),
        ));
    }
    Ok(ListPage {
        base: Base::new(
            lang,
            uri.to_string(),
            tr(lang, "研修カリキュラム", "Training curricula"),
            "coordinators",
        ),
        curricula: all.iter().map(|c| view(&state, lang, c)).collect(),
        new_links,
    }
    .into_response())
}

/// The cities whose curricula the viewer may write (full staff).
fn staff_cities(viewer: &Viewer) -> Vec<CityCode> {
    use renkei_domain::access::Role;
    viewer
        .subject
        .roles
        .iter()
        .filter_map(|r| match r {
            Role::CityStaff {
                city,
                read_only: false,
            } => Some(*city),
            _ => None,
        })
        .collect()
}

/// A course of the curriculum, as its page lists it.
pub struct CourseView {
    pub event: i64,
    pub title: String,
    pub when: String,
    pub module: String,
    pub hours: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "training/curriculum.html")]
pub struct ShowPage {
    pub base: Base,
    pub c: CurriculumView,
    pub courses: Vec<CourseView>,
    pub writable: bool,
    pub csrf: String,
    /// The training events the course form may name: (id, label).
    pub events: Vec<(i64, String)>,
    pub errors: Errors,
    pub values: HashMap<String, String>,
}

impl ShowPage {
    fn value(&self, k: &str) -> String {
        self.values.get(k).cloned().unwrap_or_default()
    }
}

async fn show_page(
    state: &AppState,
    (lang, here, viewer): (Lang, String, &Viewer),
    c: &CurriculumRecord,
    values: HashMap<String, String>,
    errors: &[FieldError],
) -> Result<ShowPage, AppError> {
    let writable = viewer.may(
        Action::Write,
        Resource::Training(TrainingThing::Curriculum(c.city.as_ref())),
    );
    let courses = training::courses(&state.app, c)
        .await?
        .into_iter()
        .map(|(course, e)| CourseView {
            event: e.id.0,
            title: e.title,
            when: crate::shared::format::show_when(e.starts_at),
            module: c
                .module(course.module_key)
                .map(|m| m.title.clone())
                .unwrap_or_default(),
            hours: hours_text(course.half_hours),
        })
        .collect();
    let events = if writable {
        training::course_events(&state.app, c)
            .await?
            .into_iter()
            .map(|e| {
                let when = crate::shared::format::show_when(e.starts_at);
                (e.id.0, format!("{}（{when}）", e.title))
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(ShowPage {
        base: Base::new(lang, here, c.title.clone(), "coordinators"),
        c: view(state, lang, c),
        courses,
        writable,
        csrf: viewer.csrf().to_owned(),
        events,
        errors: Errors::of(lang, errors),
        values,
    })
}

/// `GET /training/curricula/{id}`.
pub async fn show(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(id): Path<CurriculumId>,
) -> Result<Response, AppError> {
    let c = training::load_curriculum(&state.app, &viewer.caller(), Action::Read, id).await?;
    let page = show_page(
        &state,
        (lang, uri.to_string(), &viewer),
        &c,
        HashMap::new(),
        &[],
    )
    .await?;
    Ok(page.into_response())
}

/// `POST /training/curricula/{id}/courses`: ties a training event to a module.
pub async fn link(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<CurriculumId>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    let c = training::load_curriculum(&state.app, &caller, Action::Write, id).await?;
    let one = |k: &str| form.get(k).cloned().unwrap_or_default();
    viewer.check_csrf(&one("csrf")).await?;
    let sent = (one("event"), one("module"), one("hours"));
    match training::link_course(&state.app, &caller, &c, (&sent.0, &sent.1, &sent.2)).await? {
        Ok(_) => Ok(Redirect::to(&format!("/training/curricula/{id}?linked=1")).into_response()),
        Err(errors) => {
            let here = format!("/training/curricula/{id}");
            let page = show_page(&state, (lang, here, &viewer), &c, form, &errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

/// A module row of the form.
pub struct ModuleRow {
    pub field: &'static str,
    pub n: usize,
    pub key: String,
    pub title: String,
    pub hours: String,
    pub stages: Vec<(&'static str, String, bool)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "training/curriculum_form.html")]
pub struct FormPage {
    pub base: Base,
    pub action: String,
    pub owner: String,
    pub csrf: String,
    pub version: String,
    pub title: String,
    pub description: String,
    pub rows: Vec<ModuleRow>,
    pub errors: Errors,
}

fn rows_of(lang: Lang, drafts: &[ModuleDraft]) -> Vec<ModuleRow> {
    (0..MODULES_MAX)
        .map(|n| {
            let d = drafts.get(n).cloned().unwrap_or_default();
            ModuleRow {
                field: MODULE_FIELDS[n],
                n,
                key: d.key,
                title: d.title,
                hours: d.hours,
                stages: Stage::ALL
                    .iter()
                    .map(|s| {
                        (
                            s.code(),
                            format!("{} {}", s.mark(), s.name().get(lang)),
                            d.stages.iter().any(|c| c == s.code()),
                        )
                    })
                    .collect(),
            }
        })
        .collect()
}

fn draft_of(form: &[(String, String)]) -> CurriculumDraft {
    let one = |k: &str| {
        form.iter()
            .find(|(x, _)| x == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let many = |k: &str| -> Vec<String> {
        form.iter()
            .filter(|(x, _)| x == k)
            .map(|(_, v)| v.clone())
            .collect()
    };
    CurriculumDraft {
        title: one("title"),
        description: one("description"),
        modules: (0..MODULES_MAX)
            .map(|n| ModuleDraft {
                key: one(&format!("module_{n}_key")),
                title: one(&format!("module_{n}_title")),
                stages: many(&format!("module_{n}_stages")),
                hours: one(&format!("module_{n}_hours")),
            })
            .collect(),
    }
}

fn draft_from(c: &CurriculumRecord) -> CurriculumDraft {
    CurriculumDraft {
        title: c.title.clone(),
        description: c.description.clone(),
        modules: c
            .modules
            .iter()
            .map(|m| ModuleDraft {
                key: m.key.to_string(),
                title: m.title.clone(),
                stages: m.stages.clone(),
                hours: hours_text(m.half_hours),
            })
            .collect(),
    }
}

#[allow(clippy::too_many_arguments)]
fn form_page(
    (lang, viewer): (Lang, &Viewer),
    action: String,
    owner: String,
    heading: &str,
    draft: &CurriculumDraft,
    version: String,
    errors: &[FieldError],
) -> FormPage {
    FormPage {
        base: Base::new(lang, action.clone(), heading, "coordinators"),
        action,
        owner,
        csrf: viewer.csrf().to_owned(),
        version,
        title: draft.title.clone(),
        description: draft.description.clone(),
        rows: rows_of(lang, &draft.modules),
        errors: Errors::of(lang, errors),
    }
}

const NEW: (&str, &str) = ("研修カリキュラムを作る", "Define a training curriculum");
const EDIT: (&str, &str) = ("研修カリキュラムの編集", "Edit the curriculum");

/// `GET /training/curricula/new`: the network's curriculum's form (administrators).
pub async fn new_network_form(ctx: PageContext) -> Result<Response, AppError> {
    new_form(ctx, None).await
}

/// `GET /cities/{city}/training/curricula/new`.
pub async fn new_city_form(
    ctx: PageContext,
    Path(city): Path<String>,
) -> Result<Response, AppError> {
    let city = city_code(&city)?;
    new_form(ctx, Some(city)).await
}

/// `POST /training/curricula/new`.
pub async fn create_network(
    ctx: PageContext,
    FormInput(form): FormInput<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    create(ctx, None, form).await
}

/// `POST /cities/{city}/training/curricula/new`.
pub async fn create_city(
    ctx: PageContext,
    Path(city): Path<String>,
    FormInput(form): FormInput<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let city = city_code(&city)?;
    create(ctx, Some(city), form).await
}

async fn new_form(
    PageContext(state, lang, uri, viewer): PageContext,
    city: Option<CityCode>,
) -> Result<Response, AppError> {
    training::may_define(&state.app, &viewer.caller(), city.as_ref()).await?;
    let page = form_page(
        (lang, &viewer),
        uri.path().to_owned(),
        owner_name(&state, lang, city.as_ref()),
        tr(lang, NEW.0, NEW.1),
        &CurriculumDraft::default(),
        String::new(),
        &[],
    );
    Ok(page.into_response())
}

async fn create(
    PageContext(state, lang, uri, viewer): PageContext,
    city: Option<CityCode>,
    form: Vec<(String, String)>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    training::may_define(&state.app, &caller, city.as_ref()).await?;
    let csrf = form
        .iter()
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.as_str())
        .unwrap_or_default();
    viewer.check_csrf(csrf).await?;
    let draft = draft_of(&form);
    match training::define(&state.app, &caller, city.as_ref(), &draft).await? {
        Ok(c) => Ok(Redirect::to(&format!("/training/curricula/{}?saved=1", c.id)).into_response()),
        Err(errors) => {
            let page = form_page(
                (lang, &viewer),
                uri.path().to_owned(),
                owner_name(&state, lang, city.as_ref()),
                tr(lang, NEW.0, NEW.1),
                &draft,
                String::new(),
                &errors,
            );
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

/// `GET /training/curricula/{id}/edit`.
pub async fn edit_form(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<CurriculumId>,
) -> Result<Response, AppError> {
    let c = training::load_curriculum(&state.app, &viewer.caller(), Action::Write, id).await?;
    let page = form_page(
        (lang, &viewer),
        format!("/training/curricula/{id}/edit"),
        owner_name(&state, lang, c.city.as_ref()),
        tr(lang, EDIT.0, EDIT.1),
        &draft_from(&c),
        c.version.to_string(),
        &[],
    );
    Ok(page.into_response())
}

/// `POST /training/curricula/{id}/edit`: from the version read; a stale one is the form again
/// (409) on the latest version, with what was typed.
pub async fn update(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<CurriculumId>,
    FormInput(form): FormInput<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    let c = training::load_curriculum(&state.app, &caller, Action::Write, id).await?;
    let one = |k: &str| {
        form.iter()
            .find(|(x, _)| x == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    viewer.check_csrf(&one("csrf")).await?;
    let draft = draft_of(&form);
    let owner = owner_name(&state, lang, c.city.as_ref());
    let action = format!("/training/curricula/{id}/edit");
    let Ok(version) = one("version").trim().parse::<i64>() else {
        return Err(AppError::Validation(vec![FieldError::new(
            "version",
            "画面を開き直してから保存してください。",
            "Open the form again and save.",
        )]));
    };
    match training::edit(&state.app, &caller, &c, version, &draft).await {
        Ok(Ok(_)) => Ok(Redirect::to(&format!("/training/curricula/{id}?saved=1")).into_response()),
        Ok(Err(errors)) => {
            let page = form_page(
                (lang, &viewer),
                action,
                owner,
                tr(lang, EDIT.0, EDIT.1),
                &draft,
                version.to_string(),
                &errors,
            );
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(renkei_store::StoreError::Conflict) => {
            let fresh = state.store.curriculum(id).await?;
            let errors = [FieldError::new(
                "title",
                "ほかの人が先に保存しました。最新の内容に入力し直してください。",
                "Someone saved first; enter your changes again on the latest version.",
            )];
            let page = form_page(
                (lang, &viewer),
                action,
                owner,
                tr(lang, EDIT.0, EDIT.1),
                &draft,
                fresh.version.to_string(),
                &errors,
            );
            Ok((StatusCode::CONFLICT, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
