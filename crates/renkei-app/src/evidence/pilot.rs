//! The referral pilot's summary (第3章 5 試行結果), as a report: the referrals started in
//! the fiscal year that the caller may list (an administrator: all; a city: those it sent, or
//! received once the dossier came), counted per pair of cities, their funnel and times, the
//! targets approached and agreed, the outcomes, the participants' feedback quoted per party
//! (company, target, city), and the lessons — the report's own and what the figures say.

use std::collections::BTreeMap;

use renkei_domain::Lang;
use renkei_domain::access::{Action, EvidenceThing, Resource, list_scope};
use renkei_domain::evidence::{Audience, Cell, Filter};
use renkei_domain::referral::{Outcome, Party, State as Step};
use renkei_store::{ReferralHistory, ReferralId};

use super::pipeline::{FUNNEL, funnel_table};
use super::table::{Figure, Row, Table, tr};
use crate::App;
use crate::access::{Caller, Denied};

/// A report: its title, the line under it, its sections.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub title: String,
    pub subtitle: String,
    pub sections: Vec<ReportSection>,
}

/// A section of a report: paragraphs, tables, then quotes (what was said, by whom).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReportSection {
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub tables: Vec<Table>,
    pub quotes: Vec<(String, String)>,
}

/// The lessons the pilot's cities drew (第3章 5 「指定都市における主な課題等」), kept as the
/// report words them.
const LESSONS: [(&str, &str); 3] = [
    (
        "何故、自治体がその企業や商品の仲介を行うのかについて、紹介先に取組の意義を理解してもらわなければ機械的に取り扱われるため、意義を理解し熱意をもって紹介をする必要がある。",
        "Targets must understand why a city introduces a company or product, or they treat it mechanically: introduce it with its purpose and with conviction.",
    ),
    (
        "紹介商品や販路開拓先の選定や、これまで接点のない販路開拓先へのアプローチに苦慮した。",
        "Cities struggled to choose products and targets, and to approach targets they had no contact with.",
    ),
    (
        "産業振興財団やコーディネーターとの連携を一層深めていく必要がある。",
        "Work more closely with the industry promotion foundations and the coordinators.",
    ),
];

/// Whether the caller may list a referral (as the referral list does).
fn listed(caller: &Caller, r: &ReferralHistory) -> bool {
    let scope = list_scope(&caller.subject);
    let sent = r.moves.iter().any(|(_, s)| *s == Step::Sent);
    scope.all || scope.cities.contains(&r.sending) || (sent && scope.cities.contains(&r.receiving))
}

