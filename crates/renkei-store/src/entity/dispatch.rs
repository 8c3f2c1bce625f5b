//! An expert dispatch (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "dispatches")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub city_code: String,
    pub consultation_id: i64,
    pub company_id: i64,
    pub product_id: Option<i64>,
    pub expert_id: i64,
    pub field: String,
    pub purpose: String,
    pub planned_visits: i32,
    pub fiscal_year: i32,
    pub state: String,
    pub state_since: DateTimeUtc,
    pub report: Option<String>,
    pub support_record_id: Option<i64>,
    pub reminded_at: Option<DateTimeUtc>,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

super::no_relations!();
