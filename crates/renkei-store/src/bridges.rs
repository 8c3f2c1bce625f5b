//! Bridge requests (橋渡し) as the store keeps them: a consultation case handed to a national
//! body for one of its consultation types, opened in the caller's transaction with the
//! body's names, fields and reply time as they were then; its answers, changed while it is
//! prepared; a move as a conditional update (`WHERE id AND version AND state`) with what it
//! carries (the consent, the days sent and replied, the reply, the outcome), its history and
//! audit lines; overdue steps and their one reminder; every bridge of a period for the
//! counts. No words and no mail (the caller composes them) and no decision on who may move
//! (`renkei_domain::bridge`).

use chrono::{DateTime, NaiveDate, Utc};
use renkei_domain::bridge::{Move, Outcome, Party, State};
use renkei_domain::city::CityCode;
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde::Serialize;

use crate::audit::{self, Actor, Change};
use crate::entity::bridge as row;
use crate::history::{self, Step, Table};
use crate::kernel::busy;
use crate::records::{
    CompanyId, ProductId, Unreadable, code, coded, found, known, optional_code, readable,
};
use crate::tx::Tx;
use crate::{ConsultationId, ConsultationRecord, Result, Store, StoreError};

crate::records::id_type!(
    /// A bridge request's id.
    BridgeId
);

coded!(State, Outcome);

/// A bridge request, at one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BridgeRecord {
    pub id: BridgeId,
    pub consultation_id: ConsultationId,
    /// The case's city.
    pub city: CityCode,
    pub company_id: CompanyId,
    pub product_id: Option<ProductId>,
    /// The product's stage code when the bridge was opened.
    pub product_stage: Option<String>,
    pub body_id: i64,
    pub body_code: String,
    pub body_name: String,
    pub type_code: String,
    pub type_name: String,
    pub reply_days: u32,
    /// The form's fields with their answers, in the form's order.
    pub answers: Vec<(String, String)>,
    #[serde(serialize_with = "code")]
    pub state: State,
    pub state_since: DateTime<Utc>,
    /// The fields the company agreed may be shared (none before its consent).
    pub shared: Option<Vec<String>>,
    pub share_with_amed: bool,
    pub consented_at: Option<DateTime<Utc>>,
    pub sent_on: Option<NaiveDate>,
    pub reply_due: Option<NaiveDate>,
    pub replied_on: Option<NaiveDate>,
    pub reply: Option<String>,
    #[serde(serialize_with = "optional_code")]
    pub outcome: Option<Outcome>,
    pub outcome_text: Option<String>,
    pub support_record_id: Option<i64>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
}

impl TryFrom<row::Model> for BridgeRecord {
    type Error = Unreadable;

    fn try_from(m: row::Model) -> std::result::Result<Self, Unreadable> {
        const T: &str = "bridges";
        let city = known(T, m.id, "city_code", &m.city_code, |c| {
            CityCode::parse(c).ok()
        })?;
        let state = known(T, m.id, "state", &m.state, State::from_code)?;
        let outcome = match &m.outcome {
            Some(o) => Some(known(T, m.id, "outcome", o, Outcome::from_code)?),
            None => None,
        };
        Ok(BridgeRecord {
            id: BridgeId(m.id),
            consultation_id: ConsultationId(m.consultation_id),
            city,
            company_id: CompanyId(m.company_id),
            product_id: m.product_id.map(ProductId),
            product_stage: m.product_stage,
            body_id: m.body_id,
            body_code: m.body_code,
            body_name: m.body_name,
            type_code: m.type_code,
            type_name: m.type_name,
            reply_days: u32::try_from(m.reply_days).unwrap_or(0),
            answers: serde_json::from_str(&m.answers).unwrap_or_default(),
            state,
            state_since: m.state_since,
            shared: m.shared.and_then(|s| serde_json::from_str(&s).ok()),
            share_with_amed: m.share_with_amed,
            consented_at: m.consented_at,
            sent_on: m.sent_on,
            reply_due: m.reply_due,
            replied_on: m.replied_on,
            reply: m.reply,
            outcome,
            outcome_text: m.outcome_text,
            support_record_id: m.support_record_id,
            version: m.version,
            created_at: m.created_at,
        })
    }
}

impl BridgeRecord {
    /// The answers the company agreed may be shared (none before its consent).
    pub fn shared_answers(&self) -> Vec<(String, String)> {
        let Some(shared) = &self.shared else {
            return Vec::new();
        };
        self.answers
            .iter()
            .filter(|(label, _)| shared.contains(label))
            .cloned()
            .collect()
    }
}

/// A line of the history.
pub type BridgeEvent = history::HistoryLine<State>;

/// A bridge being opened from a case.
#[derive(Debug, Clone)]
pub struct BridgeOpening<'a> {
    pub case: &'a ConsultationRecord,
    pub product_stage: Option<&'static str>,
    pub body: &'a crate::NationalBodyRecord,
    pub type_code: &'a str,
    pub answers: Vec<(String, String)>,
}

