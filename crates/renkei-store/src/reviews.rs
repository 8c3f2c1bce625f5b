//! Company voices, each city's rubric, and idea reviews. Every write has its audit line.
//!
//! Voices and reviews are handed out typed (a voice's city as `CityCode`, its stage and topic
//! as the domain's, ids as newtypes), read once here from the rows; a voice holding a code
//! this version does not know is [`Unreadable`] and left out (see `crate::records`). They
//! serialize (for the audit trail) with the rows' field names and codes, a stage as its
//! number.

use chrono::{DateTime, Utc};
use renkei_domain::catalog::Stage;
use renkei_domain::city::CityCode;
use renkei_domain::review::{Criterion, Rubric, Topic};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};
use serde::Serialize;

use crate::audit::{Actor, Change};
use crate::entity::{company_voice, idea_review, rubric};
use crate::handle::Store;
use crate::kernel::{Result, StoreError};
use crate::products::{ProductRecord, city, found, history, stage, stage_column, stage_number};
use crate::records::{CompanyId, ProductId, Unreadable, code, known, readable};

/// An issue a company raised (企業の声), tagged with a stage and a topic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VoiceRecord {
    pub id: i64,
    pub city_code: CityCode,
    pub company_id: Option<CompanyId>,
    pub product_id: Option<ProductId>,
    #[serde(serialize_with = "stage_number")]
    pub stage: Stage,
    #[serde(serialize_with = "code")]
    pub topic: Topic,
    pub text: String,
    pub actor_id: Option<i64>,
    pub actor_label: String,
    pub created_at: DateTime<Utc>,
}

/// One reviewer's idea review of a product, with the rubric it used (as JSON).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewRecord {
    pub id: i64,
    pub product_id: ProductId,
    pub reviewer_id: Option<i64>,
    pub reviewer_label: String,
    /// `{"criteria": …, "scale": …}`, the rubric as it was.
    pub rubric: String,
    /// The scores, a JSON array in the rubric's order.
    pub scores: String,
    /// Weighted, out of 100.
    pub total: f64,
    pub comment: String,
    pub created_at: DateTime<Utc>,
}

impl TryFrom<company_voice::Model> for VoiceRecord {
    type Error = Unreadable;

    fn try_from(m: company_voice::Model) -> Result<Self, Unreadable> {
        const T: &str = "company_voices";
        Ok(VoiceRecord {
            id: m.id,
            city_code: city(T, m.id, "city_code", &m.city_code)?,
            company_id: m.company_id.map(CompanyId),
            product_id: m.product_id.map(ProductId),
            stage: stage(T, m.id, "stage", m.stage)?,
            topic: known(T, m.id, "topic", &m.topic, Topic::from_code)?,
            text: m.text,
            actor_id: m.actor_id,
            actor_label: m.actor_label,
            created_at: m.created_at,
        })
    }
}

/// (Every review can be read: it holds no code.)
impl TryFrom<idea_review::Model> for ReviewRecord {
    type Error = Unreadable;

    fn try_from(m: idea_review::Model) -> Result<Self, Unreadable> {
        Ok(ReviewRecord {
            id: m.id,
            product_id: ProductId(m.product_id),
            reviewer_id: m.reviewer_id,
            reviewer_label: m.reviewer_label,
            rubric: m.rubric,
            scores: m.scores,
            total: m.total,
            comment: m.comment,
            created_at: m.created_at,
        })
    }
}

crate::records::coded!(Topic);

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

/// A company voice as it is recorded.
pub(crate) struct NewVoice<'a> {
    pub city: &'a CityCode,
    pub company: Option<CompanyId>,
    pub product: Option<ProductId>,
    pub stage: Stage,
    pub topic: Topic,
    pub text: &'a str,
}

