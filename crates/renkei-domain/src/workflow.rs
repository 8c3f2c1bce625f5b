//! The one workflow mechanism: a workflow is data plus one function. Each program that moves
//! a record through steps — the inter-city referral today; applications, reviews,
//! certifications, consultation cases and help requests to come — describes itself once as
//! an implementation of [`Workflow`]: its states, its parties, its moves and, for each move,
//! which parties may make it from which states and where it leads ([`Transition`]); who each
//! open state waits on and how long that may take. [`apply`] is the only place a move is
//! decided: it answers the next state or a [`Refusal`] with its reason in both languages.
//!
//! What a move does besides changing the state (grants, links, notifications, mail) and how
//! it is stored atomically with its history and audit line belong to the layers above: the
//! application crate's workflow engine runs them, the store keeps them. A new workflow writes
//! its table here, a `Flow` for the engine there, and gets refusals, history, expected
//! times, reminders and notifications the same way as every other.
//!
//! [`check_table`] holds a workflow against a table written out by hand (every state × move
//! × party), which is how each workflow's unit tests state what it allows.

use std::fmt::Debug;
use std::hash::Hash;

use crate::i18n::Text;

/// A move's place in its workflow: who may make it, from which states, and where it leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition<S: 'static, P: 'static> {
    /// The parties whose move it is; anyone else is refused as [`Refusal::NotYours`].
    pub by: &'static [P],
    /// The states it leaves from; in any other it is refused ([`Refusal::NotNow`], or
    /// [`Refusal::Ended`] once the record has ended).
    pub from: &'static [S],
    /// The state it leads to.
    pub to: S,
}

/// A workflow: states, parties, moves, who may make which move when, and expected times.
pub trait Workflow {
    /// Where a record stands. `code` is what is stored.
    type State: Copy + Eq + Hash + Debug + 'static;
    /// Who acts.
    type Party: Copy + Eq + Debug + 'static;
    /// What a party does (a move may carry what it needs, e.g. a reason).
    type Move: Clone + Eq + Debug;

    /// What the workflow's records are called in history and audit lines (`referral`).
    const KIND: &'static str;
    /// Every state, the first being where a new record starts.
    const STATES: &'static [Self::State];

    /// The move's transition (the workflow's table, one row per move).
    fn transition(m: &Self::Move) -> Transition<Self::State, Self::Party>;

    /// A state's stable code.
    fn state_code(s: Self::State) -> &'static str;

    /// A move's stable code (its history line's `move`).
    fn move_code(m: &Self::Move) -> &'static str;

    /// What a move is called, in both languages (the words of its notices).
    fn move_name(m: &Self::Move) -> Text;

    /// Whether nothing moves any more.
    fn is_end(s: Self::State) -> bool;

    /// Who must act next (and is reminded when the step takes too long); none at an end.
    fn waiting_on(s: Self::State) -> Option<Self::Party>;

    /// How many days the waiting step may take before it is overdue, until the owner of
    /// the workflow sets its own.
    fn expected_days(s: Self::State) -> Option<i32>;

    /// A more telling refusal than "not now" for a move tried too early (the referral's
    /// "not before the company consented"). None by default.
    fn too_early(_s: Self::State, _m: &Self::Move) -> Option<Refusal<Self::State>> {
        None
    }

    /// The words of a refusal, in both languages. The defaults fit any workflow; a workflow
    /// says its own where people know its words.
    fn refusal_message(r: &Refusal<Self::State>) -> Text {
        common_refusal(r)
    }

    /// The state code back as a state (a code this version does not know: none).
    fn state_from_code(code: &str) -> Option<Self::State> {
        Self::STATES
            .iter()
            .copied()
            .find(|s| Self::state_code(*s) == code)
    }
}

