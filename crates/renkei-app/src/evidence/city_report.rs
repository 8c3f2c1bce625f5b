//! A city's fiscal-year report of its support model (第2章): its menu (what it offers at each
//! stage, and whose), the use of each measure by its products' company types (support
//! records written in the year), its outcomes and programs, and its companies' voices — the
//! city's own dashboard's figures, for its staff and coordinators.

use std::collections::BTreeMap;

use renkei_domain::Lang;
use renkei_domain::catalog::{CompanyType, measure};
use renkei_domain::city::CityCode;
use renkei_domain::evidence::{Cell, Filter};
use renkei_store::{MenuQuery, PageRequest};

use super::pilot::{Report, ReportSection};
use super::table::{Figure, Row, Table, grouped, tr};
use super::{Scope, dashboard};
use crate::App;
use crate::access::{Caller, Denied};

/// The city's report for the fiscal year of `filter`.
pub async fn city_report(
    app: &App,
    caller: &Caller,
    city: CityCode,
    filter: Filter,
    lang: Lang,
) -> Result<Report, Denied> {
    let d = dashboard(app, caller, Scope::City(city), filter, lang).await?;
    let store = app.store();
    let menu = store
        .menu(
            &city,
            MenuQuery {
                scope: None,
                page: PageRequest::new(1, PageRequest::MAX_PER_PAGE),
            },
        )
        .await?;
    let menu_lines: Vec<String> = menu
        .items
        .iter()
        .map(|m| {
            let e = &m.entry;
            let budget = e
                .budget_yen
                .map(|y| match lang {
                    Lang::Ja => format!("、予算{}円", grouped(y)),
                    Lang::En => format!(", budget ¥{}", grouped(y)),
                })
                .unwrap_or_default();
            format!(
                "{}　{}（{}{}）",
                e.measure.name.get(lang),
                e.name,
                e.offering.name().get(lang),
                budget
            )
        })
        .collect();
    let support = store.evidence_support(&d.filter).await?;
    let mut per: BTreeMap<String, [i64; 4]> = BTreeMap::new();
    for s in &support {
        let i = s
            .company_type
            .and_then(|t| CompanyType::ALL.iter().position(|x| *x == t))
            .unwrap_or(3);
        per.entry(s.measure.clone()).or_default()[i] += s.count;
    }
    let mut columns: Vec<String> = CompanyType::ALL
        .iter()
        .map(|t| format!("{} {}", t.mark(), t.name().get(lang)))
        .collect();
    columns.push(tr(lang, "類型未設定", "Type not set"));
    columns.push(tr(lang, "計", "Total"));
    let use_table = Table {
        key: "measure-use",
        title: tr(
            lang,
            "施策ごとの利用（類型別）",
            "Use of each measure by company type",
        ),
        rows_are: tr(lang, "施策", "Measure"),
        columns,
        rows: per
            .iter()
            .map(|(code, c)| {
                let label = measure(code).map_or_else(
                    || code.clone(),
                    |m| {
                        let stage = m.scope.stage().map_or("共通", |s| s.mark());
                        format!("{stage} {}", m.name.get(lang))
                    },
                );
                let mut cells: Vec<Figure> =
                    c.iter().map(|n| Figure::Count(Cell::Shown(*n))).collect();
                cells.push(Figure::Count(Cell::Shown(c.iter().sum())));
                Row { label, cells }
            })
            .collect(),
        chart: Some(4),
        note: tr(
            lang,
            "年度内に記録された支援（支援の記録、相談・派遣・橋渡し・研究会の結果を含む）。",
            "Support recorded in the fiscal year (consultations, dispatches, bridges and research groups included).",
        ),
    };
    let pick =
        |keys: &[&str]| -> Vec<Table> { keys.iter().filter_map(|k| d.table(k).cloned()).collect() };
    let name = store.city_name(&city.to_string());
    let mut menu_section = ReportSection {
        heading: tr(lang, "1 支援メニュー", "1 The menu"),
        paragraphs: menu_lines,
        ..ReportSection::default()
    };
    if menu_section.paragraphs.is_empty() {
        menu_section.paragraphs.push(tr(
            lang,
            "支援メニューはまだ登録されていない。",
            "No menu entry yet.",
        ));
    }
    Ok(Report {
        title: match lang {
            Lang::Ja => format!("{name} 支援モデルの実施状況（年度報告）"),
            Lang::En => format!("{name}: the support model in the fiscal year"),
        },
        subtitle: d.filter.year_name(),
        sections: vec![
            menu_section,
            ReportSection {
                heading: tr(lang, "2 施策の利用", "2 Use of the measures"),
                tables: std::iter::once(use_table)
                    .chain(pick(&["products-by-stage", "programs", "consultations"]))
                    .collect(),
                ..ReportSection::default()
            },
            ReportSection {
                heading: tr(lang, "3 成果", "3 Outcomes"),
                tables: pick(&["outcomes", "referrals-by-pair", "referral-funnel"]),
                ..ReportSection::default()
            },
            ReportSection {
                heading: tr(lang, "4 企業の声", "4 Company voices"),
                tables: pick(&["voices-by-stage"]),
                ..ReportSection::default()
            },
        ],
    })
}
