//! Inter-city referrals (第3章): their states, moved by one conditional update each so that
//! of two people acting at once exactly one wins, on any number of app nodes; the history
//! of every move; the receiving city's grant of the dossier, given when it is sent and
//! revoked when the referral is withdrawn; the targets introduced and their answers (by the
//! receiving city, by a target's one-time link or its account); the company's sales
//! activity; feedback; each city's expected times, overdue steps and their reminders; and
//! the in-app notifications and e-mails of each hand-over. The rules are
//! `renkei_domain::referral`'s; this module keeps them atomic.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use renkei_domain::access::ListScope;
use renkei_domain::city::CityCode;
use renkei_domain::referral::{
    self as rules, ActivityKind, Move, Party, Refusal, State, TargetAnswer, waiting_on,
};
use renkei_domain::target::TargetKind;
use sea_orm::sea_query::{Expr, OnConflict, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};

use crate::audit::{self, Actor, Change};
use crate::entity::{
    grant, notification, product, referral, referral_activity, referral_deadline, referral_event,
    referral_feedback, referral_reminder, referral_target, sales_target, user, user_role,
};
use crate::mail::{self, OutgoingMail};
use crate::sessions::{digest, random_token};
use crate::targets::SalesTargetRecord;
use crate::users::UserRecord;
use crate::{Page, PageRequest, Result, Store, StoreError};

pub use notification::Model as NotificationRecord;
pub use referral::Model as ReferralRecord;
pub use referral_activity::Model as ActivityRecord;
pub use referral_event::Model as ReferralEventRecord;
pub use referral_feedback::Model as FeedbackRecord;
pub use referral_target::Model as ReferralTargetRecord;

/// The company's consent, as it is kept: what, for which purpose, in which wording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consent {
    pub kinds: Vec<TargetKind>,
    pub items: String,
    pub purpose: String,
    pub wording: String,
    pub wording_version: String,
}

/// A notification to one person: the words in both languages and the page it points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub ja: String,
    pub en: String,
    /// A path of the site, e.g. `/referrals/12`.
    pub link: String,
}

/// Makes the e-mail of a notice for a person (the web layer knows the site's address).
pub type Compose<'a> = &'a (dyn Fn(&UserRecord, &Notice) -> OutgoingMail + Sync);

/// What a list of referrals holds, within the caller's scope.
#[derive(Debug, Clone, Default)]
pub struct ReferralQuery {
    pub state: Option<State>,
    /// Either end of the referral.
    pub city: Option<CityCode>,
    pub product: Option<i64>,
}

/// A referral whose waiting step has taken longer than its city expects.
#[derive(Debug, Clone)]
pub struct Overdue {
    pub referral: ReferralRecord,
    pub waiting_on: Party,
    pub due: DateTime<Utc>,
}

/// Why a target's one-time link cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetLinkError {
    Unknown,
    Expired,
    /// The target has answered (the link is used).
    Answered,
    /// The referral has moved past the targets' answers, or ended.
    Closed,
}

/// How long a target's link works.
pub const TARGET_LINK_VALID: Duration = Duration::days(30);

fn state_of(r: &ReferralRecord) -> State {
    // Only this module writes the column, always from `State::code`.
    State::from_code(&r.state).unwrap_or(State::Withdrawn)
}

/// The purpose of the dossier's grant, which also finds it again to revoke it.
fn grant_purpose(id: i64) -> String {
    format!("販路開拓連携 紹介#{id}:")
}

async fn find(db: &impl ConnectionTrait, id: i64) -> Result<ReferralRecord> {
    referral::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)
}

