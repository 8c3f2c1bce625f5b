//! A referral's step prepared for an officer's approval as the store keeps it: prepared (with
//! its first history line and audit line) in the caller's transaction; a move as a conditional
//! update (`WHERE id AND version AND state`) with what it carries (a revision's new words and
//! targets, a return's reason, the due day; the referral an approved selection became), its
//! history and audit lines; the lists a city or a person holds; the steps past their due day
//! and their one reminder. No words and no mail.

use chrono::{DateTime, NaiveDate, Utc};
use renkei_domain::city::CityCode;
use renkei_domain::referral_prep::{Kind, Move, Party, State};
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::Serialize;

use crate::audit::{self, Actor, Change};
use crate::entity::referral_preparation as rp;
use crate::history::{self, Step, Table};
use crate::kernel::busy;
use crate::records::{ProductId, ReferralId, Unreadable, code, coded, found, known, readable};
use crate::tx::Tx;
use crate::{Result, Store, StoreError};

crate::records::id_type!(
    /// A preparation's id.
    PreparationId
);

coded!(State, Kind);

/// A preparation, at one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PreparationRecord {
    pub id: PreparationId,
    /// The city whose step it is.
    pub city: CityCode,
    #[serde(serialize_with = "code")]
    pub kind: Kind,
    pub product_id: ProductId,
    /// ① The city the product is to be introduced to.
    pub receiving_city: Option<CityCode>,
    /// ④ The referral the targets are for; ① the referral the approval made.
    pub referral_id: Option<ReferralId>,
    /// ④ The targets proposed, in order.
    pub target_ids: Vec<i64>,
    pub note: String,
    pub preparer_id: Option<i64>,
    pub preparer_label: String,
    #[serde(serialize_with = "code")]
    pub state: State,
    pub state_since: DateTime<Utc>,
    pub due_on: Option<NaiveDate>,
    pub return_reason: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
}

impl TryFrom<rp::Model> for PreparationRecord {
    type Error = Unreadable;

    fn try_from(m: rp::Model) -> std::result::Result<Self, Unreadable> {
        const T: &str = "referral_preparations";
        let city = |field, c: &str| known(T, m.id, field, c, |c| CityCode::parse(c).ok());
        let receiving_city = match &m.receiving_city {
            Some(c) => Some(city("receiving_city", c)?),
            None => None,
        };
        Ok(PreparationRecord {
            id: PreparationId(m.id),
            city: city("city_code", &m.city_code)?,
            kind: known(T, m.id, "kind", &m.kind, Kind::from_code)?,
            product_id: ProductId(m.product_id),
            receiving_city,
            referral_id: m.referral_id.map(ReferralId),
            target_ids: ids(&m.target_ids),
            note: m.note,
            preparer_id: m.preparer_id,
            preparer_label: m.preparer_label,
            state: known(T, m.id, "state", &m.state, State::from_code)?,
            state_since: m.state_since,
            due_on: m.due_on,
            return_reason: m.return_reason,
            version: m.version,
            created_at: m.created_at,
        })
    }
}

fn ids(text: &str) -> Vec<i64> {
    text.split(',')
        .filter_map(|p| p.trim().parse().ok())
        .collect()
}

fn joined(ids: &[i64]) -> String {
    ids.iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// A history line of a preparation.
pub type PreparationEvent = history::HistoryLine<State>;

/// A step being prepared.
#[derive(Debug, Clone)]
pub struct Preparing<'a> {
    pub city: CityCode,
    pub kind: Kind,
    pub product: ProductId,
    pub receiving_city: Option<CityCode>,
    pub referral: Option<ReferralId>,
    pub targets: &'a [i64],
    pub note: &'a str,
    pub due_on: Option<NaiveDate>,
}

/// What a move writes besides its state: the due day of the state it leads to, a revision's
/// words and targets.
#[derive(Debug, Clone, Default)]
pub struct PreparationWrite {
    pub due_on: Option<NaiveDate>,
    pub revision: Option<(String, Vec<i64>)>,
}

