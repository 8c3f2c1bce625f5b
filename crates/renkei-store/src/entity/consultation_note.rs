//! A note or next action on a consultation case (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "consultation_notes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub consultation_id: i64,
    pub body: String,
    pub due_on: Option<Date>,
    pub done_at: Option<DateTimeUtc>,
    pub done_by: Option<String>,
    pub actor_id: Option<i64>,
    pub actor_label: String,
    pub created_at: DateTimeUtc,
}

super::no_relations!();
