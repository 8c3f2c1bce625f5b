//! A request for help across cities (相互支援の依頼): an officer or a coordinator of a city
//! asks a named coordinator of another city, or the network (a need described by field, stage
//! and class), for help with one of the city's companies or products. A workflow of the one
//! mechanism ([`HelpRequest`]): asked → accepted (advising) → concluded with an outcome
//! summary; a named helper may decline or hand it over (to another coordinator, of any city
//! but the asking one: it is asked again of them); the asker may withdraw it while it is open.
//! A request open to the network is taken (accepted) by any coordinator of another city
//! ([`Party::Taker`]): a profile that answers the need is what Renkei suggests and tells, not
//! a condition.
//!
//! Only what is needed crosses: the helper reads the question and the anonymised stage, field
//! and class; the company's name and its product's details only once the company's own people
//! consented ([`shows_company`]), to the wording kept with its version ([`consent_wording`]).
//! Each open step has its expected time in 開庁日 ([`due`]) and is reminded once.

use chrono::NaiveDate;

use super::{DeviceClass, Field};
use crate::FieldError;
use crate::business_days::Holidays;
use crate::catalog::Stage;
use crate::i18n::Text;
use crate::kernel::{invalid, too_long};
use crate::text::clean;
use crate::workflow::{self, Transition, Workflow};

/// The longest question, reason or summary.
pub const TEXT_MAX: usize = 4_000;
/// 開庁日 the one asked has to accept, decline or hand over.
pub const ANSWER_OPEN_DAYS: u32 = 3;
/// 開庁日 an accepted request may take before it is concluded.
pub const ADVICE_OPEN_DAYS: u32 = 20;
/// The catalog measure a concluded request counts as support for: the medical-engineering
/// coordinators' support (医工連携コーディネーターによる支援).
pub const MEASURE: &str = "common.medical-engineering-coordinators";

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    /// Asked of a coordinator (or of the network); an answer is awaited.
    Asked,
    /// Accepted: the helper advises.
    Accepted,
    /// Concluded with its outcome summary. An end.
    Concluded,
    /// Declined by the one asked. An end.
    Declined,
    /// Withdrawn by the asker. An end.
    Withdrawn,
}

impl State {
    pub const ALL: [State; 5] = [
        State::Asked,
        State::Accepted,
        State::Concluded,
        State::Declined,
        State::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            State::Asked => "asked",
            State::Accepted => "accepted",
            State::Concluded => "concluded",
            State::Declined => "declined",
            State::Withdrawn => "withdrawn",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn name(self) -> Text {
        match self {
            State::Asked => Text::new("依頼中（回答待ち）", "Asked (answer due)"),
            State::Accepted => Text::new("対応中（助言中）", "Accepted (advising)"),
            State::Concluded => Text::new("完了", "Concluded"),
            State::Declined => Text::new("お断り", "Declined"),
            State::Withdrawn => Text::new("取下げ", "Withdrawn"),
        }
    }

    pub fn is_end(self) -> bool {
        matches!(self, State::Concluded | State::Declined | State::Withdrawn)
    }
}

/// Who acts on a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Party {
    /// The one who asked, and the asking city's staff who may write.
    Asker,
    /// The coordinator it is asked of (or who took it).
    Helper,
    /// A coordinator of another city, while the request is open to the network.
    Taker,
}

impl Party {
    pub const ALL: [Party; 3] = [Party::Asker, Party::Helper, Party::Taker];

    pub fn code(self) -> &'static str {
        match self {
            Party::Asker => "asker",
            Party::Helper => "helper",
            Party::Taker => "taker",
        }
    }
}

/// What a party does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Move {
    Accept,
    /// With the reason, told to the asker.
    Decline(String),
    /// To another coordinator (the app carries who), with a note.
    HandOver(String),
    /// With the outcome summary (the product's support record).
    Conclude(String),
    Withdraw(String),
}

impl Move {
    /// One of each move, for tables and buttons.
    pub fn all() -> Vec<Move> {
        let t = String::new;
        vec![
            Move::Accept,
            Move::Decline(t()),
            Move::HandOver(t()),
            Move::Conclude(t()),
            Move::Withdraw(t()),
        ]
    }

