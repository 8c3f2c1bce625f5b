//! The showcase: products companies show to every designated city (or to anyone) by their
//! consent. The list other cities browse and search (`list`); a showcased product's page and
//! another city's request to its home city for a referral (`page`); the company's form that
//! publishes, changes and withdraws it (`publish`); the JSON API (`api`). The checks and use
//! cases are `renkei_app::showcase`.

mod api;
mod list;
mod page;
mod publish;

use axum::routing::{get, post};
use renkei_domain::access::Action;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::shared::routing::Access::*;
use crate::shared::routing::{GET, GET_POST, POST, Table};

/// The showcase's operations of the JSON API (read only).
pub(crate) fn api(r: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    r.routes(routes!(api::list)).routes(routes!(api::get_one))
}

/// The showcase pages, with what each touches.
pub(crate) fn routes(t: Table) -> Table {
    t.add("/showcase", GET, Public, get(list::list))
        .add("/showcase/{id}", GET, Showcase, get(page::show))
        .add(
            "/showcase/{id}/referral-request",
            POST,
            ShowcaseRequest,
            post(page::request),
        )
        .add(
            "/products/{id}/showcase",
            GET_POST,
            Product(Action::Read),
            get(publish::form).post(publish::change),
        )
}
