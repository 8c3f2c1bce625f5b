//! The bridge to the state (橋渡し支援): a consultation case handed to a national body's
//! consultation. The case page's form opens one (`page::open`); the bridge's page with its
//! fields, the company's consent and the moves (`page`); the request as a PDF once the
//! company has consented (`pdf`); the counts for 第4章 (`counts`); the national bodies for
//! the platform administrator (`bodies`); the same in the JSON API (`api`). The workflow is
//! `renkei_app::bridges`.

mod api;
mod bodies;
mod counts;
mod page;
mod pdf;

use axum::routing::{get, post};
use renkei_domain::access::Action;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

use crate::shared::routing::Access::*;
use crate::shared::routing::{GET, GET_POST, POST, Table};

/// The bridges' operations of the JSON API.
pub(crate) fn api(r: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    r.routes(routes!(api::get_bridge))
        .routes(routes!(api::open))
        .routes(routes!(api::answers))
        .routes(routes!(api::step))
}

/// The bridge pages, with what each touches.
pub(crate) fn routes(t: Table) -> Table {
    t.add(
        "/consultations/{id}/bridges",
        POST,
        Consultation(Action::Read),
        post(page::open),
    )
    .add("/bridges", GET, StaffAnywhere, get(counts::page))
    .add("/bridges.csv", GET, StaffAnywhere, get(counts::file))
    .add("/bridges.xlsx", GET, StaffAnywhere, get(counts::file))
    .add(
        "/bridges/{id}",
        GET,
        Consultation(Action::Read),
        get(page::show),
    )
    .add(
        "/bridges/{id}/move",
        POST,
        Consultation(Action::Read),
        post(page::step),
    )
    .add(
        "/bridges/{id}/answers",
        POST,
        Consultation(Action::Read),
        post(page::answers),
    )
    .add(
        "/bridges/{id}/request.pdf",
        GET,
        Consultation(Action::Read),
        get(pdf::request),
    )
    .add(
        "/admin/national-bodies",
        GET,
        Platform(Action::Read),
        get(bodies::list),
    )
    .add(
        "/admin/national-bodies/new",
        GET_POST,
        Platform(Action::Write),
        get(bodies::new_form).post(bodies::create),
    )
    .add(
        "/admin/national-bodies/{id}",
        GET_POST,
        Platform(Action::Write),
        get(bodies::edit_form).post(bodies::update),
    )
}
