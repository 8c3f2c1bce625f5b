//! A consultation case (相談案件) at a city's desk, as a workflow of the one mechanism: a
//! company asks from its page, or staff open a case for it (薬事, 知的財産, 開発, 販路, 資金,
//! その他); the city's staff take it in (受付・振り分け) and hand it to whoever works it (staff,
//! a coordinator or an expert); the one working it asks the company for what is missing and
//! the case waits on the company until it answers; the case closes with a summary (which
//! becomes a support record on the product), or the company withdraws it.
//!
//! The service level is counted in 開庁日 ([`crate::business_days`]): the days a case waits on
//! the company are left out ([`open_days_taken`]), and the first answer is due
//! [`FIRST_ANSWER_OPEN_DAYS`] open days after the case was opened. Notes and next actions
//! (a note with a due date, [`NoteDraft`]) are written by the desk and the one working it;
//! a closed case counts as support for the measure of its kind ([`Kind::measure_code`]).

use chrono::NaiveDate;

use crate::FieldError;
use crate::business_days::Holidays;
use crate::i18n::Text;
use crate::kernel::{coded_enum, too_long};
use crate::text::clean;
use crate::workflow::{self, Transition, Workflow};

coded_enum!(
    /// What a case is about.
    Kind {
        Regulatory = "regulatory" / "薬事" / "Regulatory affairs",
        IntellectualProperty = "ip" / "知的財産" / "Intellectual property",
        Development = "development" / "開発" / "Development",
        Sales = "sales" / "販路" / "Sales channels",
        Funding = "funding" / "資金" / "Funding",
        Other = "other" / "その他" / "Other",
    }
);

impl Kind {
    /// The measure of the model a closed case of this kind counts as support for.
    pub fn measure_code(self) -> &'static str {
        match self {
            Kind::Regulatory => "regulatory.consultation-desk",
            Kind::IntellectualProperty => "regulatory.ip-support",
            Kind::Development => "common.medical-engineering-coordinators",
            Kind::Sales => "sales.commercialization",
            Kind::Funding | Kind::Other => "common.coordinator-dispatch",
        }
    }
}

/// Where a case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum State {
    /// Asked or opened, waiting for the city to take it in and hand it to someone.
    New,
    /// Being worked by the one it was handed to.
    InProgress,
    /// Waiting for the company's answer: the service level's clock stops.
    WaitingOnCompany,
    /// Closed with its summary. An end.
    Closed,
    /// Withdrawn by the company. An end.
    Withdrawn,
}

impl State {
    pub const ALL: [State; 5] = [
        State::New,
        State::InProgress,
        State::WaitingOnCompany,
        State::Closed,
        State::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            State::New => "new",
            State::InProgress => "in_progress",
            State::WaitingOnCompany => "waiting_on_company",
            State::Closed => "closed",
            State::Withdrawn => "withdrawn",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn name(self) -> Text {
        match self {
            State::New => Text::new("受付待ち", "Waiting to be taken in"),
            State::InProgress => Text::new("対応中", "In progress"),
            State::WaitingOnCompany => Text::new("企業の回答待ち", "Waiting on the company"),
            State::Closed => Text::new("完了", "Closed"),
            State::Withdrawn => Text::new("取り下げ", "Withdrawn"),
        }
    }

    pub fn is_end(self) -> bool {
        matches!(self, State::Closed | State::Withdrawn)
    }
}

/// Who acts on a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Party {
    /// The company's people.
    Company,
    /// The city's staff who may write (the desk).
    Desk,
    /// Whoever the case was handed to: staff, a coordinator or an expert.
    Handler,
}

impl Party {
    pub const ALL: [Party; 3] = [Party::Company, Party::Desk, Party::Handler];

    pub fn code(self) -> &'static str {
        match self {
            Party::Company => "company",
            Party::Desk => "desk",
            Party::Handler => "handler",
        }
    }
}

/// The longest closing summary, question to the company or reason.
pub const TEXT_MAX: usize = 4_000;

/// What a party does to a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Move {
    /// The desk takes the case in and hands it to someone.
    TakeIn,
    /// The one working it asks the company for something (what is asked).
    AskCompany(String),
    /// The company answers: the case is worked again.
    Answer,
    /// The one working it (or the desk) resumes without the company's answer.
    Resume,
    /// Closed with its summary.
    Close(String),
    /// The company withdraws its case.
    Withdraw,
}

impl Move {
    /// One of each move (with placeholder texts), for tables and buttons.
    pub fn all() -> Vec<Move> {
        vec![
            Move::TakeIn,
            Move::AskCompany("—".to_owned()),
            Move::Answer,
            Move::Resume,
            Move::Close("—".to_owned()),
            Move::Withdraw,
        ]
    }

