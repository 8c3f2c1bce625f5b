//! The catalog of the "ideal support success model" (理想的な支援成功モデル), exactly as the
//! report's 第2章 gives it: three company types, eight stages with their tables (current
//! support, company voices, remedies), every measure of the ideal-model figure on its stage,
//! the coordinator measures that span all stages, and the applicability matrix.
//!
//! The catalog is the report, compiled in: it is the same on every node and never edited by
//! users. The store keeps a copy in every database so that city menus can refer to measures
//! by foreign key; every migration run (`renkei migrate`, and every start of `serve` and
//! `demo`) upserts this module's rows into it. Measure codes are stable identifiers: never
//! rename or reuse one, since menu entries refer to it.

use serde::Serialize;

use crate::i18n::Text;

mod applicability;
mod measures;
mod table;

pub use applicability::{
    CellLevel, Level, StageApplicability, applicability, applicability_matrix, stage_applicability,
};
pub use measures::MEASURES;
pub use table::{Column, TABLE_ITEMS, TableItem, table_items};

/// The three company types (3類型), by how a development draws on medical firms, universities
/// and manufacturers (第2章 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CompanyType {
    MedicalCompanyLed,
    ManufacturerEntry,
    MetroNeedsIct,
}

impl CompanyType {
    pub const ALL: [CompanyType; 3] = [
        CompanyType::MedicalCompanyLed,
        CompanyType::ManufacturerEntry,
        CompanyType::MetroNeedsIct,
    ];

    pub fn number(self) -> u8 {
        self as u8 + 1
    }

    /// The circled number used in the report: ①②③.
    pub fn mark(self) -> &'static str {
        CIRCLED[self as usize]
    }

    pub fn code(self) -> &'static str {
        match self {
            CompanyType::MedicalCompanyLed => "medical-company-led",
            CompanyType::ManufacturerEntry => "manufacturer-entry",
            CompanyType::MetroNeedsIct => "metro-needs-ict",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }

    pub fn name(self) -> Text {
        match self {
            CompanyType::MedicalCompanyLed => {
                Text::new("医療関連企業活用型", "Medical-company led")
            }
            CompanyType::ManufacturerEntry => {
                Text::new("ものづくり企業活用型", "Manufacturer entry")
            }
            CompanyType::MetroNeedsIct => {
                Text::new("都市圏内ニーズ活用型", "Metropolitan-needs ICT")
            }
        }
    }

    pub fn description(self) -> Text {
        match self {
            CompanyType::MedicalCompanyLed => Text::new(
                "医療関連企業が産学官連携等による海外展開を目指した医療機器・医薬品等の開発を行う。",
                "Medical companies develop medical devices, drugs and the like for overseas markets, \
                 through collaboration of industry, academia and government.",
            ),
            CompanyType::ManufacturerEntry => Text::new(
                "医療関連企業以外のものづくり企業等が産学官連携等による医療・福祉関連分野への進出を図り、全国展開を目指した医療機器・介護機器等の開発を行う。",
                "Manufacturers from outside the medical field enter the medical and welfare field \
                 through collaboration of industry, academia and government, developing medical \
                 and nursing-care equipment for the nationwide market.",
            ),
            CompanyType::MetroNeedsIct => Text::new(
                "地域のＩＣＴ企業等が都市圏内のニーズを活用し、地域住民を対象とした医療・介護・健康関連機器・サービスの開発を行う。",
                "Local ICT companies draw on the needs of the metropolitan area to develop medical, \
                 nursing-care and health devices and services for local residents.",
            ),
        }
    }

    /// The report's own sentence on how this type uses the stages (the text under the figure).
    pub fn applicability_note(self) -> Text {
        match self {
            CompanyType::MedicalCompanyLed => Text::new(
                "「医療関連企業活用型」では、医療関連企業が主体に取組むため、段階①の「参入支援セミナー」の支援制度の活用可能性は低いが、そのほかの支援策の活用可能性は高いと考えられる。",
                "Medical-company led: since medical companies lead the work, the market-entry \
                 seminars of stage ① are of little use, while all other measures are likely of \
                 high use.",
            ),
            CompanyType::ManufacturerEntry => Text::new(
                "「ものづくり企業活用型」では、段階①から段階⑧までの全段階の支援の活用可能性が高いと考えられる。",
                "Manufacturer entry: the support of every stage, from ① to ⑧, is likely of high use.",
            ),
            CompanyType::MetroNeedsIct => Text::new(
                "「都市圏内ニーズ活用型」では、ＩＣＴ情報サービス企業によるシステム開発が主となるため、段階④「薬事法関連相談」や段階⑥「治験・臨床」、段階⑧「製造・生産」における支援制度の活用可能性は低いが、その他の支援制度の活用可能性は高いと考えられる。",
                "Metropolitan-needs ICT: since the work is mainly system development by ICT \
                 companies, the support of stage ④ (regulatory consultation), stage ⑥ (clinical \
                 trials) and stage ⑧ (manufacturing) is of little use, while the rest is likely \
                 of high use.",
            ),
        }
    }
}

