//! Products and services under development (開発案件) and the rules of their path through
//! the eight stages: moves with a reason, ⑦ after ⑧ as a usual move, steps back allowed and
//! shown as such; continue-or-withdraw decisions (事業継続・撤退判断); the evaluations and
//! local adoptions that make a product eligible for an inter-city referral.

use chrono::NaiveDate;

use crate::FieldError;
use crate::catalog::{CompanyType, Stage, may_follow};
use crate::city::CityCode;
use crate::i18n::Text;
use crate::jdate;
use crate::kernel::{choice, coded_enum, invalid, required, text};
use crate::text::fold;

pub const NAME_MAX: usize = 200;
pub const TEXT_MAX: usize = 4000;
pub const SHORT_MAX: usize = 200;

coded_enum!(
    /// The regulatory class of a product under Japan's 医薬品医療機器等法.
    RegulatoryClass {
        NotMedical = "not-medical" / "医療機器等に該当しない" / "Not a medical product",
        ClassI = "class-1" / "一般医療機器（クラスⅠ）" / "General medical device (class I)",
        ClassII = "class-2" / "管理医療機器（クラスⅡ）" / "Controlled medical device (class II)",
        ClassIII = "class-3" / "高度管理医療機器（クラスⅢ）" / "Specially controlled device (class III)",
        ClassIV = "class-4" / "高度管理医療機器（クラスⅣ）" / "Specially controlled device (class IV)",
        Program = "program" / "プログラム医療機器" / "Software as a medical device",
        InVitro = "in-vitro" / "体外診断用医薬品" / "In-vitro diagnostic",
        Undetermined = "undetermined" / "未判定（相談中）" / "Not yet determined",
    }
);

coded_enum!(
    /// Where the product's intellectual property stands.
    IpStatus {
        None = "none" / "出願なし" / "None filed",
        Pending = "pending" / "出願中" / "Pending",
        Granted = "granted" / "取得済み" / "Granted",
        Licensed = "licensed" / "ライセンス利用" / "Licensed in",
    }
);

coded_enum!(
    /// An evaluation in the home city that counts toward a referral (第3章 3).
    EvaluationKind {
        RdGrant = "rd-grant" / "研究開発助成・補助金の採択" / "R&D grant awarded",
        Award = "award" / "表彰（ベンチャーカップ等）" / "Award (venture cup and the like)",
        Incubation = "incubation" / "インキュベーション施設入居" / "Incubation tenancy",
        ResearchGroup = "research-group" / "研究会への参加" / "Research-group membership",
        Certification = "certification" / "技術認定" / "Technology certification",
        Other = "other" / "その他の評価" / "Other evaluation",
    }
);

coded_enum!(
    /// Who adopted a product locally (地元展開).
    AdopterKind {
        Hospital = "hospital" / "病院・診療所" / "Hospital or clinic",
        MutualAid = "mutual-aid" / "共済組合・健康保険組合" / "Mutual-aid or health-insurance society",
        CareFacility = "care-facility" / "介護施設" / "Nursing-care facility",
        School = "school" / "学校" / "School",
        Government = "government" / "自治体" / "Local government",
        Other = "other" / "その他" / "Other",
    }
);

coded_enum!(
    /// A product's state: in development, or withdrawn by a decision.
    ProductStatus {
        Active = "active" / "開発中" / "In development",
        Withdrawn = "withdrawn" / "撤退" / "Withdrawn",
    }
);

/// A product as typed into a form, an API call or an import row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProductDraft {
    pub name: String,
    pub summary: String,
    pub category: String,
    /// Empty: the company's type.
    pub company_type: String,
    /// The stage's number (1–8) or code; only when registering (later, stages move).
    pub stage: String,
    pub target_users: String,
    pub regulatory_class: String,
    pub regulatory_status: String,
    pub ip_status: String,
}

/// A valid product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    pub name: String,
    pub summary: String,
    pub category: String,
    pub company_type: Option<CompanyType>,
    pub stage: Stage,
    pub target_users: String,
    pub regulatory_class: Option<RegulatoryClass>,
    pub regulatory_status: String,
    pub ip_status: Option<IpStatus>,
}

