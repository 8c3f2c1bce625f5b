//! An inter-city referral (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "referrals")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub product_id: i64,
    pub company_id: i64,
    pub sending_city: String,
    pub receiving_city: String,
    pub state: String,
    pub version: i64,
    pub state_since: DateTimeUtc,
    pub wanted_kinds: String,
    pub reason: String,
    pub consent_user_id: Option<i64>,
    pub consent_by_label: Option<String>,
    pub consent_at: Option<DateTimeUtc>,
    pub consent_items: Option<String>,
    pub consent_purpose: Option<String>,
    pub consent_wording: Option<String>,
    pub consent_wording_version: Option<String>,
    pub sent_at: Option<DateTimeUtc>,
    pub decline_reason: Option<String>,
    pub outcome: Option<String>,
    pub outcome_note: String,
    pub created_by_label: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

super::no_relations!();
