//! SeaORM entities of the tables the store reads and writes row by row.

/// The rest of an entity whose table the store joins by hand (none has SeaORM relations):
/// its empty `Relation` and its `ActiveModelBehavior`.
macro_rules! no_relations {
    () => {
        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    };
}
use no_relations;

pub mod api_token;
pub mod attempt;
pub mod audit_log;
pub mod bridge;
pub mod bridge_event;
pub mod call;
pub mod call_application;
pub mod call_application_file;
pub mod call_city;
pub mod call_letter;
pub mod call_letter_counter;
pub mod call_letter_setting;
pub mod call_review;
pub mod call_review_conflict;
pub mod call_reviewer;
pub mod city;
pub mod city_security;
pub mod company;
pub mod company_contact;
pub mod company_registration;
pub mod company_registration_event;
pub mod company_voice;
pub mod consultation;
pub mod consultation_event;
pub mod consultation_note;
pub mod coordinator_profile;
pub mod coordinator_site;
pub mod csr_certification;
pub mod csr_checklist;
pub mod csr_contribution;
pub mod csr_evidence_file;
pub mod csr_matching_request;
pub mod dispatch;
pub mod dispatch_event;
pub mod dispatch_setting;
pub mod dispatch_visit;
pub mod event;
pub mod event_draw;
pub mod event_meeting;
pub mod event_organiser;
pub mod event_quota;
pub mod event_registration;
pub mod event_registration_event;
pub mod event_survey;
pub mod expert;
pub mod grant;
pub mod help_request;
pub mod idea_review;
pub mod identity_provider;
pub mod import_upload;
pub mod measure;
pub mod menu_entry;
pub mod national_body;
pub mod need_seed;
pub mod notification;
pub mod oidc_login;
pub mod one_time_link;
pub mod organization;
pub mod organization_member;
pub mod outbox;
pub mod partner_candidate;
pub mod partner_listing;
pub mod partner_request;
pub mod pending_sign_in;
pub mod product;
pub mod product_adoption;
pub mod product_evaluation;
pub mod product_event;
pub mod product_showcase;
pub mod recovery_code;
pub mod referral;
pub mod referral_activity;
pub mod referral_deadline;
pub mod referral_event;
pub mod referral_feedback;
pub mod referral_preparation;
pub mod referral_reminder;
pub mod referral_target;
pub mod research_group;
pub mod research_group_city;
pub mod research_group_document;
pub mod research_group_meeting;
pub mod research_group_member;
pub mod rubric;
pub mod sales_target;
pub mod second_factor;
pub mod server_key;
pub mod session;
pub mod support_record;
pub mod thread;
pub mod thread_digest;
pub mod thread_post;
pub mod training_certificate;
pub mod training_course;
pub mod training_curriculum;
pub mod training_record;
pub mod user;
pub mod user_role;
