//! A training curriculum (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "training_curricula")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub city_code: Option<String>,
    pub title: String,
    pub description: String,
    pub modules: String,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

super::no_relations!();
