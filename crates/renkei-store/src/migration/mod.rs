//! Versioned schema migrations. A migration that has shipped is never edited: add a new one.
//! Every migration runs in a transaction, on SQLite as on PostgreSQL.

use sea_orm_migration::prelude::*;

pub(crate) mod m20261124_000001_catalog_and_menus;
pub(crate) mod m20261124_000002_audit_log;
pub(crate) mod m20261124_000003_users;
pub(crate) mod m20261124_000004_sessions;
pub(crate) mod m20261124_000005_api_tokens;
pub(crate) mod m20261124_000006_mail_links_grants;
pub(crate) mod m20261124_000007_companies;
pub(crate) mod m20261124_000008_products;
pub(crate) mod m20261124_000009_import_uploads;
pub(crate) mod m20261124_000010_voices_reviews;
pub(crate) mod m20261124_000011_referrals;
pub(crate) mod m20261124_000012_needs_seeds;
pub(crate) mod m20261124_000013_one_open_referral;
pub(crate) mod m20261124_000014_identity_providers;
pub(crate) mod m20261130_000015_second_factor;
pub(crate) mod m20261130_000018_company_registrations;
pub(crate) mod m20261130_000019_organizations;
pub(crate) mod m20261201_000020_helped_by;
pub(crate) mod m20261201_000021_server_keys;
pub(crate) mod m20261201_000022_events;
pub(crate) mod m20261201_000023_business_meetings;
pub(crate) mod m20261201_000024_event_surveys;
pub(crate) mod m20261201_000025_event_revision;
pub(crate) mod m20261202_000026_consultations;
pub(crate) mod m20261202_000027_dispatches;
pub(crate) mod m20261202_000028_bridges;
mod m20261202_000029_research_groups;
pub(crate) mod m20261203_000030_partnering;
mod m20261203_000031_research_group_attendance;
mod m20261203_000032_partner_listings;
mod m20261203_000033_calls;
mod m20261203_000034_call_reviews;
mod m20261203_000035_call_letters;
mod m20261203_000036_report_receipts;
mod m20261203_000037_coordinator_profiles;
mod m20261203_000038_help_requests;
mod m20261203_000040_product_showcases;
mod m20261203_000041_threads;
mod m20261203_000042_coordinator_training;
mod m20261203_000043_referral_preparations;
mod m20261203_000044_csr_checklists;
mod m20261203_000045_csr_certifications;
mod m20261203_000046_csr_contributions;
mod m20261203_000047_csr_evidence_files;
mod m20261203_000050_coordinator_sites;
mod shared;

/// The table and column names the rest of the store writes with sea-query.
pub(crate) use m20261124_000001_catalog_and_menus as m;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261124_000001_catalog_and_menus::Migration),
            Box::new(m20261124_000002_audit_log::Migration),
            Box::new(m20261124_000003_users::Migration),
            Box::new(m20261124_000004_sessions::Migration),
            Box::new(m20261124_000005_api_tokens::Migration),
            Box::new(m20261124_000006_mail_links_grants::Migration),
            Box::new(m20261124_000007_companies::Migration),
            Box::new(m20261124_000008_products::Migration),
            Box::new(m20261124_000009_import_uploads::Migration),
            Box::new(m20261124_000010_voices_reviews::Migration),
            Box::new(m20261124_000011_referrals::Migration),
            Box::new(m20261124_000012_needs_seeds::Migration),
            Box::new(m20261124_000013_one_open_referral::Migration),
            Box::new(m20261124_000014_identity_providers::Migration),
            Box::new(m20261130_000015_second_factor::Migration),
            Box::new(m20261130_000018_company_registrations::Migration),
            Box::new(m20261130_000019_organizations::Migration),
            Box::new(m20261201_000020_helped_by::Migration),
            Box::new(m20261201_000021_server_keys::Migration),
            Box::new(m20261201_000022_events::Migration),
            Box::new(m20261201_000023_business_meetings::Migration),
            Box::new(m20261201_000024_event_surveys::Migration),
            Box::new(m20261201_000025_event_revision::Migration),
            Box::new(m20261202_000026_consultations::Migration),
            Box::new(m20261202_000027_dispatches::Migration),
            Box::new(m20261202_000028_bridges::Migration),
            Box::new(m20261202_000029_research_groups::Migration),
            Box::new(m20261203_000030_partnering::Migration),
            Box::new(m20261203_000031_research_group_attendance::Migration),
            Box::new(m20261203_000032_partner_listings::Migration),
            Box::new(m20261203_000033_calls::Migration),
            Box::new(m20261203_000034_call_reviews::Migration),
            Box::new(m20261203_000035_call_letters::Migration),
            Box::new(m20261203_000036_report_receipts::Migration),
            Box::new(m20261203_000040_product_showcases::Migration),
            Box::new(m20261203_000037_coordinator_profiles::Migration),
            Box::new(m20261203_000038_help_requests::Migration),
            Box::new(m20261203_000043_referral_preparations::Migration),
            Box::new(m20261203_000042_coordinator_training::Migration),
            Box::new(m20261203_000041_threads::Migration),
            Box::new(m20261203_000050_coordinator_sites::Migration),
            Box::new(m20261203_000044_csr_checklists::Migration),
            Box::new(m20261203_000045_csr_certifications::Migration),
            Box::new(m20261203_000046_csr_contributions::Migration),
            Box::new(m20261203_000047_csr_evidence_files::Migration),
        ]
    }
}