async fn read(db: &impl ConnectionTrait, id: PreparationId) -> Result<PreparationRecord> {
    found(rp::Entity::find_by_id(id.0).one(db).await?)
}

async fn audit_line(
    db: &impl ConnectionTrait,
    actor: &Actor,
    action: &'static str,
    (before, after): (Option<&PreparationRecord>, &PreparationRecord),
) -> Result<()> {
    let change = Change {
        action,
        city: Some(&after.city),
        object_type: "referral_preparation",
        object_id: after.id.to_string(),
        before,
        after: Some(after),
    };
    audit::record(db, actor, change).await
}

impl Store {
    /// Prepares a step, with its first history line and its audit line, in the caller's
    /// transaction.
    pub async fn insert_preparation(
        &self,
        tx: &Tx,
        p: &Preparing<'_>,
        actor: &Actor,
    ) -> Result<PreparationRecord> {
        let now = Utc::now();
        let row = rp::ActiveModel {
            city_code: Set(p.city.to_string()),
            kind: Set(p.kind.code().to_owned()),
            product_id: Set(p.product.0),
            receiving_city: Set(p.receiving_city.map(|c| c.to_string())),
            referral_id: Set(p.referral.map(|r| r.0)),
            target_ids: Set(joined(p.targets)),
            note: Set(p.note.to_owned()),
            preparer_id: Set(actor.id),
            preparer_label: Set(actor.label.clone()),
            state: Set(State::Prepared.code().to_owned()),
            state_since: Set(now),
            due_on: Set(p.due_on),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(tx.conn())
        .await?;
        let r: PreparationRecord = found(Some(row))?;
        let prepared = State::Prepared.code();
        let step = Step {
            party: Party::Preparer.code(),
            code: "prepare",
            from: prepared,
            to: prepared,
            note: "",
        };
        history::write(tx.conn(), Table::ReferralPreparations, r.id.0, step, actor).await?;
        audit_line(tx.conn(), actor, "referral_preparation.prepare", (None, &r)).await?;
        Ok(r)
    }

    /// A preparation, whoever asks (the caller asks the policy).
    pub async fn preparation(&self, id: PreparationId) -> Result<PreparationRecord> {
        read(&self.db, id).await
    }

    /// A preparation, read in a transaction (what a move starts from).
    pub async fn preparation_in(&self, tx: &Tx, id: PreparationId) -> Result<PreparationRecord> {
        read(tx.conn(), id).await
    }

    /// The preparations of some cities (all of them for none given … but an empty list
    /// holds none), open ones first, newest first within.
    pub async fn preparations(&self, cities: &[CityCode]) -> Result<Vec<PreparationRecord>> {
        if cities.is_empty() {
            return Ok(Vec::new());
        }
        let rows = rp::Entity::find()
            .filter(rp::Column::CityCode.is_in(cities.iter().map(|c| c.to_string())))
            .order_by_desc(rp::Column::Id)
            .all(&self.db)
            .await?;
        let mut all: Vec<PreparationRecord> = readable(rows);
        all.sort_by_key(|p| p.state.is_end());
        Ok(all)
    }

    /// The open preparations of a referral (④), oldest first.
    pub async fn open_preparations_of(
        &self,
        referral: ReferralId,
    ) -> Result<Vec<PreparationRecord>> {
        let open = [State::Prepared.code(), State::Returned.code()];
        let rows = rp::Entity::find()
            .filter(rp::Column::ReferralId.eq(referral.0))
            .filter(rp::Column::Kind.eq(Kind::Targets.code()))
            .filter(rp::Column::State.is_in(open))
            .order_by_asc(rp::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// Writes a move the rules allowed, from `before` (at the version the person saw) to
    /// `to`, with what it carries, its history line and its audit line; if someone else moved
    /// first, nothing is written and the answer is [`StoreError::Conflict`].
    #[allow(clippy::too_many_arguments)]
    pub async fn write_preparation_move(
        &self,
        tx: &Tx,
        before: &PreparationRecord,
        to: State,
        party: Party,
        m: &Move,
        w: &PreparationWrite,
        actor: &Actor,
    ) -> Result<PreparationRecord> {
        let txn = tx.conn();
        let now = Utc::now();
        let mut columns: Vec<(rp::Column, SimpleExpr)> = vec![
            (rp::Column::State, Expr::value(to.code())),
            (rp::Column::StateSince, Expr::value(now)),
            (rp::Column::DueOn, Expr::value(w.due_on)),
            (rp::Column::RemindedAt, Expr::value(None::<DateTime<Utc>>)),
            (rp::Column::Version, Expr::value(before.version + 1)),
            (rp::Column::UpdatedAt, Expr::value(now)),
        ];
        if let Move::Return(reason) = m {
            columns.push((rp::Column::ReturnReason, Expr::value(reason.clone())));
        }
        if let Some((note, targets)) = &w.revision {
            columns.push((rp::Column::Note, Expr::value(note.clone())));
            columns.push((rp::Column::TargetIds, Expr::value(joined(targets))));
        }
        let mut update = rp::Entity::update_many();
        for (column, value) in columns {
            update = update.col_expr(column, value);
        }
        let moved = update
            .filter(rp::Column::Id.eq(before.id.0))
            .filter(rp::Column::Version.eq(before.version))
            .filter(rp::Column::State.eq(before.state.code()))
            .exec(txn)
            .await
            .map_err(busy)?
            .rows_affected;
        if moved != 1 {
            return Err(StoreError::Conflict);
        }
        let step = Step {
            party: party.code(),
            code: m.code(),
            from: before.state.code(),
            to: to.code(),
            note: m.note(),
        };
        history::write(txn, Table::ReferralPreparations, before.id.0, step, actor).await?;
        let after = read(txn, before.id).await?;
        let action = match m {
            Move::Approve => "referral_preparation.approve",
            Move::Return(_) => "referral_preparation.return",
            Move::Resubmit => "referral_preparation.resubmit",
            Move::Withdraw(_) => "referral_preparation.withdraw",
        };
        audit_line(txn, actor, action, (Some(before), &after)).await?;
        Ok(after)
    }

    /// A preparation's history, oldest first.
    pub async fn preparation_history(&self, id: PreparationId) -> Result<Vec<PreparationEvent>> {
        history::lines(
            &self.db,
            Table::ReferralPreparations,
            id.0,
            State::from_code,
        )
        .await
    }

    /// The open preparations past their due day (before `today`) not reminded yet.
    pub async fn overdue_preparations(&self, today: NaiveDate) -> Result<Vec<PreparationRecord>> {
        let open = [State::Prepared.code(), State::Returned.code()];
        let rows = rp::Entity::find()
            .filter(rp::Column::State.is_in(open))
            .filter(rp::Column::DueOn.lt(today))
            .filter(rp::Column::RemindedAt.is_null())
            .order_by_asc(rp::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// Claims the one reminder of a preparation's overdue step: true for the one caller
    /// that gets it.
    pub async fn claim_preparation_reminder(
        &self,
        tx: &Tx,
        r: &PreparationRecord,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let columns = history::ReminderColumns {
            id: rp::Column::Id,
            version: rp::Column::Version,
            reminded_at: rp::Column::RemindedAt,
        };
        history::claim_reminder::<rp::Entity>(tx.conn(), columns, (r.id.0, r.version), now).await
    }
}

impl Store {
    /// Names the referral an approved selection became, in the caller's transaction (the
    /// approval's audit line and the referral's own tell of it).
    pub async fn set_preparation_referral(
        &self,
        tx: &Tx,
        id: PreparationId,
        referral: ReferralId,
    ) -> Result<()> {
        rp::Entity::update_many()
            .col_expr(rp::Column::ReferralId, Expr::value(referral.0))
            .filter(rp::Column::Id.eq(id.0))
            .exec(tx.conn())
            .await
            .map_err(busy)?;
        Ok(())
    }
}
