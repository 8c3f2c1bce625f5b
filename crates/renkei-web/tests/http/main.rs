//! Integration tests: the real application on a real database (SQLite, and PostgreSQL when
//! `RENKEI_TEST_POSTGRES` is set), driven through HTTP the way clients and browsers do.
//! Tests act through public routes only; the one exception is loading the demo data, which
//! goes through the same store call `renkei demo` uses.

mod accounts;
mod authorization;
mod bridges;
mod bridges_api;
mod brokering;
mod browser;
mod call_letters;
mod call_reviews;
mod calls;
mod case_search;
mod catalog;
mod companies;
mod consultations;
mod coordinator_directory;
mod csr;
mod csr_evidence;
mod demo_business_meeting;
mod dispatches;
mod event_calendar;
mod event_fixtures;
mod event_meetings;
mod event_survey;
mod events;
mod exports;
mod hardening;
mod help_requests;
mod helped;
mod helpers;
mod identity;
mod menu;
mod oidc;
mod openapi;
mod organizations;
mod pages;
mod partner_listing;
mod people;
mod preparations;
mod product_edits;
mod products;
mod referrals;
mod registrations;
mod research_groups;
mod search;
mod second_factor;
mod sharing;
mod showcase;
mod threads;
mod training;
mod trial_sites;
