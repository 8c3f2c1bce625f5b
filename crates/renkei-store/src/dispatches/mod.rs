//! Expert dispatches (専門家派遣) as the store keeps them: a dispatch asked for on a
//! consultation case, opened in the caller's transaction; a move as a conditional update
//! (`WHERE id AND version AND state`) with its history and audit lines, so that of two
//! people moving at once exactly one wins; the visits carried out; the visits a company has
//! used of its city's yearly cap; a city's dispatches of a fiscal year with their visits,
//! for the counts and costs; overdue steps and their one reminder. The roster of experts and
//! the cap are in [`experts`]. No words and no mail: the caller composes them, and decides
//! who may do what (`renkei_domain::dispatch`).

mod experts;

use chrono::{DateTime, NaiveDate, Utc};
use renkei_domain::city::CityCode;
use renkei_domain::dispatch::{Field, Move, NewDispatch, Party, State};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::Serialize;

pub use self::experts::{ExpertId, ExpertRecord};
use crate::audit::{self, Actor, Change};
use crate::entity::{dispatch, dispatch_visit as visit};
use crate::history::{self, Step, Table};
use crate::kernel::busy;
use crate::records::{CompanyId, ProductId, Unreadable, code, coded, found, known, readable};
use crate::tx::Tx;
use crate::{ConsultationId, ConsultationRecord, Result, Store, StoreError};

crate::records::id_type!(
    /// An expert dispatch's id.
    DispatchId
);

coded!(State);

/// An expert dispatch, at one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DispatchRecord {
    pub id: DispatchId,
    /// The city whose desk approves it (the case's).
    pub city: CityCode,
    pub consultation_id: ConsultationId,
    pub company_id: CompanyId,
    pub product_id: Option<ProductId>,
    pub expert_id: ExpertId,
    #[serde(serialize_with = "code")]
    pub field: Field,
    pub purpose: String,
    pub planned_visits: i32,
    /// The fiscal year (年度) it counts in.
    pub fiscal_year: i32,
    #[serde(serialize_with = "code")]
    pub state: State,
    pub state_since: DateTime<Utc>,
    /// The expert's report (closed), or the reason (declined, cancelled).
    pub report: Option<String>,
    pub support_record_id: Option<i64>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<dispatch::Model> for DispatchRecord {
    type Error = Unreadable;

    fn try_from(m: dispatch::Model) -> std::result::Result<Self, Unreadable> {
        const T: &str = "dispatches";
        let city = known(T, m.id, "city_code", &m.city_code, |c| {
            CityCode::parse(c).ok()
        })?;
        let field = known(T, m.id, "field", &m.field, Field::from_code)?;
        let state = known(T, m.id, "state", &m.state, State::from_code)?;
        Ok(DispatchRecord {
            id: DispatchId(m.id),
            city,
            consultation_id: ConsultationId(m.consultation_id),
            company_id: CompanyId(m.company_id),
            product_id: m.product_id.map(ProductId),
            expert_id: ExpertId(m.expert_id),
            field,
            purpose: m.purpose,
            planned_visits: m.planned_visits,
            fiscal_year: m.fiscal_year,
            state,
            state_since: m.state_since,
            report: m.report,
            support_record_id: m.support_record_id,
            version: m.version,
            created_at: m.created_at,
            updated_at: m.updated_at,
        })
    }
}

/// A line of the history.
pub type DispatchEvent = history::HistoryLine<State>;

/// A visit of a dispatch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DispatchVisit {
    pub id: i64,
    pub dispatch_id: DispatchId,
    pub visited_on: NaiveDate,
    pub minutes: i32,
    pub fee: i64,
    pub note: String,
    pub actor_label: String,
    pub created_at: DateTime<Utc>,
}

impl From<visit::Model> for DispatchVisit {
    fn from(v: visit::Model) -> Self {
        DispatchVisit {
            id: v.id,
            dispatch_id: DispatchId(v.dispatch_id),
            visited_on: v.visited_on,
            minutes: v.minutes,
            fee: v.fee,
            note: v.note,
            actor_label: v.actor_label,
            created_at: v.created_at,
        }
    }
}

