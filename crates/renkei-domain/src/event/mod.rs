//! Events: the seminars, maker tours, business meetings (商談会), exchange meetings and
//! research-group meetings through which cities deliver the support of stages ① and ⑦. An
//! event is organised by a city (jointly with other designated cities, or through one of its
//! support organisations), tied to the menu entry and catalog measure it delivers, and offers
//! its places in one or more 参加枠 (quotas, e.g. 企業枠 and 一般枠), given first come, by the
//! organiser's approval or by a seeded lottery ([`lottery`]). Who may register is the
//! organising cities' companies, any designated city's, the public, or the companies holding
//! an organising city's CSR challenge certification (the community's events).
//!
//! This module holds the event as a form gives it ([`EventDraft`] → [`EventInput`]), its own
//! questions and the answers to them; [`registration`] is a registration's workflow;
//! [`lottery`] and [`schedule`] are the draw and the 商談会's meeting scheduler.

pub mod lottery;
pub mod meeting;
pub mod registration;
pub mod schedule;
pub mod survey;

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};
use serde::Serialize;

use crate::city::{CityCode, is_designated};
use crate::kernel::{choice, coded_enum, required, text, too_long};
use crate::text::{clean, fold};
use crate::{FieldError, Text};

coded_enum!(
    /// What an event is.
    Kind {
        Seminar = "seminar" / "セミナー" / "Seminar",
        MakerTour = "maker_tour" / "医療機器メーカー見学会" / "Maker tour",
        BusinessMeeting = "business_meeting" / "商談会" / "Business meeting",
        Exchange = "exchange" / "交流会" / "Exchange meeting",
        ResearchGroup = "research_group" / "研究会" / "Research-group meeting",
        Training = "training" / "コーディネーター研修" / "Coordinator training",
        Other = "other" / "その他" / "Other",
    }
);

coded_enum!(
    /// Who may register.
    Audience {
        Organisers = "organisers" / "主催市の企業" / "Companies of the organising cities",
        Designated = "designated" / "指定都市の企業" / "Companies of any designated city",
        Public = "public" / "どなたでも（一般公開）" / "Anyone (public)",
        CsrMembers = "csr_members" / "主催市のCSRチャレンジ認証企業（コミュニティ）" / "CSR-certified companies of the organising cities (the community)",
    }
);

coded_enum!(
    /// How places are given.
    Allocation {
        FirstCome = "first_come" / "先着順" / "First come, first served",
        Approval = "approval" / "主催者が承認" / "Approved by the organiser",
        Lottery = "lottery" / "抽選" / "Lottery",
    }
);

coded_enum!(
    /// Who is drawn first in a lottery.
    Priority {
        None = "none" / "優先なし" / "No priority",
        FirstTime = "first_time" / "初参加を優先" / "First-time participants first",
    }
);

coded_enum!(
    /// Whether an event is shown and open.
    Status {
        Draft = "draft" / "下書き" / "Draft",
        Published = "published" / "公開中" / "Published",
        Cancelled = "cancelled" / "中止" / "Cancelled",
    }
);

coded_enum!(
    /// What a question asks for.
    QuestionKind {
        Text = "text" / "記述" / "Text",
        Choice = "choice" / "選択" / "Choice",
    }
);

/// Japan Standard Time (no daylight saving): the time zone of every time a form shows.
pub fn jst() -> FixedOffset {
    FixedOffset::east_opt(9 * 3600).expect("nine hours is a valid offset")
}

/// A time as a `datetime-local` form field gives it (`2026-12-10T13:30`, read in JST), or in
/// RFC 3339 with its offset (`2026-12-10T13:30:00+09:00`, as the API may send it).
pub fn parse_local(value: &str) -> Option<DateTime<Utc>> {
    let v = fold(value);
    if let Ok(t) = DateTime::parse_from_rfc3339(&v) {
        return Some(t.with_timezone(&Utc));
    }
    let naive = NaiveDateTime::parse_from_str(&v, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(&v, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| NaiveDateTime::parse_from_str(&v, "%Y-%m-%d %H:%M"))
        .ok()?;
    jst()
        .from_local_datetime(&naive)
        .single()
        .map(|t| t.with_timezone(&Utc))
}

/// A time as a `datetime-local` field holds it (JST).
pub fn local_value(t: DateTime<Utc>) -> String {
    t.with_timezone(&jst()).format("%Y-%m-%dT%H:%M").to_string()
}

/// A 参加枠 as typed: its name and how many places it has.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuotaDraft {
    pub name: String,
    pub capacity: String,
}

