//! ① selection and the moves of the nine steps, as the store keeps them: each a conditional
//! update of the referral's row (`WHERE id AND version AND state`) with its history line and
//! audit line, in the caller's transaction, so that of people moving at once exactly one
//! wins on any number of app nodes. PostgreSQL makes the others wait and find no row;
//! SQLite refuses a stale snapshot's write (`SQLITE_BUSY`), answered as the same conflict.
//! The side effects a move has on other records are here too (the receiving city's grant of
//! the dossier, given when it is sent and revoked when the referral is withdrawn; the
//! targets' links, closed when answers end); which move has which is the application
//! layer's (`renkei_app::referrals`), as is who is told.

use chrono::Utc;
use renkei_domain::city::CityCode;
use renkei_domain::organization::Help;
use renkei_domain::referral::{Move, Party, State};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

use super::{
    Consent, ProductId, ReferralId, ReferralRecord, audit_referral, conflict_if_busy,
    duplicate_if_unique, find, grant_purpose, helped_event, read,
};
use crate::audit::{self, Actor, Change};
use crate::entity::{grant, product, referral, referral_target};
use crate::tx::Tx;
use crate::{Result, Store, StoreError};

impl Store {
    /// A referral read in a transaction (what a move starts from).
    pub async fn referral_in(&self, tx: &Tx, id: ReferralId) -> Result<ReferralRecord> {
        find(tx.conn(), id).await
    }

