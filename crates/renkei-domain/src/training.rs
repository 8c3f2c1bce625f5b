//! Coordinators' training (コーディネーターの確保・育成): a curriculum (研修カリキュラム) of
//! modules, each covering some of the stages ①–⑧ with the hours it requires; the hours a
//! coordinator earns (attending a training event tied to a module, or an external course
//! their city records); when a curriculum is completed (every module's hours met) and so a
//! certificate (修了証) is due; and a coordinator's skills matrix and a city's gaps (stages
//! its products are at that none of its coordinators is trained for).
//!
//! Hours are kept in half hours (`1.5` is 3): a form's hours are read with full-width digits
//! folded. A record's hours count towards every stage it covers (a module on ③ and ④ of two
//! hours gives two hours at each), and towards its module.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::FieldError;
use crate::catalog::Stage;
use crate::kernel::{required, text, too_long};
use crate::text::{clean, fold};

/// The most modules a curriculum has.
pub const MODULES_MAX: usize = 8;
/// The most hours one module or one record may count (in hours).
pub const HOURS_MAX: u32 = 200;
pub const TITLE_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 4000;
pub const PROVIDER_MAX: usize = 200;

/// Reads hours as typed (`2`, `1.5`, `１．５`, `1時間`, `0.5h`): a positive number of half hours
/// up to [`HOURS_MAX`] hours; anything else is `field`'s error.
pub fn parse_hours(field: &'static str, value: &str) -> Result<u32, FieldError> {
    let bad = || {
        FieldError::new(
            field,
            "時間数は 0.5 時間単位で、0.5 から 200 までの数で入力してください（例: 1.5）。",
            "Enter the hours in half hours, from 0.5 to 200 (e.g. 1.5).",
        )
    };
    let v = fold(value).replace('．', ".");
    let v = v
        .trim()
        .trim_end_matches("時間")
        .trim_end_matches(['h', 'H'])
        .trim();
    if v.is_empty() {
        return Err(FieldError::new(
            field,
            "時間数を入力してください（例: 1.5）。",
            "Enter the hours (e.g. 1.5).",
        ));
    }
    let (whole, half) = match v.split_once('.') {
        None => (v, 0),
        Some((w, "5" | "50")) => (w, 1),
        Some((w, "0" | "00")) => (w, 0),
        Some(_) => return Err(bad()),
    };
    let whole = if whole.is_empty() && half == 1 {
        0
    } else {
        whole.parse::<u32>().map_err(|_| bad())?
    };
    let halves = whole.checked_mul(2).ok_or_else(bad)? + half;
    if halves == 0 || halves > HOURS_MAX * 2 {
        return Err(bad());
    }
    Ok(halves)
}

/// Half hours as people read them: `1.5`, `2`.
pub fn hours_text(half_hours: u32) -> String {
    if half_hours.is_multiple_of(2) {
        (half_hours / 2).to_string()
    } else {
        format!("{}.5", half_hours / 2)
    }
}

/// A module as the form gives it: its key (empty for a new one), title, stages and hours.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModuleDraft {
    pub key: String,
    pub title: String,
    pub stages: Vec<String>,
    pub hours: String,
}

/// A module of a curriculum: its key (stable across edits: what courses and records name),
/// title, the stages it covers and the hours it requires.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Module {
    pub key: u32,
    pub title: String,
    /// Stage codes.
    pub stages: Vec<String>,
    pub half_hours: u32,
}

impl Module {
    /// The stages it covers (codes this version knows).
    pub fn stage_list(&self) -> Vec<Stage> {
        self.stages
            .iter()
            .filter_map(|c| Stage::from_code(c))
            .collect()
    }
}

/// A curriculum as the form gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CurriculumDraft {
    pub title: String,
    pub description: String,
    pub modules: Vec<ModuleDraft>,
}

/// A curriculum, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Curriculum {
    pub title: String,
    pub description: String,
    pub modules: Vec<Module>,
}

