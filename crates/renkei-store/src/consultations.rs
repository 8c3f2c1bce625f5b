//! Consultation cases (相談案件) as the store keeps them: the case with its history, opened in
//! the caller's transaction; a move as a conditional update (`WHERE id AND version AND
//! state`) with its history and audit lines, so that of two people moving at once exactly
//! one wins; notes and next actions; the desk's list and the company's; overdue steps and
//! their one reminder. No words and no mail: the caller composes them, and decides who may
//! do what (`renkei_domain::consultation`).

use chrono::{DateTime, NaiveDate, Utc};
use renkei_domain::city::CityCode;
use renkei_domain::consultation::{Kind, Move, NewCase, NewNote, Party, State};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde::Serialize;

use crate::audit::{self, Actor, Change};
use crate::entity::{consultation as case, consultation_note as note};
use crate::history::{self, Step, Table};
use crate::kernel::busy;
use crate::records::{CompanyId, ProductId, Unreadable, code, coded, found, known, readable};
use crate::tx::Tx;
use crate::users::UserId;
use crate::{Page, PageRequest, Result, Store, StoreError};

crate::records::id_type!(
    /// A consultation case's id.
    ConsultationId
);

coded!(Kind, State);

/// A consultation case, at one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConsultationRecord {
    pub id: ConsultationId,
    /// The desk's city.
    pub city: CityCode,
    pub company_id: CompanyId,
    pub product_id: Option<ProductId>,
    #[serde(serialize_with = "code")]
    pub kind: Kind,
    pub subject: String,
    pub detail: String,
    #[serde(serialize_with = "code")]
    pub state: State,
    pub state_since: DateTime<Utc>,
    /// Whether the company asked (`company`) or the desk opened it (`desk`).
    pub opened_by: String,
    /// The account working it, once taken in, and its name as shown.
    pub handler_id: Option<UserId>,
    pub handler_label: String,
    pub first_answer_due: NaiveDate,
    pub first_answered_at: Option<DateTime<Utc>>,
    pub summary: Option<String>,
    pub support_record_id: Option<i64>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<case::Model> for ConsultationRecord {
    type Error = Unreadable;

    fn try_from(m: case::Model) -> std::result::Result<Self, Unreadable> {
        const T: &str = "consultations";
        let city = known(T, m.id, "city_code", &m.city_code, |c| {
            CityCode::parse(c).ok()
        })?;
        let kind = known(T, m.id, "kind", &m.kind, Kind::from_code)?;
        let state = known(T, m.id, "state", &m.state, State::from_code)?;
        Ok(ConsultationRecord {
            id: ConsultationId(m.id),
            city,
            company_id: CompanyId(m.company_id),
            product_id: m.product_id.map(ProductId),
            kind,
            subject: m.subject,
            detail: m.detail,
            state,
            state_since: m.state_since,
            opened_by: m.opened_by,
            handler_id: m.handler_id.map(UserId),
            handler_label: m.handler_label,
            first_answer_due: m.first_answer_due,
            first_answered_at: m.first_answered_at,
            summary: m.summary,
            support_record_id: m.support_record_id,
            version: m.version,
            created_at: m.created_at,
            updated_at: m.updated_at,
        })
    }
}

/// A line of the history.
pub type ConsultationEvent = history::HistoryLine<State>;

/// A note or a next action (one with a due day) on a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConsultationNote {
    pub id: i64,
    pub body: String,
    pub due_on: Option<NaiveDate>,
    pub done_at: Option<DateTime<Utc>>,
    pub done_by: Option<String>,
    pub actor_label: String,
    pub created_at: DateTime<Utc>,
}

impl From<note::Model> for ConsultationNote {
    fn from(n: note::Model) -> Self {
        ConsultationNote {
            id: n.id,
            body: n.body,
            due_on: n.due_on,
            done_at: n.done_at,
            done_by: n.done_by,
            actor_label: n.actor_label,
            created_at: n.created_at,
        }
    }
}

