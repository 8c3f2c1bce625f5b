//! The list of referrals the viewer is a party to, with filters.

use askama::Template;
use askama_web::WebTemplate;
use axum::response::Response;
use chrono::Utc;
use renkei_domain::Lang;
use renkei_domain::referral::{State as Step, waiting_on};
use renkei_store::{PageRequest, ReferralQuery, ReferralRecord};
use serde::Deserialize;

use super::labels::step_label;
use crate::AppState;
use crate::csv::{ListFormat, download, utc_stamp};
use crate::error::AppError;
use crate::extract::QueryInput;
use crate::shared::format::{city_name, encode, in_jst};
use crate::shared::forms::Choice;
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

// ---------------------------------------------------------------------------------------
// Lists

pub struct ListRow {
    pub id: i64,
    pub product: String,
    pub company: String,
    pub from: String,
    pub to: String,
    pub step: &'static str,
    pub waiting: &'static str,
    pub since: String,
    pub created: String,
    pub sent: String,
    pub outcome: String,
    pub due: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "referrals/referrals.html")]
pub struct ListPage {
    base: Base,
    rows: Vec<ListRow>,
    states: Vec<Choice>,
    total: u64,
    page: u64,
    pages: u64,
    query: String,
    overdue: usize,
    cities: Vec<(String, String)>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListFilter {
    state: String,
    page: Option<u64>,
}

pub(super) async fn rows_of(
    state: &AppState,
    lang: Lang,
    items: &[ReferralRecord],
) -> Result<Vec<ListRow>, AppError> {
    let products = state
        .store
        .products_by_id(items.iter().map(|r| r.product_id))
        .await?;
    let companies = state
        .store
        .companies_by_id(items.iter().map(|r| r.company_id))
        .await?;
    Ok(items
        .iter()
        .map(|r| {
            let step = r.state;
            ListRow {
                id: r.id.0,
                product: products
                    .get(&r.product_id)
                    .map(|p| p.name.clone())
                    .unwrap_or_default(),
                company: companies
                    .get(&r.company_id)
                    .map(|c| c.name.clone())
                    .unwrap_or_default(),
                from: city_name(state, &r.sending_city.to_string()),
                to: city_name(state, &r.receiving_city.to_string()),
                step: step_label(lang, step),
                waiting: waiting_on(step).map_or("", |p| p.name().get(lang)),
                since: in_jst(r.state_since).format("%Y-%m-%d").to_string(),
                created: in_jst(r.created_at).format("%Y-%m-%d").to_string(),
                sent: r
                    .sent_at
                    .map(|t| in_jst(t).format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
                outcome: r
                    .outcome
                    .map_or(String::new(), |o| o.name().get(lang).to_owned()),
                due: String::new(),
            }
        })
        .collect())
}

pub async fn list(
    PageContext(state, lang, uri, viewer): PageContext,
    QueryInput(filter): QueryInput<ListFilter>,
) -> Result<ListPage, AppError> {
    let scope = viewer.signed_in_scope().await?;
    let q = ReferralQuery {
        state: Step::from_code(&filter.state),
        ..Default::default()
    };
    let page = state
        .store
        .referrals(&scope, &q, PageRequest::new(filter.page.unwrap_or(1), 50))
        .await?;
    let overdue = state
        .store
        .overdue_referrals(&scope, Utc::now())
        .await?
        .len();
    let rows = rows_of(&state, lang, &page.items).await?;
    let cities = scope
        .cities
        .iter()
        .filter(|c| viewer.may_write_in(c))
        .map(|c| (c.to_string(), city_name(&state, &c.to_string())))
        .collect();
    Ok(ListPage {
        base: Base::new(
            lang,
            uri.to_string(),
            tr(lang, "指定都市間の紹介", "Inter-city referrals"),
            "referrals",
        ),
        rows,
        states: Step::ALL
            .iter()
            .map(|s| Choice {
                value: s.code().to_owned(),
                label: step_label(lang, *s).to_owned(),
                selected: s.code() == filter.state,
            })
            .collect(),
        total: page.total,
        page: page.page,
        pages: page.total.div_ceil(page.per_page).max(1),
        query: format!("state={}", encode(&filter.state)),
        overdue,
        cities,
    })
}

/// The referrals of the filter as CSV or XLSX: every one the viewer is a party to, as the
/// list shows them.
pub async fn list_file(
    PageContext(state, lang, uri, viewer): PageContext,
    QueryInput(filter): QueryInput<ListFilter>,
) -> Result<Response, AppError> {
    let scope = viewer.signed_in_scope().await?;
    let q = ReferralQuery {
        state: Step::from_code(&filter.state),
        ..Default::default()
    };
    let mut rows = Vec::new();
    let mut page = 1;
    loop {
        let p = state
            .store
            .referrals(
                &scope,
                &q,
                PageRequest::new(page, PageRequest::MAX_PER_PAGE),
            )
            .await?;
        let last = p.page * p.per_page >= p.total;
        rows.extend(rows_of(&state, lang, &p.items).await?);
        if last {
            break;
        }
        page += 1;
    }
    let header = [
        tr(lang, "番号", "No."),
        tr(lang, "製品", "Product"),
        tr(lang, "企業", "Company"),
        tr(lang, "紹介元", "From"),
        tr(lang, "紹介先", "To"),
        tr(lang, "段階", "Step"),
        tr(lang, "対応待ち", "Waiting on"),
        tr(lang, "この段階から", "Since"),
        tr(lang, "期限", "Due"),
        tr(lang, "作成", "Created"),
        tr(lang, "送付", "Sent"),
        tr(lang, "結果", "Outcome"),
    ];
    let lines = rows.into_iter().map(|r| {
        vec![
            r.id.to_string(),
            r.product,
            r.company,
            r.from,
            r.to,
            r.step.to_owned(),
            r.waiting.to_owned(),
            r.since,
            r.due,
            r.created,
            r.sent,
            r.outcome,
        ]
    });
    let xlsx = ListFormat::of(&uri) == ListFormat::Xlsx;
    let name = format!("referrals-{}", utc_stamp());
    download(xlsx, &name, tr(lang, "紹介", "Referrals"), &header, lines)
}
