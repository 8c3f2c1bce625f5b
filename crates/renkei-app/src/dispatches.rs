//! Expert dispatch (専門家派遣) as a workflow of the one mechanism
//! (`renkei_domain::dispatch::Dispatch`), asked for on a consultation case. [`DispatchFlow`]
//! is what the engine needs besides: the dispatch in the store, the checks of its moves
//! (approving keeps the company within its city's yearly cap of visits, closing needs a
//! visit), the close's side effect (the expert's report becomes a support record on the
//! case's product, for the measure of the dispatch's field), who is told (the company of the
//! desk's decision and the close; the desk of a request or a cancellation; the one working
//! the case), and the steps overdue, reminded once each.
//!
//! A dispatch belongs to its case: it is read by whoever may read the case
//! (`Resource::Consultation`), asked for by the company or those who work the case
//! ([`request`]), approved by the case's city's staff. The roster ([`experts`]) and the cap
//! are the city's records. [`Totals`] counts dispatches, visits, hours and fees by company,
//! measure and fiscal year.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use renkei_domain::FieldError;
use renkei_domain::access::{Action, Resource, Role};
use renkei_domain::dispatch::{
    self, Dispatch, DispatchDraft, ExpertDraft, Move, Party, Refusal, State, VisitDraft,
};
use renkei_domain::jdate::fiscal_year;
use renkei_domain::product::{Provider, Support};
use renkei_domain::workflow;
use renkei_store::{
    Actor, ConsultationRecord, DispatchId, DispatchOpening, DispatchRecord, DispatchVisit,
    DispatchWithVisits, ExpertId, ExpertRecord, Notice, Result, Store, StoreError, Tx, UserRecord,
};

use crate::App;
use crate::access::{Caller, Checked, Denied, signed_in};
use crate::consultations::{self as cases, today};
use crate::workflow::{Flow, Overdue, make_move_in, overdue_since, overdue_steps, tell};

/// The dispatch's record, checks, side effects and notices, for the engine.
pub struct DispatchFlow<'a> {
    app: &'a App,
}

impl<'a> DispatchFlow<'a> {
    pub fn new(app: &'a App) -> Self {
        DispatchFlow { app }
    }

    fn store(&self) -> &Store {
        self.app.store()
    }
}

/// What a move needs besides itself: the fiscal year approving counts it in, the company's
/// cap and the visits it already used that year, the visits recorded on the dispatch. An
/// approval reads the cap and the visits used in the move's transaction, with the city's
/// settings row locked: two approvals at the same moment cannot both pass the cap.
#[derive(Debug, Clone, Copy, Default)]
pub struct MoveInput {
    pub fiscal_year: i32,
    pub cap: i32,
    pub used: i64,
    pub visits: usize,
}

