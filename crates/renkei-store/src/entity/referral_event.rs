//! One step of a referral's history (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "referral_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub referral_id: i64,
    pub at: DateTimeUtc,
    pub party: String,
    #[sea_orm(column_name = "move")]
    pub move_code: String,
    pub from_state: String,
    pub to_state: String,
    pub note: String,
    pub actor_id: Option<i64>,
    pub actor_label: String,
    pub helped_organization_id: Option<i64>,
    pub helped_coordinator_id: Option<i64>,
}

super::no_relations!();
