//! Calls (公募): a city's, several cities' or the council's public call for applications —
//! subsidies and loans (開発補助・融資, 展示会出展補助 …), awards (ビジネスプラン表彰),
//! certifications (技術認定) and the wide-area award judged by several cities
//! (指定都市間連携による広域認定・表彰制度). A call is tied to the catalog measure it delivers,
//! defines its own application form ([`form`]) and who may apply ([`eligibility`]), and moves
//! through its phases as a workflow of the one mechanism ([`CallPhases`]): 下書き → 募集中 →
//! 形式審査 → 審査 → 結果公表 → 終了. Each application moves through its own
//! ([`application`]).

pub mod application;
pub mod eligibility;
pub mod form;
pub mod letter;
pub mod report;
pub mod review;
#[cfg(test)]
mod tests;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::FieldError;
use crate::city::CityCode;
use crate::i18n::Text;
use crate::kernel::{choice, coded_enum, invalid, required, text};
use crate::text::fold;
use crate::workflow::{Transition, Workflow};

pub use eligibility::{Eligibility, EligibilityDraft};
pub use form::{Field, FieldDraft};

coded_enum!(
    /// What a call gives.
    Kind {
        Subsidy = "subsidy" / "補助金・融資" / "Subsidy or loan",
        Award = "award" / "表彰" / "Award",
        Certification = "certification" / "認定" / "Certification",
        WideAreaAward = "wide_area_award" / "広域認定・表彰（指定都市連携）" / "Wide-area award (designated cities)",
    }
);

impl Kind {
    /// Whether applications ask for an amount and, once granted, go on to 実績報告 and
    /// 額の確定.
    pub fn grants_money(self) -> bool {
        self == Kind::Subsidy
    }

    /// Whether the call is the council's, judged by several cities: nobody reviews an
    /// applicant of their own city.
    pub fn is_wide_area(self) -> bool {
        self == Kind::WideAreaAward
    }
}

/// The longest title kept.
pub const TITLE_MAX: usize = 200;
/// The longest description kept.
pub const DESCRIPTION_MAX: usize = 4_000;
/// The most reviewers an application may be given.
pub const REVIEWERS_MAX: i32 = 10;
/// The largest amount in yen a call may name (a trillion yen less one).
pub const YEN_MAX: i64 = 999_999_999_999;

/// A call as a form or the API gives it, before validation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallDraft {
    pub title: String,
    pub description: String,
    pub kind: String,
    pub measure_code: String,
    /// The other cities that own the call with the lead city (codes).
    pub partner_cities: Vec<String>,
    pub opens_on: String,
    pub closes_on: String,
    pub budget_yen: String,
    pub max_amount_yen: String,
    pub reviewers_per_application: String,
    pub blind: bool,
    pub eligibility: EligibilityDraft,
    pub fields: Vec<FieldDraft>,
}

/// A validated call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallInput {
    pub title: String,
    pub description: String,
    #[serde(serialize_with = "kind_code")]
    pub kind: Kind,
    pub measure_code: String,
    pub partner_cities: Vec<CityCode>,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub budget_yen: Option<i64>,
    pub max_amount_yen: Option<i64>,
    pub reviewers_per_application: i32,
    pub blind: bool,
    pub eligibility: Eligibility,
    pub fields: Vec<Field>,
}

impl CallDraft {
    /// The call, or every field that is wrong. `lead` is the city that owns it.
    pub fn validate(&self, lead: &CityCode) -> Result<CallInput, Vec<FieldError>> {
        let mut e = Vec::new();
        let title = required(
            &mut e,
            "title",
            &self.title,
            TITLE_MAX,
            ("公募の名称を入力してください。", "Enter the call's title."),
        );
        let description = text(&mut e, "description", &self.description, DESCRIPTION_MAX);
        let kind = choice(
            &mut e,
            "kind",
            &self.kind,
            Kind::from_code,
            ("公募の種類を選んでください。", "Choose the kind of call."),
        )
        .or_else(|| {
            invalid(
                &mut e,
                "kind",
                "公募の種類を選んでください。",
                "Choose the kind of call.",
            )
        });
        let measure_code = fold(&self.measure_code);
        if crate::catalog::measure(&measure_code).is_none() {
            e.push(FieldError::new(
                "measure_code",
                "この公募で行う支援策をモデルの施策から選んでください。",
                "Choose the measure of the model this call delivers.",
            ));
        }
        let partner_cities = partners(&mut e, lead, &self.partner_cities);
        if kind == Some(Kind::WideAreaAward) && partner_cities.is_empty() {
            e.push(FieldError::new(
                "partner_cities",
                "広域認定・表彰には、共同で審査する他の指定都市を1つ以上選んでください。",
                "A wide-area award needs at least one other designated city judging it.",
            ));
        }
        let (opens_on, closes_on) = period(&mut e, &self.opens_on, &self.closes_on);
        let budget_yen = yen(&mut e, "budget_yen", &self.budget_yen);
        let max_amount_yen = yen(&mut e, "max_amount_yen", &self.max_amount_yen);
        if let (Some(b), Some(m)) = (budget_yen, max_amount_yen)
            && m > b
        {
            e.push(FieldError::new(
                "max_amount_yen",
                "1件あたりの上限額は予算額以下にしてください。",
                "The most per application cannot exceed the budget.",
            ));
        }
        let reviewers_per_application = reviewers(&mut e, &self.reviewers_per_application);
        let eligibility = self.eligibility.validate(&mut e);
        let fields = form::validate_fields(&mut e, &self.fields);
        match (kind, opens_on, closes_on, e.is_empty()) {
            (Some(kind), Some(opens_on), Some(closes_on), true) => Ok(CallInput {
                title,
                description,
                kind,
                measure_code,
                partner_cities,
                opens_on,
                closes_on,
                budget_yen: budget_yen.filter(|_| kind.grants_money()),
                max_amount_yen: max_amount_yen.filter(|_| kind.grants_money()),
                reviewers_per_application,
                blind: self.blind,
                eligibility,
                fields,
            }),
            _ => Err(e),
        }
    }
}

