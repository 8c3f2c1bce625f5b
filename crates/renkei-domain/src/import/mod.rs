//! Importing from a table (CSV or XLSX, read by `renkei_io`): which column is which
//! field — found from the headers people write in Japanese or English, or chosen by the
//! person — and every row checked, every problem reported with its line, its column and the
//! reason, so that a file is taken whole or not at all.
//!
//! - `fields`: the fields a column can fill, headers matched to them, the problems of a row;
//! - `companies`, `products`, `targets`: each kind's fields, and its rows checked and made;
//! - `medical`: the regional health bureaus' list of medical institutions, read as targets.

mod companies;
mod fields;
mod medical;
mod products;
mod targets;

pub use companies::{COMPANY_FIELDS, auto_map, companies_from_rows};
pub use fields::{FieldSpec, RowError};
pub use medical::medical_institutions;
pub use products::{PRODUCT_FIELDS, auto_map_products, products_from_rows};
pub use targets::{TARGET_FIELDS, auto_map_targets, targets_from_rows};

#[cfg(test)]
mod tests;
