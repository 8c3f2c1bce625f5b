//! The desk's list: a city's consultation cases, the open ones by default (oldest waiting
//! first), filtered by state, kind and "mine", with who each waits on and whether its first
//! answer came within three open days. The city's staff and coordinators read it.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query};
use renkei_app::consultations;
use renkei_domain::access::{Action, Resource};
use renkei_domain::consultation::{Consultation, Kind, State};
use renkei_domain::workflow::Workflow;
use renkei_store::{ConsultationQuery, PageRequest, UserId};
use serde::Deserialize;

use crate::access::Viewer;
use crate::error::AppError;
use crate::shared::city::city_code;
use crate::shared::format::{city_name, encode, show_wareki};
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

use super::case::waits_on;

/// A case as a row of the list.
pub struct Row {
    pub id: i64,
    pub company: String,
    pub kind: &'static str,
    pub subject: String,
    pub state: &'static str,
    pub waits_on: String,
    pub handler: String,
    pub opened: String,
    pub due: String,
    /// The first answer came late, or has not come and is late.
    pub late: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    /// `open` (default), `all`, or a state's code.
    pub state: String,
    pub kind: String,
    pub mine: String,
    pub page: Option<u64>,
}

#[derive(Template, WebTemplate)]
#[template(path = "consultations/desk.html")]
pub struct DeskPage {
    base: Base,
    city: String,
    rows: Vec<Row>,
    total: u64,
    /// The filters as chosen, and their choices: (code, name, chosen).
    states: Vec<(String, String, bool)>,
    kinds: Vec<(String, String, bool)>,
    mine: bool,
    page: u64,
    pages: u64,
    pager_path: String,
    query: String,
}

pub(super) fn filter(q: &ListQuery, viewer: &Viewer) -> ConsultationQuery {
    ConsultationQuery {
        state: State::from_code(q.state.trim()),
        all: q.state == "all",
        kind: Kind::from_code(q.kind.trim()),
        handler: if q.mine == "1" {
            viewer.caller().actor.id.map(UserId)
        } else {
            None
        },
    }
}

/// The desk's cases.
pub async fn list(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(city): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<DeskPage, AppError> {
    let code = city_code(&city)?;
    let resource = Resource::CityRecord {
        owner: &code,
        shared_with: &[],
    };
    viewer.require(Action::Read, resource).await?;
    let f = filter(&q, &viewer);
    let page = PageRequest::new(q.page.unwrap_or(1), 50);
    let found = state.store.consultations_of(&code, &f, page).await?;
    let companies = state
        .store
        .companies_by_id(found.items.iter().map(|c| c.company_id))
        .await?;
    let today = consultations::today();
    let rows = found
        .items
        .iter()
        .map(|c| Row {
            id: c.id.0,
            company: companies
                .get(&c.company_id)
                .map(|x| x.name.clone())
                .unwrap_or_default(),
            kind: c.kind.name().get(lang),
            subject: c.subject.clone(),
            state: c.state.name().get(lang),
            waits_on: Consultation::waiting_on(c.state)
                .map(|p| waits_on(lang, p, c))
                .unwrap_or_default(),
            handler: c.handler_label.clone(),
            opened: show_wareki(c.created_at),
            due: renkei_domain::jdate::wareki(c.first_answer_due),
            late: consultations::first_answer_met(c, today) == Some(false),
        })
        .collect();
    let chosen_state = if q.state.is_empty() {
        "open"
    } else {
        q.state.as_str()
    };
    let mut states = vec![
        (
            "open".to_owned(),
            tr(
                lang,
                "対応中のもの（完了・取り下げを除く）",
                "Open (not closed or withdrawn)",
            )
            .to_owned(),
        ),
        ("all".to_owned(), tr(lang, "すべて", "All").to_owned()),
    ];
    states.extend(
        State::ALL
            .iter()
            .map(|s| (s.code().to_owned(), s.name().get(lang).to_owned())),
    );
    let states = states
        .into_iter()
        .map(|(c, n)| {
            let on = c == chosen_state;
            (c, n, on)
        })
        .collect();
    let kinds = Kind::ALL
        .iter()
        .map(|k| {
            (
                k.code().to_owned(),
                k.name().get(lang).to_owned(),
                k.code() == q.kind,
            )
        })
        .collect();
    let name = city_name(&state, &code.to_string());
    let pages = found.total.div_ceil(found.per_page).max(1);
    Ok(DeskPage {
        base: Base::new(
            lang,
            uri.to_string(),
            format!("{name}{}", tr(lang, "の相談窓口", ": consultation desk")),
            "companies",
        ),
        city: code.to_string(),
        rows,
        total: found.total,
        states,
        kinds,
        mine: q.mine == "1",
        page: found.page,
        pages,
        pager_path: format!("/cities/{code}/consultations"),
        query: format!(
            "state={}&kind={}&mine={}",
            encode(chosen_state),
            encode(&q.kind),
            encode(&q.mine)
        ),
    })
}
