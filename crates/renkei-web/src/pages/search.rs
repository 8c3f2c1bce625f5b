//! One search across companies, products, sales-channel targets, coordinators, measures,
//! referrals, needs and seeds (`/search`), scoped by the access policy, with filters and
//! counts per filter; the results region alone (`?partial=1`) for results as one types; and
//! needs and seeds (`/needs-seeds`) with their best counterparts across all cities.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use renkei_domain::Lang;
use renkei_domain::access::{Action, Resource, list_scope};
use renkei_domain::catalog::{CompanyType, Stage};
use renkei_domain::search::NeedSeedDraft;
use renkei_store::{DocKind, SearchQuery, SearchResult};
use serde::Deserialize;

use super::{Base, Choice, Errors, city_name, encode, tr, writable_cities};
use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::{FormInput, QueryInput};
use crate::lang::UiLang;

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
#[template(path = "search_results.html")]
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
#[template(path = "search.html")]
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
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    QueryInput(form): QueryInput<SearchForm>,
) -> Result<Response, AppError> {
    viewer.require_signed_in().await?;
    let scope = list_scope(&viewer.subject);
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

// ---------------------------------------------------------------------------------------
// Needs and seeds

pub struct NeedRow {
    pub id: i64,
    pub kind: &'static str,
    pub title: String,
    pub city: String,
    pub source: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "needs_seeds.html")]
pub struct NeedsPage {
    base: Base,
    rows: Vec<NeedRow>,
    cities: Vec<Choice>,
    form: NeedForm,
    csrf: String,
    errors: Errors,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NeedForm {
    kind: String,
    city: String,
    title: String,
    description: String,
    fields: String,
    source: String,
    csrf: String,
}

fn kind_label(lang: Lang, kind: &str) -> &'static str {
    if kind == "need" {
        tr(lang, "ニーズ", "Need")
    } else {
        tr(lang, "シーズ", "Seed")
    }
}

/// Needs and seeds are for the people who match them: staff and coordinators.
fn works_anywhere(viewer: &Viewer) -> bool {
    let scope = list_scope(&viewer.subject);
    scope.all || !scope.cities.is_empty()
}

async fn needs_page(
    state: &AppState,
    lang: Lang,
    uri: &Uri,
    viewer: &Viewer,
    form: NeedForm,
    errors: &[renkei_domain::FieldError],
) -> Result<NeedsPage, AppError> {
    let rows = state
        .store
        .needs_seeds()
        .await?
        .into_iter()
        .map(|n| NeedRow {
            id: n.id,
            kind: kind_label(lang, &n.kind),
            title: n.title,
            city: city_name(state, &n.city_code),
            source: n.source,
        })
        .collect();
    let cities = recording_cities(state, viewer)
        .into_iter()
        .map(|c| Choice {
            label: city_name(state, &c.to_string()),
            selected: form.city == c.to_string(),
            value: c.to_string(),
        })
        .collect();
    Ok(NeedsPage {
        base: Base::new(
            lang,
            uri.to_string(),
            tr(lang, "ニーズとシーズ", "Needs and seeds"),
            "search",
        ),
        rows,
        cities,
        form,
        csrf: viewer.csrf().to_owned(),
        errors: Errors::of(lang, errors),
    })
}

/// The cities whose needs and seeds the viewer records: those it writes for, and a
/// coordinator's own.
fn recording_cities(state: &AppState, viewer: &Viewer) -> Vec<renkei_domain::city::CityCode> {
    let mut cities = writable_cities(state, viewer);
    for r in &viewer.subject.roles {
        if let renkei_domain::access::Role::Coordinator { city } = r
            && !cities.contains(city)
        {
            cities.push(*city);
        }
    }
    cities
}

pub async fn needs(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
) -> Result<NeedsPage, AppError> {
    viewer.require_signed_in().await?;
    if !works_anywhere(&viewer) {
        return Err(AppError::Forbidden);
    }
    needs_page(&state, lang, &uri, &viewer, NeedForm::default(), &[]).await
}

