//! Consultation cases (相談案件) at a city's desk, as a workflow of the one mechanism
//! (`renkei_domain::consultation::Consultation`). [`ConsultationFlow`] is what the engine needs
//! besides: the case in the store, the close's side effect (the summary becomes a support
//! record on the case's product, for the measure of its kind, provided by the desk's city),
//! who is told of each move (the company when it is asked something or the case closes; the
//! one working it when the company answers or withdraws; the one it is handed to), and the
//! steps overdue, reminded once each.
//!
//! [`open`] opens a case for a company at its home city's desk, asked by the company or
//! opened by the desk, with its first answer due three open days (開庁日) on. [`parties`]
//! says which parties a caller is to a case: the company's people, the desk (the city's
//! staff who may write, and administrators), the one it was handed to. [`service_level`]
//! counts the open days a case took, the days waiting on the company left out.

use chrono::{DateTime, NaiveDate, Utc};
use renkei_domain::FieldError;
use renkei_domain::access::{Action, Resource, Role};
use renkei_domain::consultation::{
    self, CaseDraft, Consultation, Move, NewNote, NoteDraft, Party, Refusal, State,
};
use renkei_domain::event::jst;
use renkei_domain::product::{Provider, Support};
use renkei_domain::workflow;
use renkei_store::{
    Actor, CaseOpening, CompanyRecord, ConsultationEvent, ConsultationId, ConsultationNote,
    ConsultationRecord, MoveWrite, Notice, ProductId, Result, Store, StoreError, Tx, UserId,
    UserRecord,
};

use crate::App;
use crate::access::{Caller, Checked, Denied, signed_in};
use crate::workflow::{Flow, Overdue, make_move, overdue_since, overdue_steps, tell};

/// The case's record, side effects and notices, for the engine.
pub struct ConsultationFlow<'a> {
    app: &'a App,
}

impl<'a> ConsultationFlow<'a> {
    pub fn new(app: &'a App) -> Self {
        ConsultationFlow { app }
    }

    fn store(&self) -> &Store {
        self.app.store()
    }
}

/// Today in Japan, the day service levels count from.
pub fn today() -> NaiveDate {
    day(Utc::now())
}

