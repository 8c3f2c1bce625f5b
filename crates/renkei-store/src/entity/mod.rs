//! SeaORM entities of the tables the store reads and writes row by row.

pub mod api_token;
pub mod attempt;
pub mod audit_log;
pub mod call;
pub mod city;
pub mod company;
pub mod company_contact;
pub mod company_voice;
pub mod grant;
pub mod idea_review;
pub mod import_upload;
pub mod measure;
pub mod menu_entry;
pub mod one_time_link;
pub mod outbox;
pub mod product;
pub mod product_adoption;
pub mod product_evaluation;
pub mod product_event;
pub mod rubric;
pub mod sales_target;
pub mod session;
pub mod support_record;
pub mod user;
pub mod user_role;
