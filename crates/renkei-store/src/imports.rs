//! Uploaded import files and the progress of their import. The file stays in the database
//! between the steps (any node serves any step); its content is dropped once imported. The
//! rows of an import are written in one transaction ([`Store::import_rows`]).
//!
//! An upload is handed out as a typed record ([`ImportUpload`]: its kind as the domain's
//! `ImportKind`, its status as [`UploadStatus`], its city as `CityCode`), converted once where
//! the row is read; one holding a code this version does not know is not found.

use chrono::{DateTime, Utc};
use renkei_domain::city::CityCode;
use renkei_domain::import::ImportKind;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

use crate::audit::{Actor, AuditedTx};
use crate::entity::import_upload;
use crate::handle::Store;
use crate::kernel::Result;
use crate::records::{Unreadable, found, known};
use crate::users::UserId;

/// What an import whose node stopped midway says.
pub const STALLED: &str = "取り込みの途中で処理が止まりました（サーバーの停止など）。何も書き込まれていません。もう一度取り込んでください。";

/// Where an upload is in its import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadStatus {
    /// Kept, checked as often as the person likes; also after a failed import.
    Uploaded,
    /// Being imported.
    Running,
    /// Imported (its content dropped).
    Done,
}

impl UploadStatus {
    pub fn code(self) -> &'static str {
        match self {
            UploadStatus::Uploaded => "uploaded",
            UploadStatus::Running => "running",
            UploadStatus::Done => "done",
        }
    }

    fn from_code(code: &str) -> Option<Self> {
        [Self::Uploaded, Self::Running, Self::Done]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// A file uploaded for import, and how far its import is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportUpload {
    pub id: i64,
    /// The person who uploaded it (nobody else sees it).
    pub user_id: UserId,
    pub kind: ImportKind,
    pub filename: String,
    pub content: Vec<u8>,
    /// The city of rows that name none.
    pub default_city: Option<CityCode>,
    pub status: UploadStatus,
    pub total: i64,
    pub done: i64,
    pub message: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<import_upload::Model> for ImportUpload {
    type Error = Unreadable;

    fn try_from(m: import_upload::Model) -> Result<Self, Unreadable> {
        const T: &str = "import_uploads";
        let default_city = m
            .default_city
            .as_deref()
            .map(|c| known(T, m.id, "default_city", c, |c| CityCode::parse(c).ok()))
            .transpose()?;
        Ok(ImportUpload {
            id: m.id,
            user_id: UserId(m.user_id),
            kind: known(T, m.id, "kind", &m.kind, ImportKind::from_code)?,
            filename: m.filename,
            content: m.content,
            default_city,
            status: known(T, m.id, "status", &m.status, UploadStatus::from_code)?,
            total: m.total,
            done: m.done,
            message: m.message,
            created_at: m.created_at,
            updated_at: m.updated_at,
        })
    }
}

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
        user_id: UserId,
        kind: ImportKind,
        filename: &str,
        content: Vec<u8>,
        default_city: Option<CityCode>,
    ) -> Result<ImportUpload> {
        let now = Utc::now();
        let row = import_upload::ActiveModel {
            user_id: Set(user_id.0),
            kind: Set(kind.code().to_owned()),
            filename: Set(filename.chars().take(255).collect()),
            content: Set(content),
            default_city: Set(default_city.map(|c| c.to_string())),
            status: Set(UploadStatus::Uploaded.code().to_owned()),
            total: Set(0),
            done: Set(0),
            message: Set(String::new()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&self.db)
        .await?;
        found(Some(row))
    }

    /// An upload of `user_id` (another person's is not found).
    pub async fn upload(&self, id: i64, user_id: UserId) -> Result<Option<ImportUpload>> {
        let row = import_upload::Entity::find_by_id(id)
            .filter(import_upload::Column::UserId.eq(user_id))
            .one(&self.db)
            .await?;
        Ok(found(row).ok())
    }

    /// Marks an upload as being imported; false if it already is (or was): a double click
    /// starts one import.
    pub async fn start_upload(&self, id: i64, total: usize) -> Result<bool> {
        Ok(import_upload::Entity::update_many()
            .col_expr(
                import_upload::Column::Status,
                Expr::value(UploadStatus::Running.code()),
            )
            .col_expr(import_upload::Column::Total, Expr::value(total as i64))
            .col_expr(import_upload::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(import_upload::Column::Id.eq(id))
            .filter(import_upload::Column::Status.eq(UploadStatus::Uploaded.code()))
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

    /// Beats a running import's heart: the node importing it is alive.
    pub async fn heartbeat_upload(&self, id: i64) -> Result<()> {
        import_upload::Entity::update_many()
            .col_expr(import_upload::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(import_upload::Column::Id.eq(id))
            .filter(import_upload::Column::Status.eq(UploadStatus::Running.code()))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// Marks as failed every import still running whose heart has not beaten since `before`
    /// but those of `except` (the ones this node is running): its node died midway, and its
    /// transaction went with it, so nothing of it was written. The file is kept, ready to be
    /// imported again. How many.
    pub async fn fail_stalled_uploads(&self, before: DateTime<Utc>, except: &[i64]) -> Result<u64> {
        Ok(import_upload::Entity::update_many()
            .col_expr(
                import_upload::Column::Status,
                Expr::value(UploadStatus::Uploaded.code()),
            )
            .col_expr(import_upload::Column::Message, Expr::value(STALLED))
            .col_expr(import_upload::Column::Done, Expr::value(0i64))
            .col_expr(import_upload::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(import_upload::Column::Status.eq(UploadStatus::Running.code()))
            .filter(import_upload::Column::UpdatedAt.lt(before))
            .filter(import_upload::Column::Id.is_not_in(except.iter().copied()))
            .exec(&self.db)
            .await?
            .rows_affected)
    }

    /// Ends an import: done, or failed with the reason (and ready to be tried again).
    pub async fn finish_upload(&self, id: i64, ok: bool, message: &str) -> Result<()> {
        // A failed import may be tried again; a finished file's content is dropped (the
        // records are what remains).
        let status = if ok {
            UploadStatus::Done
        } else {
            UploadStatus::Uploaded
        };
        let mut q = import_upload::Entity::update_many()
            .col_expr(import_upload::Column::Status, Expr::value(status.code()))
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
