//! Coordinators' training as the store keeps it: curricula (a city's or the network's, their
//! modules as JSON, written from the version read), the training events tied to a module,
//! each coordinator's training records (an attendance checked in — once per account and
//! event — or an external course), certificates (one per account and curriculum, its number
//! given from its id), and the counts a city's gaps read (its active products by stage). No
//! words and no decision on who may do what (`renkei_domain::training`,
//! `access::training`).

use chrono::{DateTime, NaiveDate, Utc};
use renkei_domain::catalog::Stage;
use renkei_domain::city::CityCode;
use renkei_domain::training::{Curriculum, Hours, Module, certificate_number};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::Serialize;

use crate::audit::Change;
use crate::entity::{
    product, training_certificate as cert, training_course as course, training_curriculum as cur,
    training_record as rec,
};
use crate::kernel::{busy, duplicate_or_busy};
use crate::records::{Unreadable, found, id_type, known, readable};
use crate::tx::Tx;
use crate::{Actor, EventId, Result, Store, StoreError, UserId};

id_type!(
    /// A curriculum's id.
    CurriculumId
);
id_type!(
    /// A training record's id.
    TrainingRecordId
);
id_type!(
    /// A certificate's id.
    CertificateId
);

/// A curriculum, at one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CurriculumRecord {
    pub id: CurriculumId,
    /// None: the network's.
    pub city: Option<CityCode>,
    pub title: String,
    pub description: String,
    pub modules: Vec<Module>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl CurriculumRecord {
    pub fn module(&self, key: u32) -> Option<&Module> {
        self.modules.iter().find(|m| m.key == key)
    }
}

impl TryFrom<cur::Model> for CurriculumRecord {
    type Error = Unreadable;

    fn try_from(m: cur::Model) -> std::result::Result<Self, Unreadable> {
        let city = match m.city_code.as_deref() {
            None => None,
            Some(c) => Some(known("training_curricula", m.id, "city_code", c, |c| {
                CityCode::parse(c).ok()
            })?),
        };
        let modules = serde_json::from_str(&m.modules).map_err(|_| Unreadable {
            table: "training_curricula",
            id: m.id,
            field: "modules",
            code: m.modules.clone(),
        })?;
        Ok(CurriculumRecord {
            id: CurriculumId(m.id),
            city,
            title: m.title,
            description: m.description,
            modules,
            version: m.version,
            created_at: m.created_at,
            updated_at: m.updated_at,
        })
    }
}

/// A training event tied to a curriculum's module, and the half hours an attendance counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CourseRecord {
    pub event_id: EventId,
    pub curriculum_id: CurriculumId,
    pub module_key: u32,
    pub half_hours: u32,
}

impl From<course::Model> for CourseRecord {
    fn from(m: course::Model) -> Self {
        CourseRecord {
            event_id: EventId(m.event_id),
            curriculum_id: CurriculumId(m.curriculum_id),
            module_key: u32::try_from(m.module_key).unwrap_or_default(),
            half_hours: u32::try_from(m.half_hours).unwrap_or_default(),
        }
    }
}

/// A coordinator's training record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrainingRecord {
    pub id: TrainingRecordId,
    pub user_id: UserId,
    pub city: CityCode,
    /// `event` or `external`.
    pub source: String,
    pub event_id: Option<EventId>,
    pub module: Option<(CurriculumId, u32)>,
    #[serde(serialize_with = "stage_codes")]
    pub stages: Vec<Stage>,
    pub held_on: NaiveDate,
    pub half_hours: u32,
    pub provider: String,
    pub title: String,
    pub recorded_by: String,
    pub created_at: DateTime<Utc>,
}

fn stage_codes<S: serde::Serializer>(v: &[Stage], s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&joined(v))
}

fn joined(v: &[Stage]) -> String {
    v.iter().map(|s| s.code()).collect::<Vec<_>>().join(",")
}

impl TrainingRecord {
    /// The record as completion and the matrix read it.
    pub fn hours(&self) -> Hours {
        Hours {
            module: self.module.map(|(c, k)| (c.0, k)),
            stages: self.stages.clone(),
            half_hours: self.half_hours,
        }
    }
}

impl TryFrom<rec::Model> for TrainingRecord {
    type Error = Unreadable;

