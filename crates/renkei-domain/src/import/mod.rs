//! Importing from a table (CSV or XLSX, read by `renkei_io`): which column is which
//! field — found from the headers people write in Japanese or English, or chosen by the
//! person — and every row checked, every problem reported with its line, its column and the
//! reason, so that a file is taken whole or not at all.
//!
//! - `fields`: the fields a column can fill, headers matched to them, the problems of a row;
//! - `companies`, `products`, `targets`: each kind's fields, and its rows checked and made
//!   (a target file's kind values that name no kind mapped to kinds as the person says);
//! - `medical`: the regional health bureaus' list of medical institutions, read as targets.
//!
//! [`ImportKind`] says which of the kinds a file holds.

mod companies;
mod fields;
mod medical;
mod products;
mod targets;

pub use companies::{COMPANY_FIELDS, auto_map, companies_from_rows};
pub use fields::{FieldSpec, RowError};
pub use medical::medical_institutions;
pub use products::{PRODUCT_FIELDS, auto_map_products, product_header, products_from_rows};
pub use targets::{
    KindValues, TARGET_FIELDS, auto_map_targets, kind_value_key, targets_from_rows,
    unknown_kind_values,
};

use crate::i18n::Text;
use crate::kernel::coded_enum;

coded_enum!(
    /// What the rows of an import file are.
    ImportKind {
        Companies = "companies" / "企業" / "Companies",
        Products = "products" / "開発案件" / "Products",
        Targets = "targets" / "販路開拓先" / "Sales-channel targets",
    }
);

impl ImportKind {
    /// The fields a column of this kind's files can fill.
    pub fn fields(self) -> &'static [FieldSpec] {
        match self {
            ImportKind::Companies => COMPANY_FIELDS,
            ImportKind::Products => PRODUCT_FIELDS,
            ImportKind::Targets => TARGET_FIELDS,
        }
    }

    /// The field each header names, as far as the headers tell.
    pub fn auto_map(self, headers: &[String]) -> Vec<Option<&'static str>> {
        fields::auto_map_with(self.fields(), headers)
    }
}

#[cfg(test)]
mod tests;
