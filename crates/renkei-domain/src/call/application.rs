//! An application to a call (申請), as a workflow of the one mechanism. A company's people
//! fill it in (save and resume) and submit it, receiving a receipt number (受付番号); or a
//! coordinator or the city's foundation prepares it for the company and hands it over, and
//! the company confirms it by submitting (代理申請). The call's office screens it (形式審査):
//! accepts it for review, or returns it with reasons and a day by which to correct it
//! (差戻し), after which the company resubmits; or refuses it (不受理). In review the panel
//! decides (採択 / 不採択), which the applicant learns only when the call's results are
//! released to everyone at once. A granted subsidy (交付決定) goes on to its 実績報告 and the
//! office's 額の確定. The company may withdraw until a decision is released.

use chrono::NaiveDate;

use crate::FieldError;
use crate::i18n::Text;
use crate::kernel::too_long;
use crate::text::clean;
use crate::workflow::{Refusal, Transition, Workflow, common_refusal};

/// Where an application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum State {
    /// Being filled in, by the company or for it.
    Draft,
    /// Prepared for the company by a coordinator or foundation, waiting for it to confirm.
    Prepared,
    /// Submitted (受付), waiting for the office's screening.
    Submitted,
    /// Returned for correction (差戻し), waiting on the company.
    Returned,
    /// Accepted by the screening: in review.
    InReview,
    /// Decided by the panel, not yet released (the applicant still sees 審査中).
    Decided,
    /// Released as awarded: 採択 / 交付決定 / 表彰 / 認定.
    Awarded,
    /// Released as not awarded (不採択). An end.
    NotAwarded,
    /// A granted subsidy's 実績報告 is in, waiting for the office.
    Reported,
    /// The subsidy's amount is fixed (額の確定). An end.
    Settled,
    /// Refused at screening (不受理). An end.
    Refused,
    /// Withdrawn by the company (取下げ). An end.
    Withdrawn,
}

impl State {
    pub const ALL: [State; 12] = [
        State::Draft,
        State::Prepared,
        State::Submitted,
        State::Returned,
        State::InReview,
        State::Decided,
        State::Awarded,
        State::NotAwarded,
        State::Reported,
        State::Settled,
        State::Refused,
        State::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::Prepared => "prepared",
            State::Submitted => "submitted",
            State::Returned => "returned",
            State::InReview => "in_review",
            State::Decided => "decided",
            State::Awarded => "awarded",
            State::NotAwarded => "not_awarded",
            State::Reported => "reported",
            State::Settled => "settled",
            State::Refused => "refused",
            State::Withdrawn => "withdrawn",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Its name as the office sees it.
    pub fn name(self) -> Text {
        match self {
            State::Draft => Text::new("作成中", "Being written"),
            State::Prepared => Text::new(
                "代理作成済み（企業の確認待ち）",
                "Prepared; waiting for the company",
            ),
            State::Submitted => {
                Text::new("受付済み（形式審査待ち）", "Received; awaiting screening")
            }
            State::Returned => Text::new("差戻し中（修正待ち）", "Returned for correction"),
            State::InReview => Text::new("審査中", "In review"),
            State::Decided => Text::new("採否決定済み（未公表）", "Decided (not yet released)"),
            State::Awarded => Text::new("採択", "Awarded"),
            State::NotAwarded => Text::new("不採択", "Not awarded"),
            State::Reported => Text::new("実績報告済み（確認待ち）", "Report in; awaiting review"),
            State::Settled => Text::new("額の確定済み", "Amount fixed"),
            State::Refused => Text::new("不受理", "Refused at screening"),
            State::Withdrawn => Text::new("取下げ", "Withdrawn"),
        }
    }

    /// Its name as the applicant sees it: a decision shows only once released.
    pub fn applicant_name(self) -> Text {
        match self {
            State::Decided => State::InReview.name(),
            s => s.name(),
        }
    }

    pub fn is_end(self) -> bool {
        matches!(
            self,
            State::NotAwarded | State::Settled | State::Refused | State::Withdrawn
        )
    }

    /// Whether the company has sent it (it counts among the call's applications).
    pub fn was_submitted(self) -> bool {
        !matches!(self, State::Draft | State::Prepared | State::Withdrawn)
    }
}

/// Who acts on an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Party {
    /// The company's people.
    Applicant,
    /// A coordinator or the city's staff preparing it for the company (代理申請).
    Agent,
    /// The call's office: its cities' staff who may write.
    Office,
}

