//! A CSR certification's evidence file for one checklist item, its content kept in the
//! database (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "csr_evidence_files")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub certification_id: i64,
    pub item_key: String,
    pub file_name: String,
    pub media_type: String,
    pub size_bytes: i64,
    pub content: Vec<u8>,
    pub actor_label: String,
    pub created_at: DateTimeUtc,
}

super::no_relations!();
