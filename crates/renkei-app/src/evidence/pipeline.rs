//! The pipeline's figures: products per stage and company type (as they are now), moves per
//! fiscal quarter (those back to an earlier stage, ⑧ → ⑦ among them, counted apart), the
//! time products stayed in each stage (stays that ended in the year), and the referral funnel
//! of the referrals started in the year: how many reached each step, how many are at it now
//! and overdue there, and the median and 90th-percentile time at it.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, FixedOffset, Utc};
use renkei_domain::Lang;
use renkei_domain::access::ListScope;
use renkei_domain::catalog::{CompanyType, Stage};
use renkei_domain::evidence::{Audience, Cell, Filter, quarter, row, stays, time_per_step};
use renkei_domain::referral::State as Step;
use renkei_store::{ReferralHistory, StageLine};

use super::table::{Durations, Figure, Row, Section, Table, Tally, tr};
use crate::App;
use crate::access::Denied;

/// The day in Japan of an instant.
pub(crate) fn jst_day(at: DateTime<Utc>) -> chrono::NaiveDate {
    let jst = FixedOffset::east_opt(9 * 3600).expect("UTC+9 is an offset");
    at.with_timezone(&jst).date_naive()
}

/// A stage's label: `① ニーズ・シーズの発掘`.
pub fn stage_label(s: Stage, lang: Lang) -> String {
    format!("{} {}", s.mark(), s.name().get(lang))
}

/// The fiscal quarter's label.
pub fn quarter_label(q: u8, lang: Lang) -> String {
    let months = ["4〜6月", "7〜9月", "10〜12月", "1〜3月"];
    let en = ["Apr–Jun", "Jul–Sep", "Oct–Dec", "Jan–Mar"];
    let i = usize::from(q.clamp(1, 4) - 1);
    match lang {
        Lang::Ja => format!("第{q}四半期（{}）", months[i]),
        Lang::En => format!("Q{q} ({})", en[i]),
    }
}

/// The steps of the funnel, in order, the two ends aside last.
pub const FUNNEL: [Step; 10] = [
    Step::Selected,
    Step::Consented,
    Step::Sent,
    Step::Accepted,
    Step::FedBack,
    Step::Forwarded,
    Step::Reported,
    Step::Closed,
    Step::Declined,
    Step::Withdrawn,
];

pub(super) async fn sections(
    app: &App,
    f: &Filter,
    audience: &Audience,
    lang: Lang,
) -> Result<Vec<Section>, Denied> {
    let store = app.store();
    let products = store.evidence_products(f).await?;
    let lines = store.evidence_stage_lines(f).await?;
    let referrals = store.evidence_referrals(f).await?;
    let overdue = overdue_ids(app).await?;
    let mut by_type = Tally::new();
    for p in &products {
        by_type.add((p.stage, p.company_type), p.city, p.count);
    }
    Ok(vec![
        Section {
            key: "products",
            title: tr(
                lang,
                "製品・サービスの開発段階",
                "Products through the stages",
            ),
            tables: vec![
                products_table(&by_type, f, audience, lang),
                moves_table(&lines, f, audience, lang),
                stays_table(&lines, f, audience, lang),
            ],
        },
        Section {
            key: "referrals",
            title: tr(lang, "指定都市間の販路開拓紹介", "Referrals between cities"),
            tables: vec![funnel_table(&referrals, &overdue, audience, lang)],
        },
    ])
}

