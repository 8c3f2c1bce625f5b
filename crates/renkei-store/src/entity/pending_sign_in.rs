//! A sign-in waiting for its second factor (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pending_sign_ins")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub token_hash: String,
    pub user_id: i64,
    pub attempts: i32,
    pub created_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
}

super::no_relations!();
