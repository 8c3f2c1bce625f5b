//! The 商談会's matchmaking: the organiser's set-up ([`SetupDraft`] → [`Setup`]: how many
//! slots of how many minutes from when, how many tables, whether a request needs the other
//! side's acceptance or the organiser arranges the meetings), a participant's profile
//! ([`ProfileDraft`] → [`Profile`]: what they look for or offer, a buyer's most meetings, the
//! slots they are free), a meeting request as a workflow of the one mechanism
//! ([`MeetingRequest`]: requested → accepted / declined / withdrawn), and a meeting's outcome
//! ([`Outcome`]), asked right after it and again some months later ([`Asked`]).

use chrono::{DateTime, Duration, Utc};

use super::parse_local;
use crate::FieldError;
use crate::i18n::Text;
use crate::kernel::coded_enum;
use crate::text::{clean, fold};
use crate::workflow::{self, Transition, Workflow};

coded_enum!(
    /// How a request becomes a meeting.
    Mode {
        OptIn = "opt_in" / "申込み・承諾制（相手側が承諾）" / "Requested and accepted by the other side",
        Arranged = "arranged" / "主催者が組み合わせを決定" / "Arranged by the organiser",
    }
);

coded_enum!(
    /// A participant's side.
    Side {
        Buyer = "buyer" / "バイヤー（発注側）" / "Buyer",
        Seller = "seller" / "セラー（出展企業）" / "Seller",
    }
);

impl Side {
    /// The side a participant meets.
    pub fn other(self) -> Side {
        match self {
            Side::Buyer => Side::Seller,
            Side::Seller => Side::Buyer,
        }
    }
}

coded_enum!(
    /// Where a meeting led.
    Outcome {
        NoContact = "no_contact" / "その後の連絡なし" / "No further contact",
        Discussion = "discussion" / "協議中" / "In discussion",
        Trial = "trial" / "試用・評価中" / "Trial",
        Deal = "deal" / "商談成立" / "Deal",
    }
);

coded_enum!(
    /// When an outcome is asked.
    Asked {
        RightAfter = "right_after" / "商談直後" / "Right after the meeting",
        Later = "later" / "数か月後" / "Some months later",
    }
);

/// The most slots, tables and minutes a set-up takes.
pub const MAX_SLOTS: i32 = 48;
pub const MAX_TABLES: i32 = 200;
pub const MAX_MINUTES: i32 = 240;
/// The longest profile text.
pub const PROFILE_MAX: usize = 2_000;
/// Request priorities: 1 (low) to 3 (high).
pub const PRIORITIES: [i32; 3] = [3, 2, 1];

/// The set-up as the organiser's form gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SetupDraft {
    pub slots: String,
    pub slot_minutes: String,
    pub first_slot_at: String,
    pub tables: String,
    pub mode: String,
    pub follow_up_months: String,
}

/// A validated set-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Setup {
    pub slots: i32,
    pub slot_minutes: i32,
    pub first_slot_at: DateTime<Utc>,
    pub tables: i32,
    pub mode: Mode,
    /// After how many months the outcome is asked again.
    pub follow_up_months: i32,
}

impl Setup {
    /// When a slot starts.
    pub fn slot_start(&self, slot: i32) -> DateTime<Utc> {
        self.first_slot_at + Duration::minutes(i64::from(slot) * i64::from(self.slot_minutes))
    }

    /// When a slot ends.
    pub fn slot_end(&self, slot: i32) -> DateTime<Utc> {
        self.slot_start(slot + 1)
    }
}

fn whole(
    errors: &mut Vec<FieldError>,
    field: &'static str,
    value: &str,
    (min, max): (i32, i32),
    msg: (&'static str, &'static str),
) -> i32 {
    match fold(value).trim().parse::<i32>() {
        Ok(n) if (min..=max).contains(&n) => n,
        _ => {
            errors.push(FieldError::new(field, msg.0, msg.1));
            0
        }
    }
}

