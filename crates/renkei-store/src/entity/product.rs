//! A product under development (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "products")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub company_id: i64,
    pub home_city: String,
    pub name: String,
    pub summary: String,
    pub category: String,
    pub company_type: Option<String>,
    pub stage: i16,
    pub status: String,
    pub target_users: String,
    pub regulatory_class: Option<String>,
    pub regulatory_status: String,
    pub ip_status: Option<String>,
    pub coordinator_id: Option<i64>,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

super::no_relations!();
