//! Uploaded import files and the progress of their import. The file stays in the database
//! between the steps (any node serves any step); its content is dropped once imported. The
//! rows of an import are written in one transaction ([`Store::import_rows`]).

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

use crate::audit::{Actor, AuditedTx};
use crate::entity::import_upload;
use crate::handle::Store;
use crate::kernel::Result;

pub use import_upload::Model as ImportUpload;

impl Store {
    /// Writes the rows of an import (already checked, every row) in one transaction: all of
    /// them or, if anything fails or the process stops midway, none. `insert` writes one row
    /// with its audit line; `progress` is told how many are written, every 1,000 and at the
    /// end.
    pub(crate) async fn import_rows<R, T>(
        &self,
        actor: &Actor,
        rows: &[R],
        progress: impl Fn(usize),
        insert: impl AsyncFn(&AuditedTx<'_>, &R) -> Result<T>,
    ) -> Result<usize> {
        let txn = self.begin_audited(actor).await?;
        for (i, row) in rows.iter().enumerate() {
            insert(&txn, row).await?;
            if (i + 1) % 1000 == 0 {
                progress(i + 1);
            }
        }
        txn.commit().await?;
        progress(rows.len());
        Ok(rows.len())
    }

    /// Keeps an uploaded file for `user_id`.
    pub async fn save_upload(
        &self,
        user_id: i64,
        kind: &str,
        filename: &str,
        content: Vec<u8>,
        default_city: Option<String>,
    ) -> Result<ImportUpload> {
        let now = Utc::now();
        Ok(import_upload::ActiveModel {
            user_id: Set(user_id),
            kind: Set(kind.to_owned()),
            filename: Set(filename.chars().take(255).collect()),
            content: Set(content),
            default_city: Set(default_city),
            status: Set("uploaded".to_owned()),
            total: Set(0),
            done: Set(0),
            message: Set(String::new()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&self.db)
        .await?)
    }

    /// An upload of `user_id` (another person's is not found).
    pub async fn upload(&self, id: i64, user_id: i64) -> Result<Option<ImportUpload>> {
        Ok(import_upload::Entity::find_by_id(id)
            .filter(import_upload::Column::UserId.eq(user_id))
            .one(&self.db)
            .await?)
    }

    /// Marks an upload as being imported; false if it already is (or was): a double click
    /// starts one import.
    pub async fn start_upload(&self, id: i64, total: usize) -> Result<bool> {
        Ok(import_upload::Entity::update_many()
            .col_expr(import_upload::Column::Status, Expr::value("running"))
            .col_expr(import_upload::Column::Total, Expr::value(total as i64))
            .col_expr(import_upload::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(import_upload::Column::Id.eq(id))
            .filter(import_upload::Column::Status.eq("uploaded"))
            .exec(&self.db)
            .await?
            .rows_affected
            == 1)
    }

    pub async fn upload_progress(&self, id: i64, done: usize) -> Result<()> {
        import_upload::Entity::update_many()
            .col_expr(import_upload::Column::Done, Expr::value(done as i64))
            .col_expr(import_upload::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(import_upload::Column::Id.eq(id))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// Ends an import: done, or failed with the reason (and ready to be tried again).
    pub async fn finish_upload(&self, id: i64, ok: bool, message: &str) -> Result<()> {
        // A failed import may be tried again; a finished file's content is dropped (the
        // records are what remains).
        let mut q = import_upload::Entity::update_many()
            .col_expr(
                import_upload::Column::Status,
                Expr::value(if ok { "done" } else { "uploaded" }),
            )
            .col_expr(import_upload::Column::Message, Expr::value(message))
            .col_expr(import_upload::Column::UpdatedAt, Expr::value(Utc::now()));
        if ok {
            q = q.col_expr(
                import_upload::Column::Content,
                Expr::value(Vec::<u8>::new()),
            );
        }
        q.filter(import_upload::Column::Id.eq(id))
            .exec(&self.db)
            .await?;
        Ok(())
    }
}