impl SetupDraft {
    /// The set-up, or every problem with it.
    pub fn validate(&self) -> Result<Setup, Vec<FieldError>> {
        let mut errors = Vec::new();
        let slots = whole(
            &mut errors,
            "slots",
            &self.slots,
            (1, MAX_SLOTS),
            (
                "枠の数は1から48の整数で入力してください。",
                "Enter the number of slots as a whole number from 1 to 48.",
            ),
        );
        let slot_minutes = whole(
            &mut errors,
            "slot_minutes",
            &self.slot_minutes,
            (5, MAX_MINUTES),
            (
                "1枠の時間（分）は5から240の整数で入力してください。",
                "Enter the slot length as a whole number of minutes from 5 to 240.",
            ),
        );
        let first = parse_local(&self.first_slot_at);
        if first.is_none() {
            errors.push(FieldError::new(
                "first_slot_at",
                "最初の枠の開始日時を入力してください（例: 2026-12-10T13:00）。",
                "Enter when the first slot starts (e.g. 2026-12-10T13:00).",
            ));
        }
        let tables = whole(
            &mut errors,
            "tables",
            &self.tables,
            (1, MAX_TABLES),
            (
                "テーブル数は1から200の整数で入力してください。",
                "Enter the number of tables as a whole number from 1 to 200.",
            ),
        );
        let mode = Mode::from_code(self.mode.trim());
        if mode.is_none() {
            errors.push(FieldError::new(
                "mode",
                "商談の成立方法を選んでください。",
                "Choose how meetings are agreed.",
            ));
        }
        let follow_up_months = whole(
            &mut errors,
            "follow_up_months",
            &self.follow_up_months,
            (1, 24),
            (
                "追跡調査の時期（か月後）は1から24の整数で入力してください。",
                "Enter the follow-up as a whole number of months from 1 to 24.",
            ),
        );
        match (first, mode, errors.is_empty()) {
            (Some(first_slot_at), Some(mode), true) => Ok(Setup {
                slots,
                slot_minutes,
                first_slot_at,
                tables,
                mode,
                follow_up_months,
            }),
            _ => Err(errors),
        }
    }
}

/// A profile as a form gives it: the text, a buyer's most meetings, the slots ticked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileDraft {
    pub text: String,
    pub max_meetings: String,
    /// The slots ticked (0-based).
    pub available: Vec<usize>,
}

/// A validated profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub text: String,
    pub max_meetings: i32,
    /// One entry per slot.
    pub available: Vec<bool>,
}

impl ProfileDraft {
    /// The profile for a set-up of `slots` slots, or every problem with it. A seller meets
    /// as many as the slots allow; a buyer gives their limit.
    pub fn validate(&self, side: Side, slots: i32) -> Result<Profile, Vec<FieldError>> {
        let mut errors = Vec::new();
        let text = clean(&self.text);
        if text.is_empty() {
            errors.push(match side {
                Side::Buyer => FieldError::new(
                    "text",
                    "探している製品・技術を入力してください。",
                    "Enter what you are looking for.",
                ),
                Side::Seller => FieldError::new(
                    "text",
                    "紹介する製品・技術を入力してください。",
                    "Enter what you offer.",
                ),
            });
        }
        if text.chars().count() > PROFILE_MAX {
            errors.push(FieldError::new(
                "text",
                "2000文字以内で入力してください。",
                "Use at most 2,000 characters.",
            ));
        }
        let max_meetings = match side {
            Side::Seller if self.max_meetings.trim().is_empty() => slots,
            _ => whole(
                &mut errors,
                "max_meetings",
                &self.max_meetings,
                (1, slots.max(1)),
                (
                    "商談の上限件数は1から枠の数までの整数で入力してください。",
                    "Enter the most meetings as a whole number from 1 to the number of slots.",
                ),
            ),
        };
        let n = usize::try_from(slots).unwrap_or(0);
        let available: Vec<bool> = (0..n).map(|s| self.available.contains(&s)).collect();
        if !available.iter().any(|a| *a) {
            errors.push(FieldError::new(
                "available",
                "参加できる時間枠を1つ以上選んでください。",
                "Tick at least one slot you can meet in.",
            ));
        }
        if errors.is_empty() {
            Ok(Profile {
                text,
                max_meetings,
                available,
            })
        } else {
            Err(errors)
        }
    }
}

