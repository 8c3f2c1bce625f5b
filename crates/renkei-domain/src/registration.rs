//! A company asks to be registered: the public form's request to a designated city, as a
//! workflow of the one mechanism. The applicant (acting only through the public form) submits
//! it; the city's staff who may write approve it (the company and its first user are made) or
//! decline it with a reason; the applicant may withdraw it while it waits.

use crate::FieldError;
use crate::city::{CityCode, is_designated};
use crate::company::{Company, CompanyDraft};
use crate::i18n::Text;
use crate::identity::Invitee;
use crate::kernel::{decline_reason, too_long};
use crate::text::clean;
use crate::workflow::{self, Transition, Workflow};

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum State {
    /// Waiting for the city's decision.
    Submitted,
    /// The city approved: the company and its first user exist. An end.
    Approved,
    /// The city declined, with its reason. An end.
    Declined,
    /// The applicant withdrew it. An end.
    Withdrawn,
}

impl State {
    pub const ALL: [State; 4] = [
        State::Submitted,
        State::Approved,
        State::Declined,
        State::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            State::Submitted => "submitted",
            State::Approved => "approved",
            State::Declined => "declined",
            State::Withdrawn => "withdrawn",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn name(self) -> Text {
        match self {
            State::Submitted => Text::new("審査待ち", "Awaiting the city's decision"),
            State::Approved => Text::new("承認済み", "Approved"),
            State::Declined => Text::new("お断り", "Declined"),
            State::Withdrawn => Text::new("取り下げ", "Withdrawn"),
        }
    }

    pub fn is_end(self) -> bool {
        self != State::Submitted
    }
}

/// Who acts on a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Party {
    /// The person who asked, through the public form (no account yet).
    Applicant,
    /// The city asked: its staff who may write.
    City,
}

impl Party {
    pub const ALL: [Party; 2] = [Party::Applicant, Party::City];

    pub fn code(self) -> &'static str {
        match self {
            Party::Applicant => "applicant",
            Party::City => "city",
        }
    }
}

/// The longest decline reason.
pub const REASON_MAX: usize = 1_000;

/// What a party does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Move {
    Approve,
    /// With the reason told to the applicant.
    Decline(String),
    Withdraw,
}

impl Move {
    pub fn all() -> Vec<Move> {
        vec![Move::Approve, Move::Decline("—".to_owned()), Move::Withdraw]
    }

