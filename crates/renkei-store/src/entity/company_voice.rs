//! A company voice (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "company_voices")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub city_code: String,
    pub company_id: Option<i64>,
    pub product_id: Option<i64>,
    pub stage: i16,
    pub topic: String,
    pub text: String,
    pub actor_id: Option<i64>,
    pub actor_label: String,
    pub created_at: DateTimeUtc,
}

super::no_relations!();
