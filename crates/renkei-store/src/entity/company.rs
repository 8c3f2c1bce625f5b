//! A company (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "companies")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub home_city: String,
    pub name: String,
    pub name_kana: String,
    pub name_key: String,
    pub corporate_number: Option<String>,
    pub postal_code: Option<String>,
    pub address: String,
    pub industry: String,
    pub size: Option<String>,
    pub company_type: Option<String>,
    pub website: Option<String>,
    pub notes: String,
    pub merged_into: Option<i64>,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

super::no_relations!();
