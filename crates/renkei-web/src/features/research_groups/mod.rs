//! Research groups (研究会): a city's list of the groups it runs (alone or with other
//! cities) with the form to start one (`list`); a group's page with its members, meetings
//! and documents, and the forms to change it (`page`), to add and end memberships
//! (`members`), to record meetings with their minutes and attendance (`meetings`) and to
//! keep documents (`documents`); the groups in the JSON API (`api`, read only). The checks
//! and use cases are `renkei_app::research_groups`.

mod api;
mod documents;
mod list;
mod meetings;
mod members;
mod page;

use std::collections::HashMap;

use axum::routing::{get, post};
use renkei_domain::access::Action;
use renkei_domain::research_group::GroupDraft;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::shared::routing::Access::*;
use crate::shared::routing::{GET, GET_POST, POST, Table};

/// The research groups' operations of the JSON API (read only).
pub(crate) fn api(r: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    r.routes(routes!(api::list)).routes(routes!(api::get_group))
}

/// The research-group pages, with what each touches.
pub(crate) fn routes(t: Table) -> Table {
    t.add(
        "/cities/{city}/research-groups",
        GET_POST,
        CityRecords(Action::Read),
        get(list::list).post(list::create),
    )
    .add(
        "/cities/{city}/research-groups.csv",
        GET,
        CityRecords(Action::Read),
        get(list::list_file),
    )
    .add(
        "/cities/{city}/research-groups.xlsx",
        GET,
        CityRecords(Action::Read),
        get(list::list_file),
    )
    .add(
        "/research-groups/{id}",
        GET_POST,
        ResearchGroup(Action::Read),
        get(page::show).post(page::edit),
    )
    .add(
        "/research-groups/{id}/members",
        POST,
        ResearchGroup(Action::Write),
        post(members::add),
    )
    .add(
        "/research-groups/{id}/members/{member}/leave",
        POST,
        ResearchGroup(Action::Write),
        post(members::leave),
    )
    .add(
        "/research-groups/{id}/meetings",
        POST,
        ResearchGroup(Action::Write),
        post(meetings::add),
    )
    .add(
        "/research-groups/{id}/meetings/{meeting}",
        GET_POST,
        ResearchGroup(Action::Read),
        get(meetings::show).post(meetings::edit),
    )
    .add(
        "/research-groups/{id}/documents",
        POST,
        ResearchGroup(Action::Write),
        post(documents::upload).layer(documents::body_limit()),
    )
    .add(
        "/research-groups/{id}/documents/{document}",
        GET,
        ResearchGroup(Action::Read),
        get(documents::download),
    )
}

/// The group a form sends: its partner boxes are `partner_{code}`, the lead city's box
/// unused.
fn group_draft(form: &HashMap<String, String>) -> GroupDraft {
    let get = |k: &str| form.get(k).cloned().unwrap_or_default();
    let mut partners: Vec<String> = form
        .keys()
        .filter_map(|k| k.strip_prefix("partner_").map(str::to_owned))
        .collect();
    partners.sort();
    GroupDraft {
        name: get("name"),
        field: get("field"),
        description: get("description"),
        partners,
        founded_on: get("founded_on"),
        active: !form.contains_key("inactive"),
    }
}

/// The version a change was made from: without it a change could overwrite another unseen.
fn seen_version(form: &HashMap<String, String>) -> Result<i64, crate::error::AppError> {
    form.get("version")
        .and_then(|v| v.trim().parse::<i64>().ok())
        .ok_or_else(|| crate::error::AppError::Malformed("version".to_owned()))
}
