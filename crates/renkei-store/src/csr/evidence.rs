//! A certification's evidence files: at most one per checklist item (a new one for an item
//! takes the old one's place), tied to the certification and so to the checklist version it
//! answers; kept and removed with the certification's audit line (naming the file, not
//! holding it); listed without their content, read one with it.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, ModelTrait, QueryFilter, QueryOrder, QuerySelect,
    Set,
};
use serde::Serialize;

use super::{CertificationId, CertificationRecord};
use crate::audit::{Actor, Change};
use crate::entity::csr_evidence_file as ef;
use crate::{Result, Store, StoreError};

/// An evidence file of a certification, without its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvidenceFile {
    pub id: i64,
    pub certification_id: CertificationId,
    pub item_key: String,
    pub file_name: String,
    pub media_type: String,
    pub size_bytes: i64,
    pub actor_label: String,
    pub created_at: DateTime<Utc>,
}

type InfoRow = (i64, i64, String, String, String, i64, String, DateTime<Utc>);

fn info((id, cert, key, file_name, media_type, size, actor, at): InfoRow) -> EvidenceFile {
    EvidenceFile {
        id,
        certification_id: CertificationId(cert),
        item_key: key,
        file_name,
        media_type,
        size_bytes: size,
        actor_label: actor,
        created_at: at,
    }
}

impl From<ef::Model> for EvidenceFile {
    fn from(m: ef::Model) -> Self {
        info((
            m.id,
            m.certification_id,
            m.item_key,
            m.file_name,
            m.media_type,
            m.size_bytes,
            m.actor_label,
            m.created_at,
        ))
    }
}

fn change<'a>(
    action: &'static str,
    r: &'a CertificationRecord,
    (before, after): (Option<&'a EvidenceFile>, Option<&'a EvidenceFile>),
) -> Change<'a, EvidenceFile> {
    Change {
        action,
        city: Some(&r.city),
        object_type: "csr_certification",
        object_id: r.id.to_string(),
        before,
        after,
    }
}

impl Store {
    /// A certification's evidence files, without their content, by item key.
    pub async fn evidence_files(&self, id: CertificationId) -> Result<Vec<EvidenceFile>> {
        use ef::Column as C;
        let rows: Vec<InfoRow> = ef::Entity::find()
            .select_only()
            .columns([
                C::Id,
                C::CertificationId,
                C::ItemKey,
                C::FileName,
                C::MediaType,
                C::SizeBytes,
                C::ActorLabel,
                C::CreatedAt,
            ])
            .filter(C::CertificationId.eq(id.0))
            .order_by_asc(C::ItemKey)
            .order_by_asc(C::Id)
            .into_tuple()
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(info).collect())
    }

    /// Keeps an item's evidence file (in place of the one it had), with the certification's
    /// audit line.
    pub async fn insert_evidence_file(
        &self,
        r: &CertificationRecord,
        item_key: &str,
        (file_name, media_type, content): (&str, &str, Vec<u8>),
        actor: &Actor,
    ) -> Result<EvidenceFile> {
        let txn = self.begin_audited(actor).await?;
        ef::Entity::delete_many()
            .filter(ef::Column::CertificationId.eq(r.id.0))
            .filter(ef::Column::ItemKey.eq(item_key))
            .exec(&txn)
            .await?;
        let size = content.len() as i64;
        let row = ef::ActiveModel {
            certification_id: Set(r.id.0),
            item_key: Set(item_key.to_owned()),
            file_name: Set(file_name.to_owned()),
            media_type: Set(media_type.to_owned()),
            size_bytes: Set(size),
            content: Set(content),
            actor_label: Set(actor.label.clone()),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let record = EvidenceFile::from(row);
        txn.commit_with(change(
            "csr_certification.evidence.create",
            r,
            (None, Some(&record)),
        ))
        .await?;
        Ok(record)
    }

    /// A certification's evidence file with its content; [`StoreError::NotFound`] if it is
    /// not the certification's.
    pub async fn evidence_file(
        &self,
        id: CertificationId,
        file: i64,
    ) -> Result<(EvidenceFile, Vec<u8>)> {
        let mut row = ef::Entity::find_by_id(file)
            .filter(ef::Column::CertificationId.eq(id.0))
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let content = std::mem::take(&mut row.content);
        Ok((EvidenceFile::from(row), content))
    }

    /// Removes a certification's evidence file, with the certification's audit line;
    /// [`StoreError::NotFound`] if it is not the certification's.
    pub async fn delete_evidence_file(
        &self,
        r: &CertificationRecord,
        file: i64,
        actor: &Actor,
    ) -> Result<()> {
        let txn = self.begin_audited(actor).await?;
        let row = ef::Entity::find_by_id(file)
            .filter(ef::Column::CertificationId.eq(r.id.0))
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut before = row.clone();
        before.content = Vec::new();
        let before = EvidenceFile::from(before);
        row.delete(&txn).await?;
        txn.commit_with(change(
            "csr_certification.evidence.delete",
            r,
            (Some(&before), None),
        ))
        .await
    }
}
