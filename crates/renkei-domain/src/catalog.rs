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

macro_rules! measure {
    ($code:literal, $scope:expr, $ja:literal / $en:literal, $fig:expr, $kind:ident, $nov:ident, $prov:ident, $src:expr, $dja:literal / $den:literal) => {
        Measure {
            code: $code,
            scope: $scope,
            name: Text::new($ja, $en),
            figure_label: $fig,
            kind: MeasureKind::$kind,
            novelty: Novelty::$nov,
            provider: Provider::$prov,
            description: Text::new($dja, $den),
            sources: $src,
        }
    };
}

use Scope::{AllStages, Stage as S};
use Stage::*;

/// Every measure of the model, stage by stage, in the order of the ideal-model figure, then
/// the all-stages coordinator measures, then the state measures the report names in 第4章.
pub static MEASURES: &[Measure] = &[
    // 段階① ニーズ・シーズの発掘
    measure!(
        "discovery.entry-seminar",
        S(Discovery),
        "参入支援セミナー" / "Market-entry seminars",
        Some("参入支援セミナー"),
        Seminar,
        Existing,
        City,
        FIGURE_AND_TABLE,
        "医療・介護・健康分野への参入を考える企業向けのセミナー。"
            / "Seminars for companies considering entry into the medical, nursing-care and health field."
    ),
    measure!(
        "discovery.needs-survey",
        S(Discovery),
        "現場ニーズ発掘調査" / "Frontline needs survey",
        Some("現場ニーズ発掘"),
        Survey,
        Existing,
        City,
        FIGURE_AND_TABLE,
        "医療・介護の現場のニーズを発掘する調査。"
            / "Surveys that uncover the needs of medical and care settings."
    ),
    measure!(
        "discovery.maker-tour",
        S(Discovery),
        "医療機器メーカー見学会の開催支援" / "Tours of medical-device makers",
        Some("医療機器ﾒｰｶｰ見学会"),
        FactoryTour,
        New,
        City,
        FIGURE_AND_TABLE,
        "医療機器メーカーの見学会を開き、メーカーの開発ニーズの発掘を支援する。"
            / "Tours of medical-device makers that help companies find the makers' development needs."
    ),
    // 段階② 企画検討
    measure!(
        "planning.matching",
        S(Planning),
        "マッチング支援" / "Matching support",
        Some("マッチング支援"),
        Matching,
        Existing,
        City,
        FIGURE_AND_TABLE,
        "ニーズとシーズ、企業と医療機関・大学を結びつける。"
            / "Brings needs and seeds, and companies and medical institutions or universities, together."
    ),
    measure!(
        "planning.idea-review",
        S(Planning),
        "アイデア検証評価（事業化可能性評価）支援" / "Idea verification (feasibility review)",
        Some("アイデア検証評価"),
        Evaluation,
        New,
        City,
        FIGURE_AND_TABLE,
        "開発商品の事業化可能性を評価し、開発アイデアの選別と事業継続・撤退判断を支援する。"
            / "Reviews the business feasibility of a product idea, helping to choose ideas and to decide whether to continue or withdraw."
    ),
    measure!(
        "planning.market-research",
        S(Planning),
        "市場規模や競合製品の調査支援" / "Market-size and competitor research",
        Some("市場等調査"),
        Survey,
        New,
        City,
        FIGURE_AND_TABLE,
        "市場規模や競合製品の調査を支援する。"
            / "Supports research into market size and competing products."
    ),
    // 段階③ 技術認定等
    measure!(
        "certification.business-plan-award",
        S(Certification),
        "ビジネスプラン表彰" / "Business plan awards",
        Some("ﾋﾞｼﾞﾈｽﾌﾟﾗﾝ表彰"),
        Award,
        Existing,
        City,
        FIGURE_AND_TABLE,
        "優れたビジネスプランを表彰し、企業の認知度を高める。"
            / "Awards for outstanding business plans that raise a company's profile."
    ),
    measure!(
        "certification.technology-certification",
        S(Certification),
        "技術認定" / "Technology certification",
        Some("技術認定"),
        Award,
        Existing,
        City,
        FIGURE_AND_TABLE,
        "地域企業の技術の新規性・優位性を評価して認定する。"
            / "Certifies the novelty and advantage of a local company's technology."
    ),
    measure!(
        "certification.wide-area-award",
        S(Certification),
        "指定都市間連携による広域認定・表彰制度"
            / "Wide-area certification and award across cities",
        Some("広域認定・表彰制度"),
        Award,
        New,
        Cities,
        FIGURE_AND_TABLE,
        "複数の指定都市が連携して行う認定・表彰制度。"
            / "A certification and award run by several designated cities together, with juries from several cities."
    ),
    // 段階④ 薬事法等関連相談
    measure!(
        "regulatory.consultation-desk",
        S(Regulatory),
        "相談窓口" / "Consultation desk",
        Some("相談窓口"),
        ConsultationDesk,
        Existing,
        City,
        FIGURE_AND_TABLE,
        "薬事法等に関する相談窓口。"
            / "A desk for consultations on pharmaceutical and medical-device regulation."
    ),
    measure!(
        "regulatory.expert-dispatch",
        S(Regulatory),
        "専門家派遣（薬事）" / "Expert dispatch (regulatory)",
        Some("専門家派遣"),
        ExpertDispatch,
        Existing,
        City,
        FIGURE_AND_TABLE,
        "薬事の専門家を企業に派遣する。" / "Sends regulatory experts to companies."
    ),
    measure!(
        "regulatory.pmda-bridge",
        S(Regulatory),
        "薬事法に係る橋渡し支援" / "Bridge to the state's regulatory consultation",
        Some("薬事法に係る橋渡し支援"),
        Brokering,
        New,
        City,
        FIGURE_AND_TABLE,
        "薬事法に係る国の機関等（PMDA の薬事戦略相談など）との橋渡しを支援する。"
            / "Bridges companies to the state's bodies on regulation, such as PMDA's regulatory strategy consultation."
    ),
    measure!(
        "regulatory.ip-support",
        S(Regulatory),
        "知的財産権取得支援" / "Intellectual-property acquisition support",
        Some("知財関連支援"),
        ConsultationDesk,
        New,
        City,
        FIGURE_AND_TABLE,
        "開発した技術を流出させないよう、知的財産権の取得を支援する。"
            / "Helps companies acquire intellectual-property rights so that their technology does not leak."
    ),
    // 段階⑤ 研究開発
    measure!(
        "development.grants-loans",
        S(Development),
        "開発補助・融資" / "R&D subsidies and loans",
        Some("開発補助・融資"),
        Subsidy,
        Existing,
        City,
        FIGURE_AND_TABLE,
        "研究開発の費用を補助・融資する。" / "Subsidies and loans for research and development."
    ),
    measure!(
        "development.expert-dispatch",
        S(Development),
        "専門家派遣（研究開発）" / "Expert dispatch (R&D)",
        Some("専門家派遣"),
        ExpertDispatch,
        Existing,
        City,
        FIGURE_AND_TABLE,
        "研究開発の専門家を企業に派遣する。" / "Sends R&D experts to companies."
    ),
    measure!(
        "development.research-group",
        S(Development),
        "研究会" / "Research groups",
        Some("研究会"),
        ResearchGroup,
        Existing,
        City,
        FIGURE_AND_TABLE,
        "企業・大学・医療機関が参加する研究会。"
            / "Research groups of companies, universities and medical institutions."
    ),
    measure!(
        "development.inter-company-brokering",
        S(Development),
        "企業間連携の斡旋" / "Brokering collaboration between companies",
        Some("企業間連携斡旋"),
        Brokering,
        New,
        City,
        FIGURE_AND_TABLE,
        "開発を行う企業間の連携を斡旋し、開発費を低減する。"
            / "Brokers collaboration between developing companies to lower development costs."
    ),
    measure!(
        "development.software-support",
        S(Development),
        "開発支援制度の拡充（ソフトウェア開発支援）" / "Software development support",
        Some("ｿﾌﾄｳｪｱ開発支援"),
        Subsidy,
        New,
        City,
        FIGURE_AND_TABLE,
        "開発支援制度を拡充し、ソフトウェア開発を支援する。"
            / "Extends development support to software development."
    ),
    // 段階⑥ 治験・臨床
    measure!(
        "clinical.demonstration",
        S(Clinical),
        "実証支援" / "Demonstration support",
        Some("実証支援"),
        Evaluation,
        Existing,
        City,
        FIGURE_AND_TABLE,
        "試作品の実証を支援する。" / "Supports the demonstration of prototypes in the field."
    ),
    measure!(
        "clinical.marketing-research",
        S(Clinical),
        "マーケティング調査支援" / "Marketing research support",
        Some("ﾏｰｹﾃｨﾝｸﾞ調査支援"),
        Survey,
        Existing,
        City,
        FIGURE_AND_TABLE,
        "マーケティング調査を支援する。" / "Supports marketing research."
    ),
    measure!(
        "clinical.trial-funding",
        S(Clinical),
        "治験に係る資金支援" / "Clinical-trial funding",
        Some("治験資金支援"),
        Subsidy,
        New,
        City,
        FIGURE_AND_TABLE,
        "治験に係る資金を支援する。" / "Funds clinical trials."
    ),
    measure!(
        "clinical.trial-coordinator",
        S(Clinical),
        "治験コーディネーター" / "Clinical-trial coordinator",
        Some("治験ｺｰﾃﾞｨﾈｰﾀｰ"),
        Coordinator,
        New,
        City,
        FIGURE_AND_TABLE,
        "治験コーディネーターによる治験先の確保等を支援する。"
            / "A clinical-trial coordinator helps companies find trial sites."
    ),
    // 段階⑦ 販路開拓
    measure!(
        "sales.coordinator-dispatch",
        S(Sales),
        "コーディネーター派遣" / "Coordinator dispatch",
        Some("ｺｰﾃﾞｨﾈｰﾀ派遣"),
        Coordinator,
        Existing,
        City,
        FIGURE_AND_TABLE,
        "販路開拓を支援するコーディネーターを派遣する。"
            / "Sends coordinators who help open sales channels."
    ),
    measure!(
        "sales.exhibition-subsidy",
        S(Sales),
        "展示会出展補助" / "Exhibition subsidies",
        Some("出展補助"),
        Subsidy,
        Existing,
        City,
        FIGURE_AND_TABLE,
        "展示会への出展を補助する。" / "Subsidises exhibiting at trade shows."
    ),
    measure!(
        "sales.commercialization",
        S(Sales),
        "事業化支援" / "Commercialization support",
        Some("事業化支援"),
        ConsultationDesk,
        Existing,
        City,
        FIGURE_ONLY,
        "開発した商品の事業化を支援する。" / "Supports bringing a developed product to market."
    ),
    measure!(
        "sales.business-meetings",
        S(Sales),
        "大手医療メーカーや医療商社との商談会・交流会の開催支援"
            / "Business and exchange meetings with large makers and medical trading firms",
        Some("医療商社等との商談会、交流会"),
        Seminar,
        New,
        City,
        FIGURE_AND_TABLE,
        "大手医療メーカーや医療商社との商談会・交流会を開く。"
            / "Holds business and exchange meetings with large medical makers and medical trading firms."
    ),
    measure!(
        "sales.inter-city-referral",
        S(Sales),
        "指定都市間の広域連携による紹介支援" / "Inter-city sales-channel referral",
        Some("指定都市間連携"),
        Referral,
        New,
        Cities,
        FIGURE_AND_TABLE,
        "指定都市が相互に地域企業の商品を他都市の販路開拓先へ紹介する。"
            / "Designated cities introduce one another's local products to sales-channel targets in their cities."
    ),
    // 段階⑧ 製造・生産
    measure!(
        "production.capital-investment",
        S(Production),
        "設備投資支援" / "Capital-investment support",
        Some("設備投資支援"),
        InvestmentSupport,
        Existing,
        City,
        FIGURE_AND_TABLE,
        "量産体制の整備に向けた設備投資を支援する。"
            / "Supports capital investment for mass production."
    ),
    // 全段階共通（コーディネーター）
    measure!(
        "common.coordinator-dispatch",
        AllStages,
        "産学官連携コーディネーター派遣" / "Industry–academia–government coordinator dispatch",
        None,
        Coordinator,
        Existing,
        City,
        TABLE_ONLY,
        "産学官連携コーディネーターを派遣する。"
            / "Sends coordinators of industry–academia–government collaboration."
    ),
    measure!(
        "common.medical-engineering-coordinators",
        AllStages,
        "医工連携コーディネーターによる支援（確保・育成）"
            / "Medical-engineering coordinators (securing and training)",
        Some("医工連携ｺｰﾃﾞｨﾈｰﾀｰによる支援（確保・育成）"),
        Coordinator,
        New,
        City,
        FIGURE_AND_TABLE,
        "ニーズ発掘から事業化まで全体を通じて支援できる医工連携コーディネーターを確保・育成する。"
            / "Secures and trains medical-engineering coordinators who can support a company from needs discovery to market."
    ),
    // 国の施策（第4章の提案で名指しされたもの）
    measure!(
        "regulatory.pmda-consultation",
        S(Regulatory),
        "PMDA 薬事戦略相談" / "PMDA regulatory strategy consultation",
        None,
        ConsultationDesk,
        Existing,
        State,
        PROPOSALS,
        "（独）医薬品医療機器総合機構（PMDA）による薬事戦略相談（東京・大阪の個別面談、地方への出張個別面談）。"
            / "The regulatory strategy consultation of PMDA (individual meetings in Tokyo and Osaka, and visiting meetings in the regions)."
    ),
    measure!(
        "development.amed-funding",
        S(Development),
        "AMED（日本医療研究開発機構）の研究開発支援" / "AMED research and development funding",
        None,
        Subsidy,
        Existing,
        State,
        PROPOSALS,
        "（独）日本医療研究開発機構（AMED）による医療分野の研究開発予算。"
            / "Medical R&D funding of the Japan Agency for Medical Research and Development (AMED)."
    ),
];

