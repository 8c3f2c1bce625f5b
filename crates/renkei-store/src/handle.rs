//! The `Store`: a handle on the database, cheap to clone and shared by every request. It
//! connects, migrates (with the catalog sync) and answers the compiled list of cities; the
//! other modules add the queries of their records to it.

use std::path::Path;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend};
use sea_orm_migration::MigratorTrait;

use crate::coalesce::Coalescer;
use renkei_domain::city::CityCode;

use crate::kernel::{Result, StoreError};
use crate::menu::cache::MenuCache;
use crate::migration;
use crate::search::SearchIndex;
use crate::sync::{self, City};

/// The PostgreSQL advisory-lock key migrations hold ("renkei" on a phone keypad).
const MIGRATION_LOCK: i64 = 736_534;

/// A handle on the database: cheap to clone, shared by every request.
#[derive(Clone, Debug)]
pub struct Store {
    pub(crate) db: DatabaseConnection,
    /// Menus this node has read, checked against the database on every read (`menu/`).
    pub(crate) menu_cache: Arc<MenuCache>,
    /// This node's search index (`search/`).
    pub(crate) search: Arc<SearchIndex>,
    /// Shared reads of menu revisions (`coalesce.rs`).
    pub(crate) revisions: Arc<Coalescer>,
    /// The key of records' links, once read: a key never changes, and a link made inside a
    /// transaction must not wait for a second connection of the pool (`keys.rs`).
    pub(crate) record_key: Arc<std::sync::OnceLock<[u8; 32]>>,
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
            record_key: Arc::default(),
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
            sync::run(&self.db).await?;
            return self.make_keys().await;
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
        self.make_keys().await
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
        CityCode::parse(code)
            .ok()
            .and_then(|c| self.city(&c).ok())
            .map_or_else(|| code.to_owned(), |c| c.name.clone())
    }

    /// A designated city; any other is not found.
    pub fn city(&self, code: &CityCode) -> Result<&'static City> {
        self.cities()
            .iter()
            .find(|c| c.code == *code)
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
}
