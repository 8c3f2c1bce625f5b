//! Importing companies, products and sales-channel targets from a file (CSV or XLSX): the
//! upload, the column matching, every problem listed, and the import itself in the background.

mod pages;

use axum::routing::get;

use crate::shared::routing::Access::*;
use crate::shared::routing::{GET_POST, Table};

/// The pages of imports, with what each touches.
pub(crate) fn routes(t: Table) -> Table {
    t.add(
        "/companies/import",
        GET_POST,
        CompanyCreate,
        get(pages::upload_form)
            .post(pages::upload)
            .layer(axum::extract::DefaultBodyLimit::max(
                pages::MAX_UPLOAD + 64 * 1024,
            )),
    )
    .add(
        "/companies/import/{id}",
        GET_POST,
        CompanyCreate,
        get(pages::show).post(pages::step),
    )
}