/// A validated 参加枠.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quota {
    pub name: String,
    pub capacity: i32,
}

/// A question of the event's own, as typed: its label, kind, choices (one per line) and
/// whether an answer is required.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuestionDraft {
    pub label: String,
    pub kind: String,
    pub choices: String,
    pub required: bool,
}

/// A validated question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Question {
    pub label: String,
    #[serde(serialize_with = "question_kind_code")]
    pub kind: QuestionKind,
    pub choices: Vec<String>,
    pub required: bool,
}

fn question_kind_code<S: serde::Serializer>(k: &QuestionKind, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(k.code())
}

/// An event as a form or the API gives it, before validation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventDraft {
    pub title: String,
    pub description: String,
    pub kind: String,
    pub co_organisers: Vec<String>,
    pub venue: String,
    pub online_url: String,
    pub starts_at: String,
    pub ends_at: String,
    pub registration_opens_at: String,
    pub registration_closes_at: String,
    pub cancel_until: String,
    pub audience: String,
    pub allocation: String,
    pub priority: String,
    pub offer_hours: String,
    pub reminder_hours: String,
    pub quotas: Vec<QuotaDraft>,
    pub questions: Vec<QuestionDraft>,
}

/// A validated event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventInput {
    pub title: String,
    pub description: String,
    #[serde(serialize_with = "code_of_kind")]
    pub kind: Kind,
    pub co_organisers: Vec<CityCode>,
    pub venue: String,
    pub online_url: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub registration_opens_at: DateTime<Utc>,
    pub registration_closes_at: DateTime<Utc>,
    pub cancel_until: DateTime<Utc>,
    #[serde(serialize_with = "code_of_audience")]
    pub audience: Audience,
    #[serde(serialize_with = "code_of_allocation")]
    pub allocation: Allocation,
    #[serde(serialize_with = "code_of_priority")]
    pub priority: Priority,
    pub offer_hours: i32,
    pub reminder_hours: i32,
    pub quotas: Vec<Quota>,
    pub questions: Vec<Question>,
}

fn code_of_kind<S: serde::Serializer>(k: &Kind, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(k.code())
}
fn code_of_audience<S: serde::Serializer>(k: &Audience, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(k.code())
}
fn code_of_allocation<S: serde::Serializer>(k: &Allocation, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(k.code())
}
fn code_of_priority<S: serde::Serializer>(k: &Priority, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(k.code())
}

pub const TITLE_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 4000;
pub const VENUE_MAX: usize = 300;
pub const URL_MAX: usize = 2000;
/// The most 参加枠 an event has, and the most questions it asks.
pub const QUOTAS_MAX: usize = 5;
pub const QUESTIONS_MAX: usize = 10;
/// The most places in one 参加枠 (a large hall).
pub const CAPACITY_MAX: i32 = 10_000;
/// The longest an answer to a question may be.
pub const ANSWER_MAX: usize = 1000;
/// How long a promoted person has to confirm, by default, and how early the reminder goes.
pub const OFFER_HOURS: i32 = 48;
pub const REMINDER_HOURS: i32 = 24;

fn time(
    errors: &mut Vec<FieldError>,
    field: &'static str,
    value: &str,
    missing: (&'static str, &'static str),
) -> Option<DateTime<Utc>> {
    if clean(value).is_empty() {
        errors.push(FieldError::new(field, missing.0, missing.1));
        return None;
    }
    let t = parse_local(value);
    if t.is_none() {
        errors.push(FieldError::new(
            field,
            "日時は 2026-12-10 13:30 の形で入力してください。",
            "Enter the date and time as 2026-12-10 13:30.",
        ));
    }
    t
}

fn hours(errors: &mut Vec<FieldError>, field: &'static str, value: &str, default: i32) -> i32 {
    match fold(value).as_str() {
        "" => default,
        v => match v.parse::<i32>() {
            Ok(h) if (1..=24 * 30).contains(&h) => h,
            _ => {
                errors.push(FieldError::new(
                    field,
                    "時間数は1から720までの整数で入力してください。",
                    "Enter a whole number of hours from 1 to 720.",
                ));
                default
            }
        },
    }
}

