//! The workflow engine: how a move of any workflow is made, written once.
//!
//! A workflow's rules are a `renkei_domain::workflow::Workflow` (states, parties, moves, who
//! may move when, refusals, expected times). What the engine needs besides is a [`Flow`]: how
//! the workflow's record is read and written in a transaction, which side effects a move has
//! on other records, whom each party's notices go to and what they say, and which steps are
//! overdue. [`make_move`] then runs every move the same way:
//!
//! 1. read the record in a transaction;
//! 2. ask the workflow's table (`workflow::apply`): a refusal changes nothing and says why;
//! 3. check the move's own conditions ([`Flow::check`], e.g. the referral's consent record);
//! 4. refuse a person who saw an older version (someone else moved first: a conflict);
//! 5. write the new state with its history line and audit line ([`Flow::write`], a
//!    conditional update: of people moving at once exactly one wins);
//! 6. run the side effects ([`Flow::effects`]);
//! 7. tell the other parties ([`Flow::told`], [`Flow::people`], [`Flow::notice`]): a
//!    notification and an e-mail per person;
//! 8. commit — all of it or nothing.
//!
//! [`remind`] reminds the party an overdue step waits on, once per step, whichever node gets
//! there first. A new workflow (an application, a review, a certification, a consultation
//! case, a help request) implements `Workflow` in the domain and `Flow` here, and its pages
//! call [`make_move`]: see `crate::referrals` for the worked example.

use std::future::Future;

use chrono::{DateTime, Utc};
use renkei_domain::Text;
use renkei_domain::workflow::{self, Refusal, Workflow};
use renkei_store::{Actor, Notice, ReferralId, Result, StoreError, Tx, UserRecord};

use crate::App;

/// A workflow's state.
pub type StateOf<F> = <<F as Flow>::W as Workflow>::State;
/// A workflow's party.
pub type PartyOf<F> = <<F as Flow>::W as Workflow>::Party;
/// A workflow's move.
pub type MoveOf<F> = <<F as Flow>::W as Workflow>::Move;

/// A step that has waited longer than its owner expects.
#[derive(Debug, Clone)]
pub struct Overdue<R, P> {
    pub record: R,
    /// Who it waits on (and is reminded).
    pub waiting_on: P,
    pub due: DateTime<Utc>,
}

/// What the engine needs of a workflow beyond its rules: its record in the store, its side
/// effects and its notifications.
pub trait Flow: Sync {
    /// The workflow's rules.
    type W: Workflow;
    /// The stored record that moves.
    type Record: Send + Sync;
    /// The record's id.
    type Id: Copy + Send + Sync;
    /// What a move carries besides itself (a note, a consent…).
    type Input: Sync;

    fn state(r: &Self::Record) -> StateOf<Self>;
    fn version(r: &Self::Record) -> i64;
    fn id(r: &Self::Record) -> Self::Id;

    /// Reads the record in the move's transaction.
    fn load(&self, tx: &Tx, id: Self::Id) -> impl Future<Output = Result<Self::Record>> + Send;

    /// The move's own conditions beyond the workflow's table (nothing by default).
    fn check(
        &self,
        _before: &Self::Record,
        _m: &MoveOf<Self>,
        _input: &Self::Input,
    ) -> std::result::Result<(), Refusal<StateOf<Self>>> {
        Ok(())
    }

    /// Writes the move: the state from `before` (at its version) to `to`, what the move
    /// carries, its history line and its audit line; [`StoreError::Conflict`] if someone
    /// else moved first.
    #[allow(clippy::too_many_arguments)]
    fn write(
        &self,
        tx: &Tx,
        before: &Self::Record,
        to: StateOf<Self>,
        party: PartyOf<Self>,
        m: &MoveOf<Self>,
        input: &Self::Input,
        actor: &Actor,
    ) -> impl Future<Output = Result<Self::Record>> + Send;

    /// What the move does to other records (grants, links…), in the same transaction.
    fn effects(
        &self,
        tx: &Tx,
        after: &Self::Record,
        m: &MoveOf<Self>,
        actor: &Actor,
    ) -> impl Future<Output = Result<()>> + Send;

    /// The parties told of a move (by default none).
    fn told(&self, _after: &Self::Record, _mover: PartyOf<Self>) -> Vec<PartyOf<Self>> {
        Vec::new()
    }

    /// The people a party's notices go to.
    fn people(
        &self,
        tx: &Tx,
        party: PartyOf<Self>,
        r: &Self::Record,
    ) -> impl Future<Output = Result<Vec<UserRecord>>> + Send;

    /// The words of a notice about the record: `what` happened (Japanese, English).
    fn notice(
        &self,
        tx: &Tx,
        r: &Self::Record,
        what: (&str, &str),
    ) -> impl Future<Output = Result<Notice>> + Send;

    /// The referral a notification is filed under, if the record is one.
    fn referral_of(&self, _r: &Self::Record) -> Option<ReferralId> {
        None
    }