const CIRCLED: [&str; 8] = ["①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧"];

/// The eight stages (8段階) from idea to production (第2章 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    Discovery,
    Planning,
    Certification,
    Regulatory,
    Development,
    Clinical,
    Sales,
    Production,
}

impl Stage {
    pub const ALL: [Stage; 8] = [
        Stage::Discovery,
        Stage::Planning,
        Stage::Certification,
        Stage::Regulatory,
        Stage::Development,
        Stage::Clinical,
        Stage::Sales,
        Stage::Production,
    ];

    /// 1 to 8.
    pub fn number(self) -> u8 {
        self as u8 + 1
    }

    pub fn from_number(n: u8) -> Option<Self> {
        Self::ALL.get(usize::from(n).checked_sub(1)?).copied()
    }

    /// The circled number used in the report: ① … ⑧.
    pub fn mark(self) -> &'static str {
        CIRCLED[self as usize]
    }

    pub fn code(self) -> &'static str {
        match self {
            Stage::Discovery => "discovery",
            Stage::Planning => "planning",
            Stage::Certification => "certification",
            Stage::Regulatory => "regulatory",
            Stage::Development => "development",
            Stage::Clinical => "clinical",
            Stage::Sales => "sales",
            Stage::Production => "production",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The stage's name as the report's section heading gives it.
    pub fn name(self) -> Text {
        match self {
            Stage::Discovery => Text::new("ニーズ・シーズの発掘", "Needs and seeds discovery"),
            Stage::Planning => Text::new("企画検討", "Planning"),
            Stage::Certification => Text::new("技術認定等", "Certification and awards"),
            Stage::Regulatory => Text::new("薬事法等関連相談", "Regulatory consultation"),
            Stage::Development => Text::new("研究開発", "Research and development"),
            Stage::Clinical => Text::new("治験・臨床", "Clinical trials"),
            Stage::Sales => Text::new("販路開拓", "Sales-channel development"),
            Stage::Production => Text::new("製造・生産", "Manufacturing"),
        }
    }

    /// The second label the report's stage tables give some stages (②⑥⑧).
    pub fn alt_name(self) -> Option<Text> {
        match self {
            Stage::Planning => Some(Text::new("アイデア・企画検討", "Ideas and planning")),
            Stage::Clinical => Some(Text::new("試作・治験", "Prototype and trials")),
            Stage::Production => Some(Text::new("生産販売", "Production and sales")),
            _ => None,
        }
    }

    /// What the stage is about, from the report's paragraph on it.
    pub fn description(self) -> Text {
        match self {
            Stage::Discovery => Text::new(
                "開発する商品を利用する側のニーズを的確に把握できるかどうかが重要であり、新たにこの分野に参入しようとする場合、既存の技術シーズでも対応が可能かどうかを把握することが求められる。",
                "What matters is grasping the needs of those who will use the product; a company \
                 entering the field must also learn whether its existing technology seeds can \
                 meet them.",
            ),
            Stage::Planning => Text::new(
                "現場ニーズや技術シーズを生かして、どのような目的で、誰をターゲットに、また、どのような効果があるのかなどを想定しながら、具体的な企画を検討していくことが求められる。",
                "Drawing on frontline needs and technology seeds, the company works out a concrete \
                 plan: for what purpose, for whom, and with what effect.",
            ),
            Stage::Certification => Text::new(
                "自治体が地域の企業の技術シーズやアイデア・企画内容の新規性や優位性を評価して表彰・認定による支援を行うことにより、企業・商品の信頼性の向上が期待される。",
                "The city evaluates the novelty and advantage of a local company's technology, \
                 ideas and plans and supports it by awards and certification, raising the trust \
                 placed in the company and its product.",
            ),
            Stage::Regulatory => Text::new(
                "開発商品の薬事法関連事項について、早めに開発製品の見通しを立てることが開発後の販路開拓等に影響することから、戦略的な対応が求められる。また、知的財産権の取得の検討を進めることが必要となる。",
                "An early outlook on the regulatory questions of the product shapes its later \
                 sales, so a strategic approach is needed; acquiring intellectual-property rights \
                 must also be considered.",
            ),
            Stage::Development => Text::new(
                "開発商品の部材選定やシステムなどを設計し、開発のトライ＆エラーによる要素技術の機能確認等を行い、技術新規性や優位性を高めていく取組が求められる。",
                "The company selects parts and designs systems, confirms the function of the key \
                 technologies by trial and error, and raises the product's novelty and advantage.",
            ),
            Stage::Clinical => Text::new(
                "非臨床試験、リスク分析、安全性試験、そして臨床試験を行い、改良を加えながら最終製品へと近づけていくことが求められる。",
                "Non-clinical tests, risk analysis, safety tests and clinical trials bring the \
                 product, improved along the way, close to its final form.",
            ),
            Stage::Sales => Text::new(
                "開発した商品について、多くの企業や医療関連機関が集まる展示会への出展やコーディネーター支援により販路開拓を行い、販路先からの改善意見を踏まえた改良を加えることで、事業化を進めていくことが求められる。",
                "The company opens sales channels through exhibitions where many companies and \
                 medical institutions gather and with the help of coordinators, and improves the \
                 product on the channels' feedback to bring it to market.",
            ),
            Stage::Production => Text::new(
                "販路開拓により得られた販路先の意向を踏まえて改良を加え、安全性確認を行いつつ、量産体制の整備、製造につなげていくことが求められる。",
                "Improving the product on what the sales channels want, while confirming its \
                 safety, the company prepares mass production and manufactures it.",
            ),
        }
    }
}

