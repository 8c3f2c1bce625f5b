//! One line of a company's sales-activity log (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "referral_activities")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub referral_id: i64,
    pub on_date: Date,
    pub kind: String,
    pub target_id: Option<i64>,
    pub note: String,
    pub actor_label: String,
    pub created_at: DateTimeUtc,
}

super::no_relations!();
