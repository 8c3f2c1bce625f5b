//! A company's CSR challenge certification (CSRチャレンジ企業認証), a workflow of the one
//! mechanism ([`Certification`]): the company self-assesses (draft) and applies; the city's
//! staff check the evidence (or return it to the company) and record the interview with the
//! company's head (date, who attended, notes); the committee (CSR推進会議: the city's full
//! staff) decides, certified or refused, with its reasons; the staff publish the certified
//! company. A certification lapses at the end of its term or is withdrawn (by the company, or
//! by the city when the firm outgrew SME size). Its number ([`number`]), its term to the end
//! of a fiscal year ([`term_end`]), and the renewal reminders 90 and 30 days before
//! ([`renewal_reminder`]).

use chrono::{Datelike, NaiveDate};

use crate::FieldError;
use crate::i18n::Text;
use crate::jdate;
use crate::kernel::{coded_enum, invalid, too_long};
use crate::text::clean;
use crate::workflow::{self, Transition, Workflow};

/// The longest reason, note or list of attendees.
pub const TEXT_MAX: usize = 4_000;
/// The days before a term's end the renewal reminders go.
pub const REMINDER_DAYS: [i64; 2] = [90, 30];

coded_enum!(
    /// Where a certification stands.
    State {
        Draft = "draft" / "自己評価中" / "Self-assessing",
        Applied = "applied" / "申請済み（書類確認待ち）" / "Applied",
        Returned = "returned" / "差戻し（企業の修正待ち）" / "Returned to the company",
        Checked = "checked" / "書類確認済み（面談待ち）" / "Evidence checked",
        Interviewed = "interviewed" / "面談済み（推進会議待ち）" / "Interviewed",
        Certified = "certified" / "認証（公表待ち）" / "Certified",
        Refused = "refused" / "不認証" / "Refused",
        Published = "published" / "認証・公表中" / "Certified and published",
        Lapsed = "lapsed" / "失効" / "Lapsed",
        Withdrawn = "withdrawn" / "取下げ・辞退" / "Withdrawn",
    }
);

impl State {
    pub fn is_end(self) -> bool {
        matches!(self, State::Refused | State::Lapsed | State::Withdrawn)
    }

    /// Whether the company holds the certification (its term runs).
    pub fn holds(self) -> bool {
        matches!(self, State::Certified | State::Published)
    }

    /// Whether the company may still change its answers.
    pub fn editable(self) -> bool {
        matches!(self, State::Draft | State::Returned)
    }
}

coded_enum!(
    /// Who acts: the company's people; the city's staff (who may write); the committee
    /// (CSR推進会議, the city's full staff recording its decision); Renkei itself, which
    /// records the lapse of a term that ended.
    Party {
        Company = "company" / "企業" / "Company",
        Staff = "staff" / "市の担当職員" / "City staff",
        Committee = "committee" / "CSR推進会議" / "Committee",
        System = "system" / "Renkei（期間満了）" / "Renkei (term ended)",
    }
);

/// What a party does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Move {
    Apply,
    /// With what the company is to change.
    Return(String),
    CheckEvidence,
    /// The interview's record travels with the move's input.
    Interview,
    /// With the committee's reasons.
    Certify(String),
    Refuse(String),
    Publish,
    /// With why (the term ended without renewal).
    Lapse(String),
    /// With why (for example the firm outgrew SME size).
    Withdraw(String),
}

impl Move {
    /// One of each move, for tables and buttons.
    pub fn all() -> Vec<Move> {
        let s = String::new;
        vec![
            Move::Apply,
            Move::Return(s()),
            Move::CheckEvidence,
            Move::Interview,
            Move::Certify(s()),
            Move::Refuse(s()),
            Move::Publish,
            Move::Lapse(s()),
            Move::Withdraw(s()),
        ]
    }

