//! Renkei's storage: one schema and one code path for SQLite (the embedded default) and
//! PostgreSQL (production, and several app nodes on one database).
//!
//! The schema lives in versioned migrations (`migration`), applied by [`Store::migrate`] at
//! start-up and by `renkei migrate`. Queries are written once with SeaORM / sea-query, which
//! render them for either database; nothing here branches on the backend except the
//! connection set-up and the migration lock.

pub mod audit;
mod coalesce;
mod companies;
pub mod entity;
mod grants;
mod imports;
mod links;
mod mail;
mod menu;
mod migration;
mod needs;
mod notifications;
mod products;
mod referrals;
mod reviews;
mod search;
mod sessions;
pub mod sync;
mod targets;
pub mod testing;
mod tokens;
mod tx;
mod users;

use std::path::Path;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr};
use sea_orm_migration::MigratorTrait;

pub use audit::{Actor, AuditQuery, AuditRecord};
pub use companies::{CallRecord, CompanyIndex, CompanyQuery, CompanyRecord, ContactRecord};
pub use entity::city::Model as City;
pub use entity::menu_entry::Model as MenuRecord;
pub use grants::GrantRecord;
pub use imports::ImportUpload;
pub use links::{LinkError, LinkPurpose, ValidLink};
pub use mail::{MAX_ATTEMPTS, OutboxRecord, OutgoingMail};
pub use menu::MenuQuery;
pub use needs::NeedSeedRecord;
pub use notifications::{Notice, NotificationRecord};
pub use products::{
    AdoptionRecord, EvaluationRecord, ProductEventRecord, ProductQuery, ProductRecord,
    SupportRecord, product_row,
};
pub use referrals::{
    ActivityRecord, Answered, Consent, FeedbackRecord, Overdue, ReferralEventRecord, ReferralQuery,
    ReferralRecord, ReferralTargetRecord, TARGET_LINK_VALID, TargetLinkError,
};
pub use reviews::{ReviewRecord, VoiceRecord};
pub use search::{DocKind, Hit, REINDEX_ACTION, SearchQuery, SearchResult, Similar, TargetMatch};
pub use sessions::{NewSession, SessionInfo, SignInError};
pub use targets::{SalesTargetRecord, TargetQuery};
pub use tokens::{ApiTokenRecord, TOKEN_PREFIX, TokenInfo};
pub use tx::Tx;
pub use users::{UserRecord, role_label};

/// A fresh secret: 256 bits from the operating system's CSPRNG, as 64 hex characters (for
/// CSRF tokens of forms that have no session yet).
pub fn new_token() -> String {
    sessions::random_token()
}