    /// The steps past their expected time, across every owner.
    fn overdue(
        &self,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<Vec<Overdue<Self::Record, PartyOf<Self>>>>> + Send;

    /// Claims an overdue step's one reminder: true for the one caller that gets it.
    fn claim_reminder(
        &self,
        tx: &Tx,
        o: &Overdue<Self::Record, PartyOf<Self>>,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<bool>> + Send;
}

/// Each open state of a workflow that expects a time, with the moment its step must have
/// begun before to be overdue at `now` (what the store's overdue queries ask for).
pub fn overdue_since<W: Workflow>(now: DateTime<Utc>) -> Vec<(W::State, DateTime<Utc>)> {
    W::STATES
        .iter()
        .filter_map(|s| {
            Some((
                *s,
                now - chrono::Duration::days(W::expected_days(*s)?.into()),
            ))
        })
        .collect()
}

/// The records the store found past their time as overdue steps: who each waits on and when
/// it was due, from its state and when that began (`at`).
pub fn overdue_steps<W: Workflow, R>(
    rows: Vec<R>,
    at: impl Fn(&R) -> (W::State, DateTime<Utc>),
) -> Vec<Overdue<R, W::Party>> {
    rows.into_iter()
        .filter_map(|r| {
            let (state, since) = at(&r);
            let days = chrono::Duration::days(W::expected_days(state)?.into());
            Some(Overdue {
                due: since + days,
                waiting_on: W::waiting_on(state)?,
                record: r,
            })
        })
        .collect()
}

/// What a move answers: the record after it, or why it was refused (nothing changed).
pub type Moved<F> = std::result::Result<<F as Flow>::Record, Refusal<StateOf<F>>>;

/// Makes a move from the version the person saw, as `party`, with everything it entails, in
/// one transaction. A refusal changes nothing and says why; if someone else moved first,
/// nothing changes and the answer is [`StoreError::Conflict`].
#[allow(clippy::too_many_arguments)]
pub async fn make_move<F: Flow>(
    app: &App,
    flow: &F,
    id: F::Id,
    seen_version: i64,
    party: PartyOf<F>,
    m: &MoveOf<F>,
    input: &F::Input,
    actor: &Actor,
) -> Result<Moved<F>> {
    let tx = app.store().begin().await?;
    let moved = make_move_in(app, flow, &tx, id, seen_version, party, m, input, actor).await?;
    if moved.is_ok() {
        tx.commit().await?;
    }
    Ok(moved)
}

/// [`make_move`] in a transaction the caller holds, for a use case that makes several moves
/// (a lottery's draw) or a move with other writes that must commit together (a registration
/// and its placing). The caller commits; a refusal has written nothing.
#[allow(clippy::too_many_arguments)]
pub async fn make_move_in<F: Flow>(
    app: &App,
    flow: &F,
    tx: &Tx,
    id: F::Id,
    seen_version: i64,
    party: PartyOf<F>,
    m: &MoveOf<F>,
    input: &F::Input,
    actor: &Actor,
) -> Result<Moved<F>> {
    let before = flow.load(tx, id).await?;
    let to = match workflow::apply::<F::W>(F::state(&before), party, m) {
        Ok(to) => to,
        Err(refusal) => return Ok(Err(refusal)),
    };
    if let Err(refusal) = flow.check(&before, m, input) {
        return Ok(Err(refusal));
    }
    if F::version(&before) != seen_version {
        return Err(StoreError::Conflict);
    }
    let after = flow.write(tx, &before, to, party, m, input, actor).await?;
    flow.effects(tx, &after, m, actor).await?;
    let name = F::W::move_name(m);
    let told = flow.told(&after, party);
    tell(app, flow, tx, &after, &told, (name.ja, name.en)).await?;
    Ok(Ok(after))
}

/// Tells some parties of a record what happened, each person in the app and by e-mail.
pub async fn tell<F: Flow>(
    app: &App,
    flow: &F,
    tx: &Tx,
    r: &F::Record,
    parties: &[PartyOf<F>],
    what: (&str, &str),
) -> Result<()> {
    if parties.is_empty() {
        return Ok(());
    }
    let notice = flow.notice(tx, r, what).await?;
    for party in parties {
        for person in flow.people(tx, *party, r).await? {
            app.notify(tx, &person, flow.referral_of(r), &notice)
                .await?;
        }
    }
    Ok(())
}

/// What a reminder says.
const OVERDUE: Text = Text::new(
    "予定の期間を過ぎています。手続きをお願いします",
    "this step is overdue; please act on it",
);

/// Reminds the party each overdue step waits on, once per step ever (several nodes running
/// this at once send one reminder). The count sent.
pub async fn remind<F: Flow>(app: &App, flow: &F, now: DateTime<Utc>) -> Result<usize> {
    let mut sent = 0;
    for o in flow.overdue(now).await? {
        let tx = app.store().begin().await?;
        if !flow.claim_reminder(&tx, &o, now).await? {
            continue;
        }
        let what = (OVERDUE.ja, OVERDUE.en);
        tell(app, flow, &tx, &o.record, &[o.waiting_on], what).await?;
        tx.commit().await?;
        sent += 1;
    }
    Ok(sent)
}