    pub fn code(&self) -> &'static str {
        match self {
            Move::TakeIn => "take_in",
            Move::AskCompany(_) => "ask_company",
            Move::Answer => "answer",
            Move::Resume => "resume",
            Move::Close(_) => "close",
            Move::Withdraw => "withdraw",
        }
    }

    pub fn name(&self) -> Text {
        match self {
            Move::TakeIn => Text::new("受付・担当の決定", "Taken in and handed over"),
            Move::AskCompany(_) => Text::new("企業への確認", "Asked the company"),
            Move::Answer => Text::new("企業が回答", "The company answered"),
            Move::Resume => Text::new("対応を再開", "Resumed"),
            Move::Close(_) => Text::new("完了", "Closed"),
            Move::Withdraw => Text::new("企業が取り下げ", "Withdrawn by the company"),
        }
    }

    /// A move as a form sends it: its code and, for asking and closing, the text (required).
    pub fn parse(code: &str, text: &str) -> Result<Move, Vec<FieldError>> {
        match code {
            "take_in" => Ok(Move::TakeIn),
            "answer" => Ok(Move::Answer),
            "resume" => Ok(Move::Resume),
            "withdraw" => Ok(Move::Withdraw),
            "ask_company" => required_text(text).map(Move::AskCompany),
            "close" => required_text(text).map(Move::Close),
            _ => Err(vec![FieldError::new(
                "move",
                "手続きを選んでください。",
                "Choose a step.",
            )]),
        }
    }
}

/// The words asking and closing need, folded: field `text`.
fn required_text(text: &str) -> Result<String, Vec<FieldError>> {
    let text = clean(text);
    let mut errors = Vec::new();
    if text.is_empty() {
        errors.push(FieldError::new(
            "text",
            "内容を入力してください。",
            "Enter the text.",
        ));
    }
    too_long(&mut errors, "text", &text, TEXT_MAX);
    if errors.is_empty() {
        Ok(text)
    } else {
        Err(errors)
    }
}

pub type Refusal = workflow::Refusal<State>;

/// The consultation case's table.
pub struct Consultation;

/// The states a case is worked in (or waits in) before it ends.
const OPEN: &[State] = &[State::New, State::InProgress, State::WaitingOnCompany];
const WORKED: &[State] = &[State::InProgress, State::WaitingOnCompany];

impl Workflow for Consultation {
    type State = State;
    type Party = Party;
    type Move = Move;
    const KIND: &'static str = "consultation";
    const STATES: &'static [State] = &State::ALL;

    fn transition(m: &Move) -> Transition<State, Party> {
        use Party::{Company, Desk, Handler};
        let (by, from, to): (&'static [Party], &'static [State], State) = match m {
            Move::TakeIn => (&[Desk], &[State::New], State::InProgress),
            Move::AskCompany(_) => (
                &[Handler, Desk],
                &[State::InProgress],
                State::WaitingOnCompany,
            ),
            Move::Answer => (&[Company], &[State::WaitingOnCompany], State::InProgress),
            Move::Resume => (
                &[Handler, Desk],
                &[State::WaitingOnCompany],
                State::InProgress,
            ),
            Move::Close(_) => (&[Handler, Desk], WORKED, State::Closed),
            Move::Withdraw => (&[Company], OPEN, State::Withdrawn),
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
            State::New => Some(Party::Desk),
            State::InProgress => Some(Party::Handler),
            State::WaitingOnCompany => Some(Party::Company),
            State::Closed | State::Withdrawn => None,
        }
    }

    /// Calendar days before a reminder, until the city sets its own; the service level
    /// itself is counted in open days ([`open_days_taken`]).
    fn expected_days(s: State) -> Option<i32> {
        match s {
            State::New => Some(3),
            State::InProgress => Some(14),
            State::WaitingOnCompany => Some(14),
            State::Closed | State::Withdrawn => None,
        }
    }

    fn refusal_message(r: &Refusal) -> Text {
        match r {
            Refusal::NotYours => Text::new(
                "この手続きは、相談の担当者（または相談した企業）が行うものです。",
                "This step belongs to the case's handler (or the company that asked).",
            ),
            Refusal::Ended(State::Closed) => Text::new(
                "この相談は完了しています。続きは新しい相談として受け付けます。",
                "This case is closed; anything further is a new case.",
            ),
            Refusal::Ended(_) => Text::new(
                "この相談は取り下げられています。",
                "This case was withdrawn.",
            ),
            _ => Text::new(
                "この手続きは、いまの段階ではできません。最新の状態を確認してください。",
                "This step is not possible at this stage. Check the latest state.",
            ),
        }
    }
}

