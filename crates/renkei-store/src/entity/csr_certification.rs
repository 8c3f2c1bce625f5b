//! A company's CSR challenge certification (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "csr_certifications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub city_code: String,
    pub company_id: i64,
    pub checklist_id: i64,
    pub previous_id: Option<i64>,
    pub answers: String,
    pub state: String,
    pub state_since: DateTimeUtc,
    pub interview_on: Option<Date>,
    pub interview_attendees: String,
    pub interview_notes: String,
    pub decision_reason: String,
    pub return_reason: String,
    pub end_reason: String,
    pub number: Option<String>,
    pub certified_on: Option<Date>,
    pub term_ends_on: Option<Date>,
    pub published_at: Option<DateTimeUtc>,
    pub reminded_early_at: Option<DateTimeUtc>,
    pub reminded_late_at: Option<DateTimeUtc>,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

super::no_relations!();
