//! A research group's member (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "research_group_members")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub group_id: i64,
    pub kind: String,
    pub company_id: Option<i64>,
    pub name: String,
    pub note: String,
    pub joined_on: Date,
    pub left_on: Option<Date>,
    pub actor_label: String,
    pub created_at: DateTimeUtc,
}

super::no_relations!();
