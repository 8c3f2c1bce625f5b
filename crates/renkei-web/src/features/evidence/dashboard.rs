//! The dashboards' pages (`/cities/{city}/dashboard`, `/network/dashboard`) and their
//! downloads (`.xlsx`: a sheet per table; `.csv`: every figure, one per line): the filter
//! (年度 shown in 和暦 too, city, company type, stage), then each section's tables, each with
//! its chart drawn on the server beside it. A filter that is not right is told back in the
//! form, with the page (422), never a failure.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use renkei_app::evidence::{self, Dashboard, Scope, Table};
use renkei_domain::Lang;
use renkei_domain::catalog::{CompanyType, Stage};
use renkei_domain::city::DESIGNATED_CITIES;
use renkei_domain::evidence::{Filter, FilterInput};
use serde::Deserialize;
use utoipa::IntoParams;

use super::chart;
use crate::AppState;
use crate::access::Viewer;
use crate::csv::{ListFormat, utc_stamp};
use crate::error::AppError;
use crate::extract::QueryInput;
use crate::shared::city::city_code;
use crate::shared::forms::Errors;
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

/// The filter as query parameters: each as typed, checked by `evidence::Filter::parse`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct FilterParams {
    /// The fiscal year (年度) by the year it starts in (`2026`), or in 令和 (`令和8`); the
    /// current one if left out.
    pub year: String,
    /// A designated city's code, to narrow the network's figures to it.
    pub city: String,
    /// A company type: `medical-company-led`, `manufacturer-entry`, `metro-needs-ict` (or 1–3).
    pub company_type: String,
    /// A stage: `discovery` … `production` (or 1–8).
    pub stage: String,
}

impl FilterParams {
    pub fn parse(&self) -> Result<Filter, Vec<renkei_domain::FieldError>> {
        Filter::parse(
            &FilterInput {
                year: self.year.clone(),
                city: self.city.clone(),
                company_type: self.company_type.clone(),
                stage: self.stage.clone(),
            },
            evidence::this_fiscal_year(),
        )
    }

    /// The query string that asks for the same filter.
    pub fn query(&self) -> String {
        let pairs = [
            ("year", &self.year),
            ("city", &self.city),
            ("company_type", &self.company_type),
            ("stage", &self.stage),
        ];
        pairs
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| {
                format!(
                    "{k}={}",
                    url::form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>()
                )
            })
            .collect::<Vec<_>>()
            .join("&")
    }
}

pub struct CellView {
    pub text: String,
    pub suppressed: bool,
}

pub struct RowView {
    pub label: String,
    pub cells: Vec<CellView>,
}

pub struct TableView {
    pub key: &'static str,
    pub title: String,
    pub rows_are: String,
    pub columns: Vec<String>,
    pub rows: Vec<RowView>,
    pub svg: Option<String>,
    pub note: String,
}

pub struct SectionView {
    pub key: &'static str,
    pub title: String,
    pub tables: Vec<TableView>,
}

/// A choice of a select: its value, its name, whether chosen.
pub struct Choice {
    pub value: String,
    pub name: String,
    pub chosen: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "evidence/dashboard.html")]