/// The pilot's summary for the fiscal year of `filter`.
pub async fn pilot(
    app: &App,
    caller: &Caller,
    filter: Filter,
    lang: Lang,
) -> Result<Report, Denied> {
    app.require(
        caller,
        Action::Read,
        Resource::Evidence(EvidenceThing::Network),
    )
    .await?;
    let store = app.store();
    let referrals: Vec<ReferralHistory> = store
        .evidence_referrals(&filter)
        .await?
        .into_iter()
        .filter(|r| listed(caller, r))
        .collect();
    let pairs: Vec<(renkei_domain::city::CityCode, renkei_domain::city::CityCode)> =
        referrals.iter().map(|r| (r.sending, r.receiving)).collect();
    let targets: Vec<_> = store
        .evidence_targets(&filter)
        .await?
        .into_iter()
        .filter(|t| pairs.contains(&(t.sending, t.receiving)))
        .collect();
    let overdue = super::pipeline::overdue_ids(app).await?;
    let approached: i64 = targets.iter().map(|t| t.approached).sum();
    let agreed: i64 = targets.iter().map(|t| t.agreed).sum();
    let mut outcomes: BTreeMap<&str, i64> = BTreeMap::new();
    for r in &referrals {
        if let Some(o) = r.outcome {
            *outcomes.entry(o.code()).or_default() += 1;
        }
    }
    let everyone = Audience::All;
    let funnel = funnel_table(&referrals, &overdue, &everyone, lang);
    let (pair_table, pair_count) = pair_table(store, &referrals, &targets, lang);
    let count = |n: i64| Figure::Count(Cell::Shown(n));
    let mut outcome_rows = vec![
        Row {
            label: tr(lang, "情報提供した販路開拓先", "Targets approached"),
            cells: vec![count(approached)],
        },
        Row {
            label: tr(lang, "紹介に同意した販路開拓先", "Targets that agreed"),
            cells: vec![count(agreed)],
        },
    ];
    for o in Outcome::ALL {
        outcome_rows.push(Row {
            label: format!(
                "{}{}",
                tr(lang, "企業からの結果報告：", "Reported: "),
                o.name().get(lang)
            ),
            cells: vec![count(outcomes.get(o.code()).copied().unwrap_or(0))],
        });
    }
    let outcome_table = Table {
        key: "pilot-outcomes",
        title: tr(lang, "販路開拓先と成果", "Targets and outcomes"),
        rows_are: tr(lang, "成果", "Outcome"),
        columns: vec![tr(lang, "件数", "Count")],
        rows: outcome_rows,
        chart: Some(0),
        note: String::new(),
    };
    let adopted = outcomes.get(Outcome::Adopted.code()).copied().unwrap_or(0);
    let overview = match lang {
        Lang::Ja => format!(
            "{}に始まった紹介は{}件、{}組の市の間で行われた。紹介先の市は販路開拓先{}か所に情報を提供し、{}か所が紹介に同意した。企業から「採用」の報告があったものは{}件である。",
            filter.year_name(),
            referrals.len(),
            pair_count,
            approached,
            agreed,
            adopted
        ),
        Lang::En => format!(
            "{} referrals started in fiscal {}, between {} pairs of cities. The receiving cities gave the dossier to {} targets, of which {} agreed to be introduced. {} were reported adopted.",
            referrals.len(),
            filter.year,
            pair_count,
            approached,
            agreed,
            adopted
        ),
    };
    let feedback = feedback_sections(app, &referrals, lang).await?;
    let mut sections = vec![
        ReportSection {
            heading: tr(lang, "1 概要", "1 Overview"),
            paragraphs: vec![overview],
            tables: vec![pair_table],
            quotes: Vec::new(),
        },
        ReportSection {
            heading: tr(
                lang,
                "2 手順ごとの状況と所要日数",
                "2 Each step and its time",
            ),
            paragraphs: vec![funnel.note.clone()],
            tables: vec![funnel.clone()],
            quotes: Vec::new(),
        },
        ReportSection {
            heading: tr(lang, "3 成果", "3 Outcomes"),
            paragraphs: Vec::new(),
            tables: vec![outcome_table],
            quotes: Vec::new(),
        },
    ];
    sections.extend(feedback);
    sections.push(lessons(&funnel, &referrals, lang));
    Ok(Report {
        title: tr(
            lang,
            "指定都市間連携による販路開拓 試行結果（取りまとめ）",
            "Referrals between designated cities: the pilot's results",
        ),
        subtitle: filter.year_name(),
        sections,
    })
}

/// The referrals per pair of cities (and how many pairs).
fn pair_table(
    store: &renkei_store::Store,
    referrals: &[ReferralHistory],
    targets: &[renkei_store::TargetCount],
    lang: Lang,
) -> (Table, usize) {
    let mut pair_rows: BTreeMap<(String, String), [i64; 6]> = BTreeMap::new();
    for r in referrals {
        let c = pair_rows
            .entry((r.sending.to_string(), r.receiving.to_string()))
            .or_default();
        c[0] += 1;
        c[3] += i64::from(r.outcome.is_some());
        c[4] += i64::from(r.state == Step::Declined);
        c[5] += i64::from(r.state == Step::Withdrawn);
    }
    for t in targets {
        let c = pair_rows
            .entry((t.sending.to_string(), t.receiving.to_string()))
            .or_default();
        c[1] += t.approached;
        c[2] += t.agreed;
    }
    let count = |n: i64| Figure::Count(Cell::Shown(n));
    let pair_table = Table {
        key: "pilot-pairs",
        title: tr(
            lang,
            "市の組み合わせ別の紹介",
            "Referrals per pair of cities",
        ),
        rows_are: tr(lang, "紹介元 → 紹介先", "From → to"),
        columns: vec![
            tr(lang, "紹介", "Referrals"),
            tr(lang, "情報提供した販路開拓先", "Targets approached"),
            tr(lang, "同意した販路開拓先", "Targets agreed"),
            tr(lang, "結果の報告", "Results reported"),
            tr(lang, "辞退", "Declined"),
            tr(lang, "取下げ", "Withdrawn"),
        ],
        rows: pair_rows
            .iter()
            .map(|((s, r), c)| Row {
                label: format!("{} → {}", store.city_name(s), store.city_name(r)),
                cells: c.iter().map(|n| count(*n)).collect(),
            })
            .collect(),
        chart: Some(0),
        note: String::new(),
    };
    let pairs = pair_rows.len();
    (pair_table, pairs)
}

