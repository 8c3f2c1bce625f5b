//! Support a product received (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "support_records")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub product_id: i64,
    pub measure_code: String,
    pub provider: String,
    pub provider_city: Option<String>,
    pub menu_entry_id: Option<i64>,
    pub supported_on: Option<Date>,
    pub stage: i16,
    pub coordinator_id: Option<i64>,
    pub outcome: String,
    pub notes: String,
    pub actor_id: Option<i64>,
    pub actor_label: String,
    pub created_at: DateTimeUtc,
    pub organization_id: Option<i64>,
}

super::no_relations!();
