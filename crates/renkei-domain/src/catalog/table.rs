//! The stage tables of 第2章 2 (current support, company voices, remedies), line by line.

use serde::Serialize;

use super::Scope;
use super::Scope::{AllStages, Stage as S};
use super::Stage::*;
use crate::i18n::Text;

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