    pub fn code(&self) -> &'static str {
        match self {
            Move::Apply => "apply",
            Move::Return(_) => "return",
            Move::CheckEvidence => "check",
            Move::Interview => "interview",
            Move::Certify(_) => "certify",
            Move::Refuse(_) => "refuse",
            Move::Publish => "publish",
            Move::Lapse(_) => "lapse",
            Move::Withdraw(_) => "withdraw",
        }
    }

    pub fn name(&self) -> Text {
        match self {
            Move::Apply => Text::new("申請する", "Apply"),
            Move::Return(_) => Text::new("企業へ差し戻す", "Return to the company"),
            Move::CheckEvidence => Text::new("書類確認を終える", "Evidence checked"),
            Move::Interview => Text::new("面談を記録する", "Record the interview"),
            Move::Certify(_) => Text::new("認証する（推進会議の決定）", "Certify (committee)"),
            Move::Refuse(_) => Text::new("認証しない（推進会議の決定）", "Refuse (committee)"),
            Move::Publish => Text::new("公表する", "Publish"),
            Move::Lapse(_) => Text::new("失効を記録する", "Record the lapse"),
            Move::Withdraw(_) => Text::new("取り下げる・辞退を記録する", "Withdraw"),
        }
    }

    /// The words a move carries (its history line's note).
    pub fn note(&self) -> &str {
        match self {
            Move::Apply | Move::CheckEvidence | Move::Interview | Move::Publish => "",
            Move::Return(t)
            | Move::Certify(t)
            | Move::Refuse(t)
            | Move::Lapse(t)
            | Move::Withdraw(t) => t,
        }
    }

    /// The move a form sends: a return, a decision, a lapse and a withdrawal need words.
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
            "apply" => Move::Apply,
            "return" => {
                needs(
                    &mut errors,
                    "差し戻す理由（企業に修正してほしい点）を入力してください。",
                    "Enter what the company is to change.",
                );
                Move::Return(text)
            }
            "check" => Move::CheckEvidence,
            "interview" => Move::Interview,
            "certify" | "refuse" => {
                needs(
                    &mut errors,
                    "推進会議の決定の理由を入力してください。",
                    "Enter the committee's reasons.",
                );
                if code.trim() == "certify" {
                    Move::Certify(text)
                } else {
                    Move::Refuse(text)
                }
            }
            "publish" => Move::Publish,
            "lapse" | "withdraw" => {
                needs(
                    &mut errors,
                    "理由を入力してください（例: 中小企業の規模を超えたため）。",
                    "Enter the reason (e.g. the firm outgrew SME size).",
                );
                if code.trim() == "lapse" {
                    Move::Lapse(text)
                } else {
                    Move::Withdraw(text)
                }
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

/// A certification, as a workflow.
pub struct Certification;

impl Workflow for Certification {
    type State = State;
    type Party = Party;
    type Move = Move;
    const KIND: &'static str = "csr_certification";
    const STATES: &'static [State] = State::ALL;

    fn transition(m: &Move) -> Transition<State, Party> {
        use Party::{Committee, Company, Staff, System};
        use State::*;
        let (by, from, to): (&'static [Party], &'static [State], State) = match m {
            Move::Apply => (&[Company], &[Draft, Returned], Applied),
            Move::Return(_) => (&[Staff], &[Applied, Checked], Returned),
            Move::CheckEvidence => (&[Staff], &[Applied], Checked),
            Move::Interview => (&[Staff], &[Checked], Interviewed),
            Move::Certify(_) => (&[Committee], &[Interviewed], Certified),
            Move::Refuse(_) => (&[Committee], &[Interviewed], Refused),
            Move::Publish => (&[Staff], &[Certified], Published),
            Move::Lapse(_) => (&[Staff, System], &[Certified, Published], Lapsed),
            Move::Withdraw(_) => (
                &[Company, Staff],
                &[
                    Draft,
                    Applied,
                    Returned,
                    Checked,
                    Interviewed,
                    Certified,
                    Published,
                ],
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
            State::Draft | State::Returned => Some(Party::Company),
            State::Applied | State::Checked | State::Certified => Some(Party::Staff),
            State::Interviewed => Some(Party::Committee),
            _ => None,
        }
    }

    /// No step is reminded by its age: the renewal reminders go by the term's end.
    fn expected_days(_s: State) -> Option<i32> {
        None
    }

    fn too_early(s: State, m: &Move) -> Option<Refusal> {
        match (s, m) {
            (State::Applied, Move::Interview) => Some(Refusal::Unmet("evidence")),
            (State::Applied | State::Checked, Move::Certify(_) | Move::Refuse(_)) => {
                Some(Refusal::Unmet("interview"))
            }
            _ => None,
        }
    }

    fn refusal_message(r: &Refusal) -> Text {
        match r {
            Refusal::NotYours => Text::new(
                "申請と取下げは企業が、確認・面談・公表は市の担当職員が、認証の決定は推進会議（市の職員）が行います。",
                "The company applies; the city's staff check, interview and publish; the committee decides.",
            ),
            Refusal::Unmet("thresholds") => Text::new(
                "認証の基準を満たしていないため申請できません（必須項目・守るCSR・伸ばすCSRの件数・財務基準を確認してください）。",
                "The thresholds are not met: check the required items, the protective and growing items and the financial criteria.",
            ),
            Refusal::Unmet("evidence") => Text::new(
                "面談の前に書類の確認を終えてください。",
                "Check the evidence before the interview.",
            ),
            Refusal::Unmet("interview") => Text::new(
                "推進会議の決定の前に面談を記録してください。",
                "Record the interview before the committee decides.",
            ),
            Refusal::Unmet("renewal") => Text::new(
                "この企業には進行中の認証申請があります。",
                "The company already has an application under way.",
            ),
            other => workflow::common_refusal(other),
        }
    }
}

pub fn apply(state: State, party: Party, m: &Move) -> Result<State, Refusal> {
    workflow::apply::<Certification>(state, party, m)
}

/// The interview with the company's head, as its form gives it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InterviewDraft {
    pub held_on: String,
    pub attendees: String,
    pub notes: String,
}

/// The interview, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interview {
    pub held_on: NaiveDate,
    pub attendees: String,
    pub notes: String,
}

