//! The features, one folder each: its pages (and their routes, with what each touches), its
//! JSON API operations where it has some, and what it gives the other features (its loads).
//! A feature may use the shared modules and another feature's loads, never the other way
//! round; each feature's `mod.rs` registers its own routes.

pub(crate) mod account;
pub(crate) mod admin;
pub(crate) mod bridges;
pub(crate) mod calls;
pub(crate) mod catalog;
pub(crate) mod cities;
pub(crate) mod companies;
pub(crate) mod consultations;
pub(crate) mod csr;
pub(crate) mod dispatches;
pub(crate) mod events;
pub(crate) mod evidence;
pub(crate) mod guide;
pub(crate) mod imports;
pub(crate) mod network;
pub(crate) mod partnering;
pub(crate) mod people;
pub(crate) mod preparations;
pub(crate) mod products;
pub(crate) mod referrals;
pub(crate) mod registrations;
pub(crate) mod research_groups;
pub(crate) mod reviews;
pub(crate) mod search;
pub(crate) mod showcase;
pub(crate) mod targets;
pub(crate) mod threads;
pub(crate) mod training;