/// A dispatch being asked for on a case.
#[derive(Debug, Clone)]
pub struct DispatchOpening<'a> {
    pub case: &'a ConsultationRecord,
    pub dispatch: &'a NewDispatch,
    pub fiscal_year: i32,
    /// Who asked: the company, or those who work the case (`desk`, `handler`).
    pub by: Party,
}

/// A dispatch with its visits: what the counts and costs are made of.
#[derive(Debug, Clone)]
pub struct DispatchWithVisits {
    pub dispatch: DispatchRecord,
    pub visits: Vec<DispatchVisit>,
}

async fn read(db: &impl ConnectionTrait, id: DispatchId) -> Result<DispatchRecord> {
    found(dispatch::Entity::find_by_id(id.0).one(db).await?)
}

async fn audit_line<T: Serialize>(
    db: &impl ConnectionTrait,
    actor: &Actor,
    action: &'static str,
    city: &CityCode,
    id: DispatchId,
    (before, after): (Option<&T>, Option<&T>),
) -> Result<()> {
    let change = Change {
        action,
        city: Some(city),
        object_type: "dispatch",
        object_id: id.to_string(),
        before,
        after,
    };
    audit::record(db, actor, change).await
}

impl Store {
    /// Opens a dispatch on a case with its first history line and its audit line, in the
    /// caller's transaction.
    pub async fn insert_dispatch(
        &self,
        tx: &Tx,
        o: &DispatchOpening<'_>,
        actor: &Actor,
    ) -> Result<DispatchRecord> {
        let txn = tx.conn();
        let now = Utc::now();
        let row = dispatch::ActiveModel {
            city_code: Set(o.case.city.to_string()),
            consultation_id: Set(o.case.id.0),
            company_id: Set(o.case.company_id.0),
            product_id: Set(o.case.product_id.map(|p| p.0)),
            expert_id: Set(o.dispatch.expert),
            field: Set(o.dispatch.field.code().to_owned()),
            purpose: Set(o.dispatch.purpose.clone()),
            planned_visits: Set(o.dispatch.planned_visits),
            fiscal_year: Set(o.fiscal_year),
            state: Set(State::Requested.code().to_owned()),
            state_since: Set(now),
            report: Set(None),
            support_record_id: Set(None),
            reminded_at: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        let record: DispatchRecord = found(Some(row))?;
        let requested = State::Requested.code();
        let step = Step {
            party: o.by.code(),
            code: "request",
            from: requested,
            to: requested,
            note: &o.dispatch.purpose,
        };
        history::write(txn, Table::Dispatches, record.id.0, step, actor).await?;
        let change = (None, Some(&record));
        audit_line(
            txn,
            actor,
            "dispatch.request",
            &record.city,
            record.id,
            change,
        )
        .await?;
        Ok(record)
    }

    /// A dispatch, whoever asks (the caller asks the policy of its case).
    pub async fn dispatch(&self, id: DispatchId) -> Result<DispatchRecord> {
        read(&self.db, id).await
    }

    /// A dispatch read in a transaction (what a move starts from).
    pub async fn dispatch_in(&self, tx: &Tx, id: DispatchId) -> Result<DispatchRecord> {
        read(tx.conn(), id).await
    }

    /// Writes a move the rules allowed, from `before` (at the version the person saw) to
    /// `to`, with its words (the report or the reason), its history line and its audit line;
    /// approving sets the fiscal year it counts in. If someone else moved first, nothing is
    /// written and the answer is [`StoreError::Conflict`].
    #[allow(clippy::too_many_arguments)]
    pub async fn write_dispatch_move(
        &self,
        tx: &Tx,
        before: &DispatchRecord,
        to: State,
        party: Party,
        m: &Move,
        fiscal_year: i32,
        actor: &Actor,
    ) -> Result<DispatchRecord> {
        let txn = tx.conn();
        let now = Utc::now();
        let mut update = dispatch::Entity::update_many()
            .col_expr(dispatch::Column::State, Expr::value(to.code()))
            .col_expr(dispatch::Column::Version, Expr::value(before.version + 1))
            .col_expr(dispatch::Column::StateSince, Expr::value(now))
            .col_expr(dispatch::Column::UpdatedAt, Expr::value(now))
            .col_expr(
                dispatch::Column::RemindedAt,
                Expr::value(None::<DateTime<Utc>>),
            );
        let words = match m {
            Move::Approve => {
                update = update.col_expr(dispatch::Column::FiscalYear, Expr::value(fiscal_year));
                ""
            }
            Move::Decline(t) | Move::Close(t) | Move::Cancel(t) => t.as_str(),
        };
        if !words.is_empty() {
            update = update.col_expr(dispatch::Column::Report, Expr::value(words));
        }
        let moved = update
            .filter(dispatch::Column::Id.eq(before.id.0))
            .filter(dispatch::Column::Version.eq(before.version))
            .filter(dispatch::Column::State.eq(before.state.code()))
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
            note: words,
        };
        history::write(txn, Table::Dispatches, before.id.0, step, actor).await?;
        let after = read(txn, before.id).await?;
        let action = match m {
            Move::Approve => "dispatch.approve",
            Move::Decline(_) => "dispatch.decline",
            Move::Close(_) => "dispatch.close",
            Move::Cancel(_) => "dispatch.cancel",
        };
        let change = (Some(before), Some(&after));
        audit_line(txn, actor, action, &after.city, after.id, change).await?;
        Ok(after)
    }

