//! Every measure of the model as the report names it: the ideal-model figure's, stage by
//! stage, then the coordinator measures of all stages, then the state measures of 第4章.

use super::{
    FIGURE_AND_TABLE, FIGURE_ONLY, Measure, MeasureKind, Novelty, PROPOSALS, Provider, Scope,
    Stage, TABLE_ONLY,
};
use crate::i18n::Text;

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
