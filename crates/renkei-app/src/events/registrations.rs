//! A registration for an event as a workflow of the one mechanism
//! (`renkei_domain::event::registration::EventRegistration`), and its use cases.
//!
//! A company user registers their company ([`register_company`]): the registration is
//! written and placed in one transaction. A member of the public registers for a public event
//! ([`register_public`]) and is placed when they open the link mailed to them ([`verify`]).
//! Placing ([`place`]) takes the quota's lock first, so registrations arriving at once are
//! placed one after another: a place while one is free, the waiting list after (first come);
//! a request for approval; an entry in the lottery. A place that frees is offered to the first
//! person waiting ([`promote`]), who confirms it in time ([`accept`]) or lets it lapse. The
//! organiser approves, declines, cancels and checks people in ([`organise`]); the lottery is
//! drawn from a seed that is recorded with its order ([`draw`]).
//!
//! Every registrant is told by e-mail (with the event's iCalendar file when they have a
//! place): company users and the public alike act through the link in their mail.

use chrono::{DateTime, Duration, Utc};
use renkei_domain::FieldError;
use renkei_domain::event::lottery::{self, Entrant};
use renkei_domain::event::registration::{
    EventRegistration, FULL, Move, PAST_CANCEL_DEADLINE, Party, Refusal, State,
};
use renkei_domain::event::{
    Allocation, Kind, Priority, Status, Window, check_answers, company_may_register,
    person_may_register, window,
};
use renkei_domain::identity::Email;
use renkei_store::{
    Actor, CompanyRecord, EventRecord, EventRegistrationId, EventRegistrationRecord, MoveFields,
    NewEventRegistration, Notice, ProductId, QuotaId, Result, Store, StoreError, Tx, UserRecord,
};

use crate::access::{Caller, Checked};
use crate::workflow::{Flow, Overdue, make_move_in};
use crate::{App, mail};

/// The registration's record, side effects and notices, for the engine.
pub struct RegistrationFlow<'a> {
    app: &'a App,
}

impl<'a> RegistrationFlow<'a> {
    pub fn new(app: &'a App) -> Self {
        RegistrationFlow { app }
    }

    fn store(&self) -> &Store {
        self.app.store()
    }
}

/// What a registration's move carries: the fields it writes, and for a registrant's
/// cancellation, the event's deadline and the time now.
#[derive(Debug, Clone, Copy, Default)]
pub struct MoveInput {
    pub fields: MoveFields,
    /// Until when the registrant may cancel (checked for the registrant's cancellation).
    pub cancel_until: Option<DateTime<Utc>>,
    pub now: Option<DateTime<Utc>>,
}

