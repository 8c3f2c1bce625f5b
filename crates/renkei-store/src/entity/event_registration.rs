//! A registration for an event (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "event_registrations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub event_id: i64,
    pub quota_id: i64,
    pub arrival: i64,
    pub state: String,
    pub state_since: DateTimeUtc,
    pub company_id: Option<i64>,
    pub product_id: Option<i64>,
    pub user_id: Option<i64>,
    pub name: String,
    pub email: String,
    pub organization: String,
    #[sea_orm(column_type = "Text")]
    pub answers: String,
    pub first_time: bool,
    pub token_hash: String,
    pub check_in_hash: String,
    pub offer_expires_at: Option<DateTimeUtc>,
    pub reminded_at: Option<DateTimeUtc>,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

super::no_relations!();
