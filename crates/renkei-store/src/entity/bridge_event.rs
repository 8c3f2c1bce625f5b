//! One step of a bridge request's history (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "bridge_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub bridge_id: i64,
    pub at: DateTimeUtc,
    pub party: String,
    #[sea_orm(column_name = "move")]
    pub move_code: String,
    pub from_state: String,
    pub to_state: String,
    pub note: String,
    pub actor_id: Option<i64>,
    pub actor_label: String,
}

super::no_relations!();