/// A case being opened.
#[derive(Debug, Clone)]
pub struct CaseOpening<'a> {
    pub city: &'a CityCode,
    pub company: CompanyId,
    pub product: Option<ProductId>,
    pub case: &'a NewCase,
    /// Who opened it: the company (asked from its page) or the desk.
    pub by: Party,
    pub first_answer_due: NaiveDate,
}

/// Which of a desk's cases a list holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConsultationQuery {
    /// Only cases in this state; none: the open ones (not closed, not withdrawn).
    pub state: Option<State>,
    /// Every state (closed and withdrawn too) when no state is chosen.
    pub all: bool,
    pub kind: Option<Kind>,
    /// Only the cases this account works.
    pub handler: Option<UserId>,
}

async fn read(db: &impl ConnectionTrait, id: ConsultationId) -> Result<ConsultationRecord> {
    found(case::Entity::find_by_id(id.0).one(db).await?)
}

async fn audit_line<T: Serialize>(
    db: &impl ConnectionTrait,
    actor: &Actor,
    action: &'static str,
    city: &CityCode,
    id: ConsultationId,
    (before, after): (Option<&T>, Option<&T>),
) -> Result<()> {
    let change = Change {
        action,
        city: Some(city),
        object_type: "consultation",
        object_id: id.to_string(),
        before,
        after,
    };
    audit::record(db, actor, change).await
}

/// What a move writes besides its state: who works the case (taking it in), the summary
/// (closing), the words of its history line.
#[derive(Debug, Clone, Default)]
pub struct MoveWrite {
    pub handler: Option<(UserId, String)>,
    pub note: String,
}

