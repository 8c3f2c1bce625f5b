//! A referral's step prepared for an officer's approval (紹介の準備と承認): a coordinator of a
//! city, or a member of its support organisations acting for it (the city's read-only staff:
//! its foundation), prepares ① a product's selection for another city with the dossier's
//! words, or ④ the sales-channel targets a referral the city accepted is to be introduced to;
//! an officer of the city (its staff who may write) approves it, which makes the step (the
//! referral at ①, the targets added), or returns it with what to change. A workflow of the one
//! mechanism ([`Preparation`]): prepared → approved, or returned → prepared again (revised),
//! or withdrawn. The officer answers within [`APPROVAL_OPEN_DAYS`] 開庁日, a returned
//! preparation is revised within [`REVISION_OPEN_DAYS`].

use chrono::NaiveDate;

use crate::FieldError;
use crate::business_days::Holidays;
use crate::i18n::Text;
use crate::kernel::{coded_enum, invalid, too_long};
use crate::text::{clean, fold};
use crate::workflow::{self, Transition, Workflow};

/// The longest dossier note or reason.
pub const TEXT_MAX: usize = 4_000;
/// The most targets one preparation proposes.
pub const TARGETS_MAX: usize = 50;
/// 開庁日 an officer has to approve or return a preparation.
pub const APPROVAL_OPEN_DAYS: u32 = 3;
/// 開庁日 a returned preparation may wait for its revision.
pub const REVISION_OPEN_DAYS: u32 = 10;

coded_enum!(
    /// Which step is prepared: ① a product selected for another city, with the dossier's
    /// words; ④ the targets of a referral the city accepted.
    Kind {
        Selection = "selection" / "①製品の選定と資料" / "① Product selection and dossier",
        Targets = "targets" / "④販路開拓先の選定" / "④ Targets chosen",
    }
);

coded_enum!(
    /// Where a preparation stands: prepared (an officer's approval awaited), returned (the
    /// preparer revises it), approved (the step was made; an end), withdrawn (an end).
    State {
        Prepared = "prepared" / "承認待ち" / "Awaiting approval",
        Returned = "returned" / "差戻し（修正待ち）" / "Returned for changes",
        Approved = "approved" / "承認済み" / "Approved",
        Withdrawn = "withdrawn" / "取下げ" / "Withdrawn",
    }
);

impl State {
    pub fn is_end(self) -> bool {
        matches!(self, State::Approved | State::Withdrawn)
    }
}

coded_enum!(
    /// Who acts on a preparation: the person who prepared it; the city's officers (its staff
    /// who may write).
    Party {
        Preparer = "preparer" / "準備した人" / "Preparer",
        Officer = "officer" / "市の職員" / "Officer",
    }
);

/// What a party does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Move {
    Approve,
    /// With what to change (told to the preparer).
    Return(String),
    /// The revised preparation sent again.
    Resubmit,
    Withdraw(String),
}

impl Move {
    /// One of each move, for tables and buttons.
    pub fn all() -> Vec<Move> {
        vec![
            Move::Approve,
            Move::Return(String::new()),
            Move::Resubmit,
            Move::Withdraw(String::new()),
        ]
    }

