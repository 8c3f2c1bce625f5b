//! A request for help across cities (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "help_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub city_code: String,
    pub company_id: i64,
    pub product_id: Option<i64>,
    pub referral_id: Option<i64>,
    pub asker_id: Option<i64>,
    pub asker_label: String,
    pub helper_id: Option<i64>,
    pub helper_city: Option<String>,
    pub field: String,
    pub stage: Option<String>,
    pub class: Option<String>,
    pub question: String,
    pub state: String,
    pub state_since: DateTimeUtc,
    pub due_on: Option<Date>,
    pub reminded_at: Option<DateTimeUtc>,
    pub consent_user_id: Option<i64>,
    pub consent_by_label: Option<String>,
    pub consent_at: Option<DateTimeUtc>,
    pub consent_items: Option<String>,
    pub consent_wording: Option<String>,
    pub consent_wording_version: Option<String>,
    pub summary: Option<String>,
    pub concluded_at: Option<DateTimeUtc>,
    pub support_record_id: Option<i64>,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

super::no_relations!();
