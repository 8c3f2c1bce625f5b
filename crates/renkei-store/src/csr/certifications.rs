//! A company's CSR challenge certification as the store keeps it: started (from nothing or
//! from the certification it renews, with its answers) with its first history line and audit
//! line; its answers saved from the version read while the company may still change them; a
//! move as a conditional update (`WHERE id AND version AND state`) with what it carries (the
//! interview, the committee's reasons, the number and the term, the publication, an end's
//! reason), its history and audit lines; the lists of a city, of a company and of the public
//! registry; and the renewal reminders 90 and 30 days before a term's end, each claimed once
//! whichever node comes first.

use chrono::{DateTime, NaiveDate, Utc};
use renkei_domain::city::CityCode;
use renkei_domain::csr::certification::{Move, Party, State};
use renkei_domain::csr::checklist::Answers;
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::Serialize;

use super::ChecklistId;
use crate::audit::{self, Actor, Change};
use crate::entity::csr_certification as cc;
use crate::history::{self, Step, Table};
use crate::kernel::busy;
use crate::records::{CompanyId, Unreadable, code, coded, found, known, readable};
use crate::tx::Tx;
use crate::{Result, Store, StoreError};

crate::records::id_type!(
    /// A certification's id.
    CertificationId
);

coded!(State);

/// A certification, at one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertificationRecord {
    pub id: CertificationId,
    pub city: CityCode,
    pub company_id: CompanyId,
    /// The checklist version its answers answer.
    pub checklist_id: ChecklistId,
    /// The certification it renews.
    pub previous_id: Option<CertificationId>,
    pub answers: Answers,
    #[serde(serialize_with = "code")]
    pub state: State,
    pub state_since: DateTime<Utc>,
    pub interview_on: Option<NaiveDate>,
    pub interview_attendees: String,
    pub interview_notes: String,
    pub decision_reason: String,
    pub return_reason: String,
    pub end_reason: String,
    pub number: Option<String>,
    pub certified_on: Option<NaiveDate>,
    pub term_ends_on: Option<NaiveDate>,
    pub published_at: Option<DateTime<Utc>>,
    /// Whether the 90- and the 30-day renewal reminders were sent.
    pub reminded: [bool; 2],
    pub version: i64,
    pub created_at: DateTime<Utc>,
}

impl TryFrom<cc::Model> for CertificationRecord {
    type Error = Unreadable;

    fn try_from(m: cc::Model) -> std::result::Result<Self, Unreadable> {
        const T: &str = "csr_certifications";
        let answers = serde_json::from_str(&m.answers).map_err(|_| Unreadable {
            table: T,
            id: m.id,
            field: "answers",
            code: m.answers.chars().take(80).collect(),
        })?;
        Ok(CertificationRecord {
            id: CertificationId(m.id),
            city: known(T, m.id, "city_code", &m.city_code, |c| {
                CityCode::parse(c).ok()
            })?,
            company_id: CompanyId(m.company_id),
            checklist_id: ChecklistId(m.checklist_id),
            previous_id: m.previous_id.map(CertificationId),
            answers,
            state: known(T, m.id, "state", &m.state, State::from_code)?,
            state_since: m.state_since,
            interview_on: m.interview_on,
            interview_attendees: m.interview_attendees,
            interview_notes: m.interview_notes,
            decision_reason: m.decision_reason,
            return_reason: m.return_reason,
            end_reason: m.end_reason,
            number: m.number,
            certified_on: m.certified_on,
            term_ends_on: m.term_ends_on,
            published_at: m.published_at,
            reminded: [m.reminded_early_at.is_some(), m.reminded_late_at.is_some()],
            version: m.version,
            created_at: m.created_at,
        })
    }
}

/// A history line of a certification.
pub type CertificationEvent = crate::history::HistoryLine<State>;

/// What a move writes besides its state: the interview's record, the number, the day
/// certified and the term's last day (a certification).
#[derive(Debug, Clone, Default)]
pub struct CertificationWrite {
    pub interview: Option<(NaiveDate, String, String)>,
    pub certified: Option<(String, NaiveDate, NaiveDate)>,
}

fn json(answers: &Answers) -> Result<String> {
    serde_json::to_string(answers).map_err(|e| StoreError::Setup(format!("answers JSON: {e}")))
}

async fn read(db: &impl ConnectionTrait, id: CertificationId) -> Result<CertificationRecord> {
    found(cc::Entity::find_by_id(id.0).one(db).await?)
}

async fn audit_line(
    db: &impl ConnectionTrait,
    actor: &Actor,
    action: &'static str,
    (before, after): (Option<&CertificationRecord>, &CertificationRecord),
) -> Result<()> {
    let change = Change {
        action,
        city: Some(&after.city),
        object_type: "csr_certification",
        object_id: after.id.to_string(),
        before,
        after: Some(after),
    };
    audit::record(db, actor, change).await
}

const OPEN: [State; 5] = [
    State::Draft,
    State::Applied,
    State::Returned,
    State::Checked,
    State::Interviewed,
];

