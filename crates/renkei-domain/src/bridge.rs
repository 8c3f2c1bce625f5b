//! The bridge to the state (薬事法に係る国の機関等との橋渡し支援): a consultation case handed
//! to a national body's consultation (PMDA's RS総合相談 or RS戦略相談 事前面談, AMED's and
//! others the platform administrator configures, [`crate::national_body`]), as a workflow of
//! the one mechanism.
//!
//! The desk prepares the request from the case: the body's application form's fields, filled
//! in from the case ([`prefill`]) and editable while preparing. It asks the company's
//! consent; the company ticks what may be shared, says whether the consultation record may be
//! shared with AMED ([`Consent`]), or declines. Only once consented is the request sent (by
//! the desk or the company, with the day sent); sending earlier is refused as
//! `Unmet("consent")`. The body's first reply is due its usual open days (開庁日) after the
//! day sent ([`reply_due`]); the desk records the reply and closes the bridge with its
//! [`Outcome`], which becomes a support record on the case's product
//! ([`MEASURE`]). The desk may cancel it while it is open.

use chrono::NaiveDate;

use crate::FieldError;
use crate::business_days::Holidays;
use crate::i18n::Text;
use crate::kernel::{coded_enum, too_long};
use crate::text::clean;
use crate::workflow::{self, Transition, Workflow};

/// The measure of the model a closed bridge counts as support for.
pub const MEASURE: &str = "regulatory.pmda-bridge";

/// The longest answer, reply or outcome text.
pub const TEXT_MAX: usize = 4_000;

coded_enum!(
    /// How a bridge ended.
    Outcome {
        Held = "held" / "相談実施" / "Consultation held",
        PolicyDecided = "policy-decided" / "助言により方針決定" / "Course decided on the advice",
        OutOfScope = "out-of-scope" / "対象外" / "Out of scope",
        Other = "other" / "その他" / "Other",
    }
);

/// Where a bridge stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum State {
    /// The desk prepares the request from the case.
    Preparing,
    /// Waiting for the company's consent to what is shared.
    AwaitingConsent,
    /// The company consented: the request may be sent.
    Consented,
    /// Sent to the body; its reply is due.
    Sent,
    /// The body replied.
    Replied,
    /// Closed with its outcome. An end.
    Closed,
    /// The company declined to share. An end.
    Declined,
    /// Cancelled by the desk. An end.
    Cancelled,
}

impl State {
    pub const ALL: [State; 8] = [
        State::Preparing,
        State::AwaitingConsent,
        State::Consented,
        State::Sent,
        State::Replied,
        State::Closed,
        State::Declined,
        State::Cancelled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            State::Preparing => "preparing",
            State::AwaitingConsent => "awaiting_consent",
            State::Consented => "consented",
            State::Sent => "sent",
            State::Replied => "replied",
            State::Closed => "closed",
            State::Declined => "declined",
            State::Cancelled => "cancelled",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn name(self) -> Text {
        match self {
            State::Preparing => Text::new("申込みの準備中", "Being prepared"),
            State::AwaitingConsent => Text::new("企業の同意待ち", "Waiting for consent"),
            State::Consented => Text::new("同意済み（送付前）", "Consented (not sent)"),
            State::Sent => Text::new("送付済み（回答待ち）", "Sent (reply due)"),
            State::Replied => Text::new("回答あり", "Replied"),
            State::Closed => Text::new("完了", "Closed"),
            State::Declined => Text::new("企業が同意しなかった", "Declined by the company"),
            State::Cancelled => Text::new("取りやめ", "Cancelled"),
        }
    }

    pub fn is_end(self) -> bool {
        matches!(self, State::Closed | State::Declined | State::Cancelled)
    }

    /// Whether the company has consented (what the request's document waits for).
    pub fn consented(self) -> bool {
        matches!(
            self,
            State::Consented | State::Sent | State::Replied | State::Closed
        )
    }
}

/// Who acts on a bridge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Party {
    /// The company's people.
    Company,
    /// The case's city's staff who may write, and administrators.
    Desk,
}

impl Party {
    pub const ALL: [Party; 2] = [Party::Company, Party::Desk];

    pub fn code(self) -> &'static str {
        match self {
            Party::Company => "company",
            Party::Desk => "desk",
        }
    }
}

/// What the company agreed to share: the form's fields (by label) and whether the
/// consultation record may be shared with AMED.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Consent {
    pub shared: Vec<String>,
    pub amed: bool,
}

