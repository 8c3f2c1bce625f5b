//! Company voices, each city's rubric, and idea reviews. Every write has its audit line.

use chrono::Utc;
use renkei_domain::catalog::Stage;
use renkei_domain::city::CityCode;
use renkei_domain::review::{Criterion, Rubric, Topic};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
};

use crate::audit::{Actor, Change};
use crate::entity::{company_voice, idea_review, rubric};
use crate::handle::Store;
use crate::kernel::{Result, StoreError};
use crate::products::ProductRecord;

pub use company_voice::Model as VoiceRecord;
pub use idea_review::Model as ReviewRecord;

fn rubric_json(r: &Rubric) -> String {
    serde_json::json!(
        r.criteria
            .iter()
            .map(|c| serde_json::json!({"name": c.name, "weight": c.weight}))
            .collect::<Vec<_>>()
    )
    .to_string()
}

/// A rubric stored as JSON, read back.
pub fn rubric_from_json(criteria: &str, scale: u32) -> Option<Rubric> {
    let v: serde_json::Value = serde_json::from_str(criteria).ok()?;
    let criteria = v
        .as_array()?
        .iter()
        .map(|c| {
            Some(Criterion {
                name: c["name"].as_str()?.to_owned(),
                weight: u32::try_from(c["weight"].as_u64()?).ok()?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Rubric { criteria, scale })
}

impl Store {
    /// Records a company voice in `city` (about a company or one of its products, or not).
    #[allow(clippy::too_many_arguments)]
    pub async fn add_voice(
        &self,
        city: &CityCode,
        company: Option<i64>,
        product: Option<i64>,
        stage: Stage,
        topic: Topic,
        text: &str,
        actor: &Actor,
    ) -> Result<VoiceRecord> {
        let txn = self.begin_audited(actor).await?;
        let record = company_voice::ActiveModel {
            city_code: Set(city.to_string()),
            company_id: Set(company),
            product_id: Set(product),
            stage: Set(i16::from(stage.number())),
            topic: Set(topic.code().to_owned()),
            text: Set(text.to_owned()),
            actor_id: Set(actor.id),
            actor_label: Set(actor.label.clone()),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let change = Change {
            action: "voice.create",
            city: Some(city),
            object_type: "company_voice",
            object_id: record.id.to_string(),
            before: None,
            after: Some(&record),
        };
        txn.commit_with(change).await?;
        Ok(record)
    }

    /// A city's voices, by stage then newest first.
    pub async fn voices_of_city(&self, city: &CityCode) -> Result<Vec<VoiceRecord>> {
        Ok(company_voice::Entity::find()
            .filter(company_voice::Column::CityCode.eq(city.to_string()))
            .order_by_asc(company_voice::Column::Stage)
            .order_by_desc(company_voice::Column::Id)
            .all(&self.db)
            .await?)
    }

    /// A product's voices.
    pub async fn voices_of_product(&self, product: i64) -> Result<Vec<VoiceRecord>> {
        Ok(company_voice::Entity::find()
            .filter(company_voice::Column::ProductId.eq(product))
            .order_by_asc(company_voice::Column::Id)
            .all(&self.db)
            .await?)
    }

    /// A city's rubric, or the one every city starts from, with its version (0 until saved).
    pub async fn rubric_of(&self, city: &CityCode) -> Result<(Rubric, i64)> {
        Ok(
            match rubric::Entity::find_by_id(city.to_string())
                .one(&self.db)
                .await?
            {
                Some(r) => (
                    rubric_from_json(&r.criteria, u32::try_from(r.scale).unwrap_or(5))
                        .unwrap_or_else(Rubric::default_for_cities),
                    r.version,
                ),
                None => (Rubric::default_for_cities(), 0),
            },
        )
    }

    /// Saves a city's rubric, checked against the version the person saw.
    pub async fn save_rubric(
        &self,
        city: &CityCode,
        version: i64,
        r: &Rubric,
        actor: &Actor,
    ) -> Result<()> {
        let txn = self.begin_audited(actor).await?;
        let existing = rubric::Entity::find_by_id(city.to_string())
            .one(&txn)
            .await?;
        let current = existing.as_ref().map_or(0, |e| e.version);
        if current != version {
            return Err(StoreError::Conflict);
        }
        let now = Utc::now();
        let after = match existing.clone() {
            Some(e) => {
                let mut m = e.into_active_model();
                m.criteria = Set(rubric_json(r));
                m.scale = Set(i32::try_from(r.scale).unwrap_or(5));
                m.version = Set(version + 1);
                m.updated_at = Set(now);
                m.update(&txn).await?
            }
            None => {
                rubric::ActiveModel {
                    city_code: Set(city.to_string()),
                    criteria: Set(rubric_json(r)),
                    scale: Set(i32::try_from(r.scale).unwrap_or(5)),
                    version: Set(1),
                    updated_at: Set(now),
                }
                .insert(&txn)
                .await?
            }
        };
        let change = Change {
            action: "rubric.update",
            city: Some(city),
            object_type: "rubric",
            object_id: city.to_string(),
            before: existing.as_ref(),
            after: Some(&after),
        };
        txn.commit_with(change).await?;
        Ok(())
    }

    /// Records one reviewer's review of a product against the rubric used.
    pub async fn add_review(
        &self,
        product: &ProductRecord,
        r: &Rubric,
        scores: &[u32],
        total: f64,
        comment: &str,
        actor: &Actor,
    ) -> Result<ReviewRecord> {
        let txn = self.begin_audited(actor).await?;
        let record = idea_review::ActiveModel {
            product_id: Set(product.id),
            reviewer_id: Set(actor.id),
            reviewer_label: Set(actor.label.clone()),
            rubric: Set(
                serde_json::json!({"criteria": rubric_json(r), "scale": r.scale}).to_string(),
            ),
            scores: Set(serde_json::json!(scores).to_string()),
            total: Set(total),
            comment: Set(comment.to_owned()),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let city = CityCode::parse(&product.home_city).ok();
        let change = Change {
            action: "product.review",
            city: city.as_ref(),
            object_type: "product",
            object_id: product.id.to_string(),
            before: None,
            after: Some(&record),
        };
        txn.commit_with(change).await?;
        Ok(record)
    }

    pub async fn reviews_of(&self, product: i64) -> Result<Vec<ReviewRecord>> {
        Ok(idea_review::Entity::find()
            .filter(idea_review::Column::ProductId.eq(product))
            .order_by_asc(idea_review::Column::Id)
            .all(&self.db)
            .await?)
    }
}