impl Flow for RegistrationFlow<'_> {
    type W = EventRegistration;
    type Record = EventRegistrationRecord;
    type Id = EventRegistrationId;
    type Input = (Party, MoveInput);

    fn state(r: &EventRegistrationRecord) -> State {
        r.state
    }

    fn version(r: &EventRegistrationRecord) -> i64 {
        r.version
    }

    fn id(r: &EventRegistrationRecord) -> EventRegistrationId {
        r.id
    }

    async fn load(&self, tx: &Tx, id: EventRegistrationId) -> Result<EventRegistrationRecord> {
        self.store().event_registration_in(tx, id).await
    }

    fn check(
        &self,
        _before: &EventRegistrationRecord,
        m: &Move,
        (party, input): &(Party, MoveInput),
    ) -> std::result::Result<(), Refusal> {
        if *m == Move::Cancel
            && *party == Party::Registrant
            && let (Some(until), Some(now)) = (input.cancel_until, input.now)
            && now > until
        {
            return Err(Refusal::Unmet(PAST_CANCEL_DEADLINE));
        }
        Ok(())
    }

    async fn write(
        &self,
        tx: &Tx,
        before: &EventRegistrationRecord,
        to: State,
        party: Party,
        m: &Move,
        (_, input): &(Party, MoveInput),
        actor: &Actor,
    ) -> Result<EventRegistrationRecord> {
        self.store()
            .write_event_registration_move(tx, before, to, party, m, input.fields, actor)
            .await
    }

    async fn effects(
        &self,
        tx: &Tx,
        after: &EventRegistrationRecord,
        m: &Move,
        actor: &Actor,
    ) -> Result<()> {
        let event = self.store().event_in(tx, after.event_id).await?;
        if *m == Move::CheckIn {
            super::survey::record_support(self.app, tx, &event, after, actor).await?;
            crate::training::attended(self.app, tx, &event, after, actor).await?;
        }
        tell_registrant(self.app, tx, &event, after, m).await
    }

    async fn people(
        &self,
        _tx: &Tx,
        _party: Party,
        _r: &EventRegistrationRecord,
    ) -> Result<Vec<UserRecord>> {
        // Registrants are told by e-mail in `effects` (the public have no account); the
        // organiser reads the registration list.
        Ok(Vec::new())
    }

    async fn notice(
        &self,
        _tx: &Tx,
        r: &EventRegistrationRecord,
        what: (&str, &str),
    ) -> Result<Notice> {
        Ok(Notice {
            ja: format!("催しの申込み#{}: {}", r.id, what.0),
            en: format!("Event registration #{}: {}", r.id, what.1),
            link: format!("/events/{}/registrations", r.event_id),
        })
    }

    async fn overdue(
        &self,
        _now: DateTime<Utc>,
    ) -> Result<Vec<Overdue<EventRegistrationRecord, Party>>> {
        // Offers lapse and reminders go out in `tick`, which knows each event's times.
        Ok(Vec::new())
    }

    async fn claim_reminder(
        &self,
        _tx: &Tx,
        _o: &Overdue<EventRegistrationRecord, Party>,
        _now: DateTime<Utc>,
    ) -> Result<bool> {
        Ok(false)
    }
}

/// The link a registrant acts through (to confirm, see, accept an offer, cancel).
pub const REGISTRANT_PATH: &str = "/events/registration";
/// The check-in page a staff member's phone opens from the confirmation's QR code.
pub const CHECK_IN_PATH: &str = "/events/check-in";

/// Mails the registrant what the move did, with the event's iCalendar file when they have a
/// place (and a cancellation notice for the calendar when they gave it up).
async fn tell_registrant(
    app: &App,
    tx: &Tx,
    event: &EventRecord,
    r: &EventRegistrationRecord,
    m: &Move,
) -> Result<()> {
    let (token, _) = app.store().event_registration_tokens(r.id).await?;
    let link = app.link(&format!("{REGISTRANT_PATH}?token={token}"));
    let message = mail::event_registration(event, r, m, &link);
    let has_place = matches!(m, Move::Place | Move::Approve | Move::Win | Move::Accept);
    if has_place {
        let attachment = super::ics_attachment(app, event);
        app.store()
            .enqueue_mail_with(tx, &message, &attachment)
            .await
    } else {
        app.store().enqueue_mail_in(tx, &message).await
    }
}

/// Why a registration is refused (nothing is written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// The event is not published, or was called off.
    NotOpen,
    /// Outside the registration period.
    Window(Window),
    /// The event is not open to this company's city (or not to the public).
    NotForYou,
    /// This company (or address) is registered already.
    Already,
    /// The answers or the person's details, with every problem.
    Fields(Vec<FieldError>),
    /// The workflow's refusal.
    Step(Refusal),
    /// Too many registrations from this client address in the last hour: nothing written.
    TooMany,
}

/// What a registration made: the record and the registrant's link token.
#[derive(Debug, Clone)]
pub struct Registered {
    pub record: EventRegistrationRecord,
    pub token: String,
}

fn open_for_registration(
    event: &EventRecord,
    now: DateTime<Utc>,
) -> std::result::Result<(), Refused> {
    if event.status != Status::Published {
        return Err(Refused::NotOpen);
    }
    match window(
        event.registration_opens_at,
        event.registration_closes_at,
        now,
    ) {
        Window::Open => Ok(()),
        w => Err(Refused::Window(w)),
    }
}