/// A stage as typed: its number (full- or half-width, or circled) or its code.
pub fn parse_stage(input: &str) -> Option<Stage> {
    let s = fold(input);
    let s = s.trim_start_matches('段').trim_end_matches("段階");
    if let Ok(n) = s.parse::<u8>() {
        return Stage::from_number(n);
    }
    Stage::ALL
        .into_iter()
        .find(|st| st.mark() == s || st.code() == s)
}

/// The error of a choice not in its list.
const FROM_LIST: (&str, &str) = ("一覧から選んでください。", "Choose from the list.");

impl ProductDraft {
    pub fn validate(&self) -> Result<Product, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = required(
            &mut errors,
            "name",
            &self.name,
            NAME_MAX,
            (
                "商品・サービス名を入力してください。",
                "Enter the product's name.",
            ),
        );
        let summary = text(&mut errors, "summary", &self.summary, TEXT_MAX);
        let category = text(&mut errors, "category", &self.category, SHORT_MAX);
        let target_users = text(&mut errors, "target_users", &self.target_users, SHORT_MAX);
        let regulatory_status = text(
            &mut errors,
            "regulatory_status",
            &self.regulatory_status,
            SHORT_MAX,
        );
        let company_type = choice(
            &mut errors,
            "company_type",
            &self.company_type,
            CompanyType::from_code,
            FROM_LIST,
        );
        let stage = if fold(&self.stage).is_empty() {
            invalid(
                &mut errors,
                "stage",
                "現在の段階を選んでください。",
                "Choose the current stage.",
            )
        } else {
            choice(&mut errors, "stage", &self.stage, parse_stage, FROM_LIST)
        };
        let regulatory_class = choice(
            &mut errors,
            "regulatory_class",
            &self.regulatory_class,
            RegulatoryClass::from_code,
            FROM_LIST,
        );
        let ip_status = choice(
            &mut errors,
            "ip_status",
            &self.ip_status,
            IpStatus::from_code,
            FROM_LIST,
        );
        match (stage, errors.is_empty()) {
            (Some(stage), true) => Ok(Product {
                name,
                summary,
                category,
                company_type,
                stage,
                target_users,
                regulatory_class,
                regulatory_status,
                ip_status,
            }),
            _ => Err(errors),
        }
    }
}

/// How a stage move relates to the model's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoveKind {
    /// To the next stage, or ⑦ after ⑧ (sales may follow production).
    Forward,
    /// Past one or more stages.
    Skip,
    /// Back to an earlier stage (a redesign, a failed trial …).
    Back,
}

impl MoveKind {
    pub fn of(from: Stage, to: Stage) -> Option<MoveKind> {
        if from == to {
            None
        } else if may_follow(from, to) {
            Some(MoveKind::Forward)
        } else if to.number() > from.number() {
            Some(MoveKind::Skip)
        } else {
            Some(MoveKind::Back)
        }
    }

    pub const ALL: [MoveKind; 3] = [MoveKind::Forward, MoveKind::Skip, MoveKind::Back];

    pub fn code(self) -> &'static str {
        match self {
            MoveKind::Forward => "forward",
            MoveKind::Skip => "skip",
            MoveKind::Back => "back",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn name(self) -> Text {
        match self {
            MoveKind::Forward => Text::new("次の段階へ", "Forward"),
            MoveKind::Skip => Text::new("段階を飛ばして前進", "Forward, skipping stages"),
            MoveKind::Back => Text::new("前の段階へ戻る", "Back to an earlier stage"),
        }
    }
}

/// A stage move as asked for: a move needs its reason.
pub fn validate_move(
    from: Stage,
    to: &str,
    reason: &str,
) -> Result<(Stage, MoveKind, String), Vec<FieldError>> {
    let mut errors = Vec::new();
    let target = parse_stage(to);
    let kind = match target {
        None => invalid(
            &mut errors,
            "to",
            "移る段階を選んでください。",
            "Choose the stage.",
        ),
        Some(t) => MoveKind::of(from, t).or_else(|| {
            invalid(
                &mut errors,
                "to",
                "現在と同じ段階です。別の段階を選んでください。",
                "That is the current stage. Choose another.",
            )
        }),
    };
    let reason = required(
        &mut errors,
        "reason",
        reason,
        TEXT_MAX,
        (
            "段階を移る理由を入力してください。",
            "Enter why the product moves.",
        ),
    );
    match (target, kind, errors.is_empty()) {
        (Some(t), Some(k), true) => Ok((t, k, reason)),
        _ => Err(errors),
    }
}

/// A continue-or-withdraw decision (事業継続・撤退判断).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Continue,
    Withdraw,
}