/// The three columns of a stage table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Column {
    CurrentSupport,
    CompanyVoice,
    Remedy,
}

impl Column {
    pub const ALL: [Column; 3] = [Column::CurrentSupport, Column::CompanyVoice, Column::Remedy];

    pub fn code(self) -> &'static str {
        match self {
            Column::CurrentSupport => "current-support",
            Column::CompanyVoice => "company-voice",
            Column::Remedy => "remedy",
        }
    }

    pub fn name(self) -> Text {
        match self {
            Column::CurrentSupport => Text::new("現状の支援内容", "Current support"),
            Column::CompanyVoice => Text::new("課題（企業の声）", "Company voices (issues)"),
            Column::Remedy => Text::new("課題解決支援手法", "Remedies (proposed support)"),
        }
    }
}

/// One line of a stage table, as the report prints it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TableItem {
    pub scope: Scope,
    pub column: Column,
    pub text: Text,
    /// The catalog measure this line names, for current support and remedies.
    pub measure: Option<&'static str>,
}

macro_rules! item {
    ($scope:expr, $col:ident, $ja:literal / $en:literal, $m:expr) => {
        TableItem {
            scope: $scope,
            column: Column::$col,
            text: Text::new($ja, $en),
            measure: $m,
        }
    };
}

/// The stage tables of 第2章 2, line by line.
pub static TABLE_ITEMS: &[TableItem] = &[
    item!(
        S(Discovery),
        CurrentSupport,
        "参入支援セミナー" / "Market-entry seminars",
        Some("discovery.entry-seminar")
    ),
    item!(
        S(Discovery),
        CurrentSupport,
        "現場ニーズ発掘調査" / "Frontline needs survey",
        Some("discovery.needs-survey")
    ),
    item!(
        S(Discovery),
        CompanyVoice,
        "現場ニーズ情報の確保が難しい" / "Hard to obtain information on frontline needs",
        None
    ),
    item!(
        S(Discovery),
        Remedy,
        "医療メーカー見学会の開催支援" / "Tours of medical makers",
        Some("discovery.maker-tour")
    ),
    item!(
        S(Planning),
        CurrentSupport,
        "マッチング支援" / "Matching support",
        Some("planning.matching")
    ),
    item!(
        S(Planning),
        CompanyVoice,
        "開発アイデアの選別が難しい" / "Hard to choose which development ideas to pursue",
        None
    ),
    item!(
        S(Planning),
        CompanyVoice,
        "事業継続・撤退判断が難しい" / "Hard to decide whether to continue or withdraw",
        None
    ),
    item!(
        S(Planning),
        Remedy,
        "アイデア検証評価（事業化可能性評価）支援" / "Idea verification (feasibility review)",
        Some("planning.idea-review")
    ),
    item!(
        S(Planning),
        Remedy,
        "市場規模や競合製品の調査支援" / "Market-size and competitor research",
        Some("planning.market-research")
    ),
    item!(
        S(Certification),
        CurrentSupport,
        "ビジネスプラン表彰" / "Business plan awards",
        Some("certification.business-plan-award")
    ),
    item!(
        S(Certification),
        CurrentSupport,
        "技術認定" / "Technology certification",
        Some("certification.technology-certification")
    ),
    item!(
        S(Certification),
        CompanyVoice,
        "認知率向上の効果を発揮している。" / "Awards are raising companies' recognition.",
        None
    ),
    item!(
        S(Certification),
        Remedy,
        "指定都市間連携による広域認定・表彰制度の創設"
            / "A wide-area certification and award across designated cities",
        Some("certification.wide-area-award")
    ),
    item!(
        S(Regulatory),
        CurrentSupport,
        "相談窓口" / "Consultation desk",
        Some("regulatory.consultation-desk")
    ),
    item!(
        S(Regulatory),
        CurrentSupport,
        "専門家派遣" / "Expert dispatch",
        Some("regulatory.expert-dispatch")
    ),
    item!(
        S(Regulatory),
        CompanyVoice,
        "薬事法許認可取得のハードルが高い" / "Regulatory approval is a high hurdle",
        None
    ),
    item!(
        S(Regulatory),
        CompanyVoice,
        "知的財産権保護（技術流出）" / "Protecting intellectual property (technology leaks)",
        None
    ),
    item!(
        S(Regulatory),
        Remedy,
        "薬事法に係る橋渡し支援" / "Bridge to the state's regulatory bodies",
        Some("regulatory.pmda-bridge")
    ),
    item!(
        S(Regulatory),
        Remedy,
        "知的財産権取得支援" / "Intellectual-property acquisition support",
        Some("regulatory.ip-support")
    ),
    item!(
        S(Development),
        CurrentSupport,
        "開発補助・融資" / "R&D subsidies and loans",
        Some("development.grants-loans")
    ),
    item!(
        S(Development),
        CurrentSupport,
        "専門家派遣" / "Expert dispatch",
        Some("development.expert-dispatch")
    ),
    item!(
        S(Development),
        CurrentSupport,
        "研究会" / "Research groups",
        Some("development.research-group")
    ),
    item!(
        S(Development),
        CompanyVoice,
        "開発期間が長期化し、開発費用が増大" / "Development takes longer and costs more",
        None
    ),
    item!(
        S(Development),
        CompanyVoice,
        "ソフト開発支援の不足" / "Too little support for software development",
        None
    ),
    item!(
        S(Development),
        Remedy,
        "企業間連携の斡旋" / "Brokering collaboration between companies",
        Some("development.inter-company-brokering")
    ),
    item!(
        S(Development),
        Remedy,
        "開発支援制度の拡充（ソフトウェア開発支援）"
            / "Extended development support (software development)",
        Some("development.software-support")
    ),
    item!(
        S(Clinical),
        CurrentSupport,
        "実証支援" / "Demonstration support",
        Some("clinical.demonstration")
    ),
    item!(
        S(Clinical),
        CurrentSupport,
        "マーケティング調査支援" / "Marketing research support",
        Some("clinical.marketing-research")
    ),
    item!(
        S(Clinical),
        CompanyVoice,
        "治験・臨床先の確保が難しい" / "Hard to find sites for clinical trials",
        None
    ),
    item!(
        S(Clinical),
        Remedy,
        "治験に係る資金支援" / "Clinical-trial funding",
        Some("clinical.trial-funding")
    ),
    item!(
        S(Clinical),
        Remedy,
        "治験コーディネーター" / "Clinical-trial coordinator",
        Some("clinical.trial-coordinator")
    ),
    item!(
        S(Sales),
        CurrentSupport,
        "コーディネーター派遣" / "Coordinator dispatch",
        Some("sales.coordinator-dispatch")
    ),
    item!(
        S(Sales),
        CurrentSupport,
        "展示会出展補助" / "Exhibition subsidies",
        Some("sales.exhibition-subsidy")
    ),
    item!(
        S(Sales),
        CompanyVoice,
        "販路拡大における知名度不足（業界内の信頼・実績・コネクション）"
            / "Too little recognition to widen sales channels (trust, track record and connections in the industry)",
        None
    ),
    item!(
        S(Sales),
        Remedy,
        "大手医療メーカーや医療商社との商談会・交流会の開催支援"
            / "Business and exchange meetings with large medical makers and medical trading firms",
        Some("sales.business-meetings")
    ),
    item!(
        S(Sales),
        Remedy,
        "広域連携による紹介支援" / "Referral through wide-area collaboration",
        Some("sales.inter-city-referral")
    ),
    item!(
        S(Production),
        CurrentSupport,
        "設備投資支援" / "Capital-investment support",
        Some("production.capital-investment")
    ),
    item!(
        AllStages,
        CurrentSupport,
        "産学官連携コーディネーター派遣" / "Industry–academia–government coordinator dispatch",
        Some("common.coordinator-dispatch")
    ),
    item!(
        AllStages,
        CompanyVoice,
        "全体を通じて支援できるコーディネーターの不足"
            / "Too few coordinators who can support the whole way",
        None
    ),
    item!(
        AllStages,
        Remedy,
        "医工連携コーディネーターの確保・育成"
            / "Securing and training medical-engineering coordinators",
        Some("common.medical-engineering-coordinators")
    ),
];

