//! A workflow's history line, written once for the workflows whose history tables share
//! their columns: after the id of the record it is of, when, the party, the move, the states
//! from and to, the move's words (where the table keeps them) and who acted. Each move writes
//! its line in its own transaction (see each workflow's store module).

use chrono::Utc;
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{Alias, Expr, Query, SimpleExpr};

use crate::Result;
use crate::audit::Actor;

/// A workflow's history table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Table {
    /// A company's request to be registered.
    CompanyRegistrations,
    /// An event's registration.
    EventRegistrations,
    /// A 商談会's meeting request (no words kept).
    MeetingRequests,
    /// A consultation case.
    Consultations,
    /// An expert dispatch.
    Dispatches,
    /// A bridge request to a national body.
    Bridges,
    /// A partner request's candidate.
    PartnerCandidates,
    /// A call's phases.
    Calls,
    /// An application to a call.
    CallApplications,
    /// A request for help across cities.
    HelpRequests,
    /// A referral's step prepared for an officer's approval.
    ReferralPreparations,
    /// A company's CSR challenge certification.
    CsrCertifications,
    /// A supported company's contribution.
    CsrContributions,
    /// A matching request between certified companies.
    CsrMatching,
}

impl Table {
    /// The table, the column naming the record, and whether a line keeps the move's words.
    fn names(self) -> (&'static str, &'static str, bool) {
        match self {
            Table::CompanyRegistrations => ("company_registration_events", "registration_id", true),
            Table::EventRegistrations => ("event_registration_events", "registration_id", true),
            Table::MeetingRequests => ("event_meeting_request_events", "request_id", false),
            Table::Consultations => ("consultation_events", "consultation_id", true),
            Table::Dispatches => ("dispatch_events", "dispatch_id", true),
            Table::Bridges => ("bridge_events", "bridge_id", true),
            Table::PartnerCandidates => ("partner_candidate_events", "candidate_id", true),
            Table::Calls => ("call_events", "call_id", true),
            Table::CallApplications => ("call_application_events", "application_id", true),
            Table::HelpRequests => ("help_request_events", "request_id", true),
            Table::ReferralPreparations => ("referral_preparation_events", "preparation_id", true),
            Table::CsrCertifications => ("csr_certification_events", "certification_id", true),
            Table::CsrContributions => ("csr_contribution_events", "contribution_id", true),
            Table::CsrMatching => ("csr_matching_request_events", "request_id", true),
        }
    }
}

/// One step of a record's history: who (the party's code) made which move from which state
/// to which, with what words.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Step<'a> {
    pub party: &'a str,
    pub code: &'a str,
    pub from: &'a str,
    pub to: &'a str,
    pub note: &'a str,
}

/// Writes the line of `step` of the record `id` to its history `table`.
pub(crate) async fn write(
    db: &impl ConnectionTrait,
    table: Table,
    id: i64,
    step: Step<'_>,
    actor: &Actor,
) -> Result<()> {
    let (name, record, words) = table.names();
    let mut columns = vec![record, "at", "party", "move", "from_state", "to_state"];
    let mut values: Vec<SimpleExpr> = vec![
        Expr::value(id),
        Expr::value(Utc::now()),
        Expr::value(step.party),
        Expr::value(step.code),
        Expr::value(step.from),
        Expr::value(step.to),
    ];
    if words {
        columns.push("note");
        values.push(Expr::value(step.note));
    }
    columns.extend(["actor_id", "actor_label"]);
    values.extend([Expr::value(actor.id), Expr::value(actor.label.as_str())]);
    let insert = Query::insert()
        .into_table(Alias::new(name))
        .columns(columns.into_iter().map(Alias::new))
        .values_panic(values)
        .to_owned();
    db.execute(&insert).await?;
    Ok(())
}

/// The columns a workflow's record is reminded by: its id, its version and when its current
/// step was reminded (cleared by every move).
pub(crate) struct ReminderColumns<C> {
    pub id: C,
    pub version: C,
    pub reminded_at: C,
}

/// Claims the one reminder of a record's overdue step: marks it reminded at `now` if it is
/// still at `version` and was not reminded yet. True for the one caller that gets it (a
/// conditional update; several nodes at once send one).
pub(crate) async fn claim_reminder<E: sea_orm::EntityTrait>(
    db: &impl ConnectionTrait,
    columns: ReminderColumns<E::Column>,
    (id, version): (i64, i64),
    now: chrono::DateTime<Utc>,
) -> Result<bool> {
    use sea_orm::{ColumnTrait, QueryFilter};
    let claimed = E::update_many()
        .col_expr(columns.reminded_at, Expr::value(Some(now)))
        .filter(columns.id.eq(id))
        .filter(columns.version.eq(version))
        .filter(columns.reminded_at.is_null())
        .exec(db)
        .await
        .map_err(crate::kernel::busy)?
        .rows_affected;
    Ok(claimed == 1)
}

/// The columns a workflow's overdue steps are found by.
pub(crate) struct OverdueColumns<C> {
    pub id: C,
    pub state: C,
    pub state_since: C,
    pub reminded_at: C,
}

/// The rows whose open state (by its code) began before the time given for it and whose
/// step was not reminded yet, oldest first: `since` pairs each state's code with its limit.
pub(crate) async fn overdue<E: sea_orm::EntityTrait>(
    db: &impl ConnectionTrait,
    columns: OverdueColumns<E::Column>,
    since: &[(&'static str, chrono::DateTime<Utc>)],
) -> Result<Vec<E::Model>> {
    use sea_orm::{ColumnTrait, Condition, QueryFilter, QueryOrder};
    let mut any = Condition::any();
    for (state, before) in since {
        any = any.add(
            Condition::all()
                .add(columns.state.eq(*state))
                .add(columns.state_since.lt(*before)),
        );
    }
    Ok(E::find()
        .filter(any)
        .filter(columns.reminded_at.is_null())
        .order_by_asc(columns.id)
        .all(db)
        .await?)
}

/// A line of a workflow's history, as its page shows it: when, the party's and the move's
/// codes, the state it moved to (none for a code this version does not know), its words and
/// who acted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryLine<S> {
    pub at: chrono::DateTime<Utc>,
    pub party: String,
    pub move_code: String,
    pub to_state: Option<S>,
    pub note: String,
    pub actor_label: String,
}

/// The history of the record `id` in `table` (one that keeps the move's words), oldest
/// first; `state` reads a state's code.
pub(crate) async fn lines<S>(
    db: &impl ConnectionTrait,
    table: Table,
    id: i64,
    state: impl Fn(&str) -> Option<S>,
) -> Result<Vec<HistoryLine<S>>> {
    use sea_orm::sea_query::ExprTrait;
    let (name, record, _) = table.names();
    let columns = ["at", "party", "move", "to_state", "note", "actor_label"];
    let select = Query::select()
        .columns(columns.map(Alias::new))
        .from(Alias::new(name))
        .and_where(Expr::col(Alias::new(record)).eq(id))
        .order_by(Alias::new("id"), sea_orm::sea_query::Order::Asc)
        .to_owned();
    let rows = db.query_all(&select).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let to: String = r.try_get("", "to_state")?;
        out.push(HistoryLine {
            at: r.try_get("", "at")?,
            party: r.try_get("", "party")?,
            move_code: r.try_get("", "move")?,
            to_state: state(&to),
            note: r.try_get("", "note")?,
            actor_label: r.try_get("", "actor_label")?,
        });
    }
    Ok(out)
}
