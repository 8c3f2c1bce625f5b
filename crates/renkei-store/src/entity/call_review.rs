//! A reviewer's sheet for one application (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "call_reviews")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub call_id: i64,
    pub application_id: i64,
    pub user_id: i64,
    pub assigned_by: String,
    pub scores: Option<String>,
    pub rubric: Option<String>,
    pub total: Option<f64>,
    pub panel_comment: String,
    pub applicant_comment: String,
    pub submitted_at: Option<DateTimeUtc>,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

super::no_relations!();