fn kind_code<S: serde::Serializer>(k: &Kind, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(k.code())
}

/// The partner cities: designated cities other than the lead, each once.
fn partners(e: &mut Vec<FieldError>, lead: &CityCode, codes: &[String]) -> Vec<CityCode> {
    let mut out: Vec<CityCode> = Vec::new();
    for code in codes.iter().map(|c| fold(c)).filter(|c| !c.is_empty()) {
        match CityCode::parse(&code) {
            Ok(c) if &c == lead || out.contains(&c) => {}
            Ok(c) => out.push(c),
            Err(_) => {
                e.push(FieldError::new(
                    "partner_cities",
                    "共同で実施する都市は指定都市から選んでください。",
                    "Choose the partner cities among the designated cities.",
                ));
                break;
            }
        }
    }
    out
}

/// The application period: both days (西暦 or 和暦), the first not after the last.
fn period(
    e: &mut Vec<FieldError>,
    opens: &str,
    closes: &str,
) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let opens_on = crate::jdate::parse(opens).or_else(|| {
        invalid(
            e,
            "opens_on",
            "受付開始日を日付で入力してください（例: 2026-12-01、令和8年12月1日）。",
            "Enter the first day of applications as a date.",
        )
    });
    let closes_on = crate::jdate::parse(closes).or_else(|| {
        invalid(
            e,
            "closes_on",
            "受付締切日を日付で入力してください（例: 2027-01-15、令和9年1月15日）。",
            "Enter the last day of applications as a date.",
        )
    });
    if let (Some(o), Some(c)) = (opens_on, closes_on)
        && c < o
    {
        e.push(FieldError::new(
            "closes_on",
            "受付締切日は受付開始日以降にしてください。",
            "The last day cannot be before the first.",
        ));
    }
    (opens_on, closes_on)
}

/// An amount in yen as people type it (`1,000,000`, `１００００００円`); empty: none.
pub fn parse_yen(input: &str) -> Option<Option<i64>> {
    let v: String = fold(input)
        .chars()
        .filter(|c| !matches!(c, ',' | '円' | ' ' | '¥' | '￥'))
        .collect();
    if v.is_empty() {
        return Some(None);
    }
    match v.parse::<i64>() {
        Ok(n) if (0..=YEN_MAX).contains(&n) => Some(Some(n)),
        _ => None,
    }
}

fn yen(e: &mut Vec<FieldError>, field: &'static str, input: &str) -> Option<i64> {
    parse_yen(input).unwrap_or_else(|| {
        invalid(
            e,
            field,
            "金額は0以上の円単位の数字で入力してください（例: 1,000,000）。",
            "Enter an amount in yen (e.g. 1,000,000).",
        )
    })
}

fn reviewers(e: &mut Vec<FieldError>, input: &str) -> i32 {
    let v = fold(input);
    if v.is_empty() {
        return 2;
    }
    match v.parse::<i32>() {
        Ok(n) if (1..=REVIEWERS_MAX).contains(&n) => n,
        _ => {
            e.push(FieldError::new(
                "reviewers_per_application",
                "1件あたりの審査員数は1から10の数字で入力してください。",
                "Enter 1 to 10 reviewers per application.",
            ));
            2
        }
    }
}

/// A yen amount as people read it: `1,234,567円`.
pub fn yen_text(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    let sign = if amount < 0 { "-" } else { "" };
    format!("{sign}{out}円")
}

/// Where a call stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Phase {
    /// Being written; seen only by its cities' staff.
    Draft,
    /// Published: applications are taken within the period.
    Open,
    /// 形式審査: applications are checked and returned for correction.
    Screening,
    /// 審査: reviewers score the accepted applications; the panel decides.
    Review,
    /// Results released to every applicant at once.
    Released,
    /// Closed. An end.
    Closed,
}