fn quota_of(event: &EventRecord, quota: QuotaId) -> std::result::Result<QuotaId, Refused> {
    match event.quota(quota) {
        Some(q) => Ok(q.id),
        None => Err(Refused::Fields(vec![FieldError::new(
            "quota",
            "参加枠を選んでください。",
            "Choose a quota.",
        )])),
    }
}

async fn already(
    store: &Store,
    event: &EventRecord,
    email: &str,
    company: Option<i64>,
) -> Result<bool> {
    store
        .event_registered(event.id, email, company.map(renkei_store::CompanyId))
        .await
}

/// What a company user fills in to register their company.
#[derive(Debug, Clone)]
pub struct CompanyEntry {
    pub quota: QuotaId,
    /// The company's product the event is for (its attendance is support for that product);
    /// none: not said (a company with one product has it counted for that one).
    pub product: Option<ProductId>,
    pub answers: Vec<String>,
}

/// A company's own product, or the field's error.
async fn product_of(
    store: &Store,
    company: &CompanyRecord,
    product: Option<ProductId>,
) -> Result<std::result::Result<Option<ProductId>, Refused>> {
    let Some(p) = product else {
        return Ok(Ok(None));
    };
    let theirs = store.company_product_names(company.id).await?;
    if theirs.iter().any(|(id, _)| *id == p.0) {
        Ok(Ok(Some(p)))
    } else {
        Ok(Err(Refused::Fields(vec![FieldError::new(
            "product",
            "この企業の製品から選んでください。",
            "Choose one of the company's products.",
        )])))
    }
}

/// A company user registers their company (loaded with the check that they are its
/// person) for a published event open to its city: written and placed in one transaction,
/// the registrant told by mail.
pub async fn register_company(
    app: &App,
    caller: &Caller,
    user: &UserRecord,
    event: &EventRecord,
    company: &Checked<CompanyRecord>,
    entry: &CompanyEntry,
) -> Result<std::result::Result<Registered, Refused>> {
    let now = Utc::now();
    if let Err(r) = open_for_registration(event, now) {
        return Ok(Err(r));
    }
    let theirs = renkei_domain::access::Role::CompanyUser {
        company: company.id.0,
    };
    let certified_by = match event.audience {
        renkei_domain::event::Audience::CsrMembers => {
            crate::csr::community::certified_by(app, company.id).await?
        }
        _ => Vec::new(),
    };
    if !caller.subject.roles.contains(&theirs)
        || event.kind == Kind::Training
        || !company_may_register(
            event.audience,
            &event.organisers,
            &company.home_city,
            &certified_by,
        )
    {
        return Ok(Err(Refused::NotForYou));
    }
    let quota = match quota_of(event, entry.quota) {
        Ok(q) => q,
        Err(r) => return Ok(Err(r)),
    };
    let answers = match check_answers(&event.questions, &entry.answers) {
        Ok(a) => a,
        Err(e) => return Ok(Err(Refused::Fields(e))),
    };
    let store = app.store();
    let product = match product_of(store, company, entry.product).await? {
        Ok(p) => p,
        Err(r) => return Ok(Err(r)),
    };
    let email = user.email.to_string();
    if already(store, event, &email, Some(company.id.0)).await? {
        return Ok(Err(Refused::Already));
    }
    let first_time = !store
        .attended_before(&event.city, Some(company.id), &email)
        .await?;
    let new = NewEventRegistration {
        event: event.id,
        quota,
        company: Some(company.id),
        product,
        user: Some(user.id),
        name: user.display_name.clone(),
        email,
        organization: company.name.clone(),
        answers,
        first_time,
    };
    let tx = store.begin().await?;
    let record = store
        .insert_event_registration(&tx, &new, &caller.actor)
        .await?;
    let (token, _) = store.event_registration_tokens(record.id).await?;
    let placed = match place(app, &tx, event, &record, &caller.actor).await? {
        Ok(r) => r,
        Err(refusal) => return Ok(Err(Refused::Step(refusal))),
    };
    tx.commit().await?;
    Ok(Ok(Registered {
        record: placed,
        token,
    }))
}