pub fn apply(state: State, party: Party, m: &Move) -> Result<State, Refusal> {
    workflow::apply::<Consultation>(state, party, m)
}

/// Open days (開庁日) within which a case's first answer is due.
pub const FIRST_ANSWER_OPEN_DAYS: u32 = 3;

/// The open days a case took from `opened` to `until`, leaving out the days it waited on the
/// company. `history` is the case's states in order with the day each began (its first, the
/// day it was opened); a wait still running at `until` is left out up to `until`.
pub fn open_days_taken(
    holidays: &Holidays,
    history: &[(State, NaiveDate)],
    until: NaiveDate,
) -> i64 {
    let Some(&(_, opened)) = history.first() else {
        return 0;
    };
    let pauses: Vec<(NaiveDate, NaiveDate)> = history
        .iter()
        .enumerate()
        .filter(|(_, (s, _))| *s == State::WaitingOnCompany)
        .map(|(i, (_, from))| {
            let to = history.get(i + 1).map_or(until, |(_, d)| *d);
            (*from, to)
        })
        .collect();
    holidays.open_days_elapsed(opened, until, &pauses)
}

/// The day a case opened on `opened` should have its first answer by.
pub fn first_answer_due(holidays: &Holidays, opened: NaiveDate) -> NaiveDate {
    holidays.add_open_days(opened, FIRST_ANSWER_OPEN_DAYS)
}

pub const SUBJECT_MAX: usize = 200;

/// A case as the form or the company's page sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseDraft {
    pub kind: String,
    pub subject: String,
    pub detail: String,
}

/// A case checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCase {
    pub kind: Kind,
    pub subject: String,
    pub detail: String,
}

impl CaseDraft {
    /// Every problem at once, each naming its field.
    pub fn validate(&self) -> Result<NewCase, Vec<FieldError>> {
        let mut errors = Vec::new();
        let kind = Kind::from_code(self.kind.trim());
        if kind.is_none() {
            errors.push(FieldError::new(
                "kind",
                "相談の種類を選んでください。",
                "Choose what the case is about.",
            ));
        }
        let subject = clean(&self.subject);
        if subject.is_empty() {
            errors.push(FieldError::new(
                "subject",
                "件名を入力してください。",
                "Enter a subject.",
            ));
        }
        too_long(&mut errors, "subject", &subject, SUBJECT_MAX);
        let detail = clean(&self.detail);
        too_long(&mut errors, "detail", &detail, TEXT_MAX);
        match kind {
            Some(kind) if errors.is_empty() => Ok(NewCase {
                kind,
                subject,
                detail,
            }),
            _ => Err(errors),
        }
    }
}

pub const NOTE_MAX: usize = 4_000;

/// A note or a next action as the case page's form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoteDraft {
    pub body: String,
    /// A next action's due date (any form [`crate::jdate::parse`] reads, 和暦 too); empty for
    /// a plain note.
    pub due: String,
}

/// A note checked: a next action when it has a due date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNote {
    pub body: String,
    pub due: Option<NaiveDate>,
}