    pub fn code(&self) -> &'static str {
        match self {
            Move::Approve => "approve",
            Move::Decline(_) => "decline",
            Move::Withdraw => "withdraw",
        }
    }

    pub fn name(&self) -> Text {
        match self {
            Move::Approve => Text::new("市が承認", "Approved by the city"),
            Move::Decline(_) => Text::new("市がお断り", "Declined by the city"),
            Move::Withdraw => Text::new("申込者が取り下げ", "Withdrawn by the applicant"),
        }
    }

    /// A move as a form names it: `move`, and for a decline its `reason` (required, at most
    /// [`REASON_MAX`] characters).
    pub fn parse(code: &str, reason: &str) -> Result<Move, Vec<FieldError>> {
        match code {
            "approve" => Ok(Move::Approve),
            "withdraw" => Ok(Move::Withdraw),
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

/// The request as a workflow of the one mechanism.
pub struct Registration;

impl Workflow for Registration {
    type State = State;
    type Party = Party;
    type Move = Move;
    const KIND: &'static str = "company_registration";
    const STATES: &'static [State] = &State::ALL;

    fn transition(m: &Move) -> Transition<State, Party> {
        let (by, from, to): (&'static [Party], &'static [State], State) = match m {
            Move::Approve => (&[Party::City], &[State::Submitted], State::Approved),
            Move::Decline(_) => (&[Party::City], &[State::Submitted], State::Declined),
            Move::Withdraw => (&[Party::Applicant], &[State::Submitted], State::Withdrawn),
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
        (s == State::Submitted).then_some(Party::City)
    }

    fn expected_days(s: State) -> Option<i32> {
        (s == State::Submitted).then_some(DECISION_DAYS)
    }

    fn refusal_message(r: &Refusal) -> Text {
        match r {
            Refusal::NotYours => Text::new(
                "この手続きは、申込先の市の担当者が行うものです。",
                "This step belongs to the city asked.",
            ),
            Refusal::Ended(State::Approved) => Text::new(
                "この申込みはすでに承認されています。",
                "This request has already been approved.",
            ),
            Refusal::Ended(State::Declined) => Text::new(
                "この申込みはすでにお断りしています。",
                "This request has already been declined.",
            ),
            Refusal::Ended(_) => Text::new(
                "この申込みは取り下げられています。",
                "This request was withdrawn.",
            ),
            _ => Text::new(
                "この手続きは、いまの段階ではできません。最新の状態を確認してください。",
                "This step is not possible at this stage. Check the latest state.",
            ),
        }
    }
}

/// How many days the city's decision may take before it is overdue.
pub const DECISION_DAYS: i32 = 10;

/// The state a move leads to, or why it is refused.
pub fn apply(state: State, party: Party, m: &Move) -> Result<State, Refusal> {
    workflow::apply::<Registration>(state, party, m)
}

/// The longest department and note.
pub const DEPARTMENT_MAX: usize = 200;
pub const NOTE_MAX: usize = 2_000;

/// The public form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegistrationDraft {
    /// The company's part (name, kana, corporate number, address, industry, size, website).
    pub company: CompanyDraft,
    pub applicant_name: String,
    pub applicant_email: String,
    pub department: String,
    /// The designated city asked (its code).
    pub city: String,
    pub note: String,
}

/// A valid request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub city: CityCode,
    pub company: Company,
    pub applicant: Invitee,
    pub department: String,
    pub note: String,
}

impl RegistrationDraft {
    /// Validates the whole form; every problem with its field (`applicant_name`,
    /// `applicant_email`, `city`, and the company's own fields).
    pub fn validate(&self) -> Result<Request, Vec<FieldError>> {
        let mut errors = Vec::new();
        let city = CityCode::parse(&self.city)
            .ok()
            .filter(is_designated)
            .or_else(|| {
                errors.push(FieldError::new(
                    "city",
                    "申込先の市を選んでください。",
                    "Choose the city to ask.",
                ));
                None
            });
        let placeholder = CityCode::parse("121002").expect("a valid city code");
        let company = self
            .company
            .validate(city.as_ref().unwrap_or(&placeholder))
            .map_err(|e| errors.extend(e))
            .ok();
        let applicant = Invitee::parse(&self.applicant_email, &self.applicant_name)
            .map_err(|e| {
                errors.extend(e.into_iter().map(|mut f| {
                    f.field = match f.field {
                        "email" => "applicant_email",
                        _ => "applicant_name",
                    };
                    f
                }))
            })
            .ok();
        let department = clean(&self.department);
        too_long(&mut errors, "department", &department, DEPARTMENT_MAX);
        let note = clean(&self.note);
        too_long(&mut errors, "note", &note, NOTE_MAX);
        match (city, company, applicant, errors.is_empty()) {
            (Some(city), Some(company), Some(applicant), true) => Ok(Request {
                city,
                company,
                applicant,
                department,
                note,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use State::*;

    #[test]
    fn the_table_as_written() {
        // move code, who, from, to
        let table: [(&str, &[Party], &[State], State); 3] = [
            ("approve", &[Party::City], &[Submitted], Approved),
            ("decline", &[Party::City], &[Submitted], Declined),
            ("withdraw", &[Party::Applicant], &[Submitted], Withdrawn),
        ];
        let wrong =
            workflow::check_table::<Registration>(&Party::ALL, &Move::all(), |state, m, party| {
                let (_, owners, from, to) = table.iter().find(|r| r.0 == m.code()).unwrap();
                if !owners.contains(&party) {
                    Err(Refusal::NotYours)
                } else if !from.contains(&state) {
                    Err(Refusal::Ended(state))
                } else {
                    Ok(*to)
                }
            });
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        assert_eq!(Registration::expected_days(Submitted), Some(10));
        assert_eq!(Registration::waiting_on(Submitted), Some(Party::City));
        assert_eq!(Registration::waiting_on(Approved), None);
    }

    #[test]
    fn a_decline_needs_its_reason() {
        assert!(Move::parse("decline", "  ").is_err());
        assert!(Move::parse("decline", &"あ".repeat(1_001)).is_err());
        assert_eq!(
            Move::parse("decline", "市外の企業です"),
            Ok(Move::Decline("市外の企業です".to_owned()))
        );
        assert_eq!(Move::parse("approve", ""), Ok(Move::Approve));
    }

    fn draft() -> RegistrationDraft {
        RegistrationDraft {
            company: CompanyDraft {
                name: "株式会社テスト".to_owned(),
                ..Default::default()
            },
            applicant_name: "山田 花子".to_owned(),
            applicant_email: "hanako@example.jp".to_owned(),
            city: "121002".to_owned(),
            ..Default::default()
        }
    }

    #[test]
    fn a_request_is_checked_whole() {
        assert!(draft().validate().is_ok());
        let wrong = RegistrationDraft {
            company: CompanyDraft {
                name: "株式会社テスト".to_owned(),
                corporate_number: "1234567890123".to_owned(),
                ..Default::default()
            },
            applicant_email: "nope".to_owned(),
            city: "999999".to_owned(),
            ..draft()
        };
        let fields: Vec<&str> = wrong
            .validate()
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect();
        assert!(fields.contains(&"corporate_number"), "{fields:?}");
        assert!(fields.contains(&"applicant_email"), "{fields:?}");
        assert!(fields.contains(&"city"), "{fields:?}");
    }
}
