//! An application to a call (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "call_applications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub call_id: i64,
    pub company_id: i64,
    pub product_id: Option<i64>,
    pub state: String,
    pub state_since: DateTimeUtc,
    pub answers: String,
    pub requested_yen: Option<i64>,
    pub receipt_seq: Option<i64>,
    pub receipt_no: Option<String>,
    pub submitted_at: Option<DateTimeUtc>,
    pub prepared_by_id: Option<i64>,
    pub prepared_by_label: String,
    pub correction_reason: Option<String>,
    pub correction_due: Option<Date>,
    pub verdict: Option<String>,
    pub decision_reason: Option<String>,
    pub granted_yen: Option<i64>,
    pub report: Option<String>,
    pub fixed_yen: Option<i64>,
    pub reminded_at: Option<DateTimeUtc>,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub report_dates: Option<String>,
}

super::no_relations!();
