//! The 商談会's matchmaking, on an event of kind `business_meeting`: the organiser's set-up
//! ([`save_setup`]), the participants (a company user enters their company as a buyer or a
//! seller with its profile, [`save_profile`], tied to its registration for the event when it
//! has one; the organiser enters companies and sales-channel targets of any city,
//! [`add_participant`]), the meeting requests as a workflow of the one mechanism
//! (`renkei_domain::event::meeting::MeetingRequest`: [`request`], [`move_request`]; the
//! organiser arranges accepted ones directly, [`arrange`]), the scheduler over the accepted
//! requests keeping the meetings locked by hand ([`schedule`], [`lock`]), each participant's
//! agenda as a page and an iCalendar file ([`agenda`], [`agenda_ics`]) and the outcomes
//! ([`record_outcome`]).
//!
//! In the opt-in mode the side asked accepts or declines; when the organiser arranges the
//! meetings, a participant's request is a wish the organiser answers.

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use renkei_domain::FieldError;
use renkei_domain::access::Action;
use renkei_domain::event::Kind;
use renkei_domain::event::meeting::{
    ARRANGED, Asked, MeetingRequest, Mode, Move, Outcome, Party, ProfileDraft, Refusal, SetupDraft,
    Side, State, parse_priority,
};
use renkei_domain::event::schedule::{self, Instance, Meeting, Request, Schedule};
use renkei_io::ics::{CalendarEvent, write_ics};
use renkei_store::{
    Actor, CompanyId, CompanyRecord, EventId, EventRecord, MeetingRecord, MeetingRequestId,
    MeetingRequestRecord, MeetingSetupRecord, NewParticipant, Notice, OutcomeRecord, ParticipantId,
    ParticipantRecord, Result, Store, StoreError, TargetId, Tx, UserRecord,
};

use crate::App;
use crate::access::{Caller, Checked};
use crate::workflow::{Flow, Overdue, make_move_in};

/// Why a matchmaking step is refused (nothing is written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// The event is not a 商談会, or has no set-up yet.
    NotOpen,
    /// What the form gave, with every problem.
    Fields(Vec<FieldError>),
    /// The workflow's refusal.
    Step(Refusal),
}

fn field(name: &'static str, ja: &'static str, en: &'static str) -> Refused {
    Refused::Fields(vec![FieldError::new(name, ja, en)])
}

/// The request's record and its moves, for the engine.
pub struct RequestFlow<'a> {
    app: &'a App,
}

