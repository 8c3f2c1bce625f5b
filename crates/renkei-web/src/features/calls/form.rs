//! The form a call is written with, shared by its creation and its change: the call as the
//! form sends it ([`draft`]) and the editor's rows and boxes ([`Editor`]): partner cities as
//! `partner_{code}`, the rules of who may apply as `elig_type_{code}`, `elig_size_{code}`,
//! `elig_stage_{code}` and `eligible_home`, and the application form's fields as rows
//! `field_{part}_{i}` (the fields there are and a few blank rows to add more).

use std::collections::HashMap;

use renkei_domain::Lang;
use renkei_domain::call::form::{FIELDS_MAX, FieldKind};
use renkei_domain::call::{CallDraft, EligibilityDraft, FieldDraft, Kind};
use renkei_domain::catalog::{CompanyType, MEASURES, Stage};
use renkei_domain::city::CityCode;
use renkei_domain::company::CompanySize;
use renkei_store::CallRecord;

use crate::AppState;
use crate::shared::forms::{Choice, coded_choices};

/// The blank field rows shown after the form's fields.
const BLANK_ROWS: usize = 5;

/// The codes ticked under `prefix` (`partner_141003` → `141003`), sorted.
fn ticked(form: &HashMap<String, String>, prefix: &str) -> Vec<String> {
    let mut v: Vec<String> = form
        .keys()
        .filter_map(|k| k.strip_prefix(prefix).map(str::to_owned))
        .collect();
    v.sort();
    v
}

/// The call a form sends.
pub(super) fn draft(form: &HashMap<String, String>) -> CallDraft {
    let get = |k: &str| form.get(k).cloned().unwrap_or_default();
    let mut fields = Vec::new();
    for i in 0..FIELDS_MAX + BLANK_ROWS {
        let part = |p: &str| form.get(&format!("field_{p}_{i}")).cloned();
        let Some(label) = part("label") else {
            continue;
        };
        fields.push(FieldDraft {
            section: part("section").unwrap_or_default(),
            label,
            kind: part("kind").unwrap_or_default(),
            choices: part("choices").unwrap_or_default(),
            help: part("help").unwrap_or_default(),
            required: part("required").is_some(),
        });
    }
    CallDraft {
        title: get("title"),
        description: get("description"),
        kind: get("kind"),
        measure_code: get("measure_code"),
        partner_cities: ticked(form, "partner_"),
        opens_on: get("opens_on"),
        closes_on: get("closes_on"),
        budget_yen: get("budget_yen"),
        max_amount_yen: get("max_amount_yen"),
        reviewers_per_application: get("reviewers_per_application"),
        blind: form.contains_key("blind"),
        eligibility: EligibilityDraft {
            company_types: ticked(form, "elig_type_"),
            sizes: ticked(form, "elig_size_"),
            stages: ticked(form, "elig_stage_"),
            home: get("eligible_home"),
        },
        fields,
    }
}

/// The form's values for a call as it is.
pub(super) fn values_of(c: &CallRecord) -> HashMap<String, String> {
    let yen = |v: Option<i64>| v.map(|y| y.to_string()).unwrap_or_default();
    let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let mut v = HashMap::from([
        ("title".to_owned(), c.title.clone()),
        ("description".to_owned(), c.description.clone()),
        ("kind".to_owned(), c.kind.code().to_owned()),
        ("measure_code".to_owned(), c.measure_code.clone()),
        ("opens_on".to_owned(), day(c.opens_on)),
        ("closes_on".to_owned(), day(c.closes_on)),
        ("budget_yen".to_owned(), yen(c.budget_yen)),
        ("max_amount_yen".to_owned(), yen(c.max_amount_yen)),
        (
            "reviewers_per_application".to_owned(),
            c.reviewers_per_application.to_string(),
        ),
        (
            "eligible_home".to_owned(),
            c.eligibility.home.code().to_owned(),
        ),
    ]);
    if c.blind {
        v.insert("blind".to_owned(), "1".to_owned());
    }
    for p in c.cities.iter().skip(1) {
        v.insert(format!("partner_{p}"), "1".to_owned());
    }
    let e = c.eligibility.draft();
    for (prefix, codes) in [
        ("elig_type_", e.company_types),
        ("elig_size_", e.sizes),
        ("elig_stage_", e.stages),
    ] {
        for code in codes {
            v.insert(format!("{prefix}{code}"), "1".to_owned());
        }
    }
    for (i, f) in c.fields.iter().enumerate() {
        let d = f.draft();
        v.insert(format!("field_section_{i}"), d.section);
        v.insert(format!("field_label_{i}"), d.label);
        v.insert(format!("field_kind_{i}"), d.kind);
        v.insert(format!("field_choices_{i}"), d.choices);
        v.insert(format!("field_help_{i}"), d.help);
        if d.required {
            v.insert(format!("field_required_{i}"), "1".to_owned());
        }
    }
    v
}

