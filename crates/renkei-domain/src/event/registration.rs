//! A registration for an event, as a workflow of the one mechanism. A company user's
//! registration is placed as it is made; a member of the public's first waits for the
//! confirmation of their e-mail address (`Unverified`). Placing gives a place (first come),
//! a place on the waiting list (first come, full), a request for the organiser's approval,
//! or an entry in the lottery. A place freed by a cancellation is offered to the first person
//! waiting, who confirms it within the event's time limit or lets it lapse (and it is offered
//! to the next). On the day the organiser checks people in; those who did not come are kept
//! as no-shows.
//!
//! The parties: the registrant (a company user, or a member of the public through the link
//! mailed to them), the organiser (the organising cities' staff who may write) and the
//! system (placing, the draw, offers and their lapse, run by whichever node gets there).

use crate::FieldError;
use crate::i18n::Text;
use crate::kernel::decline_reason;
use crate::workflow::{self, Transition, Workflow};

/// Where a registration stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum State {
    /// A member of the public has not yet confirmed their e-mail address: no place yet.
    Unverified,
    /// Waiting for the organiser's approval.
    Requested,
    /// Entered in the lottery, waiting for the draw.
    Applied,
    /// On the waiting list (in arrival or draw order).
    Waitlisted,
    /// A place was offered from the waiting list; the registrant confirms it in time.
    Offered,
    /// Has a place.
    Confirmed,
    /// Came (checked in). An end.
    Attended,
    /// Did not come. Kept; the organiser may still check them in.
    NoShow,
    /// The organiser declined the request. An end.
    Declined,
    /// Cancelled by the registrant or the organiser. An end.
    Cancelled,
    /// The offered place was not confirmed in time. An end.
    Expired,
}

impl State {
    pub const ALL: [State; 11] = [
        State::Unverified,
        State::Requested,
        State::Applied,
        State::Waitlisted,
        State::Offered,
        State::Confirmed,
        State::Attended,
        State::NoShow,
        State::Declined,
        State::Cancelled,
        State::Expired,
    ];

    pub fn code(self) -> &'static str {
        match self {
            State::Unverified => "unverified",
            State::Requested => "requested",
            State::Applied => "applied",
            State::Waitlisted => "waitlisted",
            State::Offered => "offered",
            State::Confirmed => "confirmed",
            State::Attended => "attended",
            State::NoShow => "no_show",
            State::Declined => "declined",
            State::Cancelled => "cancelled",
            State::Expired => "expired",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn name(self) -> Text {
        match self {
            State::Unverified => Text::new("メール確認待ち", "Awaiting e-mail confirmation"),
            State::Requested => Text::new("承認待ち", "Awaiting approval"),
            State::Applied => Text::new("抽選待ち", "Awaiting the draw"),
            State::Waitlisted => Text::new("キャンセル待ち", "On the waiting list"),
            State::Offered => Text::new("繰り上げ（確認待ち）", "Place offered"),
            State::Confirmed => Text::new("参加確定", "Confirmed"),
            State::Attended => Text::new("出席", "Attended"),
            State::NoShow => Text::new("欠席", "Did not attend"),
            State::Declined => Text::new("お断り", "Declined"),
            State::Cancelled => Text::new("キャンセル", "Cancelled"),
            State::Expired => Text::new("繰り上げ期限切れ", "Offer lapsed"),
        }
    }

    /// Whether nothing moves any more.
    pub fn is_end(self) -> bool {
        matches!(
            self,
            State::Attended | State::Declined | State::Cancelled | State::Expired
        )
    }

    /// Whether the registration holds one of its quota's places.
    pub fn holds_place(self) -> bool {
        matches!(
            self,
            State::Offered | State::Confirmed | State::Attended | State::NoShow
        )
    }

    /// The states that hold a place, as stored codes (for counting a quota's places).
    pub const HOLDING: [State; 4] = [
        State::Offered,
        State::Confirmed,
        State::Attended,
        State::NoShow,
    ];
}

/// Who acts on a registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Party {
    /// The person registered (a company user, or the public through their link).
    Registrant,
    /// The organising cities' staff who may write.
    Organiser,
    /// Renkei itself: placing, the draw, offers and their lapse.
    System,
}

