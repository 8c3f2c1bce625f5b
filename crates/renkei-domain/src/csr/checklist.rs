//! A city's CSR checklist (CSRチェックリスト), one version: its categories (each of a kind:
//! 守るCSR, 伸ばすCSR or the financial criteria), its items (which are required, which need
//! evidence — a note, or a document whose file is attached — and which are example content), the thresholds
//! an application must meet (every 守る item yes or not applicable, a number of 伸ばす items
//! yes, every financial criterion yes, every required item yes) and the fiscal years a
//! certification runs. A company's answers ([`Answers`]) and their evaluation against the
//! thresholds ([`evaluate`]), with the reasons in both languages. The rows a spreadsheet
//! holds ([`from_rows`], [`to_rows`]) for import and export.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::FieldError;
use crate::i18n::Text;
use crate::kernel::coded_enum;
use crate::text::{clean, fold};

/// The longest item or category text.
pub const TEXT_MAX: usize = 400;
/// The longest note given with an answer.
pub const NOTE_MAX: usize = 2_000;
/// The most items a checklist holds.
pub const ITEMS_MAX: usize = 300;
/// The most fiscal years a certification may run.
pub const TERM_YEARS_MAX: u32 = 5;

coded_enum!(
    /// What a category's items are: 守るCSR (what every firm must keep), 伸ばすCSR (what it
    /// grows), or the financial criteria.
    Kind {
        Protect = "protect" / "守るCSR" / "Protective CSR",
        Grow = "grow" / "伸ばすCSR" / "Growing CSR",
        Financial = "financial" / "財務基準" / "Financial criteria",
    }
);

coded_enum!(
    /// A company's answer to an item.
    Answer {
        Yes = "yes" / "はい" / "Yes",
        No = "no" / "いいえ" / "No",
        InProgress = "in_progress" / "取組中" / "In progress",
        NotApplicable = "na" / "該当なし" / "Not applicable",
    }
);

coded_enum!(
    /// What evidence an item needs when answered yes.
    Evidence {
        None = "none" / "不要" / "None",
        Note = "note" / "記述" / "A note",
        File = "file" / "書類" / "A document",
    }
);

/// Serializes a coded enum by its code and reads it back.
macro_rules! serde_by_code {
    ($($t:ty),+) => {$(
        impl Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let c = String::deserialize(d)?;
                <$t>::from_code(&c).ok_or_else(|| serde::de::Error::custom(format!("unknown code {c}")))
            }
        }
    )+};
}
serde_by_code!(Kind, Answer, Evidence);

/// A category of items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub name: String,
    pub kind: Kind,
}

/// An item of the checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// Its number, unique in the checklist (`守-01`); answers are kept by it.
    pub key: String,
    /// The category's name.
    pub category: String,
    pub kind: Kind,
    pub text: String,
    pub required: bool,
    pub evidence: Evidence,
    /// Drafted as an example (the report lists categories, not items).
    #[serde(default)]
    pub example: bool,
}

/// What an application must meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thresholds {
    /// Every 守る item answered yes (or not applicable, where it is not required).
    pub protect_all: bool,
    /// At least this many 伸ばす items answered yes.
    pub grow_min: u32,
    /// The fiscal years a certification runs, the year of certification included.
    pub term_years: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            protect_all: true,
            grow_min: 30,
            term_years: 3,
        }
    }
}

/// A checklist's content (what a version holds).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checklist {
    pub categories: Vec<Category>,
    pub items: Vec<Item>,
}

impl Checklist {
    pub fn item(&self, key: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.key == key)
    }

    /// The items of a kind.
    pub fn count(&self, kind: Kind) -> usize {
        self.items.iter().filter(|i| i.kind == kind).count()
    }

    /// The items of each category, in order.
    pub fn by_category(&self) -> Vec<(&Category, Vec<&Item>)> {
        self.categories
            .iter()
            .map(|c| {
                let items = self.items.iter().filter(|i| i.category == c.name).collect();
                (c, items)
            })
            .collect()
    }
}

/// A company's answer to one item, with its note (the evidence, where the item needs one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemAnswer {
    pub answer: Answer,
    #[serde(default)]
    pub note: String,
}

/// A company's answers, by item key.
pub type Answers = BTreeMap<String, ItemAnswer>;

/// A reason an application does or does not meet the thresholds, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    pub ja: String,
    pub en: String,
}

impl Reason {
    fn new(ja: String, en: String) -> Self {
        Reason { ja, en }
    }
}

/// Answers held against a checklist's thresholds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    pub answered: usize,
    pub total: usize,
    pub protect_yes: usize,
    pub grow_yes: usize,
    /// Why the thresholds are not met (none: met).
    pub unmet: Vec<Reason>,
}

