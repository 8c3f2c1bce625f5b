//! A consultation case (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "consultations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub city_code: String,
    pub company_id: i64,
    pub product_id: Option<i64>,
    pub kind: String,
    pub subject: String,
    pub detail: String,
    pub state: String,
    pub state_since: DateTimeUtc,
    pub opened_by: String,
    pub handler_id: Option<i64>,
    pub handler_label: String,
    pub first_answer_due: Date,
    pub first_answered_at: Option<DateTimeUtc>,
    pub summary: Option<String>,
    pub support_record_id: Option<i64>,
    pub reminded_at: Option<DateTimeUtc>,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

super::no_relations!();
