//! Needs (ニーズ) and seeds (シーズ), recorded by coordinators and officers of a city and
//! matched across every city (`search/matching.rs`).
//!
//! The store hands them out with the city as `CityCode`, read once from the rows; a row
//! whose city this version does not know is left out (see `crate::records`). They serialize
//! (for the audit trail) with the rows' field names and codes.

use chrono::{DateTime, Utc};
use renkei_domain::city::CityCode;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::Serialize;

use crate::audit::Actor;
use crate::entity::need_seed;
use crate::handle::Store;
use crate::kernel::Result;
use crate::records::{Unreadable, found, known, readable};

/// A need or a seed of a city.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NeedSeedRecord {
    pub id: i64,
    /// `need` or `seed` (`renkei_domain::search::NeedSeedDraft`).
    pub kind: String,
    pub city_code: CityCode,
    pub title: String,
    pub description: String,
    /// Fields, departments or technologies, one per line.
    pub fields: String,
    /// Who it comes from: a hospital's department, a company.
    pub source: String,
    pub created_by_id: Option<i64>,
    pub created_by_label: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<need_seed::Model> for NeedSeedRecord {
    type Error = Unreadable;

    fn try_from(m: need_seed::Model) -> Result<Self, Unreadable> {
        let city_code = known("needs_seeds", m.id, "city_code", &m.city_code, |c| {
            CityCode::parse(c).ok()
        })?;
        Ok(NeedSeedRecord {
            id: m.id,
            kind: m.kind,
            city_code,
            title: m.title,
            description: m.description,
            fields: m.fields,
            source: m.source,
            created_by_id: m.created_by_id,
            created_by_label: m.created_by_label,
            version: m.version,
            created_at: m.created_at,
            updated_at: m.updated_at,
        })
    }
}

crate::audited::audited!(NeedSeedRecord, "need_seed", city_code);

impl Store {
    /// Records a need or a seed (already validated) of `city`.
    #[allow(clippy::too_many_arguments)]
    pub async fn create_need_seed(
        &self,
        kind: &str,
        city: &CityCode,
        title: &str,
        description: &str,
        fields: &[String],
        source: &str,
        actor: &Actor,
    ) -> Result<NeedSeedRecord> {
        let txn = self.begin_audited(actor).await?;
        let now = Utc::now();
        let row = need_seed::ActiveModel {
            kind: Set(kind.to_owned()),
            city_code: Set(city.to_string()),
            title: Set(title.to_owned()),
            description: Set(description.to_owned()),
            fields: Set(fields.join("\n")),
            source: Set(source.to_owned()),
            created_by_id: Set(actor.id),
            created_by_label: Set(actor.label.clone()),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let record: NeedSeedRecord = found(Some(row))?;
        txn.record_change("need_seed.create", None, &record).await?;
        txn.commit().await?;
        Ok(record)
    }

    /// A need or seed (`None` if there is none, or this version cannot read it).
    pub async fn need_seed(&self, id: i64) -> Result<Option<NeedSeedRecord>> {
        let row = need_seed::Entity::find_by_id(id).one(&self.db).await?;
        Ok(found(row).ok())
    }

    /// Every need and seed, newest first (a few hundred per city at most).
    pub async fn needs_seeds(&self) -> Result<Vec<NeedSeedRecord>> {
        let rows = need_seed::Entity::find()
            .filter(need_seed::Column::Kind.is_in(["need", "seed"]))
            .order_by_desc(need_seed::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }
}
