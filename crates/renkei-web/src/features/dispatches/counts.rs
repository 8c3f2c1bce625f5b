//! A city's expert dispatches of a fiscal year (年度): every dispatch with its expert, field,
//! state and visits, and the counts and costs (dispatches approved or closed, visits, hours,
//! fees) in all, by company, by measure and for the last three fiscal years; as a page and
//! as a file (`.csv`, `.xlsx`). The city's staff and coordinators read it.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query};
use axum::response::Response;
use renkei_app::consultations::today;
use renkei_app::dispatches::{Count, Totals};
use renkei_domain::Lang;
use renkei_domain::access::{Action, Resource};
use renkei_domain::city::CityCode;
use renkei_domain::dispatch::show_hours;
use renkei_domain::jdate::{fiscal_year, fiscal_year_name};
use renkei_store::DispatchWithVisits;
use serde::Deserialize;

use crate::AppState;
use crate::access::Viewer;
use crate::csv::{ListFormat, download, utc_stamp};
use crate::error::AppError;
use crate::shared::city::city_code;
use crate::shared::format::{city_name, show_wareki};
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

use super::roster::yen;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct YearQuery {
    /// The fiscal year (the year it starts in); none: the current one.
    pub year: Option<i32>,
}

/// A dispatch as a row of the list.
pub struct Row {
    pub id: i64,
    pub case: i64,
    pub company: String,
    pub expert: String,
    pub field: &'static str,
    pub state: &'static str,
    pub asked: String,
    pub planned: i32,
    pub visits: usize,
    pub hours: String,
    pub fees: String,
}

/// A line of counts, as shown.
pub struct CountLine {
    pub label: String,
    pub dispatches: i64,
    pub visits: i64,
    pub hours: String,
    pub fees: String,
}

fn line(label: String, c: &Count) -> CountLine {
    CountLine {
        label,
        dispatches: c.dispatches,
        visits: c.visits,
        hours: show_hours(c.minutes),
        fees: yen(c.fees),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "dispatches/city.html")]
pub struct CountsPage {
    base: Base,
    city: String,
    year: i32,
    years: Vec<(i32, String, bool)>,
    rows: Vec<Row>,
    all: CountLine,
    by_company: Vec<CountLine>,
    by_measure: Vec<CountLine>,
    by_year: Vec<CountLine>,
}

async fn allowed(viewer: &Viewer, code: &CityCode) -> Result<(), AppError> {
    let resource = Resource::CityRecord {
        owner: code,
        shared_with: &[],
    };
    viewer.require(Action::Read, resource).await?;
    Ok(())
}

/// The dispatches of a year as rows, with the names they need.
async fn rows_of(
    state: &AppState,
    lang: Lang,
    code: &CityCode,
    list: &[DispatchWithVisits],
) -> Result<(Vec<Row>, std::collections::HashMap<i64, String>), AppError> {
    let companies = state
        .store
        .companies_by_id(list.iter().map(|d| d.dispatch.company_id))
        .await?;
    let experts = state.store.experts_of(code, true).await?;
    let names: std::collections::HashMap<i64, String> = companies
        .iter()
        .map(|(id, c)| (id.0, c.name.clone()))
        .collect();
    let rows = list
        .iter()
        .map(|d| {
            let r = &d.dispatch;
            Row {
                id: r.id.0,
                case: r.consultation_id.0,
                company: names.get(&r.company_id.0).cloned().unwrap_or_default(),
                expert: experts
                    .iter()
                    .find(|x| x.id == r.expert_id)
                    .map(|x| x.name.clone())
                    .unwrap_or_default(),
                field: r.field.name().get(lang),
                state: r.state.name().get(lang),
                asked: show_wareki(r.created_at),
                planned: r.planned_visits,
                visits: d.visits.len(),
                hours: show_hours(d.visits.iter().map(|v| i64::from(v.minutes)).sum()),
                fees: yen(d.visits.iter().map(|v| v.fee).sum()),
            }
        })
        .collect();
    Ok((rows, names))
}

/// The counts and costs page.
pub async fn page(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(city): Path<String>,
    Query(q): Query<YearQuery>,
) -> Result<CountsPage, AppError> {
    let code = city_code(&city)?;
    allowed(&viewer, &code).await?;
    let current = fiscal_year(today());
    let year = q
        .year
        .filter(|y| (2000..=current + 1).contains(y))
        .unwrap_or(current);
    let list = state.store.dispatches_of(&code, year).await?;
    let (rows, names) = rows_of(&state, lang, &code, &list).await?;
    let totals = Totals::of(&list);
    let by_company = totals
        .by_company
        .iter()
        .map(|(id, c)| line(names.get(id).cloned().unwrap_or_default(), c))
        .collect();
    let by_measure = totals
        .by_measure
        .iter()
        .map(|(m, c)| {
            let name = renkei_domain::catalog::measure(m)
                .map(|x| x.name.get(lang).to_owned())
                .unwrap_or_else(|| (*m).to_owned());
            line(name, c)
        })
        .collect();
    let mut by_year = Vec::new();
    for y in (year - 2..=year).rev() {
        let of_year = if y == year {
            totals.all
        } else {
            Totals::of(&state.store.dispatches_of(&code, y).await?).all
        };
        by_year.push(line(fiscal_year_name(y), &of_year));
    }
    let title = format!(
        "{}{}",
        city_name(&state, &code.to_string()),
        tr(lang, "の専門家派遣の実績", ": expert dispatches")
    );
    Ok(CountsPage {
        base: Base::new(
            lang,
            format!("/cities/{code}/dispatches"),
            title,
            "companies",
        ),
        city: code.to_string(),
        year,
        years: (current - 4..=current)
            .rev()
            .map(|y| (y, fiscal_year_name(y), y == year))
            .collect(),
        rows,
        all: line(tr(lang, "合計", "In all").to_owned(), &totals.all),
        by_company,
        by_measure,
        by_year,
    })
}

/// The dispatches of a year as a file.
pub async fn file(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(city): Path<String>,
    Query(q): Query<YearQuery>,
) -> Result<Response, AppError> {
    let code = city_code(&city)?;
    allowed(&viewer, &code).await?;
    let year = q.year.unwrap_or_else(|| fiscal_year(today()));
    let list = state.store.dispatches_of(&code, year).await?;
    let (rows, _) = rows_of(&state, lang, &code, &list).await?;
    let header = [
        tr(lang, "派遣番号", "Dispatch"),
        tr(lang, "相談番号", "Case"),
        tr(lang, "企業", "Company"),
        tr(lang, "専門家", "Expert"),
        tr(lang, "分野", "Field"),
        tr(lang, "状態", "State"),
        tr(lang, "依頼日", "Asked"),
        tr(lang, "予定回数", "Visits planned"),
        tr(lang, "訪問回数", "Visits"),
        tr(lang, "時間", "Hours"),
        tr(lang, "謝金（円）", "Fees (yen)"),
    ];
    let lines = rows.into_iter().map(|r| {
        vec![
            r.id.to_string(),
            r.case.to_string(),
            r.company,
            r.expert,
            r.field.to_owned(),
            r.state.to_owned(),
            r.asked,
            r.planned.to_string(),
            r.visits.to_string(),
            r.hours,
            r.fees.replace(',', ""),
        ]
    });
    let xlsx = ListFormat::of(&uri) == ListFormat::Xlsx;
    let name = format!("dispatches-{code}-{year}-{}", utc_stamp());
    download(
        xlsx,
        &name,
        tr(lang, "専門家派遣", "Dispatches"),
        &header,
        lines,
    )
}
