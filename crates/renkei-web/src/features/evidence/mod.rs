//! Evidence (第3章 5, 第4章): the dashboards of a city and of the network as pages with
//! charts drawn on the server (`dashboard`, `chart`), their downloads and JSON (`api`), the
//! reports as PDF and XLSX (`reports`), and the open data (`open_data`: HSDS, registries). The
//! figures are `renkei_app::evidence`'s tables; who reads which is `access::evidence`.

mod api;
pub(crate) mod chart;
mod dashboard;
pub mod open_data;
pub mod reports;

use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::shared::routing::Access::*;
use crate::shared::routing::{GET, Table};

/// The media type of XLSX files.
pub(crate) const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A file to download under `name` (ASCII).
pub(crate) fn file_response(name: &str, media: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (CONTENT_TYPE, media.to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// The evidence's operations of the JSON API.
pub(crate) fn api(r: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    r.routes(routes!(api::city_dashboard))
        .routes(routes!(api::network_dashboard))
}

/// The evidence's pages, with what each touches.
pub(crate) fn routes(t: Table) -> Table {
    t.add(
        "/cities/{city}/dashboard",
        GET,
        EvidenceCity,
        get(dashboard::city),
    )
    .add(
        "/cities/{city}/dashboard.xlsx",
        GET,
        EvidenceCity,
        get(dashboard::city),
    )
    .add(
        "/cities/{city}/dashboard.csv",
        GET,
        EvidenceCity,
        get(dashboard::city),
    )
    .add(
        "/network/dashboard",
        GET,
        EvidenceNetwork,
        get(dashboard::network),
    )
    .add(
        "/network/dashboard.xlsx",
        GET,
        EvidenceNetwork,
        get(dashboard::network),
    )
    .add(
        "/network/dashboard.csv",
        GET,
        EvidenceNetwork,
        get(dashboard::network),
    )
    .add("/open-data", GET, Public, get(open_data::page))
    .add(
        "/open-data/hsds.json",
        GET,
        Public,
        get(open_data::hsds_json),
    )
    .add(
        "/open-data/hsds/organizations.csv",
        GET,
        Public,
        get(open_data::hsds_csv),
    )
    .add(
        "/open-data/hsds/services.csv",
        GET,
        Public,
        get(open_data::hsds_csv),
    )
    .add(
        "/open-data/hsds/taxonomies.csv",
        GET,
        Public,
        get(open_data::hsds_csv),
    )
    .add(
        "/open-data/hsds/taxonomy_terms.csv",
        GET,
        Public,
        get(open_data::hsds_csv),
    )
    .add(
        "/open-data/hsds/attributes.csv",
        GET,
        Public,
        get(open_data::hsds_csv),
    )
    .add(
        "/open-data/events.json",
        GET,
        Public,
        get(open_data::registry),
    )
    .add(
        "/open-data/award-winners.json",
        GET,
        Public,
        get(open_data::registry),
    )
    .add(
        "/open-data/datapackage.json",
        GET,
        Public,
        get(open_data::description),
    )
    .add(
        "/reports/pilot.pdf",
        GET,
        EvidenceNetwork,
        get(reports::pilot),
    )
    .add(
        "/reports/pilot.xlsx",
        GET,
        EvidenceNetwork,
        get(reports::pilot),
    )
    .add(
        "/reports/proposals.pdf",
        GET,
        EvidenceNetwork,
        get(reports::proposals),
    )
    .add(
        "/reports/proposals.xlsx",
        GET,
        EvidenceNetwork,
        get(reports::proposals),
    )
    .add(
        "/cities/{city}/report.pdf",
        GET,
        EvidenceCity,
        get(reports::city),
    )
    .add(
        "/cities/{city}/report.xlsx",
        GET,
        EvidenceCity,
        get(reports::city),
    )
}