    /// Points a closed dispatch at the support record it became, in the move's transaction.
    pub async fn set_dispatch_support(&self, tx: &Tx, id: DispatchId, support: i64) -> Result<()> {
        dispatch::Entity::update_many()
            .col_expr(dispatch::Column::SupportRecordId, Expr::value(support))
            .filter(dispatch::Column::Id.eq(id.0))
            .exec(tx.conn())
            .await
            .map_err(busy)?;
        Ok(())
    }

    /// A dispatch's history, oldest first.
    pub async fn dispatch_history(&self, id: DispatchId) -> Result<Vec<DispatchEvent>> {
        history::lines(&self.db, Table::Dispatches, id.0, State::from_code).await
    }

    /// A dispatch's visits, by day.
    pub async fn dispatch_visits(&self, id: DispatchId) -> Result<Vec<DispatchVisit>> {
        dispatch_visits(&self.db, &[id.0]).await
    }

    /// Records a visit of an approved dispatch (the state and the visits planned checked in
    /// the same transaction: a dispatch that ended meanwhile, or whose planned visits are all
    /// recorded, is a conflict), with its audit line.
    pub async fn add_dispatch_visit(
        &self,
        r: &DispatchRecord,
        (visited_on, minutes, fee, note): (NaiveDate, i32, i64, &str),
        actor: &Actor,
    ) -> Result<DispatchVisit> {
        let tx = self.begin().await?;
        let now = read(tx.conn(), r.id).await?;
        let recorded = dispatch_visits(tx.conn(), &[r.id.0]).await?.len();
        let planned = usize::try_from(now.planned_visits).unwrap_or_default();
        if now.state != State::Approved || recorded >= planned {
            return Err(StoreError::Conflict);
        }
        let row = visit::ActiveModel {
            dispatch_id: Set(r.id.0),
            visited_on: Set(visited_on),
            minutes: Set(minutes),
            fee: Set(fee),
            note: Set(note.to_owned()),
            actor_id: Set(actor.id),
            actor_label: Set(actor.label.clone()),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(tx.conn())
        .await?;
        let written = DispatchVisit::from(row);
        let change = (None, Some(&written));
        audit_line(tx.conn(), actor, "dispatch.visit", &r.city, r.id, change).await?;
        tx.commit().await?;
        Ok(written)
    }

    /// The visits a company has used of its city's cap in a fiscal year, leaving out the
    /// dispatch `except`: those planned by its approved dispatches and those carried out by
    /// its closed ones. Read in the caller's transaction.
    pub async fn dispatch_visits_used(
        &self,
        tx: &Tx,
        (city, company, fiscal_year): (&CityCode, CompanyId, i32),
        except: DispatchId,
    ) -> Result<i64> {
        let rows = dispatch::Entity::find()
            .filter(dispatch::Column::CityCode.eq(city.to_string()))
            .filter(dispatch::Column::CompanyId.eq(company.0))
            .filter(dispatch::Column::FiscalYear.eq(fiscal_year))
            .filter(dispatch::Column::State.is_in([State::Approved.code(), State::Closed.code()]))
            .filter(dispatch::Column::Id.ne(except.0))
            .all(tx.conn())
            .await?;
        let closed: Vec<i64> = rows
            .iter()
            .filter(|d| d.state == State::Closed.code())
            .map(|d| d.id)
            .collect();
        let carried_out = dispatch_visits(tx.conn(), &closed).await?.len() as i64;
        let planned: i64 = rows
            .iter()
            .filter(|d| d.state == State::Approved.code())
            .map(|d| i64::from(d.planned_visits))
            .sum();
        Ok(planned + carried_out)
    }

    /// The dispatches asked for on a case, newest first.
    pub async fn dispatches_of_case(&self, case: ConsultationId) -> Result<Vec<DispatchRecord>> {
        let rows = dispatch::Entity::find()
            .filter(dispatch::Column::ConsultationId.eq(case.0))
            .order_by_desc(dispatch::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// A city's dispatches of a fiscal year with their visits, oldest first: the list and the
    /// counts and costs by company, measure and year.
    pub async fn dispatches_of(
        &self,
        city: &CityCode,
        fiscal_year: i32,
    ) -> Result<Vec<DispatchWithVisits>> {
        let rows = dispatch::Entity::find()
            .filter(dispatch::Column::CityCode.eq(city.to_string()))
            .filter(dispatch::Column::FiscalYear.eq(fiscal_year))
            .order_by_asc(dispatch::Column::Id)
            .all(&self.db)
            .await?;
        let list: Vec<DispatchRecord> = readable(rows);
        let ids: Vec<i64> = list.iter().map(|d| d.id.0).collect();
        let mut visits: std::collections::HashMap<DispatchId, Vec<DispatchVisit>> =
            std::collections::HashMap::new();
        for v in dispatch_visits(&self.db, &ids).await? {
            visits.entry(v.dispatch_id).or_default().push(v);
        }
        Ok(list
            .into_iter()
            .map(|d| DispatchWithVisits {
                visits: visits.remove(&d.id).unwrap_or_default(),
                dispatch: d,
            })
            .collect())
    }

    /// The open dispatches whose state began before the time given for it and whose step
    /// was not reminded yet, oldest first.
    pub async fn overdue_dispatches(
        &self,
        since: &[(State, DateTime<Utc>)],
    ) -> Result<Vec<DispatchRecord>> {
        let columns = history::OverdueColumns {
            id: dispatch::Column::Id,
            state: dispatch::Column::State,
            state_since: dispatch::Column::StateSince,
            reminded_at: dispatch::Column::RemindedAt,
        };
        let since: Vec<_> = since.iter().map(|(s, t)| (s.code(), *t)).collect();
        let rows = history::overdue::<dispatch::Entity>(&self.db, columns, &since).await?;
        Ok(readable(rows))
    }

    /// Claims the one reminder of a dispatch's overdue step: true for the one caller that
    /// gets it.
    pub async fn claim_dispatch_reminder(
        &self,
        tx: &Tx,
        r: &DispatchRecord,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let columns = history::ReminderColumns {
            id: dispatch::Column::Id,
            version: dispatch::Column::Version,
            reminded_at: dispatch::Column::RemindedAt,
        };
        history::claim_reminder::<dispatch::Entity>(tx.conn(), columns, (r.id.0, r.version), now)
            .await
    }
}

/// The visits of the dispatches `ids`, by day then id.
async fn dispatch_visits(db: &impl ConnectionTrait, ids: &[i64]) -> Result<Vec<DispatchVisit>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut all = Vec::new();
    for chunk in ids.chunks(500) {
        let rows = visit::Entity::find()
            .filter(visit::Column::DispatchId.is_in(chunk.iter().copied()))
            .order_by_asc(visit::Column::VisitedOn)
            .order_by_asc(visit::Column::Id)
            .all(db)
            .await?;
        all.extend(rows.into_iter().map(DispatchVisit::from));
    }
    Ok(all)
}