impl InterviewDraft {
    /// The day (西暦 or 和暦, not after `today`), who attended and the notes, each required.
    pub fn validate(&self, today: NaiveDate) -> Result<Interview, Vec<FieldError>> {
        let mut errors = Vec::new();
        let held_on = match jdate::parse(&self.held_on) {
            Some(d) if d <= today => Some(d),
            Some(_) => invalid(
                &mut errors,
                "held_on",
                "面談日は今日以前の日付を入力してください。",
                "The interview's day cannot be in the future.",
            ),
            None => invalid(
                &mut errors,
                "held_on",
                "面談日を入力してください（例: 令和8年12月1日、2026-12-01）。",
                "Enter the interview's day (e.g. 2026-12-01).",
            ),
        };
        let attendees = clean(&self.attendees);
        if attendees.is_empty() {
            errors.push(FieldError::new(
                "attendees",
                "出席者（企業の代表者と市の担当者）を入力してください。",
                "Enter who attended (the company's head and the city's staff).",
            ));
        }
        too_long(&mut errors, "attendees", &attendees, TEXT_MAX);
        let notes = clean(&self.notes);
        if notes.is_empty() {
            errors.push(FieldError::new(
                "notes",
                "面談の記録を入力してください。",
                "Enter the interview's notes.",
            ));
        }
        too_long(&mut errors, "notes", &notes, TEXT_MAX);
        match held_on {
            Some(held_on) if errors.is_empty() => Ok(Interview {
                held_on,
                attendees,
                notes,
            }),
            _ => Err(errors),
        }
    }
}

/// A certification's number (認証番号): the city, the fiscal year of certification in 令和
/// and the record's id, as `CSR-R8-111007-0012`.
pub fn number(city: &str, certified_on: NaiveDate, id: i64) -> String {
    let reiwa = jdate::fiscal_year(certified_on) - 2018;
    format!("CSR-R{reiwa}-{city}-{id:04}")
}

/// The last day of a term of `years` fiscal years, the year of certification the first:
/// 31 March of the fiscal year that closes it.
pub fn term_end(certified_on: NaiveDate, years: u32) -> NaiveDate {
    let last = jdate::fiscal_year(certified_on) + years.max(1) as i32;
    NaiveDate::from_ymd_opt(last, 3, 31).unwrap_or(certified_on)
}

/// The term as people read it in 和暦: `令和8年12月1日から令和11年3月31日まで`.
pub fn term_text(from: NaiveDate, to: NaiveDate) -> String {
    format!("{}から{}まで", jdate::wareki(from), jdate::wareki(to))
}

/// Which renewal reminder is due on `today` for a term ending on `end`, of those not sent
/// yet (`sent`: the 90- and 30-day ones): the 30-day one once 30 days or fewer are left,
/// else the 90-day one once 90 or fewer; none once the term ended.
pub fn renewal_reminder(end: NaiveDate, today: NaiveDate, sent: [bool; 2]) -> Option<i64> {
    let left = (end - today).num_days();
    if left < 0 {
        return None;
    }
    if left <= REMINDER_DAYS[1] && !sent[1] {
        return Some(REMINDER_DAYS[1]);
    }
    if left <= REMINDER_DAYS[0] && !sent[0] && !sent[1] {
        return Some(REMINDER_DAYS[0]);
    }
    None
}

/// The reason recorded when a term ends without renewal:
/// `認証期間（令和9年3月31日まで）の満了により失効`.
pub fn term_ended_reason(end: NaiveDate) -> String {
    format!("認証期間（{}まで）の満了により失効", jdate::wareki(end))
}

/// Whether a day falls after a term's end (the certification is to lapse).
pub fn ended(end: NaiveDate, today: NaiveDate) -> bool {
    today > end
}