fn products_table(
    by_type: &Tally<(Stage, Option<CompanyType>)>,
    f: &Filter,
    audience: &Audience,
    lang: Lang,
) -> Table {
    let types: Vec<Option<CompanyType>> = CompanyType::ALL
        .into_iter()
        .map(Some)
        .chain([None])
        .collect();
    let mut columns: Vec<String> = types
        .iter()
        .map(|t| match t {
            Some(t) => format!("{} {}", t.mark(), t.name().get(lang)),
            None => tr(lang, "類型未設定", "Type not set"),
        })
        .collect();
    columns.push(tr(lang, "計", "Total"));
    let rows = Stage::ALL
        .into_iter()
        .filter(|s| f.stage.is_none_or(|only| only == *s))
        .map(|s| {
            let counts: Vec<(i64, i64)> = types
                .iter()
                .map(|t| by_type.get(&(s, *t), audience))
                .collect();
            let (cells, total) = row(&counts);
            let mut cells: Vec<Figure> = cells.into_iter().map(Figure::Count).collect();
            cells.push(Figure::Count(total));
            Row {
                label: stage_label(s, lang),
                cells,
            }
        })
        .collect();
    Table {
        key: "products-by-stage",
        title: tr(
            lang,
            "段階別・類型別の開発案件数",
            "Products by stage and company type",
        ),
        rows_are: tr(lang, "段階", "Stage"),
        chart: Some(columns.len() - 1),
        columns,
        rows,
        note: tr(
            lang,
            "開発中の案件の現在の段階（撤退した案件を除く）。類型は案件に設定がなければ企業の類型。",
            "The current stage of products in development (withdrawn ones left out); the type is the product's, else its company's.",
        ),
    }
}

/// Each product's lines grouped, in order.
fn per_product(lines: &[StageLine]) -> BTreeMap<i64, Vec<&StageLine>> {
    let mut out: BTreeMap<i64, Vec<&StageLine>> = BTreeMap::new();
    for l in lines {
        out.entry(l.product).or_default().push(l);
    }
    out
}

fn moves_table(lines: &[StageLine], f: &Filter, audience: &Audience, lang: Lang) -> Table {
    let (start, end) = f.bounds();
    let mut moves = Tally::new();
    let mut back = Tally::new();
    for l in lines {
        let Some(from) = l.from else { continue };
        if l.at < start || l.at >= end {
            continue;
        }
        let q = quarter(jst_day(l.at));
        moves.add(q, l.city, 1);
        back.add(q, l.city, i64::from(l.to < from));
    }
    let rows = (1..=4)
        .map(|q| Row {
            label: quarter_label(q, lang),
            cells: vec![
                moves.cell(&q, audience),
                back_cell(&back, &moves, q, audience),
            ],
        })
        .collect();
    Table {
        key: "moves-by-quarter",
        title: tr(lang, "四半期別の段階の移行", "Stage moves per quarter"),
        rows_are: tr(lang, "四半期", "Quarter"),
        columns: vec![
            tr(lang, "移行", "Moves"),
            tr(
                lang,
                "うち前の段階へ（⑧→⑦を含む）",
                "Of which to an earlier stage (⑧ → ⑦ included)",
            ),
        ],
        rows,
        chart: Some(0),
        note: tr(
            lang,
            "年度内に記録された段階の移行（登録は含まない）。",
            "Stage moves recorded in the fiscal year (registrations left out).",
        ),
    }
}

/// Moves back in a quarter, suppressed as the quarter's moves are (the smaller figure of the
/// same records).
fn back_cell(back: &Tally<u8>, moves: &Tally<u8>, q: u8, audience: &Audience) -> Figure {
    let (_, others) = moves.get(&q, audience);
    let (n, _) = back.get(&q, audience);
    Figure::Count(Cell::of(n, others))
}