/// What can go wrong in the store, in terms the layers above can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// Someone else changed the record since the caller read it.
    #[error("the record was changed by someone else")]
    Conflict,
    /// A value that must be unique is taken (the field is named).
    #[error("{0} is already in use")]
    Duplicate(&'static str),
    /// A referral's grant, which ends only with the referral's withdrawal.
    #[error("a referral's grant ends with the referral's withdrawal")]
    WorkflowGrant,
    /// An API token was asked for a role its account does not hold.
    #[error("the account does not hold this role")]
    RoleNotHeld,
    #[error("database error: {0}")]
    Db(#[from] DbErr),
    #[error("cannot prepare the database: {0}")]
    Setup(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// One page of a list, with the total count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// A request for one page: 1-based page number and page size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub page: u64,
    pub per_page: u64,
}

impl PageRequest {
    pub const MAX_PER_PAGE: u64 = 200;

    pub fn new(page: u64, per_page: u64) -> Self {
        PageRequest {
            page: page.clamp(1, 1_000_000),
            per_page: per_page.clamp(1, Self::MAX_PER_PAGE),
        }
    }

    fn offset(&self) -> u64 {
        (self.page - 1) * self.per_page
    }
}

impl Default for PageRequest {
    fn default() -> Self {
        PageRequest::new(1, 50)
    }
}

/// The PostgreSQL advisory-lock key migrations hold ("renkei" on a phone keypad).
const MIGRATION_LOCK: i64 = 736_534;

/// A handle on the database: cheap to clone, shared by every request.
#[derive(Clone, Debug)]
pub struct Store {
    db: DatabaseConnection,
    /// Menus this node has read, checked against the database on every read (`menu.rs`).
    menu_cache: Arc<menu::MenuCache>,
    /// This node's search index (`search.rs`).
    search: Arc<search::SearchIndex>,
    /// Shared reads of menu revisions (`coalesce.rs`).
    revisions: Arc<coalesce::Coalescer>,
    /// Kept to open the one dedicated connection migrations run on.
    url: String,
}

impl Store {
    /// Connects to `url` (`sqlite://path?mode=rwc` or `postgres://…`). For SQLite, creates the
    /// file's folder if needed and switches the file to WAL, so readers never wait for writers.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Store> {
        if let Some(path) = sqlite_path(url)
            && let Some(dir) = Path::new(path).parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir)
                .map_err(|e| StoreError::Setup(format!("cannot create {}: {e}", dir.display())))?;
        }
        let mut options = ConnectOptions::new(url.to_owned());
        options
            .max_connections(max_connections)
            .min_connections(1)
            .connect_timeout(Duration::from_secs(10))
            .acquire_timeout(Duration::from_secs(10))
            .sqlx_logging(false);
        let db = Database::connect(options).await?;
        if db.get_database_backend() == DbBackend::Sqlite {
            db.execute_unprepared("PRAGMA journal_mode = WAL").await?;
        }
        Ok(Store {
            db,
            url: url.to_owned(),
            menu_cache: Arc::default(),
            search: Arc::default(),
            revisions: Arc::default(),
        })
    }

    /// Applies pending migrations, then brings the catalog and the cities up to date.
    ///
    /// On PostgreSQL, nodes that start together take turns through an advisory lock. The
    /// lock belongs to a session, so the work runs on one dedicated connection that takes,
    /// uses and releases it (through the pool, the release could land on another session
    /// and leave the lock held).
    pub async fn migrate(&self) -> Result<()> {
        if self.backend() != DbBackend::Postgres {
            migration::Migrator::up(&self.db, None).await?;
            return Ok(sync::run(&self.db).await?);
        }
        let mut options = ConnectOptions::new(self.url.clone());
        options
            .max_connections(1)
            .min_connections(1)
            .sqlx_logging(false);
        let conn = Database::connect(options).await?;
        conn.execute_unprepared(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK})"))
            .await?;
        let result = async {
            migration::Migrator::up(&conn, None).await?;
            sync::run(&conn).await
        }
        .await;
        let unlocked = conn
            .execute_unprepared(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})"))
            .await;
        conn.close().await.ok();
        result?;
        unlocked?;
        Ok(())
    }

    /// Names of the migrations applied to this database, oldest first.
    pub async fn applied_migrations(&self) -> Result<Vec<String>> {
        Ok(migration::Migrator::get_applied_migrations(&self.db)
            .await?
            .iter()
            .map(|m| m.name().to_owned())
            .collect())
    }

    /// Names of the migrations this binary knows and the database has not had yet.
    pub async fn pending_migrations(&self) -> Result<Vec<String>> {
        Ok(migration::Migrator::get_pending_migrations(&self.db)
            .await?
            .iter()
            .map(|m| m.name().to_owned())
            .collect())
    }

    /// Answers whether the database answers.
    pub async fn ping(&self) -> Result<()> {
        Ok(self.db.ping().await?)
    }

    pub fn backend(&self) -> DbBackend {
        self.db.get_database_backend()
    }

    pub fn backend_name(&self) -> &'static str {
        match self.backend() {
            DbBackend::Postgres => "postgresql",
            DbBackend::Sqlite => "sqlite",
            _ => "other",
        }
    }

    /// The underlying connection, for the store's own modules and for tests of the schema.
    pub fn connection(&self) -> &DatabaseConnection {
        &self.db
    }

    pub async fn close(self) -> Result<()> {
        Ok(self.db.close().await?)
    }

    /// The designated cities, north to south. Like the catalog, they are compiled in (from
    /// the shipped local-government list) and the same as the database's copy, so no query
    /// is needed.
    pub fn cities(&self) -> &'static [City] {
        static CITIES: OnceLock<Vec<City>> = OnceLock::new();
        CITIES.get_or_init(sync::designated_cities)
    }

    /// A city's name for people (its code, if it is not a designated city).
    pub fn city_name(&self, code: &str) -> String {
        self.city(code)
            .map_or_else(|_| code.to_owned(), |c| c.name.clone())
    }

    pub fn city(&self, code: &str) -> Result<&'static City> {
        self.cities()
            .iter()
            .find(|c| c.code == code)
            .ok_or(StoreError::NotFound)
    }
}

fn sqlite_path(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    (!path.is_empty() && path != ":memory:").then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_sqlite_file() {
        assert_eq!(
            sqlite_path("sqlite://./renkei-data/renkei.sqlite?mode=rwc"),
            Some("./renkei-data/renkei.sqlite")
        );
        assert_eq!(sqlite_path("sqlite::memory:"), None);
        assert_eq!(sqlite_path("postgres://root@localhost/test"), None);
    }

    #[test]
    fn page_requests_are_clamped() {
        assert_eq!(
            PageRequest::new(0, 0),
            PageRequest {
                page: 1,
                per_page: 1
            }
        );
        assert_eq!(
            PageRequest::new(3, 10_000).per_page,
            PageRequest::MAX_PER_PAGE
        );
        assert_eq!(PageRequest::new(3, 20).offset(), 40);
    }
}