    /// ① The sending city selects a product for another city (the product's eligibility is
    /// checked by the caller, as is who helped). One open referral per product and
    /// receiving city: a second is [`StoreError::Duplicate`]`("receiving")`.
    pub async fn insert_referral(
        &self,
        tx: &Tx,
        product_id: ProductId,
        receiving: &CityCode,
        reason: &str,
        help: Help,
        actor: &Actor,
    ) -> Result<ReferralRecord> {
        let txn = tx.conn();
        let p = product::Entity::find_by_id(product_id.0)
            .one(txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let open = referral::Entity::find()
            .filter(referral::Column::ProductId.eq(product_id.0))
            .filter(referral::Column::ReceivingCity.eq(receiving.to_string()))
            .filter(
                referral::Column::State
                    .is_not_in([State::Declined, State::Closed, State::Withdrawn].map(State::code)),
            )
            .count(txn)
            .await?;
        if open > 0 {
            return Err(StoreError::Duplicate("receiving"));
        }
        let now = Utc::now();
        let record = referral::ActiveModel {
            product_id: Set(p.id),
            company_id: Set(p.company_id),
            sending_city: Set(p.home_city.clone()),
            receiving_city: Set(receiving.to_string()),
            state: Set(State::Selected.code().to_owned()),
            version: Set(1),
            state_since: Set(now),
            wanted_kinds: Set(String::new()),
            reason: Set(reason.to_owned()),
            consent_user_id: Set(None),
            consent_by_label: Set(None),
            consent_at: Set(None),
            consent_items: Set(None),
            consent_purpose: Set(None),
            consent_wording: Set(None),
            consent_wording_version: Set(None),
            sent_at: Set(None),
            decline_reason: Set(None),
            outcome: Set(None),
            outcome_note: Set(String::new()),
            created_by_label: Set(actor.label.clone()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await
        .map_err(|e| match duplicate_if_unique(e, "receiving") {
            StoreError::Db(e) => conflict_if_busy(e),
            other => other,
        })?;
        let record = read(Some(record))?;
        helped_event(
            txn,
            record.id,
            Party::SendingCity,
            "select",
            (None, State::Selected),
            reason,
            help,
            actor,
        )
        .await?;
        audit_referral(
            txn,
            actor,
            "referral.select",
            &record.sending_city,
            None,
            &record,
        )
        .await?;
        Ok(record)
    }

    /// Writes a move the rules allowed: the referral goes from `before`'s state (at the
    /// version the person saw) to `to`, with what the move carries (the consent, a decline's
    /// reason, an outcome), its history line (with who helped, checked by the caller) and
    /// its audit line. If someone else moved it first, nothing is written and the answer is
    /// [`StoreError::Conflict`].
    #[allow(clippy::too_many_arguments)]
    pub async fn write_referral_move(
        &self,
        tx: &Tx,
        before: &ReferralRecord,
        to: State,
        party: Party,
        m: &Move,
        note: &str,
        consent: Option<&Consent>,
        help: Help,
        actor: &Actor,
    ) -> Result<ReferralRecord> {
        let txn = tx.conn();
        let (id, seen_version) = (before.id, before.version);
        let from = before.state;
        let now = Utc::now();
        let mut update = referral::Entity::update_many()
            .col_expr(referral::Column::State, Expr::value(to.code()))
            .col_expr(referral::Column::Version, Expr::value(seen_version + 1))
            .col_expr(referral::Column::StateSince, Expr::value(now))
            .col_expr(referral::Column::UpdatedAt, Expr::value(now));
        match (m, consent) {
            (Move::Consent, Some(c)) => {
                let kinds: Vec<&str> = c.kinds.iter().map(|k| k.code()).collect();
                update = update
                    .col_expr(referral::Column::WantedKinds, Expr::value(kinds.join(",")))
                    .col_expr(referral::Column::ConsentUserId, Expr::value(actor.id))
                    .col_expr(
                        referral::Column::ConsentByLabel,
                        Expr::value(Some(actor.label.clone())),
                    )
                    .col_expr(referral::Column::ConsentAt, Expr::value(Some(now)))
                    .col_expr(
                        referral::Column::ConsentItems,
                        Expr::value(Some(c.items.clone())),
                    )
                    .col_expr(
                        referral::Column::ConsentPurpose,
                        Expr::value(Some(c.purpose.clone())),
                    )
                    .col_expr(
                        referral::Column::ConsentWording,
                        Expr::value(Some(c.wording.clone())),
                    )
                    .col_expr(
                        referral::Column::ConsentWordingVersion,
                        Expr::value(Some(c.wording_version.clone())),
                    );
            }
            (Move::Send, _) => {
                update = update.col_expr(referral::Column::SentAt, Expr::value(Some(now)));
            }
            (Move::Decline(reason), _) => {
                update = update.col_expr(
                    referral::Column::DeclineReason,
                    Expr::value(Some(reason.code())),
                );
            }
            (Move::ReportOutcome(outcome), _) => {
                update = update
                    .col_expr(referral::Column::Outcome, Expr::value(Some(outcome.code())))
                    .col_expr(referral::Column::OutcomeNote, Expr::value(note));
            }
            _ => {}
        }
        let moved = update
            .filter(referral::Column::Id.eq(id))
            .filter(referral::Column::Version.eq(seen_version))
            .filter(referral::Column::State.eq(from.code()))
            .exec(txn)
            .await
            .map_err(conflict_if_busy)?
            .rows_affected;
        if moved != 1 {
            return Err(StoreError::Conflict);
        }
        let states = (Some(from), to);
        helped_event(txn, id, party, m.code(), states, note, help, actor).await?;
        let after = find(txn, id).await?;
        let acting_city = if party == Party::ReceivingCity {
            &after.receiving_city
        } else {
            &after.sending_city
        };
        let action = match m {
            Move::Consent => "referral.consent",
            Move::Send => "referral.send",
            Move::Accept => "referral.accept",
            Move::Decline(_) => "referral.decline",
            Move::FeedBack => "referral.feed-back",
            Move::Forward => "referral.forward",
            Move::ReportOutcome(_) => "referral.report-outcome",
            Move::Close => "referral.close",
            Move::Withdraw => "referral.withdraw",
        };
        audit_referral(txn, actor, action, acting_city, Some(before), &after).await?;
        Ok(after)
    }

    /// ③ The receiving city is granted the referral (its dossier) when it is sent.
    pub async fn grant_dossier(&self, tx: &Tx, r: &ReferralRecord, actor: &Actor) -> Result<()> {
        let txn = tx.conn();
        let g = grant::ActiveModel {
            object_type: Set("referral".to_owned()),
            object_id: Set(r.id.to_string()),
            owner_city: Set(r.sending_city.to_string()),
            grantee_city: Set(r.receiving_city.to_string()),
            permission: Set("read".to_owned()),
            purpose: Set(format!(
                "{} {}",
                grant_purpose(r.id),
                r.consent_purpose.clone().unwrap_or_default()
            )),
            granted_by: Set(actor.id),
            granted_by_label: Set(actor.label.clone()),
            created_at: Set(Utc::now()),
            valid_until: Set(None),
            revoked_at: Set(None),
            revoked_by_label: Set(None),
            revoke_reason: Set(None),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        let change = Change {
            action: "grant.create",
            city: Some(&r.sending_city),
            object_type: "grant",
            object_id: g.id.to_string(),
            before: None,
            after: Some(&g),
        };
        audit::record(txn, actor, change).await
    }

    /// Revokes the receiving city's grant: the company withdrew, and with it its consent.
    pub async fn revoke_dossier(&self, tx: &Tx, r: &ReferralRecord, actor: &Actor) -> Result<()> {
        let txn = tx.conn();
        let grants = grant::Entity::find()
            .filter(grant::Column::ObjectType.eq("referral"))
            .filter(grant::Column::ObjectId.eq(r.id.to_string()))
            .filter(grant::Column::Purpose.starts_with(grant_purpose(r.id)))
            .filter(grant::Column::RevokedAt.is_null())
            .all(txn)
            .await?;
        for g in grants {
            let mut m: grant::ActiveModel = g.clone().into();
            m.revoked_at = Set(Some(Utc::now()));
            m.revoked_by_label = Set(Some(actor.label.clone()));
            m.revoke_reason = Set(Some("紹介の取り下げ（情報提供への同意の撤回）".to_owned()));
            let after = m.update(txn).await?;
            let change = Change {
                action: "grant.revoke",
                city: Some(&r.sending_city),
                object_type: "grant",
                object_id: g.id.to_string(),
                before: Some(&g),
                after: Some(&after),
            };
            audit::record(txn, actor, change).await?;
        }
        Ok(())
    }

    /// Ends the targets' links of a referral that no longer takes answers.
    pub async fn close_target_links(&self, tx: &Tx, id: ReferralId) -> Result<()> {
        referral_target::Entity::update_many()
            .col_expr(
                referral_target::Column::LinkHash,
                Expr::value(Option::<String>::None),
            )
            .filter(referral_target::Column::ReferralId.eq(id.0))
            .exec(tx.conn())
            .await?;
        Ok(())
    }
}