impl Flow for RequestFlow<'_> {
    type W = MeetingRequest;
    type Record = MeetingRequestRecord;
    type Id = MeetingRequestId;
    /// The party moving, and how the 商談会 agrees its meetings.
    type Input = (Party, Mode);

    fn state(r: &MeetingRequestRecord) -> State {
        r.state
    }

    fn version(r: &MeetingRequestRecord) -> i64 {
        r.version
    }

    fn id(r: &MeetingRequestRecord) -> MeetingRequestId {
        r.id
    }

    async fn load(&self, tx: &Tx, id: MeetingRequestId) -> Result<MeetingRequestRecord> {
        self.app.store().meeting_request_in(tx, id).await
    }

    /// When the organiser arranges the meetings, the side asked does not accept: the
    /// organiser does.
    fn check(
        &self,
        _before: &MeetingRequestRecord,
        m: &Move,
        (party, mode): &(Party, Mode),
    ) -> std::result::Result<(), Refusal> {
        if *party == Party::Recipient && *m == Move::Accept && *mode == Mode::Arranged {
            return Err(Refusal::Unmet(ARRANGED));
        }
        Ok(())
    }

    async fn write(
        &self,
        tx: &Tx,
        before: &MeetingRequestRecord,
        to: State,
        party: Party,
        m: &Move,
        _input: &(Party, Mode),
        actor: &Actor,
    ) -> Result<MeetingRequestRecord> {
        self.app
            .store()
            .write_meeting_request_move(tx, before, to, party, m.code(), actor)
            .await
    }

    async fn effects(
        &self,
        _tx: &Tx,
        _after: &MeetingRequestRecord,
        _m: &Move,
        _actor: &Actor,
    ) -> Result<()> {
        Ok(())
    }

    /// A side's people: the company's users, or the sales target's contacts; the organiser's
    /// are the organising city's staff. (No move tells anyone: the participants read their
    /// requests on the 商談会's page; only a request left unanswered is reminded.)
    async fn people(
        &self,
        tx: &Tx,
        party: Party,
        r: &MeetingRequestRecord,
    ) -> Result<Vec<UserRecord>> {
        let store = self.app.store();
        let participant = match (party, r.requested_by.as_str()) {
            (Party::Requester, "buyer") | (Party::Recipient, "seller") => r.buyer_id,
            (Party::Requester, "seller") | (Party::Recipient, "buyer") => r.seller_id,
            (Party::Organiser, _) => {
                let e = store.event(r.event_id).await?;
                return store.city_staff(tx, &e.city).await;
            }
            _ => return Ok(Vec::new()),
        };
        let p = store.meeting_participant(participant).await?;
        match (p.company_id, p.sales_target_id) {
            (Some(c), _) => store.company_users(tx, c).await,
            (None, Some(t)) => store.target_contacts(tx, t).await,
            (None, None) => Ok(Vec::new()),
        }
    }

    async fn notice(
        &self,
        _tx: &Tx,
        r: &MeetingRequestRecord,
        what: (&str, &str),
    ) -> Result<Notice> {
        Ok(Notice {
            ja: format!("商談申込み#{}: {}", r.id, what.0),
            en: format!("Meeting request #{}: {}", r.id, what.1),
            link: format!("/events/{}/meetings", r.event_id),
        })
    }

    /// Requests the side asked has left unanswered past the expected time, of 商談会 that
    /// have not started.
    async fn overdue(
        &self,
        now: chrono::DateTime<Utc>,
    ) -> Result<Vec<Overdue<MeetingRequestRecord, Party>>> {
        use renkei_domain::workflow::Workflow;
        let Some(days) = MeetingRequest::expected_days(State::Requested) else {
            return Ok(Vec::new());
        };
        let expected = chrono::Duration::days(days.into());
        Ok(self
            .app
            .store()
            .unanswered_meeting_requests(now - expected, now)
            .await?
            .into_iter()
            .map(|r| Overdue {
                due: r.state_since + expected,
                record: r,
                waiting_on: Party::Recipient,
            })
            .collect())
    }

    async fn claim_reminder(
        &self,
        tx: &Tx,
        o: &Overdue<MeetingRequestRecord, Party>,
        now: chrono::DateTime<Utc>,
    ) -> Result<bool> {
        self.app
            .store()
            .claim_meeting_request_reminder(tx, &o.record, now)
            .await
    }
}

/// Reminds the side asked of each meeting request left unanswered past the expected time,
/// once (several nodes at once send one). The count sent.
pub async fn remind(app: &App, now: chrono::DateTime<Utc>) -> Result<usize> {
    crate::workflow::remind(app, &RequestFlow { app }, now).await
}

/// An event's set-up, when it is a 商談会 that has one.
pub async fn setup_of(app: &App, e: &EventRecord) -> Result<Option<MeetingSetupRecord>> {
    if e.kind != Kind::BusinessMeeting {
        return Ok(None);
    }
    app.store().meeting_setup(e.id).await
}

fn writable(e: &Checked<EventRecord>) -> std::result::Result<(), Refused> {
    if e.action() != Action::Write {
        return Err(Refused::Step(Refusal::NotYours));
    }
    if e.kind != Kind::BusinessMeeting {
        return Err(Refused::NotOpen);
    }
    Ok(())
}

/// The organiser writes the set-up of a 商談会 loaded for writing (new: `seen_version` 0).
pub async fn save_setup(
    app: &App,
    caller: &Caller,
    e: &Checked<EventRecord>,
    seen_version: i64,
    draft: &SetupDraft,
) -> Result<std::result::Result<MeetingSetupRecord, Refused>> {
    if let Err(r) = writable(e) {
        return Ok(Err(r));
    }
    let s = match draft.validate() {
        Ok(s) => s,
        Err(errors) => return Ok(Err(Refused::Fields(errors))),
    };
    Ok(Ok(app
        .store()
        .save_meeting_setup(e.id, seen_version, &s, &caller.actor)
        .await?))
}