impl Store {
    /// Starts a self-assessment of a company against a checklist version (renewing
    /// `previous`, whose answers it starts from), with its first history line and audit
    /// line, in the caller's transaction.
    pub async fn insert_certification(
        &self,
        tx: &Tx,
        (city, company, checklist): (&CityCode, CompanyId, ChecklistId),
        previous: Option<&CertificationRecord>,
        actor: &Actor,
    ) -> Result<CertificationRecord> {
        let now = Utc::now();
        let answers = previous.map(|p| p.answers.clone()).unwrap_or_default();
        let row = cc::ActiveModel {
            city_code: Set(city.to_string()),
            company_id: Set(company.0),
            checklist_id: Set(checklist.0),
            previous_id: Set(previous.map(|p| p.id.0)),
            answers: Set(json(&answers)?),
            state: Set(State::Draft.code().to_owned()),
            state_since: Set(now),
            interview_attendees: Set(String::new()),
            interview_notes: Set(String::new()),
            decision_reason: Set(String::new()),
            return_reason: Set(String::new()),
            end_reason: Set(String::new()),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(tx.conn())
        .await
        .map_err(busy)?;
        let r: CertificationRecord = found(Some(row))?;
        let draft = State::Draft.code();
        let step = Step {
            party: Party::Company.code(),
            code: if previous.is_some() { "renew" } else { "start" },
            from: draft,
            to: draft,
            note: "",
        };
        history::write(tx.conn(), Table::CsrCertifications, r.id.0, step, actor).await?;
        audit_line(tx.conn(), actor, "csr_certification.start", (None, &r)).await?;
        Ok(r)
    }

    /// A certification, whoever asks (the caller asks the policy).
    pub async fn certification(&self, id: CertificationId) -> Result<CertificationRecord> {
        read(&self.db, id).await
    }

    /// A certification, read in a transaction (what a move starts from).
    pub async fn certification_in(
        &self,
        tx: &Tx,
        id: CertificationId,
    ) -> Result<CertificationRecord> {
        read(tx.conn(), id).await
    }

    /// A city's certifications, newest first.
    pub async fn certifications_of_city(
        &self,
        city: &CityCode,
    ) -> Result<Vec<CertificationRecord>> {
        let rows = cc::Entity::find()
            .filter(cc::Column::CityCode.eq(city.to_string()))
            .order_by_desc(cc::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// A company's certifications, newest first.
    pub async fn certifications_of_company(
        &self,
        company: CompanyId,
    ) -> Result<Vec<CertificationRecord>> {
        let rows = cc::Entity::find()
            .filter(cc::Column::CompanyId.eq(company.0))
            .order_by_desc(cc::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// Whether a company has a certification under way (self-assessing to the decision).
    pub async fn open_certification_of(
        &self,
        tx: &Tx,
        company: CompanyId,
    ) -> Result<Option<CertificationRecord>> {
        let row = cc::Entity::find()
            .filter(cc::Column::CompanyId.eq(company.0))
            .filter(cc::Column::State.is_in(OPEN.map(|s| s.code())))
            .one(tx.conn())
            .await?;
        Ok(row.and_then(|m| CertificationRecord::try_from(m).ok()))
    }

    /// The published certifications (of one city, or of every one), by number.
    pub async fn csr_registry(&self, city: Option<&CityCode>) -> Result<Vec<CertificationRecord>> {
        let mut q = cc::Entity::find().filter(cc::Column::State.eq(State::Published.code()));
        if let Some(city) = city {
            q = q.filter(cc::Column::CityCode.eq(city.to_string()));
        }
        let rows = q.order_by_asc(cc::Column::Id).all(&self.db).await?;
        Ok(readable(rows))
    }

    /// Saves a company's answers from the version it read, while it may change them; a
    /// stale version or a state that no longer allows it is a [`StoreError::Conflict`].
    pub async fn save_answers(
        &self,
        before: &CertificationRecord,
        answers: &Answers,
        actor: &Actor,
    ) -> Result<CertificationRecord> {
        let tx = self.begin().await?;
        let editable = [State::Draft.code(), State::Returned.code()];
        let moved = cc::Entity::update_many()
            .col_expr(cc::Column::Answers, Expr::value(json(answers)?))
            .col_expr(cc::Column::Version, Expr::value(before.version + 1))
            .col_expr(cc::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(cc::Column::Id.eq(before.id.0))
            .filter(cc::Column::Version.eq(before.version))
            .filter(cc::Column::State.is_in(editable))
            .exec(tx.conn())
            .await
            .map_err(busy)?
            .rows_affected;
        if moved != 1 {
            return Err(StoreError::Conflict);
        }
        let after = read(tx.conn(), before.id).await?;
        audit_line(
            tx.conn(),
            actor,
            "csr_certification.answers",
            (Some(before), &after),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Writes a move the rules allowed, from `before` (at the version the person saw) to
    /// `to`, with what it carries, its history line and its audit line; if someone else moved
    /// first, nothing is written and the answer is [`StoreError::Conflict`].
    #[allow(clippy::too_many_arguments)]
    pub async fn write_certification_move(
        &self,
        tx: &Tx,
        before: &CertificationRecord,
        to: State,
        party: Party,
        m: &Move,
        w: &CertificationWrite,
        actor: &Actor,
    ) -> Result<CertificationRecord> {
        let txn = tx.conn();
        let now = Utc::now();
        let mut columns: Vec<(cc::Column, SimpleExpr)> = vec![
            (cc::Column::State, Expr::value(to.code())),
            (cc::Column::StateSince, Expr::value(now)),
            (cc::Column::Version, Expr::value(before.version + 1)),
            (cc::Column::UpdatedAt, Expr::value(now)),
        ];
        match m {
            Move::Return(t) => columns.push((cc::Column::ReturnReason, Expr::value(t.clone()))),
            Move::Certify(t) | Move::Refuse(t) => {
                columns.push((cc::Column::DecisionReason, Expr::value(t.clone())))
            }
            Move::Lapse(t) | Move::Withdraw(t) => {
                columns.push((cc::Column::EndReason, Expr::value(t.clone())))
            }
            Move::Publish => columns.push((cc::Column::PublishedAt, Expr::value(now))),
            Move::Apply | Move::CheckEvidence | Move::Interview => {}
        }
        if let Some((day, attendees, notes)) = &w.interview {
            columns.push((cc::Column::InterviewOn, Expr::value(*day)));
            columns.push((
                cc::Column::InterviewAttendees,
                Expr::value(attendees.clone()),
            ));
            columns.push((cc::Column::InterviewNotes, Expr::value(notes.clone())));
        }
        if let Some((number, on, ends)) = &w.certified {
            columns.push((cc::Column::Number, Expr::value(number.clone())));
            columns.push((cc::Column::CertifiedOn, Expr::value(*on)));
            columns.push((cc::Column::TermEndsOn, Expr::value(*ends)));
        }
        let mut update = cc::Entity::update_many();
        for (column, value) in columns {
            update = update.col_expr(column, value);
        }
        let moved = update
            .filter(cc::Column::Id.eq(before.id.0))
            .filter(cc::Column::Version.eq(before.version))
            .filter(cc::Column::State.eq(before.state.code()))
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
        history::write(txn, Table::CsrCertifications, before.id.0, step, actor).await?;
        let after = read(txn, before.id).await?;
        let action = match m {
            Move::Apply => "csr_certification.apply",
            Move::Return(_) => "csr_certification.return",
            Move::CheckEvidence => "csr_certification.check",
            Move::Interview => "csr_certification.interview",
            Move::Certify(_) => "csr_certification.certify",
            Move::Refuse(_) => "csr_certification.refuse",
            Move::Publish => "csr_certification.publish",
            Move::Lapse(_) => "csr_certification.lapse",
            Move::Withdraw(_) => "csr_certification.withdraw",
        };
        audit_line(txn, actor, action, (Some(before), &after)).await?;
        Ok(after)
    }

    /// A certification's history, oldest first.
    pub async fn certification_history(
        &self,
        id: CertificationId,
    ) -> Result<Vec<CertificationEvent>> {
        history::lines(&self.db, Table::CsrCertifications, id.0, State::from_code).await
    }

    /// The certifications held (certified or published) whose term ends between `today`
    /// and `last` and whose last reminder was not sent yet.
    pub async fn renewals_due(
        &self,
        today: NaiveDate,
        last: NaiveDate,
    ) -> Result<Vec<CertificationRecord>> {
        let held = [State::Certified.code(), State::Published.code()];
        let rows = cc::Entity::find()
            .filter(cc::Column::State.is_in(held))
            .filter(cc::Column::TermEndsOn.gte(today))
            .filter(cc::Column::TermEndsOn.lte(last))
            .filter(cc::Column::RemindedLateAt.is_null())
            .order_by_asc(cc::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// The certifications still held whose term ended before `today` (to lapse), oldest first.
    pub async fn terms_ended(&self, today: NaiveDate) -> Result<Vec<CertificationRecord>> {
        let held = [State::Certified.code(), State::Published.code()];
        let rows = cc::Entity::find()
            .filter(cc::Column::State.is_in(held))
            .filter(cc::Column::TermEndsOn.lt(today))
            .order_by_asc(cc::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// Claims a renewal reminder (`late`: the 30-day one, which also stands for the 90-day
    /// one not sent; else the 90-day one): true for the one caller that gets it.
    pub async fn claim_renewal_reminder(
        &self,
        tx: &Tx,
        id: CertificationId,
        late: bool,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let mut update = cc::Entity::update_many().filter(cc::Column::Id.eq(id.0));
        update = if late {
            update
                .col_expr(cc::Column::RemindedLateAt, Expr::value(Some(now)))
                .filter(cc::Column::RemindedLateAt.is_null())
        } else {
            update
                .col_expr(cc::Column::RemindedEarlyAt, Expr::value(Some(now)))
                .filter(cc::Column::RemindedEarlyAt.is_null())
                .filter(cc::Column::RemindedLateAt.is_null())
        };
        let claimed = update.exec(tx.conn()).await.map_err(busy)?.rows_affected;
        Ok(claimed == 1)
    }
}