impl CurriculumDraft {
    /// Checks the draft; a module row left empty is left out, a new module gets the next key
    /// after `known` (the keys the curriculum had). Every problem, each at its field.
    pub fn validate(&self, known: &[u32]) -> Result<Curriculum, Vec<FieldError>> {
        let mut e = Vec::new();
        let title = required(
            &mut e,
            "title",
            &self.title,
            TITLE_MAX,
            (
                "カリキュラムの名称を入力してください。",
                "Enter the curriculum's title.",
            ),
        );
        let description = text(&mut e, "description", &self.description, DESCRIPTION_MAX);
        let mut next = known.iter().max().copied().unwrap_or(0) + 1;
        let mut modules: Vec<Module> = Vec::new();
        for (i, m) in self.modules.iter().enumerate() {
            let field = MODULE_FIELDS[i.min(MODULE_FIELDS.len() - 1)];
            let t = clean(&m.title);
            let stages: Vec<Stage> = m
                .stages
                .iter()
                .filter_map(|c| Stage::from_code(fold(c).as_str()))
                .collect();
            if t.is_empty() && stages.is_empty() && fold(&m.hours).is_empty() {
                continue;
            }
            if t.is_empty() {
                e.push(FieldError::new(
                    field,
                    "科目の名称を入力してください。",
                    "Enter the module's title.",
                ));
            }
            too_long(&mut e, field, &t, TITLE_MAX);
            if stages.is_empty() {
                e.push(FieldError::new(
                    field,
                    "科目が扱う段階（①〜⑧）を一つ以上選んでください。",
                    "Choose at least one stage (①–⑧) the module covers.",
                ));
            }
            let half_hours = match parse_hours(field, &m.hours) {
                Ok(h) => h,
                Err(err) => {
                    e.push(err);
                    0
                }
            };
            let key = match fold(&m.key).parse::<u32>() {
                Ok(k) if known.contains(&k) && !modules.iter().any(|x| x.key == k) => k,
                _ => {
                    next += 1;
                    next - 1
                }
            };
            let mut codes: Vec<String> = Vec::new();
            for s in Stage::ALL.iter().filter(|s| stages.contains(s)) {
                codes.push(s.code().to_owned());
            }
            modules.push(Module {
                key,
                title: t,
                stages: codes,
                half_hours,
            });
        }
        if modules.is_empty() && !e.iter().any(|f| f.field.starts_with("module_")) {
            e.push(FieldError::new(
                "module_0",
                "科目を一つ以上、段階と時間数とともに入力してください。",
                "Enter at least one module with its stages and hours.",
            ));
        }
        if self.modules.len() > MODULES_MAX {
            e.push(FieldError::new(
                "module_0",
                "科目は8つまでです。",
                "At most 8 modules.",
            ));
        }
        if e.is_empty() {
            Ok(Curriculum {
                title,
                description,
                modules,
            })
        } else {
            Err(e)
        }
    }
}

/// The form fields of the modules, one per row.
pub const MODULE_FIELDS: [&str; MODULES_MAX] = [
    "module_0", "module_1", "module_2", "module_3", "module_4", "module_5", "module_6", "module_7",
];

/// An external training record (a national course, a society's seminar) as a city's staff
/// type it: the day, the hours, who gave it, its title, and what it counts towards — a
/// curriculum's module (`"curriculum:key"`) or stages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordDraft {
    pub held_on: String,
    pub hours: String,
    pub provider: String,
    pub title: String,
    pub module: String,
    pub stages: Vec<String>,
}

/// An external record, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalRecord {
    pub held_on: NaiveDate,
    pub half_hours: u32,
    pub provider: String,
    pub title: String,
    /// The curriculum and the key of the module it counts towards.
    pub module: Option<(i64, u32)>,
    /// The stages it covers (the module's, when a module is named and none are chosen).
    pub stages: Vec<Stage>,
}