impl Decision {
    pub fn code(self) -> &'static str {
        match self {
            Decision::Continue => "continue",
            Decision::Withdraw => "withdraw",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "continue" => Some(Decision::Continue),
            "withdraw" => Some(Decision::Withdraw),
            _ => None,
        }
    }

    pub fn name(self) -> Text {
        match self {
            Decision::Continue => Text::new("事業継続", "Continue"),
            Decision::Withdraw => Text::new("撤退", "Withdraw"),
        }
    }
}

pub fn validate_decision(
    decision: &str,
    reasons: &str,
) -> Result<(Decision, String), Vec<FieldError>> {
    let mut errors = Vec::new();
    let d = Decision::from_code(&fold(decision)).or_else(|| {
        invalid(
            &mut errors,
            "decision",
            "継続か撤退かを選んでください。",
            "Choose continue or withdraw.",
        )
    });
    let reasons = required(
        &mut errors,
        "reasons",
        reasons,
        TEXT_MAX,
        (
            "判断の理由を入力してください。",
            "Enter the reasons for the decision.",
        ),
    );
    match (d, errors.is_empty()) {
        (Some(d), true) => Ok((d, reasons)),
        _ => Err(errors),
    }
}

/// A date as typed (西暦 or 和暦), optional.
fn date(
    errors: &mut Vec<FieldError>,
    field: &'static str,
    input: &str,
    required: bool,
) -> Option<NaiveDate> {
    if fold(input).is_empty() {
        if required {
            errors.push(FieldError::new(
                field,
                "日付を入力してください。",
                "Enter the date.",
            ));
        }
        return None;
    }
    jdate::parse(input).or_else(|| {
        invalid(
            errors,
            field,
            "日付は 2026-04-01 や 令和8年4月1日 の形で入力してください。",
            "Enter a date such as 2026-04-01.",
        )
    })
}

/// An evaluation as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EvaluationDraft {
    pub kind: String,
    pub title: String,
    pub city: String,
    pub date: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    pub kind: EvaluationKind,
    pub title: String,
    pub city: CityCode,
    pub date: Option<NaiveDate>,
}

impl EvaluationDraft {
    /// `home_city` when no city is given.
    pub fn validate(&self, home_city: &CityCode) -> Result<Evaluation, Vec<FieldError>> {
        let mut errors = Vec::new();
        let kind = EvaluationKind::from_code(&fold(&self.kind)).or_else(|| {
            invalid(
                &mut errors,
                "kind",
                "評価の種類を選んでください。",
                "Choose the kind.",
            )
        });
        let title = required(
            &mut errors,
            "title",
            &self.title,
            SHORT_MAX,
            (
                "評価の名称を入力してください（例：千葉市ベンチャーカップ グランプリ）。",
                "Enter what it was, e.g. the venture cup's grand prix.",
            ),
        );
        let city = match fold(&self.city).as_str() {
            "" => Some(*home_city),
            c => CityCode::parse(c).ok().or_else(|| {
                invalid(
                    &mut errors,
                    "city",
                    "市を選んでください。",
                    "Choose the city.",
                )
            }),
        };
        let date = date(&mut errors, "date", &self.date, false);
        match (kind, city, errors.is_empty()) {
            (Some(kind), Some(city), true) => Ok(Evaluation {
                kind,
                title,
                city,
                date,
            }),
            _ => Err(errors),
        }
    }
}

/// A local adoption as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AdoptionDraft {
    pub adopter: String,
    pub adopter_kind: String,
    pub date: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adoption {
    pub adopter: String,
    pub adopter_kind: AdopterKind,
    pub date: Option<NaiveDate>,
}