/// The lines of one stage table's column.
pub fn table_items(scope: Scope, column: Column) -> impl Iterator<Item = &'static TableItem> {
    TABLE_ITEMS
        .iter()
        .filter(move |i| i.scope == scope && i.column == column)
}

/// How likely a company type is to use a measure (活用可能性).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    High,
    Low,
}

impl Level {
    pub fn code(self) -> &'static str {
        match self {
            Level::High => "high",
            Level::Low => "low",
        }
    }

    pub fn name(self) -> Text {
        match self {
            Level::High => Text::new("活用可能性が高い", "High"),
            Level::Low => Text::new("活用可能性が低い", "Low"),
        }
    }
}

/// The applicability of a measure to a company type, as the text under the figure states it.
pub fn applicability(company_type: CompanyType, measure: &Measure) -> Level {
    let stage = measure.scope.stage();
    let low = match company_type {
        CompanyType::MedicalCompanyLed => measure.code == "discovery.entry-seminar",
        CompanyType::ManufacturerEntry => false,
        CompanyType::MetroNeedsIct => {
            matches!(
                stage,
                Some(Stage::Regulatory | Stage::Clinical | Stage::Production)
            )
        }
    };
    if low { Level::Low } else { Level::High }
}

/// A cell of the applicability matrix (type × stage).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StageApplicability {
    pub company_type: CompanyType,
    pub stage: Stage,
    /// High when every measure of the stage is high, low when every one is low, and
    /// `partial` when the report names some measures of the stage as low.
    pub level: CellLevel,
    /// The measures of the stage that are of low use to the type.
    pub low_measures: Vec<&'static str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CellLevel {
    High,
    Partial,
    Low,
}

