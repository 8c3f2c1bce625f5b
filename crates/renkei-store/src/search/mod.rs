//! Search and matching: one in-memory index per node over companies, products, sales-channel
//! targets, coordinators, the model's measures, referrals, needs, seeds, published events,
//! published calls, consultation cases, showcased products and the cities' threads, by the character grams of their folded text (`renkei_domain::search`).
//!
//! It stays current by following the audit trail, which every change writes in the
//! transaction that makes it: before each search the node reads the audit lines after the
//! last it applied and re-reads the records they name. Ids of lines not yet visible (a
//! PostgreSQL transaction that took an id and has not committed) are waited for (up to
//! `position::GAP_PATIENCE`, half an hour), so no change is skipped; nothing else is shared
//! between nodes. Visibility is decided at query time with the caller's scope and the
//! grants in force read then, so a revoked grant or a changed role takes effect at the next
//! search. `renkei reindex` asks
//! every node to rebuild from the database.
//!
//! - `index.rs`: the index and its records;
//! - `build.rs`: building it from the database (`events.rs`: the published events;
//!   `calls.rs`: the published calls; `cases.rs`: the consultation cases);
//! - `follow.rs`: catching up on the audit trail;
//! - `query.rs`: queries and ranking;
//! - `matching.rs`: targets for a product, and records like another.

mod build;
mod calls;
mod cases;
mod events;
mod follow;
mod index;
mod matching;
mod position;
mod query;
mod showcase;
mod threads;

pub use follow::REINDEX_ACTION;
pub use index::{DocKind, SearchIndex};
pub use matching::{Similar, TargetMatch};
pub use query::{Hit, SearchQuery, SearchResult};
