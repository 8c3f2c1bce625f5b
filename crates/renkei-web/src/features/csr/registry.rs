//! The public registry of CSR challenge companies (認証企業一覧): every certified and
//! published company whose term runs, with its number and term in 和暦, for all cities
//! (`/csr/registry`) and per city (`/cities/{city}/csr/registry`); and as open data under
//! CC BY 4.0 — CSV (`/csr/registry.csv`), JSON (`/csr/registry.json`) and the JSON API
//! (`/api/v1/csr/registry`). Open to anyone; nothing the registry shows is not public.

use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use renkei_app::csr::community::{Certified, registry};
use renkei_domain::Lang;
use renkei_domain::city::CityCode;
use renkei_domain::csr::certification::term_text;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::error::{AppError, ErrorEnvelope};
use crate::extract::QueryInput;
use crate::shared::city::city_code;
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

/// The licence the registry's open data is published under.
pub const LICENSE: &str = "CC BY 4.0";
pub const LICENSE_URL: &str = "https://creativecommons.org/licenses/by/4.0/deed.ja";

pub struct EntryView {
    pub number: String,
    pub company: String,
    pub city: String,
    pub code: String,
    pub term: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "csr/registry.html")]
pub struct RegistryPage {
    base: Base,
    city: Option<(String, String)>,
    rows: Vec<EntryView>,
    cities: Vec<(String, String)>,
}

fn view(state: &AppState, c: &Certified) -> EntryView {
    EntryView {
        number: c.number.clone(),
        company: c.company.clone(),
        city: state.store.city_name(&c.city.to_string()),
        code: c.city.to_string(),
        term: term_text(c.certified_on, c.term_ends_on),
    }
}

async fn registry_page(
    state: &AppState,
    lang: Lang,
    city: Option<CityCode>,
) -> Result<RegistryPage, AppError> {
    let rows = registry(&state.app, city.as_ref()).await?;
    let title = tr(
        lang,
        "CSRチャレンジ企業 認証企業一覧",
        "Certified CSR challenge companies",
    );
    let (here, title, named) = match city {
        Some(c) => {
            let name = state.store.city_name(&c.to_string());
            (
                format!("/cities/{c}/csr/registry"),
                format!("{name} {title}"),
                Some((c.to_string(), name)),
            )
        }
        None => ("/csr/registry".to_owned(), title.to_owned(), None),
    };
    let mut cities: Vec<(String, String)> = Vec::new();
    for r in &rows {
        let code = r.city.to_string();
        if !cities.iter().any(|(c, _)| *c == code) {
            cities.push((code.clone(), state.store.city_name(&code)));
        }
    }
    Ok(RegistryPage {
        base: Base::new(lang, here, title, "cities"),
        city: named,
        rows: rows.iter().map(|c| view(state, c)).collect(),
        cities,
    })
}

/// `GET /csr/registry`: every city's certified companies.
pub async fn all(
    PageContext(state, lang, _uri, _viewer): PageContext,
) -> Result<RegistryPage, AppError> {
    registry_page(&state, lang, None).await
}

/// `GET /cities/{city}/csr/registry`: one city's.
pub async fn of_city(
    PageContext(state, lang, _uri, _viewer): PageContext,
    Path(city): Path<String>,
) -> Result<RegistryPage, AppError> {
    let code = city_code(&city)?;
    registry_page(&state, lang, Some(code)).await
}

/// A certified company in the open data.
#[derive(Debug, Serialize, ToSchema)]
pub struct CertifiedDto {
    /// 認証番号.
    pub number: String,
    pub company: String,
    /// The city's code (JIS X 0402).
    pub city: String,
    pub city_name: String,
    pub certified_on: chrono::NaiveDate,
    pub term_ends_on: chrono::NaiveDate,
    /// The term in 和暦.
    pub term: String,
}

/// The registry as open data: its licence, its attribution and the companies.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegistryDto {
    pub title: String,
    /// `CC BY 4.0`.
    pub license: String,
    pub license_url: String,
    pub attribution: String,
    pub generated_at: chrono::DateTime<chrono::Utc>,
    pub companies: Vec<CertifiedDto>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RegistryParams {
    /// One city's code (JIS X 0402); all cities if left out.
    pub city: Option<String>,
}

async fn dto(state: &AppState, city: Option<&str>) -> Result<RegistryDto, AppError> {
    let city = match city.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => Some(city_code(c)?),
        None => None,
    };
    open_data(&state.app, city.as_ref()).await
}

/// The registry of one city or of every one as open data (also written by
/// `renkei export open-data`).
pub(crate) async fn open_data(
    app: &renkei_app::App,
    city: Option<&CityCode>,
) -> Result<RegistryDto, AppError> {
    let rows = registry(app, city).await?;
    Ok(RegistryDto {
        title: "CSRチャレンジ企業 認証企業一覧 / Certified CSR challenge companies".to_owned(),
        license: LICENSE.to_owned(),
        license_url: LICENSE_URL.to_owned(),
        attribution: "指定都市 Renkei（各市のCSRチャレンジ企業認証）".to_owned(),
        generated_at: chrono::Utc::now(),
        companies: rows
            .iter()
            .map(|c| CertifiedDto {
                number: c.number.clone(),
                company: c.company.clone(),
                city: c.city.to_string(),
                city_name: app.store().city_name(&c.city.to_string()),
                certified_on: c.certified_on,
                term_ends_on: c.term_ends_on,
                term: term_text(c.certified_on, c.term_ends_on),
            })
            .collect(),
    })
}

/// `GET /csr/registry.json`: the open data as JSON (CC BY 4.0).
pub async fn json(
    State(state): State<AppState>,
    Query(q): Query<RegistryParams>,
) -> Result<Response, AppError> {
    Ok(Json(dto(&state, q.city.as_deref()).await?).into_response())
}

/// `GET /csr/registry.csv`: the open data as CSV (CC BY 4.0, said in its last column's
/// header and in every row's).
pub async fn csv(
    State(state): State<AppState>,
    Query(q): Query<RegistryParams>,
) -> Result<Response, AppError> {
    let d = dto(&state, q.city.as_deref()).await?;
    let header = [
        "認証番号",
        "企業名",
        "市区町村コード",
        "市",
        "認証日",
        "認証期間満了日",
        "認証期間",
        "ライセンス",
    ];
    let licence = format!("{LICENSE} {LICENSE_URL}");
    let rows = d.companies.into_iter().map(move |c| {
        vec![
            c.number,
            c.company,
            c.city,
            c.city_name,
            c.certified_on.to_string(),
            c.term_ends_on.to_string(),
            c.term,
            licence.clone(),
        ]
    });
    Ok(crate::csv::response("csr-registry.csv", &header, rows))
}

/// The certified CSR challenge companies of every city (or of one), as open data under
/// CC BY 4.0: open to anyone.
#[utoipa::path(get, path = "/api/v1/csr/registry", tag = "cities", params(RegistryParams),
    responses((status = 200, body = RegistryDto), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn api_registry(
    State(state): State<AppState>,
    QueryInput(q): QueryInput<RegistryParams>,
) -> Result<Json<RegistryDto>, AppError> {
    Ok(Json(dto(&state, q.city.as_deref()).await?))
}
