//! A sales-channel target (販路開拓先; see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "sales_targets")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub city_code: String,
    pub kind: String,
    pub name: String,
    pub name_kana: String,
    pub address: String,
    pub departments: String,
    pub size: Option<i32>,
    pub interests: String,
    pub postal_code: String,
    pub contact_name: String,
    pub contact_department: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub source_code: String,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

super::no_relations!();
