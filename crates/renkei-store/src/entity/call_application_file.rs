//! A file attached to an application, its content kept in the database (see the migration
//! that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "call_application_files")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub application_id: i64,
    pub field_key: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub content: Vec<u8>,
    pub actor_label: String,
    pub created_at: DateTimeUtc,
}

super::no_relations!();