/// The organiser marks the agenda final, or preliminary again.
pub async fn set_final(
    app: &App,
    caller: &Caller,
    e: &Checked<EventRecord>,
    final_agenda: bool,
) -> Result<std::result::Result<MeetingSetupRecord, Refused>> {
    if let Err(r) = writable(e) {
        return Ok(Err(r));
    }
    if setup_of(app, e).await?.is_none() {
        return Ok(Err(Refused::NotOpen));
    }
    Ok(Ok(app
        .store()
        .set_final_agenda(e.id, final_agenda, &caller.actor)
        .await?))
}

/// The participant of a company in an event, if it takes part.
pub async fn participant_of(
    app: &App,
    e: EventId,
    company: CompanyId,
) -> Result<Option<ParticipantRecord>> {
    Ok(app
        .store()
        .meeting_participants(e)
        .await?
        .into_iter()
        .find(|p| p.company_id == Some(company)))
}

/// A company user enters their company (checked as theirs) in a published 商談会 as a
/// buyer or a seller with its profile, or changes the profile (from the version seen). A
/// seller chooses which of its products it presents. Tied to the company's registration for
/// the event when it has one.
#[allow(clippy::too_many_arguments)]
pub async fn save_profile(
    app: &App,
    caller: &Caller,
    e: &EventRecord,
    company: &Checked<CompanyRecord>,
    side: Option<Side>,
    seen_version: i64,
    draft: &ProfileDraft,
    products: &[i64],
) -> Result<std::result::Result<ParticipantRecord, Refused>> {
    let Some(setup) = setup_of(app, e).await? else {
        return Ok(Err(Refused::NotOpen));
    };
    if e.status != renkei_domain::event::Status::Published {
        return Ok(Err(Refused::NotOpen));
    }
    let store = app.store();
    let existing = participant_of(app, e.id, company.id).await?;
    let side = match (&existing, side) {
        (Some(p), _) => p.side,
        (None, Some(s)) => s,
        (None, None) => {
            return Ok(Err(field(
                "side",
                "バイヤーかセラーかを選んでください。",
                "Choose buyer or seller.",
            )));
        }
    };
    let mut errors = Vec::new();
    let profile = match draft.validate(side, setup.slots) {
        Ok(p) => Some(p),
        Err(e) => {
            errors.extend(e);
            None
        }
    };
    let own: HashSet<i64> = store
        .company_product_names(company.id)
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let products: Vec<i64> = if side == Side::Seller {
        products.to_vec()
    } else {
        Vec::new()
    };
    if products.iter().any(|p| !own.contains(p)) {
        errors.push(FieldError::new(
            "products",
            "自社の製品から選んでください。",
            "Choose among your company's products.",
        ));
    }
    let Some(profile) = profile.filter(|_| errors.is_empty()) else {
        return Ok(Err(Refused::Fields(errors)));
    };
    if let Some(p) = existing {
        return Ok(Ok(store
            .update_meeting_profile(&p, seen_version, &profile, &products, &caller.actor)
            .await?));
    }
    let registration = store
        .event_registrations(e.id)
        .await?
        .into_iter()
        .find(|r| r.company_id == Some(company.id) && !r.state.is_end())
        .map(|r| r.id);
    let new = NewParticipant {
        event: e.id,
        side,
        company: Some(company.id),
        sales_target: None,
        registration,
        name: company.name.clone(),
        profile,
        products,
    };
    Ok(Ok(store
        .insert_meeting_participant(&new, &caller.actor)
        .await?))
}

/// Who the organiser enters: a company or a sales-channel target (of any city).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entrant {
    Company(CompanyId),
    Target(TargetId),
}