/// A request's priority as a form gives it (1 to 3).
pub fn parse_priority(value: &str) -> Result<i32, Vec<FieldError>> {
    match fold(value).trim().parse::<i32>() {
        Ok(p) if PRIORITIES.contains(&p) => Ok(p),
        _ => Err(vec![FieldError::new(
            "priority",
            "希望の強さ（優先度）を1から3で選んでください。",
            "Choose a priority from 1 to 3.",
        )]),
    }
}

/// Where a meeting request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum State {
    /// Waiting for the other side's answer.
    Requested,
    /// Accepted (or arranged by the organiser): the scheduler places it.
    Accepted,
    /// The other side (or the organiser) said no. An end.
    Declined,
    /// Taken back by the side that asked (or the organiser). An end.
    Withdrawn,
}

impl State {
    pub const ALL: [State; 4] = [
        State::Requested,
        State::Accepted,
        State::Declined,
        State::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            State::Requested => "requested",
            State::Accepted => "accepted",
            State::Declined => "declined",
            State::Withdrawn => "withdrawn",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn name(self) -> Text {
        match self {
            State::Requested => Text::new("回答待ち", "Awaiting an answer"),
            State::Accepted => Text::new("成立", "Accepted"),
            State::Declined => Text::new("お断り", "Declined"),
            State::Withdrawn => Text::new("取下げ", "Withdrawn"),
        }
    }

    pub fn is_end(self) -> bool {
        matches!(self, State::Declined | State::Withdrawn)
    }
}

/// Days the side asked has to answer a meeting request before it is reminded.
pub const REQUEST_ANSWER_DAYS: i32 = 3;

/// Who acts on a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Party {
    /// The participant who asked.
    Requester,
    /// The participant asked.
    Recipient,
    /// The organising cities' staff who may write.
    Organiser,
}

impl Party {
    pub const ALL: [Party; 3] = [Party::Requester, Party::Recipient, Party::Organiser];

    pub fn code(self) -> &'static str {
        match self {
            Party::Requester => "requester",
            Party::Recipient => "recipient",
            Party::Organiser => "organiser",
        }
    }
}

/// What a party does to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    Accept,
    Decline,
    Withdraw,
}

impl Move {
    pub const ALL: [Move; 3] = [Move::Accept, Move::Decline, Move::Withdraw];

    pub fn code(self) -> &'static str {
        match self {
            Move::Accept => "accept",
            Move::Decline => "decline",
            Move::Withdraw => "withdraw",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.code() == code)
    }

    pub fn name(self) -> Text {
        match self {
            Move::Accept => Text::new("承諾", "Accept"),
            Move::Decline => Text::new("お断り", "Decline"),
            Move::Withdraw => Text::new("取下げ", "Withdraw"),
        }
    }
}

/// Why a move is refused.
pub type Refusal = workflow::Refusal<State>;

/// The condition the side asked fails accepting when the organiser arranges the meetings.
pub const ARRANGED: &str = "arranged";

/// A meeting request as a workflow of the one mechanism.
pub struct MeetingRequest;

impl Workflow for MeetingRequest {
    type State = State;
    type Party = Party;
    type Move = Move;
    const KIND: &'static str = "meeting_request";
    const STATES: &'static [State] = &State::ALL;

