//! An evaluation of a product in a city (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "product_evaluations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub product_id: i64,
    pub kind: String,
    pub title: String,
    pub city_code: String,
    pub awarded_on: Option<Date>,
    pub created_at: DateTimeUtc,
}

super::no_relations!();