impl Flow for ConsultationFlow<'_> {
    type W = Consultation;
    type Record = ConsultationRecord;
    type Id = ConsultationId;
    type Input = MoveWrite;

    fn state(r: &ConsultationRecord) -> State {
        r.state
    }

    fn version(r: &ConsultationRecord) -> i64 {
        r.version
    }

    fn id(r: &ConsultationRecord) -> ConsultationId {
        r.id
    }

    async fn load(&self, tx: &Tx, id: ConsultationId) -> Result<ConsultationRecord> {
        self.store().consultation_in(tx, id).await
    }

    async fn write(
        &self,
        tx: &Tx,
        before: &ConsultationRecord,
        to: State,
        party: Party,
        m: &Move,
        input: &MoveWrite,
        actor: &Actor,
    ) -> Result<ConsultationRecord> {
        self.store()
            .write_consultation_move(tx, before, to, party, m, input, actor)
            .await
    }

    /// Closing with a summary: a support record on the case's product (if it is still
    /// active), for the measure of the case's kind, provided by the desk's city.
    async fn effects(
        &self,
        tx: &Tx,
        after: &ConsultationRecord,
        m: &Move,
        actor: &Actor,
    ) -> Result<()> {
        let (Move::Close(summary), Some(product)) = (m, after.product_id) else {
            return Ok(());
        };
        let Some(measure) = renkei_domain::catalog::measure(after.kind.measure_code()) else {
            return Ok(());
        };
        let store = self.store();
        let products = store.company_products_in(tx, after.company_id).await?;
        let Some(product) = products.iter().find(|p| p.id == product) else {
            return Ok(());
        };
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
            outcome: summary.clone(),
            notes: format!(
                "相談#{}「{}」（{}）",
                after.id,
                after.subject,
                after.kind.name().ja
            ),
        };
        let record = store
            .add_support_in(tx, product, &support, None, actor)
            .await?;
        store
            .set_consultation_support(tx, after.id, record.id)
            .await
    }

    fn told(&self, after: &ConsultationRecord, mover: Party) -> Vec<Party> {
        let worker = if after.handler_id.is_some() {
            Party::Handler
        } else {
            Party::Desk
        };
        match (after.state, mover) {
            // Handed over: the one it was handed to, and the company that it is being worked.
            (State::InProgress, Party::Desk) => vec![Party::Handler, Party::Company],
            (State::InProgress, Party::Company) => vec![worker],
            (State::WaitingOnCompany | State::Closed, _) => vec![Party::Company],
            (State::Withdrawn, _) => vec![worker],
            _ => Vec::new(),
        }
    }

    async fn people(
        &self,
        tx: &Tx,
        party: Party,
        r: &ConsultationRecord,
    ) -> Result<Vec<UserRecord>> {
        match party {
            Party::Company => self.store().company_users(tx, r.company_id).await,
            Party::Desk => self.store().city_staff(tx, &r.city).await,
            Party::Handler => match r.handler_id {
                Some(id) => Ok(self
                    .store()
                    .user(id)
                    .await?
                    .map(|(u, _)| u)
                    .filter(|u| u.active)
                    .into_iter()
                    .collect()),
                None => Ok(Vec::new()),
            },
        }
    }

    async fn notice(&self, _tx: &Tx, r: &ConsultationRecord, what: (&str, &str)) -> Result<Notice> {
        Ok(Notice {
            ja: format!("相談#{}「{}」: {}", r.id, r.subject, what.0),
            en: format!("Consultation #{} \"{}\": {}", r.id, r.subject, what.1),
            link: format!("/consultations/{}", r.id),
        })
    }

    async fn overdue(&self, now: DateTime<Utc>) -> Result<Vec<Overdue<ConsultationRecord, Party>>> {
        let since = overdue_since::<Consultation>(now);
        let rows = self.store().overdue_consultations(&since).await?;
        Ok(overdue_steps::<Consultation, _>(rows, |r| {
            (r.state, r.state_since)
        }))
    }

    async fn claim_reminder(
        &self,
        tx: &Tx,
        o: &Overdue<ConsultationRecord, Party>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        self.store()
            .claim_consultation_reminder(tx, &o.record, now)
            .await
    }
}

/// The parties a caller is to a case: the company's people; the desk (its city's staff who
/// may write, and the platform's administrators); the one it was handed to.
pub fn parties(caller: &Caller, r: &ConsultationRecord) -> Vec<Party> {
    let roles = &caller.subject.roles;
    let mut parties = Vec::new();
    if roles.contains(&Role::CompanyUser {
        company: r.company_id.0,
    }) {
        parties.push(Party::Company);
    }
    let desk = roles.iter().any(|role| match role {
        Role::PlatformAdmin => true,
        Role::CityStaff { city, read_only } => *city == r.city && !read_only,
        _ => false,
    });
    if desk {
        parties.push(Party::Desk);
    }
    if r.handler_id.is_some() && caller.actor.id == r.handler_id.map(|h| h.0) {
        parties.push(Party::Handler);
    }
    parties
}

/// The case of `id`, once the policy allows the caller `action` on it.
pub async fn load(
    app: &App,
    caller: &Caller,
    action: Action,
    id: ConsultationId,
) -> std::result::Result<Checked<ConsultationRecord>, Denied> {
    signed_in(caller)?;
    let r = match app.store().consultation(id).await {
        Ok(r) => r,
        Err(StoreError::NotFound) => return Err(Denied::NotFound),
        Err(e) => return Err(e.into()),
    };
    let resource = Resource::Consultation {
        city: &r.city,
        company: r.company_id.0,
    };
    app.require(caller, action, resource).await?;
    Ok(Checked::new(r, action))
}

