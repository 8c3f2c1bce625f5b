//! The coordinator network: the directory of coordinators across every city and their
//! profiles (`directory`) with the sites each can introduce for trials (`sites`), requests
//! for help across cities (`requests`: the list, the ask form, a request's page, its moves
//! and the company's consent), a city's caseload (`caseload`), and the directory and
//! requests in the JSON API (`api`). The rules are `renkei_app::network`.

mod api;
mod caseload;
mod directory;
mod requests;
mod sites;

use axum::routing::get;
use renkei_domain::access::Action;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::shared::routing::Access::*;
use crate::shared::routing::{GET, GET_POST, POST, Table};

/// The network's operations of the JSON API.
pub(crate) fn api(r: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    r.routes(routes!(api::list_coordinators))
        .routes(routes!(api::get_coordinator))
        .routes(routes!(sites::list_sites, sites::add_site))
        .routes(routes!(api::list_help_requests))
        .routes(routes!(api::get_help_request))
        .routes(routes!(api::ask))
        .routes(routes!(api::step))
}

/// The network's pages, with what each touches.
pub(crate) fn routes(t: Table) -> Table {
    t.add("/coordinators", GET, Coordinators, get(directory::page))
        .add(
            "/coordinators/{id}",
            GET,
            Coordinators,
            get(directory::show),
        )
        .add(
            "/coordinators/{id}/profile",
            GET_POST,
            CoordinatorProfile,
            get(directory::edit).post(directory::save),
        )
        .add(
            "/coordinators/{id}/sites",
            POST,
            CoordinatorProfile,
            axum::routing::post(sites::add),
        )
        .add(
            "/coordinators/{id}/sites/{site}/remove",
            POST,
            CoordinatorProfile,
            axum::routing::post(sites::remove),
        )
        .add("/caseload", GET, Coordinators, get(caseload::mine))
        .add(
            "/cities/{city}/caseload",
            GET,
            CityRecords(Action::Read),
            get(caseload::page),
        )
        .add("/help-requests", GET, SignedIn, get(requests::list))
        .add(
            "/help-requests/new",
            GET_POST,
            HelpAsk,
            get(requests::new).post(requests::ask),
        )
        .add(
            "/help-requests/{id}",
            GET,
            HelpRequest(Action::Read),
            get(requests::show),
        )
        .add(
            "/help-requests/{id}/move",
            POST,
            HelpRequest(Action::Write),
            axum::routing::post(requests::step),
        )
        .add(
            "/help-requests/{id}/consent",
            POST,
            HelpRequest(Action::Write),
            axum::routing::post(requests::consent),
        )
}