/// A stage, or the coordinator row that spans all stages (全段階共通).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    Stage(Stage),
    AllStages,
}

impl Scope {
    pub fn stage(self) -> Option<Stage> {
        match self {
            Scope::Stage(s) => Some(s),
            Scope::AllStages => None,
        }
    }

    pub fn name(self) -> Text {
        match self {
            Scope::Stage(s) => s.name(),
            Scope::AllStages => Text::new("全段階共通", "All stages"),
        }
    }
}

/// The note under stage ⑦'s table: it may also follow stage ⑧.
pub const SALES_AFTER_PRODUCTION_NOTE: Text = Text::new(
    "※段階⑦は、段階⑧の後の販路開拓としても展開が可能。",
    "Stage ⑦ may also come after stage ⑧, as sales-channel development after production.",
);

/// The note under stage ⑧'s table: companies raised no issue there.
pub const PRODUCTION_NO_VOICES_NOTE: Text = Text::new(
    "現状の支援に対する企業からの声はあがってこなかった。",
    "Companies raised no issue with the current support at this stage.",
);

/// Whether a stage may follow another: the usual order, plus ⑦ after ⑧.
pub fn may_follow(previous: Stage, next: Stage) -> bool {
    next.number() == previous.number() + 1
        || (previous == Stage::Production && next == Stage::Sales)
}

/// How a measure is delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MeasureKind {
    Seminar,
    FactoryTour,
    Matching,
    Evaluation,
    Survey,
    Award,
    ConsultationDesk,
    ExpertDispatch,
    Subsidy,
    ResearchGroup,
    Brokering,
    Coordinator,
    Referral,
    InvestmentSupport,
}

impl MeasureKind {
    pub const ALL: [MeasureKind; 14] = [
        MeasureKind::Seminar,
        MeasureKind::FactoryTour,
        MeasureKind::Matching,
        MeasureKind::Evaluation,
        MeasureKind::Survey,
        MeasureKind::Award,
        MeasureKind::ConsultationDesk,
        MeasureKind::ExpertDispatch,
        MeasureKind::Subsidy,
        MeasureKind::ResearchGroup,
        MeasureKind::Brokering,
        MeasureKind::Coordinator,
        MeasureKind::Referral,
        MeasureKind::InvestmentSupport,
    ];

