//! A city's roster of experts for dispatch: who they are, their fields, fee rule and when
//! they are free, with the form to add one and a page to change one (or take them off the
//! roster: inactive experts stay for the dispatches that name them); and the city's yearly
//! cap of visits per company. The city's staff and coordinators read it; its full staff
//! write it.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use renkei_app::dispatches;
use renkei_domain::access::{Action, Resource};
use renkei_domain::city::CityCode;
use renkei_domain::dispatch::{ExpertDraft, Field};
use renkei_domain::{FieldError, Lang};
use renkei_store::{ExpertId, ExpertRecord, StoreError};

use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::shared::city::city_code;
use crate::shared::format::city_name;
use crate::shared::forms::{Errors, SavedQuery};
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

/// An expert as a row of the roster.
pub struct ExpertRow {
    pub id: i64,
    pub name: String,
    pub organisation: String,
    pub fields: String,
    pub fee: String,
    pub availability: String,
    pub active: bool,
}

/// A fee rule as people read it: `1時間 15,000円＋1回 2,000円`.
pub(super) fn fee_rule(lang: Lang, x: &ExpertRecord) -> String {
    let hourly = format!(
        "{}{}",
        yen(x.hourly_fee),
        tr(lang, "円／時間", " yen an hour")
    );
    if x.visit_fee == 0 {
        hourly
    } else {
        format!(
            "{hourly}＋{}{}",
            yen(x.visit_fee),
            tr(lang, "円／回", " yen a visit")
        )
    }
}

/// Yen with thousands separators.
pub(super) fn yen(n: i64) -> String {
    crate::shared::format::thousands(n)
}

fn fields_text(lang: Lang, fields: &[Field]) -> String {
    fields
        .iter()
        .map(|f| f.name().get(lang))
        .collect::<Vec<_>>()
        .join("、")
}

#[derive(Template, WebTemplate)]
#[template(path = "dispatches/roster.html")]
pub struct RosterPage {
    base: Base,
    city: String,
    rows: Vec<ExpertRow>,
    cap: i32,
    writes: bool,
    /// Every field: (code, name, ticked).
    fields: Vec<(&'static str, &'static str, bool)>,
    form: HashMap<String, String>,
    errors: Errors,
    csrf: String,
    saved: bool,
}

impl RosterPage {
    fn value(&self, key: &str) -> &str {
        self.form.get(key).map(String::as_str).unwrap_or_default()
    }
}

/// The field boxes of a form: ticked as sent back, or as the expert has them.
fn field_boxes(
    lang: Lang,
    ticked: impl Fn(Field) -> bool,
) -> Vec<(&'static str, &'static str, bool)> {
    Field::ALL
        .iter()
        .map(|f| (f.code(), f.name().get(lang), ticked(*f)))
        .collect()
}

/// The expert a form sends: its field boxes are `field_{code}`.
fn draft_of(form: &HashMap<String, String>) -> ExpertDraft {
    let get = |k: &str| form.get(k).cloned().unwrap_or_default();
    ExpertDraft {
        name: get("name"),
        organisation: get("organisation"),
        fields: Field::ALL
            .iter()
            .filter(|f| form.contains_key(&format!("field_{}", f.code())))
            .map(|f| f.code().to_owned())
            .collect(),
        expertise: get("expertise"),
        hourly_fee: get("hourly_fee"),
        visit_fee: get("visit_fee"),
        availability: get("availability"),
        active: !form.contains_key("inactive"),
    }
}

async fn allowed(viewer: &Viewer, code: &CityCode, action: Action) -> Result<(), AppError> {
    let resource = Resource::CityRecord {
        owner: code,
        shared_with: &[],
    };
    viewer.require(action, resource).await?;
    Ok(())
}

async fn roster_page(
    state: &crate::AppState,
    (lang, viewer): (Lang, &Viewer),
    code: &CityCode,
    form: HashMap<String, String>,
    errors: &[FieldError],
) -> Result<RosterPage, AppError> {
    let experts = state.store.experts_of(code, true).await?;
    let rows = experts
        .iter()
        .map(|x| ExpertRow {
            id: x.id.0,
            name: x.name.clone(),
            organisation: x.organisation.clone(),
            fields: fields_text(lang, &x.fields),
            fee: fee_rule(lang, x),
            availability: x.availability.clone(),
            active: x.active,
        })
        .collect();
    let title = format!(
        "{}{}",
        city_name(state, &code.to_string()),
        tr(lang, "の専門家名簿", ": experts for dispatch")
    );
    Ok(RosterPage {
        base: Base::new(lang, format!("/cities/{code}/experts"), title, "companies"),
        city: code.to_string(),
        rows,
        cap: state.store.dispatch_cap(code).await?,
        writes: viewer.may(
            Action::Write,
            Resource::CityRecord {
                owner: code,
                shared_with: &[],
            },
        ),
        fields: field_boxes(lang, |f| form.contains_key(&format!("field_{}", f.code()))),
        form,
        errors: Errors::of(lang, errors),
        csrf: viewer.csrf().to_owned(),
        saved: false,
    })
}

/// The roster.
pub async fn list(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(city): Path<String>,
    Query(q): Query<SavedQuery>,
) -> Result<RosterPage, AppError> {
    let code = city_code(&city)?;
    allowed(&viewer, &code, Action::Read).await?;
    let mut page = roster_page(&state, (lang, &viewer), &code, HashMap::new(), &[]).await?;
    page.saved = q.saved();
    Ok(page)
}

