//! A call for applications (公募; see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "calls")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub city_code: String,
    pub measure_code: String,
    pub title: String,
    pub opens_on: Option<Date>,
    pub closes_on: Option<Date>,
    pub created_at: DateTimeUtc,
}

super::no_relations!();
