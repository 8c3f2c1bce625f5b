//! A grant: a city shares one of its records with another city (see the migration).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "grants")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub object_type: String,
    pub object_id: String,
    pub owner_city: String,
    pub grantee_city: String,
    pub permission: String,
    pub purpose: String,
    pub granted_by: Option<i64>,
    pub granted_by_label: String,
    pub created_at: DateTimeUtc,
    pub valid_until: Option<DateTimeUtc>,
    pub revoked_at: Option<DateTimeUtc>,
    pub revoked_by_label: Option<String>,
    pub revoke_reason: Option<String>,
}

super::no_relations!();
