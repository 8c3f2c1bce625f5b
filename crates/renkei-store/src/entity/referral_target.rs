//! A sales-channel target a referral was introduced to, with its answer (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "referral_targets")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub referral_id: i64,
    pub target_id: i64,
    pub provided_at: Option<DateTimeUtc>,
    pub answer: String,
    pub answered_at: Option<DateTimeUtc>,
    pub answer_note: String,
    pub answered_via: String,
    #[serde(skip)]
    pub link_hash: Option<String>,
    pub link_expires_at: Option<DateTimeUtc>,
    pub version: i64,
    pub created_at: DateTimeUtc,
}

super::no_relations!();
