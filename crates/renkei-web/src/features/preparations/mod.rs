//! A referral's step prepared for an officer's approval (紹介の準備と承認): the forms that
//! prepare ① from a product's page and ④ from an accepted referral, the list, a
//! preparation's page and its moves (`pages`), and the same in the JSON API (`api`). The
//! rules are `renkei_app::referrals::preparations`.

mod api;
mod pages;

use axum::routing::{get, post};
use renkei_domain::access::Action;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::shared::routing::Access::*;
use crate::shared::routing::{GET, POST, Table};

/// The preparations' operations of the JSON API.
pub(crate) fn api(r: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    r.routes(routes!(api::get_preparation))
        .routes(routes!(api::prepare))
        .routes(routes!(api::step))
}

/// The preparations' pages, with what each touches.
pub(crate) fn routes(t: Table) -> Table {
    t.add(
        "/products/{id}/referral-preparations/new",
        GET,
        ReferralPrepare,
        get(pages::new_selection),
    )
    .add(
        "/products/{id}/referral-preparations",
        POST,
        ReferralPrepare,
        post(pages::prepare_selection),
    )
    .add(
        "/referrals/{id}/target-preparations/new",
        GET,
        TargetPrepare,
        get(pages::new_targets),
    )
    .add(
        "/referrals/{id}/target-preparations",
        POST,
        TargetPrepare,
        post(pages::prepare_targets),
    )
    .add("/referral-preparations", GET, SignedIn, get(pages::list))
    .add(
        "/referral-preparations/{id}",
        GET,
        ReferralPrep(Action::Read),
        get(pages::show),
    )
    .add(
        "/referral-preparations/{id}/move",
        POST,
        ReferralPrep(Action::Write),
        post(pages::step),
    )
}
