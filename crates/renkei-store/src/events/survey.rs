//! The survey after an event as the store keeps it: one row per attended registration, made
//! when its mail is claimed (several nodes at once send it once) or when the attendee
//! answers; the answer, written once with its audit line and, when the caller asks, the
//! company voice it becomes, in one transaction.

use chrono::{DateTime, Utc};
use renkei_domain::catalog::Stage;
use renkei_domain::city::CityCode;
use renkei_domain::event::registration::State;
use renkei_domain::event::survey::SurveyAnswer;
use renkei_domain::review::Topic;
use sea_orm::sea_query::{Expr, OnConflict, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use super::EventId;
use super::registrations::{EventRegistrationId, EventRegistrationRecord};
use crate::audit::{Actor, Change};
use crate::entity::{event, event_registration as reg, event_survey as survey};
use crate::kernel::busy;
use crate::products::stage_column;
use crate::records::readable;
use crate::reviews::{NewVoice, VoiceRecord, insert_voice, voice_change};
use crate::tx::Tx;
use crate::{Result, Store, StoreError};

/// A registration's survey: when it was mailed, and the answer once given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyRecord {
    pub registration_id: EventRegistrationId,
    pub event_id: EventId,
    pub mailed_at: Option<DateTime<Utc>>,
    pub answered_at: Option<DateTime<Utc>>,
    pub satisfaction: Option<u8>,
    pub useful: String,
    pub stage: Option<Stage>,
    pub topic: Option<Topic>,
    /// The company voice the answer became.
    pub voice_id: Option<i64>,
}

impl From<survey::Model> for SurveyRecord {
    fn from(m: survey::Model) -> Self {
        SurveyRecord {
            registration_id: EventRegistrationId(m.registration_id),
            event_id: EventId(m.event_id),
            mailed_at: m.mailed_at,
            answered_at: m.answered_at,
            satisfaction: m.satisfaction.and_then(|s| u8::try_from(s).ok()),
            useful: m.useful,
            stage: m
                .stage
                .and_then(|s| u8::try_from(s).ok())
                .and_then(Stage::from_number),
            topic: m.topic.as_deref().and_then(Topic::from_code),
            voice_id: m.voice_id,
        }
    }
}

