//! ⑧ The company's sales-activity log and, after the outcome, each party's feedback (感想),
//! once per party.

use chrono::{NaiveDate, Utc};
use renkei_domain::referral::{ActivityKind, Refusal, State};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};

use super::{
    ActivityRecord, FeedbackRecord, audit_referral, duplicate_if_unique, find, refusal_in, state_of,
};
use crate::audit::Actor;
use crate::entity::{referral_activity, referral_feedback};
use crate::{Result, Store, StoreError};

impl Store {
    /// The company logs a sales activity while its sales work is under way.
    pub async fn add_activity(
        &self,
        id: i64,
        (on, kind, note): (NaiveDate, ActivityKind, &str),
        target: Option<i64>,
        actor: &Actor,
    ) -> Result<std::result::Result<ActivityRecord, Refusal>> {
        let txn = self.db.begin().await?;
        let r = find(&txn, id).await?;
        let state = state_of(&r);
        if !matches!(state, State::Forwarded | State::Reported) {
            return Ok(Err(refusal_in(state)));
        }
        let row = referral_activity::ActiveModel {
            referral_id: Set(id),
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
        Ok(Ok(row))
    }

    pub async fn activities(&self, id: i64) -> Result<Vec<ActivityRecord>> {
        Ok(referral_activity::Entity::find()
            .filter(referral_activity::Column::ReferralId.eq(id))
            .order_by_asc(referral_activity::Column::OnDate)
            .order_by_asc(referral_activity::Column::Id)
            .all(&self.db)
            .await?)
    }

    /// One party's feedback (感想) on a referral that has reached its outcome (a target's,
    /// `any_time`, once it has answered); once per party (`company`, `sending`, `receiving`, `target:{id}`): a second is
    /// [`StoreError::Duplicate`]`("rating")`.
    pub async fn add_feedback(
        &self,
        id: i64,
        party_key: &str,
        (rating, comment): (i16, &str),
        any_time: bool,
        actor: &Actor,
    ) -> Result<std::result::Result<FeedbackRecord, Refusal>> {
        let txn = self.db.begin().await?;
        let r = find(&txn, id).await?;
        let state = state_of(&r);
        if !any_time && !matches!(state, State::Reported | State::Closed | State::Declined) {
            return Ok(Err(Refusal::NotNow));
        }
        let given = referral_feedback::Entity::find()
            .filter(referral_feedback::Column::ReferralId.eq(id))
            .filter(referral_feedback::Column::PartyKey.eq(party_key))
            .count(&txn)
            .await?;
        if given > 0 {
            return Err(StoreError::Duplicate("rating"));
        }
        let row = referral_feedback::ActiveModel {
            referral_id: Set(id),
            party_key: Set(party_key.to_owned()),
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
        Ok(Ok(row))
    }

    /// The feedback on some referrals.
    pub async fn feedback_on(&self, ids: &[i64]) -> Result<Vec<FeedbackRecord>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        Ok(referral_feedback::Entity::find()
            .filter(referral_feedback::Column::ReferralId.is_in(ids.iter().copied()))
            .order_by_asc(referral_feedback::Column::Id)
            .all(&self.db)
            .await?)
    }
}