/// A row of the application form's editor.
pub struct FieldRow {
    pub i: usize,
    pub section: String,
    pub label: String,
    pub kinds: Vec<Choice>,
    pub choices: String,
    pub help: String,
    pub required: bool,
}

/// A box of a set: its name, its label, whether it is ticked.
pub struct Tick {
    pub name: String,
    pub label: String,
    pub on: bool,
}

/// What the call form shows besides the typed values.
pub struct Editor {
    pub kinds: Vec<Choice>,
    pub measures: Vec<Choice>,
    pub partners: Vec<Tick>,
    pub types: Vec<Tick>,
    pub sizes: Vec<Tick>,
    pub stages: Vec<Tick>,
    pub homes: Vec<Choice>,
    pub rows: Vec<FieldRow>,
}

fn ticks<T: Copy>(
    form: &HashMap<String, String>,
    prefix: &str,
    all: &[T],
    code: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> String,
) -> Vec<Tick> {
    all.iter()
        .map(|t| {
            let name = format!("{prefix}{}", code(*t));
            Tick {
                on: form.contains_key(&name),
                name,
                label: label(*t),
            }
        })
        .collect()
}

impl Editor {
    pub(super) fn new(
        state: &AppState,
        lang: Lang,
        lead: &CityCode,
        form: &HashMap<String, String>,
    ) -> Editor {
        let get = |k: &str| form.get(k).map_or("", String::as_str).to_owned();
        let measures = MEASURES
            .iter()
            .map(|m| Choice {
                value: m.code.to_owned(),
                label: format!("{}｜{}", m.scope.name().get(lang), m.name.get(lang)),
                selected: get("measure_code") == m.code,
            })
            .collect();
        let partners = state
            .store
            .cities()
            .iter()
            .filter(|c| c.code != *lead)
            .map(|c| {
                let name = format!("partner_{}", c.code);
                Tick {
                    on: form.contains_key(&name),
                    name,
                    label: c.name.clone(),
                }
            })
            .collect();
        let home = get("eligible_home");
        let homes = [
            (
                "call_cities",
                "実施する市に所在する企業",
                "Companies at home in the call's cities",
            ),
            (
                "any_city",
                "いずれかの指定都市に所在する企業",
                "Companies in any designated city",
            ),
        ]
        .into_iter()
        .map(|(code, ja, en)| Choice {
            value: code.to_owned(),
            label: crate::shared::layout::tr(lang, ja, en).to_owned(),
            selected: home == code,
        })
        .collect();
        Editor {
            kinds: coded_choices(Kind::ALL, Kind::code, Kind::name, lang, &get("kind")),
            measures,
            partners,
            types: ticks(
                form,
                "elig_type_",
                &CompanyType::ALL,
                CompanyType::code,
                |t| t.name().get(lang).to_owned(),
            ),
            sizes: ticks(
                form,
                "elig_size_",
                &CompanySize::ALL,
                CompanySize::code,
                |t| t.name().get(lang).to_owned(),
            ),
            stages: ticks(form, "elig_stage_", &Stage::ALL, Stage::code, |t| {
                format!("{} {}", t.mark(), t.name().get(lang))
            }),
            homes,
            rows: field_rows(lang, form),
        }
    }
}

/// The editor's rows: those the form holds, then blank ones.
fn field_rows(lang: Lang, form: &HashMap<String, String>) -> Vec<FieldRow> {
    let filled = (0..FIELDS_MAX + BLANK_ROWS)
        .filter(|i| {
            form.get(&format!("field_label_{i}"))
                .is_some_and(|l| !l.trim().is_empty())
        })
        .count();
    let mut rows = Vec::new();
    let mut i = 0;
    for source in 0..FIELDS_MAX + BLANK_ROWS {
        let part = |p: &str| {
            form.get(&format!("field_{p}_{source}"))
                .cloned()
                .unwrap_or_default()
        };
        let label = part("label");
        if label.trim().is_empty() {
            continue;
        }
        rows.push(row(lang, i, &part));
        i += 1;
    }
    let blank = |_: &str| String::new();
    while rows.len() < (filled + BLANK_ROWS).min(FIELDS_MAX) {
        rows.push(row(lang, rows.len(), &blank));
    }
    rows
}

fn row(lang: Lang, i: usize, part: &dyn Fn(&str) -> String) -> FieldRow {
    FieldRow {
        i,
        section: part("section"),
        label: part("label"),
        kinds: coded_choices(
            FieldKind::ALL,
            FieldKind::code,
            FieldKind::name,
            lang,
            &part("kind"),
        ),
        choices: part("choices"),
        help: part("help"),
        required: !part("required").is_empty(),
    }
}