/// The people a party's notices go to: the staff who may act for a city, a company's users.
async fn people_of(
    db: &impl ConnectionTrait,
    party: Party,
    r: &ReferralRecord,
) -> Result<Vec<UserRecord>> {
    let roles = user_role::Entity::find();
    let roles = match party {
        Party::SendingCity | Party::ReceivingCity => {
            let city = if party == Party::SendingCity {
                &r.sending_city
            } else {
                &r.receiving_city
            };
            roles
                .filter(user_role::Column::Role.eq("city-staff"))
                .filter(user_role::Column::CityCode.eq(city.as_str()))
                .filter(user_role::Column::ReadOnly.eq(false))
        }
        Party::Company => roles
            .filter(user_role::Column::Role.eq("company-user"))
            .filter(user_role::Column::ScopeId.eq(r.company_id)),
        Party::Target => return Ok(Vec::new()),
    };
    let ids: Vec<i64> = roles
        .select_only()
        .column(user_role::Column::UserId)
        .into_tuple()
        .all(db)
        .await?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .filter(user::Column::Active.eq(true))
        .order_by_asc(user::Column::Id)
        .all(db)
        .await?)
}

/// Tells people something, in the app and by e-mail, in the caller's transaction.
async fn notify(
    db: &impl ConnectionTrait,
    people: &[UserRecord],
    referral_id: i64,
    notice: &Notice,
    compose: Compose<'_>,
) -> Result<()> {
    for person in people {
        notification::ActiveModel {
            user_id: Set(person.id),
            referral_id: Set(Some(referral_id)),
            message_ja: Set(notice.ja.clone()),
            message_en: Set(notice.en.clone()),
            link: Set(notice.link.clone()),
            created_at: Set(Utc::now()),
            read_at: Set(None),
            ..Default::default()
        }
        .insert(db)
        .await?;
        mail::enqueue(db, &compose(person, notice)).await?;
    }
    Ok(())
}

