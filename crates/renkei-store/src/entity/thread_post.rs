//! A post in a discussion thread (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "thread_posts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub thread_id: i64,
    pub body: String,
    pub author_id: Option<i64>,
    pub author_label: String,
    pub created_at: DateTimeUtc,
}

super::no_relations!();