impl EventDraft {
    /// Validates the draft of an event organised by `city`. Every problem is reported.
    pub fn validate(&self, city: &CityCode) -> Result<EventInput, Vec<FieldError>> {
        let mut e = Vec::new();
        let title = required(&mut e, "title", &self.title, TITLE_MAX, TITLE_MISSING);
        let description = text(&mut e, "description", &self.description, DESCRIPTION_MAX);
        let kind = one_of(&mut e, "kind", &self.kind, Kind::from_code);
        let co_organisers = self.co_organisers(city, &mut e);
        let venue = text(&mut e, "venue", &self.venue, VENUE_MAX);
        let online_url = online_url(&mut e, &self.online_url);
        if venue.is_empty() && online_url.is_none() {
            e.push(FieldError::new(
                "venue",
                "会場かオンラインのURLのどちらかを入力してください。",
                "Enter the venue or the online address.",
            ));
        }
        let starts_at = time(&mut e, "starts_at", &self.starts_at, START_MISSING);
        let ends_at = time(&mut e, "ends_at", &self.ends_at, END_MISSING);
        let opens = time(
            &mut e,
            "registration_opens_at",
            &self.registration_opens_at,
            OPENS_MISSING,
        );
        let closes = time(
            &mut e,
            "registration_closes_at",
            &self.registration_closes_at,
            CLOSES_MISSING,
        );
        let cancel_until = match clean(&self.cancel_until).as_str() {
            "" => starts_at,
            _ => time(&mut e, "cancel_until", &self.cancel_until, START_MISSING),
        };
        let audience = one_of(&mut e, "audience", &self.audience, Audience::from_code);
        let allocation = one_of(
            &mut e,
            "allocation",
            &self.allocation,
            Allocation::from_code,
        );
        let priority = choice(&mut e, "priority", &self.priority, Priority::from_code, ONE)
            .unwrap_or(Priority::None);
        let offer_hours = hours(&mut e, "offer_hours", &self.offer_hours, OFFER_HOURS);
        let reminder_hours = hours(
            &mut e,
            "reminder_hours",
            &self.reminder_hours,
            REMINDER_HOURS,
        );
        let quotas = quotas(&mut e, &self.quotas);
        let questions = questions(&mut e, &self.questions);
        check_order(&mut e, starts_at, ends_at, opens, closes);
        let (Some(kind), Some(starts_at), Some(ends_at), Some(opens), Some(closes)) =
            (kind, starts_at, ends_at, opens, closes)
        else {
            return Err(e);
        };
        let (Some(audience), Some(allocation), Some(cancel_until), true) =
            (audience, allocation, cancel_until, e.is_empty())
        else {
            return Err(e);
        };
        Ok(EventInput {
            title,
            description,
            kind,
            co_organisers,
            venue,
            online_url,
            starts_at,
            ends_at,
            registration_opens_at: opens,
            registration_closes_at: closes,
            cancel_until,
            audience,
            allocation,
            priority,
            offer_hours,
            reminder_hours,
            quotas,
            questions,
        })
    }

    fn co_organisers(&self, city: &CityCode, e: &mut Vec<FieldError>) -> Vec<CityCode> {
        let mut out: Vec<CityCode> = Vec::new();
        for code in self.co_organisers.iter().map(|c| fold(c)) {
            if code.is_empty() {
                continue;
            }
            match CityCode::parse(&code) {
                Ok(c) if is_designated(&c) && c != *city => {
                    if !out.contains(&c) {
                        out.push(c);
                    }
                }
                Ok(c) if c == *city => {}
                _ => e.push(FieldError::new(
                    "co_organisers",
                    "共催する市は指定都市から選んでください。",
                    "Choose the co-organising cities from the designated cities.",
                )),
            }
        }
        out
    }
}

