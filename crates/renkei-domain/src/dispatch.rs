//! Expert dispatch (専門家派遣), as a workflow of the one mechanism: a city keeps a roster of
//! experts (薬事, 弁理士 and IP, design, clinical, software, sales) with what they know, their
//! fee rule (an hourly fee and a fixed fee per visit, e.g. travel) and when they are free. A
//! dispatch is asked for on a consultation case, by the company or by those who work the
//! case, naming the expert, the field and the visits planned; the city's desk approves it
//! within the city's yearly cap of visits per company ([`within_cap`], the fiscal year
//! 年度 of [`crate::jdate::fiscal_year`]) or declines it with a reason; the visits are
//! recorded with their hours and fee; the dispatch closes with the expert's report, which
//! becomes a support record on the product for the measure of its field
//! ([`Field::measure_code`]). The company or the desk may cancel it before it closes.

use crate::FieldError;
use crate::i18n::Text;
use crate::kernel::{coded_enum, too_long};
use crate::text::{clean, fold};
use crate::workflow::{self, Transition, Workflow};

coded_enum!(
    /// What an expert is dispatched for.
    Field {
        Regulatory = "regulatory" / "薬事" / "Regulatory affairs",
        IntellectualProperty = "ip" / "弁理士・知的財産" / "Patents and IP",
        Design = "design" / "デザイン" / "Design",
        Clinical = "clinical" / "臨床" / "Clinical",
        Software = "software" / "ソフトウェア" / "Software",
        Sales = "sales" / "販路開拓" / "Sales channels",
    }
);

impl Field {
    /// The measure of the model a dispatch in this field counts as support for.
    pub fn measure_code(self) -> &'static str {
        match self {
            Field::Regulatory | Field::IntellectualProperty => "regulatory.expert-dispatch",
            Field::Design | Field::Clinical | Field::Software | Field::Sales => {
                "development.expert-dispatch"
            }
        }
    }

    /// Fields as stored together: codes joined by commas.
    pub fn join(fields: &[Field]) -> String {
        fields
            .iter()
            .map(|f| f.code())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Fields stored together, read back (codes this version does not know are left out).
    pub fn split(stored: &str) -> Vec<Field> {
        stored.split(',').filter_map(Field::from_code).collect()
    }
}

/// Where a dispatch stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum State {
    /// Asked for, waiting for the desk's approval.
    Requested,
    /// Approved: the visits are carried out and recorded.
    Approved,
    /// Closed with the expert's report. An end.
    Closed,
    /// Declined by the desk, with its reason. An end.
    Declined,
    /// Cancelled by the company or the desk. An end.
    Cancelled,
}

impl State {
    pub const ALL: [State; 5] = [
        State::Requested,
        State::Approved,
        State::Closed,
        State::Declined,
        State::Cancelled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            State::Requested => "requested",
            State::Approved => "approved",
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
            State::Requested => Text::new("承認待ち", "Waiting for approval"),
            State::Approved => Text::new("派遣中", "Approved, visits under way"),
            State::Closed => Text::new("完了", "Closed"),
            State::Declined => Text::new("不承認", "Declined"),
            State::Cancelled => Text::new("取りやめ", "Cancelled"),
        }
    }

    pub fn is_end(self) -> bool {
        matches!(self, State::Closed | State::Declined | State::Cancelled)
    }

    /// Whether its visits count against the company's yearly cap (approved or carried out).
    pub fn counts_against_cap(self) -> bool {
        matches!(self, State::Approved | State::Closed)
    }
}

/// Who acts on a dispatch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Party {
    /// The company's people.
    Company,
    /// The city's staff who may write: approve, decline, record, close.
    Desk,
    /// The one working the case it was asked on (a coordinator): records visits and closes.
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

/// The longest purpose, report or reason.
pub const TEXT_MAX: usize = 4_000;

/// What a party does to a dispatch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Move {
    /// The desk approves it (within the cap).
    Approve,
    /// The desk declines it, saying why.
    Decline(String),
    /// Closed with the expert's report (after at least one visit).
    Close(String),
    /// The company or the desk calls it off (the reason may be empty).
    Cancel(String),
}

impl Move {
    /// One of each move (with placeholder texts), for tables and buttons.
    pub fn all() -> Vec<Move> {
        vec![
            Move::Approve,
            Move::Decline("—".to_owned()),
            Move::Close("—".to_owned()),
            Move::Cancel(String::new()),
        ]
    }

