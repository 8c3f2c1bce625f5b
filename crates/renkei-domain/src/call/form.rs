//! A call's application form (申請様式), defined per call by its city: fields in sections,
//! each of a kind (short or long text, number, amount in yen, date, choice, file), required
//! or not, with a help line. Every field is shown before an applicant starts; answers are
//! saved as they are (save and resume) and checked whole when the application is submitted
//! ([`check_answers`]). A field's key (`q1`, `q2` …) is its place in the form, which is why a
//! form is frozen once the call is published.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::FieldError;
use crate::i18n::Text;
use crate::kernel::coded_enum;
use crate::text::{clean, fold};

coded_enum!(
    /// What a field takes.
    FieldKind {
        ShortText = "short_text" / "記述（短文）" / "Short text",
        LongText = "long_text" / "記述（長文）" / "Long text",
        Number = "number" / "数値" / "Number",
        Amount = "amount" / "金額（円）" / "Amount (yen)",
        Date = "date" / "日付" / "Date",
        Choice = "choice" / "選択" / "Choice",
        File = "file" / "ファイル" / "File",
    }
);

/// The most fields a form may have.
pub const FIELDS_MAX: usize = 60;
/// The longest short answer.
pub const SHORT_MAX: usize = 200;
/// The longest long answer.
pub const LONG_MAX: usize = 4_000;

/// A field as the form editor gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldDraft {
    pub section: String,
    pub label: String,
    pub kind: String,
    /// One per line.
    pub choices: String,
    pub help: String,
    pub required: bool,
}

/// A field of a call's form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Field {
    pub key: String,
    pub section: String,
    pub label: String,
    /// The kind's code (`FieldKind`).
    pub kind: String,
    pub choices: Vec<String>,
    pub help: String,
    pub required: bool,
}

impl Field {
    pub fn kind(&self) -> FieldKind {
        FieldKind::from_code(&self.kind).unwrap_or(FieldKind::ShortText)
    }

    /// The draft the form editor shows for this field.
    pub fn draft(&self) -> FieldDraft {
        FieldDraft {
            section: self.section.clone(),
            label: self.label.clone(),
            kind: self.kind.clone(),
            choices: self.choices.join("\n"),
            help: self.help.clone(),
            required: self.required,
        }
    }
}

/// The fields of a form, blank rows left out; what is wrong goes to `e` (field `fields`).
pub fn validate_fields(e: &mut Vec<FieldError>, drafts: &[FieldDraft]) -> Vec<Field> {
    let mut out = Vec::new();
    for d in drafts {
        let label = clean(&d.label);
        if label.is_empty() {
            continue;
        }
        if label.chars().count() > SHORT_MAX {
            e.push(FieldError::new(
                "fields",
                "申請様式の項目名は200文字以内で入力してください。",
                "A field's label may have at most 200 characters.",
            ));
        }
        let kind = FieldKind::from_code(&fold(&d.kind)).unwrap_or(FieldKind::ShortText);
        let choices: Vec<String> = d
            .choices
            .lines()
            .map(clean)
            .filter(|c| !c.is_empty())
            .collect();
        if kind == FieldKind::Choice && choices.len() < 2 {
            e.push(FieldError::new(
                "fields",
                "選択式の項目には選択肢を2つ以上、1行に1つずつ入力してください。",
                "A choice field needs at least two choices, one per line.",
            ));
        }
        out.push(Field {
            key: format!("q{}", out.len() + 1),
            section: clean(&d.section),
            label,
            kind: kind.code().to_owned(),
            choices: if kind == FieldKind::Choice {
                choices
            } else {
                Vec::new()
            },
            help: clean(&d.help),
            required: d.required,
        });
    }
    if out.len() > FIELDS_MAX {
        e.push(FieldError::new(
            "fields",
            "申請様式の項目は60までです。",
            "A form may have at most 60 fields.",
        ));
    }
    out
}

/// What is wrong with one answer: the field's key and the words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnswerError {
    pub key: String,
    pub message: crate::i18n::Words,
}

