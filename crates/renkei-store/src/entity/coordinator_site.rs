//! A site a coordinator can introduce for trials and verification (see the migration that
//! creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "coordinator_sites")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub city_code: String,
    pub name: String,
    pub kind: String,
    pub offers: String,
    pub by_user_id: Option<i64>,
    pub by_label: String,
    pub created_at: DateTimeUtc,
}

super::no_relations!();