    fn transition(m: &Move) -> Transition<State, Party> {
        use Party::{Organiser, Recipient, Requester};
        use State::*;
        let (by, from, to): (&'static [Party], &'static [State], State) = match m {
            Move::Accept => (&[Recipient, Organiser], &[Requested], Accepted),
            Move::Decline => (&[Recipient, Organiser], &[Requested], Declined),
            Move::Withdraw => (&[Requester, Organiser], &[Requested, Accepted], Withdrawn),
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
        (s == State::Requested).then_some(Party::Recipient)
    }

    /// The side asked answers within three days (it is reminded once after that).
    fn expected_days(s: State) -> Option<i32> {
        (s == State::Requested).then_some(REQUEST_ANSWER_DAYS)
    }

    fn refusal_message(r: &Refusal) -> Text {
        match r {
            Refusal::NotYours => Text::new(
                "この手続きは、申込みの相手方・申込んだ側・主催者のいずれかが行うものです。",
                "This step belongs to another party of the request.",
            ),
            Refusal::Unmet(ARRANGED) => Text::new(
                "この商談会では、主催者が商談の成立を決めます。",
                "In this business meeting the organiser agrees the meetings.",
            ),
            Refusal::Ended(_) => Text::new(
                "この商談申込みは終了しています。",
                "This meeting request has ended.",
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

    /// The table written out by hand.
    fn expected(s: State, m: &Move, p: Party) -> Result<State, R<State>> {
        let row: (&[Party], &[State], State) = match m {
            Move::Accept => (&[Recipient, Organiser], &[Requested], Accepted),
            Move::Decline => (&[Recipient, Organiser], &[Requested], Declined),
            Move::Withdraw => (&[Requester, Organiser], &[Requested, Accepted], Withdrawn),
        };
        if !row.0.contains(&p) {
            Err(R::NotYours)
        } else if row.1.contains(&s) {
            Ok(row.2)
        } else if matches!(s, Declined | Withdrawn) {
            Err(R::Ended(s))
        } else {
            Err(R::NotNow)
        }
    }

    #[test]
    fn the_table_is_as_written() {
        let wrong = check_table::<MeetingRequest>(&Party::ALL, &Move::ALL, expected);
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn the_requester_cannot_accept_their_own_request() {
        assert_eq!(
            apply::<MeetingRequest>(Requested, Requester, &Move::Accept),
            Err(R::NotYours)
        );
        assert_eq!(
            apply::<MeetingRequest>(Accepted, Requester, &Move::Withdraw),
            Ok(Withdrawn)
        );
    }

    #[test]
    fn a_set_up_is_checked_and_gives_each_slots_time() {
        let draft = SetupDraft {
            slots: "６".into(),
            slot_minutes: "20".into(),
            first_slot_at: "2026-12-10T13:00".into(),
            tables: "3".into(),
            mode: "opt_in".into(),
            follow_up_months: "6".into(),
        };
        let s = draft.validate().unwrap();
        assert_eq!(s.slots, 6);
        assert_eq!(
            s.slot_start(2) - s.first_slot_at,
            Duration::minutes(40),
            "two slots of twenty minutes in"
        );
        let wrong = SetupDraft::default().validate().unwrap_err();
        let fields: Vec<&str> = wrong.iter().map(|e| e.field).collect();
        for f in ["slots", "slot_minutes", "first_slot_at", "tables", "mode"] {
            assert!(fields.contains(&f), "{f}");
        }
    }

    #[test]
    fn a_profile_needs_its_text_a_slot_and_a_buyers_limit() {
        let p = ProfileDraft {
            text: "内視鏡".into(),
            max_meetings: String::new(),
            available: vec![0, 2],
        };
        let seller = p.validate(Side::Seller, 4).unwrap();
        assert_eq!(seller.available, vec![true, false, true, false]);
        assert_eq!(seller.max_meetings, 4);
        assert!(p.validate(Side::Buyer, 4).is_err());
        assert!(ProfileDraft::default().validate(Side::Seller, 4).is_err());
        assert_eq!(parse_priority("３"), Ok(3));
        assert!(parse_priority("4").is_err());
    }
}