impl Evaluation {
    pub fn met(&self) -> bool {
        self.unmet.is_empty()
    }

    /// The progress in per cent (answered of all).
    pub fn percent(&self) -> usize {
        (self.answered * 100).checked_div(self.total).unwrap_or(100)
    }
}

/// The items whose document (a file) is missing: each document item that is required or
/// answered yes for which `has_file` says no file is kept, named in both languages. An
/// application needs none missing.
pub fn missing_files(
    list: &Checklist,
    answers: &Answers,
    has_file: impl Fn(&str) -> bool,
) -> Vec<Reason> {
    list.items
        .iter()
        .filter(|i| i.evidence == Evidence::File && !has_file(&i.key))
        .filter(|i| i.required || answers.get(&i.key).is_some_and(|a| a.answer == Answer::Yes))
        .map(|i| {
            let k = &i.key;
            Reason::new(
                format!("項目「{k}」の書類（ファイル）が添付されていません。"),
                format!("Item {k} needs its document: attach the file."),
            )
        })
        .collect()
}

/// Holds answers against a checklist and its thresholds: every item answered; every required
/// item yes; every 守る item yes or not applicable (when asked); at least `grow_min` 伸ばす
/// items yes; every financial criterion yes; a note for every yes whose evidence is a note
/// (a document item's file is checked by [`missing_files`]).
pub fn evaluate(list: &Checklist, t: &Thresholds, answers: &Answers) -> Evaluation {
    let mut unmet = Vec::new();
    let mut answered = 0;
    let (mut protect_yes, mut grow_yes) = (0, 0);
    for item in &list.items {
        let Some(a) = answers.get(&item.key) else {
            continue;
        };
        answered += 1;
        let yes = a.answer == Answer::Yes;
        match item.kind {
            Kind::Protect if yes => protect_yes += 1,
            Kind::Grow if yes => grow_yes += 1,
            _ => {}
        }
        let k = &item.key;
        if item.required && !yes {
            unmet.push(Reason::new(
                format!("必須の項目「{k}」が「はい」ではありません。"),
                format!("Required item {k} is not answered yes."),
            ));
        } else if item.kind == Kind::Protect
            && t.protect_all
            && !matches!(a.answer, Answer::Yes | Answer::NotApplicable)
        {
            unmet.push(Reason::new(
                format!("守るCSRの項目「{k}」が「はい」（または該当なし）ではありません。"),
                format!("Protective item {k} is not answered yes (or not applicable)."),
            ));
        } else if item.kind == Kind::Financial && !yes {
            unmet.push(Reason::new(
                format!("財務基準「{k}」を満たしていません。"),
                format!("Financial criterion {k} is not met."),
            ));
        }
        // A document item's evidence is its file ([`missing_files`]), not a typed note.
        if yes && item.evidence == Evidence::Note && a.note.trim().is_empty() {
            unmet.push(Reason::new(
                format!("項目「{k}」には根拠の記述が必要です。"),
                format!("Item {k} needs evidence: describe it in the note."),
            ));
        }
    }
    let total = list.items.len();
    if answered < total {
        unmet.insert(
            0,
            Reason::new(
                format!("未回答の項目が{}件あります。", total - answered),
                format!("{} items are not answered.", total - answered),
            ),
        );
    }
    if (grow_yes as u32) < t.grow_min {
        unmet.push(Reason::new(
            format!(
                "伸ばすCSRの「はい」が{grow_yes}件です（{}件以上必要）。",
                t.grow_min
            ),
            format!(
                "{grow_yes} growing items are answered yes ({} needed).",
                t.grow_min
            ),
        ));
    }
    Evaluation {
        answered,
        total,
        protect_yes,
        grow_yes,
        unmet,
    }
}