pub struct DashboardPage {
    pub base: Base,
    pub action: String,
    pub network: bool,
    pub errors: Errors,
    pub year: String,
    pub year_name: String,
    pub cities: Vec<Choice>,
    pub types: Vec<Choice>,
    pub stages: Vec<Choice>,
    pub sections: Vec<SectionView>,
    pub query: String,
    /// The reports to download: (id, address, label).
    pub reports: Vec<(&'static str, String, String)>,
}

pub fn table_view(t: &Table, lang: Lang) -> TableView {
    TableView {
        key: t.key,
        title: t.title.clone(),
        rows_are: t.rows_are.clone(),
        columns: t.columns.clone(),
        rows: t
            .rows
            .iter()
            .map(|r| RowView {
                label: r.label.clone(),
                cells: r
                    .cells
                    .iter()
                    .map(|c| CellView {
                        text: c.text(lang),
                        suppressed: c.is_suppressed(),
                    })
                    .collect(),
            })
            .collect(),
        svg: chart::bars(t, lang),
        note: t.note.clone(),
    }
}

fn choices(
    state: &AppState,
    q: &FilterParams,
    lang: Lang,
) -> (Vec<Choice>, Vec<Choice>, Vec<Choice>) {
    let cities = DESIGNATED_CITIES
        .iter()
        .map(|c| Choice {
            value: (*c).to_owned(),
            name: state.store.city_name(c),
            chosen: q.city == *c,
        })
        .collect();
    let types = CompanyType::ALL
        .into_iter()
        .map(|t| Choice {
            value: t.code().to_owned(),
            name: format!("{} {}", t.mark(), t.name().get(lang)),
            chosen: q.company_type == t.code(),
        })
        .collect();
    let stages = Stage::ALL
        .into_iter()
        .map(|s| Choice {
            value: s.code().to_owned(),
            name: format!("{} {}", s.mark(), s.name().get(lang)),
            chosen: q.stage == s.code(),
        })
        .collect();
    (cities, types, stages)
}

/// `GET /cities/{city}/dashboard` (and `.xlsx`, `.csv`).
pub async fn city(
    ctx: PageContext,
    Path(city): Path<String>,
    QueryInput(q): QueryInput<FilterParams>,
) -> Result<Response, AppError> {
    let code = city_code(&city)?;
    show(ctx, Scope::City(code), q).await
}

/// `GET /network/dashboard` (and `.xlsx`, `.csv`).
pub async fn network(
    ctx: PageContext,
    QueryInput(q): QueryInput<FilterParams>,
) -> Result<Response, AppError> {
    show(ctx, Scope::Network, q).await
}

async fn show(
    PageContext(state, lang, uri, viewer): PageContext,
    scope: Scope,
    q: FilterParams,
) -> Result<Response, AppError> {
    let (title, action) = match scope {
        Scope::City(c) => (
            format!(
                "{}{}",
                state.store.city_name(&c.to_string()),
                tr(lang, "のダッシュボード", ": dashboard")
            ),
            format!("/cities/{c}/dashboard"),
        ),
        Scope::Network => (
            String::from(tr(
                lang,
                "ネットワーク全体のダッシュボード",
                "The network's dashboard",
            )),
            "/network/dashboard".to_owned(),
        ),
    };
    let (filter, errors) = match q.parse() {
        Ok(f) => (Some(f), Vec::new()),
        Err(e) => (None, e),
    };
    // The access check comes first, whatever the filter says.
    evidence::audience(&state.app, &viewer.caller(), scope).await?;
    let dashboard = match filter {
        Some(f) => Some(evidence::dashboard(&state.app, &viewer.caller(), scope, f, lang).await?),
        None => None,
    };
    let format = ListFormat::of(&uri);
    if let (Some(d), false) = (&dashboard, format == ListFormat::Page) {
        return download(d, format, lang);
    }
    if format != ListFormat::Page {
        return Err(AppError::Validation(errors));
    }
    let (cities, types, stages) = choices(&state, &q, lang);
    let page = DashboardPage {
        base: Base::new(lang, uri.to_string(), title, "evidence"),
        action,
        network: scope == Scope::Network,
        errors: Errors::of(lang, &errors),
        year: q.year.clone(),
        year_name: dashboard
            .as_ref()
            .map(|d| d.filter.year_name())
            .unwrap_or_default(),
        cities,
        types,
        stages,
        sections: dashboard
            .iter()
            .flat_map(|d| &d.sections)
            .map(|s| SectionView {
                key: s.key,
                title: s.title.clone(),
                tables: s.tables.iter().map(|t| table_view(t, lang)).collect(),
            })
            .collect(),
        query: q.query(),
        reports: report_links(scope, &viewer, lang),
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, page).into_response())
}

