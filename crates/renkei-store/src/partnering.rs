//! Partner requests (連携先探し: inter-company brokering, clinical and verification sites) as
//! the store keeps them: a request opened on a consultation case in the caller's
//! transaction; its candidates, added with their first history line; a candidate's move as a
//! conditional update (`WHERE id AND version AND state`) with what it carries (the company's
//! consent with its wording, the outcome), its history and audit lines; the request's close
//! (a conditional update, in the caller's transaction, with the support record it became);
//! overdue candidates and their one reminder; the requests of a period for the counts. No
//! words and no mail (the caller composes them) and no decision on who may move
//! (`renkei_domain::partnering`).

use chrono::{DateTime, Utc};
use renkei_domain::city::CityCode;
use renkei_domain::partnering::{CandidateOutcome, Move, Outcome, Party, Purpose, Source, State};
use sea_orm::sea_query::{Expr, ExprTrait, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::Serialize;

use crate::audit::{self, Actor, Change};
use crate::entity::partner_candidate as cand;
use crate::entity::partner_request as req;
use crate::history::{self, Step, Table};
use crate::kernel::busy;
use crate::records::{
    CompanyId, ProductId, Unreadable, code, coded, found, known, optional_code, readable,
};
use crate::tx::Tx;
use crate::{ConsultationId, ConsultationRecord, Result, Store, StoreError};

crate::records::id_type!(
    /// A partner request's id.
    PartnerRequestId
);

crate::records::id_type!(
    /// A partner request's candidate's id.
    CandidateId
);

coded!(State, Outcome, Purpose, Source, CandidateOutcome);

/// The request's one move besides its candidates': open until closed with its outcome.
pub const OPEN: &str = "open";
pub const CLOSED: &str = "closed";

/// A partner request, at one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartnerRequestRecord {
    pub id: PartnerRequestId,
    pub consultation_id: ConsultationId,
    /// The case's city.
    pub city: CityCode,
    pub company_id: CompanyId,
    pub product_id: Option<ProductId>,
    #[serde(serialize_with = "code")]
    pub purpose: Purpose,
    pub kind: String,
    pub detail: String,
    pub words: String,
    pub call_id: Option<i64>,
    /// Open until closed with its outcome.
    pub open: bool,
    #[serde(serialize_with = "optional_code")]
    pub outcome: Option<Outcome>,
    pub outcome_text: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    pub support_record_id: Option<i64>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
}

impl TryFrom<req::Model> for PartnerRequestRecord {
    type Error = Unreadable;

    fn try_from(m: req::Model) -> std::result::Result<Self, Unreadable> {
        const T: &str = "partner_requests";
        let city = known(T, m.id, "city_code", &m.city_code, |c| {
            CityCode::parse(c).ok()
        })?;
        let purpose = known(T, m.id, "purpose", &m.purpose, Purpose::from_code)?;
        let outcome = match &m.outcome {
            Some(o) => Some(known(T, m.id, "outcome", o, Outcome::from_code)?),
            None => None,
        };
        Ok(PartnerRequestRecord {
            id: PartnerRequestId(m.id),
            consultation_id: ConsultationId(m.consultation_id),
            city,
            company_id: CompanyId(m.company_id),
            product_id: m.product_id.map(ProductId),
            purpose,
            kind: m.kind,
            detail: m.detail,
            words: m.words,
            call_id: m.call_id,
            open: m.state == OPEN,
            outcome,
            outcome_text: m.outcome_text,
            closed_at: m.closed_at,
            support_record_id: m.support_record_id,
            version: m.version,
            created_at: m.created_at,
        })
    }
}

/// The company's consent to what is shared with a candidate, as kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CandidateConsent {
    pub user_id: Option<i64>,
    pub by: String,
    pub at: DateTime<Utc>,
    pub items: String,
    pub purpose: String,
    pub wording: String,
    pub wording_version: String,
}