/// The answers a form sends: `a_{key}` (an answer's code, empty: not answered yet) and
/// `n_{key}` (its note), for the checklist's items only. Saving keeps unanswered items out.
pub fn parse_answers(
    list: &Checklist,
    form: &[(String, String)],
) -> Result<Answers, Vec<FieldError>> {
    let mut out = Answers::new();
    let mut errors = Vec::new();
    let get = |name: String| {
        form.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    for item in &list.items {
        let code = fold(get(format!("a_{}", item.key)));
        let note = clean(get(format!("n_{}", item.key)));
        if note.chars().count() > NOTE_MAX {
            errors.push(FieldError::new(
                "answers",
                "各項目の根拠・メモは2000文字以内で入力してください。",
                "Keep each item's note within 2,000 characters.",
            ));
        }
        if code.is_empty() {
            continue;
        }
        match Answer::from_code(&code) {
            Some(answer) => {
                out.insert(item.key.clone(), ItemAnswer { answer, note });
            }
            None => errors.push(FieldError::new(
                "answers",
                "回答は「はい」「いいえ」「取組中」「該当なし」から選んでください。",
                "Answer yes, no, in progress or not applicable.",
            )),
        }
    }
    errors.dedup();
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// The thresholds a form sends: `grow_min`, `term_years`, `protect_all` (`on`).
pub fn parse_thresholds(
    list: &Checklist,
    grow_min: &str,
    term_years: &str,
    protect_all: bool,
) -> Result<Thresholds, Vec<FieldError>> {
    let mut errors = Vec::new();
    let grow = list.count(Kind::Grow) as u32;
    let g = fold(grow_min).parse::<u32>().ok().filter(|g| *g <= grow);
    if g.is_none() {
        errors.push(FieldError::new(
            "grow_min",
            "伸ばすCSRの必要件数を、0から伸ばすCSRの項目数までの数で入力してください。",
            "Enter the growing items needed, from 0 to the number of growing items.",
        ));
    }
    let y = fold(term_years)
        .parse::<u32>()
        .ok()
        .filter(|y| (1..=TERM_YEARS_MAX).contains(y));
    if y.is_none() {
        errors.push(FieldError::new(
            "term_years",
            "認証の有効年度数を1から5で入力してください。",
            "Enter the fiscal years a certification runs, 1 to 5.",
        ));
    }
    match (g, y) {
        (Some(grow_min), Some(term_years)) if errors.is_empty() => Ok(Thresholds {
            protect_all,
            grow_min,
            term_years,
        }),
        _ => Err(errors),
    }
}

/// The columns of a checklist's spreadsheet.
pub const COLUMNS: [&str; 7] = ["区分", "カテゴリー", "番号", "項目", "必須", "根拠", "例"];

/// A row of a spreadsheet that cannot be read: its number as the spreadsheet shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub row: usize,
    pub ja: String,
    pub en: String,
}

fn kind_of(cell: &str) -> Option<Kind> {
    let c = fold(cell);
    match c.as_str() {
        "守る" | "守るcsr" | "守るCSR" | "protect" => Some(Kind::Protect),
        "伸ばす" | "伸ばすcsr" | "伸ばすCSR" | "grow" => Some(Kind::Grow),
        "財務" | "財務基準" | "financial" => Some(Kind::Financial),
        _ => None,
    }
}

fn flag(cell: &str) -> bool {
    matches!(
        fold(cell).to_lowercase().as_str(),
        "○" | "〇" | "◯" | "はい" | "yes" | "y" | "1" | "true" | "必須" | "例"
    )
}

fn evidence_of(cell: &str) -> Option<Evidence> {
    match fold(cell).to_lowercase().as_str() {
        "" | "不要" | "none" | "-" => Some(Evidence::None),
        "記述" | "note" | "メモ" => Some(Evidence::Note),
        "書類" | "file" | "ファイル" => Some(Evidence::File),
        _ => None,
    }
}

/// Reads a checklist from a spreadsheet's rows (the header first, as [`COLUMNS`]; `rows`
/// pairs each row's number with its cells). Every problem is told with its row.
pub fn from_rows(rows: &[(usize, Vec<String>)]) -> Result<Checklist, Vec<RowProblem>> {
    let mut problems = Vec::new();
    let mut list = Checklist {
        categories: Vec::new(),
        items: Vec::new(),
    };
    let cell = |r: &[String], i: usize| r.get(i).map(|c| clean(c)).unwrap_or_default();
    for (n, r) in rows.iter().skip(1) {
        if r.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut bad = |ja: &str, en: &str| {
            problems.push(RowProblem {
                row: *n,
                ja: format!("{n}行目: {ja}"),
                en: format!("Row {n}: {en}"),
            })
        };
        let Some(kind) = kind_of(&cell(r, 0)) else {
            bad(
                "区分は「守る」「伸ばす」「財務」のいずれかです。",
                "the kind is 守る, 伸ばす or 財務.",
            );
            continue;
        };
        let (category, key, text) = (cell(r, 1), cell(r, 2), cell(r, 3));
        if category.is_empty() || key.is_empty() || text.is_empty() {
            bad(
                "カテゴリー・番号・項目を入力してください。",
                "the category, number and item are required.",
            );
            continue;
        }
        if [&category, &key, &text]
            .iter()
            .any(|t| t.chars().count() > TEXT_MAX)
        {
            bad(
                "400文字以内で入力してください。",
                "use at most 400 characters.",
            );
            continue;
        }
        if list.item(&key).is_some() {
            bad("番号が重複しています。", "the number is used twice.");
            continue;
        }
        let Some(evidence) = evidence_of(&cell(r, 5)) else {
            bad(
                "根拠は「不要」「記述」「書類」のいずれかです。",
                "the evidence is 不要, 記述 or 書類.",
            );
            continue;
        };
        match list.categories.iter().find(|c| c.name == category) {
            Some(c) if c.kind != kind => {
                bad(
                    "同じカテゴリーに異なる区分があります。",
                    "a category has two kinds.",
                );
                continue;
            }
            Some(_) => {}
            None => list.categories.push(Category {
                name: category.clone(),
                kind,
            }),
        }
        list.items.push(Item {
            key,
            category,
            kind,
            text,
            required: flag(&cell(r, 4)),
            evidence,
            example: flag(&cell(r, 6)),
        });
    }
    if list.items.is_empty() && problems.is_empty() {
        problems.push(RowProblem {
            row: 1,
            ja: "項目が1件もありません。".into(),
            en: "The file holds no item.".into(),
        });
    }
    if list.items.len() > ITEMS_MAX {
        problems.push(RowProblem {
            row: 1,
            ja: "項目は300件までです。".into(),
            en: "At most 300 items.".into(),
        });
    }
    if problems.is_empty() {
        Ok(list)
    } else {
        Err(problems)
    }
}

/// A checklist as a spreadsheet's rows (without the header, [`COLUMNS`]).
pub fn to_rows(list: &Checklist) -> Vec<Vec<String>> {
    list.items
        .iter()
        .map(|i| {
            vec![
                match i.kind {
                    Kind::Protect => "守る",
                    Kind::Grow => "伸ばす",
                    Kind::Financial => "財務",
                }
                .to_owned(),
                i.category.clone(),
                i.key.clone(),
                i.text.clone(),
                if i.required { "○" } else { "" }.to_owned(),
                i.evidence.name().ja.to_owned(),
                if i.example { "例" } else { "" }.to_owned(),
            ]
        })
        .collect()
}

/// What changed between two sets of answers: the keys whose answer or note differ (a
/// renewal's highlighted changes).
pub fn changed(before: &Answers, now: &Answers) -> Vec<String> {
    let mut keys: Vec<String> = before
        .keys()
        .chain(now.keys())
        .filter(|k| before.get(*k) != now.get(*k))
        .cloned()
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| (*c).to_owned()).collect()
    }

    fn list() -> Checklist {
        let rows = vec![
            (1, row(&COLUMNS)),
            (
                2,
                row(&["守る", "企業統治", "守-01", "法令を守る", "○", "記述", "例"]),
            ),
            (
                3,
                row(&["守る", "企業風土", "守-02", "理念がある", "", "不要", ""]),
            ),
            (
                4,
                row(&["伸ばす", "地域志向", "伸-01", "地元で調達", "", "", ""]),
            ),
            (
                5,
                row(&["伸ばす", "地域志向", "伸-02", "地元で採用", "", "", ""]),
            ),
            (
                6,
                row(&[
                    "財務",
                    "財務基準",
                    "財-01",
                    "債務超過でない",
                    "○",
                    "書類",
                    "",
                ]),
            ),
        ];
        from_rows(&rows).unwrap()
    }

    fn yes(note: &str) -> ItemAnswer {
        ItemAnswer {
            answer: Answer::Yes,
            note: note.into(),
        }
    }

    fn with(a: Answer) -> ItemAnswer {
        ItemAnswer {
            answer: a,
            note: String::new(),
        }
    }

    #[test]
    fn a_spreadsheet_reads_back_as_it_was_written() {
        let l = list();
        assert_eq!(l.categories.len(), 4);
        assert_eq!(l.count(Kind::Grow), 2);
        assert!(l.item("守-01").unwrap().required && l.item("守-01").unwrap().example);
        assert_eq!(l.item("財-01").unwrap().evidence, Evidence::File);
        let mut rows = vec![(1, row(&COLUMNS))];
        rows.extend(to_rows(&l).into_iter().enumerate().map(|(i, r)| (i + 2, r)));
        assert_eq!(from_rows(&rows).unwrap(), l);
        let bad = vec![
            (1, row(&COLUMNS)),
            (2, row(&["守れ", "x", "1", "y", "", "", ""])),
            (3, row(&["守る", "x", "1", "y", "", "写真", ""])),
        ];
        let p = from_rows(&bad).unwrap_err();
        assert_eq!(p.len(), 2);
        assert!(p[0].ja.starts_with("2行目") && p[1].ja.starts_with("3行目"));
    }

    #[test]
    fn the_thresholds_refuse_a_required_no_and_too_few_growing_yeses() {
        let l = list();
        let t = Thresholds {
            protect_all: true,
            grow_min: 1,
            term_years: 2,
        };
        let mut a = Answers::new();
        a.insert("守-01".into(), yes("就業規則あり"));
        a.insert("守-02".into(), with(Answer::NotApplicable));
        a.insert("伸-01".into(), yes(""));
        a.insert("伸-02".into(), with(Answer::No));
        // A document item needs its file, not a typed note.
        a.insert("財-01".into(), yes(""));
        let e = evaluate(&l, &t, &a);
        assert!(e.met(), "{:?}", e.unmet);
        assert_eq!((e.protect_yes, e.grow_yes, e.percent()), (1, 1, 100));

        // A required item answered no refuses, and says which.
        a.insert("守-01".into(), with(Answer::No));
        let e = evaluate(&l, &t, &a);
        assert!(!e.met());
        assert!(
            e.unmet[0].ja.contains("必須の項目「守-01」"),
            "{:?}",
            e.unmet
        );

        // A protective item in progress; a yes without its evidence; too few growing items.
        a.insert("守-01".into(), yes(""));
        a.insert("守-02".into(), with(Answer::InProgress));
        a.insert("伸-01".into(), with(Answer::No));
        let e = evaluate(&l, &t, &a);
        let words: Vec<&str> = e.unmet.iter().map(|r| r.en.as_str()).collect();
        assert_eq!(
            words,
            [
                "Item 守-01 needs evidence: describe it in the note.",
                "Protective item 守-02 is not answered yes (or not applicable).",
                "0 growing items are answered yes (1 needed).",
            ]
        );

        // Unanswered items are counted first.
        a.remove("財-01");
        let e = evaluate(&l, &t, &a);
        assert_eq!(e.unmet[0].ja, "未回答の項目が1件あります。");
        assert_eq!(e.percent(), 80);
    }

    #[test]
    fn a_form_saves_what_is_answered_and_changes_are_found() {
        let l = list();
        let form = vec![
            ("a_守-01".to_owned(), "yes".to_owned()),
            ("n_守-01".to_owned(), " 就業規則 ".to_owned()),
            ("a_伸-01".to_owned(), "".to_owned()),
        ];
        let a = parse_answers(&l, &form).unwrap();
        assert_eq!(a.len(), 1);
        assert_eq!(a["守-01"].note, "就業規則");
        let bad = vec![("a_守-02".to_owned(), "maybe".to_owned())];
        assert_eq!(parse_answers(&l, &bad).unwrap_err()[0].field, "answers");
        let mut b = a.clone();
        b.insert("伸-01".into(), with(Answer::Yes));
        b.insert("守-01".into(), yes("改定した就業規則"));
        assert_eq!(changed(&a, &b), ["伸-01", "守-01"]);
        assert!(parse_thresholds(&l, "3", "2", true).is_err());
        assert_eq!(parse_thresholds(&l, "２", "3", false).unwrap().grow_min, 2);
        assert_eq!(
            parse_thresholds(&l, "1", "9", true).unwrap_err()[0].field,
            "term_years"
        );
    }

    #[test]
    fn a_document_item_is_missing_when_required_or_answered_yes_without_its_file() {
        let mut l = list();
        // A second document item, not required.
        let mut optional = l.item("財-01").unwrap().clone();
        optional.key = "伸-03".into();
        optional.kind = Kind::Grow;
        optional.required = false;
        l.items.push(optional);
        let mut a = Answers::new();
        let keys = |r: Vec<Reason>| -> Vec<String> { r.into_iter().map(|r| r.en).collect() };

        // Nothing answered: the required document is missing, the optional one is not.
        assert_eq!(
            keys(missing_files(&l, &a, |_| false)),
            ["Item 財-01 needs its document: attach the file."]
        );
        // The optional one answered yes is missing too; no is not.
        a.insert("伸-03".into(), yes("写真"));
        assert_eq!(missing_files(&l, &a, |_| false).len(), 2);
        a.insert("伸-03".into(), with(Answer::No));
        assert_eq!(missing_files(&l, &a, |_| false).len(), 1);
        // With the files kept, nothing is missing.
        a.insert("伸-03".into(), yes(""));
        assert!(missing_files(&l, &a, |k| k == "財-01" || k == "伸-03").is_empty());
        assert_eq!(
            keys(missing_files(&l, &a, |k| k == "財-01")),
            ["Item 伸-03 needs its document: attach the file."]
        );
    }
}
