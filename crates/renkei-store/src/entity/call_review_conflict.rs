//! A conflict of interest a reviewer declared with a company (see the migration that
//! creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "call_review_conflicts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub call_id: i64,
    pub user_id: i64,
    pub company_id: i64,
    pub reason: String,
    pub created_at: DateTimeUtc,
}

super::no_relations!();