    pub fn code(&self) -> &'static str {
        match self {
            Move::Approve => "approve",
            Move::Return(_) => "return",
            Move::Resubmit => "resubmit",
            Move::Withdraw(_) => "withdraw",
        }
    }

    pub fn name(&self) -> Text {
        match self {
            Move::Approve => Text::new("承認する", "Approve"),
            Move::Return(_) => Text::new("差し戻す", "Return for changes"),
            Move::Resubmit => Text::new("修正して再提出する", "Resubmit"),
            Move::Withdraw(_) => Text::new("取り下げる", "Withdraw"),
        }
    }

    /// The words a move carries (its history line's note).
    pub fn note(&self) -> &str {
        match self {
            Move::Approve | Move::Resubmit => "",
            Move::Return(t) | Move::Withdraw(t) => t,
        }
    }

    /// The move a form sends: returning needs what to change.
    pub fn parse(code: &str, text: &str) -> Result<Move, Vec<FieldError>> {
        let text = clean(text);
        let mut errors = Vec::new();
        too_long(&mut errors, "text", &text, TEXT_MAX);
        let m = match code.trim() {
            "approve" => Move::Approve,
            "return" => {
                if text.is_empty() {
                    invalid::<()>(
                        &mut errors,
                        "text",
                        "差し戻す理由（修正してほしい点）を入力してください。",
                        "Enter what is to be changed.",
                    );
                }
                Move::Return(text)
            }
            "resubmit" => Move::Resubmit,
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

/// A preparation, as a workflow.
pub struct Preparation;

impl Workflow for Preparation {
    type State = State;
    type Party = Party;
    type Move = Move;
    const KIND: &'static str = "referral_preparation";
    const STATES: &'static [State] = State::ALL;

    fn transition(m: &Move) -> Transition<State, Party> {
        use Party::{Officer, Preparer};
        use State::*;
        let (by, from, to): (&'static [Party], &'static [State], State) = match m {
            Move::Approve => (&[Officer], &[Prepared], Approved),
            Move::Return(_) => (&[Officer], &[Prepared], Returned),
            Move::Resubmit => (&[Preparer], &[Returned], Prepared),
            Move::Withdraw(_) => (&[Preparer, Officer], &[Prepared, Returned], Withdrawn),
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
            State::Prepared => Some(Party::Officer),
            State::Returned => Some(Party::Preparer),
            State::Approved | State::Withdrawn => None,
        }
    }

    /// Nominal days; the preparation keeps its due day in 開庁日 ([`due`]).
    fn expected_days(s: State) -> Option<i32> {
        match s {
            State::Prepared => Some(APPROVAL_OPEN_DAYS as i32),
            State::Returned => Some(REVISION_OPEN_DAYS as i32),
            _ => None,
        }
    }

    fn refusal_message(r: &Refusal) -> Text {
        match r {
            Refusal::NotYours => Text::new(
                "承認と差戻しは市の職員（更新権限のある方）が、再提出は準備した方が行います。",
                "An officer of the city approves or returns; the preparer resubmits.",
            ),
            Refusal::Unmet("eligibility") => Text::new(
                "この製品は、いまは他の市へ紹介できる条件を満たしていません（評価・採用の実績を確認してください）。",
                "The product does not meet the conditions for a referral now.",
            ),
            Refusal::Unmet("duplicate") => Text::new(
                "この製品は、同じ市への紹介がすでに進行中です。",
                "This product already has an open referral to that city.",
            ),
            Refusal::Unmet("accepted") => Text::new(
                "販路開拓先を加えられるのは、紹介を受け入れた後（④受入れ済み）の間だけです。",
                "Targets are added only while the referral is accepted.",
            ),
            Refusal::Unmet(_) => Text::new(
                "承認に必要な条件が満たされていません。内容を確認してください。",
                "A condition of the approval is not met.",
            ),
            other => workflow::common_refusal(other),
        }
    }
}

pub fn apply(state: State, party: Party, m: &Move) -> Result<State, Refusal> {
    workflow::apply::<Preparation>(state, party, m)
}

/// The day an open state entered on `day` is due.
pub fn due(holidays: &Holidays, state: State, day: NaiveDate) -> Option<NaiveDate> {
    match state {
        State::Prepared => Some(holidays.add_open_days(day, APPROVAL_OPEN_DAYS)),
        State::Returned => Some(holidays.add_open_days(day, REVISION_OPEN_DAYS)),
        _ => None,
    }
}

/// The targets a form names: ids separated by commas, spaces or lines (full-width digits
/// folded); each once, in the order given.
pub fn parse_targets(text: &str) -> Result<Vec<i64>, Vec<FieldError>> {
    let folded = fold(text);
    let mut ids = Vec::new();
    for part in folded.split(|c: char| c == ',' || c == '、' || c.is_whitespace()) {
        if part.is_empty() {
            continue;
        }
        match part.parse::<i64>() {
            Ok(id) if id > 0 => {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            _ => {
                return Err(vec![FieldError::new(
                    "targets",
                    "販路開拓先の番号が読めません。一覧から選ぶか、番号を半角数字で区切って入力してください。",
                    "A target number cannot be read: choose from the list or enter numbers.",
                )]);
            }
        }
    }
    if ids.is_empty() {
        return Err(vec![FieldError::new(
            "targets",
            "紹介する販路開拓先を1件以上選んでください。",
            "Choose at least one target.",
        )]);
    }
    if ids.len() > TARGETS_MAX {
        return Err(vec![FieldError::new(
            "targets",
            "一度に提案できる販路開拓先は50件までです。",
            "Propose at most 50 targets at once.",
        )]);
    }
    Ok(ids)
}

/// The dossier's words or the preparer's note: cleaned, required for a selection.
pub fn parse_note(kind: Kind, text: &str) -> Result<String, Vec<FieldError>> {
    let text = clean(text);
    let mut errors = Vec::new();
    too_long(&mut errors, "note", &text, TEXT_MAX);
    if kind == Kind::Selection && text.is_empty() {
        invalid::<()>(
            &mut errors,
            "note",
            "紹介先の市に伝える製品の紹介文（選定の理由）を入力してください。",
            "Enter the dossier's words (why the product is selected).",
        );
    }
    if errors.is_empty() {
        Ok(text)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::check_table;

    /// The table, written out by hand: every state × move × party.
    fn expected(s: State, m: &Move, p: Party) -> Result<State, Refusal> {
        use Party::{Officer, Preparer};
        use State::*;
        let mine = match m {
            Move::Approve | Move::Return(_) => p == Officer,
            Move::Resubmit => p == Preparer,
            Move::Withdraw(_) => true,
        };
        if !mine {
            return Err(Refusal::NotYours);
        }
        match (m, s) {
            (_, Approved | Withdrawn) => Err(Refusal::Ended(s)),
            (Move::Approve, Prepared) => Ok(Approved),
            (Move::Return(_), Prepared) => Ok(Returned),
            (Move::Resubmit, Returned) => Ok(Prepared),
            (Move::Withdraw(_), Prepared | Returned) => Ok(Withdrawn),
            _ => Err(Refusal::NotNow),
        }
    }

    #[test]
    fn every_state_move_and_party_answers_as_the_table_says() {
        let wrong = check_table::<Preparation>(Party::ALL, &Move::all(), expected);
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn each_open_state_waits_on_someone_and_is_due_in_open_days() {
        let h = Holidays::shipped();
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        for &s in State::ALL {
            assert_eq!(Preparation::waiting_on(s).is_none(), s.is_end(), "{s:?}");
            assert_eq!(due(h, s, day(12, 1)).is_none(), s.is_end());
            assert_eq!(State::from_code(s.code()), Some(s));
        }
        // Prepared on Monday 12/28: 12/29 … 1/3 are closed, then 1/4, 1/5, 1/6.
        assert_eq!(
            due(h, State::Prepared, day(12, 28)),
            NaiveDate::from_ymd_opt(2027, 1, 6)
        );
    }

    #[test]
    fn targets_and_notes_are_read_from_their_forms() {
        assert_eq!(parse_targets("１２、7\n12 30"), Ok(vec![12, 7, 30]));
        assert_eq!(parse_targets("  ").unwrap_err()[0].field, "targets");
        assert_eq!(parse_targets("12, abc").unwrap_err()[0].field, "targets");
        assert!(parse_targets(&"1 ".repeat(51)).is_ok());
        let many: String = (1..=51).map(|i| format!("{i} ")).collect();
        assert!(parse_targets(&many).is_err());
        assert_eq!(parse_note(Kind::Targets, ""), Ok(String::new()));
        assert_eq!(
            parse_note(Kind::Selection, " ").unwrap_err()[0].field,
            "note"
        );
        assert_eq!(Move::parse("return", " ").unwrap_err()[0].field, "text");
        assert_eq!(Move::parse("approve", ""), Ok(Move::Approve));
        assert!(Move::parse("jump", "").is_err());
        assert_eq!(Kind::from_code("targets"), Some(Kind::Targets));
    }
}
