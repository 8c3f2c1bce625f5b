//! One role of an account, with its scope.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "user_roles")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub role: String,
    pub city_code: Option<String>,
    pub read_only: bool,
    pub scope_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

super::no_relations!();