/// A staff member or coordinator registers themselves for a training event (研修) open to
/// their city (`person_may_register`): written and placed in one transaction, as a company's
/// registration is, told by mail; the check-in counts as their training.
pub async fn register_person(
    app: &App,
    caller: &Caller,
    user: &UserRecord,
    event: &EventRecord,
    entry: &CompanyEntry,
) -> Result<std::result::Result<Registered, Refused>> {
    let now = Utc::now();
    if let Err(r) = open_for_registration(event, now) {
        return Ok(Err(r));
    }
    let cities = person_cities(&caller.subject);
    if !person_may_register(event.kind, event.audience, &event.organisers, &cities) {
        return Ok(Err(Refused::NotForYou));
    }
    let quota = match quota_of(event, entry.quota) {
        Ok(q) => q,
        Err(r) => return Ok(Err(r)),
    };
    let answers = match check_answers(&event.questions, &entry.answers) {
        Ok(a) => a,
        Err(e) => return Ok(Err(Refused::Fields(e))),
    };
    let store = app.store();
    let email = user.email.to_string();
    if already(store, event, &email, None).await? {
        return Ok(Err(Refused::Already));
    }
    let first_time = !store.attended_before(&event.city, None, &email).await?;
    let organization = cities
        .first()
        .map(|c| store.city_name(&c.to_string()))
        .unwrap_or_default();
    let new = NewEventRegistration {
        event: event.id,
        quota,
        company: None,
        product: None,
        user: Some(user.id),
        name: user.display_name.clone(),
        email,
        organization,
        answers,
        first_time,
    };
    let tx = store.begin().await?;
    let record = store
        .insert_event_registration(&tx, &new, &caller.actor)
        .await?;
    let (token, _) = store.event_registration_tokens(record.id).await?;
    let placed = match place(app, &tx, event, &record, &caller.actor).await? {
        Ok(r) => r,
        Err(refusal) => return Ok(Err(Refused::Step(refusal))),
    };
    tx.commit().await?;
    Ok(Ok(Registered {
        record: placed,
        token,
    }))
}

/// The cities a subject works in as staff or coordinator (a training event's registrant).
pub fn person_cities(
    subject: &renkei_domain::access::Subject,
) -> Vec<renkei_domain::city::CityCode> {
    use renkei_domain::access::Role;
    let mut out = Vec::new();
    for r in &subject.roles {
        if let Role::CityStaff { city, .. } | Role::Coordinator { city } = r
            && !out.contains(city)
        {
            out.push(*city);
        }
    }
    out
}

