//! Needs (ニーズ) and seeds (シーズ), recorded by coordinators and officers of a city and
//! matched across every city (`search/matching.rs`).

use chrono::Utc;
use renkei_domain::city::CityCode;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::audit::{Actor, Change};
use crate::entity::need_seed;
use crate::handle::Store;
use crate::kernel::Result;

pub use need_seed::Model as NeedSeedRecord;

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
        let record = need_seed::ActiveModel {
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
        let change = Change {
            action: "need_seed.create",
            city: Some(city),
            object_type: "need_seed",
            object_id: record.id.to_string(),
            before: None,
            after: Some(&record),
        };
        txn.commit_with(change).await?;
        Ok(record)
    }

    pub async fn need_seed(&self, id: i64) -> Result<Option<NeedSeedRecord>> {
        Ok(need_seed::Entity::find_by_id(id).one(&self.db).await?)
    }

    /// Every need and seed, newest first (a few hundred per city at most).
    pub async fn needs_seeds(&self) -> Result<Vec<NeedSeedRecord>> {
        Ok(need_seed::Entity::find()
            .filter(need_seed::Column::Kind.is_in(["need", "seed"]))
            .order_by_desc(need_seed::Column::Id)
            .all(&self.db)
            .await?)
    }
}