/// A candidate and its approach, at one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CandidateRecord {
    pub id: CandidateId,
    pub request_id: PartnerRequestId,
    #[serde(serialize_with = "code")]
    pub source: Source,
    pub company_id: Option<CompanyId>,
    pub target_id: Option<i64>,
    /// The coordinator's site it was taken up from (`SiteRecord`), if it was.
    pub site_id: Option<i64>,
    pub name: String,
    /// The candidate's designated city, if it is in one.
    pub city: Option<CityCode>,
    pub note: String,
    #[serde(serialize_with = "code")]
    pub state: State,
    pub state_since: DateTime<Utc>,
    pub consent: Option<CandidateConsent>,
    #[serde(serialize_with = "optional_code")]
    pub outcome: Option<CandidateOutcome>,
    pub outcome_text: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
}

impl TryFrom<cand::Model> for CandidateRecord {
    type Error = Unreadable;

    fn try_from(m: cand::Model) -> std::result::Result<Self, Unreadable> {
        const T: &str = "partner_candidates";
        let city = match &m.city_code {
            Some(c) => Some(known(T, m.id, "city_code", c, |c| CityCode::parse(c).ok())?),
            None => None,
        };
        let source = known(T, m.id, "source", &m.source, Source::from_code)?;
        let state = known(T, m.id, "state", &m.state, State::from_code)?;
        let outcome = match &m.outcome {
            Some(o) => Some(known(T, m.id, "outcome", o, CandidateOutcome::from_code)?),
            None => None,
        };
        let consent = m.consent_at.map(|at| CandidateConsent {
            user_id: m.consent_user_id,
            by: m.consent_by_label.unwrap_or_default(),
            at,
            items: m.consent_items.unwrap_or_default(),
            purpose: m.consent_purpose.unwrap_or_default(),
            wording: m.consent_wording.unwrap_or_default(),
            wording_version: m.consent_wording_version.unwrap_or_default(),
        });
        Ok(CandidateRecord {
            id: CandidateId(m.id),
            request_id: PartnerRequestId(m.request_id),
            source,
            company_id: m.candidate_company_id.map(CompanyId),
            target_id: m.target_id,
            site_id: m.site_id,
            name: m.name,
            city,
            note: m.note,
            state,
            state_since: m.state_since,
            consent,
            outcome,
            outcome_text: m.outcome_text,
            version: m.version,
            created_at: m.created_at,
        })
    }
}

/// A candidate with its request: what a candidate's move reads and writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidacy {
    pub request: PartnerRequestRecord,
    pub candidate: CandidateRecord,
}

impl Candidacy {
    /// Whether approaching the candidate shares the company's information outside the case's
    /// city (another city, or none known).
    pub fn crosses_city(&self) -> bool {
        self.candidate.city != Some(self.request.city)
    }
}

/// A history line of a candidate.
pub type CandidateEvent = history::HistoryLine<State>;

/// A request being opened on a case.
#[derive(Debug, Clone)]
pub struct RequestOpening<'a> {
    pub case: &'a ConsultationRecord,
    pub purpose: Purpose,
    pub kind: &'a str,
    pub detail: &'a str,
    pub words: &'a str,
    pub call_id: Option<i64>,
}

/// A candidate being added.
#[derive(Debug, Clone)]
pub struct NewCandidate {
    pub source: Source,
    pub company_id: Option<CompanyId>,
    pub target_id: Option<i64>,
    pub site_id: Option<i64>,
    pub name: String,
    pub city: Option<CityCode>,
    pub note: String,
}

/// What a candidate's move writes besides its state: the consent (consenting).
#[derive(Debug, Clone, Default)]
pub struct CandidateWrite {
    pub consent: Option<CandidateConsent>,
}

async fn read_request(
    db: &impl ConnectionTrait,
    id: PartnerRequestId,
) -> Result<PartnerRequestRecord> {
    found(req::Entity::find_by_id(id.0).one(db).await?)
}

async fn read_candidacy(db: &impl ConnectionTrait, id: CandidateId) -> Result<Candidacy> {
    let candidate: CandidateRecord = found(cand::Entity::find_by_id(id.0).one(db).await?)?;
    let request = read_request(db, candidate.request_id).await?;
    Ok(Candidacy { request, candidate })
}

