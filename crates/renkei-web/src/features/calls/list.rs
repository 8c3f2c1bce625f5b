//! The lists of calls: every published call of every city (the public list, open ones
//! first), and a city's calls, its drafts shown only to its office; and the form a city's
//! full staff write a new call with (it starts as a draft).

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use renkei_app::calls;
use renkei_domain::access::{Action, Resource};
use renkei_domain::jdate::wareki;
use renkei_domain::{FieldError, Lang};
use renkei_store::CallRecord;

use super::form::{Editor, draft};
use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::shared::city::city_code;
use crate::shared::format::city_name;
use crate::shared::forms::Errors;
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

/// A call as a row of a list.
pub struct CallRow {
    pub id: i64,
    pub title: String,
    pub kind: String,
    pub cities: String,
    pub period: String,
    pub phase: String,
    /// Whether it takes applications today.
    pub open: bool,
}

/// The cities of a call as people read them: `千葉市・さいたま市`.
pub(super) fn cities_of(state: &AppState, c: &CallRecord) -> String {
    c.cities
        .iter()
        .map(|code| city_name(state, &code.to_string()))
        .collect::<Vec<_>>()
        .join("・")
}

/// A call's application period in 和暦.
pub(super) fn period_of(c: &CallRecord) -> String {
    match (c.opens_on, c.closes_on) {
        (Some(o), Some(e)) => format!("{}～{}", wareki(o), wareki(e)),
        _ => String::new(),
    }
}

fn rows(state: &AppState, lang: Lang, calls: Vec<CallRecord>) -> Vec<CallRow> {
    let today = calls::today();
    calls
        .into_iter()
        .map(|c| CallRow {
            id: c.id,
            kind: c.kind.name().get(lang).to_owned(),
            cities: cities_of(state, &c),
            period: period_of(&c),
            phase: c.phase.name().get(lang).to_owned(),
            open: c.takes_applications(today),
            title: c.title,
        })
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "calls/list.html")]
pub struct ListPage {
    base: Base,
    intro: bool,
    rows: Vec<CallRow>,
    /// The city whose list it is, if one, and whether the viewer may write a call there.
    city: Option<String>,
    writes: bool,
}

/// Every published call of every city, those taking applications first.
pub async fn public(
    PageContext(state, lang, _uri, _viewer): PageContext,
) -> Result<ListPage, AppError> {
    let mut all = state.store.published_calls().await?;
    let today = calls::today();
    all.sort_by_key(|c| !c.takes_applications(today));
    Ok(ListPage {
        base: Base::new(
            lang,
            "/calls",
            tr(
                lang,
                "公募（補助金・表彰・認定）",
                "Calls (grants, awards, certifications)",
            ),
            "calls",
        ),
        intro: true,
        rows: rows(&state, lang, all),
        city: None,
        writes: false,
    })
}

/// A city's calls (its drafts only for its office).
pub async fn of_city(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(city): Path<String>,
) -> Result<ListPage, AppError> {
    let code = city_code(&city)?;
    let all = calls::of_city(&state.app, &viewer.caller(), &code).await?;
    let title = format!(
        "{}{}",
        city_name(&state, &code.to_string()),
        tr(lang, "の公募", ": calls")
    );
    Ok(ListPage {
        base: Base::new(lang, format!("/cities/{code}/calls"), title, "calls"),
        intro: false,
        rows: rows(&state, lang, all),
        writes: viewer.may_write_in(&code),
        city: Some(code.to_string()),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "calls/form.html")]
pub struct FormPage {
    pub(super) base: Base,
    pub(super) action: String,
    pub(super) version: Option<i64>,
    pub(super) published: bool,
    pub(super) editor: Editor,
    pub(super) form: HashMap<String, String>,
    pub(super) errors: Errors,
    pub(super) csrf: String,
}

impl FormPage {
    fn value(&self, key: &str) -> &str {
        self.form.get(key).map(String::as_str).unwrap_or_default()
    }
}

fn new_page(
    state: &AppState,
    (lang, viewer): (Lang, &Viewer),
    city: &renkei_domain::city::CityCode,
    form: HashMap<String, String>,
    errors: &[FieldError],
) -> FormPage {
    FormPage {
        base: Base::new(
            lang,
            format!("/cities/{city}/calls/new"),
            tr(lang, "公募を作成する", "Write a call"),
            "calls",
        ),
        action: format!("/cities/{city}/calls/new"),
        version: None,
        published: false,
        editor: Editor::new(state, lang, city, &form),
        form,
        errors: Errors::of(lang, errors),
        csrf: viewer.csrf().to_owned(),
    }
}

/// The form to write a new call of the city.
pub async fn new_form(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(city): Path<String>,
) -> Result<FormPage, AppError> {
    let code = city_code(&city)?;
    viewer
        .require(Action::Write, Resource::CityMenu(&code))
        .await?;
    let form = HashMap::from([
        ("eligible_home".to_owned(), "call_cities".to_owned()),
        ("reviewers_per_application".to_owned(), "2".to_owned()),
    ]);
    Ok(new_page(&state, (lang, &viewer), &code, form, &[]))
}

/// A new call of the city, in draft.
pub async fn create(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(city): Path<String>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let code = city_code(&city)?;
    viewer
        .check_csrf(form.get("csrf").map(String::as_str).unwrap_or_default())
        .await?;
    viewer
        .require(Action::Write, Resource::CityMenu(&code))
        .await?;
    match calls::create(&state.app, &viewer.caller(), &code, &draft(&form)).await? {
        Ok(c) => Ok(Redirect::to(&format!("/calls/{}?saved=1", c.id)).into_response()),
        Err(errors) => {
            let page = new_page(&state, (lang, &viewer), &code, form, &errors);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}