/// Makes a registration's survey row if it has none (a no-op if it has), in `txn`.
async fn ensure(txn: &impl ConnectionTrait, r: &EventRegistrationRecord) -> Result<()> {
    let row = survey::ActiveModel {
        registration_id: Set(r.id.0),
        event_id: Set(r.event_id.0),
        mailed_at: Set(None),
        answered_at: Set(None),
        satisfaction: Set(None),
        useful: Set(String::new()),
        stage: Set(None),
        topic: Set(None),
        voice_id: Set(None),
        created_at: Set(Utc::now()),
        ..Default::default()
    };
    survey::Entity::insert(row)
        .on_conflict(
            OnConflict::column(survey::Column::RegistrationId)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(txn)
        .await
        .map_err(busy)?;
    Ok(())
}

async fn read(txn: &impl ConnectionTrait, r: EventRegistrationId) -> Result<Option<survey::Model>> {
    Ok(survey::Entity::find()
        .filter(survey::Column::RegistrationId.eq(r.0))
        .one(txn)
        .await?)
}

impl Store {
    /// The attended registrations of events that ended between `now - within` and `now`
    /// whose survey was not mailed yet.
    pub async fn due_event_surveys(
        &self,
        now: DateTime<Utc>,
        within: chrono::Duration,
    ) -> Result<Vec<EventRegistrationRecord>> {
        let mut ended = Query::select();
        ended
            .column(event::Column::Id)
            .from(event::Entity)
            .and_where(event::Column::EndsAt.lte(now))
            .and_where(event::Column::EndsAt.gt(now - within));
        let mut mailed = Query::select();
        mailed
            .column(survey::Column::RegistrationId)
            .from(survey::Entity)
            .and_where(survey::Column::MailedAt.is_not_null());
        let rows = reg::Entity::find()
            .filter(reg::Column::EventId.in_subquery(ended))
            .filter(reg::Column::Id.not_in_subquery(mailed))
            .filter(reg::Column::State.eq(State::Attended.code()))
            .order_by_asc(reg::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// Claims a registration's one survey mail: true for the one caller that gets it
    /// (several nodes at once send one).
    pub async fn claim_event_survey(
        &self,
        tx: &Tx,
        r: &EventRegistrationRecord,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let txn = tx.conn();
        ensure(txn, r).await?;
        Ok(survey::Entity::update_many()
            .col_expr(survey::Column::MailedAt, Expr::value(Some(now)))
            .filter(survey::Column::RegistrationId.eq(r.id.0))
            .filter(survey::Column::MailedAt.is_null())
            .exec(txn)
            .await
            .map_err(busy)?
            .rows_affected
            == 1)
    }

    /// A registration's survey, if it was mailed or answered.
    pub async fn event_survey(&self, r: EventRegistrationId) -> Result<Option<SurveyRecord>> {
        Ok(read(&self.db, r).await?.map(SurveyRecord::from))
    }

    /// An event's surveys (mailed or answered), by registration.
    pub async fn event_surveys(&self, e: EventId) -> Result<Vec<SurveyRecord>> {
        Ok(survey::Entity::find()
            .filter(survey::Column::EventId.eq(e.0))
            .order_by_asc(survey::Column::RegistrationId)
            .all(&self.db)
            .await?
            .into_iter()
            .map(SurveyRecord::from)
            .collect())
    }

    /// Writes a registration's answer, once (`Conflict` if it was answered already), with
    /// its audit line; and, with `voice_of` a city, the company voice it becomes in that
    /// city (its stage, topic and words, the registration's company), with its own audit
    /// line, in the same transaction.
    pub async fn answer_event_survey(
        &self,
        r: &EventRegistrationRecord,
        answer: &SurveyAnswer,
        voice_of: Option<&CityCode>,
        actor: &Actor,
    ) -> Result<(SurveyRecord, Option<VoiceRecord>)> {
        let txn = self.begin_audited(actor).await?;
        ensure(&txn, r).await?;
        let before = read(&txn, r.id).await?.ok_or(StoreError::NotFound)?;
        let voice = match voice_of {
            Some(city) => {
                let v = NewVoice {
                    city,
                    company: r.company_id,
                    product: None,
                    stage: answer.stage,
                    topic: answer.topic,
                    text: &answer.useful,
                };
                Some(insert_voice(&txn, &v, actor).await?)
            }
            None => None,
        };
        let answered = survey::Entity::update_many()
            .col_expr(survey::Column::AnsweredAt, Expr::value(Some(Utc::now())))
            .col_expr(
                survey::Column::Satisfaction,
                Expr::value(Some(i16::from(answer.satisfaction))),
            )
            .col_expr(survey::Column::Useful, Expr::value(answer.useful.clone()))
            .col_expr(
                survey::Column::Stage,
                Expr::value(Some(stage_column(answer.stage))),
            )
            .col_expr(
                survey::Column::Topic,
                Expr::value(Some(answer.topic.code().to_owned())),
            )
            .col_expr(
                survey::Column::VoiceId,
                Expr::value(voice.as_ref().map(|v| v.id)),
            )
            .filter(survey::Column::Id.eq(before.id))
            .filter(survey::Column::AnsweredAt.is_null())
            .exec(&txn)
            .await
            .map_err(busy)?
            .rows_affected;
        if answered != 1 {
            txn.rollback().await?;
            return Err(StoreError::Conflict);
        }
        if let Some(v) = &voice {
            txn.record(voice_change(v)).await?;
        }
        let after = read(&txn, r.id).await?.ok_or(StoreError::NotFound)?;
        let change = Change {
            action: "event_survey.answer",
            city: None,
            object_type: "event_registration",
            object_id: r.id.to_string(),
            before: Some(&before),
            after: Some(&after),
        };
        txn.commit_with(change).await?;
        Ok((SurveyRecord::from(after), voice))
    }
}
