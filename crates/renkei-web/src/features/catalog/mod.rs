//! The ideal support success model as a fixed catalog (理想的な支援成功モデル): the overview of
//! the three company types and eight stages, one page per stage, and the catalog in the JSON API.

mod api;
mod pages;

use axum::routing::get;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::shared::routing::Access::*;
use crate::shared::routing::{GET, Table};

/// The pages of catalog, with what each touches.
pub(crate) fn routes(t: Table) -> Table {
    t.add("/", GET, Public, get(pages::overview)).add(
        "/stages/{stage}",
        GET,
        Public,
        get(pages::stage),
    )
}

/// The catalog's API operations.
pub(crate) fn api(r: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    r.routes(routes!(api::list_company_types))
        .routes(routes!(api::list_stages))
        .routes(routes!(api::get_stage))
        .routes(routes!(api::list_measures))
        .routes(routes!(api::get_measure))
        .routes(routes!(api::list_applicability))
}
