//! A transaction the layers above hold while a use case runs several store calls that must
//! commit together: a workflow move with its history, its audit line, its side effects and
//! its notifications. The store's calls that take a [`Tx`] write in it; nothing is visible to
//! anyone else until [`Tx::commit`]. Dropping a `Tx` without committing rolls it back.
//!
//! It is the store's one transaction: a change that writes its audit line holds it as an
//! `AuditedTx` (`crate::audit`), the same transaction with the actor whose lines it writes.

use sea_orm::{DatabaseTransaction, TransactionTrait};

use crate::{Result, Store};

/// An open transaction of the store.
pub struct Tx(pub(crate) DatabaseTransaction);

impl Store {
    /// Begins a transaction.
    pub async fn begin(&self) -> Result<Tx> {
        Ok(Tx(self.db.begin().await?))
    }
}

impl Tx {
    /// Makes every write of the transaction visible at once.
    pub async fn commit(self) -> Result<()> {
        Ok(self.0.commit().await?)
    }

    /// Undoes every write of the transaction (as dropping it does, but awaited).
    pub async fn rollback(self) -> Result<()> {
        Ok(self.0.rollback().await?)
    }

    pub(crate) fn conn(&self) -> &DatabaseTransaction {
        &self.0
    }
}