    pub fn code(&self) -> &'static str {
        match self {
            Move::Accept => "accept",
            Move::Decline(_) => "decline",
            Move::HandOver(_) => "hand_over",
            Move::Conclude(_) => "conclude",
            Move::Withdraw(_) => "withdraw",
        }
    }

    pub fn name(&self) -> Text {
        match self {
            Move::Accept => Text::new("引き受ける", "Accept"),
            Move::Decline(_) => Text::new("お断りする", "Decline"),
            Move::HandOver(_) => Text::new("別のコーディネーターに引き継ぐ", "Hand over"),
            Move::Conclude(_) => Text::new("結果をまとめて完了する", "Conclude"),
            Move::Withdraw(_) => Text::new("依頼を取り下げる", "Withdraw"),
        }
    }

    /// The words a move carries (its history line's note).
    pub fn note(&self) -> &str {
        match self {
            Move::Accept => "",
            Move::Decline(t) | Move::HandOver(t) | Move::Conclude(t) | Move::Withdraw(t) => t,
        }
    }

    /// The move a form sends, with its words: a reason to decline and a summary to conclude
    /// are required.
    pub fn parse(code: &str, text: &str) -> Result<Move, Vec<FieldError>> {
        let text = clean(text);
        let mut errors = Vec::new();
        too_long(&mut errors, "text", &text, TEXT_MAX);
        let needs = |errors: &mut Vec<FieldError>, ja, en| {
            if text.is_empty() {
                invalid::<()>(errors, "text", ja, en);
            }
        };
        let m = match code.trim() {
            "accept" => Move::Accept,
            "decline" => {
                needs(
                    &mut errors,
                    "お断りの理由を入力してください（依頼した人に伝えます）。",
                    "Enter the reason (the asker is told it).",
                );
                Move::Decline(text)
            }
            "hand_over" => Move::HandOver(text),
            "conclude" => {
                needs(
                    &mut errors,
                    "結果のまとめを入力してください（開発案件の支援の記録になります）。",
                    "Enter the outcome summary (recorded as support on the product).",
                );
                Move::Conclude(text)
            }
            "withdraw" => Move::Withdraw(text),
            _ => {
                return Err(vec![FieldError::new(
                    "move",
                    "手続きを選んでください。",
                    "Choose a step.",
                )]);
            }
        };
        if errors.is_empty() {
            Ok(m)
        } else {
            Err(errors)
        }
    }
}

pub type Refusal = workflow::Refusal<State>;

/// A request for help, as a workflow.
pub struct HelpRequest;

impl Workflow for HelpRequest {
    type State = State;
    type Party = Party;
    type Move = Move;
    const KIND: &'static str = "help_request";
    const STATES: &'static [State] = &State::ALL;

