//! ⑤ The targets a receiving city introduces a referral to, and their answers: recorded by
//! the receiving city, by a target's one-time link (256 bits, stored as SHA-256, valid for
//! [`TARGET_LINK_VALID`], one answer) or by a target contact's account. Answers are versioned
//! like the referral, and written only while the referral still takes them.

use std::collections::HashMap;

use chrono::Utc;
use renkei_domain::referral::{Party, Refusal, State, TargetAnswer};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use super::{
    ReferralId, ReferralRecord, ReferralTargetRecord, TARGET_LINK_VALID, TargetLinkError,
    audit_referral, conflict_if_busy, duplicate_if_unique, event, find, readable, refusal_in,
};
use crate::audit::Actor;
use crate::entity::{referral, referral_target, sales_target};
use crate::sessions::{digest, random_token};
use crate::targets::{SalesTargetRecord, TargetId, target_in};
use crate::tx::Tx;
use crate::{Result, Store, StoreError};

/// A target's answer as written: its row, the referral (as read before the answer), the
/// target, and whether the target gave it itself (then the receiving city is told).
#[derive(Debug, Clone)]
pub struct Answered {
    pub row: ReferralTargetRecord,
    pub referral: ReferralRecord,
    pub target: String,
    pub by_target: bool,
}

impl Store {
    /// The targets a referral was introduced to, with their records, in the order added.
    pub async fn referral_targets(
        &self,
        id: ReferralId,
    ) -> Result<Vec<(ReferralTargetRecord, SalesTargetRecord)>> {
        let rows = referral_target::Entity::find()
            .filter(referral_target::Column::ReferralId.eq(id))
            .order_by_asc(referral_target::Column::Id)
            .all(&self.db)
            .await?;
        let rows: Vec<ReferralTargetRecord> = readable(rows);
        let ids: Vec<TargetId> = rows.iter().map(|r| r.target_id).collect();
        let targets = self.sales_targets_by_id(&ids).await?;
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                let t = targets.iter().find(|t| t.id == r.target_id)?.clone();
                Some((r, t))
            })
            .collect())
    }

    /// The referrals a target was introduced to (for its contact's page), newest first.
    pub async fn introductions_of(
        &self,
        targets: &[i64],
    ) -> Result<Vec<(ReferralTargetRecord, ReferralRecord)>> {
        if targets.is_empty() {
            return Ok(Vec::new());
        }
        let rows = referral_target::Entity::find()
            .filter(referral_target::Column::TargetId.is_in(targets.iter().copied()))
            .order_by_desc(referral_target::Column::Id)
            .all(&self.db)
            .await?;
        let rows: Vec<ReferralTargetRecord> = readable(rows);
        let referrals = referral::Entity::find()
            .filter(referral::Column::Id.is_in(rows.iter().map(|r| r.referral_id)))
            .all(&self.db)
            .await?;
        let referrals: HashMap<ReferralId, ReferralRecord> = readable(referrals)
            .into_iter()
            .map(|r: ReferralRecord| (r.id, r))
            .collect();
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                let referral = referrals.get(&r.referral_id)?.clone();
                Some((r, referral))
            })
            .collect())
    }

    /// How many targets agreed, for each of some referrals (those with none are absent).
    pub async fn agreed_targets(&self, ids: &[ReferralId]) -> Result<HashMap<ReferralId, usize>> {
        let rows: Vec<i64> = referral_target::Entity::find()
            .select_only()
            .column(referral_target::Column::ReferralId)
            .filter(referral_target::Column::ReferralId.is_in(ids.iter().copied()))
            .filter(referral_target::Column::Answer.eq(TargetAnswer::Agreed.code()))
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut counts = HashMap::new();
        for id in rows {
            *counts.entry(ReferralId(id)).or_default() += 1;
        }
        Ok(counts)
    }

    /// The receiving city adds one of its targets to an accepted referral.
    pub async fn add_referral_target(
        &self,
        id: ReferralId,
        target: &SalesTargetRecord,
        actor: &Actor,
    ) -> Result<std::result::Result<ReferralTargetRecord, Refusal>> {
        let txn = self.begin_audited(actor).await?;
        let added = add_target(&txn, id, target, actor).await?;
        if added.is_ok() {
            txn.commit().await?;
        }
        Ok(added)
    }

    /// [`Store::add_referral_target`] in the caller's transaction (an approved preparation
    /// adds the targets it proposed).
    pub async fn add_referral_target_in(
        &self,
        tx: &Tx,
        id: ReferralId,
        target: &SalesTargetRecord,
        actor: &Actor,
    ) -> Result<std::result::Result<ReferralTargetRecord, Refusal>> {
        add_target(tx.conn(), id, target, actor).await
    }

    /// The receiving city gives a target the information: marks it provided and issues a
    /// one-time link to the target's page (a newer link replaces the older), valid for
    /// [`TARGET_LINK_VALID`], in the caller's transaction. The link and the target are
    /// returned: the caller mails it to the target's contact, or shows it to be passed on.
    pub async fn provide_to_target(
        &self,
        tx: &Tx,
        id: ReferralId,
        referral_target_id: i64,
        actor: &Actor,
    ) -> Result<std::result::Result<(String, SalesTargetRecord), Refusal>> {
        let txn = tx.conn();
        let r = find(txn, id).await?;
        if r.state != State::Accepted {
            return Ok(Err(refusal_in(r.state)));
        }
        let rt = referral_target::Entity::find_by_id(referral_target_id)
            .filter(referral_target::Column::ReferralId.eq(id))
            .one(txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let target = target_in(txn, TargetId(rt.target_id)).await?;
        let token = random_token();
        let now = Utc::now();
        let mut m: referral_target::ActiveModel = rt.clone().into();
        if rt.provided_at.is_none() {
            m.provided_at = Set(Some(now));
        }
        m.link_hash = Set(Some(digest(&token)));
        m.link_expires_at = Set(Some(now + TARGET_LINK_VALID));
        m.version = Set(rt.version + 1);
        m.update(txn).await?;
        event(
            txn,
            id,
            Party::ReceivingCity,
            "target-provide",
            (Some(r.state), r.state),
            &target.name,
            actor,
        )
        .await?;
        Ok(Ok((token, target)))
    }

    /// Records a target's answer, if the row is still at the version the person saw and the
    /// referral still takes answers. `via`: `officer`, `link` or `account`.
    #[allow(clippy::too_many_arguments)]
    pub async fn answer_for_target(
        &self,
        tx: &Tx,
        id: ReferralId,
        referral_target_id: i64,
        seen_version: i64,
        answer: TargetAnswer,
        note: &str,
        via: &str,
        actor: &Actor,
    ) -> Result<std::result::Result<Answered, Refusal>> {
        let txn = tx.conn();
        let r = find(txn, id).await?;
        if r.state != State::Accepted {
            return Ok(Err(refusal_in(r.state)));
        }
        let answered = self
            .record_answer(
                txn,
                r,
                referral_target_id,
                seen_version,
                answer,
                note,
                via,
                actor,
            )
            .await?;
        Ok(Ok(answered))
    }

    #[allow(clippy::too_many_arguments)]
    async fn record_answer(
        &self,
        txn: &DatabaseTransaction,
        r: ReferralRecord,
        referral_target_id: i64,
        seen_version: i64,
        answer: TargetAnswer,
        note: &str,
        via: &str,
        actor: &Actor,
    ) -> Result<Answered> {
        let now = Utc::now();
        // The referral must still take answers when this one is written: touching its row
        // in this transaction makes a concurrent report-back or withdrawal wait, or be seen.
        let open = referral::Entity::update_many()
            .col_expr(referral::Column::UpdatedAt, Expr::value(now))
            .filter(referral::Column::Id.eq(r.id))
            .filter(referral::Column::State.eq(State::Accepted.code()))
            .exec(txn)
            .await
            .map_err(conflict_if_busy)?
            .rows_affected;
        if open != 1 {
            return Err(StoreError::Conflict);
        }
        let changed = referral_target::Entity::update_many()
            .col_expr(referral_target::Column::Answer, Expr::value(answer.code()))
            .col_expr(referral_target::Column::AnsweredAt, Expr::value(Some(now)))
            .col_expr(referral_target::Column::AnswerNote, Expr::value(note))
            .col_expr(referral_target::Column::AnsweredVia, Expr::value(via))
            .col_expr(
                referral_target::Column::Version,
                Expr::value(seen_version + 1),
            )
            .col_expr(
                referral_target::Column::LinkHash,
                Expr::value(Option::<String>::None),
            )
            .filter(referral_target::Column::Id.eq(referral_target_id))
            .filter(referral_target::Column::ReferralId.eq(r.id))
            .filter(referral_target::Column::Version.eq(seen_version))
            .exec(txn)
            .await
            .map_err(conflict_if_busy)?
            .rows_affected;
        if changed != 1 {
            return Err(StoreError::Conflict);
        }
        let rt = referral_target::Entity::find_by_id(referral_target_id)
            .one(txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let rt = ReferralTargetRecord::try_from(rt).map_err(|e| {
            e.warn();
            StoreError::NotFound
        })?;
        let target = sales_target::Entity::find_by_id(rt.target_id.0)
            .one(txn)
            .await?
            .map(|t| t.name)
            .unwrap_or_default();
        let party = if via == "officer" {
            Party::ReceivingCity
        } else {
            Party::Target
        };
        event(
            txn,
            r.id,
            party,
            &format!("target-{}", answer.code()),
            (Some(r.state), r.state),
            &target,
            actor,
        )
        .await?;
        audit_referral(
            txn,
            actor,
            "referral.target-answer",
            &r.receiving_city,
            None,
            &r,
        )
        .await?;
        Ok(Answered {
            row: rt,
            referral: r,
            target,
            by_target: party == Party::Target,
        })
    }

    /// What a target's one-time link opens, without using it.
    pub async fn target_link(
        &self,
        token: &str,
    ) -> Result<
        std::result::Result<
            (ReferralTargetRecord, ReferralRecord, SalesTargetRecord),
            TargetLinkError,
        >,
    > {
        let Some(rt) = referral_target::Entity::find()
            .filter(referral_target::Column::LinkHash.eq(digest(token)))
            .one(&self.db)
            .await?
        else {
            return Ok(Err(TargetLinkError::Unknown));
        };
        if rt.link_expires_at.is_none_or(|t| t <= Utc::now()) {
            return Ok(Err(TargetLinkError::Expired));
        }
        // A row this version cannot read is a link it does not know.
        let Ok(rt) = ReferralTargetRecord::try_from(rt).inspect_err(|e| e.warn()) else {
            return Ok(Err(TargetLinkError::Unknown));
        };
        if rt.answer != TargetAnswer::Pending {
            return Ok(Err(TargetLinkError::Answered));
        }
        let r = find(&self.db, rt.referral_id).await?;
        if r.state != State::Accepted {
            return Ok(Err(TargetLinkError::Closed));
        }
        let target = target_in(&self.db, rt.target_id).await?;
        Ok(Ok((rt, r, target)))
    }

    /// A target answers through its one-time link: once (two clicks cannot both answer).
    /// In the caller's transaction: on an error, the caller does not commit.
    pub async fn answer_by_link(
        &self,
        tx: &Tx,
        token: &str,
        answer: TargetAnswer,
        note: &str,
        actor: &Actor,
    ) -> Result<std::result::Result<Answered, TargetLinkError>> {
        let (rt, r, target) = match self.target_link(token).await? {
            Ok(found) => found,
            Err(e) => return Ok(Err(e)),
        };
        let actor = Actor {
            label: format!("{} ({})", target.name, actor.label),
            ..actor.clone()
        };
        let id = r.id;
        match self
            .record_answer(
                tx.conn(),
                r,
                rt.id,
                rt.version,
                answer,
                note,
                "link",
                &actor,
            )
            .await
        {
            Ok(answered) => Ok(Ok(answered)),
            Err(StoreError::Conflict) => {
                // Answered meanwhile, or the referral stopped taking answers.
                let now = find(&self.db, id).await?;
                Ok(Err(if now.state == State::Accepted {
                    TargetLinkError::Answered
                } else {
                    TargetLinkError::Closed
                }))
            }
            Err(e) => Err(e),
        }
    }
}

/// Adds a target to an accepted referral with its history and audit lines.
async fn add_target(
    txn: &impl ConnectionTrait,
    id: ReferralId,
    target: &SalesTargetRecord,
    actor: &Actor,
) -> Result<std::result::Result<ReferralTargetRecord, Refusal>> {
    let r = find(txn, id).await?;
    if r.state != State::Accepted {
        return Ok(Err(refusal_in(r.state)));
    }
    if target.city_code != r.receiving_city {
        return Err(StoreError::NotFound);
    }
    let exists = referral_target::Entity::find()
        .filter(referral_target::Column::ReferralId.eq(id))
        .filter(referral_target::Column::TargetId.eq(target.id))
        .count(txn)
        .await?;
    if exists > 0 {
        return Err(StoreError::Duplicate("target"));
    }
    let row = referral_target::ActiveModel {
        referral_id: Set(id.0),
        target_id: Set(target.id.0),
        provided_at: Set(None),
        answer: Set(TargetAnswer::Pending.code().to_owned()),
        answered_at: Set(None),
        answer_note: Set(String::new()),
        answered_via: Set(String::new()),
        link_hash: Set(None),
        link_expires_at: Set(None),
        version: Set(1),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(txn)
    .await
    .map_err(|e| duplicate_if_unique(e, "target"))?;
    let row = ReferralTargetRecord::try_from(row).map_err(|e| {
        e.warn();
        StoreError::NotFound
    })?;
    event(
        txn,
        id,
        Party::ReceivingCity,
        "target-add",
        (Some(r.state), r.state),
        &target.name,
        actor,
    )
    .await?;
    audit_referral(
        txn,
        actor,
        "referral.target-add",
        &r.receiving_city,
        None,
        &r,
    )
    .await?;
    Ok(Ok(row))
}
