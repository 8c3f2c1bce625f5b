//! A business-matching request between certified companies (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "csr_matching_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub asker_company_id: i64,
    pub asked_company_id: i64,
    pub message: String,
    pub state: String,
    pub actor_id: Option<i64>,
    pub actor_label: String,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

super::no_relations!();