pub async fn create_need(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    FormInput(form): FormInput<NeedForm>,
) -> Result<Response, AppError> {
    viewer.require_signed_in().await?;
    if !works_anywhere(&viewer) {
        return Err(AppError::Forbidden);
    }
    viewer.check_csrf(&form.csrf).await?;
    let draft = NeedSeedDraft {
        kind: form.kind.clone(),
        title: form.title.clone(),
        description: form.description.clone(),
        fields: form.fields.clone(),
        source: form.source.clone(),
    };
    let city = renkei_domain::city::CityCode::parse(&form.city)
        .ok()
        .filter(|c| recording_cities(&state, &viewer).contains(c));
    let result = draft.validate();
    match (city, result) {
        (Some(city), Ok((kind, title, description, fields, source))) => {
            let r = state
                .store
                .create_need_seed(
                    kind,
                    &city,
                    &title,
                    &description,
                    &fields,
                    &source,
                    &viewer.actor,
                )
                .await?;
            Ok(Redirect::to(&format!("/needs-seeds/{}", r.id)).into_response())
        }
        (city, result) => {
            let mut errors = result.err().unwrap_or_default();
            if city.is_none() {
                errors.insert(
                    0,
                    renkei_domain::FieldError::new(
                        "city",
                        "記録する市を選んでください（自分が担当する市）。",
                        "Choose a city you record for.",
                    ),
                );
            }
            let page = needs_page(&state, lang, &uri, &viewer, form, &errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

pub struct Counterpart {
    pub title: String,
    pub city: String,
    pub link: String,
    pub percent: u32,
}

#[derive(Template, WebTemplate)]
#[template(path = "need_seed.html")]
pub struct NeedPage {
    base: Base,
    kind: &'static str,
    other: &'static str,
    n: renkei_store::NeedSeedRecord,
    city: String,
    counterparts: Vec<Counterpart>,
    products: Vec<Counterpart>,
}

pub async fn need(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<NeedPage, AppError> {
    viewer.require_signed_in().await?;
    if !works_anywhere(&viewer) {
        return Err(AppError::NotFound);
    }
    let n = state.store.need_seed(id).await?.ok_or(AppError::NotFound)?;
    let (this, other) = if n.kind == "need" {
        (DocKind::Need, DocKind::Seed)
    } else {
        (DocKind::Seed, DocKind::Need)
    };
    let to_rows = |v: Vec<renkei_store::Similar>| -> Vec<Counterpart> {
        v.into_iter()
            .map(|s| Counterpart {
                title: s.title,
                city: s.city.map(|c| city_name(&state, &c)).unwrap_or_default(),
                link: s.link,
                percent: (s.similarity * 100.0).round() as u32,
            })
            .collect()
    };
    let counterparts = to_rows(
        state
            .store
            .similar_to((this, id), other, None, None, 0.02, 10)
            .await?,
    );
    // For a need, the products that may answer it, among those the viewer may see.
    let products = if this == DocKind::Need {
        let scope = list_scope(&viewer.subject);
        let mut v = state
            .store
            .similar_to((this, id), DocKind::Product, None, None, 0.02, 30)
            .await?;
        if !scope.all {
            let cities: Vec<String> = scope.cities.iter().map(ToString::to_string).collect();
            v.retain(|s| s.city.as_ref().is_some_and(|c| cities.contains(c)));
        }
        v.truncate(10);
        to_rows(v)
    } else {
        Vec::new()
    };
    let _ = viewer.may(Action::Read, Resource::Catalog);
    Ok(NeedPage {
        base: Base::new(lang, uri.to_string(), n.title.clone(), "search"),
        kind: kind_label(lang, &n.kind),
        other: kind_label(lang, other.code()),
        city: city_name(&state, &n.city_code),
        counterparts,
        products,
        n,
    })
}
