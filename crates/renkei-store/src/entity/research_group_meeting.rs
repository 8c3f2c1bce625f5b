//! A research group's meeting (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "research_group_meetings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub group_id: i64,
    pub held_on: Date,
    pub title: String,
    pub place: String,
    pub event_id: Option<i64>,
    pub minutes: String,
    pub attendees: String,
    /// The members whose attendance was counted as support (ids joined by commas).
    pub supported: String,
    pub actor_label: String,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

super::no_relations!();
