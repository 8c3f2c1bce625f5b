//! A company asks a designated city to register it: the public form's request as a workflow
//! of the one mechanism (`renkei_domain::registration::Registration`). [`RegistrationFlow`]
//! is what the engine needs besides: the request in the store, the approval's side effects
//! (the company, its first account as company user and manager, the invitation mailed to the
//! applicant), the decline's mail with the city's reason, and who is told (the city's staff
//! of a withdrawal). The applicant has no account: they are told by e-mail only.
//!
//! [`submit`] is anonymous: the request, its audit line as "applicant <address>", a mail to
//! the applicant (with their link, to see it and withdraw it while it waits) and a notice to
//! the city's staff, in one transaction; a client address is held to a few requests an hour.
//! A decision waiting longer than `DECISION_DAYS` is reminded to the city's staff once
//! ([`remind`]).

use chrono::{DateTime, Utc};
use renkei_domain::access::{Action, Resource, list_scope};
use renkei_domain::registration::{
    DECISION_DAYS, Move, Party, Refusal, Registration, Request, State,
};
use renkei_domain::workflow;
use renkei_store::{
    Actor, CompanyRecord, Notice, RegistrationId, RegistrationRecord, Result, Store, StoreError,
    Tx, UserRecord,
};

use crate::access::{Caller, Checked, Denied, signed_in};
use crate::workflow::{Flow, Overdue, make_move, tell};
use crate::{App, mail};

/// The request's record, side effects and notices, for the engine.
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

impl Flow for RegistrationFlow<'_> {
    type W = Registration;
    type Record = RegistrationRecord;
    type Id = RegistrationId;
    type Input = ();

    fn state(r: &RegistrationRecord) -> State {
        r.state
    }

    fn version(r: &RegistrationRecord) -> i64 {
        r.version
    }

    fn id(r: &RegistrationRecord) -> RegistrationId {
        r.id
    }

    async fn load(&self, tx: &Tx, id: RegistrationId) -> Result<RegistrationRecord> {
        self.store().registration_in(tx, id).await
    }

    async fn write(
        &self,
        tx: &Tx,
        before: &RegistrationRecord,
        to: State,
        party: Party,
        m: &Move,
        _input: &(),
        actor: &Actor,
    ) -> Result<RegistrationRecord> {
        self.store()
            .write_registration_move(tx, before, to, party, m, actor)
            .await
    }

    async fn effects(
        &self,
        tx: &Tx,
        after: &RegistrationRecord,
        m: &Move,
        actor: &Actor,
    ) -> Result<()> {
        let city = self.store().city_name(&after.city.to_string());
        match m {
            Move::Approve => {
                // Validated when it was submitted; a request this version cannot read again
                // is not approved.
                let company = after
                    .company_draft()
                    .validate(&after.city)
                    .map_err(|_| StoreError::Conflict)?;
                let link = |token: &str| self.app.link(&format!("/account/link?token={token}"));
                self.store()
                    .approve_registration(
                        tx,
                        after,
                        &company,
                        actor,
                        |user, token| {
                            mail::registration_approved(user, &after.name, &city, &link(token))
                        },
                        |user| {
                            let sign_in = self.app.link("/sign-in");
                            mail::registration_approved_existing(user, &after.name, &city, &sign_in)
                        },
                    )
                    .await?;
                Ok(())
            }
            Move::Decline(reason) => {
                let message = mail::registration_declined(
                    &after.applicant_email,
                    &after.applicant_name,
                    &after.name,
                    &city,
                    reason,
                );
                self.store().enqueue_mail_in(tx, &message).await
            }
            Move::Withdraw => Ok(()),
        }
    }

    fn told(&self, _after: &RegistrationRecord, mover: Party) -> Vec<Party> {
        match mover {
            Party::Applicant => vec![Party::City],
            Party::City => Vec::new(),
        }
    }

    async fn people(
        &self,
        tx: &Tx,
        party: Party,
        r: &RegistrationRecord,
    ) -> Result<Vec<UserRecord>> {
        match party {
            Party::City => self.store().city_staff(tx, &r.city).await,
            Party::Applicant => Ok(Vec::new()),
        }
    }

    async fn notice(&self, _tx: &Tx, r: &RegistrationRecord, what: (&str, &str)) -> Result<Notice> {
        Ok(Notice {
            ja: format!("企業登録の申込み#{}「{}」: {}", r.id, r.name, what.0),
            en: format!("Registration request #{} \"{}\": {}", r.id, r.name, what.1),
            link: format!("/cities/{}/registrations/{}", r.city, r.id),
        })
    }

    async fn overdue(&self, now: DateTime<Utc>) -> Result<Vec<Overdue<RegistrationRecord, Party>>> {
        let days = chrono::Duration::days(DECISION_DAYS.into());
        Ok(self
            .store()
            .overdue_registrations(now - days)
            .await?
            .into_iter()
            .map(|r| Overdue {
                due: r.state_since + days,
                record: r,
                waiting_on: Party::City,
            })
            .collect())
    }

    async fn claim_reminder(
        &self,
        tx: &Tx,
        o: &Overdue<RegistrationRecord, Party>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        self.store()
            .claim_registration_reminder(tx, &o.record, now)
            .await
    }
}

