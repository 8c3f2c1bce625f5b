//! A coordinator's training record (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "training_records")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub city_code: String,
    pub source: String,
    pub event_id: Option<i64>,
    pub curriculum_id: Option<i64>,
    pub module_key: Option<i32>,
    pub stages: String,
    pub held_on: Date,
    pub half_hours: i32,
    pub provider: String,
    pub title: String,
    pub actor_id: Option<i64>,
    pub actor_label: String,
    pub created_at: DateTimeUtc,
}

super::no_relations!();
