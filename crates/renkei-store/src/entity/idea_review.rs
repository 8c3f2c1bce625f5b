//! A review of a product's idea (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "idea_reviews")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub product_id: i64,
    pub reviewer_id: Option<i64>,
    pub reviewer_label: String,
    pub rubric: String,
    pub scores: String,
    pub total: f64,
    pub comment: String,
    pub created_at: DateTimeUtc,
}

super::no_relations!();
