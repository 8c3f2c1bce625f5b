//! Sales-channel targets (販路開拓先: hospitals, schools, insurers …): the list, registration,
//! each target's page and its edit form. Imports go through `/companies/import` (kind
//! "targets").

mod pages;

use axum::routing::get;
use renkei_domain::access::Action;

use crate::shared::routing::Access::*;
use crate::shared::routing::{GET, GET_POST, Table};

/// The pages of targets, with what each touches.
pub(crate) fn routes(t: Table) -> Table {
    t.add("/sales-targets", GET, SignedIn, get(pages::list))
        .add("/sales-targets.csv", GET, SignedIn, get(pages::list_file))
        .add("/sales-targets.xlsx", GET, SignedIn, get(pages::list_file))
        .add(
            "/sales-targets/new",
            GET_POST,
            CompanyCreate,
            get(pages::new_form).post(pages::create),
        )
        .add(
            "/sales-targets/{id}",
            GET,
            SalesTarget(Action::Read),
            get(pages::show),
        )
        .add(
            "/sales-targets/{id}/edit",
            GET_POST,
            SalesTarget(Action::Write),
            get(pages::edit_form).post(pages::update),
        )
}