/// A member of the public registers for a public event: written unconfirmed, with a mail
/// holding the link that confirms the address (and places them).
#[allow(clippy::too_many_arguments)]
pub async fn register_public(
    app: &App,
    event: &EventRecord,
    quota: QuotaId,
    name: &str,
    email: &str,
    organization: &str,
    answers: &[String],
    actor: &Actor,
) -> Result<std::result::Result<Registered, Refused>> {
    let now = Utc::now();
    if let Err(r) = open_for_registration(event, now) {
        return Ok(Err(r));
    }
    if event.audience != renkei_domain::event::Audience::Public {
        return Ok(Err(Refused::NotForYou));
    }
    let mut errors = Vec::new();
    let name = renkei_domain::text::clean(name);
    if name.is_empty() {
        errors.push(FieldError::new(
            "name",
            "お名前を入力してください。",
            "Enter your name.",
        ));
    }
    renkei_domain::kernel::too_long(&mut errors, "name", &name, 100);
    let organization = renkei_domain::text::clean(organization);
    renkei_domain::kernel::too_long(&mut errors, "organization", &organization, 200);
    let email = match Email::parse(email) {
        Ok(e) => Some(e.to_string()),
        Err(_) => {
            errors.push(FieldError::new(
                "email",
                "メールアドレスを正しく入力してください（例: hanako@example.jp）。",
                "Enter a valid e-mail address (e.g. hanako@example.jp).",
            ));
            None
        }
    };
    let answers = match check_answers(&event.questions, answers) {
        Ok(a) => a,
        Err(e) => {
            errors.extend(e);
            Vec::new()
        }
    };
    let quota = match quota_of(event, quota) {
        Ok(q) => Some(q),
        Err(Refused::Fields(e)) => {
            errors.extend(e);
            None
        }
        Err(_) => None,
    };
    let (Some(email), Some(quota), true) = (email, quota, errors.is_empty()) else {
        return Ok(Err(Refused::Fields(errors)));
    };
    let store = app.store();
    if !store
        .event_registration_allowed(actor.client_address.as_deref())
        .await?
    {
        return Ok(Err(Refused::TooMany));
    }
    if already(store, event, &email, None).await? {
        return Ok(Err(Refused::Already));
    }
    let first_time = !store.attended_before(&event.city, None, &email).await?;
    let new = NewEventRegistration {
        event: event.id,
        quota,
        company: None,
        product: None,
        user: None,
        name,
        email,
        organization,
        answers,
        first_time,
    };
    let actor = Actor {
        id: None,
        label: format!("registrant <{}>", new.email),
        ..actor.clone()
    };
    let tx = store.begin().await?;
    let record = store.insert_event_registration(&tx, &new, &actor).await?;
    store
        .count_event_registration(&tx, actor.client_address.as_deref())
        .await?;
    let (token, _) = store.event_registration_tokens(record.id).await?;
    let link = app.link(&format!("{REGISTRANT_PATH}?token={token}"));
    store
        .enqueue_mail_in(&tx, &mail::event_verify(event, &record, &link))
        .await?;
    tx.commit().await?;
    Ok(Ok(Registered { record, token }))
}

/// The registration of a registrant's link (the token is its own proof); none for an unknown
/// one.
pub async fn by_token(app: &App, token: &str) -> Result<Option<EventRegistrationRecord>> {
    if token.is_empty() || token.len() > 100 {
        return Ok(None);
    }
    app.store().event_registration_by_token(token).await
}

/// A member of the public opens the link mailed to them: their address is confirmed and they
/// are placed. Opening it again changes nothing.
pub async fn verify(
    app: &App,
    r: &EventRegistrationRecord,
    actor: &Actor,
) -> Result<std::result::Result<EventRegistrationRecord, Refusal>> {
    if r.state != State::Unverified {
        return Ok(Ok(r.clone()));
    }
    let event = app.store().event(r.event_id).await?;
    let actor = registrant_actor(r, actor);
    let tx = app.store().begin().await?;
    let placed = place(app, &tx, &event, r, &actor).await?;
    if placed.is_ok() {
        tx.commit().await?;
    }
    Ok(placed)
}

fn registrant_actor(r: &EventRegistrationRecord, actor: &Actor) -> Actor {
    match r.user_id {
        Some(_) if actor.id.is_some() => actor.clone(),
        _ => Actor {
            id: None,
            label: format!("registrant <{}>", r.email),
            ..actor.clone()
        },
    }
}

/// Places an unconfirmed registration in the caller's transaction, the quota's lock taken
/// first: first come gives a place while one is free and the waiting list after; approval
/// asks the organiser; a lottery enters the draw. The arrival's number is the order.
pub async fn place(
    app: &App,
    tx: &Tx,
    event: &EventRecord,
    r: &EventRegistrationRecord,
    actor: &Actor,
) -> Result<std::result::Result<EventRegistrationRecord, Refusal>> {
    let arrival = app.store().arrive(tx, r.quota_id).await?;
    let m = match event.allocation {
        Allocation::FirstCome if arrival.place_free() => Move::Place,
        Allocation::FirstCome => Move::Wait,
        Allocation::Approval => Move::Ask,
        Allocation::Lottery => Move::Enter,
    };
    let input = MoveInput {
        fields: MoveFields {
            arrival: Some(arrival.number),
            offer_expires_at: None,
        },
        ..MoveInput::default()
    };
    let flow = RegistrationFlow::new(app);
    let party = Party::System;
    make_move_in(
        app,
        &flow,
        tx,
        r.id,
        r.version,
        party,
        &m,
        &(party, input),
        actor,
    )
    .await
}