impl RecordDraft {
    /// Checks the draft against the modules it may name (`(curriculum, module)`), and the day
    /// against `today` (a record is of a course held, not one to come).
    pub fn validate(
        &self,
        modules: &[(i64, &Module)],
        today: NaiveDate,
    ) -> Result<ExternalRecord, Vec<FieldError>> {
        let mut e = Vec::new();
        let held_on = match crate::jdate::parse(&self.held_on) {
            Some(d) if d <= today => Some(d),
            Some(_) => {
                e.push(FieldError::new(
                    "held_on",
                    "受講日は今日までの日付にしてください。",
                    "The day must be today or before.",
                ));
                None
            }
            None => {
                e.push(FieldError::new(
                    "held_on",
                    "受講日を 2026-11-20 または 令和8年11月20日 の形で入力してください。",
                    "Enter the day as 2026-11-20.",
                ));
                None
            }
        };
        let half_hours = parse_hours("hours", &self.hours)
            .map_err(|err| e.push(err))
            .unwrap_or(0);
        let provider = required(
            &mut e,
            "provider",
            &self.provider,
            PROVIDER_MAX,
            (
                "実施機関を入力してください（例: 厚生労働省）。",
                "Enter who gave the course.",
            ),
        );
        let title = required(
            &mut e,
            "title",
            &self.title,
            TITLE_MAX,
            (
                "研修の名称を入力してください。",
                "Enter the course's title.",
            ),
        );
        let module = match fold(&self.module).as_str() {
            "" => None,
            v => {
                let found = v.split_once(':').and_then(|(c, k)| {
                    let (c, k) = (c.parse::<i64>().ok()?, k.parse::<u32>().ok()?);
                    modules
                        .iter()
                        .find(|(cid, m)| *cid == c && m.key == k)
                        .map(|(cid, m)| (*cid, *m))
                });
                if found.is_none() {
                    e.push(FieldError::new(
                        "module",
                        "カリキュラムの科目は一覧から選んでください。",
                        "Choose the module from the list.",
                    ));
                }
                found
            }
        };
        let mut stages: Vec<Stage> = Vec::new();
        for c in &self.stages {
            match Stage::from_code(fold(c).as_str()) {
                Some(s) if !stages.contains(&s) => stages.push(s),
                Some(_) => {}
                None => e.push(FieldError::new(
                    "stages",
                    "段階は一覧から選んでください。",
                    "Choose the stages from the list.",
                )),
            }
        }
        if stages.is_empty()
            && let Some((_, m)) = module
        {
            stages = m.stage_list();
        }
        if stages.is_empty() && !e.iter().any(|f| f.field == "stages" || f.field == "module") {
            e.push(FieldError::new(
                "stages",
                "研修が扱う段階を選ぶか、カリキュラムの科目を選んでください。",
                "Choose the stages the course covered, or a curriculum's module.",
            ));
        }
        stages.sort_by_key(|s| s.number());
        match (held_on, e.is_empty()) {
            (Some(held_on), true) => Ok(ExternalRecord {
                held_on,
                half_hours,
                provider,
                title,
                module: module.map(|(c, m)| (c, m.key)),
                stages,
            }),
            _ => Err(e),
        }
    }
}

/// One record's hours as completion and the matrix read them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hours {
    pub module: Option<(i64, u32)>,
    pub stages: Vec<Stage>,
    pub half_hours: u32,
}

/// The half hours earned towards each module of curriculum `curriculum`, by module key.
pub fn module_hours(curriculum: i64, records: &[Hours]) -> HashMap<u32, u32> {
    let mut out = HashMap::new();
    for r in records {
        if let Some((c, k)) = r.module
            && c == curriculum
        {
            *out.entry(k).or_insert(0) += r.half_hours;
        }
    }
    out
}

/// Whether `records` complete the curriculum: it has modules, and every one of them has its
/// required hours met by the records naming it.
pub fn completes(curriculum: i64, modules: &[Module], records: &[Hours]) -> bool {
    let earned = module_hours(curriculum, records);
    !modules.is_empty()
        && modules
            .iter()
            .all(|m| earned.get(&m.key).copied().unwrap_or(0) >= m.half_hours)
}

/// A coordinator's standing at one stage: in their profile's expertise, the half hours of
/// training that covered it, and whether a certificate they hold covers it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cell {
    pub expertise: bool,
    pub half_hours: u32,
    pub certified: bool,
}

impl Cell {
    /// Trained for the stage: some training hours at it, or a certificate covering it.
    pub fn trained(&self) -> bool {
        self.half_hours > 0 || self.certified
    }
}

/// A coordinator's row of the skills matrix, stage by stage (①–⑧): `expertise` their
/// profile's stages, `certified` the stages of the curricula they hold certificates of.
pub fn matrix(expertise: &[Stage], records: &[Hours], certified: &[Stage]) -> [Cell; 8] {
    let mut row = [Cell::default(); 8];
    for s in Stage::ALL {
        let i = s as usize;
        row[i].expertise = expertise.contains(&s);
        row[i].certified = certified.contains(&s);
        row[i].half_hours = records
            .iter()
            .filter(|r| r.stages.contains(&s))
            .map(|r| r.half_hours)
            .sum();
    }
    row
}