    pub fn code(&self) -> &'static str {
        match self {
            Move::Approve => "approve",
            Move::Decline(_) => "decline",
            Move::Close(_) => "close",
            Move::Cancel(_) => "cancel",
        }
    }

    pub fn name(&self) -> Text {
        match self {
            Move::Approve => Text::new("派遣を承認", "Approved"),
            Move::Decline(_) => Text::new("派遣を不承認", "Declined"),
            Move::Close(_) => Text::new("報告を受けて完了", "Closed with the report"),
            Move::Cancel(_) => Text::new("派遣を取りやめ", "Cancelled"),
        }
    }

    /// A move as a form sends it: its code and, for declining and closing, the text
    /// (required; field `text`).
    pub fn parse(code: &str, text: &str) -> Result<Move, Vec<FieldError>> {
        let text = clean(text);
        let mut errors = Vec::new();
        too_long(&mut errors, "text", &text, TEXT_MAX);
        let needs_words = matches!(code, "decline" | "close");
        if needs_words && text.is_empty() {
            errors.push(FieldError::new(
                "text",
                match code {
                    "close" => "専門家の報告の内容を入力してください。",
                    _ => "理由を入力してください。",
                },
                match code {
                    "close" => "Enter the expert's report.",
                    _ => "Enter the reason.",
                },
            ));
        }
        let m = match code {
            "approve" => Move::Approve,
            "decline" => Move::Decline(text),
            "close" => Move::Close(text),
            "cancel" => Move::Cancel(text),
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

/// The dispatch's table.
pub struct Dispatch;

const OPEN: &[State] = &[State::Requested, State::Approved];

impl Workflow for Dispatch {
    type State = State;
    type Party = Party;
    type Move = Move;
    const KIND: &'static str = "dispatch";
    const STATES: &'static [State] = &State::ALL;

    fn transition(m: &Move) -> Transition<State, Party> {
        use Party::{Company, Desk, Handler};
        let (by, from, to): (&'static [Party], &'static [State], State) = match m {
            Move::Approve => (&[Desk], &[State::Requested], State::Approved),
            Move::Decline(_) => (&[Desk], &[State::Requested], State::Declined),
            Move::Close(_) => (&[Desk, Handler], &[State::Approved], State::Closed),
            Move::Cancel(_) => (&[Company, Desk], OPEN, State::Cancelled),
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
            State::Requested | State::Approved => Some(Party::Desk),
            State::Closed | State::Declined | State::Cancelled => None,
        }
    }

    /// Days before the desk is reminded: five to decide, ninety to carry the visits out.
    fn expected_days(s: State) -> Option<i32> {
        match s {
            State::Requested => Some(5),
            State::Approved => Some(90),
            State::Closed | State::Declined | State::Cancelled => None,
        }
    }

    fn too_early(s: State, m: &Move) -> Option<Refusal> {
        matches!((s, m), (State::Requested, Move::Close(_))).then_some(Refusal::Unmet("approval"))
    }

    fn refusal_message(r: &Refusal) -> Text {
        match r {
            Refusal::NotYours => Text::new(
                "この手続きは、派遣を承認する市の職員（または依頼した企業）が行うものです。",
                "This step belongs to the city's staff who approve dispatches (or the company).",
            ),
            Refusal::Unmet("cap") => Text::new(
                "この企業の今年度の派遣回数の上限を超えます。予定回数を減らすか、不承認としてください。",
                "This would exceed the company's yearly cap of visits; plan fewer visits or decline.",
            ),
            Refusal::Unmet("planned") => Text::new(
                "承認された訪問回数をすべて記録済みです。回数を増やすときは新しい派遣として依頼してください。",
                "Every approved visit is recorded; ask for a new dispatch for more.",
            ),
            Refusal::Unmet("visited") => Text::new(
                "訪問の実績がある派遣は取りやめられません。専門家の報告を受けて完了してください。",
                "A dispatch with visits recorded is not cancelled; close it with the expert's report.",
            ),
            Refusal::Unmet("visits") => Text::new(
                "派遣の実績（訪問）を1回以上記録してから完了してください。",
                "Record at least one visit before closing.",
            ),
            Refusal::Unmet(_) => Text::new(
                "派遣が承認されてから完了できます。",
                "A dispatch closes once it has been approved.",
            ),
            Refusal::Ended(State::Closed) => {
                Text::new("この派遣は完了しています。", "This dispatch is closed.")
            }
            Refusal::Ended(_) => Text::new(
                "この派遣は終了しています（不承認または取りやめ）。",
                "This dispatch has ended (declined or cancelled).",
            ),
            Refusal::NotNow => Text::new(
                "この手続きは、いまの段階ではできません。最新の状態を確認してください。",
                "This step is not possible at this stage. Check the latest state.",
            ),
        }
    }
}

pub fn apply(state: State, party: Party, m: &Move) -> Result<State, Refusal> {
    workflow::apply::<Dispatch>(state, party, m)
}

/// A city's yearly cap of visits per company until it sets its own.
pub const DEFAULT_YEARLY_VISITS: i32 = 5;

/// Whether approving `planned` more visits keeps a company within the city's yearly cap,
/// `used` being the visits of its approved and closed dispatches of the same fiscal year.
pub fn within_cap(cap: i32, used: i64, planned: i32) -> bool {
    used + i64::from(planned) <= i64::from(cap)
}

/// A visit's fee by the expert's rule: the hourly fee for the time spent (to the yen, rounded
/// down) and the fixed fee per visit.
pub fn fee_for(hourly_yen: i64, per_visit_yen: i64, minutes: i32) -> i64 {
    hourly_yen * i64::from(minutes) / 60 + per_visit_yen
}

/// The most any fee (per hour, per visit) may be: ten million yen.
pub const FEE_MAX: i64 = 10_000_000;

/// An amount of yen as people type it (`15,000`, `１５０００円`, `¥15000`): none for a wrong one.
pub fn parse_yen(input: &str) -> Option<i64> {
    let s = fold(input).replace([',', '円', '¥', ' '], "");
    let yen: i64 = s.parse().ok()?;
    (0..=FEE_MAX).contains(&yen).then_some(yen)
}

/// Hours as people type them (`2`, `1.5`, `１．５時間`) as minutes: half hours from half an
/// hour to twelve hours; none otherwise.
pub fn parse_hours(input: &str) -> Option<i32> {
    let s = fold(input).replace("時間", "");
    let s = s.trim();
    let (whole, half) = match s.split_once('.') {
        Some((w, "5")) => (w, 30),
        Some((w, "0")) => (w, 0),
        None => (s, 0),
        Some(_) => return None,
    };
    let minutes = whole.parse::<i32>().ok()? * 60 + half;
    (30..=720).contains(&minutes).then_some(minutes)
}

pub const NAME_MAX: usize = 100;
pub const LINE_MAX: usize = 200;

/// An expert as the roster's form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExpertDraft {
    pub name: String,
    pub organisation: String,
    /// Field codes, one per ticked box.
    pub fields: Vec<String>,
    pub expertise: String,
    pub hourly_fee: String,
    pub visit_fee: String,
    pub availability: String,
    pub active: bool,
}

/// An expert checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewExpert {
    pub name: String,
    pub organisation: String,
    pub fields: Vec<Field>,
    pub expertise: String,
    pub hourly_fee: i64,
    pub visit_fee: i64,
    pub availability: String,
    pub active: bool,
}