    fn transition(m: &Move) -> Transition<State, Party> {
        use Party::{Asker, Helper, Taker};
        use State::*;
        let (by, from, to): (&'static [Party], &'static [State], State) = match m {
            Move::Accept => (&[Helper, Taker], &[Asked], Accepted),
            Move::Decline(_) => (&[Helper], &[Asked], Declined),
            Move::HandOver(_) => (&[Helper], &[Asked, Accepted], Asked),
            Move::Conclude(_) => (&[Helper, Asker], &[Accepted], Concluded),
            Move::Withdraw(_) => (&[Asker], &[Asked, Accepted], Withdrawn),
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

    /// The one asked answers, and advises once accepted (a request open to the network that
    /// nobody took goes back to its asker: the app says so).
    fn waiting_on(s: State) -> Option<Party> {
        (!s.is_end()).then_some(Party::Helper)
    }

    /// Nominal days; the request keeps its due day in 開庁日 ([`due`]).
    fn expected_days(s: State) -> Option<i32> {
        match s {
            State::Asked => Some(ANSWER_OPEN_DAYS as i32),
            State::Accepted => Some(ADVICE_OPEN_DAYS as i32),
            _ => None,
        }
    }

    fn too_early(s: State, m: &Move) -> Option<Refusal> {
        (s == State::Asked && matches!(m, Move::Conclude(_))).then_some(Refusal::Unmet("accepted"))
    }

    fn refusal_message(r: &Refusal) -> Text {
        match r {
            Refusal::NotYours => Text::new(
                "この手続きは、依頼した側か依頼を受けたコーディネーターが行うものです。",
                "This step belongs to the asker or the coordinator asked.",
            ),
            Refusal::Unmet(_) => Text::new(
                "引き受けられる前の依頼は完了できません。",
                "A request is concluded only once accepted.",
            ),
            other => workflow::common_refusal(other),
        }
    }
}

pub fn apply(state: State, party: Party, m: &Move) -> Result<State, Refusal> {
    workflow::apply::<HelpRequest>(state, party, m)
}

/// The day an open state entered on `day` is due: 3 開庁日 to answer, 20 to conclude.
pub fn due(holidays: &Holidays, state: State, day: NaiveDate) -> Option<NaiveDate> {
    match state {
        State::Asked => Some(holidays.add_open_days(day, ANSWER_OPEN_DAYS)),
        State::Accepted => Some(holidays.add_open_days(day, ADVICE_OPEN_DAYS)),
        _ => None,
    }
}

/// A request as the ask form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HelpDraft {
    /// The coordinator asked (their account's id), or empty to ask the network.
    pub coordinator: String,
    pub field: String,
    pub stage: String,
    pub class: String,
    pub question: String,
}

/// A request, checked (the coordinator asked is checked against who may be asked by the app).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewHelp {
    pub coordinator: Option<i64>,
    pub field: Field,
    pub stage: Option<Stage>,
    pub class: Option<DeviceClass>,
    pub question: String,
}

impl HelpDraft {
    pub fn validate(&self) -> Result<NewHelp, Vec<FieldError>> {
        let mut errors = Vec::new();
        let coordinator = match crate::text::fold(&self.coordinator).trim() {
            "" => None,
            id => id.parse().ok().or_else(|| {
                invalid(
                    &mut errors,
                    "coordinator",
                    "依頼するコーディネーターを一覧から選んでください。",
                    "Choose the coordinator from the list.",
                )
            }),
        };
        let field = Field::from_code(self.field.trim()).or_else(|| {
            invalid(
                &mut errors,
                "field",
                "分野を選んでください。",
                "Choose the field.",
            )
        });
        let stage = match self.stage.trim() {
            "" => None,
            code => Stage::from_code(code).or_else(|| {
                invalid(
                    &mut errors,
                    "stage",
                    "段階を一覧から選んでください。",
                    "Choose the stage.",
                )
            }),
        };
        let class = match self.class.trim() {
            "" => None,
            code => DeviceClass::from_code(code).or_else(|| {
                invalid(
                    &mut errors,
                    "class",
                    "クラスを一覧から選んでください。",
                    "Choose the class.",
                )
            }),
        };
        let question = clean(&self.question);
        if question.is_empty() {
            invalid::<()>(
                &mut errors,
                "question",
                "相談したいことを入力してください（企業名は書かずに）。",
                "Enter the question (without the company's name).",
            );
        }
        too_long(&mut errors, "question", &question, TEXT_MAX);
        match field {
            Some(field) if errors.is_empty() => Ok(NewHelp {
                coordinator,
                field,
                stage,
                class,
                question,
            }),
            _ => Err(errors),
        }
    }
}

/// Whether a reader sees the company's name and its product's details: the asking city's
/// people and the company's own always; the helper (and anyone else of another city) once
/// the company consented.
pub fn shows_company(of_asking_city_or_company: bool, consented: bool) -> bool {
    of_asking_city_or_company || consented
}

/// The version of the consent wording below; kept with each consent.
pub const CONSENT_WORDING_VERSION: &str = "2026-12-v1";

/// What the company's consent shares.
pub const CONSENT_ITEMS: &str = "企業名、製品（開発案件）の名称・概要・開発段階・クラス分類";