impl Party {
    pub const ALL: [Party; 3] = [Party::Registrant, Party::Organiser, Party::System];

    pub fn code(self) -> &'static str {
        match self {
            Party::Registrant => "registrant",
            Party::Organiser => "organiser",
            Party::System => "system",
        }
    }
}

/// The longest reason given with a decline.
pub const REASON_MAX: usize = 1_000;

/// What a party does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Move {
    /// A confirmed address gets a place (first come, a place free).
    Place,
    /// A confirmed address goes on the waiting list (first come, full).
    Wait,
    /// A confirmed address asks for the organiser's approval.
    Ask,
    /// A confirmed address is entered in the lottery.
    Enter,
    Approve,
    /// With the reason told to the registrant.
    Decline(String),
    /// Drawn in the lottery.
    Win,
    /// Not drawn: on the waiting list in the draw's order.
    Lose,
    /// A freed place offered to the first person waiting.
    Offer,
    /// The offered place confirmed.
    Accept,
    /// The offered place not confirmed in time.
    Lapse,
    Cancel,
    CheckIn,
    NoShow,
}

impl Move {
    /// Every move (a decline with a placeholder reason), for tables and tests.
    pub fn all() -> Vec<Move> {
        vec![
            Move::Place,
            Move::Wait,
            Move::Ask,
            Move::Enter,
            Move::Approve,
            Move::Decline("—".to_owned()),
            Move::Win,
            Move::Lose,
            Move::Offer,
            Move::Accept,
            Move::Lapse,
            Move::Cancel,
            Move::CheckIn,
            Move::NoShow,
        ]
    }

    pub fn code(&self) -> &'static str {
        match self {
            Move::Place => "place",
            Move::Wait => "wait",
            Move::Ask => "ask",
            Move::Enter => "enter",
            Move::Approve => "approve",
            Move::Decline(_) => "decline",
            Move::Win => "win",
            Move::Lose => "lose",
            Move::Offer => "offer",
            Move::Accept => "accept",
            Move::Lapse => "lapse",
            Move::Cancel => "cancel",
            Move::CheckIn => "check_in",
            Move::NoShow => "no_show",
        }
    }

    pub fn name(&self) -> Text {
        match self {
            Move::Place => Text::new("参加が確定しました", "A place was given"),
            Move::Wait => Text::new("キャンセル待ちに登録", "Put on the waiting list"),
            Move::Ask => Text::new("承認待ち", "Waiting for approval"),
            Move::Enter => Text::new("抽選に申込み", "Entered in the lottery"),
            Move::Approve => Text::new("主催者が承認", "Approved by the organiser"),
            Move::Decline(_) => Text::new("主催者がお断り", "Declined by the organiser"),
            Move::Win => Text::new("抽選に当選", "Drawn in the lottery"),
            Move::Lose => Text::new(
                "抽選の結果、キャンセル待ち",
                "Not drawn: on the waiting list",
            ),
            Move::Offer => Text::new("繰り上げのご案内", "A place was offered"),
            Move::Accept => Text::new("繰り上げ参加を確定", "The offered place was confirmed"),
            Move::Lapse => Text::new("繰り上げの期限切れ", "The offer lapsed"),
            Move::Cancel => Text::new("キャンセル", "Cancelled"),
            Move::CheckIn => Text::new("受付（出席）", "Checked in"),
            Move::NoShow => Text::new("欠席", "Did not attend"),
        }
    }

    /// A move as a form names it (those people make); a decline needs its reason.
    pub fn parse(code: &str, reason: &str) -> Result<Move, Vec<FieldError>> {
        match code {
            "approve" => Ok(Move::Approve),
            "accept" => Ok(Move::Accept),
            "cancel" => Ok(Move::Cancel),
            "check_in" => Ok(Move::CheckIn),
            "no_show" => Ok(Move::NoShow),
            "decline" => decline_reason(reason, REASON_MAX).map(Move::Decline),
            _ => Err(vec![FieldError::new(
                "move",
                "手続きを選んでください。",
                "Choose a step.",
            )]),
        }
    }
}