impl AdoptionDraft {
    pub fn validate(&self) -> Result<Adoption, Vec<FieldError>> {
        let mut errors = Vec::new();
        let adopter = required(
            &mut errors,
            "adopter",
            &self.adopter,
            SHORT_MAX,
            (
                "採用した機関の名称を入力してください。",
                "Enter who adopted it.",
            ),
        );
        let kind = AdopterKind::from_code(&fold(&self.adopter_kind)).or_else(|| {
            invalid(
                &mut errors,
                "adopter_kind",
                "採用した機関の種類を選んでください。",
                "Choose the kind of adopter.",
            )
        });
        let date = date(&mut errors, "adopted_on", &self.date, false);
        match (kind, errors.is_empty()) {
            (Some(adopter_kind), true) => Ok(Adoption {
                adopter,
                adopter_kind,
                date,
            }),
            _ => Err(errors),
        }
    }
}

/// Whether a product may be introduced to other cities (第3章 3): it has an evaluation in its
/// home city, or it is adopted locally. Otherwise, why not.
pub fn referral_eligibility(
    home_city: &CityCode,
    evaluations: &[(EvaluationKind, CityCode)],
    adoptions: usize,
) -> Result<(), Text> {
    if evaluations.iter().any(|(_, c)| c == home_city) || adoptions > 0 {
        Ok(())
    } else {
        Err(Text::new(
            "紹介の対象は、本拠地の市で研究開発助成・表彰・インキュベーション等の評価を得ているか、地元の病院や共済組合等で採用されている商品です。この商品にはまだどちらの記録もありません。",
            "A product can be introduced once its home city has evaluated it (an R&D grant, an award, incubation …) or local hospitals or mutual-aid societies have adopted it. This product has neither on record yet.",
        ))
    }
}

/// Support a product received, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SupportDraft {
    /// A measure code of the model.
    pub measure: String,
    /// `own`, `partner-city`, `prefecture` or `state`.
    pub provider: String,
    /// For a partner city's measure.
    pub provider_city: String,
    pub date: String,
    pub outcome: String,
    pub notes: String,
}

coded_enum!(
    /// Whose measure a support was.
    Provider {
        Own = "own" / "自市の施策" / "The home city's",
        PartnerCity = "partner-city" / "連携都市の施策" / "A partner city's",
        Prefecture = "prefecture" / "県の施策" / "The prefecture's",
        State = "state" / "国の施策" / "The state's",
    }
);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Support {
    pub measure: &'static crate::catalog::Measure,
    pub provider: Provider,
    /// The home city for its own measures, the partner city for a partner's, none otherwise.
    pub provider_city: Option<CityCode>,
    pub date: Option<NaiveDate>,
    pub outcome: String,
    pub notes: String,
}

