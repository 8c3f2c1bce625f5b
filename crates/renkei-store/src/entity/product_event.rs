//! A line of a product's timeline (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "product_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub product_id: i64,
    pub at: DateTimeUtc,
    pub kind: String,
    pub from_stage: Option<i16>,
    pub to_stage: Option<i16>,
    pub detail: String,
    pub reason: String,
    pub actor_id: Option<i64>,
    pub actor_label: String,
}

super::no_relations!();
