//! A candidate of a partner request and its approach (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "partner_candidates")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub request_id: i64,
    pub source: String,
    pub candidate_company_id: Option<i64>,
    pub target_id: Option<i64>,
    pub site_id: Option<i64>,
    pub name: String,
    pub city_code: Option<String>,
    pub note: String,
    pub state: String,
    pub state_since: DateTimeUtc,
    pub consent_user_id: Option<i64>,
    pub consent_by_label: Option<String>,
    pub consent_at: Option<DateTimeUtc>,
    pub consent_items: Option<String>,
    pub consent_purpose: Option<String>,
    pub consent_wording: Option<String>,
    pub consent_wording_version: Option<String>,
    pub outcome: Option<String>,
    pub outcome_text: Option<String>,
    pub reminded_at: Option<DateTimeUtc>,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

super::no_relations!();