impl Phase {
    pub const ALL: [Phase; 6] = [
        Phase::Draft,
        Phase::Open,
        Phase::Screening,
        Phase::Review,
        Phase::Released,
        Phase::Closed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Phase::Draft => "draft",
            Phase::Open => "open",
            Phase::Screening => "screening",
            Phase::Review => "review",
            Phase::Released => "released",
            Phase::Closed => "closed",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn name(self) -> Text {
        match self {
            Phase::Draft => Text::new("下書き", "Draft"),
            Phase::Open => Text::new("募集中", "Open"),
            Phase::Screening => Text::new("形式審査中", "Screening"),
            Phase::Review => Text::new("審査中", "In review"),
            Phase::Released => Text::new("結果公表済み", "Results released"),
            Phase::Closed => Text::new("終了", "Closed"),
        }
    }

    /// Whether people outside the call's cities may see it.
    pub fn is_published(self) -> bool {
        self != Phase::Draft
    }
}

/// Who moves a call: its cities' staff who may write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PhaseParty {
    Owner,
}

/// A move of a call from phase to phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhaseMove {
    Publish,
    EndApplications,
    StartReview,
    Release,
    Close,
}

impl PhaseMove {
    pub const ALL: [PhaseMove; 5] = [
        PhaseMove::Publish,
        PhaseMove::EndApplications,
        PhaseMove::StartReview,
        PhaseMove::Release,
        PhaseMove::Close,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PhaseMove::Publish => "publish",
            PhaseMove::EndApplications => "end_applications",
            PhaseMove::StartReview => "start_review",
            PhaseMove::Release => "release",
            PhaseMove::Close => "close",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.code() == code)
    }

    pub fn name(self) -> Text {
        match self {
            PhaseMove::Publish => Text::new("公募を開始", "Published"),
            PhaseMove::EndApplications => {
                Text::new("受付を締め切り形式審査へ", "Applications closed; screening")
            }
            PhaseMove::StartReview => Text::new("審査を開始", "Review started"),
            PhaseMove::Release => Text::new("結果を公表", "Results released"),
            PhaseMove::Close => Text::new("公募を終了", "Closed"),
        }
    }
}

/// The phases of a call, as a workflow of the one mechanism.
pub struct CallPhases;

impl Workflow for CallPhases {
    type State = Phase;
    type Party = PhaseParty;
    type Move = PhaseMove;

    const KIND: &'static str = "call";
    const STATES: &'static [Phase] = &Phase::ALL;

    fn transition(m: &PhaseMove) -> Transition<Phase, PhaseParty> {
        const OWNER: &[PhaseParty] = &[PhaseParty::Owner];
        let (from, to): (&'static [Phase], Phase) = match m {
            PhaseMove::Publish => (&[Phase::Draft], Phase::Open),
            PhaseMove::EndApplications => (&[Phase::Open], Phase::Screening),
            PhaseMove::StartReview => (&[Phase::Screening], Phase::Review),
            PhaseMove::Release => (&[Phase::Review], Phase::Released),
            PhaseMove::Close => (&[Phase::Released], Phase::Closed),
        };
        Transition {
            by: OWNER,
            from,
            to,
        }
    }

    fn state_code(s: Phase) -> &'static str {
        s.code()
    }

    fn move_code(m: &PhaseMove) -> &'static str {
        m.code()
    }

    fn move_name(m: &PhaseMove) -> Text {
        m.name()
    }

    fn is_end(s: Phase) -> bool {
        s == Phase::Closed
    }

    fn waiting_on(s: Phase) -> Option<PhaseParty> {
        (s != Phase::Closed).then_some(PhaseParty::Owner)
    }

    fn expected_days(_s: Phase) -> Option<i32> {
        None
    }

    fn refusal_message(r: &crate::workflow::Refusal<Phase>) -> Text {
        match r {
            crate::workflow::Refusal::Unmet("undecided") => Text::new(
                "審査中の申請すべてに採否を決めてから公表してください。",
                "Decide every application in review before releasing the results.",
            ),
            crate::workflow::Refusal::Unmet("form") => Text::new(
                "申請様式に項目が1つもありません。項目を設けてから公開してください。",
                "The application form has no field; add one before publishing.",
            ),
            crate::workflow::Refusal::NotNow => Text::new(
                "この手続きは、いまの段階ではできません。別の担当者が先に進めた可能性があります。",
                "This step is not possible in this phase; someone may have moved it first.",
            ),
            _ => crate::workflow::common_refusal(r),
        }
    }
}

/// Whether a call takes applications on `day` (Japan's date): published, in the `Open`
/// phase and within its period.
pub fn takes_applications(
    phase: Phase,
    opens_on: NaiveDate,
    closes_on: NaiveDate,
    day: NaiveDate,
) -> bool {
    phase == Phase::Open && opens_on <= day && day <= closes_on
}

/// The day in Japan of a moment.
pub fn japan_day(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&crate::event::jst()).date_naive()
}