impl Party {
    pub const ALL: [Party; 3] = [Party::Applicant, Party::Agent, Party::Office];

    pub fn code(self) -> &'static str {
        match self {
            Party::Applicant => "applicant",
            Party::Agent => "agent",
            Party::Office => "office",
        }
    }
}

/// The longest reason or note a move carries.
pub const TEXT_MAX: usize = 4_000;

/// Whether the panel awards an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    Award,
    Decline,
}

/// What a party does to an application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Move {
    /// The agent hands the prepared application to the company to confirm.
    HandOver,
    /// The company submits (or resubmits after a return, or confirms what was prepared).
    Submit,
    /// The office returns it for correction, with reasons and the last day to correct.
    Return { reason: String, due: NaiveDate },
    /// The office accepts it for review.
    Accept,
    /// The office refuses it at screening (不受理), with reasons.
    Refuse(String),
    /// The panel's decision, with its reasons (not shown before release).
    Decide { verdict: Verdict, reason: String },
    /// The results are released: the decision becomes the applicant's.
    Release(Verdict),
    /// The company sends its 実績報告 (a granted subsidy).
    Report,
    /// The office returns the report for correction.
    ReturnReport(String),
    /// The office fixes the amount (額の確定).
    Settle(i64),
    /// The company withdraws it.
    Withdraw,
}

impl Move {
    /// One of each move (with placeholder contents), for tables.
    pub fn all() -> Vec<Move> {
        let day = NaiveDate::from_ymd_opt(2026, 4, 1).unwrap_or_default();
        vec![
            Move::HandOver,
            Move::Submit,
            Move::Return {
                reason: "—".into(),
                due: day,
            },
            Move::Accept,
            Move::Refuse("—".into()),
            Move::Decide {
                verdict: Verdict::Award,
                reason: "—".into(),
            },
            Move::Release(Verdict::Award),
            Move::Release(Verdict::Decline),
            Move::Report,
            Move::ReturnReport("—".into()),
            Move::Settle(0),
            Move::Withdraw,
        ]
    }

    pub fn code(&self) -> &'static str {
        match self {
            Move::HandOver => "hand_over",
            Move::Submit => "submit",
            Move::Return { .. } => "return",
            Move::Accept => "accept",
            Move::Refuse(_) => "refuse",
            Move::Decide { .. } => "decide",
            Move::Release(Verdict::Award) => "release_award",
            Move::Release(Verdict::Decline) => "release_decline",
            Move::Report => "report",
            Move::ReturnReport(_) => "return_report",
            Move::Settle(_) => "settle",
            Move::Withdraw => "withdraw",
        }
    }

    pub fn name(&self) -> Text {
        match self {
            Move::HandOver => Text::new(
                "代理作成した申請を企業へ確認依頼",
                "Handed to the company to confirm",
            ),
            Move::Submit => Text::new("申請を提出", "Submitted"),
            Move::Return { .. } => Text::new("申請を差戻し", "Returned for correction"),
            Move::Accept => Text::new("形式審査を通過", "Accepted for review"),
            Move::Refuse(_) => Text::new("不受理", "Refused at screening"),
            Move::Decide { .. } => Text::new("採否を決定", "Decided"),
            Move::Release(Verdict::Award) => {
                Text::new("採択（結果公表）", "Awarded (results released)")
            }
            Move::Release(Verdict::Decline) => {
                Text::new("不採択（結果公表）", "Not awarded (results released)")
            }
            Move::Report => Text::new("実績報告を提出", "Report submitted"),
            Move::ReturnReport(_) => Text::new("実績報告を差戻し", "Report returned"),
            Move::Settle(_) => Text::new("額の確定", "Amount fixed"),
            Move::Withdraw => Text::new("申請を取下げ", "Withdrawn"),
        }
    }

    /// The words the move's history line keeps.
    pub fn note(&self) -> String {
        match self {
            Move::Return { reason, due } => format!("{reason}（修正期限: {due}）"),
            Move::Refuse(r) | Move::ReturnReport(r) => r.clone(),
            Move::Decide { reason, .. } => reason.clone(),
            Move::Settle(yen) => super::yen_text(*yen),
            _ => String::new(),
        }
    }
}

/// The words a move needs (a reason), cleaned: required, at most [`TEXT_MAX`] characters.
pub fn reason(text: &str) -> Result<String, Vec<FieldError>> {
    let text = clean(text);
    let mut errors = Vec::new();
    if text.is_empty() {
        errors.push(FieldError::new(
            "reason",
            "理由を入力してください。",
            "Enter the reason.",
        ));
    }
    too_long(&mut errors, "reason", &text, TEXT_MAX);
    if errors.is_empty() {
        Ok(text)
    } else {
        Err(errors)
    }
}

