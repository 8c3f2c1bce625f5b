//! The list of products: scoped to what the viewer may see, with filters (city, stage, type,
//! a coordinator's caseload), and as a CSV or Excel file.

use askama::Template;
use askama_web::WebTemplate;
use axum::response::Response;
use renkei_domain::access::Role;
use renkei_domain::catalog::CompanyType;
use renkei_store::{PageRequest, ProductQuery};
use serde::Deserialize;

use crate::access::Viewer;
use crate::csv::{ListFormat, download, utc_stamp};
use crate::error::AppError;
use crate::extract::QueryInput;
use crate::features::companies::load::visible_cities;
use crate::shared::city::city_code;
use crate::shared::format::{city_name, encode};
use crate::shared::forms::{Choice, city_choices, company_type_choices};
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;
use crate::shared::stages::{stage_choices, stage_label};

// ---------------------------------------------------------------------------------------
// The list

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListFilter {
    city: String,
    stage: String,
    #[serde(rename = "type")]
    company_type: String,
    /// `me`: the signed-in coordinator's caseload.
    coordinator: String,
    q: String,
    page: Option<u64>,
}

pub struct ProductRow {
    pub id: i64,
    pub name: String,
    pub company: String,
    pub company_id: i64,
    pub city: String,
    pub stage: String,
    pub withdrawn: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "products/products.html")]
pub struct ProductsPage {
    base: Base,
    filter: ListFilter,
    stages: Vec<Choice>,
    types: Vec<Choice>,
    cities: Vec<Choice>,
    rows: Vec<ProductRow>,
    total: u64,
    page: u64,
    pages: u64,
    query: String,
    is_coordinator: bool,
}

/// The list's filters as a query; `coordinator=me` is the signed-in person's caseload.
fn query_of(filter: &ListFilter, viewer: &Viewer) -> ProductQuery {
    let me = viewer.session.as_ref().map(|s| s.user.id.0);
    ProductQuery {
        city: city_code(&filter.city)
            .ok()
            .filter(|_| !filter.city.is_empty()),
        stage: renkei_domain::product::parse_stage(&filter.stage),
        company_type: CompanyType::from_code(&filter.company_type),
        coordinator: if filter.coordinator == "me" {
            me.or(Some(0))
        } else {
            None
        },
        text: Some(filter.q.clone()).filter(|q| !q.trim().is_empty()),
        ..Default::default()
    }
}

pub async fn list(
    PageContext(state, lang, uri, viewer): PageContext,
    QueryInput(filter): QueryInput<ListFilter>,
) -> Result<ProductsPage, AppError> {
    let scope = viewer.signed_in_scope().await?;
    let query = query_of(&filter, &viewer);
    let page = state
        .store
        .products(
            &scope,
            &query,
            PageRequest::new(filter.page.unwrap_or(1), 50),
        )
        .await?;
    let companies = state
        .store
        .companies_by_id(page.items.iter().map(|p| p.company_id))
        .await?;
    let mut rows = Vec::new();
    for p in &page.items {
        let company = companies
            .get(&p.company_id)
            .map(|c| c.name.clone())
            .unwrap_or_default();
        rows.push(ProductRow {
            id: p.id.0,
            name: p.name.clone(),
            company,
            company_id: p.company_id.0,
            city: city_name(&state, &p.home_city.to_string()),
            stage: stage_label(lang, p.stage),
            withdrawn: p.is_withdrawn(),
        });
    }
    let cities = city_choices(visible_cities(&state, &scope), &filter.city);
    let is_coordinator = viewer
        .subject
        .roles
        .iter()
        .any(|r| matches!(r, Role::Coordinator { .. }));
    Ok(ProductsPage {
        base: Base::new(
            lang,
            uri.to_string(),
            tr(lang, "開発案件", "Products"),
            "products",
        ),
        stages: stage_choices(lang, query.stage),
        types: company_type_choices(lang, &filter.company_type),
        cities,
        query: format!(
            "city={}&stage={}&type={}&coordinator={}&q={}",
            encode(&filter.city),
            encode(&filter.stage),
            encode(&filter.company_type),
            encode(&filter.coordinator),
            encode(&filter.q)
        ),
        pages: page.total.div_ceil(page.per_page).max(1),
        total: page.total,
        page: page.page,
        rows,
        is_coordinator,
        filter,
    })
}

/// The list as a CSV file (`….csv`) or an Excel file (`….xlsx`), with the columns a product
/// import reads back.
pub async fn list_file(
    PageContext(state, lang, uri, viewer): PageContext,
    QueryInput(filter): QueryInput<ListFilter>,
) -> Result<Response, AppError> {
    let xlsx = ListFormat::of(&uri) == ListFormat::Xlsx;
    let scope = viewer.signed_in_scope().await?;
    let query = query_of(&filter, &viewer);
    let rows = state.store.product_rows(&scope, &query).await?;
    let header = renkei_domain::import::product_header(lang);
    let name = format!("products-{}", utc_stamp());
    let sheet = tr(lang, "開発案件", "Products");
    download(xlsx, &name, sheet, &header, rows.into_iter())
}