/// The wording the company agrees to, as shown and kept with the consent.
pub fn consent_wording(company: &str, city: &str, request: i64) -> String {
    format!(
        "{company}は、{city}が、相互支援の依頼#{request}に応じる他の指定都市のコーディネーター（依頼が引き継がれた場合は引継ぎ先を含みます）に、次の情報を提供することに同意します。提供する情報: {CONSENT_ITEMS}。利用目的: {city}の依頼に応じて、当社の製品開発・事業化について助言を受けるため。連絡先その他の情報は含みません。"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::check_table;

    /// The table, written out by hand: every state × move × party.
    fn expected(s: State, m: &Move, p: Party) -> Result<State, Refusal> {
        use Party::{Asker, Helper, Taker};
        use State::*;
        let mine = match m {
            Move::Accept => matches!(p, Helper | Taker),
            Move::Decline(_) | Move::HandOver(_) => p == Helper,
            Move::Conclude(_) => matches!(p, Helper | Asker),
            Move::Withdraw(_) => p == Asker,
        };
        if !mine {
            return Err(Refusal::NotYours);
        }
        match (m, s) {
            (_, Concluded | Declined | Withdrawn) => Err(Refusal::Ended(s)),
            (Move::Accept, Asked) => Ok(Accepted),
            (Move::Decline(_), Asked) => Ok(Declined),
            (Move::HandOver(_), Asked | Accepted) => Ok(Asked),
            (Move::Conclude(_), Accepted) => Ok(Concluded),
            (Move::Conclude(_), Asked) => Err(Refusal::Unmet("accepted")),
            (Move::Withdraw(_), Asked | Accepted) => Ok(Withdrawn),
            _ => Err(Refusal::NotNow),
        }
    }

    #[test]
    fn every_state_move_and_party_answers_as_the_table_says() {
        let wrong = check_table::<HelpRequest>(&Party::ALL, &Move::all(), expected);
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn each_open_state_is_due_in_open_days_and_an_end_never() {
        let h = Holidays::shipped();
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        for s in State::ALL {
            assert_eq!(HelpRequest::waiting_on(s).is_none(), s.is_end(), "{s:?}");
            assert_eq!(due(h, s, day(12, 1)).is_none(), s.is_end());
            assert_eq!(State::from_code(s.code()), Some(s));
        }
        // Asked on Friday 12/25: 12/28 is open, 12/29 … 1/3 are closed.
        assert_eq!(
            due(h, State::Asked, day(12, 25)),
            NaiveDate::from_ymd_opt(2027, 1, 5)
        );
        assert_eq!(due(h, State::Asked, day(12, 1)), Some(day(12, 4)));
    }

    #[test]
    fn a_request_and_a_move_are_read_from_their_forms() {
        let ok = HelpDraft {
            coordinator: "12".into(),
            field: "medical-devices".into(),
            stage: "regulatory".into(),
            class: "class-2".into(),
            question: " クラスⅡの認証の進め方 ".into(),
        }
        .validate()
        .unwrap();
        assert_eq!(ok.coordinator, Some(12));
        assert_eq!(ok.class, Some(DeviceClass::ClassII));
        assert_eq!(ok.question, "クラスⅡの認証の進め方");
        let network = HelpDraft {
            field: "nursing-care".into(),
            question: "見守りの実証先".into(),
            ..Default::default()
        };
        assert_eq!(network.validate().unwrap().coordinator, None);
        let wrong = HelpDraft {
            coordinator: "someone".into(),
            stage: "later".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        let fields: Vec<_> = wrong.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["coordinator", "field", "stage", "question"]);
        assert_eq!(Move::parse("decline", " ").unwrap_err()[0].field, "text");
        assert_eq!(Move::parse("conclude", "").unwrap_err()[0].field, "text");
        assert_eq!(Move::parse("accept", "").unwrap(), Move::Accept);
        assert_eq!(Move::parse("jump", "").unwrap_err()[0].field, "move");
        assert!(crate::catalog::measure(MEASURE).is_some());
    }

    #[test]
    fn the_company_is_shown_across_cities_only_once_it_consented() {
        assert!(shows_company(true, false));
        assert!(!shows_company(false, false));
        assert!(shows_company(false, true));
        let w = consent_wording("株式会社テスト", "千葉市", 3);
        assert!(w.contains(CONSENT_ITEMS) && w.contains("#3"));
    }
}
