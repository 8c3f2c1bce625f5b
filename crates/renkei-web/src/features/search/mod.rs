//! Search: one search across companies, products, sales-channel targets, coordinators,
//! measures, referrals, needs and seeds, scoped by the access policy, as a page and in the JSON
//! API (with a referral's matching targets); and needs and seeds with their counterparts.

mod api;
mod needs;
mod page;

use axum::routing::get;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::shared::routing::Access::*;
use crate::shared::routing::{GET, GET_POST, Table};

/// The pages of search, with what each touches.
pub(crate) fn routes(t: Table) -> Table {
    t.add("/search", GET, SignedIn, get(page::search))
        .add(
            "/needs-seeds",
            GET_POST,
            StaffAnywhere,
            get(needs::needs).post(needs::create_need),
        )
        .add(
            "/needs-seeds.csv",
            GET,
            StaffAnywhere,
            get(needs::needs_file),
        )
        .add(
            "/needs-seeds.xlsx",
            GET,
            StaffAnywhere,
            get(needs::needs_file),
        )
        .add("/needs-seeds/{id}", GET, NeedSeed, get(needs::need))
}

/// The search's API operations.
pub(crate) fn api(r: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    r.routes(routes!(api::search))
        .routes(routes!(api::referral_matches))
}
