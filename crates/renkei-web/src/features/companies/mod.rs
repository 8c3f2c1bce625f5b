//! Companies (地域企業): the scoped list (with CSV), registration with the duplicate warning,
//! the company's page and its edit form, its contacts, sharing it with another city, merging
//! duplicates, and companies in the JSON API. A company is its home city's record: its
//! officers and coordinators, the cities it is shared with, its own people and administrators
//! see it; anyone else is told it does not exist.

mod api;
mod contacts;
pub(crate) mod load;
mod merge;
mod pages;
pub(crate) use pages::company_page as company_page_with;
mod share;

use axum::routing::{get, post};
use renkei_domain::access::Action;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::shared::routing::Access::*;
use crate::shared::routing::{GET, GET_POST, POST, Table};

/// The pages of companies, with what each touches.
pub(crate) fn routes(t: Table) -> Table {
    t.add("/companies", GET, SignedIn, get(pages::list))
        .add("/companies.csv", GET, SignedIn, get(pages::list_file))
        .add("/companies.xlsx", GET, SignedIn, get(pages::list_file))
        .add(
            "/companies/new",
            GET_POST,
            CompanyCreate,
            get(pages::new_form).post(pages::create),
        )
        .add(
            "/companies/{id}",
            GET,
            Company(Action::Read),
            get(pages::show),
        )
        .add(
            "/companies/{id}/edit",
            GET_POST,
            Company(Action::Write),
            get(pages::edit_form).post(pages::update),
        )
        .add(
            "/companies/{id}/contacts",
            POST,
            Company(Action::Write),
            post(contacts::add_contact),
        )
        .add(
            "/companies/{id}/contacts/{contact}/delete",
            POST,
            Company(Action::Write),
            post(contacts::remove_contact),
        )
        .add(
            "/companies/{id}/grants",
            POST,
            Company(Action::Write),
            post(share::share),
        )
        .add(
            "/companies/{id}/merge",
            POST,
            Company(Action::Write),
            post(merge::merge),
        )
}

/// The companies' API operations.
pub(crate) fn api(r: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    r.routes(routes!(api::list_companies, api::create_company))
        .routes(routes!(api::get_company, api::update_company))
}