/// Writes a company voice in the caller's transaction (its audit line: [`voice_change`]).
pub(crate) async fn insert_voice(
    txn: &impl ConnectionTrait,
    v: &NewVoice<'_>,
    actor: &Actor,
) -> Result<VoiceRecord> {
    let record = company_voice::ActiveModel {
        city_code: Set(v.city.to_string()),
        company_id: Set(v.company.map(|c| c.0)),
        product_id: Set(v.product.map(|p| p.0)),
        stage: Set(stage_column(v.stage)),
        topic: Set(v.topic.code().to_owned()),
        text: Set(v.text.to_owned()),
        actor_id: Set(actor.id),
        actor_label: Set(actor.label.clone()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    found(Some(record))
}

/// A voice's audit line.
pub(crate) fn voice_change(record: &VoiceRecord) -> Change<'_, VoiceRecord> {
    Change {
        action: "voice.create",
        city: Some(&record.city_code),
        object_type: "company_voice",
        object_id: record.id.to_string(),
        before: None,
        after: Some(record),
    }
}

impl Store {
    /// Records a company voice in `city` (about a company or one of its products, or not).
    #[allow(clippy::too_many_arguments)]
    pub async fn add_voice(
        &self,
        city: &CityCode,
        company: Option<CompanyId>,
        product: Option<ProductId>,
        stage: Stage,
        topic: Topic,
        text: &str,
        actor: &Actor,
    ) -> Result<VoiceRecord> {
        let txn = self.begin_audited(actor).await?;
        let voice = NewVoice {
            city,
            company,
            product,
            stage,
            topic,
            text,
        };
        let record = insert_voice(&txn, &voice, actor).await?;
        txn.commit_with(voice_change(&record)).await?;
        Ok(record)
    }

    /// A city's voices, by stage then newest first.
    pub async fn voices_of_city(&self, city: &CityCode) -> Result<Vec<VoiceRecord>> {
        let rows = company_voice::Entity::find()
            .filter(company_voice::Column::CityCode.eq(city.to_string()))
            .order_by_asc(company_voice::Column::Stage)
            .order_by_desc(company_voice::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// A product's voices, oldest first.
    pub async fn voices_of_product(&self, product: ProductId) -> Result<Vec<VoiceRecord>> {
        let column = company_voice::Column::ProductId;
        history::<company_voice::Entity, _>(&self.db, column, product).await
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
        let row = idea_review::ActiveModel {
            product_id: Set(product.id.0),
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
        };
        self.add_to_product(product, "product.review", row, actor)
            .await
    }

    /// A product's reviews, oldest first.
    pub async fn reviews_of(&self, product: ProductId) -> Result<Vec<ReviewRecord>> {
        let column = idea_review::Column::ProductId;
        history::<idea_review::Entity, _>(&self.db, column, product).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn voice() -> company_voice::Model {
        company_voice::Model {
            id: 4,
            city_code: "121002".into(),
            company_id: Some(2),
            product_id: None,
            stage: 6,
            topic: "regulation".into(),
            text: "治験の相談先が分からない".into(),
            actor_id: None,
            actor_label: "a".into(),
            created_at: DateTime::<Utc>::from_timestamp(1_700_000_000, 0).unwrap(),
        }
    }

    #[test]
    fn voices_serialize_as_their_rows_did_and_unknown_codes_are_unreadable() {
        let m = voice();
        let typed = VoiceRecord::try_from(m.clone()).unwrap();
        assert_eq!(
            (typed.stage, typed.topic),
            (Stage::Clinical, Topic::Regulation)
        );
        assert_eq!(
            serde_json::to_string(&typed).unwrap(),
            serde_json::to_string(&m).unwrap()
        );
        for bad in [
            company_voice::Model {
                topic: "weather".into(),
                ..voice()
            },
            company_voice::Model {
                stage: 12,
                ..voice()
            },
        ] {
            assert!(VoiceRecord::try_from(bad).is_err());
        }
    }

    #[test]
    fn reviews_serialize_as_their_rows_did() {
        let m = idea_review::Model {
            id: 5,
            product_id: 3,
            reviewer_id: Some(1),
            reviewer_label: "r".into(),
            rubric: r#"{"criteria":"[]","scale":5}"#.into(),
            scores: "[4,5]".into(),
            total: 82.5,
            comment: String::new(),
            created_at: DateTime::<Utc>::from_timestamp(1_700_000_000, 0).unwrap(),
        };
        let typed = ReviewRecord::try_from(m.clone()).unwrap();
        assert_eq!(typed.product_id, ProductId(3));
        assert_eq!(
            serde_json::to_string(&typed).unwrap(),
            serde_json::to_string(&m).unwrap()
        );
    }
}