/// Opens a case for a company at its home city's desk, asked by its people or opened by the
/// desk, with its history line, its audit line and a notice to the desk (or, opened by the
/// desk, to the company), in one transaction. The product, if one is named, must be one of
/// the company's active products.
pub async fn open(
    app: &App,
    caller: &Caller,
    company: &CompanyRecord,
    product: Option<i64>,
    draft: &CaseDraft,
) -> std::result::Result<std::result::Result<ConsultationRecord, Vec<FieldError>>, Denied> {
    signed_in(caller)?;
    let resource = Resource::Consultation {
        city: &company.home_city,
        company: company.id.0,
    };
    app.require(caller, Action::Write, resource).await?;
    let mut checked = draft.validate();
    let store = app.store();
    let tx = store.begin().await?;
    if let Some(p) = product {
        let products = store.company_products_in(&tx, company.id).await?;
        if !products.iter().any(|x| x.id.0 == p) {
            let error = FieldError::new(
                "product",
                "この企業の開発案件から選んでください。",
                "Choose one of the company's products.",
            );
            match &mut checked {
                Ok(_) => checked = Err(vec![error]),
                Err(errors) => errors.push(error),
            }
        }
    }
    let case = match checked {
        Ok(case) => case,
        Err(errors) => return Ok(Err(errors)),
    };
    let by = if caller.subject.roles.contains(&Role::CompanyUser {
        company: company.id.0,
    }) {
        Party::Company
    } else {
        Party::Desk
    };
    let opening = CaseOpening {
        city: &company.home_city,
        company: company.id,
        product: product.map(ProductId),
        case: &case,
        by,
        first_answer_due: consultation::first_answer_due(app.holidays(), today()),
    };
    let record = store
        .insert_consultation(&tx, &opening, &caller.actor)
        .await?;
    let flow = ConsultationFlow::new(app);
    let (told, what) = match by {
        Party::Company => (
            Party::Desk,
            ("新しい相談が届きました", "a new case arrived"),
        ),
        _ => (
            Party::Company,
            ("相談窓口が相談を受け付けました", "the desk opened a case"),
        ),
    };
    tell(app, &flow, &tx, &record, &[told], what).await?;
    tx.commit().await?;
    Ok(Ok(record))
}

/// Why a move was not made.
#[derive(Debug)]
pub enum Refused {
    /// The form's fields (the words a move needs, the one it is handed to).
    Fields(Vec<FieldError>),
    /// The workflow's refusal: not this caller's step, or not now.
    Step(Refusal),
}

/// The accounts a case may be handed to: the desk's city's staff who may write and its
/// coordinators, as (id, name).
pub async fn handlers(app: &App, r: &ConsultationRecord) -> Result<Vec<(UserId, String)>> {
    let people = app.store().users_with_roles(Some(&r.city)).await?;
    Ok(people
        .into_iter()
        .filter(|(u, roles)| {
            u.active
                && roles.iter().any(|role| match role {
                    Role::CityStaff { city, read_only } => *city == r.city && !read_only,
                    Role::Coordinator { city } => *city == r.city,
                    _ => false,
                })
        })
        .map(|(u, _)| (u.id, u.display_name.clone()))
        .collect())
}

/// Makes a move on a case the caller may read, as the first of their parties the table
/// allows, from the version they saw: `text` is what asking and closing say (required) and
/// the company's answer; `handler` the account a case is handed to (taking it in).
pub async fn move_case(
    app: &App,
    caller: &Caller,
    r: &Checked<ConsultationRecord>,
    seen_version: i64,
    (code, text): (&str, &str),
    handler: Option<i64>,
) -> Result<std::result::Result<ConsultationRecord, Refused>> {
    let m = match Move::parse(code, text) {
        Ok(m) => m,
        Err(errors) => return Ok(Err(Refused::Fields(errors))),
    };
    let party = match workflow::party_for::<Consultation>(r.state, &parties(caller, r), &m) {
        Ok(p) => p,
        Err(refusal) => return Ok(Err(Refused::Step(refusal))),
    };
    let mut write = MoveWrite {
        handler: None,
        note: renkei_domain::text::clean(text),
    };
    if m == Move::TakeIn {
        let chosen = match handler {
            Some(h) => handlers(app, r)
                .await?
                .into_iter()
                .find(|(id, _)| id.0 == h),
            None => None,
        };
        let Some((id, name)) = chosen else {
            return Ok(Err(Refused::Fields(vec![FieldError::new(
                "handler",
                "担当する職員またはコーディネーターを選んでください。",
                "Choose the staff member or coordinator who works the case.",
            )])));
        };
        write.note = name.clone();
        write.handler = Some((id, name));
    }
    let flow = ConsultationFlow::new(app);
    let moved = make_move(
        app,
        &flow,
        r.id,
        seen_version,
        party,
        &m,
        &write,
        &caller.actor,
    )
    .await?;
    Ok(moved.map_err(Refused::Step))
}