impl Flow for DispatchFlow<'_> {
    type W = Dispatch;
    type Record = DispatchRecord;
    type Id = DispatchId;
    type Input = MoveInput;

    fn state(r: &DispatchRecord) -> State {
        r.state
    }

    fn version(r: &DispatchRecord) -> i64 {
        r.version
    }

    fn id(r: &DispatchRecord) -> DispatchId {
        r.id
    }

    async fn load(&self, tx: &Tx, id: DispatchId) -> Result<DispatchRecord> {
        self.store().dispatch_in(tx, id).await
    }

    fn check(
        &self,
        before: &DispatchRecord,
        m: &Move,
        i: &MoveInput,
    ) -> std::result::Result<(), Refusal> {
        match m {
            Move::Approve if !dispatch::within_cap(i.cap, i.used, before.planned_visits) => {
                Err(Refusal::Unmet("cap"))
            }
            Move::Close(_) if i.visits == 0 => Err(Refusal::Unmet("visits")),
            Move::Cancel(_) if i.visits > 0 => Err(Refusal::Unmet("visited")),
            _ => Ok(()),
        }
    }

    async fn write(
        &self,
        tx: &Tx,
        before: &DispatchRecord,
        to: State,
        party: Party,
        m: &Move,
        input: &MoveInput,
        actor: &Actor,
    ) -> Result<DispatchRecord> {
        self.store()
            .write_dispatch_move(tx, before, to, party, m, input.fiscal_year, actor)
            .await
    }

    /// Closing with the expert's report: a support record on the case's product (if it is
    /// still active), for the measure of the dispatch's field, provided by the desk's city.
    async fn effects(
        &self,
        tx: &Tx,
        after: &DispatchRecord,
        m: &Move,
        actor: &Actor,
    ) -> Result<()> {
        let (Move::Close(report), Some(product)) = (m, after.product_id) else {
            return Ok(());
        };
        let Some(measure) = renkei_domain::catalog::measure(after.field.measure_code()) else {
            return Ok(());
        };
        let store = self.store();
        let products = store.company_products_in(tx, after.company_id).await?;
        let Some(product) = products.iter().find(|p| p.id == product) else {
            return Ok(());
        };
        let expert = store.expert(after.expert_id).await?;
        let visits = store.dispatch_visits(after.id).await?;
        let minutes: i64 = visits.iter().map(|v| i64::from(v.minutes)).sum();
        let provider = if product.home_city == after.city {
            Provider::Own
        } else {
            Provider::PartnerCity
        };
        let support = Support {
            measure,
            provider,
            provider_city: Some(after.city),
            date: Some(today()),
            outcome: report.clone(),
            notes: format!(
                "専門家派遣#{}（{}、{}）訪問{}回・計{}時間",
                after.id,
                expert.name,
                after.field.name().ja,
                visits.len(),
                dispatch::show_hours(minutes)
            ),
        };
        let record = store
            .add_support_in(tx, product, &support, None, actor)
            .await?;
        store.set_dispatch_support(tx, after.id, record.id).await
    }

    fn told(&self, after: &DispatchRecord, mover: Party) -> Vec<Party> {
        match (after.state, mover) {
            (State::Cancelled, Party::Company) => vec![Party::Desk, Party::Handler],
            (State::Cancelled, _) | (State::Approved | State::Declined, _) => {
                vec![Party::Company, Party::Handler]
            }
            (State::Closed, _) => vec![Party::Company],
            _ => Vec::new(),
        }
    }

    async fn people(&self, tx: &Tx, party: Party, r: &DispatchRecord) -> Result<Vec<UserRecord>> {
        match party {
            Party::Company => self.store().company_users(tx, r.company_id).await,
            Party::Desk => self.store().city_staff(tx, &r.city).await,
            // The one working the case, as the case's own notices find them.
            Party::Handler => {
                let case = self.store().consultation_in(tx, r.consultation_id).await?;
                let cases = crate::consultations::ConsultationFlow::new(self.app);
                cases
                    .people(tx, renkei_domain::consultation::Party::Handler, &case)
                    .await
            }
        }
    }

    async fn notice(&self, _tx: &Tx, r: &DispatchRecord, what: (&str, &str)) -> Result<Notice> {
        Ok(Notice {
            ja: format!(
                "専門家派遣#{}（相談#{}）: {}",
                r.id, r.consultation_id, what.0
            ),
            en: format!(
                "Expert dispatch #{} (case #{}): {}",
                r.id, r.consultation_id, what.1
            ),
            link: format!("/dispatches/{}", r.id),
        })
    }

    async fn overdue(&self, now: DateTime<Utc>) -> Result<Vec<Overdue<DispatchRecord, Party>>> {
        let since = overdue_since::<Dispatch>(now);
        let rows = self.store().overdue_dispatches(&since).await?;
        Ok(overdue_steps::<Dispatch, _>(rows, |r| {
            (r.state, r.state_since)
        }))
    }

    async fn claim_reminder(
        &self,
        tx: &Tx,
        o: &Overdue<DispatchRecord, Party>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        self.store()
            .claim_dispatch_reminder(tx, &o.record, now)
            .await
    }
}

/// Whether the caller is the desk of a city: its staff who may write, or an administrator.
fn desk_of(caller: &Caller, city: &renkei_domain::city::CityCode) -> bool {
    caller.subject.roles.iter().any(|role| match role {
        Role::PlatformAdmin => true,
        Role::CityStaff { city: c, read_only } => c == city && !read_only,
        _ => false,
    })
}

/// The parties a caller is to a dispatch: the company's people; the desk (its city's staff
/// who may write, and administrators); the one working the case it was asked on.
pub fn parties(caller: &Caller, r: &DispatchRecord, case: &ConsultationRecord) -> Vec<Party> {
    let mut parties = Vec::new();
    if caller.subject.roles.contains(&Role::CompanyUser {
        company: r.company_id.0,
    }) {
        parties.push(Party::Company);
    }
    if desk_of(caller, &r.city) {
        parties.push(Party::Desk);
    }
    if case.handler_id.is_some() && caller.actor.id == case.handler_id.map(|h| h.0) {
        parties.push(Party::Handler);
    }
    parties
}

/// Whether the caller records a dispatch's visits: the desk or the one working the case.
pub fn records_visits(caller: &Caller, r: &DispatchRecord, case: &ConsultationRecord) -> bool {
    parties(caller, r, case)
        .iter()
        .any(|p| matches!(p, Party::Desk | Party::Handler))
}

