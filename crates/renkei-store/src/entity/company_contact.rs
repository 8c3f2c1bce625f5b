//! A contact person at a company (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "company_contacts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub company_id: i64,
    pub name: String,
    pub role: String,
    pub email: Option<String>,
    pub phone: String,
    pub created_at: DateTimeUtc,
}

super::no_relations!();
