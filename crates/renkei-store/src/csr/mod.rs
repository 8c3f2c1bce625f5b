//! The CSR challenge certification as the store keeps it: each city's checklist versions
//! (here: a new version written with the next number, the current one, every one), a
//! company's certifications with their answers, moves and renewal reminders
//! (`certifications`), their evidence files (`evidence`), and the contributions of supported companies and the community's
//! matching requests (`contributions`). No words and no decision on who may do what
//! (`renkei_domain::csr`, `access::csr`).

mod certifications;
mod contributions;
mod evidence;

pub use certifications::{
    CertificationEvent, CertificationId, CertificationRecord, CertificationWrite,
};
pub use contributions::{
    ContributionEvent, ContributionId, ContributionRecord, MatchingId, MatchingRecord,
};
pub use evidence::EvidenceFile;

use chrono::{DateTime, Utc};
use renkei_domain::city::CityCode;
use renkei_domain::csr::checklist::{Checklist, Thresholds};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::Serialize;

use crate::audit::{self, Actor, Change};
use crate::entity::csr_checklist as cl;
use crate::kernel::duplicate_or_busy;
use crate::records::{Unreadable, found, known, readable};
use crate::{Result, Store};

crate::records::id_type!(
    /// A checklist version's id.
    ChecklistId
);

/// A city's checklist, one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChecklistRecord {
    pub id: ChecklistId,
    pub city: CityCode,
    /// Its number within the city (1, 2, …).
    pub version_no: i32,
    pub title: String,
    pub list: Checklist,
    pub thresholds: Thresholds,
    pub actor_label: String,
    pub created_at: DateTime<Utc>,
}

impl TryFrom<cl::Model> for ChecklistRecord {
    type Error = Unreadable;

    fn try_from(m: cl::Model) -> std::result::Result<Self, Unreadable> {
        const T: &str = "csr_checklists";
        let json = |field, text: &str| Unreadable {
            table: T,
            id: m.id,
            field,
            code: text.chars().take(80).collect(),
        };
        Ok(ChecklistRecord {
            id: ChecklistId(m.id),
            city: known(T, m.id, "city_code", &m.city_code, |c| {
                CityCode::parse(c).ok()
            })?,
            version_no: m.version_no,
            title: m.title,
            list: serde_json::from_str(&m.content).map_err(|_| json("content", &m.content))?,
            thresholds: serde_json::from_str(&m.thresholds)
                .map_err(|_| json("thresholds", &m.thresholds))?,
            actor_label: m.actor_label,
            created_at: m.created_at,
        })
    }
}

impl Store {
    /// Writes a new version of a city's checklist (the next number), with its audit line.
    pub async fn insert_checklist(
        &self,
        city: &CityCode,
        (title, list, thresholds): (&str, &Checklist, &Thresholds),
        actor: &Actor,
    ) -> Result<ChecklistRecord> {
        let tx = self.begin().await?;
        let last = cl::Entity::find()
            .filter(cl::Column::CityCode.eq(city.to_string()))
            .order_by_desc(cl::Column::VersionNo)
            .one(tx.conn())
            .await?
            .map_or(0, |m| m.version_no);
        let json = |v: serde_json::Result<String>| {
            v.map_err(|e| crate::StoreError::Setup(format!("checklist JSON: {e}")))
        };
        let row = cl::ActiveModel {
            city_code: Set(city.to_string()),
            version_no: Set(last + 1),
            title: Set(title.to_owned()),
            content: Set(json(serde_json::to_string(list))?),
            thresholds: Set(json(serde_json::to_string(thresholds))?),
            actor_id: Set(actor.id),
            actor_label: Set(actor.label.clone()),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(tx.conn())
        .await
        .map_err(duplicate_or_busy("version"))?;
        let r: ChecklistRecord = found(Some(row))?;
        let change = Change {
            action: "csr_checklist.create",
            city: Some(city),
            object_type: "csr_checklist",
            object_id: r.id.to_string(),
            before: None,
            after: Some(&r),
        };
        audit::record(tx.conn(), actor, change).await?;
        tx.commit().await?;
        Ok(r)
    }

    /// A checklist version.
    pub async fn checklist(&self, id: ChecklistId) -> Result<ChecklistRecord> {
        found(cl::Entity::find_by_id(id.0).one(&self.db).await?)
    }

    /// A city's current checklist (its newest version), if it has one.
    pub async fn current_checklist(&self, city: &CityCode) -> Result<Option<ChecklistRecord>> {
        Ok(self.checklists_of(city).await?.into_iter().next())
    }

    /// Every version of a city's checklist, newest first.
    pub async fn checklists_of(&self, city: &CityCode) -> Result<Vec<ChecklistRecord>> {
        let rows = cl::Entity::find()
            .filter(cl::Column::CityCode.eq(city.to_string()))
            .order_by_desc(cl::Column::VersionNo)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }
}