async fn audit_line<T: Serialize>(
    db: &impl ConnectionTrait,
    actor: &Actor,
    (action, object_type, id, city): (&'static str, &'static str, i64, &CityCode),
    (before, after): (Option<&T>, &T),
) -> Result<()> {
    let change = Change {
        action,
        city: Some(city),
        object_type,
        object_id: id.to_string(),
        before,
        after: Some(after),
    };
    audit::record(db, actor, change).await
}

/// The columns a move sets besides its state.
fn move_columns(m: &Move, w: &CandidateWrite) -> Vec<(cand::Column, SimpleExpr)> {
    match (m, &w.consent) {
        (Move::Consent, Some(c)) => vec![
            (cand::Column::ConsentUserId, Expr::value(c.user_id)),
            (cand::Column::ConsentByLabel, Expr::value(c.by.clone())),
            (cand::Column::ConsentAt, Expr::value(c.at)),
            (cand::Column::ConsentItems, Expr::value(c.items.clone())),
            (cand::Column::ConsentPurpose, Expr::value(c.purpose.clone())),
            (cand::Column::ConsentWording, Expr::value(c.wording.clone())),
            (
                cand::Column::ConsentWordingVersion,
                Expr::value(c.wording_version.clone()),
            ),
        ],
        (Move::Conclude(outcome, text), _) => vec![
            (cand::Column::Outcome, Expr::value(outcome.code())),
            (cand::Column::OutcomeText, Expr::value(text.clone())),
        ],
        _ => Vec::new(),
    }
}