/// The dispatch of `id` and its case, once the policy allows the caller `action` on the case.
pub async fn load(
    app: &App,
    caller: &Caller,
    action: Action,
    id: DispatchId,
) -> std::result::Result<(Checked<DispatchRecord>, ConsultationRecord), Denied> {
    signed_in(caller)?;
    let r = match app.store().dispatch(id).await {
        Ok(r) => r,
        Err(StoreError::NotFound) => return Err(Denied::NotFound),
        Err(e) => return Err(e.into()),
    };
    let resource = Resource::Consultation {
        city: &r.city,
        company: r.company_id.0,
    };
    app.require(caller, action, resource).await?;
    let case = app.store().consultation(r.consultation_id).await?;
    Ok((Checked::new(r, action), case))
}

/// Why a dispatch was not asked for, moved or added to.
#[derive(Debug)]
pub enum Refused {
    /// The form's fields.
    Fields(Vec<FieldError>),
    /// The workflow's refusal: not this caller's step, or not now.
    Step(Refusal),
}

/// The experts a dispatch on a case of `city` may name: the active ones of its roster.
pub async fn experts(app: &App, city: &renkei_domain::city::CityCode) -> Result<Vec<ExpertRecord>> {
    app.store().experts_of(city, false).await
}

/// Asks for a dispatch on a case, by the company or those who work it, naming an active
/// expert of the case's city for one of the expert's fields; the desk is told (or, asked by
/// the desk, the company), in one transaction.
pub async fn request(
    app: &App,
    caller: &Caller,
    case: &Checked<ConsultationRecord>,
    draft: &DispatchDraft,
) -> Result<std::result::Result<DispatchRecord, Refused>> {
    let by = if cases::works_it(caller, case) {
        if desk_of(caller, &case.city) {
            Party::Desk
        } else {
            Party::Handler
        }
    } else if caller.subject.roles.contains(&Role::CompanyUser {
        company: case.company_id.0,
    }) {
        Party::Company
    } else {
        return Ok(Err(Refused::Step(Refusal::NotYours)));
    };
    if case.state.is_end() {
        return Ok(Err(Refused::Fields(vec![FieldError::new(
            "expert",
            "終了した相談には専門家派遣を依頼できません。新しい相談として受け付けます。",
            "This case has ended; ask for a dispatch on a new case.",
        )])));
    }
    let mut checked = draft.validate();
    if let Ok(d) = &checked {
        let roster = experts(app, &case.city).await?;
        match roster.iter().find(|x| x.id == ExpertId(d.expert)) {
            None => {
                checked = Err(vec![FieldError::new(
                    "expert",
                    "この市の専門家名簿から選んでください。",
                    "Choose an expert on the city's roster.",
                )])
            }
            Some(x) if !x.fields.contains(&d.field) => {
                checked = Err(vec![FieldError::new(
                    "field",
                    "この専門家の専門分野から選んでください。",
                    "Choose one of the expert's fields.",
                )])
            }
            Some(_) => {}
        }
    }
    let d = match checked {
        Ok(d) => d,
        Err(errors) => return Ok(Err(Refused::Fields(errors))),
    };
    let store = app.store();
    let tx = store.begin().await?;
    let opening = DispatchOpening {
        case,
        dispatch: &d,
        fiscal_year: fiscal_year(today()),
        by,
    };
    let record = store.insert_dispatch(&tx, &opening, &caller.actor).await?;
    // The desk decides; the company and the one working the case are told it was asked.
    let told: Vec<Party> = [Party::Desk, Party::Company, Party::Handler]
        .into_iter()
        .filter(|p| *p != by)
        .collect();
    let what = (
        "専門家派遣の依頼がありました",
        "an expert dispatch was asked for",
    );
    tell(app, &DispatchFlow::new(app), &tx, &record, &told, what).await?;
    tx.commit().await?;
    Ok(Ok(record))
}

/// Makes a move on a dispatch the caller may read, as the first of their parties the table
/// allows, from the version they saw.
pub async fn move_dispatch(
    app: &App,
    caller: &Caller,
    (r, case): (&Checked<DispatchRecord>, &ConsultationRecord),
    seen_version: i64,
    (code, text): (&str, &str),
) -> Result<std::result::Result<DispatchRecord, Refused>> {
    let m = match Move::parse(code, text) {
        Ok(m) => m,
        Err(errors) => return Ok(Err(Refused::Fields(errors))),
    };
    let party = match workflow::party_for::<Dispatch>(r.state, &parties(caller, r, case), &m) {
        Ok(p) => p,
        Err(refusal) => return Ok(Err(Refused::Step(refusal))),
    };
    let store = app.store();
    let year = fiscal_year(today());
    let mut input = MoveInput {
        fiscal_year: year,
        ..Default::default()
    };
    let tx = store.begin().await?;
    if m == Move::Approve {
        // The cap and the visits used, read with the city's approvals serialized.
        input.cap = store.lock_dispatch_cap(&tx, &r.city).await?;
        input.used = store
            .dispatch_visits_used(&tx, (&r.city, r.company_id, year), r.id)
            .await?;
    }
    input.visits = store.dispatch_visits(r.id).await?.len();
    let flow = DispatchFlow::new(app);
    let moved = make_move_in(
        app,
        &flow,
        &tx,
        r.id,
        seen_version,
        party,
        &m,
        &input,
        &caller.actor,
    )
    .await?;
    if moved.is_ok() {
        tx.commit().await?;
    }
    Ok(moved.map_err(Refused::Step))
}