/// What a party does to a bridge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Move {
    AskConsent,
    Consent(Consent),
    Decline,
    /// Sent on the day given.
    MarkSent(NaiveDate),
    /// The body's reply: the day it came and what it says.
    RecordReply(NaiveDate, String),
    Close(Outcome, String),
    Cancel,
}

impl Move {
    /// One of each move (with placeholder values), for tables and buttons.
    pub fn all() -> Vec<Move> {
        let day = NaiveDate::default();
        vec![
            Move::AskConsent,
            Move::Consent(Consent::default()),
            Move::Decline,
            Move::MarkSent(day),
            Move::RecordReply(day, "—".to_owned()),
            Move::Close(Outcome::Held, "—".to_owned()),
            Move::Cancel,
        ]
    }

    pub fn code(&self) -> &'static str {
        match self {
            Move::AskConsent => "ask_consent",
            Move::Consent(_) => "consent",
            Move::Decline => "decline",
            Move::MarkSent(_) => "mark_sent",
            Move::RecordReply(..) => "record_reply",
            Move::Close(..) => "close",
            Move::Cancel => "cancel",
        }
    }

    pub fn name(&self) -> Text {
        match self {
            Move::AskConsent => Text::new("企業に同意を求める", "Ask the company's consent"),
            Move::Consent(_) => Text::new("共有に同意する", "Consent to sharing"),
            Move::Decline => Text::new("共有に同意しない", "Decline to share"),
            Move::MarkSent(_) => Text::new("送付を記録", "Record it sent"),
            Move::RecordReply(..) => Text::new("回答を記録", "Record the reply"),
            Move::Close(..) => Text::new("結果を記録して完了", "Close with the outcome"),
            Move::Cancel => Text::new("取りやめる", "Cancel"),
        }
    }
}

/// A move as the bridge page's form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MoveForm {
    pub code: String,
    /// The day sent, or the day the reply came (any form `jdate::parse` reads).
    pub date: String,
    pub text: String,
    pub outcome: String,
    /// The fields ticked as shared (consent).
    pub shared: Vec<String>,
    pub amed: bool,
}

fn day(errors: &mut Vec<FieldError>, text: &str) -> NaiveDate {
    crate::jdate::parse(text.trim()).unwrap_or_else(|| {
        errors.push(FieldError::new(
            "date",
            "日付を 2027-01-15 や 令和9年1月15日 の形で入力してください。",
            "Enter the date as 2027-01-15.",
        ));
        NaiveDate::default()
    })
}

fn words(errors: &mut Vec<FieldError>, text: &str, required: bool) -> String {
    let text = clean(text);
    if required && text.is_empty() {
        errors.push(FieldError::new(
            "text",
            "内容を入力してください。",
            "Enter the text.",
        ));
    }
    too_long(errors, "text", &text, TEXT_MAX);
    text
}