    fn try_from(m: rec::Model) -> std::result::Result<Self, Unreadable> {
        const T: &str = "training_records";
        let stages = m
            .stages
            .split(',')
            .filter(|c| !c.is_empty())
            .map(|c| known(T, m.id, "stages", c, Stage::from_code))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        Ok(TrainingRecord {
            id: TrainingRecordId(m.id),
            user_id: UserId(m.user_id),
            city: known(T, m.id, "city_code", &m.city_code, |c| {
                CityCode::parse(c).ok()
            })?,
            source: m.source,
            event_id: m.event_id.map(EventId),
            module: match (m.curriculum_id, m.module_key) {
                (Some(c), Some(k)) => Some((CurriculumId(c), u32::try_from(k).unwrap_or(0))),
                _ => None,
            },
            stages,
            held_on: m.held_on,
            half_hours: u32::try_from(m.half_hours).unwrap_or_default(),
            provider: m.provider,
            title: m.title,
            recorded_by: m.actor_label,
            created_at: m.created_at,
        })
    }
}

/// A record as it is made (checked by the caller).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTrainingRecord {
    pub user: UserId,
    pub city: CityCode,
    /// `event` or `external`.
    pub source: &'static str,
    pub event: Option<EventId>,
    pub module: Option<(CurriculumId, u32)>,
    pub stages: Vec<Stage>,
    pub held_on: NaiveDate,
    pub half_hours: u32,
    pub provider: String,
    pub title: String,
}

/// A certificate (修了証).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertificateRecord {
    pub id: CertificateId,
    pub user_id: UserId,
    pub curriculum_id: CurriculumId,
    pub city: CityCode,
    pub number: String,
    pub title: String,
    pub half_hours: u32,
    pub issued_on: NaiveDate,
}

impl TryFrom<cert::Model> for CertificateRecord {
    type Error = Unreadable;

    fn try_from(m: cert::Model) -> std::result::Result<Self, Unreadable> {
        Ok(CertificateRecord {
            id: CertificateId(m.id),
            user_id: UserId(m.user_id),
            curriculum_id: CurriculumId(m.curriculum_id),
            city: known(
                "training_certificates",
                m.id,
                "city_code",
                &m.city_code,
                |c| CityCode::parse(c).ok(),
            )?,
            number: m.number,
            title: m.title,
            half_hours: u32::try_from(m.half_hours).unwrap_or_default(),
            issued_on: m.issued_on,
        })
    }
}

fn modules_json(c: &Curriculum) -> Result<String> {
    serde_json::to_string(&c.modules).map_err(|e| StoreError::Setup(format!("modules JSON: {e}")))
}

fn half(v: u32) -> i32 {
    i32::try_from(v).unwrap_or(i32::MAX)
}

