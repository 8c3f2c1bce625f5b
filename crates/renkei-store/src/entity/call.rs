//! A call for applications (公募; see the migrations that create and extend it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "calls")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub city_code: String,
    pub measure_code: String,
    pub title: String,
    pub opens_on: Option<Date>,
    pub closes_on: Option<Date>,
    pub created_at: DateTimeUtc,
    pub description: String,
    pub kind: String,
    pub phase: String,
    pub phase_since: Option<DateTimeUtc>,
    pub menu_entry_id: Option<i64>,
    pub budget_yen: Option<i64>,
    pub max_amount_yen: Option<i64>,
    pub reviewers_per_application: i32,
    pub blind: bool,
    pub eligibility: String,
    pub form: String,
    pub receipt_count: i64,
    pub version: i64,
    pub updated_at: Option<DateTimeUtc>,
    pub rubric: Option<String>,
}

super::no_relations!();
