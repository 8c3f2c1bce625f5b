//! A training certificate (修了証; see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "training_certificates")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub curriculum_id: i64,
    pub city_code: String,
    pub number: String,
    pub title: String,
    pub half_hours: i32,
    pub issued_on: Date,
    pub created_at: DateTimeUtc,
}

super::no_relations!();
