//! The files attached to applications, kept in the database so that every node serves them:
//! added under a form field's key with the application's audit line (naming the file, not
//! holding it), listed without their content, read with it, removed while the application is
//! written.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::Serialize;

use super::applications::{ApplicationId, ApplicationRecord};
use crate::audit::{self, Actor, Change};
use crate::entity::call_application_file as file;
use crate::kernel::busy;
use crate::tx::Tx;
use crate::{Result, Store, StoreError};

/// A file attached to an application, without its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApplicationFile {
    pub id: i64,
    pub application_id: ApplicationId,
    /// The form field it answers.
    pub field_key: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub actor_label: String,
    pub created_at: DateTime<Utc>,
}

type InfoRow = (i64, i64, String, String, String, i64, String, DateTime<Utc>);

fn info(r: InfoRow) -> ApplicationFile {
    ApplicationFile {
        id: r.0,
        application_id: ApplicationId(r.1),
        field_key: r.2,
        file_name: r.3,
        content_type: r.4,
        size_bytes: r.5,
        actor_label: r.6,
        created_at: r.7,
    }
}

async fn audit_line(
    tx: &Tx,
    actor: &Actor,
    action: &'static str,
    a: &ApplicationRecord,
    f: &ApplicationFile,
) -> Result<()> {
    let change = Change {
        action,
        city: None,
        object_type: "call_application",
        object_id: a.id.to_string(),
        before: None::<&ApplicationFile>,
        after: Some(f),
    };
    audit::record(tx.conn(), actor, change).await
}

impl Store {
    /// An application's files, without their content, in the order they were added.
    pub async fn application_files(&self, id: ApplicationId) -> Result<Vec<ApplicationFile>> {
        use file::Column as C;
        let rows: Vec<InfoRow> = file::Entity::find()
            .select_only()
            .columns([
                C::Id,
                C::ApplicationId,
                C::FieldKey,
                C::FileName,
                C::ContentType,
                C::SizeBytes,
                C::ActorLabel,
                C::CreatedAt,
            ])
            .filter(C::ApplicationId.eq(id.0))
            .order_by_asc(C::Id)
            .into_tuple()
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(info).collect())
    }

    /// Keeps a file under a field of an application, with its audit line, in the caller's
    /// transaction.
    pub async fn insert_application_file(
        &self,
        tx: &Tx,
        a: &ApplicationRecord,
        field_key: &str,
        (file_name, content_type, content): (&str, &str, Vec<u8>),
        actor: &Actor,
    ) -> Result<ApplicationFile> {
        let size = content.len() as i64;
        let row = file::ActiveModel {
            application_id: Set(a.id.0),
            field_key: Set(field_key.to_owned()),
            file_name: Set(file_name.to_owned()),
            content_type: Set(content_type.to_owned()),
            size_bytes: Set(size),
            content: Set(content),
            actor_label: Set(actor.label.clone()),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(tx.conn())
        .await?;
        let f = ApplicationFile {
            id: row.id,
            application_id: a.id,
            field_key: row.field_key,
            file_name: row.file_name,
            content_type: row.content_type,
            size_bytes: row.size_bytes,
            actor_label: row.actor_label,
            created_at: row.created_at,
        };
        audit_line(tx, actor, "call_application.file.add", a, &f).await?;
        Ok(f)
    }

    /// An application's file with its content; [`StoreError::NotFound`] if it is not the
    /// application's.
    pub async fn application_file(
        &self,
        application: ApplicationId,
        id: i64,
    ) -> Result<(ApplicationFile, Vec<u8>)> {
        let mut row = file::Entity::find_by_id(id)
            .filter(file::Column::ApplicationId.eq(application.0))
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let content = std::mem::take(&mut row.content);
        let f = info((
            row.id,
            row.application_id,
            row.field_key,
            row.file_name,
            row.content_type,
            row.size_bytes,
            row.actor_label,
            row.created_at,
        ));
        Ok((f, content))
    }

    /// Removes a file of an application, with its audit line, in the caller's transaction.
    pub async fn remove_application_file(
        &self,
        tx: &Tx,
        a: &ApplicationRecord,
        f: &ApplicationFile,
        actor: &Actor,
    ) -> Result<()> {
        let gone = file::Entity::delete_many()
            .filter(file::Column::Id.eq(f.id))
            .filter(file::Column::ApplicationId.eq(a.id.0))
            .exec(tx.conn())
            .await
            .map_err(busy)?
            .rows_affected;
        if gone != 1 {
            return Err(StoreError::NotFound);
        }
        audit_line(tx, actor, "call_application.file.remove", a, f).await
    }
}