    pub fn code(self) -> &'static str {
        match self {
            MeasureKind::Seminar => "seminar",
            MeasureKind::FactoryTour => "factory-tour",
            MeasureKind::Matching => "matching",
            MeasureKind::Evaluation => "evaluation",
            MeasureKind::Survey => "survey",
            MeasureKind::Award => "award",
            MeasureKind::ConsultationDesk => "consultation-desk",
            MeasureKind::ExpertDispatch => "expert-dispatch",
            MeasureKind::Subsidy => "subsidy",
            MeasureKind::ResearchGroup => "research-group",
            MeasureKind::Brokering => "brokering",
            MeasureKind::Coordinator => "coordinator",
            MeasureKind::Referral => "referral",
            MeasureKind::InvestmentSupport => "investment-support",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn name(self) -> Text {
        match self {
            MeasureKind::Seminar => Text::new("セミナー・イベント", "Seminar or event"),
            MeasureKind::FactoryTour => Text::new("見学会", "Factory tour"),
            MeasureKind::Matching => Text::new("マッチング", "Matching"),
            MeasureKind::Evaluation => Text::new("評価・実証", "Evaluation"),
            MeasureKind::Survey => Text::new("調査", "Survey"),
            MeasureKind::Award => Text::new("表彰・認定", "Award or certification"),
            MeasureKind::ConsultationDesk => Text::new("相談窓口", "Consultation desk"),
            MeasureKind::ExpertDispatch => Text::new("専門家派遣", "Expert dispatch"),
            MeasureKind::Subsidy => Text::new("補助・融資", "Subsidy or loan"),
            MeasureKind::ResearchGroup => Text::new("研究会", "Research group"),
            MeasureKind::Brokering => Text::new("斡旋・橋渡し", "Brokering"),
            MeasureKind::Coordinator => Text::new("コーディネーター", "Coordinator"),
            MeasureKind::Referral => Text::new("紹介", "Referral"),
            MeasureKind::InvestmentSupport => Text::new("投資支援", "Investment support"),
        }
    }
}

/// Whether a measure is one cities run today, or one the report adds (the remedies, underlined
/// in the ideal-model figure as 既存制度の拡充や新たな支援制度).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Novelty {
    Existing,
    New,
}

impl Novelty {
    pub fn code(self) -> &'static str {
        match self {
            Novelty::Existing => "existing",
            Novelty::New => "new",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [Novelty::Existing, Novelty::New]
            .into_iter()
            .find(|n| n.code() == code)
    }

    pub fn name(self) -> Text {
        match self {
            Novelty::Existing => Text::new("既存", "Existing"),
            Novelty::New => Text::new("新規・拡充", "New or expanded"),
        }
    }
}

/// Who provides a measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Provider {
    City,
    Cities,
    Prefecture,
    State,
}

impl Provider {
    pub const ALL: [Provider; 4] = [
        Provider::City,
        Provider::Cities,
        Provider::Prefecture,
        Provider::State,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Provider::City => "city",
            Provider::Cities => "cities",
            Provider::Prefecture => "prefecture",
            Provider::State => "state",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }

    pub fn name(self) -> Text {
        match self {
            Provider::City => Text::new("市", "City"),
            Provider::Cities => Text::new("指定都市間連携", "Cities together"),
            Provider::Prefecture => Text::new("県", "Prefecture"),
            Provider::State => Text::new("国", "State"),
        }
    }
}

/// Where in the report a measure is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Sources {
    /// In the ideal-model figure (第2章 3).
    pub figure: bool,
    /// In a stage table (第2章 2), as current support or as a remedy.
    pub stage_table: bool,
    /// In the proposals to the state (第4章) only.
    pub proposals: bool,
}

const FIGURE_AND_TABLE: Sources = Sources {
    figure: true,
    stage_table: true,
    proposals: false,
};
const FIGURE_ONLY: Sources = Sources {
    figure: true,
    stage_table: false,
    proposals: false,
};
const TABLE_ONLY: Sources = Sources {
    figure: false,
    stage_table: true,
    proposals: false,
};
const PROPOSALS: Sources = Sources {
    figure: false,
    stage_table: false,
    proposals: true,
};