impl MoveForm {
    /// The move, checked: `fields` are the request's fields (what consent may tick).
    pub fn parse(&self, fields: &[String]) -> Result<Move, Vec<FieldError>> {
        let mut errors = Vec::new();
        let m = match self.code.as_str() {
            "ask_consent" => Move::AskConsent,
            "decline" => Move::Decline,
            "cancel" => Move::Cancel,
            "consent" => {
                let shared: Vec<String> = fields
                    .iter()
                    .filter(|f| self.shared.contains(f))
                    .cloned()
                    .collect();
                if shared.is_empty() {
                    errors.push(FieldError::new(
                        "shared",
                        "共有してよい項目を1つ以上選んでください。",
                        "Tick at least one item that may be shared.",
                    ));
                }
                Move::Consent(Consent {
                    shared,
                    amed: self.amed,
                })
            }
            "mark_sent" => Move::MarkSent(day(&mut errors, &self.date)),
            "record_reply" => {
                let d = day(&mut errors, &self.date);
                Move::RecordReply(d, words(&mut errors, &self.text, true))
            }
            "close" => {
                let outcome = Outcome::from_code(self.outcome.trim());
                if outcome.is_none() {
                    errors.push(FieldError::new(
                        "outcome",
                        "結果を選んでください。",
                        "Choose the outcome.",
                    ));
                }
                let text = words(&mut errors, &self.text, false);
                Move::Close(outcome.unwrap_or(Outcome::Other), text)
            }
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

/// The bridge's table.
pub struct Bridge;

const OPEN: &[State] = &[
    State::Preparing,
    State::AwaitingConsent,
    State::Consented,
    State::Sent,
    State::Replied,
];

impl Workflow for Bridge {
    type State = State;
    type Party = Party;
    type Move = Move;
    const KIND: &'static str = "bridge";
    const STATES: &'static [State] = &State::ALL;

    fn transition(m: &Move) -> Transition<State, Party> {
        use Party::{Company, Desk};
        let (by, from, to): (&'static [Party], &'static [State], State) = match m {
            Move::AskConsent => (&[Desk], &[State::Preparing], State::AwaitingConsent),
            Move::Consent(_) => (&[Company], &[State::AwaitingConsent], State::Consented),
            Move::Decline => (&[Company], &[State::AwaitingConsent], State::Declined),
            Move::MarkSent(_) => (&[Desk, Company], &[State::Consented], State::Sent),
            Move::RecordReply(..) => (&[Desk], &[State::Sent], State::Replied),
            Move::Close(..) => (&[Desk], &[State::Replied], State::Closed),
            Move::Cancel => (&[Desk], OPEN, State::Cancelled),
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
            State::AwaitingConsent => Some(Party::Company),
            State::Preparing | State::Consented | State::Sent | State::Replied => Some(Party::Desk),
            State::Closed | State::Declined | State::Cancelled => None,
        }
    }

    /// Calendar days before a reminder; a sent request is reminded once its reply is past
    /// due (in open days, [`reply_due`]) instead.
    fn expected_days(s: State) -> Option<i32> {
        match s {
            State::Preparing | State::AwaitingConsent | State::Consented => Some(7),
            State::Sent => Some(5),
            State::Replied => Some(14),
            State::Closed | State::Declined | State::Cancelled => None,
        }
    }

    fn too_early(s: State, m: &Move) -> Option<Refusal> {
        let before_consent = matches!(s, State::Preparing | State::AwaitingConsent);
        (before_consent && matches!(m, Move::MarkSent(_))).then_some(Refusal::Unmet("consent"))
    }

    fn refusal_message(r: &Refusal) -> Text {
        match r {
            Refusal::NotYours => Text::new(
                "この手続きは、相談窓口（または相談した企業）が行うものです。",
                "This step belongs to the desk (or the company).",
            ),
            Refusal::Unmet(_) => Text::new(
                "企業の同意を得るまでは、国の機関へ送付できません。",
                "Nothing is sent to the body before the company consents.",
            ),
            Refusal::Ended(_) => {
                Text::new("この橋渡しは終了しています。", "This bridge has ended.")
            }
            Refusal::NotNow => Text::new(
                "この手続きは、いまの段階ではできません。最新の状態を確認してください。",
                "This step is not possible at this stage. Check the latest state.",
            ),
        }
    }
}

pub fn apply(state: State, party: Party, m: &Move) -> Result<State, Refusal> {
    workflow::apply::<Bridge>(state, party, m)
}

/// The day a reply to a request sent on `sent` is due: the body's usual open days on.
pub fn reply_due(holidays: &Holidays, sent: NaiveDate, open_days: u32) -> NaiveDate {
    holidays.add_open_days(sent, open_days)
}

/// What a case tells of itself, to fill a request's fields in with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseFacts {
    pub company: String,
    pub product: String,
    pub product_summary: String,
    pub stage: String,
    pub consultation_type: String,
    pub subject: String,
    pub detail: String,
}

/// A field's answer filled in from the case, by what its label asks (empty when the case
/// does not say).
pub fn prefill(label: &str, f: &CaseFacts) -> String {
    let has = |words: &[&str]| words.iter().any(|w| label.contains(w));
    let joined = |a: &str, b: &str| match (a.is_empty(), b.is_empty()) {
        (false, false) => format!("{a}\n{b}"),
        (true, _) => b.to_owned(),
        (_, true) => a.to_owned(),
    };
    if has(&["段階"]) {
        f.stage.clone()
    } else if has(&["区分", "種類"]) {
        f.consultation_type.clone()
    } else if has(&["製品", "品目", "機器"]) {
        joined(&f.product, &f.product_summary)
    } else if has(&["相談者", "企業", "会社", "申込者"]) {
        f.company.clone()
    } else if has(&["事項", "内容", "概要", "課題"]) {
        joined(&f.subject, &f.detail)
    } else {
        String::new()
    }
}

/// The answers as the preparing form sends them, one per field: folded and checked.
pub fn check_answers(answers: &[String]) -> Result<Vec<String>, Vec<FieldError>> {
    let answers: Vec<String> = answers.iter().map(|a| clean(a)).collect();
    let mut errors = Vec::new();
    for a in &answers {
        too_long(&mut errors, "answers", a, TEXT_MAX);
    }
    if errors.is_empty() {
        Ok(answers)
    } else {
        errors.truncate(1);
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::check_table;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// The bridge's table, written out by hand: every state × move × party.
    fn expected(s: State, m: &Move, p: Party) -> Result<State, Refusal> {
        use Party::{Company, Desk};
        use State::*;
        let mine = match m {
            Move::Consent(_) | Move::Decline => p == Company,
            Move::MarkSent(_) => true,
            _ => p == Desk,
        };
        if !mine {
            return Err(Refusal::NotYours);
        }
        match (m, s) {
            (_, Closed | Declined | Cancelled) => Err(Refusal::Ended(s)),
            (Move::AskConsent, Preparing) => Ok(AwaitingConsent),
            (Move::Consent(_), AwaitingConsent) => Ok(Consented),
            (Move::Decline, AwaitingConsent) => Ok(Declined),
            (Move::MarkSent(_), Consented) => Ok(Sent),
            (Move::MarkSent(_), Preparing | AwaitingConsent) => Err(Refusal::Unmet("consent")),
            (Move::RecordReply(..), Sent) => Ok(Replied),
            (Move::Close(..), Replied) => Ok(Closed),
            (Move::Cancel, _) => Ok(Cancelled),
            _ => Err(Refusal::NotNow),
        }
    }

    #[test]
    fn every_state_move_and_party_answers_as_the_table_says() {
        let wrong = check_table::<Bridge>(&Party::ALL, &Move::all(), expected);
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn each_open_state_waits_on_someone_and_an_end_on_nobody() {
        for s in State::ALL {
            assert_eq!(Bridge::waiting_on(s).is_none(), s.is_end(), "{s:?}");
            assert_eq!(Bridge::expected_days(s).is_none(), s.is_end());
            assert_eq!(State::from_code(s.code()), Some(s));
        }
        assert!(!State::AwaitingConsent.consented() && State::Sent.consented());
    }

    #[test]
    fn the_reply_is_due_in_open_days_across_the_year_end_closure() {
        let h = Holidays::shipped();
        // Sent Friday 2026-12-25: 12/28 is open, 12/29 … 1/3 closed, then 1/4 and 1/5.
        assert_eq!(reply_due(h, d(2026, 12, 25), 3), d(2027, 1, 5));
        // Sent on a Monday: Thursday.
        assert_eq!(reply_due(h, d(2026, 11, 30), 3), d(2026, 12, 3));
    }

    #[test]
    fn the_fields_are_filled_in_from_the_case() {
        let f = CaseFacts {
            company: "株式会社テスト".into(),
            product: "見守りセンサー".into(),
            product_summary: "離床を検知する".into(),
            stage: "④ 試作".into(),
            consultation_type: "RS総合相談".into(),
            subject: "クラス分類".into(),
            detail: "医療機器に当たるか".into(),
        };
        assert_eq!(prefill("相談者（企業名・担当者）", &f), "株式会社テスト");
        assert_eq!(
            prefill("製品の名称と概要", &f),
            "見守りセンサー\n離床を検知する"
        );
        assert_eq!(prefill("開発段階", &f), "④ 試作");
        assert_eq!(prefill("相談区分", &f), "RS総合相談");
        assert_eq!(
            prefill("相談したい事項", &f),
            "クラス分類\n医療機器に当たるか"
        );
        assert_eq!(prefill("希望する相談日", &f), "");
    }

    #[test]
    fn a_move_is_read_from_its_form_with_every_problem_named() {
        let fields = vec!["相談者".to_owned(), "製品".to_owned()];
        let consent = MoveForm {
            code: "consent".into(),
            shared: vec!["製品".into(), "よその項目".into()],
            amed: true,
            ..Default::default()
        };
        assert_eq!(
            consent.parse(&fields).unwrap(),
            Move::Consent(Consent {
                shared: vec!["製品".into()],
                amed: true
            })
        );
        let none = MoveForm {
            code: "consent".into(),
            ..Default::default()
        };
        assert_eq!(none.parse(&fields).unwrap_err()[0].field, "shared");
        let sent = MoveForm {
            code: "mark_sent".into(),
            date: "令和9年1月15日".into(),
            ..Default::default()
        };
        assert_eq!(sent.parse(&fields).unwrap(), Move::MarkSent(d(2027, 1, 15)));
        let reply = MoveForm {
            code: "record_reply".into(),
            date: "来週".into(),
            ..Default::default()
        };
        let wrong: Vec<_> = reply
            .parse(&fields)
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(wrong, ["date", "text"]);
        let close = MoveForm {
            code: "close".into(),
            outcome: "held".into(),
            ..Default::default()
        };
        assert_eq!(
            close.parse(&fields).unwrap(),
            Move::Close(Outcome::Held, String::new())
        );
    }
}
