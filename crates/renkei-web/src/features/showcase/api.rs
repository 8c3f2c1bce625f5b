//! The showcase in the JSON API, under the same checks as its pages: the list (the public
//! part to anyone, the network's to every designated city's staff and coordinators, a
//! company's own to its people), narrowed as the page narrows it; and one showcased product
//! with its evaluations and adoptions.

use axum::Json;
use axum::extract::{Path, State};
use chrono::{DateTime, Utc};
use renkei_app::showcase::{self, Profile};
use renkei_domain::access::Action;
use renkei_store::{ProductId, ShowcaseEntry};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::list::ListFilter;
use crate::AppState;
use crate::access::Viewer;
use crate::api::dto::{PageParams, Paginated};
use crate::error::{AppError, ErrorEnvelope};
use crate::extract::QueryInput;

/// A product shown to other cities by its company's consent.
#[derive(Debug, Serialize, ToSchema)]
pub struct ShowcaseDto {
    /// The product's id.
    pub product: i64,
    pub name: String,
    pub company: String,
    /// The home city's code.
    #[schema(example = "431001")]
    pub city: String,
    /// 1–8.
    pub stage: u8,
    pub category: String,
    /// The introduction the company wrote for other cities.
    pub introduction: String,
    /// The channel kinds it wants (`hospital`, `care-facility` …).
    pub channels: Vec<String>,
    /// `network` (every designated city's staff and coordinators) or `public`.
    pub audience: String,
    pub published_at: DateTime<Utc>,
}

impl From<ShowcaseEntry> for ShowcaseDto {
    fn from(e: ShowcaseEntry) -> Self {
        ShowcaseDto {
            product: e.product.id.0,
            name: e.product.name,
            company: e.company.name,
            city: e.product.home_city.to_string(),
            stage: e.product.stage.number(),
            category: e.product.category,
            introduction: e.showcase.summary,
            channels: e
                .showcase
                .channels
                .iter()
                .map(|k| k.code().to_owned())
                .collect(),
            audience: e.showcase.audience.code().to_owned(),
            published_at: e.showcase.published_at,
        }
    }
}

/// An evaluation or an adoption of a showcased product.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordLineDto {
    /// The evaluation's or the adopter's kind code.
    pub kind: String,
    pub title: String,
    pub on: Option<chrono::NaiveDate>,
}

/// A showcased product with its evaluations and adoptions.
#[derive(Debug, Serialize, ToSchema)]
pub struct ShowcaseDetailDto {
    #[serde(flatten)]
    pub showcase: ShowcaseDto,
    pub summary: String,
    pub evaluations: Vec<RecordLineDto>,
    pub adoptions: Vec<RecordLineDto>,
}

impl From<Profile> for ShowcaseDetailDto {
    fn from(p: Profile) -> Self {
        let evaluations = p
            .evaluations
            .iter()
            .map(|e| RecordLineDto {
                kind: e.kind.code().to_owned(),
                title: e.title.clone(),
                on: e.awarded_on,
            })
            .collect();
        let adoptions = p
            .adoptions
            .iter()
            .map(|a| RecordLineDto {
                kind: a.adopter_kind.code().to_owned(),
                title: a.adopter.clone(),
                on: a.adopted_on,
            })
            .collect();
        let summary = p.product.summary.clone();
        ShowcaseDetailDto {
            showcase: ShowcaseEntry {
                showcase: p.showcase,
                product: p.product,
                company: p.company,
            }
            .into(),
            summary,
            evaluations,
            adoptions,
        }
    }
}

/// The showcase's filters.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct ShowcaseFilter {
    /// Words, searched as the search page searches them.
    pub q: Option<String>,
    /// A home city's code.
    pub city: Option<String>,
    /// 1–8.
    pub stage: Option<String>,
    /// A wanted channel kind's code.
    pub channel: Option<String>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// The showcased products the caller may see, the latest first.
#[utoipa::path(get, path = "/api/v1/showcase", tag = "companies",
    params(ShowcaseFilter),
    responses((status = 200, body = Paginated<ShowcaseDto>)))]
pub(super) async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    QueryInput(f): QueryInput<ShowcaseFilter>,
) -> Result<Json<Paginated<ShowcaseDto>>, AppError> {
    let filter = ListFilter {
        q: f.q.unwrap_or_default(),
        city: f.city.unwrap_or_default(),
        stage: f.stage.unwrap_or_default(),
        channel: f.channel.unwrap_or_default(),
        page: None,
    };
    let paging = PageParams {
        page: f.page,
        per_page: f.per_page,
    };
    let page = showcase::list(
        &state.app,
        &viewer.caller(),
        &filter.narrowing(),
        paging.request(),
    )
    .await?;
    Ok(Json(Paginated::from_page(page)))
}

/// A showcased product, to those it is shown to.
#[utoipa::path(get, path = "/api/v1/showcase/{id}", tag = "companies",
    params(("id" = i64, Path, description = "The product")),
    responses((status = 200, body = ShowcaseDetailDto), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn get_one(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<ProductId>,
) -> Result<Json<ShowcaseDetailDto>, AppError> {
    let p = showcase::load(&state.app, &viewer.caller(), Action::Read, id).await?;
    Ok(Json(p.into_inner().into()))
}
