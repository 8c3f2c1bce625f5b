//! A reviewer on a call's panel (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "call_reviewers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub call_id: i64,
    pub user_id: i64,
    pub city_code: Option<String>,
    pub actor_label: String,
    pub created_at: DateTimeUtc,
}

super::no_relations!();