async fn event(
    db: &impl ConnectionTrait,
    id: i64,
    party: Party,
    move_code: &str,
    (from, to): (&str, &str),
    note: &str,
    actor: &Actor,
) -> Result<()> {
    referral_event::ActiveModel {
        referral_id: Set(id),
        at: Set(Utc::now()),
        party: Set(party.code().to_owned()),
        move_code: Set(move_code.to_owned()),
        from_state: Set(from.to_owned()),
        to_state: Set(to.to_owned()),
        note: Set(note.to_owned()),
        actor_id: Set(actor.id),
        actor_label: Set(actor.label.clone()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

async fn audit_referral(
    db: &impl ConnectionTrait,
    actor: &Actor,
    action: &'static str,
    city: &str,
    before: Option<&ReferralRecord>,
    after: &ReferralRecord,
) -> Result<()> {
    let city = CityCode::parse(city).ok();
    let change = Change {
        action,
        city: city.as_ref(),
        object_type: "referral",
        object_id: after.id.to_string(),
        before,
        after: Some(after),
    };
    audit::record(db, actor, change).await
}

impl Store {
    /// The words of a notice about a referral.
    async fn notice_of(
        &self,
        db: &impl ConnectionTrait,
        r: &ReferralRecord,
        what: (&str, &str),
    ) -> Result<Notice> {
        let product = product::Entity::find_by_id(r.product_id)
            .one(db)
            .await?
            .map(|p| p.name)
            .unwrap_or_default();
        let (from, to) = (
            self.city_name(&r.sending_city),
            self.city_name(&r.receiving_city),
        );
        let state = state_of(r);
        let (next_ja, next_en) = match waiting_on(state) {
            Some(p) => (
                format!("次は{}の手続きです。", p.name().ja),
                format!("Next: the {}.", p.name().en.to_lowercase()),
            ),
            None => (
                "この紹介は終了しました。".to_owned(),
                "The referral has ended.".to_owned(),
            ),
        };
        Ok(Notice {
            ja: format!(
                "紹介#{}「{product}」（{from}→{to}）: {}。{next_ja}",
                r.id, what.0
            ),
            en: format!(
                "Referral #{} \"{product}\" ({from} → {to}): {}. {next_en}",
                r.id, what.1
            ),
            link: format!("/referrals/{}", r.id),
        })
    }

    /// ① The sending city selects a product for another city (the product's eligibility is
    /// checked by the caller with `referral::SelectionDraft`). One open referral per product
    /// and receiving city: a second is [`StoreError::Duplicate`]`("receiving")`.
    pub async fn select_for_referral(
        &self,
        product_id: i64,
        receiving: &CityCode,
        reason: &str,
        actor: &Actor,
        compose: Compose<'_>,
    ) -> Result<ReferralRecord> {
        let txn = self.db.begin().await?;
        let p = product::Entity::find_by_id(product_id)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let open = referral::Entity::find()
            .filter(referral::Column::ProductId.eq(product_id))
            .filter(referral::Column::ReceivingCity.eq(receiving.to_string()))
            .filter(
                referral::Column::State
                    .is_not_in([State::Declined, State::Closed, State::Withdrawn].map(State::code)),
            )
            .count(&txn)
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
        .insert(&txn)
        .await
        .map_err(|e| match duplicate_if_unique(e, "receiving") {
            StoreError::Db(e) => conflict_if_busy(e),
            other => other,
        })?;
        let selected = State::Selected.code();
        event(
            &txn,
            record.id,
            Party::SendingCity,
            "select",
            ("", selected),
            reason,
            actor,
        )
        .await?;
        audit_referral(
            &txn,
            actor,
            "referral.select",
            &record.sending_city,
            None,
            &record,
        )
        .await?;
        let notice = self
            .notice_of(
                &txn,
                &record,
                (
                    "紹介の候補に選ばれました。希望する販路と情報提供への同意を確認してください",
                    "selected for a referral; confirm the channels you want and your consent",
                ),
            )
            .await?;
        let people = people_of(&txn, Party::Company, &record).await?;
        notify(&txn, &people, record.id, &notice, compose).await?;
        txn.commit().await?;
        Ok(record)
    }

    pub async fn referral(&self, id: i64) -> Result<Option<ReferralRecord>> {
        Ok(referral::Entity::find_by_id(id).one(&self.db).await?)
    }

    /// Moves a referral from the version the person saw. A move the rules refuse changes
    /// nothing and answers why (`Ok(Err(refusal))`); if someone else moved it first, nothing
    /// changes and the answer is [`StoreError::Conflict`]. A consent move needs `consent`.
    #[allow(clippy::too_many_arguments)]
    pub async fn move_referral(
        &self,
        id: i64,
        seen_version: i64,
        party: Party,
        m: &Move,
        note: &str,
        consent: Option<&Consent>,
        actor: &Actor,
        compose: Compose<'_>,
    ) -> Result<std::result::Result<ReferralRecord, Refusal>> {
        let txn = self.db.begin().await?;
        let before = find(&txn, id).await?;
        let from = state_of(&before);
        let to = match rules::apply(from, party, m) {
            Ok(to) => to,
            Err(refusal) => return Ok(Err(refusal)),
        };
        if *m == Move::Consent && consent.is_none() {
            return Ok(Err(Refusal::ConsentMissing));
        }
        if before.version != seen_version {
            return Err(StoreError::Conflict);
        }
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
            .exec(&txn)
            .await
            .map_err(conflict_if_busy)?
            .rows_affected;
        if moved != 1 {
            return Err(StoreError::Conflict);
        }
        event(
            &txn,
            id,
            party,
            m.code(),
            (from.code(), to.code()),
            note,
            actor,
        )
        .await?;
        let after = find(&txn, id).await?;
        match m {
            Move::Send => self.grant_dossier(&txn, &after, actor).await?,
            Move::Withdraw => {
                revoke_dossier(&txn, &after, actor).await?;
                close_target_links(&txn, id).await?;
            }
            Move::Close | Move::Decline(_) | Move::FeedBack => {
                close_target_links(&txn, id).await?;
            }
            _ => {}
        }
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
        audit_referral(&txn, actor, action, acting_city, Some(&before), &after).await?;
        let name = m.name();
        let notice = self.notice_of(&txn, &after, (name.ja, name.en)).await?;
        let sent = after.sent_at.is_some();
        for other in [Party::SendingCity, Party::ReceivingCity, Party::Company] {
            if other == party || (other == Party::ReceivingCity && !sent) {
                continue;
            }
            let people = people_of(&txn, other, &after).await?;
            notify(&txn, &people, id, &notice, compose).await?;
        }
        txn.commit().await?;
        Ok(Ok(after))
    }

    /// ③ The receiving city is granted the referral (its dossier) when it is sent.
    async fn grant_dossier(
        &self,
        txn: &DatabaseTransaction,
        r: &ReferralRecord,
        actor: &Actor,
    ) -> Result<()> {
        let g = grant::ActiveModel {
            object_type: Set("referral".to_owned()),
            object_id: Set(r.id.to_string()),
            owner_city: Set(r.sending_city.clone()),
            grantee_city: Set(r.receiving_city.clone()),
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
        let owner = CityCode::parse(&r.sending_city).ok();
        let change = Change {
            action: "grant.create",
            city: owner.as_ref(),
            object_type: "grant",
            object_id: g.id.to_string(),
            before: None,
            after: Some(&g),
        };
        audit::record(txn, actor, change).await
    }

    /// The cities a referral's dossier is granted to now (its receiving city, from the moment
    /// it was sent until it is withdrawn).
    pub async fn referral_shared_with(&self, r: &ReferralRecord) -> Result<Vec<CityCode>> {
        self.shared_with("referral", &r.id.to_string()).await
    }

    /// One page of the referrals a scope holds: a city's sent and received ones (received
    /// ones once sent, and not once withdrawn), a company's own; newest first.
    pub async fn referrals(
        &self,
        scope: &ListScope,
        q: &ReferralQuery,
        page: PageRequest,
    ) -> Result<Page<ReferralRecord>> {
        let mut query = referral::Entity::find();
        if !scope.all {
            let cities: Vec<String> = scope.cities.iter().map(ToString::to_string).collect();
            query = query.filter(
                Condition::any()
                    .add(referral::Column::SendingCity.is_in(cities.clone()))
                    .add(
                        Condition::all()
                            .add(referral::Column::ReceivingCity.is_in(cities))
                            .add(referral::Column::SentAt.is_not_null())
                            .add(referral::Column::State.ne(State::Withdrawn.code())),
                    )
                    .add(referral::Column::CompanyId.is_in(scope.companies.clone())),
            );
        }
        if let Some(state) = q.state {
            query = query.filter(referral::Column::State.eq(state.code()));
        }
        if let Some(city) = &q.city {
            let city = city.to_string();
            query = query.filter(
                Condition::any()
                    .add(referral::Column::SendingCity.eq(city.clone()))
                    .add(referral::Column::ReceivingCity.eq(city)),
            );
        }
        if let Some(p) = q.product {
            query = query.filter(referral::Column::ProductId.eq(p));
        }
        let total = query.clone().count(&self.db).await?;
        let items = query
            .order_by_desc(referral::Column::UpdatedAt)
            .order_by_desc(referral::Column::Id)
            .offset((page.page - 1) * page.per_page)
            .limit(page.per_page)
            .all(&self.db)
            .await?;
        Ok(Page {
            items,
            total,
            page: page.page,
            per_page: page.per_page,
        })
    }

    /// A referral's history, oldest first.
    pub async fn referral_events(&self, id: i64) -> Result<Vec<ReferralEventRecord>> {
        Ok(referral_event::Entity::find()
            .filter(referral_event::Column::ReferralId.eq(id))
            .order_by_asc(referral_event::Column::Id)
            .all(&self.db)
            .await?)
    }

    // -----------------------------------------------------------------------------------
    // ⑤ Targets

    /// The targets a referral was introduced to, with their records, in the order added.
    pub async fn referral_targets(
        &self,
        id: i64,
    ) -> Result<Vec<(ReferralTargetRecord, SalesTargetRecord)>> {
        let rows = referral_target::Entity::find()
            .filter(referral_target::Column::ReferralId.eq(id))
            .order_by_asc(referral_target::Column::Id)
            .all(&self.db)
            .await?;
        let ids: Vec<i64> = rows.iter().map(|r| r.target_id).collect();
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
        let referrals: HashMap<i64, ReferralRecord> = referral::Entity::find()
            .filter(referral::Column::Id.is_in(rows.iter().map(|r| r.referral_id)))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|r| (r.id, r))
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
    pub async fn agreed_targets(&self, ids: &[i64]) -> Result<HashMap<i64, usize>> {
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
            *counts.entry(id).or_default() += 1;
        }
        Ok(counts)
    }

    /// The receiving city adds one of its targets to an accepted referral.
    pub async fn add_referral_target(
        &self,
        id: i64,
        target: &SalesTargetRecord,
        actor: &Actor,
    ) -> Result<std::result::Result<ReferralTargetRecord, Refusal>> {
        let txn = self.db.begin().await?;
        let r = find(&txn, id).await?;
        if state_of(&r) != State::Accepted {
            return Ok(Err(refusal_in(state_of(&r))));
        }
        if target.city_code != r.receiving_city {
            return Err(StoreError::NotFound);
        }
        let exists = referral_target::Entity::find()
            .filter(referral_target::Column::ReferralId.eq(id))
            .filter(referral_target::Column::TargetId.eq(target.id))
            .count(&txn)
            .await?;
        if exists > 0 {
            return Err(StoreError::Duplicate("target"));
        }
        let row = referral_target::ActiveModel {
            referral_id: Set(id),
            target_id: Set(target.id),
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
        .insert(&txn)
        .await
        .map_err(|e| duplicate_if_unique(e, "target"))?;
        event(
            &txn,
            id,
            Party::ReceivingCity,
            "target-add",
            (r.state.as_str(), r.state.as_str()),
            &target.name,
            actor,
        )
        .await?;
        audit_referral(
            &txn,
            actor,
            "referral.target-add",
            &r.receiving_city,
            None,
            &r,
        )
        .await?;
        txn.commit().await?;
        Ok(Ok(row))
    }

    /// The receiving city gives a target the information: marks it provided and issues a
    /// one-time link to the target's page (a newer link replaces the older), valid for
    /// [`TARGET_LINK_VALID`]. `compose` makes the e-mail to the target's contact, if it has
    /// an address; either way the link is returned, to be passed on by other means.
    pub async fn provide_to_target(
        &self,
        id: i64,
        referral_target_id: i64,
        actor: &Actor,
        compose: impl FnOnce(&SalesTargetRecord, &str) -> Option<OutgoingMail>,
    ) -> Result<std::result::Result<String, Refusal>> {
        let txn = self.db.begin().await?;
        let r = find(&txn, id).await?;
        if state_of(&r) != State::Accepted {
            return Ok(Err(refusal_in(state_of(&r))));
        }
        let rt = referral_target::Entity::find_by_id(referral_target_id)
            .filter(referral_target::Column::ReferralId.eq(id))
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let target = sales_target::Entity::find_by_id(rt.target_id)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let token = random_token();
        let now = Utc::now();
        let mut m: referral_target::ActiveModel = rt.clone().into();
        if rt.provided_at.is_none() {
            m.provided_at = Set(Some(now));
        }
        m.link_hash = Set(Some(digest(&token)));
        m.link_expires_at = Set(Some(now + TARGET_LINK_VALID));
        m.version = Set(rt.version + 1);
        m.update(&txn).await?;
        event(
            &txn,
            id,
            Party::ReceivingCity,
            "target-provide",
            (r.state.as_str(), r.state.as_str()),
            &target.name,
            actor,
        )
        .await?;
        if let Some(mail) = compose(&target, &token) {
            mail::enqueue(&txn, &mail).await?;
        }
        txn.commit().await?;
        Ok(Ok(token))
    }

    /// Records a target's answer, if the row is still at the version the person saw and the
    /// referral still takes answers. `via`: `officer`, `link` or `account`.
    #[allow(clippy::too_many_arguments)]
    pub async fn answer_for_target(
        &self,
        id: i64,
        referral_target_id: i64,
        seen_version: i64,
        answer: TargetAnswer,
        note: &str,
        via: &str,
        actor: &Actor,
        compose: Compose<'_>,
    ) -> Result<std::result::Result<ReferralTargetRecord, Refusal>> {
        let txn = self.db.begin().await?;
        let r = find(&txn, id).await?;
        if state_of(&r) != State::Accepted {
            return Ok(Err(refusal_in(state_of(&r))));
        }
        let rt = self
            .record_answer(
                &txn,
                &r,
                referral_target_id,
                seen_version,
                answer,
                note,
                via,
                actor,
                compose,
            )
            .await?;
        txn.commit().await?;
        Ok(Ok(rt))
    }

    #[allow(clippy::too_many_arguments)]
    async fn record_answer(
        &self,
        txn: &DatabaseTransaction,
        r: &ReferralRecord,
        referral_target_id: i64,
        seen_version: i64,
        answer: TargetAnswer,
        note: &str,
        via: &str,
        actor: &Actor,
        compose: Compose<'_>,
    ) -> Result<ReferralTargetRecord> {
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
        let target = sales_target::Entity::find_by_id(rt.target_id)
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
            (r.state.as_str(), r.state.as_str()),
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
            r,
        )
        .await?;
        if party == Party::Target {
            let name = answer.name();
            let notice = self
                .notice_of(
                    txn,
                    r,
                    (
                        &format!("{target}が回答しました（{}）", name.ja),
                        &format!("{target} answered ({})", name.en),
                    ),
                )
                .await?;
            let people = people_of(txn, Party::ReceivingCity, r).await?;
            notify(txn, &people, r.id, &notice, compose).await?;
        }
        Ok(rt)
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
        if rt.answer != TargetAnswer::Pending.code() {
            return Ok(Err(TargetLinkError::Answered));
        }
        let r = find(&self.db, rt.referral_id).await?;
        if state_of(&r) != State::Accepted {
            return Ok(Err(TargetLinkError::Closed));
        }
        let target = sales_target::Entity::find_by_id(rt.target_id)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(Ok((rt, r, target)))
    }

    /// A target answers through its one-time link: once (two clicks cannot both answer).
    pub async fn answer_by_link(
        &self,
        token: &str,
        answer: TargetAnswer,
        note: &str,
        actor: &Actor,
        compose: Compose<'_>,
    ) -> Result<std::result::Result<ReferralTargetRecord, TargetLinkError>> {
        let (rt, r, target) = match self.target_link(token).await? {
            Ok(found) => found,
            Err(e) => return Ok(Err(e)),
        };
        let actor = Actor {
            label: format!("{} ({})", target.name, actor.label),
            ..actor.clone()
        };
        let txn = self.db.begin().await?;
        match self
            .record_answer(
                &txn, &r, rt.id, rt.version, answer, note, "link", &actor, compose,
            )
            .await
        {
            Ok(rt) => {
                txn.commit().await?;
                Ok(Ok(rt))
            }
            Err(StoreError::Conflict) => {
                // Answered meanwhile, or the referral stopped taking answers.
                let now = find(&self.db, r.id).await?;
                Ok(Err(if state_of(&now) == State::Accepted {
                    TargetLinkError::Answered
                } else {
                    TargetLinkError::Closed
                }))
            }
            Err(e) => Err(e),
        }
    }

    // -----------------------------------------------------------------------------------
    // ⑧ Sales activity, feedback

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

    // -----------------------------------------------------------------------------------
    // Expected times, overdue steps, reminders

    /// A city's expected time (days) for each waiting step: its own, or the default.
    pub async fn referral_deadlines(&self, city: &CityCode) -> Result<Vec<(State, i32)>> {
        let own = referral_deadline::Entity::find()
            .filter(referral_deadline::Column::CityCode.eq(city.to_string()))
            .all(&self.db)
            .await?;
        Ok(State::ALL
            .into_iter()
            .filter_map(|s| {
                let default = rules::default_days(s)?;
                let set = own.iter().find(|d| d.state == s.code()).map(|d| d.days);
                Some((s, set.unwrap_or(default)))
            })
            .collect())
    }

    /// Sets a city's expected times (already validated), all at once.
    pub async fn save_referral_deadlines(
        &self,
        city: &CityCode,
        days: &[(State, i32)],
        actor: &Actor,
    ) -> Result<()> {
        let txn = self.db.begin().await?;
        referral_deadline::Entity::delete_many()
            .filter(referral_deadline::Column::CityCode.eq(city.to_string()))
            .exec(&txn)
            .await?;
        for (state, d) in days {
            referral_deadline::ActiveModel {
                city_code: Set(city.to_string()),
                state: Set(state.code().to_owned()),
                days: Set(*d),
            }
            .insert(&txn)
            .await?;
        }
        let shown: Vec<String> = days
            .iter()
            .map(|(s, d)| format!("{}={d}", s.code()))
            .collect();
        let change = Change {
            action: "referral.deadlines",
            city: Some(city),
            object_type: "city",
            object_id: city.to_string(),
            before: None,
            after: Some(&shown),
        };
        audit::record(&txn, actor, change).await?;
        txn.commit().await?;
        Ok(())
    }

    /// The open referrals (within `scope`) whose waiting step is past the expected time of
    /// the city it waits on (a company's steps follow its sending city's times).
    pub async fn overdue_referrals(
        &self,
        scope: &ListScope,
        now: DateTime<Utc>,
    ) -> Result<Vec<Overdue>> {
        let open = referral::Entity::find()
            .filter(
                referral::Column::State
                    .is_not_in([State::Declined, State::Closed, State::Withdrawn].map(State::code)),
            )
            .order_by_asc(referral::Column::StateSince)
            .all(&self.db)
            .await?;
        let set = referral_deadline::Entity::find().all(&self.db).await?;
        let mut out = Vec::new();
        for r in open {
            let state = state_of(&r);
            let Some(party) = waiting_on(state) else {
                continue;
            };
            let city = if party == Party::ReceivingCity {
                &r.receiving_city
            } else {
                &r.sending_city
            };
            let days = set
                .iter()
                .find(|d| &d.city_code == city && d.state == state.code())
                .map(|d| d.days)
                .or_else(|| rules::default_days(state))
                .unwrap_or(rules::MAX_DAYS);
            let due = r.state_since + Duration::days(i64::from(days));
            if due > now {
                continue;
            }
            let visible = scope.all
                || scope.cities.iter().any(|c| {
                    c.to_string() == r.sending_city
                        || (c.to_string() == r.receiving_city && r.sent_at.is_some())
                })
                || scope.companies.contains(&r.company_id);
            if visible {
                out.push(Overdue {
                    referral: r,
                    waiting_on: party,
                    due,
                });
            }
        }
        Ok(out)
    }

    /// Reminds the people of each overdue step, once per step ever (a step is a referral at
    /// one version: two nodes running this at once send one reminder). The count sent.
    pub async fn send_referral_reminders(
        &self,
        now: DateTime<Utc>,
        compose: Compose<'_>,
    ) -> Result<usize> {
        let all = ListScope {
            all: true,
            ..Default::default()
        };
        let mut sent = 0;
        for o in self.overdue_referrals(&all, now).await? {
            let txn = self.db.begin().await?;
            let stmt = Query::insert()
                .into_table(referral_reminder::Entity)
                .columns([
                    referral_reminder::Column::ReferralId,
                    referral_reminder::Column::Version,
                    referral_reminder::Column::State,
                    referral_reminder::Column::SentAt,
                ])
                .values_panic([
                    o.referral.id.into(),
                    o.referral.version.into(),
                    o.referral.state.clone().into(),
                    now.into(),
                ])
                .on_conflict(
                    OnConflict::columns([
                        referral_reminder::Column::ReferralId,
                        referral_reminder::Column::Version,
                    ])
                    .do_nothing()
                    .to_owned(),
                )
                .to_owned();
            if txn.execute(&stmt).await?.rows_affected() != 1 {
                continue;
            }
            let notice = self
                .notice_of(
                    &txn,
                    &o.referral,
                    (
                        "予定の期間を過ぎています。手続きをお願いします",
                        "this step is overdue; please act on it",
                    ),
                )
                .await?;
            let people = people_of(&txn, o.waiting_on, &o.referral).await?;
            notify(&txn, &people, o.referral.id, &notice, compose).await?;
            txn.commit().await?;
            sent += 1;
        }
        Ok(sent)
    }

    // -----------------------------------------------------------------------------------
    // Notifications

    /// A person's latest notifications, newest first, and how many are unread.
    pub async fn notifications(&self, user_id: i64) -> Result<(Vec<NotificationRecord>, u64)> {
        let unread = notification::Entity::find()
            .filter(notification::Column::UserId.eq(user_id))
            .filter(notification::Column::ReadAt.is_null())
            .count(&self.db)
            .await?;
        let items = notification::Entity::find()
            .filter(notification::Column::UserId.eq(user_id))
            .order_by_desc(notification::Column::Id)
            .limit(100)
            .all(&self.db)
            .await?;
        Ok((items, unread))
    }

    /// Marks all of a person's notifications read.
    pub async fn mark_notifications_read(&self, user_id: i64) -> Result<()> {
        notification::Entity::update_many()
            .col_expr(notification::Column::ReadAt, Expr::value(Some(Utc::now())))
            .filter(notification::Column::UserId.eq(user_id))
            .filter(notification::Column::ReadAt.is_null())
            .exec(&self.db)
            .await?;
        Ok(())
    }
}

/// A conditional write that SQLite refuses because another connection committed since this
/// transaction read (its snapshot is stale: `SQLITE_BUSY`): someone else moved first, which is
/// what a conflict is. PostgreSQL waits for the other transaction and then finds no row to
/// change, which is answered the same way.
fn conflict_if_busy(e: sea_orm::DbErr) -> StoreError {
    if e.to_string().contains("database is locked") {
        StoreError::Conflict
    } else {
        StoreError::Db(e)
    }
}

/// A row a unique index refuses (two people adding the same at once): the duplicate the
/// caller checked for, not a failure.
fn duplicate_if_unique(e: sea_orm::DbErr, field: &'static str) -> StoreError {
    let text = e.to_string();
    if text.contains("UNIQUE constraint") || text.contains("duplicate key") {
        StoreError::Duplicate(field)
    } else {
        StoreError::Db(e)
    }
}

/// Why a step that belongs to `state`'s neighbours cannot be taken now.
fn refusal_in(state: State) -> Refusal {
    if state.is_end() {
        Refusal::Ended(state)
    } else {
        Refusal::NotNow
    }
}

/// Revokes the receiving city's grant: the company withdrew, and with it its consent.
async fn revoke_dossier(
    txn: &DatabaseTransaction,
    r: &ReferralRecord,
    actor: &Actor,
) -> Result<()> {
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
        let owner = CityCode::parse(&r.sending_city).ok();
        let change = Change {
            action: "grant.revoke",
            city: owner.as_ref(),
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
async fn close_target_links(txn: &DatabaseTransaction, id: i64) -> Result<()> {
    referral_target::Entity::update_many()
        .col_expr(
            referral_target::Column::LinkHash,
            Expr::value(Option::<String>::None),
        )
        .filter(referral_target::Column::ReferralId.eq(id))
        .exec(txn)
        .await?;
    Ok(())
}
