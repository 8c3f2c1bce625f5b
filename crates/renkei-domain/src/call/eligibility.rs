//! Who may apply to a call: the company types of the model, the company sizes of Japan's SME
//! policy, the stages the product must be at, and where the company is at home (one of the
//! call's cities, or any designated city). Each rule is checked before an application is
//! submitted, and a refusal names the rule that is not met ([`unmet`]).

use serde::Serialize;

use crate::FieldError;
use crate::catalog::{CompanyType, Stage};
use crate::city::CityCode;
use crate::company::CompanySize;
use crate::i18n::Words;
use crate::text::fold;

/// Where an applicant must be at home.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Home {
    /// One of the call's cities.
    CallCities,
    /// Any designated city.
    AnyCity,
}

impl Home {
    pub fn code(self) -> &'static str {
        match self {
            Home::CallCities => "call_cities",
            Home::AnyCity => "any_city",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [Home::CallCities, Home::AnyCity]
            .into_iter()
            .find(|h| h.code() == code)
    }
}

/// The rules as a form gives them (codes; an empty set: no rule).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EligibilityDraft {
    pub company_types: Vec<String>,
    pub sizes: Vec<String>,
    pub stages: Vec<String>,
    pub home: String,
}

/// Who may apply. An empty set asks nothing of that kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Eligibility {
    #[serde(serialize_with = "type_codes")]
    pub company_types: Vec<CompanyType>,
    #[serde(serialize_with = "size_codes")]
    pub sizes: Vec<CompanySize>,
    #[serde(serialize_with = "stage_codes")]
    pub stages: Vec<Stage>,
    pub home: Home,
}

impl Default for Eligibility {
    fn default() -> Self {
        Eligibility {
            company_types: Vec::new(),
            sizes: Vec::new(),
            stages: Vec::new(),
            home: Home::CallCities,
        }
    }
}

fn type_codes<S: serde::Serializer>(v: &[CompanyType], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(v.iter().map(|t| t.code()))
}
fn size_codes<S: serde::Serializer>(v: &[CompanySize], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(v.iter().map(|t| t.code()))
}
fn stage_codes<S: serde::Serializer>(v: &[Stage], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(v.iter().map(|t| t.code()))
}

/// Each code read by `parse`, once each in the order of `all`; a code it does not know is the
/// field's error.
fn set<T: Copy + PartialEq>(
    e: &mut Vec<FieldError>,
    field: &'static str,
    codes: &[String],
    parse: impl Fn(&str) -> Option<T>,
    all: &[T],
) -> Vec<T> {
    let mut chosen = Vec::new();
    for code in codes.iter().map(|c| fold(c)).filter(|c| !c.is_empty()) {
        match parse(&code) {
            Some(v) => chosen.push(v),
            None => {
                e.push(FieldError::new(
                    field,
                    "一覧にない選択肢が送られました。選び直してください。",
                    "A choice not on the list was sent; choose again.",
                ));
                return Vec::new();
            }
        }
    }
    all.iter().copied().filter(|v| chosen.contains(v)).collect()
}

impl EligibilityDraft {
    /// The rules; what is wrong goes to `e`.
    pub fn validate(&self, e: &mut Vec<FieldError>) -> Eligibility {
        let company_types = set(
            e,
            "eligible_company_types",
            &self.company_types,
            CompanyType::from_code,
            &CompanyType::ALL,
        );
        let sizes = set(
            e,
            "eligible_sizes",
            &self.sizes,
            CompanySize::from_code,
            &CompanySize::ALL,
        );
        let stages = set(
            e,
            "eligible_stages",
            &self.stages,
            Stage::from_code,
            &Stage::ALL,
        );
        let home = match fold(&self.home).as_str() {
            "" => Home::CallCities,
            code => Home::from_code(code).unwrap_or_else(|| {
                e.push(FieldError::new(
                    "eligible_home",
                    "申請できる企業の所在地を選んでください。",
                    "Choose where applicants must be at home.",
                ));
                Home::CallCities
            }),
        };
        Eligibility {
            company_types,
            sizes,
            stages,
            home,
        }
    }
}

impl Eligibility {
    /// The draft a form shows for these rules.
    pub fn draft(&self) -> EligibilityDraft {
        EligibilityDraft {
            company_types: self.company_types.iter().map(|t| t.code().into()).collect(),
            sizes: self.sizes.iter().map(|t| t.code().into()).collect(),
            stages: self.stages.iter().map(|t| t.code().into()).collect(),
            home: self.home.code().into(),
        }
    }

    /// Whether an application must name a product (a stage rule is checked on it).
    pub fn needs_product(&self) -> bool {
        !self.stages.is_empty()
    }
}

/// What the rules are checked against.
#[derive(Debug, Clone, Copy)]
pub struct Applicant<'a> {
    pub company_type: Option<CompanyType>,
    pub size: Option<CompanySize>,
    pub home_city: &'a CityCode,
    /// The stage of the product applied with, if one is.
    pub product_stage: Option<Stage>,
}

/// The rules an applicant does not meet, each naming the rule (none: eligible).
pub fn unmet(rules: &Eligibility, call_cities: &[CityCode], a: &Applicant<'_>) -> Vec<Words> {
    let mut out = Vec::new();
    if !rules.company_types.is_empty()
        && !a
            .company_type
            .is_some_and(|t| rules.company_types.contains(&t))
    {
        let names: Vec<&str> = rules.company_types.iter().map(|t| t.name().ja).collect();
        out.push(Words::new(
            format!(
                "企業の類型の要件を満たしていません（対象: {}）。企業情報の「企業の類型」を確認してください。",
                names.join("、")
            ),
            "The company's type is not one this call is for. Check the company's type.",
        ));
    }
    if !rules.sizes.is_empty() && !a.size.is_some_and(|s| rules.sizes.contains(&s)) {
        let names: Vec<&str> = rules.sizes.iter().map(|t| t.name().ja).collect();
        out.push(Words::new(
            format!(
                "企業規模の要件を満たしていません（対象: {}）。企業情報の「企業規模」を確認してください。",
                names.join("、")
            ),
            "The company's size is not one this call is for. Check the company's size.",
        ));
    }
    if !rules.stages.is_empty() {
        match a.product_stage {
            None => out.push(Words::new(
                "この公募は開発案件の段階が要件です。申請する開発案件を選んでください。",
                "This call asks for a product at given stages; choose the product.",
            )),
            Some(s) if !rules.stages.contains(&s) => {
                let names: Vec<String> = rules
                    .stages
                    .iter()
                    .map(|t| t.name().ja.to_owned())
                    .collect();
                out.push(Words::new(
                    format!(
                        "開発案件の段階の要件を満たしていません（対象: {}、現在: {}）。",
                        names.join("、"),
                        s.name().ja
                    ),
                    "The product is not at a stage this call is for.",
                ));
            }
            Some(_) => {}
        }
    }
    if rules.home == Home::CallCities && !call_cities.contains(a.home_city) {
        out.push(Words::new(
            "所在地の要件を満たしていません。この公募は実施する市に所在する企業が対象です。",
            "Only companies at home in the call's cities may apply.",
        ));
    }
    out
}
