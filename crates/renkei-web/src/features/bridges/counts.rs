//! The bridges' counts for the evidence of 第4章 (`/bridges`, `/bridges.csv`): bridge
//! requests by city × body and type × product stage × outcome (or where an open one
//! stands), for a fiscal year. Network aggregate figures: the platform administrator and
//! every city's staff (and coordinators) see every city's.

use askama::Template;
use askama_web::WebTemplate;
use axum::response::Response;
use renkei_app::bridges::{CountKey, counts, fiscal_year};
use renkei_domain::Lang;
use renkei_domain::access::list_scope;
use renkei_domain::bridge::{Outcome, State};
use renkei_domain::catalog::Stage;
use serde::Deserialize;

use crate::AppState;
use crate::csv::{ListFormat, download, utc_stamp};
use crate::error::AppError;
use crate::extract::QueryInput;
use crate::shared::format::city_name;
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

pub struct CountRow {
    pub city: String,
    pub body: String,
    pub type_name: String,
    pub stage: String,
    pub standing: String,
    pub count: usize,
}

#[derive(Template, WebTemplate)]
#[template(path = "bridges/counts.html")]
pub struct CountsPage {
    base: Base,
    year: i32,
    years: Vec<i32>,
    rows: Vec<CountRow>,
    total: usize,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CountsQuery {
    /// The fiscal year (its April's year); none: the current one.
    pub fy: Option<i32>,
}

fn current_fiscal_year() -> i32 {
    renkei_domain::jdate::fiscal_year(renkei_app::consultations::today())
}

fn row(state: &AppState, lang: Lang, (k, count): (CountKey, usize)) -> CountRow {
    let standing = match Outcome::from_code(&k.standing) {
        Some(o) => o.name().get(lang).to_owned(),
        None => State::from_code(&k.standing)
            .map(|s| s.name().get(lang).to_owned())
            .unwrap_or(k.standing),
    };
    CountRow {
        city: city_name(state, &k.city),
        body: k.body.to_uppercase(),
        type_name: k.type_name,
        stage: k
            .stage
            .as_deref()
            .and_then(Stage::from_code)
            .map(|s| format!("{} {}", s.mark(), s.name().get(lang)))
            .unwrap_or_else(|| tr(lang, "（開発案件なし）", "(no product)").to_owned()),
        standing,
        count,
    }
}

async fn rows(
    state: &AppState,
    lang: Lang,
    viewer: &crate::access::Viewer,
    year: i32,
) -> Result<Vec<CountRow>, AppError> {
    viewer.require_signed_in().await?;
    let scope = list_scope(&viewer.subject);
    if !scope.all && scope.cities.is_empty() {
        return Err(AppError::Forbidden);
    }
    let (from, to) = fiscal_year(year);
    let bridges = state.store.bridges_opened(from, to).await?;
    Ok(counts(&bridges)
        .into_iter()
        .map(|c| row(state, lang, c))
        .collect())
}

pub async fn page(
    PageContext(state, lang, uri, viewer): PageContext,
    QueryInput(q): QueryInput<CountsQuery>,
) -> Result<CountsPage, AppError> {
    let now = current_fiscal_year();
    let year = q.fy.filter(|y| (2020..=now).contains(y)).unwrap_or(now);
    let rows = rows(&state, lang, &viewer, year).await?;
    Ok(CountsPage {
        base: Base::new(
            lang,
            uri.to_string(),
            tr(
                lang,
                "国の機関への橋渡しの件数",
                "Bridges to national bodies: counts",
            ),
            "companies",
        ),
        year,
        years: (2024..=now).rev().collect(),
        total: rows.iter().map(|r| r.count).sum(),
        rows,
    })
}

pub async fn file(
    PageContext(state, lang, uri, viewer): PageContext,
    QueryInput(q): QueryInput<CountsQuery>,
) -> Result<Response, AppError> {
    let now = current_fiscal_year();
    let year = q.fy.filter(|y| (2020..=now).contains(y)).unwrap_or(now);
    let rows = rows(&state, lang, &viewer, year).await?;
    let header = [
        tr(lang, "年度", "Fiscal year"),
        tr(lang, "都市", "City"),
        tr(lang, "機関", "Body"),
        tr(lang, "相談の種類", "Type"),
        tr(lang, "開発段階", "Stage"),
        tr(lang, "結果・状態", "Outcome or state"),
        tr(lang, "件数", "Count"),
    ];
    let lines = rows.into_iter().map(move |r| {
        vec![
            year.to_string(),
            r.city,
            r.body,
            r.type_name,
            r.stage,
            r.standing,
            r.count.to_string(),
        ]
    });
    let name = format!("bridges-fy{year}-{}", utc_stamp());
    let xlsx = ListFormat::of(&uri) == ListFormat::Xlsx;
    download(
        xlsx,
        &name,
        tr(lang, "国の機関への橋渡し", "Bridges"),
        &header,
        lines,
    )
}
