//! A city's caseload page (担当案件): what waits on each of its coordinators and staff, and
//! on its officers together, with due days and what is overdue (`renkei_app::network::caseload`);
//! `/caseload` opens the viewer's own city's (staff and coordinators).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Path;
use axum::response::{IntoResponse, Redirect, Response};
use renkei_app::network::caseload::{self, Item};
use renkei_domain::access::{Role, list_scope};

use crate::access::Viewer;
use crate::error::AppError;
use crate::shared::city::city_code;
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

/// An item as the page shows it.
pub struct ItemView {
    pub program: &'static str,
    pub title: String,
    pub state: &'static str,
    pub link: String,
    pub due: String,
    pub overdue: bool,
}

fn item(lang: renkei_domain::Lang, i: &Item) -> ItemView {
    ItemView {
        program: i.program.get(lang),
        title: i.title.clone(),
        state: i.state.get(lang),
        link: i.link.clone(),
        due: i.due.map(|d| d.to_string()).unwrap_or_default(),
        overdue: i.overdue,
    }
}

/// A person's part: their name, whether they coordinate, whether it is the viewer, items.
pub struct RowView {
    pub name: String,
    pub coordinator: bool,
    pub me: bool,
    pub items: Vec<ItemView>,
}

#[derive(Template, WebTemplate)]
#[template(path = "network/caseload.html")]
pub struct CaseloadPage {
    base: Base,
    overdue: usize,
    officers: Vec<ItemView>,
    rows: Vec<RowView>,
}

/// The city's caseload.
pub async fn page(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(city): Path<String>,
) -> Result<CaseloadPage, AppError> {
    let code = city_code(&city)?;
    let c = caseload::caseload(&state.app, &viewer.caller(), code).await?;
    let me = viewer.subject.person;
    let rows = c
        .rows
        .iter()
        .map(|r| RowView {
            name: r.person.display_name.clone(),
            coordinator: r.coordinator,
            me: Some(r.person.id.0) == me,
            items: r.items.iter().map(|i| item(lang, i)).collect(),
        })
        .collect();
    let name = state.store.city_name(&code.to_string());
    Ok(CaseloadPage {
        base: Base::new(
            lang,
            format!("/cities/{code}/caseload"),
            format!("{name} {}", tr(lang, "担当案件の一覧", "caseload")),
            "coordinators",
        ),
        overdue: c.overdue(),
        officers: c.officers.iter().map(|i| item(lang, i)).collect(),
        rows,
    })
}

/// The viewer's own city's caseload (the first city they work in).
pub async fn mine(viewer: Viewer) -> Result<Response, AppError> {
    viewer.require_signed_in().await?;
    let own = viewer.subject.roles.iter().find_map(|r| match r {
        Role::CityStaff { city, .. } | Role::Coordinator { city } => Some(*city),
        _ => None,
    });
    match own {
        Some(city) => Ok(Redirect::to(&format!("/cities/{city}/caseload")).into_response()),
        // Administrators work in no city: they choose one.
        None if list_scope(&viewer.subject).all => Ok(Redirect::to("/cities").into_response()),
        None => Err(AppError::Forbidden),
    }
}
