//! A city's CSR checklist, one version (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "csr_checklists")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub city_code: String,
    pub version_no: i32,
    pub title: String,
    pub content: String,
    pub thresholds: String,
    pub actor_id: Option<i64>,
    pub actor_label: String,
    pub created_at: DateTimeUtc,
}

super::no_relations!();
