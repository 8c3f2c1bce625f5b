//! A transaction the layers above hold while a use case runs several store calls that must
//! commit together: a workflow move with its history, its audit line, its side effects and
//! its notifications. The store's calls that take a [`Tx`] write in it; nothing is visible to
//! anyone else until [`Tx::commit`]. Dropping a `Tx` without committing rolls it back.
//!
//! It is the store's one transaction: a change that writes its audit line holds it as an
//! `AuditedTx` (`crate::audit`), the same transaction with the actor whose lines it writes.
//!
//! A write that changes what the public calendar shows marks the transaction
//! ([`Tx::touch_events`]); the events' revision is bumped once the transaction has committed,
//! never inside it, so no transaction holds that one row's lock while it waits for another
//! (events' changes lock quotas and events in different orders), and a node that reads the
//! new revision always reads the committed rows with it.
//!
//! On SQLite a transaction begins `IMMEDIATE`: it takes the one writer's lock at `BEGIN`,
//! waiting for it (the busy timeout) if another connection writes. A deferred transaction
//! that reads first and writes later cannot wait: if another connection committed in
//! between, its write fails at once with "database is locked" (a stale snapshot cannot be
//! upgraded), which a busy moment turned into a spurious conflict. PostgreSQL ignores the
//! mode.

use std::sync::atomic::{AtomicBool, Ordering};

use sea_orm::{
    DatabaseConnection, DatabaseTransaction, SqliteTransactionMode, TransactionOptions,
    TransactionTrait,
};

use crate::{Result, Store};

/// An open transaction of the store.
pub struct Tx {
    txn: DatabaseTransaction,
    db: DatabaseConnection,
    events_touched: AtomicBool,
}

impl Store {
    /// Begins a transaction (on SQLite, holding the writer's lock from the start).
    pub async fn begin(&self) -> Result<Tx> {
        Ok(Tx {
            txn: self
                .db
                .begin_with_options(TransactionOptions {
                    sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                    ..TransactionOptions::default()
                })
                .await?,
            db: self.db.clone(),
            events_touched: AtomicBool::new(false),
        })
    }
}

impl Tx {
    /// Makes every write of the transaction visible at once (then bumps the events' revision
    /// if it changed what the calendar shows).
    pub async fn commit(self) -> Result<()> {
        self.txn.commit().await?;
        if self.events_touched.load(Ordering::Relaxed) {
            // The change is committed whatever happens here: a revision that could not be
            // bumped leaves a calendar a node keeps stale until its minute is out.
            if let Err(e) = crate::events::bump_revision(&self.db).await {
                tracing::warn!(error = %e, "the events' revision could not be bumped");
            }
        }
        Ok(())
    }

    /// Undoes every write of the transaction (as dropping it does, but awaited).
    pub async fn rollback(self) -> Result<()> {
        Ok(self.txn.rollback().await?)
    }

    /// Marks the transaction as changing what the public calendar shows.
    pub(crate) fn touch_events(&self) {
        self.events_touched.store(true, Ordering::Relaxed);
    }

    pub(crate) fn conn(&self) -> &DatabaseTransaction {
        &self.txn
    }
}
