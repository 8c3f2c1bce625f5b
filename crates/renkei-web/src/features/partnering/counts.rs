//! The partner requests' counts (`/partner-requests`): requests opened in a fiscal year by
//! city × purpose (brokering, sites) × kind × outcome (or still open). Network aggregate
//! figures, as the bridges' are: the platform administrator and every city's staff (and
//! coordinators) see every city's.

use askama::Template;
use askama_web::WebTemplate;
use renkei_app::bridges::fiscal_year;
use renkei_app::partnering::counts;
use renkei_domain::access::list_scope;
use renkei_domain::partnering::{Outcome, Purpose};
use serde::Deserialize;

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
    use chrono::Datelike;
    let today = renkei_app::consultations::today();
    if today.month() >= 4 {
        today.year()
    } else {
        today.year() - 1
    }
}

pub async fn page(
    PageContext(state, lang, uri, viewer): PageContext,
    QueryInput(q): QueryInput<CountsQuery>,
) -> Result<CountsPage, AppError> {
    viewer.require_signed_in().await?;
    let scope = list_scope(&viewer.subject);
    if !scope.all && scope.cities.is_empty() {
        return Err(AppError::Forbidden);
    }
    let now = current_fiscal_year();
    let year = q.fy.filter(|y| (2020..=now).contains(y)).unwrap_or(now);
    let (from, to) = fiscal_year(year);
    let requests = state.store.partner_requests_opened(from, to).await?;
    let rows: Vec<CountRow> = counts(&requests)
        .into_iter()
        .map(|(k, count)| {
            let purpose = Purpose::from_code(k.purpose).unwrap_or(Purpose::Brokering);
            CountRow {
                city: city_name(&state, &k.city),
                purpose: purpose.name().get(lang),
                kind: purpose.kind_name(&k.kind).get(lang),
                standing: Outcome::from_code(k.standing)
                    .map(|o| o.name().get(lang))
                    .unwrap_or(tr(lang, "進行中", "Open")),
                count,
            }
        })
        .collect();
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