impl NoteDraft {
    /// Every problem at once, each naming its field.
    pub fn validate(&self) -> Result<NewNote, Vec<FieldError>> {
        let mut errors = Vec::new();
        let body = clean(&self.body);
        if body.is_empty() {
            errors.push(FieldError::new(
                "body",
                "記録する内容を入力してください。",
                "Enter what to record.",
            ));
        }
        too_long(&mut errors, "body", &body, NOTE_MAX);
        let due = match self.due.trim() {
            "" => None,
            text => {
                let day = crate::jdate::parse(text);
                if day.is_none() {
                    errors.push(FieldError::new(
                        "due",
                        "期限は 2027-01-15 や 令和9年1月15日 の形で入力してください。",
                        "Enter the due date as 2027-01-15.",
                    ));
                }
                day
            }
        };
        if errors.is_empty() {
            Ok(NewNote { body, due })
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::check_table;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    /// The case's table, written out by hand: every state × move × party.
    fn expected(s: State, m: &Move, p: Party) -> Result<State, Refusal> {
        use Party::{Company, Desk, Handler};
        use State::*;
        let mine = match m {
            Move::TakeIn => p == Desk,
            Move::AskCompany(_) | Move::Resume | Move::Close(_) => p == Handler || p == Desk,
            Move::Answer | Move::Withdraw => p == Company,
        };
        if !mine {
            return Err(Refusal::NotYours);
        }
        match (m, s) {
            (_, Closed | Withdrawn) => Err(Refusal::Ended(s)),
            (Move::TakeIn, New) => Ok(InProgress),
            (Move::AskCompany(_), InProgress) => Ok(WaitingOnCompany),
            (Move::Answer | Move::Resume, WaitingOnCompany) => Ok(InProgress),
            (Move::Close(_), InProgress | WaitingOnCompany) => Ok(Closed),
            (Move::Withdraw, _) => Ok(Withdrawn),
            _ => Err(Refusal::NotNow),
        }
    }

    #[test]
    fn every_state_move_and_party_answers_as_the_table_says() {
        let wrong = check_table::<Consultation>(&Party::ALL, &Move::all(), expected);
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn each_open_state_waits_on_someone_and_an_end_on_nobody() {
        for s in State::ALL {
            assert_eq!(Consultation::waiting_on(s).is_none(), s.is_end(), "{s:?}");
            assert_eq!(Consultation::expected_days(s).is_none(), s.is_end());
            assert_eq!(State::from_code(s.code()), Some(s));
        }
    }

    #[test]
    fn asking_and_closing_need_their_words() {
        assert!(Move::parse("close", "  ").is_err());
        assert_eq!(Move::parse("ask_company", "").unwrap_err()[0].field, "text");
        assert_eq!(
            Move::parse("close", "申請区分はクラスⅡと確認").unwrap(),
            Move::Close("申請区分はクラスⅡと確認".to_owned())
        );
        assert_eq!(Move::parse("take_in", "").unwrap(), Move::TakeIn);
        assert_eq!(Move::parse("reopen", "").unwrap_err()[0].field, "move");
    }

    #[test]
    fn the_days_waiting_on_the_company_are_left_out_of_the_service_level() {
        let h = Holidays::shipped();
        // Opened Monday 2026-11-30; the company is asked on Tuesday and answers the next
        // Monday; closed on Wednesday 12-09.
        let history = [
            (State::New, d(11, 30)),
            (State::InProgress, d(11, 30)),
            (State::WaitingOnCompany, d(12, 1)),
            (State::InProgress, d(12, 7)),
            (State::Closed, d(12, 9)),
        ];
        assert_eq!(h.open_days_between(d(11, 30), d(12, 9)), 7);
        // The wait from 12-01 to 12-07 takes out 12-02 … 12-07: four open days.
        assert_eq!(open_days_taken(h, &history, d(12, 9)), 3);
        // Still waiting: the wait runs to the day asked about.
        assert_eq!(open_days_taken(h, &history[..3], d(12, 4)), 1);
        assert_eq!(open_days_taken(h, &[], d(12, 4)), 0);
    }

    #[test]
    fn the_first_answer_is_due_three_open_days_on_across_the_new_year() {
        let h = Holidays::shipped();
        // 12/29 … 1/3 are closed.
        assert_eq!(
            first_answer_due(h, d(12, 25)),
            NaiveDate::from_ymd_opt(2027, 1, 5).unwrap()
        );
        assert_eq!(first_answer_due(h, d(11, 30)), d(12, 3));
    }

    #[test]
    fn a_note_is_a_next_action_when_it_has_a_due_date() {
        let plain = NoteDraft {
            body: " 電話で状況を確認 ".into(),
            due: String::new(),
        };
        assert_eq!(plain.validate().unwrap().due, None);
        let action = NoteDraft {
            body: "試験成績書を受け取る".into(),
            due: "令和9年1月15日".into(),
        };
        assert_eq!(
            action.validate().unwrap().due,
            NaiveDate::from_ymd_opt(2027, 1, 15)
        );
        let wrong = NoteDraft {
            body: String::new(),
            due: "来週".into(),
        };
        let fields: Vec<_> = wrong
            .validate()
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, vec!["body", "due"]);
    }

    #[test]
    fn every_kind_counts_as_a_measure_of_the_model() {
        for k in Kind::ALL {
            assert!(crate::catalog::measure(k.measure_code()).is_some(), "{k:?}");
        }
    }

    #[test]
    fn a_case_names_every_problem_and_folds_its_words() {
        let errors = CaseDraft::default().validate().unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["kind", "subject"]);
        let long = CaseDraft {
            kind: "regulatory".into(),
            subject: "あ".repeat(SUBJECT_MAX + 1),
            detail: String::new(),
        };
        assert_eq!(long.validate().unwrap_err()[0].field, "subject");
        let ok = CaseDraft {
            kind: " ip ".into(),
            subject: "  特許出願の相談 ".into(),
            detail: "先行技術調査を依頼したい".into(),
        }
        .validate()
        .unwrap();
        assert_eq!(ok.kind, Kind::IntellectualProperty);
        assert_eq!(ok.subject, "特許出願の相談");
    }
}
