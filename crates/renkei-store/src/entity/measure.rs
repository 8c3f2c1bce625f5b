//! The database copy of a catalog measure (see `crate::sync`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "measures")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    pub stage_code: Option<String>,
    pub position: i32,
    pub kind: String,
    pub novelty: String,
    pub provider: String,
    pub name_ja: String,
    pub name_en: String,
    pub figure_label: Option<String>,
}

super::no_relations!();
