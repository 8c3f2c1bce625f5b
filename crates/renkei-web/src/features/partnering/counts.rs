//! The partner requests' counts (`/partner-requests`, `.csv`): requests opened in a fiscal
//! year by
//! city × purpose (brokering, sites) × kind × outcome (or still open). Network aggregate
//! figures, as the bridges' are: the platform administrator and every city's staff (and
//! coordinators) see every city's.

use askama::Template;
use askama_web::WebTemplate;
use axum::response::Response;
use renkei_app::bridges::fiscal_year;
use renkei_app::partnering::counts;
use renkei_domain::Lang;
use renkei_domain::access::list_scope;
use renkei_domain::partnering::{Outcome, Purpose};
use serde::Deserialize;

use crate::AppState;
use crate::access::Viewer;
use crate::csv::{ListFormat, download, utc_stamp};
use crate::error::AppError;
use crate::extract::QueryInput;
use crate::shared::format::city_name;
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

pub struct CountRow {
    pub city: String,
    pub purpose: &'static str,
    pub kind: &'static str,
    pub standing: &'static str,
    pub count: usize,
}

#[derive(Template, WebTemplate)]
#[template(path = "partnering/counts.html")]
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

/// The year asked for (from 2020 to this one), or this one.
fn year_of(q: &CountsQuery) -> (i32, i32) {
    let now = current_fiscal_year();
    (
        q.fy.filter(|y| (2020..=now).contains(y)).unwrap_or(now),
        now,
    )
}

/// The counts of a fiscal year, for a signed-in person who works for a city (or the
/// platform administrator).
async fn rows(
    state: &AppState,
    lang: Lang,
    viewer: &Viewer,
    year: i32,
) -> Result<Vec<CountRow>, AppError> {
    viewer.require_signed_in().await?;
    let scope = list_scope(&viewer.subject);
    if !scope.all && scope.cities.is_empty() {
        return Err(AppError::Forbidden);
    }
    let (from, to) = fiscal_year(year);
    let requests = state.store.partner_requests_opened(from, to).await?;
    Ok(counts(&requests)
        .into_iter()
        .map(|(k, count)| {
            let purpose = Purpose::from_code(k.purpose).unwrap_or(Purpose::Brokering);
            CountRow {
                city: city_name(state, &k.city),
                purpose: purpose.name().get(lang),
                kind: purpose.kind_name(&k.kind).get(lang),
                standing: Outcome::from_code(k.standing)
                    .map(|o| o.name().get(lang))
                    .unwrap_or(tr(lang, "進行中", "Open")),
                count,
            }
        })
        .collect())
}

pub async fn page(
    PageContext(state, lang, uri, viewer): PageContext,
    QueryInput(q): QueryInput<CountsQuery>,
) -> Result<CountsPage, AppError> {
    let (year, now) = year_of(&q);
    let rows = rows(&state, lang, &viewer, year).await?;
    Ok(CountsPage {
        base: Base::new(
            lang,
            uri.to_string(),
            tr(
                lang,
                "企業間連携の斡旋・治験・実証先の確保の件数",
                "Brokering and clinical sites: counts",
            ),
            "companies",
        ),
        year,
        years: (2024..=now).rev().collect(),
        total: rows.iter().map(|r| r.count).sum(),
        rows,
    })
}

/// The same counts as a CSV file (UTF-8 with BOM, as Excel reads it).
pub async fn file(
    PageContext(state, lang, uri, viewer): PageContext,
    QueryInput(q): QueryInput<CountsQuery>,
) -> Result<Response, AppError> {
    let (year, _) = year_of(&q);
    let rows = rows(&state, lang, &viewer, year).await?;
    let header = [
        tr(lang, "年度", "Fiscal year"),
        tr(lang, "都市", "City"),
        tr(lang, "依頼の種類", "Request"),
        tr(lang, "探す相手", "Kind"),
        tr(lang, "結果・状態", "Outcome or state"),
        tr(lang, "件数", "Count"),
    ];
    let lines = rows.into_iter().map(move |r| {
        vec![
            year.to_string(),
            r.city,
            r.purpose.to_owned(),
            r.kind.to_owned(),
            r.standing.to_owned(),
            r.count.to_string(),
        ]
    });
    let name = format!("partner-requests-fy{year}-{}", utc_stamp());
    let xlsx = ListFormat::of(&uri) == ListFormat::Xlsx;
    download(
        xlsx,
        &name,
        tr(lang, "企業間連携・治験先の依頼", "Partner requests"),
        &header,
        lines,
    )
}
