//! The guide: what a company of a given type can use at a given stage, in a given city, and
//! what other cities offer.

mod page;

use axum::routing::get;

use crate::shared::routing::Access::*;
use crate::shared::routing::{GET, Table};

/// The pages of guide, with what each touches.
pub(crate) fn routes(t: Table) -> Table {
    t.add("/guide", GET, Public, get(page::guide))
}
