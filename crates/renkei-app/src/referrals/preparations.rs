//! A referral's step prepared for an officer's approval (`renkei_domain::referral_prep`):
//! a coordinator, or a support organisation's member acting for the city, prepares ① a
//! product's selection for another city ([`prepare_selection`]) or ④ the targets of a
//! referral the city accepted ([`prepare_targets`]); the city's officers are told. An officer
//! approves it ([`move_preparation`]), which makes the step in the same transaction — the
//! referral at ① (the company asked to consent; the preparer named as who helped), or the
//! targets added — or returns it with what to change; the preparer revises and resubmits,
//! or withdraws. Each open step is due in 開庁日 and reminded once ([`remind`]).

use chrono::{DateTime, TimeZone, Utc};
use renkei_domain::FieldError;
use renkei_domain::access::{Action, PrepFacts, Resource, Role, prep_parties};
use renkei_domain::city::CityCode;
use renkei_domain::organization::Help;
use renkei_domain::referral::State as Step;
use renkei_domain::referral_prep::{self as rules, Kind, Move, Party, Preparation, Refusal, State};
use renkei_domain::workflow;
use renkei_store::{
    Actor, Notice, PreparationId, PreparationRecord, PreparationWrite, Preparing, ProductId,
    ReferralId, Result, Store, StoreError, TargetId, Tx, UserId, UserRecord,
};

use crate::App;
use crate::access::{Caller, Checked, Denied, found, signed_in};
use crate::consultations::{day, today};
use crate::workflow::{Flow, Overdue, make_move, tell};

/// What the policy knows of a preparation.
pub fn facts(p: &PreparationRecord) -> PrepFacts {
    PrepFacts {
        city: p.city,
        preparer: p.preparer_id.unwrap_or(-1),
    }
}

/// The parties a caller is to a preparation.
pub fn parties(caller: &Caller, p: &PreparationRecord) -> Vec<Party> {
    prep_parties(&caller.subject, &facts(p))
}

/// Why a preparation or a move was refused.
#[derive(Debug)]
pub enum Refused {
    Fields(Vec<FieldError>),
    Step(Refusal),
}

fn field(name: &'static str, ja: &'static str, en: &'static str) -> Refused {
    Refused::Fields(vec![FieldError::new(name, ja, en)])
}

/// A preparation's record, moves and notices, for the engine.
pub struct PreparationFlow<'a> {
    app: &'a App,
}

impl<'a> PreparationFlow<'a> {
    pub fn new(app: &'a App) -> Self {
        PreparationFlow { app }
    }

    fn store(&self) -> &Store {
        self.app.store()
    }
}

/// A notice about a preparation: its number and its kind.
fn notice(p: &PreparationRecord, what: (&str, &str)) -> Notice {
    let kind = p.kind.name();
    Notice {
        ja: format!("紹介の準備#{}（{}）: {}", p.id, kind.ja, what.0),
        en: format!("Referral preparation #{} ({}): {}", p.id, kind.en, what.1),
        link: format!("/referral-preparations/{}", p.id),
    }
}

