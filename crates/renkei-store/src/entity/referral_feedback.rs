//! One party's feedback (感想) on a referral (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "referral_feedback")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub referral_id: i64,
    pub party_key: String,
    pub author_label: String,
    pub rating: i16,
    pub comment: String,
    pub created_at: DateTimeUtc,
}

super::no_relations!();