/// Why a move is refused. Nothing changes when a move is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal<S> {
    /// Not this party's move (403).
    NotYours,
    /// Not possible in this state (409: someone else moved first, or it is too early).
    NotNow,
    /// A condition of the move is not met (409); the code names it (e.g. `consent`).
    Unmet(&'static str),
    /// The record has ended: nothing moves any more (409).
    Ended(S),
}

/// The words of a refusal that fit any workflow (what [`Workflow::refusal_message`] says
/// unless a workflow says its own).
pub fn common_refusal<S>(r: &Refusal<S>) -> Text {
    match r {
        Refusal::NotYours => Text::new(
            "この手続きは別の担当が行うものです。",
            "This step belongs to another party.",
        ),
        Refusal::NotNow => Text::new(
            "この手続きは、いまの段階ではできません。最新の状態を確認してください。",
            "This step is not possible at this stage. Check the latest state.",
        ),
        Refusal::Unmet(_) => Text::new(
            "この手続きに必要な条件が満たされていません。",
            "A condition of this step is not met.",
        ),
        Refusal::Ended(_) => Text::new(
            "この手続きは終了しています。これ以上の手続きはできません。",
            "This has ended; no further steps are possible.",
        ),
    }
}

/// The state a move leads to, or why it is refused: the only place a workflow's move is
/// decided.
pub fn apply<W: Workflow>(
    state: W::State,
    party: W::Party,
    m: &W::Move,
) -> Result<W::State, Refusal<W::State>> {
    let t = W::transition(m);
    if !t.by.contains(&party) {
        return Err(Refusal::NotYours);
    }
    if !t.from.contains(&state) {
        if W::is_end(state) {
            return Err(Refusal::Ended(state));
        }
        return Err(W::too_early(state, m).unwrap_or(Refusal::NotNow));
    }
    Ok(t.to)
}

/// Of the parties a person acts as, the one whose move it is; otherwise the most telling
/// refusal (a step at the wrong time says more than "not yours").
pub fn party_for<W: Workflow>(
    state: W::State,
    parties: &[W::Party],
    m: &W::Move,
) -> Result<W::Party, Refusal<W::State>> {
    if let Some(p) = parties
        .iter()
        .copied()
        .find(|p| apply::<W>(state, *p, m).is_ok())
    {
        return Ok(p);
    }
    Err(parties
        .iter()
        .filter_map(|p| apply::<W>(state, *p, m).err())
        .find(|r| *r != Refusal::NotYours)
        .unwrap_or(Refusal::NotYours))
}

/// The moves a party may make in a state, of `moves` (for the buttons a page shows).
pub fn moves_for<W: Workflow>(state: W::State, party: W::Party, moves: &[W::Move]) -> Vec<W::Move> {
    moves
        .iter()
        .filter(|m| apply::<W>(state, party, m).is_ok())
        .cloned()
        .collect()
}

