//! A city's idea-review rubric (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "rubrics")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub city_code: String,
    pub criteria: String,
    pub scale: i32,
    pub version: i64,
    pub updated_at: DateTimeUtc,
}

super::no_relations!();
