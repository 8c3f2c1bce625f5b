//! Finding a partner on a consultation case (連携先探し): inter-company brokering
//! (企業間連携の斡旋) and clinical and verification sites (治験・実証先). The case page's
//! forms open a request (`page::open`); the request's page with its candidates, Renkei's
//! suggestions, each candidate's moves and the close (`page`); the counts (`counts`); the
//! JSON API (`api`); the case page's part (`load`); a company's listing as a possible partner
//! for other cities, from its page (`listing`). The workflow is `renkei_app::partnering`.

mod api;
mod counts;
mod listing;
pub(crate) mod load;
mod page;

use axum::routing::{get, post};
use renkei_domain::access::Action;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::shared::routing::Access::*;
use crate::shared::routing::{GET, POST, Table};

/// The partner requests' operations of the JSON API.
pub(crate) fn api(r: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    r.routes(routes!(api::get_request))
        .routes(routes!(api::open))
        .routes(routes!(api::step))
}

/// The partner request pages, with what each touches.
pub(crate) fn routes(t: Table) -> Table {
    t.add(
        "/consultations/{id}/partner-requests",
        POST,
        Consultation(Action::Read),
        post(page::open),
    )
    .add("/partner-requests", GET, StaffAnywhere, get(counts::page))
    .add(
        "/partner-requests.csv",
        GET,
        StaffAnywhere,
        get(counts::file),
    )
    .add(
        "/partner-requests.xlsx",
        GET,
        StaffAnywhere,
        get(counts::file),
    )
    .add(
        "/partner-requests/{id}",
        GET,
        Consultation(Action::Read),
        get(page::show),
    )
    .add(
        "/partner-requests/{id}/candidates",
        POST,
        Consultation(Action::Read),
        post(page::add),
    )
    .add(
        "/partner-requests/{id}/close",
        POST,
        Consultation(Action::Read),
        post(page::close),
    )
    .add(
        "/partner-candidates/{id}/move",
        POST,
        Consultation(Action::Read),
        post(page::step),
    )
    .add(
        "/companies/{id}/partner-listing",
        POST,
        Company(Action::Read),
        post(listing::change),
    )
}
