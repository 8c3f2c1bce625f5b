//! A company's request to be registered by a city (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "company_registrations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub city_code: String,
    pub state: String,
    pub state_since: DateTimeUtc,
    pub name: String,
    pub name_kana: String,
    pub name_key: String,
    pub corporate_number: Option<String>,
    pub postal_code: Option<String>,
    pub address: String,
    pub industry: String,
    pub size: Option<String>,
    pub website: Option<String>,
    pub applicant_name: String,
    pub applicant_email: String,
    pub department: String,
    pub note: String,
    pub decline_reason: Option<String>,
    pub company_id: Option<i64>,
    pub user_id: Option<i64>,
    pub client_address: Option<String>,
    #[serde(skip)]
    pub applicant_token_hash: String,
    pub reminded_at: Option<DateTimeUtc>,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

super::no_relations!();
