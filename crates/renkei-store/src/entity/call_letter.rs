//! The 文書番号 and day of a released application's decision letter (see the migration that
//! creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "call_letters")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub application_id: i64,
    pub city_code: String,
    pub fiscal_year: i32,
    pub seq: i64,
    pub number: String,
    pub issued_on: Date,
    pub created_at: DateTimeUtc,
}

super::no_relations!();