/// A choice that must be made, from a list by its code.
fn one_of<T>(
    e: &mut Vec<FieldError>,
    field: &'static str,
    value: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Option<T> {
    let v = choice(e, field, value, parse, ONE);
    if v.is_none() && fold(value).is_empty() {
        e.push(FieldError::new(field, ONE.0, ONE.1));
    }
    v
}

const TITLE_MISSING: (&str, &str) = ("催しの名称を入力してください。", "Enter the event's title.");
const START_MISSING: (&str, &str) = ("開始日時を入力してください。", "Enter the start.");
const END_MISSING: (&str, &str) = ("終了日時を入力してください。", "Enter the end.");
const OPENS_MISSING: (&str, &str) = (
    "申込受付の開始日時を入力してください。",
    "Enter when registration opens.",
);
const CLOSES_MISSING: (&str, &str) = (
    "申込受付の締切日時を入力してください。",
    "Enter when registration closes.",
);
const ONE: (&str, &str) = ("一覧から選んでください。", "Choose one from the list.");

fn online_url(e: &mut Vec<FieldError>, value: &str) -> Option<String> {
    let v = clean(value);
    if v.is_empty() {
        return None;
    }
    too_long(e, "online_url", &v, URL_MAX);
    match url::Url::parse(&v) {
        Ok(u) if u.scheme() == "https" || u.scheme() == "http" => Some(v),
        _ => {
            e.push(FieldError::new(
                "online_url",
                "オンラインのURLは https:// から始まる形で入力してください。",
                "Enter the online address as https://…",
            ));
            None
        }
    }
}

fn check_order(
    e: &mut Vec<FieldError>,
    starts: Option<DateTime<Utc>>,
    ends: Option<DateTime<Utc>>,
    opens: Option<DateTime<Utc>>,
    closes: Option<DateTime<Utc>>,
) {
    if let (Some(s), Some(t)) = (starts, ends)
        && t <= s
    {
        e.push(FieldError::new(
            "ends_at",
            "終了日時は開始日時より後にしてください。",
            "The end must come after the start.",
        ));
    }
    if let (Some(o), Some(c)) = (opens, closes)
        && c <= o
    {
        e.push(FieldError::new(
            "registration_closes_at",
            "申込締切は受付開始より後にしてください。",
            "Registration must close after it opens.",
        ));
    }
    if let (Some(c), Some(s)) = (closes, starts)
        && c > s
    {
        e.push(FieldError::new(
            "registration_closes_at",
            "申込締切は開始日時までにしてください。",
            "Registration must close by the start.",
        ));
    }
}

fn quotas(e: &mut Vec<FieldError>, drafts: &[QuotaDraft]) -> Vec<Quota> {
    let mut out = Vec::new();
    for q in drafts {
        let name = clean(&q.name);
        let capacity = fold(&q.capacity);
        if name.is_empty() && capacity.is_empty() {
            continue;
        }
        if name.is_empty() {
            e.push(FieldError::new(
                "quotas",
                "参加枠の名称を入力してください（例: 企業枠）。",
                "Name each quota (e.g. companies).",
            ));
        }
        too_long(e, "quotas", &name, 100);
        match capacity.parse::<i32>() {
            Ok(c) if (1..=CAPACITY_MAX).contains(&c) => out.push(Quota { name, capacity: c }),
            _ => e.push(FieldError::new(
                "quotas",
                "定員は1から10000までの整数で入力してください。",
                "Enter each quota's places as a whole number from 1 to 10,000.",
            )),
        }
    }
    if out.is_empty() && !e.iter().any(|f| f.field == "quotas") {
        e.push(FieldError::new(
            "quotas",
            "参加枠を1つ以上、定員とともに入力してください。",
            "Enter at least one quota with its places.",
        ));
    }
    if drafts.len() > QUOTAS_MAX {
        e.push(FieldError::new(
            "quotas",
            "参加枠は5つまでです。",
            "At most 5 quotas.",
        ));
    }
    out
}

fn questions(e: &mut Vec<FieldError>, drafts: &[QuestionDraft]) -> Vec<Question> {
    let mut out = Vec::new();
    for q in drafts {
        let label = clean(&q.label);
        if label.is_empty() {
            continue;
        }
        too_long(e, "questions", &label, 200);
        let kind = QuestionKind::from_code(&fold(&q.kind)).unwrap_or(QuestionKind::Text);
        let choices: Vec<String> = q
            .choices
            .lines()
            .map(clean)
            .filter(|c| !c.is_empty())
            .collect();
        if kind == QuestionKind::Choice && choices.len() < 2 {
            e.push(FieldError::new(
                "questions",
                "選択式の質問には選択肢を2つ以上、1行に1つずつ入力してください。",
                "A choice question needs at least two choices, one per line.",
            ));
        }
        out.push(Question {
            label,
            kind,
            choices,
            required: q.required,
        });
    }
    if out.len() > QUESTIONS_MAX {
        e.push(FieldError::new(
            "questions",
            "質問は10問までです。",
            "At most 10 questions.",
        ));
    }
    out
}

/// Checks a registrant's answers against the event's questions (in their order): every
/// required one answered, a choice one of its choices, none too long. The answers, cleaned.
pub fn check_answers(
    questions: &[Question],
    answers: &[String],
) -> Result<Vec<String>, Vec<FieldError>> {
    let mut e = Vec::new();
    let mut out = Vec::new();
    for (i, q) in questions.iter().enumerate() {
        let a = clean(answers.get(i).map(String::as_str).unwrap_or(""));
        if q.required && a.is_empty() {
            e.push(FieldError::new(
                ANSWER_FIELDS[i.min(ANSWER_FIELDS.len() - 1)],
                "この質問は回答が必要です。",
                "This question needs an answer.",
            ));
        }
        if q.kind == QuestionKind::Choice && !a.is_empty() && !q.choices.contains(&a) {
            e.push(FieldError::new(
                ANSWER_FIELDS[i.min(ANSWER_FIELDS.len() - 1)],
                "選択肢から選んでください。",
                "Choose one of the choices.",
            ));
        }
        if a.chars().count() > ANSWER_MAX {
            e.push(FieldError::new(
                ANSWER_FIELDS[i.min(ANSWER_FIELDS.len() - 1)],
                "回答は1000文字以内で入力してください。",
                "Use at most 1,000 characters.",
            ));
        }
        out.push(a);
    }
    if e.is_empty() { Ok(out) } else { Err(e) }
}

/// The form fields of the answers, one per question.
pub const ANSWER_FIELDS: [&str; QUESTIONS_MAX] = [
    "answer_0", "answer_1", "answer_2", "answer_3", "answer_4", "answer_5", "answer_6", "answer_7",
    "answer_8", "answer_9",
];

/// Whether a staff member or coordinator of `cities` may register themselves for a training
/// event (研修) of `organisers` open to `audience`: those of the organising cities, or of any
/// designated city when it is open beyond them (a network course).
pub fn person_may_register(
    kind: Kind,
    audience: Audience,
    organisers: &[CityCode],
    cities: &[CityCode],
) -> bool {
    kind == Kind::Training
        && match audience {
            Audience::Organisers | Audience::CsrMembers => {
                cities.iter().any(|c| organisers.contains(c))
            }
            Audience::Designated | Audience::Public => cities.iter().any(is_designated),
        }
}

/// Whether a company of `home` may register for an event of `organisers` open to `audience`;
/// `certified_by`: the cities whose CSR challenge certification the company holds now (an
/// event for the certified community is theirs when one of them organises it).
pub fn company_may_register(
    audience: Audience,
    organisers: &[CityCode],
    home: &CityCode,
    certified_by: &[CityCode],
) -> bool {
    match audience {
        Audience::Organisers => organisers.contains(home),
        Audience::Designated | Audience::Public => is_designated(home),
        Audience::CsrMembers => certified_by.iter().any(|c| organisers.contains(c)),
    }
}

/// When registration stands: not yet open, open, or closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    NotYet,
    Open,
    Closed,
}

/// Where `now` falls in a registration period.
pub fn window(opens: DateTime<Utc>, closes: DateTime<Utc>, now: DateTime<Utc>) -> Window {
    if now < opens {
        Window::NotYet
    } else if now < closes {
        Window::Open
    } else {
        Window::Closed
    }
}

impl Window {
    pub fn name(self) -> Text {
        match self {
            Window::NotYet => Text::new("受付前", "Not open yet"),
            Window::Open => Text::new("受付中", "Open"),
            Window::Closed => Text::new("受付終了", "Closed"),
        }
    }
}

#[cfg(test)]
mod tests;