async fn read(db: &impl ConnectionTrait, id: BridgeId) -> Result<BridgeRecord> {
    found(row::Entity::find_by_id(id.0).one(db).await?)
}

async fn audit_line(
    db: &impl ConnectionTrait,
    actor: &Actor,
    action: &'static str,
    (before, after): (Option<&BridgeRecord>, &BridgeRecord),
) -> Result<()> {
    let change = Change {
        action,
        city: Some(&after.city),
        object_type: "bridge",
        object_id: after.id.to_string(),
        before,
        after: Some(after),
    };
    audit::record(db, actor, change).await
}

fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// What a move writes besides its state: the reply due day (sending) and the words of its
/// history line.
#[derive(Debug, Clone, Default)]
pub struct BridgeWrite {
    pub reply_due: Option<NaiveDate>,
    pub note: String,
}

/// The columns a move sets besides its state.
fn move_columns(m: &Move, w: &BridgeWrite, now: DateTime<Utc>) -> Vec<(row::Column, SimpleExpr)> {
    match m {
        Move::Consent(c) => vec![
            (row::Column::Shared, Expr::value(json(&c.shared))),
            (row::Column::ShareWithAmed, Expr::value(c.amed)),
            (row::Column::ConsentedAt, Expr::value(now)),
        ],
        Move::MarkSent(day) => vec![
            (row::Column::SentOn, Expr::value(*day)),
            (row::Column::ReplyDue, Expr::value(w.reply_due)),
        ],
        Move::RecordReply(day, text) => vec![
            (row::Column::RepliedOn, Expr::value(*day)),
            (row::Column::Reply, Expr::value(text.clone())),
        ],
        Move::Close(outcome, text) => vec![
            (row::Column::Outcome, Expr::value(outcome.code())),
            (row::Column::OutcomeText, Expr::value(text.clone())),
        ],
        Move::AskConsent | Move::Decline | Move::Cancel => Vec::new(),
    }
}

