//! The evidence for the proposals to the state (第4章), aggregated across cities, as a
//! report: 1 PMDA's 薬事戦略相談 (the demand for regulatory consultations, their service
//! level, the bridges to PMDA and their outcomes, the company voices on regulation);
//! 2 development funding for SMEs (the yen asked against the yen granted, the voices on
//! funding); 3 coordinators (each city's coordinators, training hours and certificates, the
//! stages with products and nobody trained). The network's figures, suppressed for a city's
//! viewer as on the network's dashboard; the training counts are the network's own.

use renkei_domain::Lang;
use renkei_domain::evidence::{Cell, Filter};
use renkei_domain::training::hours_text;

use super::pilot::{Report, ReportSection};
use super::table::{Figure, Row, Table, tr};
use super::{Scope, dashboard};
use crate::App;
use crate::access::{Caller, Denied};

/// What the report proposes, in its words (第4章 1–3).
const PROPOSALS: [(&str, &str); 3] = [
    (
        "（独）医薬品医療機器総合機構（PMDA）の薬事法に係る薬事戦略相談について、相談者からの相談に対してタイムリーに対応できるよう体制整備や出張相談対応等の指導支援を充実させること。",
        "Strengthen PMDA's regulatory strategy consultations so that they answer in time, with more staff and consultations held outside Tokyo and Osaka.",
    ),
    (
        "日本版ＮＩＨにおける研究開発予算を十分に確保するとともに、配分にあたっては、技術力を有する中小企業にも配慮すること。",
        "Secure enough R&D funding in the Japanese NIH (AMED), and allocate it to technically capable SMEs too.",
    ),
    (
        "地域の医工連携コーディネーターの育成等に係る支援も充実させること。",
        "Strengthen the support for training local medical-engineering coordinators.",
    ),
];

/// A row of a dashboard's table by the start of its label.
fn pick(t: Option<&Table>, label: &str) -> Option<Row> {
    t?.rows.iter().find(|r| r.label.starts_with(label)).cloned()
}

/// The evidence for the proposals, for the fiscal year of `filter`.
pub async fn proposals(
    app: &App,
    caller: &Caller,
    filter: Filter,
    lang: Lang,
) -> Result<Report, Denied> {
    let d = dashboard(app, caller, Scope::Network, filter, lang).await?;
    let programs = d.table("programs");
    let voices = d.table("voices-by-stage");
    let mut pmda_rows: Vec<Row> = Vec::new();
    if let Some(t) = programs {
        pmda_rows.extend(
            t.rows
                .iter()
                .filter(|r| {
                    r.label.contains("PMDA")
                        || r.label.contains("専門家")
                        || r.label.contains("Expert")
                })
                .cloned(),
        );
    }
    let pmda = Table {
        key: "proposal-pmda",
        title: tr(
            lang,
            "国の機関への橋渡しと専門家派遣",
            "Bridges to national bodies and expert dispatches",
        ),
        rows_are: tr(lang, "事業", "Program"),
        columns: vec![tr(lang, "年度の実績", "In the year")],
        rows: pmda_rows,
        chart: None,
        note: String::new(),
    };
    let regulatory_voices = Table {
        key: "proposal-voices",
        title: tr(
            lang,
            "段階④（薬事法等関連相談）の企業の声",
            "Company voices at stage ④",
        ),
        rows_are: tr(lang, "段階", "Stage"),
        columns: voices.map(|t| t.columns.clone()).unwrap_or_default(),
        rows: pick(voices, "④").into_iter().collect(),
        chart: None,
        note: String::new(),
    };
    let money = Table {
        key: "proposal-funding",
        title: tr(
            lang,
            "開発費の申請額と交付決定額",
            "Development funding asked and granted",
        ),
        rows_are: tr(lang, "事業", "Program"),
        columns: vec![tr(lang, "年度の実績", "In the year")],
        rows: [
            "公募への申請",
            "申請額",
            "採択",
            "交付決定額",
            "Applications",
            "Yen asked",
            "Awards",
            "Yen granted",
        ]
        .iter()
        .filter_map(|l| pick(programs, l))
        .collect(),
        chart: None,
        note: String::new(),
    };
    let training = crate::training::network_training(app, caller, filter.year).await?;
    let people = coordinators_table(app, &training, lang);
    let hours: u32 = training.iter().map(|r| r.half_hours).sum();
    let coordinators: usize = training.iter().map(|r| r.coordinators).sum();
    let mut first = ReportSection {
        heading: tr(
            lang,
            "1 薬事戦略相談について",
            "1 PMDA's regulatory strategy consultations",
        ),
        paragraphs: vec![tr(lang, PROPOSALS[0].0, PROPOSALS[0].1)],
        tables: Vec::new(),
        quotes: Vec::new(),
    };
    first.tables.extend(d.table("consultations").cloned());
    first.tables.push(pmda);
    first.tables.push(regulatory_voices);
    Ok(Report {
        title: tr(
            lang,
            "国に対する提案の根拠（医療・介護・健康関連産業の振興と人材確保・育成）",
            "Evidence for the proposals to the state",
        ),
        subtitle: filter.year_name(),
        sections: vec![
            first,
            ReportSection {
                heading: tr(lang, "2 医療関連開発経費について", "2 Development funding"),
                paragraphs: vec![tr(lang, PROPOSALS[1].0, PROPOSALS[1].1)],
                tables: vec![money],
                quotes: Vec::new(),
            },
            ReportSection {
                heading: tr(
                    lang,
                    "3 医工連携コーディネート人材について",
                    "3 Coordinators",
                ),
                paragraphs: vec![
                    tr(lang, PROPOSALS[2].0, PROPOSALS[2].1),
                    match lang {
                        Lang::Ja => format!(
                            "指定都市のコーディネーターは{coordinators}人、年度内の研修は計{}時間。",
                            hours_text(hours)
                        ),
                        Lang::En => format!(
                            "The designated cities have {coordinators} coordinators; {} hours of training in the year.",
                            hours_text(hours)
                        ),
                    },
                ],
                tables: vec![people],
                quotes: Vec::new(),
            },
        ],
    })
}

/// Each city's coordinators, training hours, certificates and uncovered stages.
fn coordinators_table(app: &App, training: &[crate::training::NetworkRow], lang: Lang) -> Table {
    let count = |n: i64| Figure::Count(Cell::Shown(n));
    Table {
        key: "proposal-coordinators",
        title: tr(
            lang,
            "市ごとのコーディネーターと研修",
            "Coordinators and their training per city",
        ),
        rows_are: tr(lang, "市", "City"),
        columns: vec![
            tr(lang, "コーディネーター", "Coordinators"),
            tr(lang, "研修時間", "Training hours"),
            tr(lang, "修了証", "Certificates"),
            tr(lang, "研修を受けた人がいない段階", "Stages uncovered"),
        ],
        rows: training
            .iter()
            .map(|r| Row {
                label: app.store().city_name(&r.city.to_string()),
                cells: vec![
                    count(r.coordinators as i64),
                    count(i64::from(r.half_hours) / 2),
                    count(r.certificates as i64),
                    count(r.uncovered.len() as i64),
                ],
            })
            .collect(),
        chart: Some(0),
        note: tr(
            lang,
            "研修時間は時間単位（30分未満切り捨て）。",
            "Training hours in whole hours.",
        ),
    }
}
