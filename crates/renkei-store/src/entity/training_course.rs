//! A training event tied to a curriculum's module (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "training_courses")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub event_id: i64,
    pub curriculum_id: i64,
    pub module_key: i32,
    pub half_hours: i32,
    pub created_at: DateTimeUtc,
}

super::no_relations!();