impl Store {
    /// Opens a request on a case, with its audit line, in the caller's transaction.
    pub async fn insert_partner_request(
        &self,
        tx: &Tx,
        o: &RequestOpening<'_>,
        actor: &Actor,
    ) -> Result<PartnerRequestRecord> {
        let now = Utc::now();
        let inserted = req::ActiveModel {
            consultation_id: Set(o.case.id.0),
            city_code: Set(o.case.city.to_string()),
            company_id: Set(o.case.company_id.0),
            product_id: Set(o.case.product_id.map(|p| p.0)),
            purpose: Set(o.purpose.code().to_owned()),
            kind: Set(o.kind.to_owned()),
            detail: Set(o.detail.to_owned()),
            words: Set(o.words.to_owned()),
            call_id: Set(o.call_id),
            state: Set(OPEN.to_owned()),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(tx.conn())
        .await?;
        let r: PartnerRequestRecord = found(Some(inserted))?;
        let what = ("partner_request.open", "partner_request", r.id.0, &r.city);
        audit_line(tx.conn(), actor, what, (None, &r)).await?;
        Ok(r)
    }

    /// A request, whoever asks (the caller asks the policy).
    pub async fn partner_request(&self, id: PartnerRequestId) -> Result<PartnerRequestRecord> {
        read_request(&self.db, id).await
    }

    /// A case's requests, oldest first.
    pub async fn partner_requests_of_case(
        &self,
        case: ConsultationId,
    ) -> Result<Vec<PartnerRequestRecord>> {
        let rows = req::Entity::find()
            .filter(req::Column::ConsultationId.eq(case.0))
            .order_by_asc(req::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// Every request opened in `[from, to)`, for the counts.
    pub async fn partner_requests_opened(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<PartnerRequestRecord>> {
        let rows = req::Entity::find()
            .filter(req::Column::CreatedAt.gte(from))
            .filter(req::Column::CreatedAt.lt(to))
            .order_by_asc(req::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// A request's candidates, oldest first.
    pub async fn partner_candidates(&self, id: PartnerRequestId) -> Result<Vec<CandidateRecord>> {
        let rows = cand::Entity::find()
            .filter(cand::Column::RequestId.eq(id.0))
            .order_by_asc(cand::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// A candidate with its request.
    pub async fn candidacy(&self, id: CandidateId) -> Result<Candidacy> {
        read_candidacy(&self.db, id).await
    }

    /// A candidate with its request, read in a transaction (what a move starts from).
    pub async fn candidacy_in(&self, tx: &Tx, id: CandidateId) -> Result<Candidacy> {
        read_candidacy(tx.conn(), id).await
    }

    /// Adds a candidate to an open request, suggested, with its first history line and its
    /// audit line, in the caller's transaction, moving the request's version on; a closed
    /// request is [`StoreError::Conflict`].
    pub async fn insert_partner_candidate(
        &self,
        tx: &Tx,
        r: &PartnerRequestRecord,
        c: &NewCandidate,
        actor: &Actor,
    ) -> Result<CandidateRecord> {
        let txn = tx.conn();
        let now = Utc::now();
        // The request's version moves with each candidate added, so that a close made from
        // the list as it was read conflicts with an addition made meanwhile.
        let bumped = req::Entity::update_many()
            .col_expr(req::Column::Version, Expr::col(req::Column::Version).add(1))
            .col_expr(req::Column::UpdatedAt, Expr::value(now))
            .filter(req::Column::Id.eq(r.id.0))
            .filter(req::Column::State.eq(OPEN))
            // From the list as read: two people adding the same candidate at once cannot
            // both pass the check for it made on that list.
            .filter(req::Column::Version.eq(r.version))
            .exec(txn)
            .await
            .map_err(busy)?
            .rows_affected;
        if bumped != 1 {
            return Err(StoreError::Conflict);
        }
        let inserted = cand::ActiveModel {
            request_id: Set(r.id.0),
            source: Set(c.source.code().to_owned()),
            candidate_company_id: Set(c.company_id.map(|c| c.0)),
            target_id: Set(c.target_id),
            site_id: Set(c.site_id),
            name: Set(c.name.clone()),
            city_code: Set(c.city.map(|c| c.to_string())),
            note: Set(c.note.clone()),
            state: Set(State::Suggested.code().to_owned()),
            state_since: Set(now),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        let record: CandidateRecord = found(Some(inserted))?;
        let suggested = State::Suggested.code();
        let step = Step {
            party: Party::Desk.code(),
            code: "add",
            from: suggested,
            to: suggested,
            note: &record.note,
        };
        history::write(txn, Table::PartnerCandidates, record.id.0, step, actor).await?;
        let what = (
            "partner_candidate.add",
            "partner_candidate",
            record.id.0,
            &r.city,
        );
        audit_line(txn, actor, what, (None, &record)).await?;
        Ok(record)
    }

    /// Writes a candidate's move the rules allowed, from `before` (at the version the person
    /// saw) to `to`, with what it carries, its history line and its audit line; if someone
    /// else moved first, nothing is written and the answer is [`StoreError::Conflict`].
    /// Every move clears the reminder.
    #[allow(clippy::too_many_arguments)]
    pub async fn write_candidate_move(
        &self,
        tx: &Tx,
        before: &Candidacy,
        to: State,
        party: Party,
        m: &Move,
        w: &CandidateWrite,
        actor: &Actor,
    ) -> Result<Candidacy> {
        let txn = tx.conn();
        let now = Utc::now();
        let b = &before.candidate;
        let mut update = cand::Entity::update_many()
            .col_expr(cand::Column::State, Expr::value(to.code()))
            .col_expr(cand::Column::Version, Expr::value(b.version + 1))
            .col_expr(cand::Column::StateSince, Expr::value(now))
            .col_expr(cand::Column::UpdatedAt, Expr::value(now))
            .col_expr(cand::Column::RemindedAt, Expr::value(None::<DateTime<Utc>>));
        for (column, value) in move_columns(m, w) {
            update = update.col_expr(column, value);
        }
        let moved = update
            .filter(cand::Column::Id.eq(b.id.0))
            .filter(cand::Column::Version.eq(b.version))
            .filter(cand::Column::State.eq(b.state.code()))
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
            from: b.state.code(),
            to: to.code(),
            note: &note,
        };
        history::write(txn, Table::PartnerCandidates, b.id.0, step, actor).await?;
        let after = read_candidacy(txn, b.id).await?;
        let action = match m {
            Move::AskConsent => "partner_candidate.ask_consent",
            Move::Consent => "partner_candidate.consent",
            Move::Refuse => "partner_candidate.refuse",
            Move::Approach(_) => "partner_candidate.approach",
            Move::Agree(_) => "partner_candidate.agree",
            Move::Decline(_) => "partner_candidate.decline",
            Move::Introduce(_) => "partner_candidate.introduce",
            Move::Conclude(..) => "partner_candidate.conclude",
            Move::Withdraw(_) => "partner_candidate.withdraw",
        };
        let what = (action, "partner_candidate", b.id.0, &before.request.city);
        audit_line(txn, actor, what, (Some(b), &after.candidate)).await?;
        Ok(after)
    }

    /// Closes an open request with its outcome, from the version read, in the caller's
    /// transaction (a stale version, or a closed request, is [`StoreError::Conflict`]), with
    /// the support record it became, and its audit line.
    pub async fn close_partner_request(
        &self,
        tx: &Tx,
        before: &PartnerRequestRecord,
        version: i64,
        (outcome, text): (Outcome, &str),
        support: Option<i64>,
        actor: &Actor,
    ) -> Result<PartnerRequestRecord> {
        let now = Utc::now();
        let changed = req::Entity::update_many()
            .col_expr(req::Column::State, Expr::value(CLOSED))
            .col_expr(req::Column::Outcome, Expr::value(outcome.code()))
            .col_expr(req::Column::OutcomeText, Expr::value(text))
            .col_expr(req::Column::ClosedAt, Expr::value(now))
            .col_expr(req::Column::SupportRecordId, Expr::value(support))
            .col_expr(req::Column::Version, Expr::value(version + 1))
            .col_expr(req::Column::UpdatedAt, Expr::value(now))
            .filter(req::Column::Id.eq(before.id.0))
            .filter(req::Column::Version.eq(version))
            .filter(req::Column::State.eq(OPEN))
            .exec(tx.conn())
            .await
            .map_err(busy)?
            .rows_affected;
        if changed != 1 {
            return Err(StoreError::Conflict);
        }
        let after = read_request(tx.conn(), before.id).await?;
        let what = (
            "partner_request.close",
            "partner_request",
            after.id.0,
            &after.city,
        );
        audit_line(tx.conn(), actor, what, (Some(before), &after)).await?;
        Ok(after)
    }

    /// A candidate's history, oldest first.
    pub async fn candidate_history(&self, id: CandidateId) -> Result<Vec<CandidateEvent>> {
        history::lines(&self.db, Table::PartnerCandidates, id.0, State::from_code).await
    }

    /// The open candidates not reminded yet whose state began before the time given for it.
    pub async fn overdue_candidates(
        &self,
        since: &[(State, DateTime<Utc>)],
    ) -> Result<Vec<Candidacy>> {
        let columns = history::OverdueColumns {
            id: cand::Column::Id,
            state: cand::Column::State,
            state_since: cand::Column::StateSince,
            reminded_at: cand::Column::RemindedAt,
        };
        let since: Vec<(&'static str, DateTime<Utc>)> =
            since.iter().map(|(s, t)| (s.code(), *t)).collect();
        let rows = history::overdue::<cand::Entity>(&self.db, columns, &since).await?;
        let mut out = Vec::new();
        for candidate in readable::<_, CandidateRecord>(rows) {
            let request = read_request(&self.db, candidate.request_id).await?;
            out.push(Candidacy { request, candidate });
        }
        Ok(out)
    }

    /// Claims the one reminder of a candidate's overdue step: true for the one caller that
    /// gets it.
    pub async fn claim_candidate_reminder(
        &self,
        tx: &Tx,
        c: &CandidateRecord,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let columns = history::ReminderColumns {
            id: cand::Column::Id,
            version: cand::Column::Version,
            reminded_at: cand::Column::RemindedAt,
        };
        history::claim_reminder::<cand::Entity>(tx.conn(), columns, (c.id.0, c.version), now).await
    }
}
