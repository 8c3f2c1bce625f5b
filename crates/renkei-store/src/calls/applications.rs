//! Applications to calls as the store keeps them: started (by the company, or prepared for
//! it), answers saved at the version the person saw (save and resume), a move as a
//! conditional update (`WHERE id AND version AND state`) with its history and audit lines, so
//! that of two people moving at once exactly one wins; the lists of a call's applications
//! and a company's; overdue steps and their one reminder.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use renkei_domain::call::application::{Move, Party, State, Verdict};
use renkei_domain::call::form::Answers;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::Serialize;

use crate::audit::{self, Actor, Change};
use crate::entity::call_application as app;
use crate::history::{self, Step, Table};
use crate::kernel::{busy, duplicate_or_busy};
use crate::records::{CompanyId, ProductId, Unreadable, code, coded, found, known, readable};
use crate::tx::Tx;
use crate::users::UserId;
use crate::{Result, Store, StoreError};

crate::records::id_type!(
    /// An application's id.
    ApplicationId
);

coded!(State);

/// An application to a call, at one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApplicationRecord {
    pub id: ApplicationId,
    pub call_id: i64,
    pub company_id: CompanyId,
    pub product_id: Option<ProductId>,
    #[serde(serialize_with = "code")]
    pub state: State,
    pub state_since: DateTime<Utc>,
    pub answers: Answers,
    pub requested_yen: Option<i64>,
    pub receipt_no: Option<String>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub prepared_by_id: Option<UserId>,
    pub prepared_by_label: String,
    pub correction_reason: Option<String>,
    pub correction_due: Option<NaiveDate>,
    /// The panel's decision (`award`, `decline`): the applicant's only once released.
    pub verdict: Option<String>,
    pub decision_reason: Option<String>,
    pub granted_yen: Option<i64>,
    pub report: Option<String>,
    /// The report's receipts' dates, by the receipt's code (`renkei_domain::call::report`).
    pub report_dates: BTreeMap<String, NaiveDate>,
    pub fixed_yen: Option<i64>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<app::Model> for ApplicationRecord {
    type Error = Unreadable;

    fn try_from(m: app::Model) -> std::result::Result<Self, Unreadable> {
        let state = known(
            "call_applications",
            m.id,
            "state",
            &m.state,
            State::from_code,
        )?;
        Ok(ApplicationRecord {
            id: ApplicationId(m.id),
            call_id: m.call_id,
            company_id: CompanyId(m.company_id),
            product_id: m.product_id.map(ProductId),
            state,
            state_since: m.state_since,
            answers: serde_json::from_str(&m.answers).unwrap_or_default(),
            requested_yen: m.requested_yen,
            receipt_no: m.receipt_no,
            submitted_at: m.submitted_at,
            prepared_by_id: m.prepared_by_id.map(UserId),
            prepared_by_label: m.prepared_by_label,
            correction_reason: m.correction_reason,
            correction_due: m.correction_due,
            verdict: m.verdict,
            decision_reason: m.decision_reason,
            granted_yen: m.granted_yen,
            report: m.report,
            report_dates: m
                .report_dates
                .and_then(|d| serde_json::from_str(&d).ok())
                .unwrap_or_default(),
            fixed_yen: m.fixed_yen,
            version: m.version,
            created_at: m.created_at,
            updated_at: m.updated_at,
        })
    }
}

/// A line of an application's history.
pub type ApplicationEvent = history::HistoryLine<State>;

/// What is saved of an application while it is written.
#[derive(Debug, Clone, Default)]
pub struct ApplicationDraft {
    pub product: Option<ProductId>,
    pub answers: Answers,
    pub requested_yen: Option<i64>,
}

/// What a move writes besides its state: the receipt number (a first submission), the
/// report's words, the amount granted.
#[derive(Debug, Clone, Default)]
pub struct ApplicationWrite {
    pub receipt: Option<(i64, String)>,
    pub report: Option<String>,
    pub report_dates: BTreeMap<String, NaiveDate>,
    pub granted_yen: Option<i64>,
}

async fn read(db: &impl ConnectionTrait, id: ApplicationId) -> Result<ApplicationRecord> {
    found(app::Entity::find_by_id(id.0).one(db).await?)
}

async fn audit_line(
    db: &impl ConnectionTrait,
    actor: &Actor,
    action: &'static str,
    (before, after): (Option<&ApplicationRecord>, Option<&ApplicationRecord>),
) -> Result<()> {
    let r = after.or(before).ok_or(StoreError::NotFound)?;
    let change = Change {
        action,
        city: None,
        object_type: "call_application",
        object_id: r.id.to_string(),
        before,
        after,
    };
    audit::record(db, actor, change).await
}

