//! A reminder sent for an overdue step (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "referral_reminders")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub referral_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub version: i64,
    pub state: String,
    pub sent_at: DateTimeUtc,
}

super::no_relations!();
