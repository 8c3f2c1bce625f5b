//! An expert on a city's roster (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "experts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub city_code: String,
    pub name: String,
    pub organisation: String,
    pub fields: String,
    pub expertise: String,
    pub hourly_fee: i64,
    pub visit_fee: i64,
    pub availability: String,
    pub active: bool,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

super::no_relations!();
