//! Consultation cases (相談案件) at a city's desk: the desk's list, a company's cases with the
//! form to ask (or, for the desk, to open one for it), and the case's page with the moves the
//! viewer may make (take in and hand over, ask the company, answer, resume, close with a
//! summary, withdraw), its service level in 開庁日, its history, and the notes and next
//! actions of those who work it. The workflow is `renkei_app::consultations`.

mod api;
mod case;
mod company;
mod desk;
mod desk_file;

use axum::routing::{get, post};
use renkei_domain::access::Action;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

pub(crate) use case::case_page as case_page_with;

use crate::shared::routing::Access::*;
use crate::shared::routing::{GET, POST, Table};

/// The consultations' operations of the JSON API.
pub(crate) fn api(r: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    r.routes(routes!(api::list))
        .routes(routes!(api::get_case))
        .routes(routes!(api::open))
        .routes(routes!(api::step))
}

/// The consultation pages, with what each touches.
pub(crate) fn routes(t: Table) -> Table {
    t.add(
        "/cities/{city}/consultations",
        GET,
        CityRecords(Action::Read),
        get(desk::list),
    )
    .add(
        "/cities/{city}/consultations.csv",
        GET,
        CityRecords(Action::Read),
        get(desk_file::desk_file),
    )
    .add(
        "/cities/{city}/consultations.xlsx",
        GET,
        CityRecords(Action::Read),
        get(desk_file::desk_file),
    )
    .add(
        "/companies/{id}/consultations",
        GET,
        Consultation(Action::Read),
        get(company::page),
    )
    .add(
        "/companies/{id}/consultations",
        POST,
        Consultation(Action::Write),
        post(company::open),
    )
    .add(
        "/consultations/{id}",
        GET,
        Consultation(Action::Read),
        get(case::show),
    )
    .add(
        "/consultations/{id}/move",
        POST,
        Consultation(Action::Read),
        post(case::step),
    )
    .add(
        "/consultations/{id}/notes",
        POST,
        Consultation(Action::Read),
        post(case::note),
    )
}