/// The fiscal year a term ends in (its last 31 March closes it).
pub fn last_fiscal_year(end: NaiveDate) -> i32 {
    end.year() - 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::check_table;

    /// The table, written out by hand: every state × move × party.
    fn expected(s: State, m: &Move, p: Party) -> Result<State, Refusal> {
        use Party::{Committee, Company, Staff, System};
        use State::*;
        let mine = match m {
            Move::Apply => p == Company,
            Move::Certify(_) | Move::Refuse(_) => p == Committee,
            Move::Withdraw(_) => p == Company || p == Staff,
            Move::Lapse(_) => p == Staff || p == System,
            _ => p == Staff,
        };
        if !mine {
            return Err(Refusal::NotYours);
        }
        match (m, s) {
            (_, Refused | Lapsed | Withdrawn) => Err(Refusal::Ended(s)),
            (Move::Apply, Draft | Returned) => Ok(Applied),
            (Move::Return(_), Applied | Checked) => Ok(Returned),
            (Move::CheckEvidence, Applied) => Ok(Checked),
            (Move::Interview, Checked) => Ok(Interviewed),
            (Move::Interview, Applied) => Err(Refusal::Unmet("evidence")),
            (Move::Certify(_), Interviewed) => Ok(Certified),
            (Move::Refuse(_), Interviewed) => Ok(Refused),
            (Move::Certify(_) | Move::Refuse(_), Applied | Checked) => {
                Err(Refusal::Unmet("interview"))
            }
            (Move::Publish, Certified) => Ok(Published),
            (Move::Lapse(_), Certified | Published) => Ok(Lapsed),
            (Move::Withdraw(_), _) => Ok(Withdrawn),
            _ => Err(Refusal::NotNow),
        }
    }

    #[test]
    fn every_state_move_and_party_answers_as_the_table_says() {
        let wrong = check_table::<Certification>(Party::ALL, &Move::all(), expected);
        assert!(wrong.is_empty(), "{wrong:#?}");
        for &s in State::ALL {
            assert_eq!(
                Certification::waiting_on(s).is_none(),
                s.is_end() || s == State::Published
            );
            assert_eq!(State::from_code(s.code()), Some(s));
        }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_number_a_term_to_a_fiscal_years_end_and_its_reminders() {
        assert_eq!(number("111007", day(2026, 12, 1), 12), "CSR-R8-111007-0012");
        assert_eq!(number("111007", day(2027, 3, 31), 3), "CSR-R8-111007-0003");
        assert_eq!(term_end(day(2026, 12, 1), 3), day(2029, 3, 31));
        assert_eq!(term_end(day(2026, 4, 1), 1), day(2027, 3, 31));
        assert_eq!(term_end(day(2027, 2, 1), 1), day(2027, 3, 31));
        assert_eq!(
            term_text(day(2026, 12, 1), day(2029, 3, 31)),
            "令和8年12月1日から令和11年3月31日まで"
        );
        let end = day(2027, 3, 31);
        assert_eq!(renewal_reminder(end, day(2026, 12, 30), [false; 2]), None);
        assert_eq!(
            renewal_reminder(end, day(2026, 12, 31), [false; 2]),
            Some(90)
        );
        assert_eq!(renewal_reminder(end, day(2027, 2, 1), [true, false]), None);
        assert_eq!(
            renewal_reminder(end, day(2027, 3, 1), [true, false]),
            Some(30)
        );
        assert_eq!(
            renewal_reminder(end, day(2027, 3, 1), [false, false]),
            Some(30)
        );
        assert_eq!(renewal_reminder(end, day(2027, 3, 10), [true, true]), None);
        assert_eq!(renewal_reminder(end, day(2027, 4, 1), [false, false]), None);
        assert!(ended(end, day(2027, 4, 1)) && !ended(end, end));
        assert_eq!(
            term_ended_reason(end),
            "認証期間（令和9年3月31日まで）の満了により失効"
        );
        assert_eq!(last_fiscal_year(end), 2026);
    }

    #[test]
    fn moves_and_interviews_are_read_from_their_forms() {
        assert_eq!(Move::parse("return", " ").unwrap_err()[0].field, "text");
        assert_eq!(
            Move::parse("certify", "基準を満たす"),
            Ok(Move::Certify("基準を満たす".into()))
        );
        assert_eq!(Move::parse("withdraw", "").unwrap_err()[0].field, "text");
        assert!(Move::parse("jump", "").is_err());
        let today = day(2026, 12, 3);
        let ok = InterviewDraft {
            held_on: "令和8年12月1日".into(),
            attendees: "代表取締役、市の担当者".into(),
            notes: "二時間の面談".into(),
        };
        assert_eq!(ok.validate(today).unwrap().held_on, day(2026, 12, 1));
        let bad = InterviewDraft {
            held_on: "2026-12-31".into(),
            ..Default::default()
        };
        let fields: Vec<_> = bad
            .validate(today)
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["held_on", "attendees", "notes"]);
    }
}
