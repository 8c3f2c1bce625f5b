//! A bridge request: a case handed to a national body (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "bridges")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub consultation_id: i64,
    pub city_code: String,
    pub company_id: i64,
    pub product_id: Option<i64>,
    pub product_stage: Option<String>,
    pub body_id: i64,
    pub body_code: String,
    pub body_name: String,
    pub type_code: String,
    pub type_name: String,
    pub reply_days: i32,
    pub answers: String,
    pub state: String,
    pub state_since: DateTimeUtc,
    pub shared: Option<String>,
    pub share_with_amed: bool,
    pub consented_at: Option<DateTimeUtc>,
    pub sent_on: Option<Date>,
    pub reply_due: Option<Date>,
    pub replied_on: Option<Date>,
    pub reply: Option<String>,
    pub outcome: Option<String>,
    pub outcome_text: Option<String>,
    pub support_record_id: Option<i64>,
    pub reminded_at: Option<DateTimeUtc>,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

super::no_relations!();
