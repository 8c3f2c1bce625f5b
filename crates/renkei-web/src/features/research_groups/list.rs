//! A city's research groups: those it runs, alone or with other cities, with their members
//! in force, their last meeting and whether they are active; and, for the city's full staff,
//! the form to start one (the city leads it; partner cities are ticked). The list also
//! downloads as CSV and XLSX.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use renkei_app::research_groups;
use renkei_domain::access::{Action, Resource};
use renkei_domain::city::CityCode;
use renkei_domain::research_group::Field;
use renkei_domain::{FieldError, Lang};

use super::group_draft;
use crate::AppState;
use crate::access::Viewer;
use crate::csv::{ListFormat, download, utc_stamp};
use crate::error::AppError;
use crate::extract::FormInput;
use crate::shared::city::city_code;
use crate::shared::format::city_name;
use crate::shared::forms::{Choice, Errors, SavedQuery, coded_choices};
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

/// A group as a row of the list.
pub struct GroupRow {
    pub id: i64,
    pub name: String,
    pub field: String,
    pub cities: String,
    pub members: usize,
    pub last_meeting: String,
    pub active: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "research_groups/list.html")]
pub struct ListPage {
    base: Base,
    city: String,
    rows: Vec<GroupRow>,
    writes: bool,
    fields: Vec<Choice>,
    /// The other designated cities: (code, name, ticked).
    partners: Vec<(String, String, bool)>,
    form: HashMap<String, String>,
    errors: Errors,
    csrf: String,
    saved: bool,
}

impl ListPage {
    fn value(&self, key: &str) -> &str {
        self.form.get(key).map(String::as_str).unwrap_or_default()
    }
}

/// The other designated cities as boxes, ticked as the form says.
pub(super) fn partner_boxes(
    state: &AppState,
    lead: &CityCode,
    ticked: impl Fn(&str) -> bool,
) -> Vec<(String, String, bool)> {
    state
        .store
        .cities()
        .iter()
        .filter(|c| c.code != *lead)
        .map(|c| {
            let code = c.code.to_string();
            let on = ticked(&code);
            (code, c.name.clone(), on)
        })
        .collect()
}

/// The field choices of a group's form.
pub(super) fn field_choices(lang: Lang, selected: &str) -> Vec<Choice> {
    coded_choices(Field::ALL, Field::code, Field::name, lang, selected)
}

async fn list_page(
    state: &AppState,
    (lang, viewer): (Lang, &Viewer),
    code: &CityCode,
    form: HashMap<String, String>,
    errors: &[FieldError],
) -> Result<ListPage, AppError> {
    let groups = state.store.research_groups_of(code).await?;
    let mut rows = Vec::with_capacity(groups.len());
    for g in groups {
        let members = state.store.research_group_members(g.id).await?;
        let meetings = state.store.research_group_meetings(g.id).await?;
        let cities = g
            .cities
            .iter()
            .map(|c| city_name(state, &c.to_string()))
            .collect::<Vec<_>>()
            .join("・");
        rows.push(GroupRow {
            id: g.id.0,
            name: g.name,
            field: g.field.name().get(lang).to_owned(),
            cities,
            members: members.iter().filter(|m| m.in_force()).count(),
            last_meeting: meetings
                .first()
                .map(|m| renkei_domain::jdate::wareki(m.held_on))
                .unwrap_or_default(),
            active: g.active,
        });
    }
    let title = format!(
        "{}{}",
        city_name(state, &code.to_string()),
        tr(lang, "の研究会", ": research groups")
    );
    let writes = viewer.may(
        Action::Write,
        Resource::CityRecord {
            owner: code,
            shared_with: &[],
        },
    );
    Ok(ListPage {
        base: Base::new(
            lang,
            format!("/cities/{code}/research-groups"),
            title,
            "companies",
        ),
        city: code.to_string(),
        rows,
        writes,
        fields: field_choices(lang, form.get("field").map_or("", String::as_str)),
        partners: partner_boxes(state, code, |c| form.contains_key(&format!("partner_{c}"))),
        form,
        errors: Errors::of(lang, errors),
        csrf: viewer.csrf().to_owned(),
        saved: false,
    })
}

/// The city's research groups.
pub async fn list(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(city): Path<String>,
    Query(q): Query<SavedQuery>,
) -> Result<ListPage, AppError> {
    let code = city_code(&city)?;
    let resource = Resource::CityRecord {
        owner: &code,
        shared_with: &[],
    };
    viewer.require(Action::Read, resource).await?;
    let mut page = list_page(&state, (lang, &viewer), &code, HashMap::new(), &[]).await?;
    page.saved = q.saved();
    Ok(page)
}

/// `GET /cities/{city}/research-groups.csv` (`.xlsx`): the list, one group a row.
pub async fn list_file(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(city): Path<String>,
) -> Result<Response, AppError> {
    let code = city_code(&city)?;
    let resource = Resource::CityRecord {
        owner: &code,
        shared_with: &[],
    };
    viewer.require(Action::Read, resource).await?;
    let page = list_page(&state, (lang, &viewer), &code, HashMap::new(), &[]).await?;
    let header = [
        tr(lang, "番号", "No."),
        tr(lang, "研究会", "Group"),
        tr(lang, "分野", "Field"),
        tr(lang, "運営する市", "Cities"),
        tr(lang, "会員数", "Members"),
        tr(lang, "最後の会合", "Last meeting"),
        tr(lang, "活動中", "Active"),
    ];
    let lines = page.rows.into_iter().map(|r| {
        vec![
            r.id.to_string(),
            r.name,
            r.field,
            r.cities,
            r.members.to_string(),
            r.last_meeting,
            tr(
                lang,
                if r.active { "はい" } else { "いいえ" },
                if r.active { "yes" } else { "no" },
            )
            .to_owned(),
        ]
    });
    let xlsx = ListFormat::of(&uri) == ListFormat::Xlsx;
    let name = format!("research-groups-{code}-{}", utc_stamp());
    download(
        xlsx,
        &name,
        tr(lang, "研究会", "Research groups"),
        &header,
        lines,
    )
}

/// A group started by the city, which leads it.
pub async fn create(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(city): Path<String>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let code = city_code(&city)?;
    viewer
        .check_csrf(form.get("csrf").map(String::as_str).unwrap_or_default())
        .await?;
    match research_groups::create(&state.app, &viewer.caller(), &code, &group_draft(&form)).await? {
        Ok(g) => Ok(Redirect::to(&format!("/research-groups/{}?saved=1", g.id)).into_response()),
        Err(errors) => {
            let page = list_page(&state, (lang, &viewer), &code, form, &errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}