/// The organiser enters a participant with its profile: a seller is a company; a buyer a
/// company or a sales-channel target (a hospital, a distributor …).
pub async fn add_participant(
    app: &App,
    caller: &Caller,
    e: &Checked<EventRecord>,
    side: Side,
    who: Option<Entrant>,
    draft: &ProfileDraft,
) -> Result<std::result::Result<ParticipantRecord, Refused>> {
    if let Err(r) = writable(e) {
        return Ok(Err(r));
    }
    let Some(setup) = setup_of(app, e).await? else {
        return Ok(Err(Refused::NotOpen));
    };
    let store = app.store();
    let mut errors = Vec::new();
    let known = store.meeting_participants(e.id).await?;
    let (name, company, target) = match who {
        Some(Entrant::Company(c)) => match store.company(c).await? {
            Some((c, _)) if known.iter().any(|p| p.company_id == Some(c.id)) => {
                errors.push(FieldError::new(
                    "who",
                    "この企業はすでに参加者です。",
                    "This company takes part already.",
                ));
                (String::new(), None, None)
            }
            Some((c, _)) => (c.name, Some(c.id), None),
            None => (String::new(), None, None),
        },
        Some(Entrant::Target(t)) if side == Side::Buyer => match store.sales_target(t).await? {
            Some(t) => (t.name, None, Some(t.id.0)),
            None => (String::new(), None, None),
        },
        _ => (String::new(), None, None),
    };
    if company.is_none() && target.is_none() && errors.is_empty() {
        errors.push(FieldError::new(
            "who",
            "参加する企業（バイヤーは販路開拓先も可）を選んでください。",
            "Choose the company (or, for a buyer, the sales-channel target).",
        ));
    }
    let profile = match draft.validate(side, setup.slots) {
        Ok(p) => Some(p),
        Err(e) => {
            errors.extend(e);
            None
        }
    };
    let Some(profile) = profile.filter(|_| errors.is_empty()) else {
        return Ok(Err(Refused::Fields(errors)));
    };
    let new = NewParticipant {
        event: e.id,
        side,
        company,
        sales_target: target,
        registration: None,
        name,
        profile,
        products: Vec::new(),
    };
    Ok(Ok(store
        .insert_meeting_participant(&new, &caller.actor)
        .await?))
}

/// The buyer and the seller of a pair, in that order, once both are of the event and of
/// the two sides.
async fn pair(
    store: &Store,
    e: EventId,
    a: ParticipantId,
    b: ParticipantId,
) -> Result<Option<(ParticipantRecord, ParticipantRecord)>> {
    let list = store.meeting_participants_among(e, &[a, b]).await?;
    let find = |id: ParticipantId| list.iter().find(|p| p.id == id).cloned();
    Ok(match (find(a), find(b)) {
        (Some(x), Some(y)) if x.side == Side::Buyer && y.side == Side::Seller => Some((x, y)),
        (Some(x), Some(y)) if x.side == Side::Seller && y.side == Side::Buyer => Some((y, x)),
        _ => None,
    })
}

const NOT_THE_OTHER_SIDE: (&str, &str) = (
    "相手方を、この商談会の反対側の参加者から選んでください。",
    "Choose someone on the other side of this business meeting.",
);

async fn new_request(
    app: &App,
    e: EventId,
    (a, b): (ParticipantId, ParticipantId),
    (by, priority, state): (&str, &str, State),
    actor: &Actor,
) -> Result<std::result::Result<MeetingRequestRecord, Refused>> {
    let priority = match parse_priority(priority) {
        Ok(p) => p,
        Err(errors) => return Ok(Err(Refused::Fields(errors))),
    };
    let store = app.store();
    let Some((buyer, seller)) = pair(store, e, a, b).await? else {
        return Ok(Err(field(
            "with",
            NOT_THE_OTHER_SIDE.0,
            NOT_THE_OTHER_SIDE.1,
        )));
    };
    let open = store
        .meeting_requests_between(e, (buyer.id, seller.id))
        .await?
        .into_iter()
        .any(|r| !r.state.is_end());
    if open {
        return Ok(Err(field(
            "with",
            "この相手とはすでに商談の申込みがあります。",
            "There is a meeting request with them already.",
        )));
    }
    let tx = store.begin().await?;
    let r = store
        .insert_meeting_request(&tx, e, (buyer.id, seller.id), by, priority, state, actor)
        .await?;
    tx.commit().await?;
    Ok(Ok(r))
}

/// A participant asks the other side's participant `with` for a meeting, with a priority
/// (1 to 3).
pub async fn request(
    app: &App,
    caller: &Caller,
    e: &EventRecord,
    me: &ParticipantRecord,
    with: ParticipantId,
    priority: &str,
) -> Result<std::result::Result<MeetingRequestRecord, Refused>> {
    let published = e.status == renkei_domain::event::Status::Published;
    if me.event_id != e.id || !published || setup_of(app, e).await?.is_none() {
        return Ok(Err(Refused::NotOpen));
    }
    let by = (me.side.code(), priority, State::Requested);
    new_request(app, e.id, (me.id, with), by, &caller.actor).await
}

