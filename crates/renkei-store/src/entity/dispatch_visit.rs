//! A visit of an expert dispatch (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "dispatch_visits")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub dispatch_id: i64,
    pub visited_on: Date,
    pub minutes: i32,
    pub fee: i64,
    pub note: String,
    pub actor_id: Option<i64>,
    pub actor_label: String,
    pub created_at: DateTimeUtc,
}

super::no_relations!();
