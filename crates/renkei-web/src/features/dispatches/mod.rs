//! Expert dispatch (専門家派遣): a city's roster of experts with its yearly cap of visits per
//! company; a dispatch asked for on a consultation case (by the company or those who work
//! it), its page with the moves the viewer may make (approve within the cap, decline,
//! cancel, close with the expert's report), its visits with hours and fee; and the city's
//! counts and costs by company, measure and fiscal year, as a page and a file. The workflow
//! is `renkei_app::dispatches`.

mod api;
mod counts;
mod page;
mod roster;

use axum::routing::{get, post};
use renkei_domain::access::Action;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

use crate::shared::routing::Access::*;
use crate::shared::routing::{GET, POST, Table};

/// The dispatches' operations of the JSON API.
pub(crate) fn api(r: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    r.routes(routes!(api::get_dispatch))
        .routes(routes!(api::ask))
        .routes(routes!(api::step))
        .routes(routes!(api::visit))
}

/// The dispatch pages, with what each touches.
pub(crate) fn routes(t: Table) -> Table {
    t.add(
        "/cities/{city}/experts",
        GET,
        CityRecords(Action::Read),
        get(roster::list),
    )
    .add(
        "/cities/{city}/experts",
        POST,
        CityRecords(Action::Write),
        post(roster::add),
    )
    .add(
        "/cities/{city}/experts/{id}",
        GET,
        CityRecords(Action::Read),
        get(roster::show),
    )
    .add(
        "/cities/{city}/experts/{id}",
        POST,
        CityRecords(Action::Write),
        post(roster::edit),
    )
    .add(
        "/cities/{city}/dispatch-cap",
        POST,
        CityRecords(Action::Write),
        post(roster::cap),
    )
    .add(
        "/cities/{city}/dispatches",
        GET,
        CityRecords(Action::Read),
        get(counts::page),
    )
    .add(
        "/cities/{city}/dispatches.csv",
        GET,
        CityRecords(Action::Read),
        get(counts::file),
    )
    .add(
        "/cities/{city}/dispatches.xlsx",
        GET,
        CityRecords(Action::Read),
        get(counts::file),
    )
    .add(
        "/consultations/{id}/dispatches",
        POST,
        Consultation(Action::Read),
        post(page::request),
    )
    .add(
        "/dispatches/{id}",
        GET,
        Consultation(Action::Read),
        get(page::show),
    )
    .add(
        "/dispatches/{id}/move",
        POST,
        Consultation(Action::Read),
        post(page::step),
    )
    .add(
        "/dispatches/{id}/visits",
        POST,
        Consultation(Action::Read),
        post(page::visit),
    )
}