/// Writes a note or a next action on a case, by the desk or the one working it.
pub async fn add_note(
    app: &App,
    caller: &Caller,
    r: &Checked<ConsultationRecord>,
    draft: &NoteDraft,
) -> Result<std::result::Result<ConsultationNote, Refused>> {
    if !works_it(caller, r) {
        return Ok(Err(Refused::Step(Refusal::NotYours)));
    }
    let note: NewNote = match draft.validate() {
        Ok(n) => n,
        Err(errors) => return Ok(Err(Refused::Fields(errors))),
    };
    Ok(Ok(app
        .store()
        .add_consultation_note(r, &note, &caller.actor)
        .await?))
}

/// Ticks a next action done, by the desk or the one working the case.
pub async fn finish_action(
    app: &App,
    caller: &Caller,
    r: &Checked<ConsultationRecord>,
    note: i64,
) -> Result<std::result::Result<ConsultationNote, Refused>> {
    if !works_it(caller, r) {
        return Ok(Err(Refused::Step(Refusal::NotYours)));
    }
    Ok(Ok(app
        .store()
        .finish_consultation_action(r, note, &caller.actor)
        .await?))
}

/// Whether the caller works the case (the desk, or the one it was handed to): who writes its
/// notes and next actions.
pub fn works_it(caller: &Caller, r: &ConsultationRecord) -> bool {
    parties(caller, r)
        .iter()
        .any(|p| matches!(p, Party::Desk | Party::Handler))
}

/// Whether the caller reads the case's notes: those who work it and the desk's city's staff
/// and coordinators. The company reads what it was asked and the summary, not the notes.
pub fn reads_notes(caller: &Caller, r: &ConsultationRecord) -> bool {
    works_it(caller, r)
        || caller.subject.roles.iter().any(|role| match role {
            Role::CityStaff { city, .. } | Role::Coordinator { city } => *city == r.city,
            _ => false,
        })
}

/// A case's service level: when it opened, when its first answer was due and came, and the
/// open days it took (to its close, or to today), the days waiting on the company left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceLevel {
    pub opened_on: NaiveDate,
    pub first_answer_due: NaiveDate,
    pub first_answered_on: Option<NaiveDate>,
    /// Whether the first answer came by its due day (none while it has not come and is not
    /// late yet).
    pub first_answer_met: Option<bool>,
    pub open_days_taken: i64,
}

/// A day in Japan.
pub(crate) fn day(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&jst()).date_naive()
}

/// Whether a case's first answer came by its due day: none while it has not come and is not
/// late yet (or the case ended without one).
pub fn first_answer_met(r: &ConsultationRecord, today: NaiveDate) -> Option<bool> {
    match r.first_answered_at {
        Some(t) => Some(day(t) <= r.first_answer_due),
        None if today > r.first_answer_due && !r.state.is_end() => Some(false),
        None => None,
    }
}

/// The service level of a case, from its history (as the store reads it, oldest first).
pub fn service_level(
    app: &App,
    r: &ConsultationRecord,
    history: &[ConsultationEvent],
) -> ServiceLevel {
    let mut states: Vec<(State, NaiveDate)> = vec![(State::New, day(r.created_at))];
    states.extend(
        history
            .iter()
            .skip(1)
            .filter_map(|e| Some((e.to_state?, day(e.at)))),
    );
    let until = if r.state.is_end() {
        day(r.state_since)
    } else {
        today()
    };
    ServiceLevel {
        opened_on: day(r.created_at),
        first_answer_due: r.first_answer_due,
        first_answered_on: r.first_answered_at.map(day),
        first_answer_met: first_answer_met(r, today()),
        open_days_taken: consultation::open_days_taken(app.holidays(), &states, until),
    }
}

/// Reminds the party each overdue step waits on, once per step.
pub async fn remind(app: &App, now: DateTime<Utc>) -> Result<usize> {
    crate::workflow::remind(app, &ConsultationFlow::new(app), now).await
}