/// What the public form's submission did.
#[derive(Debug)]
pub enum Submitted {
    Done(Box<RegistrationRecord>),
    /// Too many requests from this client address in the last hour: nothing written.
    TooMany,
}

/// Writes a request from the public form (anonymous): the request with its history and audit
/// line as "applicant <address>", the mail telling the applicant it was received and a
/// notice to the city's staff, in one transaction.
pub async fn submit(app: &App, r: &Request, actor: &Actor) -> Result<Submitted> {
    let store = app.store();
    if !store
        .registration_allowed(actor.client_address.as_deref())
        .await?
    {
        return Ok(Submitted::TooMany);
    }
    let actor = Actor {
        id: None,
        label: format!("applicant <{}>", r.applicant.email),
        ..actor.clone()
    };
    let tx = store.begin().await?;
    let (record, token) = store.insert_registration(&tx, r, &actor).await?;
    let city = store.city_name(&r.city.to_string());
    let link = app.link(&format!("{APPLICANT_PATH}?token={token}"));
    let received = mail::registration_received(
        r.applicant.email.as_str(),
        &r.applicant.name,
        &record.name,
        &city,
        &link,
    );
    store.enqueue_mail_in(&tx, &received).await?;
    let flow = RegistrationFlow::new(app);
    let what = ("新しい申込みがありました", "a new request arrived");
    tell(app, &flow, &tx, &record, &[Party::City], what).await?;
    tx.commit().await?;
    Ok(Submitted::Done(Box::new(record)))
}

/// Where the applicant's link leads: their request, and its withdrawal while it waits.
pub const APPLICANT_PATH: &str = "/register-company/withdraw";

/// The request of an applicant's link (the token is its own proof); none for an unknown one.
pub async fn by_token(app: &App, token: &str) -> Result<Option<RegistrationRecord>> {
    if token.len() != 64 {
        return Ok(None);
    }
    app.store().registration_by_token(token).await
}

/// The applicant withdraws their request through their link, from the version they saw; the
/// city's staff are told. The audit trail names them as "applicant <address>".
pub async fn withdraw(
    app: &App,
    r: &RegistrationRecord,
    seen_version: i64,
    actor: &Actor,
) -> Result<std::result::Result<RegistrationRecord, Refusal>> {
    let actor = Actor {
        id: None,
        label: format!("applicant <{}>", r.applicant_email),
        ..actor.clone()
    };
    let flow = RegistrationFlow::new(app);
    let m = Move::Withdraw;
    make_move(
        app,
        &flow,
        r.id,
        seen_version,
        Party::Applicant,
        &m,
        &(),
        &actor,
    )
    .await
}

/// The request of `id`, once the policy allows the caller `action` on it: the city asked's
/// records (its staff and coordinators read; its staff who may write decide).
pub async fn load(
    app: &App,
    caller: &Caller,
    action: Action,
    id: RegistrationId,
) -> std::result::Result<Checked<RegistrationRecord>, Denied> {
    signed_in(caller)?;
    let r = match app.store().registration(id).await {
        Ok(r) => r,
        Err(StoreError::NotFound) => return Err(Denied::NotFound),
        Err(e) => return Err(e.into()),
    };
    let resource = Resource::CityRecord {
        owner: &r.city,
        shared_with: &[],
    };
    app.require(caller, action, resource).await?;
    Ok(Checked::new(r, action))
}

/// The city decides (approve, decline) on a request loaded for writing, from the version the
/// person saw; the record after the move and its side effects.
pub async fn decide(
    app: &App,
    l: &Checked<RegistrationRecord>,
    caller: &Caller,
    seen_version: i64,
    m: &Move,
) -> Result<std::result::Result<RegistrationRecord, Refusal>> {
    if l.action() != Action::Write {
        return Ok(Err(Refusal::NotYours));
    }
    let party = match workflow::party_for::<Registration>(l.state, &[Party::City], m) {
        Ok(p) => p,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let flow = RegistrationFlow::new(app);
    let moved = make_move(app, &flow, l.id, seen_version, party, m, &(), &caller.actor).await?;
    match moved {
        Ok(after) => Ok(Ok(app.store().registration(after.id).await?)),
        Err(refusal) => Ok(Err(refusal)),
    }
}

/// The companies the caller can see that look like the request's (the same matching key or
/// corporate number): possible duplicates the city checks before approving.
pub async fn likely_duplicates(
    app: &App,
    caller: &Caller,
    r: &Checked<RegistrationRecord>,
) -> Result<Vec<CompanyRecord>> {
    let Ok(company) = r.company_draft().validate(&r.city) else {
        return Ok(Vec::new());
    };
    app.store()
        .likely_duplicates(&company, &list_scope(&caller.subject))
        .await
}

/// Reminds the city's staff of each decision waiting longer than expected, once per request.
pub async fn remind(app: &App, now: DateTime<Utc>) -> Result<usize> {
    crate::workflow::remind(app, &RegistrationFlow::new(app), now).await
}