/// The organiser arranges a meeting between a buyer and a seller: an accepted request.
pub async fn arrange(
    app: &App,
    caller: &Caller,
    e: &Checked<EventRecord>,
    (a, b): (ParticipantId, ParticipantId),
    priority: &str,
) -> Result<std::result::Result<MeetingRequestRecord, Refused>> {
    if let Err(r) = writable(e) {
        return Ok(Err(r));
    }
    if setup_of(app, e).await?.is_none() {
        return Ok(Err(Refused::NotOpen));
    }
    let by = ("organiser", priority, State::Accepted);
    new_request(app, e.id, (a, b), by, &caller.actor).await
}

/// The party a participant is to a request: the side that asked, or the side asked.
pub fn party_of(r: &MeetingRequestRecord, me: &ParticipantRecord) -> Option<Party> {
    let requester = match r.requested_by.as_str() {
        "buyer" => Some(r.buyer_id),
        "seller" => Some(r.seller_id),
        _ => None,
    };
    if me.id != r.buyer_id && me.id != r.seller_id {
        None
    } else if requester == Some(me.id) {
        Some(Party::Requester)
    } else {
        Some(Party::Recipient)
    }
}

/// A move on a request of the event: by a participant (`me`) as the party they are to it,
/// or by the organiser (`me` none, the event loaded for writing). When the organiser
/// arranges the meetings, the side asked does not accept: the organiser does.
pub async fn move_request(
    app: &App,
    caller: &Caller,
    e: &Checked<EventRecord>,
    me: Option<&ParticipantRecord>,
    (id, seen_version): (MeetingRequestId, i64),
    m: Move,
) -> Result<std::result::Result<MeetingRequestRecord, Refused>> {
    let Some(setup) = setup_of(app, e).await? else {
        return Ok(Err(Refused::NotOpen));
    };
    let store = app.store();
    let r = store.meeting_request(id).await?;
    if r.event_id != e.id {
        return Err(StoreError::NotFound);
    }
    let party = match me {
        Some(me) => match party_of(&r, me) {
            Some(p) => p,
            None => return Err(StoreError::NotFound),
        },
        None if e.action() == Action::Write => Party::Organiser,
        None => return Ok(Err(Refused::Step(Refusal::NotYours))),
    };
    let flow = RequestFlow { app };
    let tx = store.begin().await?;
    let moved = make_move_in(
        app,
        &flow,
        &tx,
        id,
        seen_version,
        party,
        &m,
        &(party, setup.mode),
        &caller.actor,
    )
    .await?;
    match moved {
        Ok(r) => {
            tx.commit().await?;
            Ok(Ok(r))
        }
        Err(refusal) => Ok(Err(Refused::Step(refusal))),
    }
}

/// The event's matchmaking as the scheduler sees it (buyers, sellers, accepted requests,
/// locked meetings), and the meetings stored now as a schedule.
pub async fn instance(app: &App, e: &EventRecord) -> Result<Option<(Instance, Schedule)>> {
    let Some(setup) = setup_of(app, e).await? else {
        return Ok(None);
    };
    let store = app.store();
    let slots = usize::try_from(setup.slots).unwrap_or(0);
    let list = store.meeting_participants(e.id).await?;
    let party = |p: &ParticipantRecord| schedule::Party {
        id: p.id.0,
        available: (0..slots)
            .map(|s| p.available.get(s).copied().unwrap_or(false))
            .collect(),
        max_meetings: usize::try_from(p.max_meetings).unwrap_or(0),
    };
    let buyers: Vec<&ParticipantRecord> = list.iter().filter(|p| p.side == Side::Buyer).collect();
    let sellers: Vec<&ParticipantRecord> = list.iter().filter(|p| p.side == Side::Seller).collect();
    let index = |v: &[&ParticipantRecord], id: ParticipantId| v.iter().position(|p| p.id == id);
    let requests: Vec<Request> = store
        .meeting_requests(e.id)
        .await?
        .into_iter()
        .filter(|r| r.state == State::Accepted)
        .filter_map(|r| {
            Some(Request {
                id: r.id.0,
                buyer: index(&buyers, r.buyer_id)?,
                seller: index(&sellers, r.seller_id)?,
                priority: u32::try_from(r.priority).unwrap_or(1),
            })
        })
        .collect();
    let accepted: HashSet<i64> = requests.iter().map(|r| r.id).collect();
    let stored = store.meetings(e.id).await?;
    let as_meeting = |m: &MeetingRecord| Meeting {
        request: m.request_id.0,
        slot: usize::try_from(m.slot).unwrap_or(usize::MAX),
        table: usize::try_from(m.table_no).unwrap_or(usize::MAX),
    };
    let locked = stored
        .iter()
        .filter(|m| m.locked && accepted.contains(&m.request_id.0))
        .map(as_meeting)
        .collect();
    let placed: HashSet<i64> = stored.iter().map(|m| m.request_id.0).collect();
    let now = Schedule {
        meetings: stored.iter().map(as_meeting).collect(),
        unplaced: requests
            .iter()
            .filter(|r| !placed.contains(&r.id))
            .map(|r| r.id)
            .collect(),
    };
    let inst = Instance {
        slots,
        tables: usize::try_from(setup.tables).unwrap_or(0),
        buyers: buyers.into_iter().map(party).collect(),
        sellers: sellers.into_iter().map(party).collect(),
        requests,
        locked,
    };
    Ok(Some((inst, now)))
}