impl AnswerError {
    pub fn new(key: &str, ja: impl Into<String>, en: impl Into<String>) -> Self {
        AnswerError {
            key: key.to_owned(),
            message: crate::i18n::Words::new(ja, en),
        }
    }
}

/// Answers as kept: a field's key to its value, normalised (numbers and amounts as digits,
/// dates as `YYYY-MM-DD`). File fields are answered by the files attached under their key.
pub type Answers = BTreeMap<String, String>;

/// The answers to `fields` from what was typed, normalised, and every wrong answer; when
/// `complete`, every required field must be answered (a required file field by a file among
/// `files`, the keys files were attached under). A wrong answer is kept as typed, so that
/// nothing typed is lost; answers to fields the form does not have are dropped.
pub fn check_answers(
    fields: &[Field],
    typed: &BTreeMap<String, String>,
    files: &[String],
    complete: bool,
) -> (Answers, Vec<AnswerError>) {
    let mut out = Answers::new();
    let mut errors = Vec::new();
    for f in fields {
        let kind = f.kind();
        if kind == FieldKind::File {
            if complete && f.required && !files.contains(&f.key) {
                errors.push(AnswerError::new(
                    &f.key,
                    "ファイルを添付してください。",
                    "Attach a file.",
                ));
            }
            continue;
        }
        let raw = typed.get(&f.key).map(String::as_str).unwrap_or("");
        let value = if kind == FieldKind::LongText {
            raw.replace("\r\n", "\n").trim().to_owned()
        } else {
            clean(raw)
        };
        if value.is_empty() {
            if complete && f.required {
                errors.push(AnswerError::new(
                    &f.key,
                    "この項目は必須です。入力してください。",
                    "This field is required.",
                ));
            }
            continue;
        }
        match normalise(kind, f, &value) {
            Ok(v) => {
                out.insert(f.key.clone(), v);
            }
            Err((ja, en)) => {
                errors.push(AnswerError::new(&f.key, ja, en));
                out.insert(f.key.clone(), value);
            }
        }
    }
    (out, errors)
}

/// An answer in its kept form, or the words of what is wrong.
fn normalise(
    kind: FieldKind,
    f: &Field,
    value: &str,
) -> Result<String, (&'static str, &'static str)> {
    match kind {
        FieldKind::ShortText if value.chars().count() > SHORT_MAX => Err((
            "200文字以内で入力してください。",
            "Use at most 200 characters.",
        )),
        FieldKind::LongText if value.chars().count() > LONG_MAX => Err((
            "4000文字以内で入力してください。",
            "Use at most 4,000 characters.",
        )),
        FieldKind::Number => {
            let v: String = fold(value).chars().filter(|c| *c != ',').collect();
            v.parse::<f64>()
                .ok()
                .filter(|n| n.is_finite())
                .map(|_| v.clone())
                .ok_or(("数値で入力してください。", "Enter a number."))
        }
        FieldKind::Amount => match super::parse_yen(value) {
            Some(Some(n)) => Ok(n.to_string()),
            _ => Err((
                "金額は0以上の円単位の数字で入力してください（例: 1,000,000）。",
                "Enter an amount in yen (e.g. 1,000,000).",
            )),
        },
        FieldKind::Date => crate::jdate::parse(value).map(|d| d.to_string()).ok_or((
            "日付で入力してください（例: 2026-12-01、令和8年12月1日）。",
            "Enter a date.",
        )),
        FieldKind::Choice if !f.choices.iter().any(|c| c == value) => {
            Err(("選択肢から選んでください。", "Choose one of the choices."))
        }
        _ => Ok(value.to_owned()),
    }
}

/// The sections of a form in their order, each with its fields.
pub fn sections(fields: &[Field]) -> Vec<(String, Vec<&Field>)> {
    let mut out: Vec<(String, Vec<&Field>)> = Vec::new();
    for f in fields {
        match out.last_mut() {
            Some((s, list)) if *s == f.section => list.push(f),
            _ => out.push((f.section.clone(), vec![f])),
        }
    }
    out
}