impl Flow for PreparationFlow<'_> {
    type W = Preparation;
    type Record = PreparationRecord;
    type Id = PreparationId;
    type Input = PreparationWrite;

    fn state(p: &PreparationRecord) -> State {
        p.state
    }

    fn version(p: &PreparationRecord) -> i64 {
        p.version
    }

    fn id(p: &PreparationRecord) -> PreparationId {
        p.id
    }

    async fn load(&self, tx: &Tx, id: PreparationId) -> Result<PreparationRecord> {
        self.store().preparation_in(tx, id).await
    }

    async fn write(
        &self,
        tx: &Tx,
        before: &PreparationRecord,
        to: State,
        party: Party,
        m: &Move,
        input: &PreparationWrite,
        actor: &Actor,
    ) -> Result<PreparationRecord> {
        self.store()
            .write_preparation_move(tx, before, to, party, m, input, actor)
            .await
    }

    /// An approval makes the step: ① the referral (the company asked to consent, the
    /// preparer named as who helped), or ④ the targets added to the referral.
    async fn effects(&self, tx: &Tx, after: &PreparationRecord, m: &Move, a: &Actor) -> Result<()> {
        if *m != Move::Approve {
            return Ok(());
        }
        match after.kind {
            Kind::Selection => approve_selection(self.app, tx, after, a).await,
            Kind::Targets => approve_targets(self.app, tx, after, a).await,
        }
    }

    fn told(&self, after: &PreparationRecord, mover: Party) -> Vec<Party> {
        match (after.state, mover) {
            (State::Prepared, _) => vec![Party::Officer],
            (State::Withdrawn, Party::Preparer) => vec![Party::Officer],
            _ => vec![Party::Preparer],
        }
    }

    /// The preparer (if their account is active); the city's officers.
    async fn people(
        &self,
        tx: &Tx,
        party: Party,
        p: &PreparationRecord,
    ) -> Result<Vec<UserRecord>> {
        match party {
            Party::Preparer => match p.preparer_id {
                Some(id) => Ok(self
                    .store()
                    .user(UserId(id))
                    .await?
                    .map(|(u, _)| u)
                    .filter(|u| u.active)
                    .into_iter()
                    .collect()),
                None => Ok(Vec::new()),
            },
            Party::Officer => self.store().city_staff(tx, &p.city).await,
        }
    }

    async fn notice(&self, _tx: &Tx, p: &PreparationRecord, what: (&str, &str)) -> Result<Notice> {
        Ok(notice(p, what))
    }

    async fn overdue(&self, now: DateTime<Utc>) -> Result<Vec<Overdue<PreparationRecord, Party>>> {
        let rows = self.store().overdue_preparations(day(now)).await?;
        Ok(rows
            .into_iter()
            .filter_map(|p| {
                Some(Overdue {
                    waiting_on: <Preparation as workflow::Workflow>::waiting_on(p.state)?,
                    due: p
                        .due_on
                        .and_then(|d| d.and_hms_opt(0, 0, 0))
                        .map(|d| Utc.from_utc_datetime(&d))
                        .unwrap_or(now),
                    record: p,
                })
            })
            .collect())
    }

    async fn claim_reminder(
        &self,
        tx: &Tx,
        o: &Overdue<PreparationRecord, Party>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        self.store()
            .claim_preparation_reminder(tx, &o.record, now)
            .await
    }
}

/// Who helped, as the referral's history names it: the preparer as the city's coordinator,
/// and the organisation they act through.
async fn preparer_help(app: &App, p: &PreparationRecord) -> Result<Help> {
    let Some(id) = p.preparer_id else {
        return Ok(Help::default());
    };
    let (_, coordinators) = crate::help::choices(app, &p.city).await?;
    let organization = app.store().organization_of(UserId(id)).await?;
    Ok(Help {
        organization: organization
            .filter(|o| o.city_code == p.city)
            .map(|o| o.id.0),
        coordinator: coordinators.iter().any(|u| u.id.0 == id).then_some(id),
    })
}

async fn approve_selection(app: &App, tx: &Tx, p: &PreparationRecord, a: &Actor) -> Result<()> {
    let receiving = p.receiving_city.ok_or(StoreError::NotFound)?;
    let help = preparer_help(app, p).await?;
    let r = super::insert_in(app, tx, (p.product_id, &receiving, &p.note, help), &[], a).await?;
    app.store().set_preparation_referral(tx, p.id, r.id).await
}