/// Runs the scheduler over the accepted requests and saves its meetings (the locked ones
/// kept as they are): the number placed and the number left out.
pub async fn schedule(
    app: &App,
    caller: &Caller,
    e: &Checked<EventRecord>,
) -> Result<std::result::Result<(usize, usize), Refused>> {
    if let Err(r) = writable(e) {
        return Ok(Err(r));
    }
    let Some((inst, _)) = instance(app, e).await? else {
        return Ok(Err(Refused::NotOpen));
    };
    let problems = schedule::validate(&inst);
    if !problems.is_empty() {
        return Ok(Err(Refused::Fields(problems)));
    }
    let result = schedule::schedule(&inst);
    let locked: HashSet<i64> = inst.locked.iter().map(|m| m.request).collect();
    let meetings: Vec<MeetingRecord> = result
        .meetings
        .iter()
        .map(|m| MeetingRecord {
            request_id: MeetingRequestId(m.request),
            slot: i32::try_from(m.slot).unwrap_or(0),
            table_no: i32::try_from(m.table).unwrap_or(0),
            locked: locked.contains(&m.request),
        })
        .collect();
    app.store()
        .replace_meetings(e.id, &meetings, result.unplaced.len(), &caller.actor)
        .await?;
    Ok(Ok((meetings.len(), result.unplaced.len())))
}

/// The organiser places an accepted request's meeting by hand in a slot and at a table
/// (the scheduler keeps it there), or takes the lock off (`place` none).
pub async fn lock(
    app: &App,
    caller: &Caller,
    e: &Checked<EventRecord>,
    id: MeetingRequestId,
    place: Option<(i32, i32)>,
) -> Result<std::result::Result<(), Refused>> {
    if let Err(r) = writable(e) {
        return Ok(Err(r));
    }
    let Some(setup) = setup_of(app, e).await? else {
        return Ok(Err(Refused::NotOpen));
    };
    let store = app.store();
    let r = store.meeting_request(id).await?;
    if r.event_id != e.id {
        return Err(StoreError::NotFound);
    }
    if r.state != State::Accepted {
        return Ok(Err(field(
            "request",
            "成立した商談だけを固定できます。",
            "Only an accepted request's meeting can be placed.",
        )));
    }
    if let Some((slot, table)) = place {
        let mut errors = Vec::new();
        if !(0..setup.slots).contains(&slot) {
            errors.push(FieldError::new(
                "slot",
                "時間枠を選んでください。",
                "Choose a slot.",
            ));
        }
        if !(0..setup.tables).contains(&table) {
            errors.push(FieldError::new(
                "table",
                "テーブル番号を正しく入力してください。",
                "Enter a valid table number.",
            ));
        }
        let clash = store
            .meetings(e.id)
            .await?
            .into_iter()
            .any(|m| m.request_id != id && m.locked && m.slot == slot && m.table_no == table);
        if clash {
            errors.push(FieldError::new(
                "table",
                "この時間枠のこのテーブルには、固定した商談がすでにあります。",
                "A meeting is already placed at this table in this slot.",
            ));
        }
        if !errors.is_empty() {
            return Ok(Err(Refused::Fields(errors)));
        }
    }
    store.lock_meeting(e.id, id, place, &caller.actor).await?;
    Ok(Ok(()))
}