fn yen_field(errors: &mut Vec<FieldError>, field: &'static str, text: &str, required: bool) -> i64 {
    if text.trim().is_empty() && !required {
        return 0;
    }
    parse_yen(text).unwrap_or_else(|| {
        errors.push(FieldError::new(
            field,
            "金額は0以上1,000万円以下の整数（円）で入力してください。",
            "Enter an amount in yen from 0 to 10,000,000.",
        ));
        0
    })
}

impl ExpertDraft {
    /// Every problem at once, each naming its field.
    pub fn validate(&self) -> Result<NewExpert, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = clean(&self.name);
        if name.is_empty() {
            errors.push(FieldError::new(
                "name",
                "氏名を入力してください。",
                "Enter the expert's name.",
            ));
        }
        too_long(&mut errors, "name", &name, NAME_MAX);
        let organisation = clean(&self.organisation);
        too_long(&mut errors, "organisation", &organisation, LINE_MAX);
        let mut fields: Vec<Field> = Vec::new();
        for code in &self.fields {
            match Field::from_code(code.trim()) {
                Some(f) if !fields.contains(&f) => fields.push(f),
                Some(_) => {}
                None => errors.push(FieldError::new(
                    "fields",
                    "専門分野は一覧から選んでください。",
                    "Choose the fields from the list.",
                )),
            }
        }
        if self.fields.is_empty() {
            errors.push(FieldError::new(
                "fields",
                "専門分野を1つ以上選んでください。",
                "Choose at least one field.",
            ));
        }
        let expertise = clean(&self.expertise);
        too_long(&mut errors, "expertise", &expertise, TEXT_MAX);
        let hourly_fee = yen_field(&mut errors, "hourly_fee", &self.hourly_fee, true);
        let visit_fee = yen_field(&mut errors, "visit_fee", &self.visit_fee, false);
        let availability = clean(&self.availability);
        too_long(&mut errors, "availability", &availability, LINE_MAX);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(NewExpert {
            name,
            organisation,
            fields,
            expertise,
            hourly_fee,
            visit_fee,
            availability,
            active: self.active,
        })
    }
}