impl SupportDraft {
    pub fn validate(&self, home_city: &CityCode) -> Result<Support, Vec<FieldError>> {
        let mut errors = Vec::new();
        let measure = crate::catalog::measure(&fold(&self.measure)).or_else(|| {
            invalid(
                &mut errors,
                "measure",
                "支援施策を選んでください。",
                "Choose the measure.",
            )
        });
        let provider = Provider::from_code(&fold(&self.provider)).or_else(|| {
            invalid(
                &mut errors,
                "provider",
                "実施主体を選んでください。",
                "Choose whose measure it was.",
            )
        });
        let provider_city = match provider {
            Some(Provider::Own) => Some(*home_city),
            Some(Provider::PartnerCity) => match CityCode::parse(&fold(&self.provider_city)) {
                Ok(c) if c != *home_city && crate::city::is_designated(&c) => Some(c),
                _ => invalid(
                    &mut errors,
                    "provider_city",
                    "連携都市の施策のときは、本拠地以外の指定都市を選んでください。",
                    "For a partner city's measure, choose a designated city other than the home city.",
                ),
            },
            _ => None,
        };
        let date = date(&mut errors, "supported_on", &self.date, false);
        let outcome = text(&mut errors, "outcome", &self.outcome, TEXT_MAX);
        let notes = text(&mut errors, "notes", &self.notes, TEXT_MAX);
        match (measure, provider, errors.is_empty()) {
            (Some(measure), Some(provider), true) => Ok(Support {
                measure,
                provider,
                provider_city,
                date,
                outcome,
                notes,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_are_read_as_people_write_them() {
        for s in ["5", "５", "⑤", "development", "5段階"] {
            assert_eq!(parse_stage(s), Some(Stage::Development), "{s}");
        }
        assert_eq!(parse_stage("9"), None);
        assert_eq!(parse_stage("0"), None);
    }

    #[test]
    fn moves_follow_the_model_and_may_step_back() {
        use MoveKind::*;
        assert_eq!(
            MoveKind::of(Stage::Planning, Stage::Certification),
            Some(Forward)
        );
        assert_eq!(
            MoveKind::of(Stage::Production, Stage::Sales),
            Some(Forward),
            "⑦ after ⑧"
        );
        assert_eq!(
            MoveKind::of(Stage::Planning, Stage::Development),
            Some(Skip)
        );
        assert_eq!(
            MoveKind::of(Stage::Clinical, Stage::Development),
            Some(Back)
        );
        assert_eq!(MoveKind::of(Stage::Sales, Stage::Sales), None);
        assert!(validate_move(Stage::Planning, "3", "アイデア検証評価で事業化可能と判断").is_ok());
        let fields: Vec<_> = validate_move(Stage::Planning, "2", " ")
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["to", "reason"]);
    }

    #[test]
    fn a_product_needs_a_name_and_a_stage() {
        let good = ProductDraft {
            name: "注射トレーニング器".into(),
            stage: "⑦".into(),
            regulatory_class: "not-medical".into(),
            ..Default::default()
        };
        let p = good.validate().unwrap();
        assert_eq!(
            (p.stage, p.regulatory_class),
            (Stage::Sales, Some(RegulatoryClass::NotMedical))
        );
        let fields: Vec<_> = ProductDraft {
            company_type: "x".into(),
            regulatory_class: "class-9".into(),
            ip_status: "maybe".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_err()
        .iter()
        .map(|e| e.field)
        .collect();
        assert_eq!(
            fields,
            [
                "name",
                "company_type",
                "stage",
                "regulatory_class",
                "ip_status"
            ]
        );
    }

    #[test]
    fn decisions_evaluations_and_adoptions_are_checked() {
        assert_eq!(
            validate_decision("withdraw", "市場規模が小さい").unwrap().0,
            Decision::Withdraw
        );
        assert_eq!(validate_decision("", "").unwrap_err().len(), 2);
        let chiba = CityCode::parse("121002").unwrap();
        let e = EvaluationDraft {
            kind: "award".into(),
            title: "ベンチャーカップ グランプリ".into(),
            date: "令和7年3月1日".into(),
            ..Default::default()
        }
        .validate(&chiba)
        .unwrap();
        assert_eq!(
            (e.city, e.date.map(|d| d.to_string())),
            (chiba, Some("2025-03-01".into()))
        );
        assert!(AdoptionDraft::default().validate().is_err());
    }

    #[test]
    fn support_names_a_measure_and_whose_it_was() {
        let chiba = CityCode::parse("121002").unwrap();
        let s = SupportDraft {
            measure: "development.grants-loans".into(),
            provider: "own".into(),
            date: "R8.4.1".into(),
            ..Default::default()
        }
        .validate(&chiba)
        .unwrap();
        assert_eq!(s.provider_city, Some(chiba));
        let fields: Vec<_> = SupportDraft {
            measure: "nope".into(),
            provider: "partner-city".into(),
            provider_city: "121002".into(),
            ..Default::default()
        }
        .validate(&chiba)
        .unwrap_err()
        .iter()
        .map(|e| e.field)
        .collect();
        assert_eq!(fields, ["measure", "provider_city"]);
    }

    #[test]
    fn eligibility_needs_a_home_evaluation_or_a_local_adoption() {
        let (chiba, saitama) = (
            CityCode::parse("121002").unwrap(),
            CityCode::parse("111007").unwrap(),
        );
        assert!(referral_eligibility(&chiba, &[], 0).is_err());
        assert!(referral_eligibility(&chiba, &[(EvaluationKind::Award, saitama)], 0).is_err());
        assert!(referral_eligibility(&chiba, &[(EvaluationKind::Award, chiba)], 0).is_ok());
        assert!(referral_eligibility(&chiba, &[], 1).is_ok());
    }
}