/// A meeting on a participant's agenda.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaItem {
    pub request: MeetingRequestRecord,
    pub slot: i32,
    pub table_no: i32,
    pub locked: bool,
    pub start: chrono::DateTime<Utc>,
    pub end: chrono::DateTime<Utc>,
    /// The other side's participant.
    pub with: ParticipantRecord,
}

/// A participant's meetings, by slot.
pub async fn agenda(
    app: &App,
    e: &EventRecord,
    setup: &MeetingSetupRecord,
    me: &ParticipantRecord,
) -> Result<Vec<AgendaItem>> {
    let store = app.store();
    let people: HashMap<ParticipantId, ParticipantRecord> = store
        .meeting_participants(e.id)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let requests: HashMap<MeetingRequestId, MeetingRequestRecord> = store
        .meeting_requests(e.id)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let s = setup.setup();
    let mut out = Vec::new();
    for m in store.meetings(e.id).await? {
        let Some(r) = requests.get(&m.request_id) else {
            continue;
        };
        let other = if r.buyer_id == me.id {
            r.seller_id
        } else if r.seller_id == me.id {
            r.buyer_id
        } else {
            continue;
        };
        let Some(with) = people.get(&other) else {
            continue;
        };
        out.push(AgendaItem {
            request: r.clone(),
            slot: m.slot,
            table_no: m.table_no,
            locked: m.locked,
            start: s.slot_start(m.slot),
            end: s.slot_end(m.slot),
            with: with.clone(),
        });
    }
    Ok(out)
}

/// A participant's agenda as an iCalendar file: one entry per meeting at its slot's time.
pub fn agenda_ics(
    app: &App,
    e: &EventRecord,
    setup: &MeetingSetupRecord,
    items: &[AgendaItem],
) -> String {
    let host = app
        .link("")
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let stamp = setup.scheduled_at.unwrap_or(e.updated_at);
    let entries: Vec<CalendarEvent> = items
        .iter()
        .map(|i| CalendarEvent {
            uid: format!("meeting-{}@{host}", i.request.id),
            summary: format!("商談: {}", i.with.name),
            description: format!("{}\n{}", e.title, i.with.profile),
            location: Some(format!("{} テーブル{}", e.venue, i.table_no + 1)),
            url: Some(app.link(&format!("/events/{}/meetings/agenda", e.id))),
            start: i.start,
            end: i.end,
            stamp,
            sequence: u32::try_from(setup.version).unwrap_or(0),
            cancelled: false,
            organizer: None,
        })
        .collect();
    write_ics(&e.title, Some("PUBLISH"), &entries)
}

/// Records a meeting's outcome, right after it or some months later (both kept), given by
/// one of its parties (`given_by`: `buyer`, `seller`) or the organiser.
#[allow(clippy::too_many_arguments)]
pub async fn record_outcome(
    app: &App,
    caller: &Caller,
    e: &EventRecord,
    id: MeetingRequestId,
    given_by: &str,
    (asked, outcome): (&str, &str),
    note: &str,
) -> Result<std::result::Result<OutcomeRecord, Refused>> {
    let store = app.store();
    let r = store.meeting_request(id).await?;
    if r.event_id != e.id {
        return Err(StoreError::NotFound);
    }
    if !store
        .meetings(e.id)
        .await?
        .iter()
        .any(|m| m.request_id == id)
    {
        return Ok(Err(field(
            "request",
            "日程が決まった商談の結果だけを記録できます。",
            "Only a scheduled meeting's outcome can be recorded.",
        )));
    }
    let mut errors = Vec::new();
    let asked = Asked::from_code(asked.trim());
    if asked.is_none() {
        errors.push(FieldError::new(
            "asked",
            "いつの時点の結果かを選んでください。",
            "Choose when the outcome is given for.",
        ));
    }
    let outcome = Outcome::from_code(outcome.trim());
    if outcome.is_none() {
        errors.push(FieldError::new(
            "outcome",
            "商談の結果を選んでください。",
            "Choose the outcome.",
        ));
    }
    let note = renkei_domain::text::clean(note);
    renkei_domain::kernel::too_long(&mut errors, "note", &note, 300);
    let (Some(asked), Some(outcome), true) = (asked, outcome, errors.is_empty()) else {
        return Ok(Err(Refused::Fields(errors)));
    };
    Ok(Ok(store
        .record_meeting_outcome(id, (asked, outcome), given_by, &note, &caller.actor)
        .await?))
}
