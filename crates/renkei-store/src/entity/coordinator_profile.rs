//! A coordinator's profile (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "coordinator_profiles")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    pub city_code: String,
    pub organization_id: Option<i64>,
    pub stages: String,
    pub fields: String,
    pub classes: String,
    pub languages: String,
    pub capacity: i32,
    pub availability: String,
    pub available_until: Option<Date>,
    pub summary: String,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

super::no_relations!();
