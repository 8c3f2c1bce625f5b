//! The coordinator network (コーディネーターの連携): each coordinator's profile — expertise by
//! stage, fields, regulatory class experience, organisation, languages, capacity and
//! availability — read across every designated city in a directory ([`Filter`]), and
//! requests for help across cities (相互支援の依頼, [`help`]), a workflow of the one mechanism;
//! the sites each coordinator can introduce for trials and verification ([`sites`]).
//!
//! A profile is the coordinator's own, and their city's staff keep it too; who may do what is
//! `access::network`. The directory is filtered here, on the profiles the store reads, so the
//! rule is one pure function for the pages and the API alike.

pub mod help;
pub mod sites;
pub mod thread;

use chrono::NaiveDate;

use crate::FieldError;
use crate::catalog::Stage;
use crate::city::CityCode;
use crate::i18n::Text;
use crate::kernel::{coded_enum, invalid, text};

coded_enum!(
    /// A field a coordinator knows (分野).
    Field {
        MedicalDevices = "medical-devices" / "医療機器" / "Medical devices",
        NursingCare = "nursing-care" / "介護" / "Nursing care",
        WelfareEquipment = "welfare-equipment" / "福祉用具" / "Welfare equipment",
        IctHealth = "ict-health" / "ICT・ヘルスケアサービス" / "ICT and health services",
        Regulatory = "regulatory" / "薬事" / "Regulatory affairs",
        Clinical = "clinical" / "臨床・治験" / "Clinical research and trials",
        SalesChannels = "sales-channels" / "販路" / "Sales channels",
    }
);

coded_enum!(
    /// A device class whose approval or certification a coordinator has seen through
    /// (承認・認証の経験).
    DeviceClass {
        ClassI = "class-1" / "クラスⅠ" / "Class I",
        ClassII = "class-2" / "クラスⅡ" / "Class II",
        ClassIII = "class-3" / "クラスⅢ" / "Class III",
        ClassIV = "class-4" / "クラスⅣ" / "Class IV",
    }
);

coded_enum!(
    /// A language a coordinator works in.
    Language {
        Japanese = "ja" / "日本語" / "Japanese",
        English = "en" / "英語" / "English",
        Chinese = "zh" / "中国語" / "Chinese",
        Korean = "ko" / "韓国語" / "Korean",
        Vietnamese = "vi" / "ベトナム語" / "Vietnamese",
    }
);

coded_enum!(
    /// Whether a coordinator takes new requests.
    Availability {
        Accepting = "accepting" / "受付中" / "Accepting requests",
        Limited = "limited" / "一部受付（要相談）" / "Limited",
        NotAccepting = "not-accepting" / "受付停止中" / "Not accepting",
    }
);

/// The most requests a coordinator may say they take at once.
pub const CAPACITY_MAX: u32 = 50;
/// The longest introduction.
pub const SUMMARY_MAX: usize = 300;

/// A profile as the form (or the API) sends it: codes, and text as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileDraft {
    pub stages: Vec<String>,
    pub fields: Vec<String>,
    pub classes: Vec<String>,
    pub languages: Vec<String>,
    /// One of the city's support organisations (its id), or empty for the city itself.
    pub organization: String,
    pub capacity: String,
    pub availability: String,
    /// The day the availability holds until (optional; 和暦 or 2027-01-15).
    pub until: String,
    pub summary: String,
}

/// A profile, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub stages: Vec<Stage>,
    pub fields: Vec<Field>,
    pub classes: Vec<DeviceClass>,
    pub languages: Vec<Language>,
    pub organization: Option<i64>,
    pub capacity: u32,
    pub availability: Availability,
    pub until: Option<NaiveDate>,
    pub summary: String,
}

/// The codes of a list that `parse` knows, in the list's order, each once; an unknown code is
/// `field`'s error.
fn codes<T: PartialEq>(
    errors: &mut Vec<FieldError>,
    field: &'static str,
    given: &[String],
    parse: impl Fn(&str) -> Option<T>,
) -> Vec<T> {
    let mut out = Vec::new();
    for code in given.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
        match parse(code) {
            Some(v) if !out.contains(&v) => out.push(v),
            Some(_) => {}
            None => {
                invalid::<()>(
                    errors,
                    field,
                    "一覧から選んでください。",
                    "Choose from the list.",
                );
                return out;
            }
        }
    }
    out
}