impl CellLevel {
    pub fn code(self) -> &'static str {
        match self {
            CellLevel::High => "high",
            CellLevel::Partial => "partial",
            CellLevel::Low => "low",
        }
    }

    pub fn name(self) -> Text {
        match self {
            CellLevel::High => Text::new("高い", "High"),
            CellLevel::Partial => Text::new("一部低い", "Partly low"),
            CellLevel::Low => Text::new("低い", "Low"),
        }
    }
}

/// One cell of the matrix, derived from the measure-level rule.
pub fn stage_applicability(company_type: CompanyType, stage: Stage) -> StageApplicability {
    let measures: Vec<&Measure> = measures_in(Scope::Stage(stage)).collect();
    let low_measures: Vec<&'static str> = measures
        .iter()
        .filter(|m| applicability(company_type, m) == Level::Low)
        .map(|m| m.code)
        .collect();
    let level = if low_measures.is_empty() {
        CellLevel::High
    } else if low_measures.len() == measures.len() {
        CellLevel::Low
    } else {
        CellLevel::Partial
    };
    StageApplicability {
        company_type,
        stage,
        level,
        low_measures,
    }
}

/// The whole matrix, type by type, stage by stage.
pub fn applicability_matrix() -> Vec<StageApplicability> {
    CompanyType::ALL
        .into_iter()
        .flat_map(|t| {
            Stage::ALL
                .into_iter()
                .map(move |s| stage_applicability(t, s))
        })
        .collect()
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
