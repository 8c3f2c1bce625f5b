//! Products (開発案件): the scoped list (with a coordinator's caseload), registration under a
//! company and the edit form, and the product's page — the ideal support success model applied
//! to it (stage by stage, the measures its type can use, which it used, what is available next
//! and where), its timeline of stage moves and decisions, its evaluations and adoptions, and
//! the forms that record them or share it with another city; and products in the JSON API.

mod api;
mod form;
mod list;
pub(crate) mod load;
pub(crate) mod model;
pub(crate) mod page;
mod records;
mod share;

use axum::routing::{get, post};
use renkei_domain::access::Action;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::shared::routing::Access::*;
use crate::shared::routing::{GET, GET_POST, POST, Table};

/// The pages of products, with what each touches.
pub(crate) fn routes(t: Table) -> Table {
    t.add(
        "/companies/{id}/products/new",
        GET_POST,
        Company(Action::Write),
        get(form::new_form).post(form::create),
    )
    .add("/products", GET, SignedIn, get(list::list))
    .add("/products.csv", GET, SignedIn, get(list::list_file))
    .add("/products.xlsx", GET, SignedIn, get(list::list_file))
    .add(
        "/products/{id}",
        GET,
        Product(Action::Read),
        get(page::show),
    )
    .add(
        "/products/{id}/edit",
        GET_POST,
        Product(Action::Write),
        get(form::edit_form).post(form::update),
    )
    .add(
        "/products/{id}/grants",
        POST,
        Product(Action::Write),
        post(share::share),
    )
    .add(
        "/products/{id}/stage",
        POST,
        Product(Action::Write),
        post(records::move_stage),
    )
    .add(
        "/products/{id}/decision",
        POST,
        Product(Action::Write),
        post(records::decide),
    )
    .add(
        "/products/{id}/evaluations",
        POST,
        Product(Action::Write),
        post(records::add_evaluation),
    )
    .add(
        "/products/{id}/adoptions",
        POST,
        Product(Action::Write),
        post(records::add_adoption),
    )
    .add(
        "/products/{id}/support",
        POST,
        SupportRecord,
        post(records::add_support),
    )
    .add(
        "/products/{id}/coordinator",
        POST,
        Product(Action::Write),
        post(records::assign_coordinator),
    )
}

/// The products' API operations.
pub(crate) fn api(r: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    r.routes(routes!(api::create_product))
        .routes(routes!(api::list_products))
        .routes(routes!(api::get_product, api::update_product))
        .routes(routes!(api::move_product))
        .routes(routes!(api::add_support))
        .routes(routes!(api::add_review))
        .routes(routes!(api::product_model))
}