async fn approve_targets(app: &App, tx: &Tx, p: &PreparationRecord, a: &Actor) -> Result<()> {
    let referral = p.referral_id.ok_or(StoreError::NotFound)?;
    for id in &p.target_ids {
        let Some(target) = app.store().sales_target(TargetId(*id)).await? else {
            continue;
        };
        match app
            .store()
            .add_referral_target_in(tx, referral, &target, a)
            .await
        {
            Ok(Ok(_)) | Err(StoreError::Duplicate(_)) => {}
            // The referral moved on meanwhile: nothing is approved.
            Ok(Err(_)) => return Err(StoreError::Conflict),
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// A preparation, once the policy allows the caller `action` on it.
pub async fn load(
    app: &App,
    caller: &Caller,
    action: Action,
    id: PreparationId,
) -> std::result::Result<Checked<PreparationRecord>, Denied> {
    signed_in(caller)?;
    let p = found(app.store().preparation(id).await)?;
    app.require(caller, action, Resource::ReferralPrep(&facts(&p)))
        .await?;
    Ok(Checked::new(p, action))
}

/// The preparations of the cities the caller works in (staff and coordinators), open first.
pub async fn list(app: &App, caller: &Caller) -> Result<Vec<PreparationRecord>> {
    let cities: Vec<CityCode> = caller
        .subject
        .roles
        .iter()
        .filter_map(|r| match r {
            Role::CityStaff { city, .. } | Role::Coordinator { city } => Some(*city),
            _ => None,
        })
        .collect();
    app.store().preparations(&cities).await
}

/// The open ④ preparations of a referral (for its page).
pub async fn open_for(app: &App, referral: ReferralId) -> Result<Vec<PreparationRecord>> {
    app.store().open_preparations_of(referral).await
}

/// ① A product prepared for another city: the caller prepares for the product's home city;
/// the product must be eligible now and the receiving city another one.
pub async fn prepare_selection(
    app: &App,
    caller: &Caller,
    product: ProductId,
    receiving: &str,
    note: &str,
) -> std::result::Result<std::result::Result<PreparationRecord, Refused>, Denied> {
    let p = app
        .product(caller, Action::Read, product)
        .await?
        .into_inner();
    app.require(
        caller,
        Action::Write,
        Resource::ReferralPrepare(&p.home_city),
    )
    .await?;
    let mut errors = Vec::new();
    let receiving = CityCode::parse(receiving.trim())
        .ok()
        .filter(|c| *c != p.home_city);
    if receiving.is_none() {
        errors.push(FieldError::new(
            "receiving",
            "紹介先の市（自市以外の指定都市）を選んでください。",
            "Choose the receiving city (another designated city).",
        ));
    }
    let note = rules::parse_note(Kind::Selection, note).unwrap_or_else(|e| {
        errors.extend(e);
        String::new()
    });
    if let Err(why) = super::eligibility(app, &p).await? {
        return Ok(Err(Refused::Fields(vec![FieldError {
            field: "product",
            message: why,
        }])));
    }
    if !errors.is_empty() {
        return Ok(Err(Refused::Fields(errors)));
    }
    let preparing = Preparing {
        city: p.home_city,
        kind: Kind::Selection,
        product: p.id,
        receiving_city: receiving,
        referral: None,
        targets: &[],
        note: &note,
        due_on: rules::due(app.holidays(), State::Prepared, today()),
    };
    Ok(Ok(insert(app, &preparing, &caller.actor).await?))
}

/// The targets a form named, each of `city`'s and not yet on the referral.
async fn check_targets(
    app: &App,
    city: &CityCode,
    on_referral: &[i64],
    text: &str,
) -> Result<std::result::Result<Vec<i64>, Refused>> {
    let ids = match rules::parse_targets(text) {
        Ok(ids) => ids,
        Err(e) => return Ok(Err(Refused::Fields(e))),
    };
    for id in &ids {
        let ours = app
            .store()
            .sales_target(TargetId(*id))
            .await?
            .is_some_and(|t| t.city_code == *city);
        if !ours {
            return Ok(Err(field(
                "targets",
                "自市の販路開拓先を一覧から選んでください（他の市の番号は選べません）。",
                "Choose your city's targets from the list.",
            )));
        }
        if on_referral.contains(id) {
            return Ok(Err(field(
                "targets",
                "すでにこの紹介に加えられている販路開拓先が含まれています。",
                "A target chosen is already on the referral.",
            )));
        }
    }
    Ok(Ok(ids))
}

/// ④ Targets prepared for a referral the caller's city received and accepted.
pub async fn prepare_targets(
    app: &App,
    caller: &Caller,
    referral: ReferralId,
    targets: &str,
    note: &str,
) -> std::result::Result<std::result::Result<PreparationRecord, Refused>, Denied> {
    let l = super::load(app, caller, Action::Read, referral).await?;
    let city = l.r.receiving_city;
    app.require(caller, Action::Write, Resource::ReferralPrepare(&city))
        .await?;
    if l.step() != Step::Accepted {
        return Ok(Err(Refused::Step(Refusal::Unmet("accepted"))));
    }
    let ids = match check_targets(app, &city, &l.target_ids, targets).await? {
        Ok(ids) => ids,
        Err(refused) => return Ok(Err(refused)),
    };
    let note = match rules::parse_note(Kind::Targets, note) {
        Ok(n) => n,
        Err(e) => return Ok(Err(Refused::Fields(e))),
    };
    let preparing = Preparing {
        city,
        kind: Kind::Targets,
        product: l.r.product_id,
        receiving_city: None,
        referral: Some(referral),
        targets: &ids,
        note: &note,
        due_on: rules::due(app.holidays(), State::Prepared, today()),
    };
    Ok(Ok(insert(app, &preparing, &caller.actor).await?))
}

/// Writes a preparation and tells the city's officers, in one transaction.
async fn insert(app: &App, p: &Preparing<'_>, actor: &Actor) -> Result<PreparationRecord> {
    let flow = PreparationFlow::new(app);
    let tx = app.store().begin().await?;
    let r = app.store().insert_preparation(&tx, p, actor).await?;
    let what = (
        "承認をお願いします（コーディネーター等が準備しました）",
        "please approve (prepared by a coordinator)",
    );
    tell(app, &flow, &tx, &r, &[Party::Officer], what).await?;
    tx.commit().await?;
    Ok(r)
}

/// What a move's form sends besides the move: a revision's words and targets.
#[derive(Debug, Clone, Default)]
pub struct Revision {
    pub note: String,
    pub targets: String,
}

/// Makes a move on a preparation loaded for writing, from the version the person saw. An
/// approval checks again what the step needs (the product still eligible, the referral
/// still accepted); a resubmission carries the revised words and targets.
pub async fn move_preparation(
    app: &App,
    caller: &Caller,
    p: &Checked<PreparationRecord>,
    seen_version: i64,
    m: &Move,
    revision: &Revision,
) -> Result<std::result::Result<PreparationRecord, Refused>> {
    if p.action() != Action::Write {
        return Ok(Err(Refused::Step(Refusal::NotYours)));
    }
    let party = match workflow::party_for::<Preparation>(p.state, &parties(caller, p), m) {
        Ok(party) => party,
        Err(refusal) => return Ok(Err(Refused::Step(refusal))),
    };
    let mut write = PreparationWrite::default();
    match m {
        Move::Approve => {
            if let Some(refusal) = approval_blocked(app, p).await? {
                return Ok(Err(Refused::Step(refusal)));
            }
        }
        Move::Resubmit => match revise(app, p, revision).await? {
            Ok(r) => write.revision = Some(r),
            Err(refused) => return Ok(Err(refused)),
        },
        _ => {}
    }
    let to = workflow::apply::<Preparation>(p.state, party, m).unwrap_or(p.state);
    write.due_on = rules::due(app.holidays(), to, today());
    let flow = PreparationFlow::new(app);
    match make_move(
        app,
        &flow,
        p.id,
        seen_version,
        party,
        m,
        &write,
        &caller.actor,
    )
    .await
    {
        Ok(moved) => Ok(moved.map_err(Refused::Step)),
        Err(StoreError::Duplicate(_)) => Ok(Err(Refused::Step(Refusal::Unmet("duplicate")))),
        Err(e) => Err(e),
    }
}

/// Why an approval cannot be made now, if it cannot.
async fn approval_blocked(app: &App, p: &PreparationRecord) -> Result<Option<Refusal>> {
    match p.kind {
        Kind::Selection => {
            let product = found_product(app, p.product_id).await?;
            Ok(super::eligibility(app, &product)
                .await?
                .err()
                .map(|_| Refusal::Unmet("eligibility")))
        }
        Kind::Targets => {
            let Some(id) = p.referral_id else {
                return Ok(Some(Refusal::Unmet("accepted")));
            };
            let r = app.store().referral(id).await?;
            Ok((r.map(|r| r.state) != Some(Step::Accepted)).then_some(Refusal::Unmet("accepted")))
        }
    }
}

async fn found_product(app: &App, id: ProductId) -> Result<renkei_store::ProductRecord> {
    app.store().product(id).await?.ok_or(StoreError::NotFound)
}

/// A resubmission's words (and, for ④, targets), checked as when it was prepared.
async fn revise(
    app: &App,
    p: &PreparationRecord,
    revision: &Revision,
) -> Result<std::result::Result<(String, Vec<i64>), Refused>> {
    let note = match rules::parse_note(p.kind, &revision.note) {
        Ok(n) => n,
        Err(e) => return Ok(Err(Refused::Fields(e))),
    };
    let targets = match (p.kind, p.referral_id) {
        (Kind::Targets, Some(referral)) => {
            let on: Vec<i64> = app
                .store()
                .referral_targets(referral)
                .await?
                .iter()
                .map(|(_, t)| t.id.0)
                .collect();
            match check_targets(app, &p.city, &on, &revision.targets).await? {
                Ok(ids) => ids,
                Err(refused) => return Ok(Err(refused)),
            }
        }
        _ => Vec::new(),
    };
    Ok(Ok((note, targets)))
}

/// Reminds whoever an overdue preparation waits on, once.
pub async fn remind(app: &App, now: DateTime<Utc>) -> Result<usize> {
    crate::workflow::remind(app, &PreparationFlow::new(app), now).await
}