/// The feedback (感想) quoted per party, one section.
async fn feedback_sections(
    app: &App,
    referrals: &[ReferralHistory],
    lang: Lang,
) -> Result<Vec<ReportSection>, Denied> {
    let ids: Vec<ReferralId> = referrals.iter().map(|r| ReferralId(r.id)).collect();
    let all = app.store().feedback_on(&ids).await?;
    let mut section = ReportSection {
        heading: tr(lang, "4 参加者の感想", "4 What the participants said"),
        ..ReportSection::default()
    };
    let order = [
        Party::Company,
        Party::Target,
        Party::SendingCity,
        Party::ReceivingCity,
    ];
    for party in order {
        let of: Vec<_> = all.iter().filter(|f| f.party == party).collect();
        if of.is_empty() {
            continue;
        }
        for f in of {
            let by = match lang {
                Lang::Ja => format!("{}（評価 {}／5）", party.name().get(lang), f.rating),
                Lang::En => format!("{} (rated {}/5)", party.name().get(lang), f.rating),
            };
            section.quotes.push((f.comment.clone(), by));
        }
    }
    if section.quotes.is_empty() {
        section.paragraphs.push(tr(
            lang,
            "記録された感想はまだない。",
            "No feedback has been recorded yet.",
        ));
    }
    Ok(vec![section])
}

/// The lessons: what the figures say (the slowest step, declines, overdue steps), then the
/// pilot's own.
fn lessons(funnel: &Table, referrals: &[ReferralHistory], lang: Lang) -> ReportSection {
    let mut paragraphs = Vec::new();
    let slowest = funnel
        .rows
        .iter()
        .filter_map(|r| Some((r.label.clone(), r.cells.get(4)?.number()?)))
        .max_by(|a, b| a.1.total_cmp(&b.1));
    if let Some((step, days)) = slowest {
        paragraphs.push(match lang {
            Lang::Ja => format!("最も日数を要した手順は「{step}」（中央値 {days:.1}日）である。"),
            Lang::En => format!("The slowest step was “{step}” (median {days:.1} days)."),
        });
    }
    let declined = referrals
        .iter()
        .filter(|r| r.state == Step::Declined)
        .count();
    if declined > 0 {
        paragraphs.push(match lang {
            Lang::Ja => format!("紹介先の市が辞退した紹介が{declined}件ある（競合製品等）。"),
            Lang::En => format!("{declined} referrals were declined by the receiving city."),
        });
    }
    let late: i64 = funnel
        .rows
        .iter()
        .take(FUNNEL.len())
        .filter_map(|r| r.cells.get(2)?.number())
        .sum::<f64>() as i64;
    if late > 0 {
        paragraphs.push(match lang {
            Lang::Ja => format!("目安の日数を過ぎている手順が{late}件ある。"),
            Lang::En => format!("{late} steps are past their expected time."),
        });
    }
    paragraphs.extend(LESSONS.iter().map(|(ja, en)| tr(lang, ja, en)));
    ReportSection {
        heading: tr(lang, "5 教訓", "5 Lessons"),
        paragraphs,
        tables: Vec::new(),
        quotes: Vec::new(),
    }
}
