//! What the people who run Renkei read of the store: the connection pool's use, the mail
//! waiting in the outbox, how far this node's search index is behind the audit trail (all
//! for the metrics endpoint), and an online copy of the embedded database (`renkei backup`).

use std::path::Path;

use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Statement,
};

use crate::entity::{audit_log, outbox};
use crate::{Result, Store, StoreError};

/// The connection pool: how many connections it holds and how many of those are idle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolUse {
    pub size: u32,
    pub idle: u32,
}

impl Store {
    /// The connection pool's use now.
    pub fn pool_use(&self) -> PoolUse {
        match self.backend() {
            DbBackend::Postgres => {
                let pool = self.db.get_postgres_connection_pool();
                PoolUse {
                    size: pool.size(),
                    idle: u32::try_from(pool.num_idle()).unwrap_or(u32::MAX),
                }
            }
            _ => {
                let pool = self.db.get_sqlite_connection_pool();
                PoolUse {
                    size: pool.size(),
                    idle: u32::try_from(pool.num_idle()).unwrap_or(u32::MAX),
                }
            }
        }
    }

    /// Messages in the outbox not sent yet (waiting, or failing and to be tried again).
    pub async fn outbox_backlog(&self) -> Result<u64> {
        Ok(outbox::Entity::find()
            .filter(outbox::Column::SentAt.is_null())
            .count(&self.db)
            .await?)
    }

    /// How many audit lines this node's search index has not applied yet: the trail's last
    /// id less the last the index applied; none while the index is being built (or caught up
    /// at this very moment).
    pub async fn search_index_lag(&self) -> Result<Option<i64>> {
        let Some(seen) = self.search_index_position() else {
            return Ok(None);
        };
        let last: Option<i64> = audit_log::Entity::find()
            .select_only()
            .column(audit_log::Column::Id)
            .order_by_desc(audit_log::Column::Id)
            .into_tuple::<i64>()
            .one(&self.db)
            .await?;
        Ok(Some((last.unwrap_or(0) - seen).max(0)))
    }

    /// SQLite's `PRAGMA integrity_check` on this database: nothing when it answers `ok`,
    /// else what it found. (PostgreSQL has no such check: nothing.)
    pub async fn integrity_check(&self) -> Result<()> {
        if self.backend() != DbBackend::Sqlite {
            return Ok(());
        }
        let rows = self
            .db
            .query_all_raw(Statement::from_string(
                DbBackend::Sqlite,
                "PRAGMA integrity_check",
            ))
            .await?;
        let found: Vec<String> = rows
            .iter()
            .filter_map(|r| r.try_get_by_index::<String>(0).ok())
            .collect();
        if found == ["ok"] {
            Ok(())
        } else {
            Err(StoreError::Setup(format!(
                "integrity check: {}",
                found.join("; ")
            )))
        }
    }

    /// Copies the embedded database, while it serves, to `to` (a new file): SQLite's
    /// `VACUUM INTO`, a consistent copy of one moment, compacted. Refused on PostgreSQL, whose
    /// own tools (`pg_dump`, or base backups with the write-ahead log) do this.
    pub async fn backup_to(&self, to: &Path) -> Result<()> {
        if self.backend() != DbBackend::Sqlite {
            return Err(StoreError::Setup(
                "renkei backup copies the embedded (SQLite) database; back up PostgreSQL with pg_dump or a base backup (see docs/operations.md)".into(),
            ));
        }
        if to.exists() {
            return Err(StoreError::Setup(format!(
                "{} exists already: name a new file",
                to.display()
            )));
        }
        let path = to
            .to_str()
            .ok_or_else(|| StoreError::Setup("the backup's path is not UTF-8".into()))?;
        let sql = format!("VACUUM INTO '{}'", path.replace('\'', "''"));
        self.db
            .execute_raw(Statement::from_string(DbBackend::Sqlite, sql))
            .await?;
        Ok(())
    }
}