impl Store {
    /// Opens a bridge from a case, preparing, with its first history line and its audit
    /// line, in the caller's transaction.
    pub async fn insert_bridge(
        &self,
        tx: &Tx,
        o: &BridgeOpening<'_>,
        actor: &Actor,
    ) -> Result<BridgeRecord> {
        let txn = tx.conn();
        let now = Utc::now();
        let type_name = o.body.type_name(o.type_code).unwrap_or(o.type_code);
        let inserted = row::ActiveModel {
            consultation_id: Set(o.case.id.0),
            city_code: Set(o.case.city.to_string()),
            company_id: Set(o.case.company_id.0),
            product_id: Set(o.case.product_id.map(|p| p.0)),
            product_stage: Set(o.product_stage.map(str::to_owned)),
            body_id: Set(o.body.id),
            body_code: Set(o.body.code.clone()),
            body_name: Set(o.body.name_ja.clone()),
            type_code: Set(o.type_code.to_owned()),
            type_name: Set(type_name.to_owned()),
            reply_days: Set(i32::try_from(o.body.reply_days).unwrap_or(i32::MAX)),
            answers: Set(json(&o.answers)),
            state: Set(State::Preparing.code().to_owned()),
            state_since: Set(now),
            shared: Set(None),
            share_with_amed: Set(false),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        let record: BridgeRecord = found(Some(inserted))?;
        let preparing = State::Preparing.code();
        let step = Step {
            party: Party::Desk.code(),
            code: "open",
            from: preparing,
            to: preparing,
            note: &record.type_name,
        };
        history::write(txn, Table::Bridges, record.id.0, step, actor).await?;
        audit_line(txn, actor, "bridge.open", (None, &record)).await?;
        Ok(record)
    }

    /// A bridge, whoever asks (the caller asks the policy).
    pub async fn bridge(&self, id: BridgeId) -> Result<BridgeRecord> {
        read(&self.db, id).await
    }

    /// A bridge read in a transaction (what a move starts from).
    pub async fn bridge_in(&self, tx: &Tx, id: BridgeId) -> Result<BridgeRecord> {
        read(tx.conn(), id).await
    }

    /// A case's bridges, oldest first.
    pub async fn bridges_of_case(&self, case: ConsultationId) -> Result<Vec<BridgeRecord>> {
        let rows = row::Entity::find()
            .filter(row::Column::ConsultationId.eq(case.0))
            .order_by_asc(row::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// Every bridge opened in `[from, to)`, for the counts.
    pub async fn bridges_opened(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<BridgeRecord>> {
        let rows = row::Entity::find()
            .filter(row::Column::CreatedAt.gte(from))
            .filter(row::Column::CreatedAt.lt(to))
            .order_by_asc(row::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// Changes a bridge's answers while it is prepared, from the version read (a stale one,
    /// or a bridge no longer being prepared, is [`StoreError::Conflict`]).
    pub async fn update_bridge_answers(
        &self,
        before: &BridgeRecord,
        version: i64,
        answers: &[(String, String)],
        actor: &Actor,
    ) -> Result<BridgeRecord> {
        let tx = self.begin().await?;
        let changed = row::Entity::update_many()
            .col_expr(row::Column::Answers, Expr::value(json(&answers)))
            .col_expr(row::Column::Version, Expr::value(version + 1))
            .col_expr(row::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(row::Column::Id.eq(before.id.0))
            .filter(row::Column::Version.eq(version))
            .filter(row::Column::State.eq(State::Preparing.code()))
            .exec(tx.conn())
            .await
            .map_err(busy)?
            .rows_affected;
        if changed != 1 {
            return Err(StoreError::Conflict);
        }
        let after = read(tx.conn(), before.id).await?;
        audit_line(tx.conn(), actor, "bridge.answers", (Some(before), &after)).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Writes a move the rules allowed, from `before` (at the version the person saw) to
    /// `to`, with what it carries, its history line and its audit line; if someone else
    /// moved first, nothing is written and the answer is [`StoreError::Conflict`]. Every move
    /// clears the reminder.
    #[allow(clippy::too_many_arguments)]
    pub async fn write_bridge_move(
        &self,
        tx: &Tx,
        before: &BridgeRecord,
        to: State,
        party: Party,
        m: &Move,
        w: &BridgeWrite,
        actor: &Actor,
    ) -> Result<BridgeRecord> {
        let txn = tx.conn();
        let now = Utc::now();
        let mut update = row::Entity::update_many()
            .col_expr(row::Column::State, Expr::value(to.code()))
            .col_expr(row::Column::Version, Expr::value(before.version + 1))
            .col_expr(row::Column::StateSince, Expr::value(now))
            .col_expr(row::Column::UpdatedAt, Expr::value(now))
            .col_expr(row::Column::RemindedAt, Expr::value(None::<DateTime<Utc>>));
        for (column, value) in move_columns(m, w, now) {
            update = update.col_expr(column, value);
        }
        let moved = update
            .filter(row::Column::Id.eq(before.id.0))
            .filter(row::Column::Version.eq(before.version))
            .filter(row::Column::State.eq(before.state.code()))
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
            note: &w.note,
        };
        history::write(txn, Table::Bridges, before.id.0, step, actor).await?;
        let after = read(txn, before.id).await?;
        let action = match m {
            Move::AskConsent => "bridge.ask_consent",
            Move::Consent(_) => "bridge.consent",
            Move::Decline => "bridge.decline",
            Move::MarkSent(_) => "bridge.mark_sent",
            Move::RecordReply(..) => "bridge.record_reply",
            Move::Close(..) => "bridge.close",
            Move::Cancel => "bridge.cancel",
        };
        audit_line(txn, actor, action, (Some(before), &after)).await?;
        Ok(after)
    }

    /// Points a closed bridge at the support record it became, in the move's transaction.
    pub async fn set_bridge_support(&self, tx: &Tx, id: BridgeId, support: i64) -> Result<()> {
        row::Entity::update_many()
            .col_expr(row::Column::SupportRecordId, Expr::value(support))
            .filter(row::Column::Id.eq(id.0))
            .exec(tx.conn())
            .await
            .map_err(busy)?;
        Ok(())
    }

    /// A bridge's history, oldest first.
    pub async fn bridge_history(&self, id: BridgeId) -> Result<Vec<BridgeEvent>> {
        history::lines(&self.db, Table::Bridges, id.0, State::from_code).await
    }

    /// The open bridges not reminded yet whose step is overdue: a sent one once its reply
    /// due day is before `today`; the others when their state began before the time given
    /// for it in `since`.
    pub async fn overdue_bridges(
        &self,
        since: &[(State, DateTime<Utc>)],
        today: NaiveDate,
    ) -> Result<Vec<BridgeRecord>> {
        let mut any = Condition::any().add(
            Condition::all()
                .add(row::Column::State.eq(State::Sent.code()))
                .add(row::Column::ReplyDue.lt(today)),
        );
        for (state, before) in since.iter().filter(|(s, _)| *s != State::Sent) {
            any = any.add(
                Condition::all()
                    .add(row::Column::State.eq(state.code()))
                    .add(row::Column::StateSince.lt(*before)),
            );
        }
        let rows = row::Entity::find()
            .filter(any)
            .filter(row::Column::RemindedAt.is_null())
            .order_by_asc(row::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// Claims the one reminder of a bridge's overdue step: true for the one caller that gets
    /// it.
    pub async fn claim_bridge_reminder(
        &self,
        tx: &Tx,
        r: &BridgeRecord,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let columns = history::ReminderColumns {
            id: row::Column::Id,
            version: row::Column::Version,
            reminded_at: row::Column::RemindedAt,
        };
        history::claim_reminder::<row::Entity>(tx.conn(), columns, (r.id.0, r.version), now).await
    }
}
