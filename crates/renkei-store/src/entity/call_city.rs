//! A city that owns a call, the lead first (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "call_cities")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub call_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub city_code: String,
    pub position: i32,
}

super::no_relations!();
