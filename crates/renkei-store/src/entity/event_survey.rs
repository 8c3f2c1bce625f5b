//! The survey after an event, one per attended registration (see the migration that creates
//! it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "event_surveys")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub registration_id: i64,
    pub event_id: i64,
    pub mailed_at: Option<DateTimeUtc>,
    pub answered_at: Option<DateTimeUtc>,
    pub satisfaction: Option<i16>,
    #[sea_orm(column_type = "Text")]
    pub useful: String,
    pub stage: Option<i16>,
    pub topic: Option<String>,
    pub voice_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

super::no_relations!();