/// A city's gap at one stage: its products at the stage against its coordinators trained
/// for it (and those whose profile names it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gap {
    pub stage: Stage,
    pub products: u32,
    pub trained: u32,
    pub experienced: u32,
}

impl Gap {
    /// Products are at the stage and no coordinator of the city is trained for it.
    pub fn uncovered(&self) -> bool {
        self.products > 0 && self.trained == 0
    }
}

/// The gaps of a city: `products[i]` its products at stage i+1, `rows` its coordinators'.
pub fn gaps(products: [u32; 8], rows: &[[Cell; 8]]) -> Vec<Gap> {
    Stage::ALL
        .iter()
        .map(|&s| {
            let i = s as usize;
            let count = |f: fn(&Cell) -> bool| {
                u32::try_from(rows.iter().filter(|r| f(&r[i])).count()).unwrap_or(u32::MAX)
            };
            Gap {
                stage: s,
                products: products[i],
                trained: count(Cell::trained),
                experienced: count(|c| c.expertise),
            }
        })
        .collect()
}

/// A certificate's number: the fiscal year of issue and the certificate's id
/// (`2026-00012`, shown as 第2026-00012号).
pub fn certificate_number(fiscal_year: i32, id: i64) -> String {
    format!("{fiscal_year}-{id:05}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_are_read_in_half_hours_with_full_width_digits_folded() {
        assert_eq!(parse_hours("hours", "2"), Ok(4));
        assert_eq!(parse_hours("hours", "1.5"), Ok(3));
        assert_eq!(parse_hours("hours", "１．５"), Ok(3));
        assert_eq!(parse_hours("hours", "３時間"), Ok(6));
        assert_eq!(parse_hours("hours", "0.5h"), Ok(1));
        assert_eq!(parse_hours("hours", ".5"), Ok(1));
        assert_eq!(parse_hours("hours", "2.0"), Ok(4));
        for bad in ["", "0", "1.25", "-1", "abc", "201", "1.7"] {
            let err = parse_hours("hours", bad).unwrap_err();
            assert_eq!(err.field, "hours", "{bad}");
        }
        assert_eq!(parse_hours("hours", "200"), Ok(400));
        assert_eq!(hours_text(3), "1.5");
        assert_eq!(hours_text(4), "2");
    }

    fn draft(rows: &[(&str, &str, &[&str], &str)]) -> CurriculumDraft {
        CurriculumDraft {
            title: "基礎課程".into(),
            description: String::new(),
            modules: rows
                .iter()
                .map(|(key, title, stages, hours)| ModuleDraft {
                    key: (*key).into(),
                    title: (*title).into(),
                    stages: stages.iter().map(|s| (*s).to_owned()).collect(),
                    hours: (*hours).into(),
                })
                .collect(),
        }
    }

    #[test]
    fn a_curriculum_keeps_its_module_keys_and_numbers_new_ones() {
        let c = draft(&[
            ("", "薬事の基礎", &["regulatory", "certification"], "3"),
            ("", "", &[], ""),
            ("", "販路開拓", &["sales"], "１．５"),
        ])
        .validate(&[])
        .unwrap();
        assert_eq!(c.modules.len(), 2);
        assert_eq!(c.modules[0].key, 1);
        assert_eq!(c.modules[0].stages, vec!["certification", "regulatory"]);
        assert_eq!(c.modules[1].key, 2);
        assert_eq!(c.modules[1].half_hours, 3);
        let again = draft(&[
            ("2", "販路開拓", &["sales"], "2"),
            ("", "治験", &["clinical"], "1"),
        ])
        .validate(&[1, 2])
        .unwrap();
        assert_eq!(again.modules[0].key, 2);
        assert_eq!(
            again.modules[1].key, 3,
            "a new module never takes a known key"
        );
    }

    #[test]
    fn a_curriculum_says_which_row_is_wrong() {
        let e = draft(&[("", "薬事", &[], "3"), ("", "販路", &["sales"], "0.3")])
            .validate(&[])
            .unwrap_err();
        let fields: Vec<&str> = e.iter().map(|f| f.field).collect();
        assert_eq!(fields, vec!["module_0", "module_1"]);
        let none = CurriculumDraft::default().validate(&[]).unwrap_err();
        let fields: Vec<&str> = none.iter().map(|f| f.field).collect();
        assert_eq!(fields, vec!["title", "module_0"]);
    }

    fn module(key: u32, stages: &[&str], half_hours: u32) -> Module {
        Module {
            key,
            title: format!("科目{key}"),
            stages: stages.iter().map(|s| (*s).to_owned()).collect(),
            half_hours,
        }
    }

    fn hours(module: Option<(i64, u32)>, stages: &[Stage], half_hours: u32) -> Hours {
        Hours {
            module,
            stages: stages.to_vec(),
            half_hours,
        }
    }

    #[test]
    fn a_curriculum_is_completed_when_every_module_has_its_hours() {
        let modules = [module(1, &["regulatory"], 4), module(2, &["sales"], 3)];
        let mut records = vec![hours(Some((7, 1)), &[Stage::Regulatory], 2)];
        assert!(!completes(7, &modules, &records));
        records.push(hours(Some((7, 1)), &[Stage::Regulatory], 2));
        records.push(hours(Some((7, 2)), &[Stage::Sales], 2));
        assert!(
            !completes(7, &modules, &records),
            "module 2 lacks half an hour"
        );
        records.push(hours(Some((8, 2)), &[Stage::Sales], 5));
        assert!(
            !completes(7, &modules, &records),
            "another curriculum's hours do not count"
        );
        records.push(hours(None, &[Stage::Sales], 5));
        assert!(!completes(7, &modules, &records), "nor hours of no module");
        records.push(hours(Some((7, 2)), &[Stage::Sales], 1));
        assert!(completes(7, &modules, &records));
        assert!(
            !completes(7, &[], &records),
            "an empty curriculum is never done"
        );
    }

    #[test]
    fn the_matrix_counts_hours_at_every_stage_a_record_covers_and_gaps_flag_uncovered_stages() {
        let a = matrix(
            &[Stage::Discovery],
            &[
                hours(None, &[Stage::Regulatory, Stage::Certification], 4),
                hours(None, &[Stage::Regulatory], 1),
            ],
            &[Stage::Sales],
        );
        assert_eq!(a[Stage::Regulatory as usize].half_hours, 5);
        assert_eq!(a[Stage::Certification as usize].half_hours, 4);
        assert!(a[Stage::Discovery as usize].expertise);
        assert!(!a[Stage::Discovery as usize].trained());
        assert!(a[Stage::Sales as usize].trained());
        let b = matrix(&[Stage::Clinical], &[], &[]);
        let g = gaps([2, 0, 0, 1, 0, 3, 0, 0], &[a, b]);
        let discovery = g[0];
        assert_eq!(
            (discovery.products, discovery.trained, discovery.experienced),
            (2, 0, 1)
        );
        assert!(
            discovery.uncovered(),
            "experience without training is a gap"
        );
        assert!(!g[3].uncovered());
        assert_eq!(g[3].trained, 1);
        assert!(g[5].uncovered());
        assert!(!g[6].uncovered(), "a stage without products is no gap");
    }

    #[test]
    fn an_external_record_names_a_module_or_stages() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        let m = module(2, &["regulatory"], 4);
        let modules = [(5, &m)];
        let ok = RecordDraft {
            held_on: "令和8年11月20日".into(),
            hours: "２.5".into(),
            provider: "厚生労働省".into(),
            title: "医療機器開発研修".into(),
            module: "5:2".into(),
            stages: vec![],
        }
        .validate(&modules, today)
        .unwrap();
        assert_eq!(ok.half_hours, 5);
        assert_eq!(ok.module, Some((5, 2)));
        assert_eq!(ok.stages, vec![Stage::Regulatory]);
        let bad = RecordDraft {
            held_on: "2027-01-01".into(),
            hours: "1".into(),
            provider: String::new(),
            title: "x".into(),
            module: "5:9".into(),
            stages: vec![],
        }
        .validate(&modules, today)
        .unwrap_err();
        let fields: Vec<&str> = bad.iter().map(|f| f.field).collect();
        assert_eq!(fields, vec!["held_on", "provider", "module"]);
        assert_eq!(certificate_number(2026, 12), "2026-00012");
    }
}