/// An expert put on the roster.
pub async fn add(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(city): Path<String>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let code = city_code(&city)?;
    allowed(&viewer, &code, Action::Write).await?;
    viewer
        .check_csrf(form.get("csrf").map(String::as_str).unwrap_or_default())
        .await?;
    match dispatches::add_expert(&state.app, &viewer.caller(), &code, &draft_of(&form)).await? {
        Ok(_) => Ok(Redirect::to(&format!("/cities/{code}/experts?saved=1")).into_response()),
        Err(errors) => {
            let page = roster_page(&state, (lang, &viewer), &code, form, &errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

/// The city's yearly cap of visits per company, changed.
pub async fn cap(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(city): Path<String>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let code = city_code(&city)?;
    allowed(&viewer, &code, Action::Write).await?;
    viewer
        .check_csrf(form.get("csrf").map(String::as_str).unwrap_or_default())
        .await?;
    let typed = renkei_domain::text::fold(form.get("yearly_visits").map_or("", String::as_str));
    match typed.trim().trim_end_matches('回').parse::<i32>() {
        Ok(n) if (0..=100).contains(&n) => {
            let actor = viewer.caller().actor;
            state.store.set_dispatch_cap(&code, n, &actor).await?;
            Ok(Redirect::to(&format!("/cities/{code}/experts?saved=1")).into_response())
        }
        _ => {
            let error = FieldError::new(
                "yearly_visits",
                "上限は0から100までの回数で入力してください。",
                "Enter the cap as a number of visits from 0 to 100.",
            );
            let page = roster_page(&state, (lang, &viewer), &code, form, &[error]).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "dispatches/expert.html")]
pub struct ExpertPage {
    base: Base,
    city: String,
    x: ExpertRecord,
    writes: bool,
    fields: Vec<(&'static str, &'static str, bool)>,
    form: HashMap<String, String>,
    errors: Errors,
    csrf: String,
    saved: bool,
}

impl ExpertPage {
    fn value(&self, key: &str) -> &str {
        self.form.get(key).map(String::as_str).unwrap_or_default()
    }
}

/// The form's values for an expert as it is.
fn values_of(x: &ExpertRecord) -> HashMap<String, String> {
    let mut v = HashMap::from([
        ("name".to_owned(), x.name.clone()),
        ("organisation".to_owned(), x.organisation.clone()),
        ("expertise".to_owned(), x.expertise.clone()),
        ("hourly_fee".to_owned(), x.hourly_fee.to_string()),
        ("visit_fee".to_owned(), x.visit_fee.to_string()),
        ("availability".to_owned(), x.availability.clone()),
        ("version".to_owned(), x.version.to_string()),
    ]);
    for f in &x.fields {
        v.insert(format!("field_{}", f.code()), "1".to_owned());
    }
    if !x.active {
        v.insert("inactive".to_owned(), "1".to_owned());
    }
    v
}

/// The expert of the path, on the roster of the city of the path.
async fn expert_of(
    state: &crate::AppState,
    code: &CityCode,
    id: i64,
) -> Result<ExpertRecord, AppError> {
    match state.store.expert(ExpertId(id)).await {
        Ok(x) if &x.city == code => Ok(x),
        Ok(_) | Err(StoreError::NotFound) => Err(AppError::NotFound),
        Err(e) => Err(e.into()),
    }
}

fn expert_page(
    (lang, viewer): (Lang, &Viewer),
    x: ExpertRecord,
    form: HashMap<String, String>,
    errors: &[FieldError],
) -> ExpertPage {
    let title = format!("{}（{}）", x.name, tr(lang, "専門家", "expert"));
    ExpertPage {
        base: Base::new(
            lang,
            format!("/cities/{}/experts/{}", x.city, x.id),
            title,
            "companies",
        ),
        city: x.city.to_string(),
        writes: viewer.may(
            Action::Write,
            Resource::CityRecord {
                owner: &x.city,
                shared_with: &[],
            },
        ),
        fields: field_boxes(lang, |f| form.contains_key(&format!("field_{}", f.code()))),
        form,
        errors: Errors::of(lang, errors),
        csrf: viewer.csrf().to_owned(),
        saved: false,
        x,
    }
}

/// An expert's page, with the form to change them.
pub async fn show(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path((city, id)): Path<(String, i64)>,
    Query(q): Query<SavedQuery>,
) -> Result<ExpertPage, AppError> {
    let code = city_code(&city)?;
    allowed(&viewer, &code, Action::Read).await?;
    let x = expert_of(&state, &code, id).await?;
    let values = values_of(&x);
    let mut page = expert_page((lang, &viewer), x, values, &[]);
    page.saved = q.saved();
    Ok(page)
}

/// An expert changed, from the version the person saw.
pub async fn edit(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path((city, id)): Path<(String, i64)>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let code = city_code(&city)?;
    allowed(&viewer, &code, Action::Write).await?;
    viewer
        .check_csrf(form.get("csrf").map(String::as_str).unwrap_or_default())
        .await?;
    let x = expert_of(&state, &code, id).await?;
    // The version the person saw: without it a change could overwrite another unseen.
    let Some(seen) = form
        .get("version")
        .and_then(|v| v.trim().parse::<i64>().ok())
    else {
        return Err(AppError::Malformed("version".to_owned()));
    };
    let checked = match draft_of(&form).validate() {
        Ok(checked) => checked,
        Err(errors) => {
            let page = expert_page((lang, &viewer), x, form, &errors);
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    state
        .store
        .update_expert(&x, seen, &checked, &viewer.caller().actor)
        .await?;
    Ok(Redirect::to(&format!("/cities/{code}/experts/{id}?saved=1")).into_response())
}
