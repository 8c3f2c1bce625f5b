//! A request for a partner or sites on a consultation case (see the migration that creates
//! it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "partner_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub consultation_id: i64,
    pub city_code: String,
    pub company_id: i64,
    pub product_id: Option<i64>,
    pub purpose: String,
    pub kind: String,
    pub detail: String,
    pub words: String,
    pub call_id: Option<i64>,
    pub state: String,
    pub outcome: Option<String>,
    pub outcome_text: Option<String>,
    pub closed_at: Option<DateTimeUtc>,
    pub support_record_id: Option<i64>,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

super::no_relations!();