/// The registrant (through their link) cancels until the event's deadline, or accepts a
/// place offered to them; a cancellation that frees a place offers it to the next person.
pub async fn registrant_move(
    app: &App,
    r: &EventRegistrationRecord,
    seen_version: i64,
    m: &Move,
    actor: &Actor,
) -> Result<std::result::Result<EventRegistrationRecord, Refusal>> {
    let event = app.store().event(r.event_id).await?;
    let actor = registrant_actor(r, actor);
    let input = MoveInput {
        cancel_until: Some(event.cancel_until),
        now: Some(Utc::now()),
        ..MoveInput::default()
    };
    let flow = RegistrationFlow::new(app);
    let party = Party::Registrant;
    let tx = app.store().begin().await?;
    let moved = make_move_in(
        app,
        &flow,
        &tx,
        r.id,
        seen_version,
        party,
        m,
        &(party, input),
        &actor,
    )
    .await?;
    if moved.is_ok() {
        tx.commit().await?;
        if r.state.holds_place() {
            promote(app, &event, r.quota_id, Utc::now()).await?;
        }
    }
    Ok(moved)
}

/// The organiser's move on a registration of an event loaded for writing: approve (a place
/// must be free), decline with a reason, cancel, check in, mark a no-show.
pub async fn organise(
    app: &App,
    caller: &Caller,
    event: &Checked<EventRecord>,
    id: EventRegistrationId,
    seen_version: i64,
    m: &Move,
) -> Result<std::result::Result<EventRegistrationRecord, Refusal>> {
    if event.action() != renkei_domain::access::Action::Write {
        return Ok(Err(Refusal::NotYours));
    }
    let store = app.store();
    let r = store.event_registration(id).await?;
    if r.event_id != event.id {
        return Err(StoreError::NotFound);
    }
    let tx = store.begin().await?;
    if *m == Move::Approve && !store.lock_quota(&tx, r.quota_id).await?.place_free() {
        return Ok(Err(Refusal::Unmet(FULL)));
    }
    let flow = RegistrationFlow::new(app);
    let party = Party::Organiser;
    let input = (party, MoveInput::default());
    let moved = make_move_in(
        app,
        &flow,
        &tx,
        id,
        seen_version,
        party,
        m,
        &input,
        &caller.actor,
    )
    .await?;
    if moved.is_ok() {
        tx.commit().await?;
        if *m == Move::Cancel && r.state.holds_place() {
            promote(app, event, r.quota_id, Utc::now()).await?;
        }
    }
    Ok(moved)
}

/// Offers the places free in a quota to the people waiting, first come first: each offer
/// holds the place until the event's time limit (or the event's start, if sooner). The
/// quota's lock is taken first, so nodes doing this at once offer a place once. The count
/// offered.
pub async fn promote(
    app: &App,
    event: &EventRecord,
    quota: QuotaId,
    now: DateTime<Utc>,
) -> Result<usize> {
    if event.status != Status::Published || now >= event.starts_at {
        return Ok(0);
    }
    let store = app.store();
    let flow = RegistrationFlow::new(app);
    let actor = Actor::system("event-waiting-list");
    let mut offered = 0;
    loop {
        let tx = store.begin().await?;
        let arrival = store.lock_quota(&tx, quota).await?;
        if !arrival.place_free() {
            return Ok(offered);
        }
        let Some(next) = store.first_waiting(&tx, quota).await? else {
            return Ok(offered);
        };
        let until = (now + Duration::hours(event.offer_hours.into())).min(event.starts_at);
        let input = MoveInput {
            fields: MoveFields {
                arrival: None,
                offer_expires_at: Some(until),
            },
            ..MoveInput::default()
        };
        let party = Party::System;
        let m = Move::Offer;
        match make_move_in(
            app,
            &flow,
            &tx,
            next.id,
            next.version,
            party,
            &m,
            &(party, input),
            &actor,
        )
        .await
        {
            Ok(Ok(_)) => {
                tx.commit().await?;
                offered += 1;
            }
            Ok(Err(_)) | Err(StoreError::Conflict) => return Ok(offered),
            Err(e) => return Err(e),
        }
    }
}

