//! A city's last 文書番号 of a fiscal year (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "call_letter_counters")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub city_code: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub fiscal_year: i32,
    pub last_seq: i64,
}

super::no_relations!();