impl Store {
    /// A new curriculum of `city` (none: the network's), with its audit line.
    pub async fn insert_curriculum(
        &self,
        city: Option<&CityCode>,
        c: &Curriculum,
        actor: &Actor,
    ) -> Result<CurriculumRecord> {
        let txn = self.begin_audited(actor).await?;
        let now = Utc::now();
        let row = cur::ActiveModel {
            city_code: Set(city.map(|c| c.to_string())),
            title: Set(c.title.clone()),
            description: Set(c.description.clone()),
            modules: Set(modules_json(c)?),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(busy)?;
        let after: CurriculumRecord = found(Some(row))?;
        txn.commit_with(Change {
            action: "training_curriculum.create",
            city,
            object_type: "training_curriculum",
            object_id: after.id.to_string(),
            before: None,
            after: Some(&after),
        })
        .await?;
        Ok(after)
    }

    /// Changes a curriculum from the version read (a stale one is [`StoreError::Conflict`]).
    pub async fn update_curriculum(
        &self,
        id: CurriculumId,
        version: i64,
        c: &Curriculum,
        actor: &Actor,
    ) -> Result<CurriculumRecord> {
        let txn = self.begin_audited(actor).await?;
        let before: CurriculumRecord = found(cur::Entity::find_by_id(id.0).one(&txn).await?)?;
        let changed = cur::Entity::update_many()
            .col_expr(cur::Column::Title, Expr::value(c.title.clone()))
            .col_expr(cur::Column::Description, Expr::value(c.description.clone()))
            .col_expr(cur::Column::Modules, Expr::value(modules_json(c)?))
            .col_expr(cur::Column::Version, Expr::value(version + 1))
            .col_expr(cur::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(cur::Column::Id.eq(id.0))
            .filter(cur::Column::Version.eq(version))
            .exec(&txn)
            .await
            .map_err(busy)?
            .rows_affected;
        if changed != 1 {
            return Err(StoreError::Conflict);
        }
        let after: CurriculumRecord = found(cur::Entity::find_by_id(id.0).one(&txn).await?)?;
        txn.commit_with(Change {
            action: "training_curriculum.update",
            city: before.city.as_ref(),
            object_type: "training_curriculum",
            object_id: id.to_string(),
            before: Some(&before),
            after: Some(&after),
        })
        .await?;
        Ok(after)
    }

    pub async fn curriculum(&self, id: CurriculumId) -> Result<CurriculumRecord> {
        found(cur::Entity::find_by_id(id.0).one(&self.db).await?)
    }

    /// Every curriculum, the network's first, then by city and id.
    pub async fn curricula(&self) -> Result<Vec<CurriculumRecord>> {
        let rows = cur::Entity::find()
            .order_by_asc(cur::Column::CityCode)
            .order_by_asc(cur::Column::Id)
            .all(&self.db)
            .await?;
        let mut out: Vec<CurriculumRecord> = readable(rows);
        out.sort_by_key(|c| (c.city.is_some(), c.city.map(|c| c.to_string()), c.id));
        Ok(out)
    }

    /// Ties a training event to a module (or changes what it is tied to), with its audit line.
    pub async fn set_course(
        &self,
        (event, city): (EventId, &CityCode),
        c: &CourseRecord,
        actor: &Actor,
    ) -> Result<CourseRecord> {
        let txn = self.begin_audited(actor).await?;
        let before: Option<CourseRecord> = course::Entity::find_by_id(event.0)
            .one(&txn)
            .await?
            .map(CourseRecord::from);
        course::Entity::delete_by_id(event.0)
            .exec(&txn)
            .await
            .map_err(busy)?;
        course::ActiveModel {
            event_id: Set(event.0),
            curriculum_id: Set(c.curriculum_id.0),
            module_key: Set(half(c.module_key)),
            half_hours: Set(half(c.half_hours)),
            created_at: Set(Utc::now()),
        }
        .insert(&txn)
        .await
        .map_err(busy)?;
        let after = CourseRecord {
            event_id: event,
            ..*c
        };
        txn.commit_with(Change {
            action: "training_course.set",
            city: Some(city),
            object_type: "event",
            object_id: event.to_string(),
            before: before.as_ref(),
            after: Some(&after),
        })
        .await?;
        Ok(after)
    }

    /// What a training event counts towards, if it is tied to a module.
    pub async fn course(&self, event: EventId) -> Result<Option<CourseRecord>> {
        course_of(&self.db, event).await
    }

    pub async fn course_in(&self, tx: &Tx, event: EventId) -> Result<Option<CourseRecord>> {
        course_of(tx.conn(), event).await
    }

    /// The events tied to a curriculum's modules.
    pub async fn courses_of(&self, c: CurriculumId) -> Result<Vec<CourseRecord>> {
        Ok(course::Entity::find()
            .filter(course::Column::CurriculumId.eq(c.0))
            .order_by_asc(course::Column::EventId)
            .all(&self.db)
            .await?
            .into_iter()
            .map(CourseRecord::from)
            .collect())
    }

    /// Writes a training record in the caller's transaction, with its audit line. An
    /// attendance already recorded for the account and event is not written again (none).
    pub async fn insert_training_record(
        &self,
        tx: &Tx,
        new: &NewTrainingRecord,
        actor: &Actor,
    ) -> Result<Option<TrainingRecord>> {
        if let Some(e) = new.event {
            let there = rec::Entity::find()
                .filter(rec::Column::UserId.eq(new.user.0))
                .filter(rec::Column::EventId.eq(e.0))
                .one(tx.conn())
                .await?;
            if there.is_some() {
                return Ok(None);
            }
        }
        let row = rec::ActiveModel {
            user_id: Set(new.user.0),
            city_code: Set(new.city.to_string()),
            source: Set(new.source.to_owned()),
            event_id: Set(new.event.map(|e| e.0)),
            curriculum_id: Set(new.module.map(|(c, _)| c.0)),
            module_key: Set(new.module.map(|(_, k)| half(k))),
            stages: Set(joined(&new.stages)),
            held_on: Set(new.held_on),
            half_hours: Set(half(new.half_hours)),
            provider: Set(new.provider.clone()),
            title: Set(new.title.clone()),
            actor_id: Set(actor.id),
            actor_label: Set(actor.label.clone()),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(tx.conn())
        .await
        .map_err(busy)?;
        let after: TrainingRecord = found(Some(row))?;
        tx.record(
            actor,
            Change {
                action: "training_record.create",
                city: Some(&new.city),
                object_type: "training_record",
                object_id: after.id.to_string(),
                before: None,
                after: Some(&after),
            },
        )
        .await?;
        Ok(Some(after))
    }

    /// An account's training records, oldest first, in the caller's transaction.
    pub async fn training_records_in(&self, tx: &Tx, user: UserId) -> Result<Vec<TrainingRecord>> {
        records_of(tx.conn(), Some(user), None).await
    }

    /// An account's training records, oldest first.
    pub async fn training_records_of(&self, user: UserId) -> Result<Vec<TrainingRecord>> {
        records_of(&self.db, Some(user), None).await
    }

    /// The records counting for `city` (none: every city's).
    pub async fn training_records(&self, city: Option<&CityCode>) -> Result<Vec<TrainingRecord>> {
        records_of(&self.db, None, city).await
    }

    /// Issues a certificate in the caller's transaction, with its audit line, unless the
    /// account holds one of the curriculum already (none then).
    pub async fn issue_certificate(
        &self,
        tx: &Tx,
        (user, city): (UserId, &CityCode),
        c: &CurriculumRecord,
        (half_hours, issued_on): (u32, NaiveDate),
        actor: &Actor,
    ) -> Result<Option<CertificateRecord>> {
        let there = cert::Entity::find()
            .filter(cert::Column::UserId.eq(user.0))
            .filter(cert::Column::CurriculumId.eq(c.id.0))
            .one(tx.conn())
            .await?;
        if there.is_some() {
            return Ok(None);
        }
        let row = cert::ActiveModel {
            user_id: Set(user.0),
            curriculum_id: Set(c.id.0),
            city_code: Set(city.to_string()),
            number: Set(format!("pending-{}-{}", user.0, c.id.0)),
            title: Set(c.title.clone()),
            half_hours: Set(half(half_hours)),
            issued_on: Set(issued_on),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(tx.conn())
        .await
        .map_err(|e| match duplicate_or_busy("certificate")(e) {
            StoreError::Duplicate(_) => StoreError::Conflict,
            e => e,
        })?;
        let number = certificate_number(renkei_domain::jdate::fiscal_year(issued_on), row.id);
        cert::Entity::update_many()
            .col_expr(cert::Column::Number, Expr::value(number))
            .filter(cert::Column::Id.eq(row.id))
            .exec(tx.conn())
            .await
            .map_err(busy)?;
        let after: CertificateRecord =
            found(cert::Entity::find_by_id(row.id).one(tx.conn()).await?)?;
        tx.record(
            actor,
            Change {
                action: "training_certificate.issue",
                city: Some(city),
                object_type: "training_certificate",
                object_id: after.id.to_string(),
                before: None,
                after: Some(&after),
            },
        )
        .await?;
        Ok(Some(after))
    }

    pub async fn certificate(&self, id: CertificateId) -> Result<CertificateRecord> {
        found(cert::Entity::find_by_id(id.0).one(&self.db).await?)
    }

    /// An account's certificates, in the order issued.
    pub async fn certificates_of(&self, user: UserId) -> Result<Vec<CertificateRecord>> {
        let rows = cert::Entity::find()
            .filter(cert::Column::UserId.eq(user.0))
            .order_by_asc(cert::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// The certificates of `city`'s coordinators (none: every city's).
    pub async fn certificates(&self, city: Option<&CityCode>) -> Result<Vec<CertificateRecord>> {
        let mut q = cert::Entity::find().order_by_asc(cert::Column::Id);
        if let Some(c) = city {
            q = q.filter(cert::Column::CityCode.eq(c.to_string()));
        }
        Ok(readable(q.all(&self.db).await?))
    }

    /// How many of `city`'s products in development are at each stage (①–⑧).
    pub async fn product_stage_counts(&self, city: &CityCode) -> Result<[u32; 8]> {
        let rows = product::Entity::find()
            .filter(product::Column::HomeCity.eq(city.to_string()))
            .filter(product::Column::Status.eq("active"))
            .all(&self.db)
            .await?;
        let mut out = [0u32; 8];
        for p in rows {
            if let Some(s) = u8::try_from(p.stage).ok().and_then(Stage::from_number) {
                out[s as usize] += 1;
            }
        }
        Ok(out)
    }
}

async fn course_of(db: &impl ConnectionTrait, event: EventId) -> Result<Option<CourseRecord>> {
    Ok(course::Entity::find_by_id(event.0)
        .one(db)
        .await?
        .map(CourseRecord::from))
}

async fn records_of(
    db: &impl ConnectionTrait,
    user: Option<UserId>,
    city: Option<&CityCode>,
) -> Result<Vec<TrainingRecord>> {
    let mut q = rec::Entity::find()
        .order_by_asc(rec::Column::HeldOn)
        .order_by_asc(rec::Column::Id);
    if let Some(u) = user {
        q = q.filter(rec::Column::UserId.eq(u.0));
    }
    if let Some(c) = city {
        q = q.filter(rec::Column::CityCode.eq(c.to_string()));
    }
    Ok(readable(q.all(db).await?))
}
