//! A city's settings for the decision letters of its calls (see the migration that creates
//! it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "call_letter_settings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub city_code: String,
    pub issuer: String,
    pub number_mark: String,
    pub conditions: String,
    pub appeal: String,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

super::no_relations!();