/// A support measure (支援施策) of the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Measure {
    /// Stable identifier, `<stage code>.<slug>` or `common.<slug>`.
    pub code: &'static str,
    pub scope: Scope,
    pub name: Text,
    /// The label as printed in the ideal-model figure (its half-width kana kept), if there.
    pub figure_label: Option<&'static str>,
    pub kind: MeasureKind,
    pub novelty: Novelty,
    pub provider: Provider,
    pub description: Text,
    pub sources: Sources,
}

/// Looks up a measure by its code.
pub fn measure(code: &str) -> Option<&'static Measure> {
    MEASURES.iter().find(|m| m.code == code)
}

/// The measures of one stage, or of the all-stages row, in the figure's order.
pub fn measures_in(scope: Scope) -> impl Iterator<Item = &'static Measure> {
    MEASURES.iter().filter(move |m| m.scope == scope)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_and_name_their_scope() {
        let mut seen = HashSet::new();
        for m in MEASURES {
            assert!(seen.insert(m.code), "duplicate code {}", m.code);
            let prefix = m.code.split('.').next().unwrap();
            match m.scope {
                Scope::Stage(s) => assert_eq!(prefix, s.code(), "{}", m.code),
                Scope::AllStages => assert_eq!(prefix, "common", "{}", m.code),
            }
        }
    }

    #[test]
    fn every_table_line_names_a_measure_of_its_own_stage() {
        for item in TABLE_ITEMS {
            match (item.column, item.measure) {
                (Column::CompanyVoice, m) => assert!(m.is_none()),
                (_, Some(code)) => {
                    let m = measure(code).unwrap_or_else(|| panic!("unknown measure {code}"));
                    assert_eq!(m.scope, item.scope, "{code}");
                    let expected = if item.column == Column::Remedy {
                        Novelty::New
                    } else {
                        Novelty::Existing
                    };
                    assert_eq!(m.novelty, expected, "{code}: remedies are the new measures");
                    assert!(m.sources.stage_table, "{code}");
                }
                (_, None) => panic!("table line without measure: {}", item.text.ja),
            }
        }
        for m in MEASURES.iter().filter(|m| m.sources.stage_table) {
            assert!(
                TABLE_ITEMS.iter().any(|i| i.measure == Some(m.code)),
                "{} not in a table",
                m.code
            );
        }
    }

    #[test]
    fn stages_round_trip() {
        for s in Stage::ALL {
            assert_eq!(Stage::from_number(s.number()), Some(s));
            assert_eq!(Stage::from_code(s.code()), Some(s));
        }
        assert_eq!(Stage::from_number(0), None);
        assert_eq!(Stage::from_number(9), None);
    }

    #[test]
    fn sales_may_follow_production() {
        assert!(may_follow(Stage::Production, Stage::Sales));
        assert!(may_follow(Stage::Discovery, Stage::Planning));
        assert!(!may_follow(Stage::Discovery, Stage::Certification));
        assert!(!may_follow(Stage::Sales, Stage::Discovery));
    }

    #[test]
    fn matrix_matches_the_text_under_the_figure() {
        use CellLevel::*;
        let expect: [(CompanyType, [CellLevel; 8]); 3] = [
            (
                CompanyType::MedicalCompanyLed,
                [Partial, High, High, High, High, High, High, High],
            ),
            (CompanyType::ManufacturerEntry, [High; 8]),
            (
                CompanyType::MetroNeedsIct,
                [High, High, High, Low, High, Low, High, Low],
            ),
        ];
        for (t, levels) in expect {
            for (s, level) in Stage::ALL.into_iter().zip(levels) {
                assert_eq!(stage_applicability(t, s).level, level, "{t:?} {s:?}");
            }
        }
        assert_eq!(
            stage_applicability(CompanyType::MedicalCompanyLed, Stage::Discovery).low_measures,
            vec!["discovery.entry-seminar"]
        );
        for m in measures_in(Scope::AllStages) {
            for t in CompanyType::ALL {
                assert_eq!(applicability(t, m), Level::High);
            }
        }
    }
}