impl ProfileDraft {
    /// Checks the draft against the coordinator's city's `organizations` (ids): every problem,
    /// each at its field.
    pub fn validate(&self, organizations: &[i64]) -> Result<Profile, Vec<FieldError>> {
        let mut errors = Vec::new();
        let stages = codes(&mut errors, "stages", &self.stages, Stage::from_code);
        if stages.is_empty() && !errors.iter().any(|e| e.field == "stages") {
            invalid::<()>(
                &mut errors,
                "stages",
                "支援できる段階を一つ以上選んでください。",
                "Choose at least one stage.",
            );
        }
        let fields = codes(&mut errors, "fields", &self.fields, Field::from_code);
        if fields.is_empty() && !errors.iter().any(|e| e.field == "fields") {
            invalid::<()>(
                &mut errors,
                "fields",
                "得意な分野を一つ以上選んでください。",
                "Choose at least one field.",
            );
        }
        let classes = codes(
            &mut errors,
            "classes",
            &self.classes,
            DeviceClass::from_code,
        );
        let languages = codes(
            &mut errors,
            "languages",
            &self.languages,
            Language::from_code,
        );
        let organization = match crate::text::fold(&self.organization).trim() {
            "" => None,
            id => match id.parse().ok().filter(|id| organizations.contains(id)) {
                Some(id) => Some(id),
                None => invalid(
                    &mut errors,
                    "organization",
                    "所属は、市か市の支援機関から選んでください。",
                    "Choose the city or one of its support organisations.",
                ),
            },
        };
        let capacity = crate::text::fold(&self.capacity)
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=CAPACITY_MAX).contains(n))
            .or_else(|| {
                invalid(
                    &mut errors,
                    "capacity",
                    "同時に受けられる依頼の数を1から50の数字で入力してください。",
                    "Enter how many requests at once, 1 to 50.",
                )
            });
        let availability = Availability::from_code(self.availability.trim()).or_else(|| {
            invalid(
                &mut errors,
                "availability",
                "受付の状況を選んでください。",
                "Choose the availability.",
            )
        });
        let until = match self.until.trim() {
            "" => None,
            day => crate::jdate::parse(day).or_else(|| {
                invalid(
                    &mut errors,
                    "until",
                    "日付を「令和9年1月15日」か「2027-01-15」の形で入力してください。",
                    "Enter a date such as 2027-01-15.",
                )
            }),
        };
        let summary = text(&mut errors, "summary", &self.summary, SUMMARY_MAX);
        match (capacity, availability) {
            (Some(capacity), Some(availability)) if errors.is_empty() => Ok(Profile {
                stages,
                fields,
                classes,
                languages,
                organization,
                capacity,
                availability,
                until,
                summary,
            }),
            _ => Err(errors),
        }
    }
}

impl Profile {
    /// Whether the coordinator takes requests on `day`: not while "not accepting" (until its
    /// day, if one is given; after it, accepting again).
    pub fn takes_requests(&self, day: NaiveDate) -> bool {
        match (self.availability, self.until) {
            (Availability::NotAccepting, Some(until)) => day > until,
            (Availability::NotAccepting, None) => false,
            _ => true,
        }
    }

    /// Whether the coordinator has room for another request, with `open` on their hands.
    pub fn has_room(&self, open: usize) -> bool {
        u32::try_from(open).is_ok_and(|n| n < self.capacity)
    }

    /// Whether the profile answers a need: its field, and the stage and the class when
    /// given.
    pub fn answers(&self, field: Field, stage: Option<Stage>, class: Option<DeviceClass>) -> bool {
        self.fields.contains(&field)
            && stage.is_none_or(|s| self.stages.contains(&s))
            && class.is_none_or(|c| self.classes.contains(&c))
    }
}

/// The directory's filters, each optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub stage: Option<Stage>,
    pub field: Option<Field>,
    pub class: Option<DeviceClass>,
    pub city: Option<CityCode>,
    /// One support organisation (its id).
    pub organization: Option<i64>,
    pub language: Option<Language>,
    pub availability: Option<Availability>,
}

impl Filter {
    /// The filters from a query's codes; a code that is not known is left out (a list is
    /// never an error).
    pub fn from_codes(q: &FilterCodes) -> Filter {
        let code = |v: &Option<String>| v.as_deref().map(str::trim).unwrap_or_default().to_owned();
        Filter {
            stage: Stage::from_code(&code(&q.stage)),
            field: Field::from_code(&code(&q.field)),
            class: DeviceClass::from_code(&code(&q.class)),
            city: CityCode::parse(&code(&q.city)).ok(),
            organization: code(&q.organization).parse().ok(),
            language: Language::from_code(&code(&q.language)),
            availability: Availability::from_code(&code(&q.availability)),
        }
    }

