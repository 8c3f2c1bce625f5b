//! The search page (`/search`): one search across the records, scoped by the access policy,
//! with filters and counts per filter; the results region alone (`?partial=1`) for results as
//! one types.

use askama::Template;
use askama_web::WebTemplate;
use axum::response::{IntoResponse, Response};
use renkei_domain::Lang;
use renkei_domain::catalog::{CompanyType, Stage};
use renkei_store::{DocKind, SearchQuery, SearchResult};
use serde::Deserialize;

use crate::AppState;
use crate::error::AppError;
use crate::extract::QueryInput;
use crate::shared::format::{city_name, encode};
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SearchForm {
    pub q: String,
    pub kind: String,
    pub city: String,
    pub stage: String,
    #[serde(rename = "type")]
    pub company_type: String,
    pub page: Option<u64>,
    pub partial: Option<String>,
}

impl SearchForm {
    pub fn query(&self, per_page: u64) -> SearchQuery {
        SearchQuery {
            text: self.q.clone(),
            kind: DocKind::from_code(&self.kind),
            city: (!self.city.is_empty()).then(|| self.city.clone()),
            stage: self.stage.parse().ok(),
            company_type: (!self.company_type.is_empty()).then(|| self.company_type.clone()),
            page: self.page.unwrap_or(1),
            per_page,
        }
    }
}

pub struct HitRow {
    pub kind: &'static str,
    pub title: String,
    pub detail: String,
    pub link: String,
}

/// A filter value with its count.
pub struct Facet {
    pub value: String,
    pub label: String,
    pub count: usize,
    pub selected: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "search/search_results.html")]
pub struct ResultsFragment {
    base: Base,
    q: String,
    rows: Vec<HitRow>,
    total: usize,
    page: u64,
    pages: u64,
    query: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "search/search.html")]
pub struct SearchPage {
    base: Base,
    form: SearchForm,
    kinds: Vec<Facet>,
    cities: Vec<Facet>,
    stages: Vec<Facet>,
    types: Vec<Facet>,
    results: ResultsFragment,
}

const PER_PAGE: u64 = 20;

fn stage_label(lang: Lang, n: i16) -> String {
    u8::try_from(n)
        .ok()
        .and_then(Stage::from_number)
        .map_or_else(
            || n.to_string(),
            |s| format!("{} {}", s.mark(), s.name().get(lang)),
        )
}

fn facets(state: &AppState, lang: Lang, r: &SearchResult, form: &SearchForm) -> [Vec<Facet>; 4] {
    let kinds = r
        .kinds
        .iter()
        .map(|(k, n)| Facet {
            value: k.code().into(),
            label: k.name().get(lang).into(),
            count: *n,
            selected: form.kind == k.code(),
        })
        .collect();
    let cities = r
        .cities
        .iter()
        .map(|(c, n)| Facet {
            value: c.clone(),
            label: city_name(state, c),
            count: *n,
            selected: form.city == *c,
        })
        .collect();
    let stages = r
        .stages
        .iter()
        .map(|(s, n)| Facet {
            value: s.to_string(),
            label: stage_label(lang, *s),
            count: *n,
            selected: form.stage == s.to_string(),
        })
        .collect();
    let types = r
        .types
        .iter()
        .map(|(t, n)| Facet {
            value: t.clone(),
            label: CompanyType::from_code(t).map_or(t.clone(), |c| c.name().get(lang).into()),
            count: *n,
            selected: form.company_type == *t,
        })
        .collect();
    [kinds, cities, stages, types]
}

pub async fn search(
    PageContext(state, lang, uri, viewer): PageContext,
    QueryInput(form): QueryInput<SearchForm>,
) -> Result<Response, AppError> {
    let scope = viewer.signed_in_scope().await?;
    let result = state.store.search(&scope, &form.query(PER_PAGE)).await?;
    let query = format!(
        "q={}&kind={}&city={}&stage={}&type={}",
        encode(&form.q),
        encode(&form.kind),
        encode(&form.city),
        encode(&form.stage),
        encode(&form.company_type)
    );
    let base = Base::new(lang, uri.to_string(), tr(lang, "検索", "Search"), "search");
    let results = ResultsFragment {
        base: base.clone(),
        q: form.q.clone(),
        rows: result
            .hits
            .iter()
            .map(|h| HitRow {
                kind: h.kind.name().get(lang),
                title: h.title.clone(),
                detail: h.detail.clone(),
                link: h.link.clone(),
            })
            .collect(),
        total: result.total,
        page: form.page.unwrap_or(1),
        pages: (result.total as u64).div_ceil(PER_PAGE).max(1),
        query,
    };
    if form.partial.is_some() {
        return Ok(results.into_response());
    }
    let [kinds, cities, stages, types] = facets(&state, lang, &result, &form);
    Ok(SearchPage {
        base,
        form,
        kinds,
        cities,
        stages,
        types,
        results,
    }
    .into_response())
}