/// Holds a workflow against a table written out by hand: for every state, move and party,
/// `expected` says the answer (`Ok(to)` or the refusal). Returns every disagreement as a line,
/// so a failing test lists them all.
pub fn check_table<W: Workflow>(
    parties: &[W::Party],
    moves: &[W::Move],
    expected: impl Fn(W::State, &W::Move, W::Party) -> Result<W::State, Refusal<W::State>>,
) -> Vec<String> {
    let mut wrong = Vec::new();
    for &s in W::STATES {
        for m in moves {
            for &p in parties {
                let (got, want) = (apply::<W>(s, p, m), expected(s, m, p));
                if got != want {
                    wrong.push(format!("{s:?} × {m:?} × {p:?}: {got:?}, expected {want:?}"));
                }
            }
        }
    }
    wrong
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small workflow of its own, to show the mechanism apart from any program.
    struct Door;

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    enum S {
        Shut,
        Open,
        Gone,
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum P {
        Keeper,
        Visitor,
    }

    #[derive(Debug, Clone, PartialEq, Eq)]
    enum M {
        Open,
        Shut,
        Remove,
    }

    impl Workflow for Door {
        type State = S;
        type Party = P;
        type Move = M;
        const KIND: &'static str = "door";
        const STATES: &'static [S] = &[S::Shut, S::Open, S::Gone];

        fn transition(m: &M) -> Transition<S, P> {
            match m {
                M::Open => Transition {
                    by: &[P::Keeper, P::Visitor],
                    from: &[S::Shut],
                    to: S::Open,
                },
                M::Shut => Transition {
                    by: &[P::Keeper],
                    from: &[S::Open],
                    to: S::Shut,
                },
                M::Remove => Transition {
                    by: &[P::Keeper],
                    from: &[S::Shut],
                    to: S::Gone,
                },
            }
        }
        fn state_code(s: S) -> &'static str {
            match s {
                S::Shut => "shut",
                S::Open => "open",
                S::Gone => "gone",
            }
        }
        fn move_code(m: &M) -> &'static str {
            match m {
                M::Open => "open",
                M::Shut => "shut",
                M::Remove => "remove",
            }
        }
        fn move_name(m: &M) -> Text {
            Text::new(Self::move_code(m), Self::move_code(m))
        }
        fn is_end(s: S) -> bool {
            s == S::Gone
        }
        fn waiting_on(s: S) -> Option<P> {
            (s == S::Open).then_some(P::Keeper)
        }
        fn expected_days(s: S) -> Option<i32> {
            (s == S::Open).then_some(1)
        }
        fn too_early(s: S, m: &M) -> Option<Refusal<S>> {
            (s == S::Open && *m == M::Remove).then_some(Refusal::Unmet("shut-first"))
        }
    }

    #[test]
    fn a_move_is_its_partys_from_its_states_and_an_end_says_so() {
        assert_eq!(apply::<Door>(S::Shut, P::Visitor, &M::Open), Ok(S::Open));
        assert_eq!(
            apply::<Door>(S::Open, P::Visitor, &M::Shut),
            Err(Refusal::NotYours)
        );
        assert_eq!(
            apply::<Door>(S::Open, P::Keeper, &M::Open),
            Err(Refusal::NotNow)
        );
        assert_eq!(
            apply::<Door>(S::Open, P::Keeper, &M::Remove),
            Err(Refusal::Unmet("shut-first"))
        );
        assert_eq!(
            apply::<Door>(S::Gone, P::Keeper, &M::Open),
            Err(Refusal::Ended(S::Gone))
        );
        assert_eq!(Door::state_from_code("open"), Some(S::Open));
        assert_eq!(Door::state_from_code("ajar"), None);
    }

    #[test]
    fn a_person_acts_as_the_party_whose_move_it_is_or_hears_the_most_telling_refusal() {
        let both = [P::Visitor, P::Keeper];
        assert_eq!(party_for::<Door>(S::Open, &both, &M::Shut), Ok(P::Keeper));
        assert_eq!(
            party_for::<Door>(S::Shut, &[P::Visitor], &M::Shut),
            Err(Refusal::NotYours)
        );
        assert_eq!(
            party_for::<Door>(S::Open, &both, &M::Open),
            Err(Refusal::NotNow)
        );
        assert_eq!(
            moves_for::<Door>(S::Shut, P::Keeper, &[M::Open, M::Shut, M::Remove]),
            vec![M::Open, M::Remove]
        );
    }

    #[test]
    fn check_table_lists_every_disagreement() {
        let wrong = check_table::<Door>(&[P::Keeper], &[M::Shut], |s, _, _| match s {
            S::Open => Ok(S::Shut),
            S::Gone => Err(Refusal::Ended(S::Gone)),
            S::Shut => Ok(S::Shut), // wrong on purpose: shutting a shut door is refused
        });
        assert_eq!(wrong.len(), 1, "{wrong:?}");
        assert!(wrong[0].starts_with("Shut × Shut × Keeper"));
    }
}
