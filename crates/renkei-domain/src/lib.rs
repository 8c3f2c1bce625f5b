//! Renkei's domain: the "ideal support success model" of the designated cities' report
//! (第2章) and the rules of everything built on it — the cities and their menus, companies
//! and products through the eight stages, the inter-city referral, sales-channel targets,
//! reviews and voices, identity and the access policy, imports, Japanese text and search,
//! the office's business days (開庁日) for service levels —
//! with a small shared kernel (`kernel`: field errors, coded enums, length limits) and the
//! one workflow mechanism every program's steps are written on (`workflow`).
//!
//! This crate is pure types and rules. It imports no web or database crate: that absence is
//! the point, so the rules can be read and tested on their own.

pub mod access;
pub mod bridge;
pub mod business_days;
pub mod call;
pub mod catalog;
pub mod city;
pub mod company;
pub mod consultation;
pub mod csr;
pub mod dispatch;
pub mod event;
pub mod evidence;
pub mod grant;
pub mod i18n;
pub mod identity;
pub mod import;
pub mod jdate;
pub mod kernel;
pub mod listing;
pub mod menu;
pub mod national_body;
pub mod network;
pub mod oidc;
pub mod organization;
pub mod partnering;
pub mod product;
pub mod referral;
pub mod referral_prep;
pub mod registration;
pub mod research_group;
pub mod review;
pub mod search;
pub mod second_factor;
pub mod showcase;
pub mod target;
pub mod text;
pub mod training;
pub mod workflow;

pub use i18n::{Lang, Text};
pub use kernel::FieldError;
