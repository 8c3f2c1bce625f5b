//! A research group's document, its content kept in the database (see the migration that
//! creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "research_group_documents")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub group_id: i64,
    pub meeting_id: Option<i64>,
    pub file_name: String,
    pub media_type: String,
    pub size_bytes: i64,
    pub content: Vec<u8>,
    pub actor_label: String,
    pub created_at: DateTimeUtc,
}

super::no_relations!();