    /// Whether a coordinator of `city` with `profile` is listed.
    pub fn keeps(&self, city: &CityCode, p: &Profile) -> bool {
        self.stage.is_none_or(|s| p.stages.contains(&s))
            && self.field.is_none_or(|f| p.fields.contains(&f))
            && self.class.is_none_or(|c| p.classes.contains(&c))
            && self.city.is_none_or(|c| c == *city)
            && self.organization.is_none_or(|o| p.organization == Some(o))
            && self.language.is_none_or(|l| p.languages.contains(&l))
            && self.availability.is_none_or(|a| p.availability == a)
    }
}

/// The directory's filters as a query gives them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterCodes {
    pub stage: Option<String>,
    pub field: Option<String>,
    pub class: Option<String>,
    pub city: Option<String>,
    pub organization: Option<String>,
    pub language: Option<String>,
    pub availability: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> ProfileDraft {
        ProfileDraft {
            stages: vec!["regulatory".into(), "clinical".into(), "regulatory".into()],
            fields: vec!["medical-devices".into()],
            classes: vec!["class-2".into()],
            languages: vec!["ja".into(), "en".into()],
            organization: "7".into(),
            capacity: "３".into(),
            availability: "limited".into(),
            until: "2027-03-31".into(),
            summary: " 薬事申請の支援が得意です ".into(),
        }
    }

    #[test]
    fn a_profile_is_read_from_its_codes_with_every_problem_at_its_field() {
        let p = draft().validate(&[7]).unwrap();
        assert_eq!(p.stages, [Stage::Regulatory, Stage::Clinical]);
        assert_eq!(p.capacity, 3);
        assert_eq!(p.organization, Some(7));
        assert_eq!(p.summary, "薬事申請の支援が得意です");
        let wrong = ProfileDraft {
            stages: vec![],
            fields: vec!["cooking".into()],
            organization: "8".into(),
            capacity: "0".into(),
            availability: "".into(),
            until: "いつか".into(),
            ..draft()
        }
        .validate(&[7])
        .unwrap_err();
        let fields: Vec<_> = wrong.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "stages",
                "fields",
                "organization",
                "capacity",
                "availability",
                "until"
            ]
        );
    }

    #[test]
    fn the_directory_keeps_what_every_filter_asks_for() {
        let chiba = CityCode::parse("121002").unwrap();
        let p = draft().validate(&[7]).unwrap();
        assert!(Filter::default().keeps(&chiba, &p));
        let codes = FilterCodes {
            stage: Some("regulatory".into()),
            field: Some("medical-devices".into()),
            class: Some("class-2".into()),
            city: Some("121002".into()),
            organization: Some("7".into()),
            language: Some("en".into()),
            availability: Some("limited".into()),
        };
        assert!(Filter::from_codes(&codes).keeps(&chiba, &p));
        for other in [
            FilterCodes {
                stage: Some("sales".into()),
                ..codes.clone()
            },
            FilterCodes {
                class: Some("class-4".into()),
                ..codes.clone()
            },
            FilterCodes {
                city: Some("341002".into()),
                ..codes.clone()
            },
            FilterCodes {
                language: Some("zh".into()),
                ..codes.clone()
            },
            FilterCodes {
                availability: Some("accepting".into()),
                ..codes.clone()
            },
            FilterCodes {
                organization: Some("8".into()),
                ..codes.clone()
            },
        ] {
            assert!(!Filter::from_codes(&other).keeps(&chiba, &p), "{other:?}");
        }
        // An unknown code filters nothing.
        let unknown = FilterCodes {
            field: Some("cooking".into()),
            ..Default::default()
        };
        assert!(Filter::from_codes(&unknown).keeps(&chiba, &p));
    }

    #[test]
    fn availability_and_needs() {
        let day = |d| NaiveDate::from_ymd_opt(2027, 1, d).unwrap();
        let mut p = draft().validate(&[7]).unwrap();
        assert!(p.takes_requests(day(5)));
        p.availability = Availability::NotAccepting;
        p.until = Some(day(10));
        assert!(!p.takes_requests(day(10)) && p.takes_requests(day(11)));
        p.until = None;
        assert!(!p.takes_requests(day(11)));
        assert!(p.answers(
            Field::MedicalDevices,
            Some(Stage::Regulatory),
            Some(DeviceClass::ClassII)
        ));
        assert!(p.answers(Field::MedicalDevices, None, None));
        assert!(!p.answers(Field::MedicalDevices, None, Some(DeviceClass::ClassIII)));
        assert!(!p.answers(Field::NursingCare, None, None));
        assert!(p.has_room(2) && !p.has_room(3));
    }
}