/// A dispatch as the case page's form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DispatchDraft {
    /// The expert's id (a select).
    pub expert: String,
    pub field: String,
    pub purpose: String,
    pub planned_visits: String,
}

/// A dispatch checked (the expert is checked against the city's roster by the caller).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDispatch {
    pub expert: i64,
    pub field: Field,
    pub purpose: String,
    pub planned_visits: i32,
}

/// The most visits one dispatch may plan.
pub const PLANNED_MAX: i32 = 20;

impl DispatchDraft {
    /// Every problem at once, each naming its field.
    pub fn validate(&self) -> Result<NewDispatch, Vec<FieldError>> {
        let mut errors = Vec::new();
        let expert = self.expert.trim().parse::<i64>().ok();
        if expert.is_none() {
            errors.push(FieldError::new(
                "expert",
                "派遣する専門家を選んでください。",
                "Choose the expert.",
            ));
        }
        let field = Field::from_code(self.field.trim());
        if field.is_none() {
            errors.push(FieldError::new(
                "field",
                "派遣の分野を選んでください。",
                "Choose the field.",
            ));
        }
        let purpose = clean(&self.purpose);
        if purpose.is_empty() {
            errors.push(FieldError::new(
                "purpose",
                "派遣で相談したいことを入力してください。",
                "Enter what the expert is asked to help with.",
            ));
        }
        too_long(&mut errors, "purpose", &purpose, TEXT_MAX);
        let planned = fold(&self.planned_visits).replace('回', "");
        let planned_visits = planned.trim().parse::<i32>().ok();
        if !planned_visits.is_some_and(|n| (1..=PLANNED_MAX).contains(&n)) {
            errors.push(FieldError::new(
                "planned_visits",
                "予定回数は1から20までの数で入力してください。",
                "Enter the planned visits as a number from 1 to 20.",
            ));
        }
        match (expert, field, planned_visits) {
            (Some(expert), Some(field), Some(planned_visits)) if errors.is_empty() => {
                Ok(NewDispatch {
                    expert,
                    field,
                    purpose,
                    planned_visits,
                })
            }
            _ => Err(errors),
        }
    }
}

/// A visit as the dispatch page's form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VisitDraft {
    pub date: String,
    pub hours: String,
    /// Empty: the fee by the expert's rule ([`fee_for`]).
    pub fee: String,
    pub note: String,
}

/// A visit checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewVisit {
    pub date: chrono::NaiveDate,
    pub minutes: i32,
    /// None: by the expert's rule.
    pub fee: Option<i64>,
    pub note: String,
}

impl VisitDraft {
    /// Every problem at once, each naming its field.
    pub fn validate(&self) -> Result<NewVisit, Vec<FieldError>> {
        let mut errors = Vec::new();
        let date = crate::jdate::parse(&self.date);
        if date.is_none() {
            errors.push(FieldError::new(
                "date",
                "訪問日は 2027-01-15 や 令和9年1月15日 の形で入力してください。",
                "Enter the day of the visit as 2027-01-15.",
            ));
        }
        let minutes = parse_hours(&self.hours);
        if minutes.is_none() {
            errors.push(FieldError::new(
                "hours",
                "時間は0.5時間単位で、0.5から12までの数で入力してください。",
                "Enter the hours in half hours, from 0.5 to 12.",
            ));
        }
        let fee = match self.fee.trim() {
            "" => None,
            text => Some(yen_field(&mut errors, "fee", text, true)),
        };
        let note = clean(&self.note);
        too_long(&mut errors, "note", &note, TEXT_MAX);
        match (date, minutes) {
            (Some(date), Some(minutes)) if errors.is_empty() => Ok(NewVisit {
                date,
                minutes,
                fee,
                note,
            }),
            _ => Err(errors),
        }
    }
}

