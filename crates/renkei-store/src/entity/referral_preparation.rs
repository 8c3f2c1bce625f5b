//! A referral's step prepared for an officer's approval (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "referral_preparations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub city_code: String,
    pub kind: String,
    pub product_id: i64,
    pub receiving_city: Option<String>,
    pub referral_id: Option<i64>,
    pub target_ids: String,
    pub note: String,
    pub preparer_id: Option<i64>,
    pub preparer_label: String,
    pub state: String,
    pub state_since: DateTimeUtc,
    pub due_on: Option<Date>,
    pub reminded_at: Option<DateTimeUtc>,
    pub return_reason: Option<String>,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

super::no_relations!();
