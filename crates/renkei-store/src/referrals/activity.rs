//! ⑧ The company's sales-activity log and, after the outcome, each party's feedback (感想),
//! once per party.

use chrono::{NaiveDate, Utc};
use renkei_domain::referral::{ActivityKind, Party, Refusal, State};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};

use super::records::party_key;
use super::{
    ActivityRecord, FeedbackRecord, ReferralId, audit_referral, duplicate_if_unique, find,
    readable, refusal_in,
};
use crate::audit::Actor;
use crate::entity::{referral_activity, referral_feedback};
use crate::{Result, Store, StoreError};

impl Store {
    /// The company logs a sales activity while its sales work is under way.
    pub async fn add_activity(
        &self,
        id: ReferralId,
        (on, kind, note): (NaiveDate, ActivityKind, &str),
        target: Option<i64>,
        actor: &Actor,
    ) -> Result<std::result::Result<ActivityRecord, Refusal>> {
        let txn = self.begin_audited(actor).await?;
        let r = find(&txn, id).await?;
        let state = r.state;
        if !matches!(state, State::Forwarded | State::Reported) {
            return Ok(Err(refusal_in(state)));
        }
        let row = referral_activity::ActiveModel {
            referral_id: Set(id.0),
            on_date: Set(on),
            kind: Set(kind.code().to_owned()),
            target_id: Set(target),
            note: Set(note.to_owned()),
            actor_label: Set(actor.label.clone()),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        audit_referral(&txn, actor, "referral.activity", &r.sending_city, None, &r).await?;
        txn.commit().await?;
        Ok(Ok(ActivityRecord {
            id: row.id,
            referral_id: id,
            on_date: row.on_date,
            kind,
            target_id: row.target_id,
            note: row.note,
            actor_label: row.actor_label,
            created_at: row.created_at,
        }))
    }

    /// A referral's sales-activity log, by date.
    pub async fn activities(&self, id: ReferralId) -> Result<Vec<ActivityRecord>> {
        let rows = referral_activity::Entity::find()
            .filter(referral_activity::Column::ReferralId.eq(id))
            .order_by_asc(referral_activity::Column::OnDate)
            .order_by_asc(referral_activity::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// One party's feedback (感想) on a referral that has reached its outcome (a target's,
    /// `any_time`, once it has answered); once per party (a target: `target`, the target
    /// organization): a second is [`StoreError::Duplicate`]`("rating")`.
    pub async fn add_feedback(
        &self,
        id: ReferralId,
        (party, target): (Party, Option<i64>),
        (rating, comment): (i16, &str),
        any_time: bool,
        actor: &Actor,
    ) -> Result<std::result::Result<FeedbackRecord, Refusal>> {
        let key = party_key(party, target);
        let txn = self.begin_audited(actor).await?;
        let r = find(&txn, id).await?;
        let state = r.state;
        if !any_time && !matches!(state, State::Reported | State::Closed | State::Declined) {
            return Ok(Err(Refusal::NotNow));
        }
        let given = referral_feedback::Entity::find()
            .filter(referral_feedback::Column::ReferralId.eq(id))
            .filter(referral_feedback::Column::PartyKey.eq(key.as_str()))
            .count(&txn)
            .await?;
        if given > 0 {
            return Err(StoreError::Duplicate("rating"));
        }
        let row = referral_feedback::ActiveModel {
            referral_id: Set(id.0),
            party_key: Set(key),
            author_label: Set(actor.label.clone()),
            rating: Set(rating),
            comment: Set(comment.to_owned()),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| duplicate_if_unique(e, "rating"))?;
        audit_referral(&txn, actor, "referral.feedback", &r.sending_city, None, &r).await?;
        txn.commit().await?;
        Ok(Ok(FeedbackRecord {
            id: row.id,
            referral_id: id,
            party,
            target_id: target.filter(|_| party == Party::Target),
            author_label: row.author_label,
            rating: row.rating,
            comment: row.comment,
            created_at: row.created_at,
        }))
    }

    /// The feedback on some referrals.
    pub async fn feedback_on(&self, ids: &[ReferralId]) -> Result<Vec<FeedbackRecord>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows = referral_feedback::Entity::find()
            .filter(referral_feedback::Column::ReferralId.is_in(ids.iter().copied()))
            .order_by_asc(referral_feedback::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }
}