impl Store {
    /// Starts an application of a company to a call, in draft, with its first history line
    /// and its audit line, in the caller's transaction. `agent`: who prepares it for the
    /// company (代理申請), if anyone. A company with an application in force is [`StoreError::Duplicate`].
    pub async fn insert_application(
        &self,
        tx: &Tx,
        call_id: i64,
        company: CompanyId,
        draft: &ApplicationDraft,
        agent: Option<(UserId, String)>,
        actor: &Actor,
    ) -> Result<ApplicationRecord> {
        let txn = tx.conn();
        let now = Utc::now();
        let (prepared_by_id, prepared_by_label) = match &agent {
            Some((id, label)) => (Some(id.0), label.clone()),
            None => (None, String::new()),
        };
        let row = app::ActiveModel {
            call_id: Set(call_id),
            company_id: Set(company.0),
            product_id: Set(draft.product.map(|p| p.0)),
            state: Set(State::Draft.code().to_owned()),
            state_since: Set(now),
            answers: Set(serde_json::to_string(&draft.answers).unwrap_or_default()),
            requested_yen: Set(draft.requested_yen),
            prepared_by_id: Set(prepared_by_id),
            prepared_by_label: Set(prepared_by_label),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await
        .map_err(duplicate_or_busy("company"))?;
        let record: ApplicationRecord = found(Some(row))?;
        let party = if agent.is_some() {
            Party::Agent
        } else {
            Party::Applicant
        };
        let step = Step {
            party: party.code(),
            code: "start",
            from: State::Draft.code(),
            to: State::Draft.code(),
            note: "",
        };
        history::write(txn, Table::CallApplications, record.id.0, step, actor).await?;
        audit_line(txn, actor, "call_application.start", (None, Some(&record))).await?;
        Ok(record)
    }

    /// Saves what was typed into an application at the version the person saw, with its
    /// audit line; someone else saving first is a conflict.
    pub async fn save_application(
        &self,
        tx: &Tx,
        before: &ApplicationRecord,
        draft: &ApplicationDraft,
        actor: &Actor,
    ) -> Result<ApplicationRecord> {
        let txn = tx.conn();
        let changed = app::Entity::update_many()
            .col_expr(
                app::Column::ProductId,
                Expr::value(draft.product.map(|p| p.0)),
            )
            .col_expr(
                app::Column::Answers,
                Expr::value(serde_json::to_string(&draft.answers).unwrap_or_default()),
            )
            .col_expr(app::Column::RequestedYen, Expr::value(draft.requested_yen))
            .col_expr(app::Column::Version, Expr::value(before.version + 1))
            .col_expr(app::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(app::Column::Id.eq(before.id.0))
            .filter(app::Column::Version.eq(before.version))
            .exec(txn)
            .await
            .map_err(busy)?
            .rows_affected;
        if changed != 1 {
            return Err(StoreError::Conflict);
        }
        let after = read(txn, before.id).await?;
        audit_line(
            txn,
            actor,
            "call_application.save",
            (Some(before), Some(&after)),
        )
        .await?;
        Ok(after)
    }

    /// An application, whoever asks (the caller asks the policy).
    pub async fn application(&self, id: ApplicationId) -> Result<ApplicationRecord> {
        read(&self.db, id).await
    }

    /// An application read in a transaction (what a move starts from).
    pub async fn application_in(&self, tx: &Tx, id: ApplicationId) -> Result<ApplicationRecord> {
        read(tx.conn(), id).await
    }

    /// Writes a move the rules allowed, from `before` (at the version the person saw) to
    /// `to`, with what it carries, its history line and its audit line; if someone else
    /// moved first, nothing is written and the answer is [`StoreError::Conflict`]. Every move
    /// clears the reminder, so the next step is reminded once too.
    #[allow(clippy::too_many_arguments)]
    pub async fn write_application_move(
        &self,
        tx: &Tx,
        before: &ApplicationRecord,
        to: State,
        party: Party,
        m: &Move,
        w: &ApplicationWrite,
        actor: &Actor,
    ) -> Result<ApplicationRecord> {
        let txn = tx.conn();
        let now = Utc::now();
        let mut update = app::Entity::update_many()
            .col_expr(app::Column::State, Expr::value(to.code()))
            .col_expr(app::Column::Version, Expr::value(before.version + 1))
            .col_expr(app::Column::StateSince, Expr::value(now))
            .col_expr(app::Column::UpdatedAt, Expr::value(now))
            .col_expr(app::Column::RemindedAt, Expr::value(None::<DateTime<Utc>>));
        if let Some((seq, no)) = &w.receipt {
            update = update
                .col_expr(app::Column::ReceiptSeq, Expr::value(*seq))
                .col_expr(app::Column::ReceiptNo, Expr::value(no.clone()));
        }
        match m {
            Move::Submit => {
                update = update.col_expr(app::Column::SubmittedAt, Expr::value(now));
            }
            Move::Return { reason, due } => {
                update = update
                    .col_expr(app::Column::CorrectionReason, Expr::value(reason.clone()))
                    .col_expr(app::Column::CorrectionDue, Expr::value(*due));
            }
            Move::Refuse(reason) => {
                update = update.col_expr(app::Column::DecisionReason, Expr::value(reason.clone()));
            }
            Move::Decide { verdict, reason } => {
                let code = match verdict {
                    Verdict::Award => "award",
                    Verdict::Decline => "decline",
                };
                update = update
                    .col_expr(app::Column::Verdict, Expr::value(code))
                    .col_expr(app::Column::DecisionReason, Expr::value(reason.clone()))
                    .col_expr(app::Column::GrantedYen, Expr::value(w.granted_yen));
            }
            Move::Report => {
                update = update
                    .col_expr(app::Column::Report, Expr::value(w.report.clone()))
                    .col_expr(
                        app::Column::ReportDates,
                        Expr::value(serde_json::to_string(&w.report_dates).ok()),
                    );
            }
            Move::Settle(yen) => {
                update = update.col_expr(app::Column::FixedYen, Expr::value(*yen));
            }
            _ => {}
        }
        let moved = update
            .filter(app::Column::Id.eq(before.id.0))
            .filter(app::Column::Version.eq(before.version))
            .filter(app::Column::State.eq(before.state.code()))
            .exec(txn)
            .await
            .map_err(busy)?
            .rows_affected;
        if moved != 1 {
            return Err(StoreError::Conflict);
        }
        let note = m.note();
        let step = Step {
            party: party.code(),
            code: m.code(),
            from: before.state.code(),
            to: to.code(),
            note: &note,
        };
        history::write(txn, Table::CallApplications, before.id.0, step, actor).await?;
        let after = read(txn, before.id).await?;
        let action = match m {
            Move::HandOver => "call_application.hand_over",
            Move::Submit => "call_application.submit",
            Move::Return { .. } => "call_application.return",
            Move::Accept => "call_application.accept",
            Move::Refuse(_) => "call_application.refuse",
            Move::Decide { .. } => "call_application.decide",
            Move::Release(_) => "call_application.release",
            Move::Report => "call_application.report",
            Move::ReturnReport(_) => "call_application.return_report",
            Move::Settle(_) => "call_application.settle",
            Move::Withdraw => "call_application.withdraw",
        };
        audit_line(txn, actor, action, (Some(before), Some(&after))).await?;
        Ok(after)
    }

    /// An application's history, oldest first.
    pub async fn application_history(&self, id: ApplicationId) -> Result<Vec<ApplicationEvent>> {
        history::lines(&self.db, Table::CallApplications, id.0, State::from_code).await
    }

    /// A call's applications, oldest first.
    pub async fn applications_of_call(&self, call_id: i64) -> Result<Vec<ApplicationRecord>> {
        let rows = app::Entity::find()
            .filter(app::Column::CallId.eq(call_id))
            .order_by_asc(app::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// A call's applications in a state, read in a transaction (a release's sweep).
    pub async fn applications_in_state(
        &self,
        tx: &Tx,
        call_id: i64,
        state: State,
    ) -> Result<Vec<ApplicationRecord>> {
        let rows = app::Entity::find()
            .filter(app::Column::CallId.eq(call_id))
            .filter(app::Column::State.eq(state.code()))
            .order_by_asc(app::Column::Id)
            .all(tx.conn())
            .await?;
        Ok(readable(rows))
    }

    /// A company's applications to every call, newest first.
    pub async fn applications_of_company(
        &self,
        company: CompanyId,
    ) -> Result<Vec<ApplicationRecord>> {
        let rows = app::Entity::find()
            .filter(app::Column::CompanyId.eq(company.0))
            .order_by_desc(app::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// The applications whose open state began before the time given for it and whose step
    /// was not reminded yet, oldest first.
    pub async fn overdue_applications(
        &self,
        since: &[(State, DateTime<Utc>)],
    ) -> Result<Vec<ApplicationRecord>> {
        let columns = history::OverdueColumns {
            id: app::Column::Id,
            state: app::Column::State,
            state_since: app::Column::StateSince,
            reminded_at: app::Column::RemindedAt,
        };
        let since: Vec<_> = since.iter().map(|(s, t)| (s.code(), *t)).collect();
        let rows = history::overdue::<app::Entity>(&self.db, columns, &since).await?;
        Ok(readable(rows))
    }

    /// The returned applications whose day to correct has passed and whose step was not
    /// reminded yet.
    pub async fn returned_past_due(&self, today: NaiveDate) -> Result<Vec<ApplicationRecord>> {
        let rows = app::Entity::find()
            .filter(app::Column::State.eq(State::Returned.code()))
            .filter(app::Column::CorrectionDue.lt(today))
            .filter(app::Column::RemindedAt.is_null())
            .order_by_asc(app::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// Claims the one reminder of an application's overdue step: true for the one caller
    /// that gets it.
    pub async fn claim_application_reminder(
        &self,
        tx: &Tx,
        r: &ApplicationRecord,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let columns = history::ReminderColumns {
            id: app::Column::Id,
            version: app::Column::Version,
            reminded_at: app::Column::RemindedAt,
        };
        history::claim_reminder::<app::Entity>(tx.conn(), columns, (r.id.0, r.version), now).await
    }
}
