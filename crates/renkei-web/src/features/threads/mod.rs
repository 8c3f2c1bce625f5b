//! Discussion threads between the cities (情報交換): the list of the threads the viewer reads,
//! the form that starts one (a topic, or about a product or a referral), a thread's page with
//! its posts and the reply form (`pages`), and the same in the JSON API (`api`); `load` gives
//! a product's and a referral's pages their threads. The rules
//! are `renkei_app::network::threads`.

mod api;
pub(crate) mod load;
mod pages;

use axum::routing::{get, post};
use renkei_domain::access::Action;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::shared::routing::Access::*;
use crate::shared::routing::{GET, GET_POST, POST, Table};

/// The threads' operations of the JSON API.
pub(crate) fn api(r: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    r.routes(routes!(api::list, api::start))
        .routes(routes!(api::get_one))
        .routes(routes!(api::post))
}

/// The threads' pages, with what each touches.
pub(crate) fn routes(t: Table) -> Table {
    t.add("/threads", GET, Threads(Action::Read), get(pages::list))
        .add(
            "/threads/new",
            GET_POST,
            Threads(Action::Write),
            get(pages::new).post(pages::start),
        )
        .add("/threads/{id}", GET, Thread(Action::Read), get(pages::show))
        .add(
            "/threads/{id}/posts",
            POST,
            Thread(Action::Write),
            post(pages::reply),
        )
}