/// Records a visit of an approved dispatch, by the desk or the one working the case; the fee
/// by the expert's rule when none is given.
pub async fn add_visit(
    app: &App,
    caller: &Caller,
    (r, case): (&Checked<DispatchRecord>, &ConsultationRecord),
    draft: &VisitDraft,
) -> Result<std::result::Result<DispatchVisit, Refused>> {
    if !records_visits(caller, r, case) {
        return Ok(Err(Refused::Step(Refusal::NotYours)));
    }
    if r.state != State::Approved {
        let refusal = if r.state.is_end() {
            Refusal::Ended(r.state)
        } else {
            Refusal::Unmet("approval")
        };
        return Ok(Err(Refused::Step(refusal)));
    }
    let v = match draft.validate() {
        Ok(v) => v,
        Err(errors) => return Ok(Err(Refused::Fields(errors))),
    };
    if v.date > today() {
        return Ok(Err(Refused::Fields(vec![FieldError::new(
            "date",
            "訪問日に今日より後の日付は入力できません。",
            "The day of the visit cannot be after today.",
        )])));
    }
    let recorded = app.store().dispatch_visits(r.id).await?.len();
    if recorded >= usize::try_from(r.planned_visits).unwrap_or_default() {
        return Ok(Err(Refused::Step(Refusal::Unmet("planned"))));
    }
    let expert = app.store().expert(r.expert_id).await?;
    let fee = v
        .fee
        .unwrap_or_else(|| dispatch::fee_for(expert.hourly_fee, expert.visit_fee, v.minutes));
    match app
        .store()
        .add_dispatch_visit(r, (v.date, v.minutes, fee, &v.note), &caller.actor)
        .await
    {
        Ok(visit) => Ok(Ok(visit)),
        Err(StoreError::Conflict) => Ok(Err(Refused::Step(Refusal::NotNow))),
        Err(e) => Err(e),
    }
}

/// Puts an expert on a city's roster (the caller's right to write the city's records is
/// checked by the route).
pub async fn add_expert(
    app: &App,
    caller: &Caller,
    city: &renkei_domain::city::CityCode,
    draft: &ExpertDraft,
) -> Result<std::result::Result<ExpertRecord, Vec<FieldError>>> {
    match draft.validate() {
        Ok(x) => Ok(Ok(app
            .store()
            .insert_expert(city, &x, &caller.actor)
            .await?)),
        Err(errors) => Ok(Err(errors)),
    }
}

/// Reminds the party each overdue step waits on, once per step.
pub async fn remind(app: &App, now: DateTime<Utc>) -> Result<usize> {
    crate::workflow::remind(app, &DispatchFlow::new(app), now).await
}

/// Dispatches, visits, hours and fees: one line of the counts and costs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Count {
    /// Dispatches approved or closed.
    pub dispatches: i64,
    pub visits: i64,
    pub minutes: i64,
    pub fees: i64,
}

/// A fiscal year's counts and costs, in all, by company and by measure.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals {
    pub all: Count,
    pub by_company: BTreeMap<i64, Count>,
    pub by_measure: BTreeMap<&'static str, Count>,
}

impl Totals {
    /// The counts of a city's dispatches of one fiscal year: those approved or closed count
    /// (declined, cancelled and waiting ones do not), with every visit carried out.
    pub fn of(list: &[DispatchWithVisits]) -> Totals {
        let mut t = Totals::default();
        for d in list
            .iter()
            .filter(|d| d.dispatch.state.counts_against_cap())
        {
            let line = Count {
                dispatches: 1,
                visits: d.visits.len() as i64,
                minutes: d.visits.iter().map(|v| i64::from(v.minutes)).sum(),
                fees: d.visits.iter().map(|v| v.fee).sum(),
            };
            for c in [
                &mut t.all,
                t.by_company.entry(d.dispatch.company_id.0).or_default(),
                t.by_measure
                    .entry(d.dispatch.field.measure_code())
                    .or_default(),
            ] {
                c.dispatches += line.dispatches;
                c.visits += line.visits;
                c.minutes += line.minutes;
                c.fees += line.fees;
            }
        }
        t
    }
}