/// The reports the viewer may download from this dashboard: the city's own report, and the
/// reports across cities (the pilot's summary, the evidence for the proposals).
fn report_links(scope: Scope, viewer: &Viewer, lang: Lang) -> Vec<(&'static str, String, String)> {
    use renkei_domain::access::{Action, Decision, EvidenceThing, Resource, decide};
    let mut out = Vec::new();
    if let Scope::City(c) = scope {
        for ext in ["pdf", "xlsx"] {
            out.push((
                if ext == "pdf" {
                    "city-report"
                } else {
                    "city-report-xlsx"
                },
                format!("/cities/{c}/report.{ext}"),
                format!(
                    "{}（{}）",
                    tr(lang, "年度報告", "The fiscal year's report"),
                    ext.to_uppercase()
                ),
            ));
        }
    }
    let network = Resource::Evidence(EvidenceThing::Network);
    if decide(&viewer.caller().subject, Action::Read, network) == Decision::Allow {
        for ext in ["pdf", "xlsx"] {
            out.push((
                if ext == "pdf" {
                    "pilot-report"
                } else {
                    "pilot-report-xlsx"
                },
                format!("/reports/pilot.{ext}"),
                format!(
                    "{}（{}）",
                    tr(lang, "販路開拓の試行結果", "The referral pilot's summary"),
                    ext.to_uppercase()
                ),
            ));
        }
        for ext in ["pdf", "xlsx"] {
            out.push((
                if ext == "pdf" {
                    "proposals-report"
                } else {
                    "proposals-report-xlsx"
                },
                format!("/reports/proposals.{ext}"),
                format!(
                    "{}（{}）",
                    tr(lang, "国への提案の根拠", "Evidence for the proposals"),
                    ext.to_uppercase()
                ),
            ));
        }
    }
    out
}

/// The dashboard as a file: XLSX, a sheet per table; CSV, one figure per line.
fn download(d: &Dashboard, format: ListFormat, lang: Lang) -> Result<Response, AppError> {
    let scope = match d.scope {
        Scope::City(c) => c.to_string(),
        Scope::Network => "network".to_owned(),
    };
    let name = format!("dashboard-{scope}-{}-{}", d.filter.year, utc_stamp());
    let tables: Vec<&Table> = d.sections.iter().flat_map(|s| &s.tables).collect();
    if format == ListFormat::Xlsx {
        let sheets = tables.iter().map(|t| sheet(t, lang)).collect::<Vec<_>>();
        let bytes = renkei_io::write_xlsx_sheets(&sheets)
            .map_err(|e| AppError::Internal(anyhow::anyhow!("XLSX: {e}")))?;
        return Ok(super::file_response(
            &format!("{name}.xlsx"),
            super::XLSX,
            bytes,
        ));
    }
    let header = [
        tr(lang, "表", "Table"),
        tr(lang, "行", "Row"),
        tr(lang, "列", "Column"),
        tr(lang, "値", "Value"),
    ];
    let lines = tables.iter().flat_map(|t| {
        t.rows.iter().flat_map(move |r| {
            r.cells.iter().zip(&t.columns).map(move |(c, col)| {
                vec![t.title.clone(), r.label.clone(), col.clone(), c.text(lang)]
            })
        })
    });
    Ok(crate::csv::response(&format!("{name}.csv"), &header, lines))
}

/// A table as a sheet: its rows' label first, then a column per figure.
pub fn sheet(t: &Table, lang: Lang) -> renkei_io::Sheet {
    let mut header = vec![t.rows_are.clone()];
    header.extend(t.columns.iter().cloned());
    renkei_io::Sheet {
        name: t.title.clone(),
        header,
        rows: t
            .rows
            .iter()
            .map(|r| {
                let mut line = vec![r.label.clone()];
                line.extend(r.cells.iter().map(|c| c.text(lang)));
                line
            })
            .collect(),
    }
}
