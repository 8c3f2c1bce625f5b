//! The people of a company and of a sales-channel target: who has an account for it, inviting
//! one more (a city's officer, or a company's manager for its colleagues), and removing one.
//! The use cases are `renkei_app::people`.

mod pages;

use axum::routing::{get, post};
use renkei_domain::access::Action;

use crate::shared::routing::Access::*;
use crate::shared::routing::{GET, POST, Table};

/// The people pages, with what each touches.
pub(crate) fn routes(t: Table) -> Table {
    t.add(
        "/companies/{id}/people",
        GET,
        CompanyPeople(Action::Read),
        get(pages::people),
    )
    .add(
        "/companies/{id}/people/invite",
        POST,
        CompanyPeople(Action::Write),
        post(pages::invite_person),
    )
    .add(
        "/companies/{id}/people/{user}/remove",
        POST,
        CompanyPeople(Action::Write),
        post(pages::remove_person),
    )
    .add(
        "/sales-targets/{id}/people",
        GET,
        SalesTarget(Action::Read),
        get(pages::people),
    )
    .add(
        "/sales-targets/{id}/people/invite",
        POST,
        SalesTarget(Action::Write),
        post(pages::invite_person),
    )
    .add(
        "/sales-targets/{id}/people/{user}/remove",
        POST,
        SalesTarget(Action::Write),
        post(pages::remove_person),
    )
}