/// Minutes as hours people read (`1.5`).
pub fn show_hours(minutes: i64) -> String {
    if minutes % 60 == 0 {
        (minutes / 60).to_string()
    } else {
        format!("{:.1}", minutes as f64 / 60.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::check_table;

    /// The dispatch's table, written out by hand: every state × move × party.
    fn expected(s: State, m: &Move, p: Party) -> Result<State, Refusal> {
        use Party::{Company, Desk, Handler};
        use State::*;
        let mine = match m {
            Move::Approve | Move::Decline(_) => p == Desk,
            Move::Close(_) => p == Desk || p == Handler,
            Move::Cancel(_) => p == Company || p == Desk,
        };
        if !mine {
            return Err(Refusal::NotYours);
        }
        match (m, s) {
            (_, Closed | Declined | Cancelled) => Err(Refusal::Ended(s)),
            (Move::Approve, Requested) => Ok(Approved),
            (Move::Decline(_), Requested) => Ok(Declined),
            (Move::Close(_), Approved) => Ok(Closed),
            (Move::Close(_), Requested) => Err(Refusal::Unmet("approval")),
            (Move::Cancel(_), _) => Ok(Cancelled),
            _ => Err(Refusal::NotNow),
        }
    }

    #[test]
    fn every_state_move_and_party_answers_as_the_table_says() {
        let wrong = check_table::<Dispatch>(&Party::ALL, &Move::all(), expected);
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn each_open_state_waits_on_the_desk_and_an_end_on_nobody() {
        for s in State::ALL {
            assert_eq!(Dispatch::waiting_on(s).is_none(), s.is_end(), "{s:?}");
            assert_eq!(Dispatch::expected_days(s).is_none(), s.is_end());
            assert_eq!(State::from_code(s.code()), Some(s));
        }
    }

    #[test]
    fn the_cap_counts_the_visits_already_approved_in_the_year() {
        assert!(within_cap(5, 3, 2));
        assert!(!within_cap(5, 3, 3));
        assert!(!within_cap(0, 0, 1));
        assert!(State::Closed.counts_against_cap());
        assert!(!State::Cancelled.counts_against_cap());
    }

    #[test]
    fn fees_and_hours_read_as_people_type_them() {
        assert_eq!(parse_yen("１５，０００円"), Some(15_000));
        assert_eq!(parse_yen("¥8000"), Some(8_000));
        assert_eq!(parse_yen("-1"), None);
        assert_eq!(parse_yen("10000001"), None);
        assert_eq!(parse_hours("１．５時間"), Some(90));
        assert_eq!(parse_hours("2"), Some(120));
        assert_eq!(parse_hours("0.25"), None);
        assert_eq!(parse_hours("13"), None);
        assert_eq!(fee_for(15_000, 2_000, 90), 24_500);
        assert_eq!(show_hours(90), "1.5");
        assert_eq!(show_hours(120), "2");
    }

    #[test]
    fn declining_and_closing_need_their_words() {
        assert_eq!(Move::parse("close", " ").unwrap_err()[0].field, "text");
        assert_eq!(Move::parse("decline", "").unwrap_err()[0].field, "text");
        assert_eq!(
            Move::parse("cancel", "").unwrap(),
            Move::Cancel(String::new())
        );
        assert_eq!(Move::parse("approve", "").unwrap(), Move::Approve);
        assert_eq!(Move::parse("reopen", "").unwrap_err()[0].field, "move");
    }

    #[test]
    fn an_expert_names_every_problem() {
        let errors = ExpertDraft::default().validate().unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["name", "fields", "hourly_fee"]);
        let ok = ExpertDraft {
            name: " 薬事 花子 ".into(),
            fields: vec!["regulatory".into(), "clinical".into(), "regulatory".into()],
            hourly_fee: "15,000".into(),
            active: true,
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!(ok.fields, vec![Field::Regulatory, Field::Clinical]);
        assert_eq!((ok.hourly_fee, ok.visit_fee), (15_000, 0));
        assert_eq!(Field::split(&Field::join(&ok.fields)), ok.fields);
    }

    #[test]
    fn a_dispatch_and_a_visit_name_every_problem() {
        let errors = DispatchDraft::default().validate().unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["expert", "field", "purpose", "planned_visits"]);
        let ok = DispatchDraft {
            expert: "3".into(),
            field: "regulatory".into(),
            purpose: "クラス分類の確認".into(),
            planned_visits: "２回".into(),
        }
        .validate()
        .unwrap();
        assert_eq!(ok.planned_visits, 2);
        let errors = VisitDraft {
            date: "来週".into(),
            hours: "0".into(),
            fee: "たくさん".into(),
            note: String::new(),
        }
        .validate()
        .unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["date", "hours", "fee"]);
    }

    #[test]
    fn every_field_counts_as_a_measure_of_the_model() {
        for f in Field::ALL {
            assert!(crate::catalog::measure(f.measure_code()).is_some(), "{f:?}");
        }
    }
}