impl Store {
    /// Opens a case with its first history line and its audit line, in the caller's
    /// transaction.
    pub async fn insert_consultation(
        &self,
        tx: &Tx,
        o: &CaseOpening<'_>,
        actor: &Actor,
    ) -> Result<ConsultationRecord> {
        let txn = tx.conn();
        let now = Utc::now();
        let row = case::ActiveModel {
            city_code: Set(o.city.to_string()),
            company_id: Set(o.company.0),
            product_id: Set(o.product.map(|p| p.0)),
            kind: Set(o.case.kind.code().to_owned()),
            subject: Set(o.case.subject.clone()),
            detail: Set(o.case.detail.clone()),
            state: Set(State::New.code().to_owned()),
            state_since: Set(now),
            opened_by: Set(o.by.code().to_owned()),
            handler_id: Set(None),
            handler_label: Set(String::new()),
            first_answer_due: Set(o.first_answer_due),
            first_answered_at: Set(None),
            summary: Set(None),
            support_record_id: Set(None),
            reminded_at: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        let record: ConsultationRecord = found(Some(row))?;
        let new = State::New.code();
        let step = Step {
            party: o.by.code(),
            code: "open",
            from: new,
            to: new,
            note: "",
        };
        history::write(txn, Table::Consultations, record.id.0, step, actor).await?;
        let change = (None, Some(&record));
        audit_line(txn, actor, "consultation.open", o.city, record.id, change).await?;
        Ok(record)
    }

    /// A case, whoever asks (the caller asks the policy).
    pub async fn consultation(&self, id: ConsultationId) -> Result<ConsultationRecord> {
        read(&self.db, id).await
    }

    /// A case read in a transaction (what a move starts from).
    pub async fn consultation_in(&self, tx: &Tx, id: ConsultationId) -> Result<ConsultationRecord> {
        read(tx.conn(), id).await
    }

    /// Writes a move the rules allowed, from `before` (at the version the person saw) to
    /// `to`, with what it carries, its history line and its audit line; if someone else
    /// moved first, nothing is written and the answer is [`StoreError::Conflict`]. Every move
    /// clears the reminder, so the next step is reminded once too.
    #[allow(clippy::too_many_arguments)]
    pub async fn write_consultation_move(
        &self,
        tx: &Tx,
        before: &ConsultationRecord,
        to: State,
        party: Party,
        m: &Move,
        w: &MoveWrite,
        actor: &Actor,
    ) -> Result<ConsultationRecord> {
        let txn = tx.conn();
        let now = Utc::now();
        let mut update = case::Entity::update_many()
            .col_expr(case::Column::State, Expr::value(to.code()))
            .col_expr(case::Column::Version, Expr::value(before.version + 1))
            .col_expr(case::Column::StateSince, Expr::value(now))
            .col_expr(case::Column::UpdatedAt, Expr::value(now))
            .col_expr(case::Column::RemindedAt, Expr::value(None::<DateTime<Utc>>));
        if let Some((id, label)) = &w.handler {
            update = update
                .col_expr(case::Column::HandlerId, Expr::value(id.0))
                .col_expr(case::Column::HandlerLabel, Expr::value(label.clone()));
        }
        if matches!(m, Move::TakeIn) && before.first_answered_at.is_none() {
            update = update.col_expr(case::Column::FirstAnsweredAt, Expr::value(now));
        }
        if let Move::Close(summary) = m {
            update = update.col_expr(case::Column::Summary, Expr::value(summary.clone()));
        }
        let moved = update
            .filter(case::Column::Id.eq(before.id.0))
            .filter(case::Column::Version.eq(before.version))
            .filter(case::Column::State.eq(before.state.code()))
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
        history::write(txn, Table::Consultations, before.id.0, step, actor).await?;
        let after = read(txn, before.id).await?;
        let action = match m {
            Move::TakeIn => "consultation.take_in",
            Move::AskCompany(_) => "consultation.ask_company",
            Move::Answer => "consultation.answer",
            Move::Resume => "consultation.resume",
            Move::Close(_) => "consultation.close",
            Move::Withdraw => "consultation.withdraw",
        };
        let change = (Some(before), Some(&after));
        audit_line(txn, actor, action, &after.city, after.id, change).await?;
        Ok(after)
    }

    /// Points a closed case at the support record it became, in the move's transaction.
    pub async fn set_consultation_support(
        &self,
        tx: &Tx,
        id: ConsultationId,
        support: i64,
    ) -> Result<()> {
        case::Entity::update_many()
            .col_expr(case::Column::SupportRecordId, Expr::value(support))
            .filter(case::Column::Id.eq(id.0))
            .exec(tx.conn())
            .await
            .map_err(busy)?;
        Ok(())
    }

    /// A case's history, oldest first.
    pub async fn consultation_history(&self, id: ConsultationId) -> Result<Vec<ConsultationEvent>> {
        history::lines(&self.db, Table::Consultations, id.0, State::from_code).await
    }

    /// A desk's cases, a page at a time: the oldest waiting first (by when their state
    /// began), then by id.
    pub async fn consultations_of(
        &self,
        city: &CityCode,
        q: &ConsultationQuery,
        page: PageRequest,
    ) -> Result<Page<ConsultationRecord>> {
        let mut find = case::Entity::find().filter(case::Column::CityCode.eq(city.to_string()));
        find = match q.state {
            Some(s) => find.filter(case::Column::State.eq(s.code())),
            None if q.all => find,
            None => find.filter(
                case::Column::State.is_not_in([State::Closed.code(), State::Withdrawn.code()]),
            ),
        };
        if let Some(k) = q.kind {
            find = find.filter(case::Column::Kind.eq(k.code()));
        }
        if let Some(h) = q.handler {
            find = find.filter(case::Column::HandlerId.eq(h.0));
        }
        let total = find.clone().count(&self.db).await?;
        let rows = find
            .order_by_asc(case::Column::StateSince)
            .order_by_asc(case::Column::Id)
            .offset(page.offset())
            .limit(page.per_page)
            .all(&self.db)
            .await?;
        Ok(page.of(readable(rows), total))
    }

    /// A company's cases at every desk, newest first.
    pub async fn consultations_of_company(
        &self,
        company: CompanyId,
    ) -> Result<Vec<ConsultationRecord>> {
        let rows = case::Entity::find()
            .filter(case::Column::CompanyId.eq(company.0))
            .order_by_desc(case::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// Writes a note (a next action when it has a due day) with its audit line.
    pub async fn add_consultation_note(
        &self,
        r: &ConsultationRecord,
        n: &NewNote,
        actor: &Actor,
    ) -> Result<ConsultationNote> {
        let tx = self.begin().await?;
        let row = note::ActiveModel {
            consultation_id: Set(r.id.0),
            body: Set(n.body.clone()),
            due_on: Set(n.due),
            done_at: Set(None),
            done_by: Set(None),
            actor_id: Set(actor.id),
            actor_label: Set(actor.label.clone()),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(tx.conn())
        .await?;
        let written = ConsultationNote::from(row);
        let change = (None, Some(&written));
        audit_line(tx.conn(), actor, "consultation.note", &r.city, r.id, change).await?;
        tx.commit().await?;
        Ok(written)
    }

    /// Ticks a next action done (once: a second tick is a conflict), with its audit line.
    pub async fn finish_consultation_action(
        &self,
        r: &ConsultationRecord,
        note_id: i64,
        actor: &Actor,
    ) -> Result<ConsultationNote> {
        let tx = self.begin().await?;
        let done = note::Entity::update_many()
            .col_expr(note::Column::DoneAt, Expr::value(Utc::now()))
            .col_expr(note::Column::DoneBy, Expr::value(actor.label.clone()))
            .filter(note::Column::Id.eq(note_id))
            .filter(note::Column::ConsultationId.eq(r.id.0))
            .filter(note::Column::DueOn.is_not_null())
            .filter(note::Column::DoneAt.is_null())
            .exec(tx.conn())
            .await
            .map_err(busy)?
            .rows_affected;
        if done != 1 {
            return Err(StoreError::Conflict);
        }
        let row = note::Entity::find_by_id(note_id).one(tx.conn()).await?;
        let written = ConsultationNote::from(row.ok_or(StoreError::NotFound)?);
        let change = (None, Some(&written));
        audit_line(
            tx.conn(),
            actor,
            "consultation.action_done",
            &r.city,
            r.id,
            change,
        )
        .await?;
        tx.commit().await?;
        Ok(written)
    }

    /// A case's notes and next actions, oldest first.
    pub async fn consultation_notes(&self, id: ConsultationId) -> Result<Vec<ConsultationNote>> {
        Ok(note::Entity::find()
            .filter(note::Column::ConsultationId.eq(id.0))
            .order_by_asc(note::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(ConsultationNote::from)
            .collect())
    }

    /// The open cases whose state began before the time given for it and whose step was not
    /// reminded yet, oldest first: `since` pairs each open state with its limit.
    pub async fn overdue_consultations(
        &self,
        since: &[(State, DateTime<Utc>)],
    ) -> Result<Vec<ConsultationRecord>> {
        let columns = history::OverdueColumns {
            id: case::Column::Id,
            state: case::Column::State,
            state_since: case::Column::StateSince,
            reminded_at: case::Column::RemindedAt,
        };
        let since: Vec<_> = since.iter().map(|(s, t)| (s.code(), *t)).collect();
        let rows = history::overdue::<case::Entity>(&self.db, columns, &since).await?;
        Ok(readable(rows))
    }

    /// Claims the one reminder of a case's overdue step: true for the one caller that gets
    /// it (a conditional update; several nodes at once send one).
    pub async fn claim_consultation_reminder(
        &self,
        tx: &Tx,
        r: &ConsultationRecord,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let columns = history::ReminderColumns {
            id: case::Column::Id,
            version: case::Column::Version,
            reminded_at: case::Column::RemindedAt,
        };
        let record = (r.id.0, r.version);
        history::claim_reminder::<case::Entity>(tx.conn(), columns, record, now).await
    }
}