fn stays_table(lines: &[StageLine], f: &Filter, audience: &Audience, lang: Lang) -> Table {
    let (start, end) = f.bounds();
    let mut times = Durations::new();
    for product_lines in per_product(lines).values() {
        let Some(first) = product_lines.first() else {
            continue;
        };
        let city = first.city;
        let moves: Vec<(DateTime<Utc>, Stage)> =
            product_lines.iter().skip(1).map(|l| (l.at, l.to)).collect();
        for s in stays((first.to, first.at), &moves) {
            match (s.seconds(), s.until) {
                (Some(secs), Some(until)) if until >= start && until < end => {
                    times.add(s.step, city, secs);
                }
                _ => {}
            }
        }
    }
    let rows = Stage::ALL
        .into_iter()
        .filter(|s| f.stage.is_none_or(|only| only == *s))
        .map(|s| Row {
            label: stage_label(s, lang),
            cells: times.figures(&s, audience).to_vec(),
        })
        .collect();
    Table {
        key: "time-in-stage",
        title: tr(lang, "段階ごとの滞在期間", "Time in each stage"),
        rows_are: tr(lang, "段階", "Stage"),
        columns: times_columns(lang, "滞在（件）", "Stays"),
        rows,
        chart: Some(1),
        note: tr(
            lang,
            "年度内に次の段階へ移った滞在の、登録または移行から次の移行までの日数。",
            "Days from a product's registration or move to its next move, for stays that ended in the fiscal year.",
        ),
    }
}

fn times_columns(lang: Lang, ja: &str, en: &str) -> Vec<String> {
    vec![
        tr(lang, ja, en),
        tr(lang, "中央値", "Median"),
        tr(lang, "90パーセンタイル", "90th percentile"),
    ]
}

/// The referrals whose waiting step is past its expected time now.
pub(crate) async fn overdue_ids(app: &App) -> Result<BTreeSet<i64>, Denied> {
    let everything = ListScope {
        all: true,
        cities: Vec::new(),
        companies: Vec::new(),
    };
    Ok(app
        .store()
        .overdue_referrals(&everything, Utc::now())
        .await?
        .into_iter()
        .map(|o| o.referral.id.0)
        .collect())
}

pub(crate) fn funnel_table(
    referrals: &[ReferralHistory],
    overdue: &BTreeSet<i64>,
    audience: &Audience,
    lang: Lang,
) -> Table {
    let mut reached = Tally::new();
    let mut now = Tally::new();
    let mut late = Tally::new();
    let mut times = Durations::new();
    for r in referrals {
        // A referral is its two cities' record: one of them being the viewer's makes it own.
        let city = if audience.owns(&r.receiving) {
            r.receiving
        } else {
            r.sending
        };
        let history = stays((Step::Selected, r.created_at), &r.moves);
        let steps: BTreeSet<Step> = history.iter().map(|s| s.step).collect();
        for s in steps {
            reached.add(s, city, 1);
        }
        now.add(r.state, city, 1);
        late.add(r.state, city, i64::from(overdue.contains(&r.id)));
        for (step, secs) in time_per_step(&history) {
            times.add(step, city, secs);
        }
    }
    let rows = FUNNEL
        .into_iter()
        .map(|s| {
            let (_, others) = now.get(&s, audience);
            let (n_late, _) = late.get(&s, audience);
            let mut cells = vec![
                reached.cell(&s, audience),
                now.cell(&s, audience),
                Figure::Count(Cell::of(n_late, others)),
            ];
            cells.extend(times.figures(&s, audience));
            Row {
                label: s.name().get(lang).to_owned(),
                cells,
            }
        })
        .collect();
    let mut columns = vec![
        tr(lang, "到達", "Reached"),
        tr(lang, "現在", "At it now"),
        tr(lang, "うち期限超過", "Of which overdue"),
    ];
    columns.extend(times_columns(lang, "完了した滞在（件）", "Stays ended"));
    Table {
        key: "referral-funnel",
        title: tr(
            lang,
            "紹介の段階別の状況（ファネル）",
            "The referral funnel",
        ),
        rows_are: tr(lang, "手順", "Step"),
        columns,
        rows,
        chart: Some(0),
        note: tr(
            lang,
            "年度内に始まった紹介。前の手順に戻った紹介は到達を1件と数え、同じ手順の滞在を合算する。期限は各市が定めた目安の日数。",
            "Referrals started in the fiscal year. One that went back a step is counted once as having reached it, its stays there added up. Overdue: past the expected days the city set.",
        ),
    }
}
