//! A supported company's contribution (地域貢献) (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "csr_contributions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub city_code: String,
    pub company_id: i64,
    pub support_id: i64,
    pub kind: String,
    pub title: String,
    pub description: String,
    pub happened_on: Date,
    pub state: String,
    pub decline_reason: String,
    pub actor_id: Option<i64>,
    pub actor_label: String,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

super::no_relations!();