/// Why a move is refused.
pub type Refusal = workflow::Refusal<State>;

/// The condition a registrant's cancellation after the event's deadline fails.
pub const PAST_CANCEL_DEADLINE: &str = "cancel_deadline";
/// The condition an approval fails when the quota has no place left.
pub const FULL: &str = "full";

/// How many days the organiser has to decide on a request before being reminded.
pub const APPROVAL_DAYS: i32 = 5;

/// A registration as a workflow of the one mechanism.
pub struct EventRegistration;

impl Workflow for EventRegistration {
    type State = State;
    type Party = Party;
    type Move = Move;
    const KIND: &'static str = "event_registration";
    const STATES: &'static [State] = &State::ALL;

    fn transition(m: &Move) -> Transition<State, Party> {
        use Party::{Organiser, Registrant, System};
        use State::*;
        let (by, from, to): (&'static [Party], &'static [State], State) = match m {
            Move::Place => (&[System], &[Unverified], Confirmed),
            Move::Wait => (&[System], &[Unverified], Waitlisted),
            Move::Ask => (&[System], &[Unverified], Requested),
            Move::Enter => (&[System], &[Unverified], Applied),
            Move::Approve => (&[Organiser], &[Requested], Confirmed),
            Move::Decline(_) => (&[Organiser], &[Requested, Applied], Declined),
            Move::Win => (&[System], &[Applied], Confirmed),
            Move::Lose => (&[System], &[Applied], Waitlisted),
            Move::Offer => (&[System], &[Waitlisted], Offered),
            Move::Accept => (&[Registrant], &[Offered], Confirmed),
            Move::Lapse => (&[System], &[Offered], Expired),
            Move::Cancel => (
                &[Registrant, Organiser],
                &[
                    Unverified, Requested, Applied, Waitlisted, Offered, Confirmed,
                ],
                Cancelled,
            ),
            Move::CheckIn => (&[Organiser], &[Confirmed, NoShow], Attended),
            Move::NoShow => (&[Organiser, System], &[Confirmed], NoShow),
        };
        Transition { by, from, to }
    }

