//! SeaORM entities of the tables the store reads and writes row by row.

pub mod api_token;
pub mod audit_log;
pub mod city;
pub mod measure;
pub mod menu_entry;
pub mod session;
pub mod user;
pub mod user_role;
