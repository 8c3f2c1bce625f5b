//! An event (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub city_code: String,
    pub organization_id: Option<i64>,
    pub menu_entry_id: Option<i64>,
    pub measure_code: Option<String>,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub kind: String,
    pub venue: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub online_url: Option<String>,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub registration_opens_at: DateTimeUtc,
    pub registration_closes_at: DateTimeUtc,
    pub cancel_until: DateTimeUtc,
    pub audience: String,
    pub allocation: String,
    pub priority: String,
    pub offer_hours: i32,
    pub reminder_hours: i32,
    pub status: String,
    #[sea_orm(column_type = "Text")]
    pub questions: String,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

super::no_relations!();