/// Draws the lottery of an event loaded for writing, after its registration closed: in each
/// quota, the entrants (first-time participants first when the event says so) drawn from
/// `seed`, the winners placed and the others on the waiting list in the draw's order. The
/// seed and the order are recorded, so the draw can be run again and checked. All of it or
/// nothing.
pub async fn draw(
    app: &App,
    caller: &Caller,
    event: &Checked<EventRecord>,
    seed: u64,
) -> Result<std::result::Result<usize, Refusal>> {
    if event.action() != renkei_domain::access::Action::Write
        || event.allocation != Allocation::Lottery
    {
        return Ok(Err(Refusal::NotYours));
    }
    if Utc::now() < event.registration_closes_at {
        return Ok(Err(Refusal::NotNow));
    }
    let store = app.store();
    let tx = store.begin().await?;
    let flow = RegistrationFlow::new(app);
    let mut drawn = 0;
    for q in &event.quotas {
        let arrival = store.lock_quota(&tx, q.id).await?;
        let entrants: Vec<EventRegistrationRecord> = store
            .event_registrations_in_state(&tx, event.id, State::Applied)
            .await?
            .into_iter()
            .filter(|r| r.quota_id == q.id)
            .collect();
        if entrants.is_empty() {
            continue;
        }
        let keyed: Vec<Entrant> = entrants
            .iter()
            .map(|r| Entrant {
                key: r.id.0,
                tier: u8::from(event.priority == Priority::FirstTime && !r.first_time),
            })
            .collect();
        let places = (i64::from(arrival.capacity) - arrival.taken).max(0) as usize;
        let result = lottery::draw(seed, &keyed, places);
        store
            .insert_draw(
                &tx,
                event.id,
                seed,
                &result.order,
                result.winners,
                &caller.actor,
            )
            .await?;
        for (i, key) in result.order.iter().enumerate() {
            let Some(r) = entrants.iter().find(|r| r.id.0 == *key) else {
                continue;
            };
            let m = if i < result.winners {
                Move::Win
            } else {
                Move::Lose
            };
            let input = MoveInput {
                fields: MoveFields {
                    arrival: Some(i as i64 + 1),
                    offer_expires_at: None,
                },
                ..MoveInput::default()
            };
            let party = Party::System;
            if let Err(refusal) = make_move_in(
                app,
                &flow,
                &tx,
                r.id,
                r.version,
                party,
                &m,
                &(party, input),
                &caller.actor,
            )
            .await?
            {
                return Ok(Err(refusal));
            }
            drawn += 1;
        }
    }
    tx.commit().await?;
    Ok(Ok(drawn))
}

/// Lets a registrant change their answers while the registration is open.
pub async fn change_answers(
    app: &App,
    r: &EventRegistrationRecord,
    seen_version: i64,
    answers: &[String],
    actor: &Actor,
) -> Result<std::result::Result<EventRegistrationRecord, Refused>> {
    let event = app.store().event(r.event_id).await?;
    if r.state.is_end() || Utc::now() >= event.starts_at {
        return Ok(Err(Refused::NotOpen));
    }
    let answers = match check_answers(&event.questions, answers) {
        Ok(a) => a,
        Err(e) => return Ok(Err(Refused::Fields(e))),
    };
    let actor = registrant_actor(r, actor);
    Ok(Ok(app
        .store()
        .change_event_answers(r, seen_version, &answers, &actor)
        .await?))
}
