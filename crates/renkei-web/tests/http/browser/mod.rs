//! Browser tests in headless Chromium (Debian's chromium and chromium-driver): what a person
//! sees and does, page after page. Every step that leads to another page waits, for a bounded
//! time, for that page (see `helpers`).

mod accessibility;
mod calls;
mod case_work;
mod csr;
mod events;
mod evidence;
mod helpers;
mod network;
mod onboarding;
mod pages;
mod people;
mod products;
mod referral;