/// The application workflow.
pub struct CallApplication;

impl Workflow for CallApplication {
    type State = State;
    type Party = Party;
    type Move = Move;

    const KIND: &'static str = "call_application";
    const STATES: &'static [State] = &State::ALL;

    fn transition(m: &Move) -> Transition<State, Party> {
        use State::*;
        const APPLICANT: &[Party] = &[Party::Applicant];
        const AGENT: &[Party] = &[Party::Agent];
        const OFFICE: &[Party] = &[Party::Office];
        let (by, from, to): (&'static [Party], &'static [State], State) = match m {
            Move::HandOver => (AGENT, &[Draft], Prepared),
            Move::Submit => (APPLICANT, &[Draft, Prepared, Returned], Submitted),
            Move::Return { .. } => (OFFICE, &[Submitted], Returned),
            Move::Accept => (OFFICE, &[Submitted], InReview),
            Move::Refuse(_) => (OFFICE, &[Submitted, Returned], Refused),
            Move::Decide { .. } => (OFFICE, &[InReview, Decided], Decided),
            Move::Release(Verdict::Award) => (OFFICE, &[Decided], Awarded),
            Move::Release(Verdict::Decline) => (OFFICE, &[Decided], NotAwarded),
            Move::Report => (APPLICANT, &[Awarded], Reported),
            Move::ReturnReport(_) => (OFFICE, &[Reported], Awarded),
            Move::Settle(_) => (OFFICE, &[Reported], Settled),
            Move::Withdraw => (
                APPLICANT,
                &[Draft, Prepared, Submitted, Returned, InReview, Decided],
                Withdrawn,
            ),
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
            State::Prepared | State::Returned => Some(Party::Applicant),
            State::Submitted | State::Reported => Some(Party::Office),
            _ => None,
        }
    }

    /// The office screens in ten days and checks a report in twenty; a prepared
    /// application waits a week for the company. A returned one is due on its own day.
    fn expected_days(s: State) -> Option<i32> {
        match s {
            State::Submitted => Some(10),
            State::Reported => Some(20),
            State::Prepared => Some(7),
            _ => None,
        }
    }

    fn refusal_message(r: &Refusal<State>) -> Text {
        match r {
            Refusal::Unmet("closed") => Text::new(
                "この公募は受付期間外です。申請は受付期間内に提出してください。",
                "This call is not taking applications now.",
            ),
            Refusal::Unmet("correction_due") => Text::new(
                "修正期限を過ぎています。公募の担当へお問い合わせください。",
                "The day to correct this application has passed; ask the call's office.",
            ),
            Refusal::Unmet("incomplete") => Text::new(
                "未入力の必須項目または誤りのある項目があります。各項目のメッセージを確認してください。",
                "Some required fields are empty or wrong; see each field's message.",
            ),
            Refusal::Unmet("eligibility") => Text::new(
                "この公募の申請要件を満たしていません。",
                "The company does not meet this call's requirements.",
            ),
            Refusal::Unmet("phase") => Text::new(
                "公募がこの手続きの段階にありません（形式審査は受付締切後まで、採否の決定は審査の段階で行います）。",
                "The call is not in the phase for this step.",
            ),
            Refusal::Unmet("subsidy") => Text::new(
                "実績報告と額の確定は補助金の公募だけの手続きです。",
                "Reports and fixed amounts are for subsidies only.",
            ),
            Refusal::Unmet("over_max") => Text::new(
                "確定額が交付決定額または上限額を超えています。",
                "The amount exceeds the granted or the largest amount.",
            ),
            Refusal::NotYours => Text::new(
                "この手続きは別の担当が行うものです（代理作成した申請の提出は企業が行います）。",
                "This step belongs to another party (the company submits what was prepared for it).",
            ),
            _ => common_refusal(r),
        }
    }
}

/// A receipt number (受付番号) as people read it: the fiscal year in 令和, the call, the
/// order of receipt (`R8-0012-0003`).
pub fn receipt_number(reiwa_year: i32, call: i64, seq: i64) -> String {
    format!("R{reiwa_year}-{call:04}-{seq:04}")
}

/// The Reiwa year of a fiscal year (2026 → 8).
pub fn reiwa_year(fiscal_year: i32) -> i32 {
    fiscal_year - 2018
}