    fn state_code(s: State) -> &'static str {
        s.code()
    }

    fn move_code(m: &Move) -> &'static str {
        m.code()
    }

    fn move_name(m: &Move) -> Text {
        m.name()
    }

    fn is_end(s: State) -> bool {
        s.is_end()
    }

    fn waiting_on(s: State) -> Option<Party> {
        match s {
            State::Requested => Some(Party::Organiser),
            State::Offered | State::Unverified => Some(Party::Registrant),
            _ => None,
        }
    }

    fn expected_days(s: State) -> Option<i32> {
        (s == State::Requested).then_some(APPROVAL_DAYS)
    }

    fn refusal_message(r: &Refusal) -> Text {
        match r {
            Refusal::NotYours => Text::new(
                "この手続きは、主催者または申込者本人が行うものです。",
                "This step belongs to the organiser or the registrant.",
            ),
            Refusal::Unmet(PAST_CANCEL_DEADLINE) => Text::new(
                "キャンセルの期限を過ぎています。主催者にご連絡ください。",
                "The deadline for cancelling has passed. Please contact the organiser.",
            ),
            Refusal::Unmet(FULL) => Text::new(
                "この参加枠は満席です。キャンセルが出るまで承認できません。",
                "This quota is full: it cannot be approved until a place frees.",
            ),
            Refusal::Ended(s) => Text::new(
                match s {
                    State::Cancelled => "この申込みはキャンセルされています。",
                    State::Attended => "この方はすでに出席として受付済みです。",
                    _ => "この申込みは終了しています。",
                },
                match s {
                    State::Cancelled => "This registration was cancelled.",
                    State::Attended => "Already checked in.",
                    _ => "This registration has ended.",
                },
            ),
            Refusal::NotNow | Refusal::Unmet(_) => Text::new(
                "この手続きは、いまの段階ではできません。最新の状態を確認してください。",
                "This step is not possible at this stage. Check the latest state.",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::{Refusal as R, apply, check_table};
    use Party::*;
    use State::*;

    /// The table written out by hand: for each move, who may make it from which states.
    fn expected(s: State, m: &Move, p: Party) -> Result<State, R<State>> {
        let row: (&[Party], &[State], State) = match m {
            Move::Place => (&[System], &[Unverified], Confirmed),
            Move::Wait => (&[System], &[Unverified], Waitlisted),
            Move::Ask => (&[System], &[Unverified], Requested),
            Move::Enter => (&[System], &[Unverified], Applied),
            Move::Approve => (&[Organiser], &[Requested], Confirmed),
            Move::Decline(_) => (&[Organiser], &[Requested, Applied], Declined),
            Move::Win => (&[System], &[Applied], Confirmed),
            Move::Lose => (&[System], &[Applied], Waitlisted),
            Move::Offer => (&[System], &[Waitlisted], Offered),
            Move::Accept => (&[Registrant], &[Offered], Confirmed),
            Move::Lapse => (&[System], &[Offered], Expired),
            Move::Cancel => (
                &[Registrant, Organiser],
                &[
                    Unverified, Requested, Applied, Waitlisted, Offered, Confirmed,
                ],
                Cancelled,
            ),
            Move::CheckIn => (&[Organiser], &[Confirmed, NoShow], Attended),
            Move::NoShow => (&[Organiser, System], &[Confirmed], NoShow),
        };
        if !row.0.contains(&p) {
            Err(R::NotYours)
        } else if row.1.contains(&s) {
            Ok(row.2)
        } else if matches!(s, Attended | Declined | Cancelled | Expired) {
            Err(R::Ended(s))
        } else {
            Err(R::NotNow)
        }
    }

    #[test]
    fn the_table_is_as_written() {
        let wrong = check_table::<EventRegistration>(&Party::ALL, &Move::all(), expected);
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn places_are_held_by_offered_confirmed_and_the_day_itself() {
        let holding: Vec<State> = State::ALL.into_iter().filter(|s| s.holds_place()).collect();
        assert_eq!(holding, State::HOLDING);
        assert!(!Waitlisted.holds_place() && !Applied.holds_place());
    }

    #[test]
    fn a_registrant_cannot_check_themselves_in_and_no_one_moves_an_ended_one() {
        assert_eq!(
            apply::<EventRegistration>(Confirmed, Registrant, &Move::CheckIn),
            Err(R::NotYours)
        );
        assert_eq!(
            apply::<EventRegistration>(Cancelled, Organiser, &Move::CheckIn),
            Err(R::Ended(Cancelled))
        );
        assert_eq!(
            apply::<EventRegistration>(NoShow, Organiser, &Move::CheckIn),
            Ok(Attended)
        );
    }

    #[test]
    fn codes_round_trip_and_a_decline_needs_its_reason() {
        for s in State::ALL {
            assert_eq!(State::from_code(s.code()), Some(s));
        }
        assert!(Move::parse("decline", " ").is_err());
        assert_eq!(
            Move::parse("decline", "定員超過"),
            Ok(Move::Decline("定員超過".into()))
        );
        assert!(
            Move::parse("win", "").is_err(),
            "the system's moves are not a form's"
        );
    }
}
