//! Products in the JSON API, under the same policy as the pages (the same loaders ask it):
//! the list holds what the caller may see, a product the caller may not know is 404, writes
//! (registration under a company, changes checked against the version read, stage moves,
//! support, reviews) need an API token or the session's CSRF token; `/model` is the model
//! applied to a product, as on its page.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use renkei_domain::access::{Action, Resource, list_scope};
use renkei_domain::catalog::{CompanyType, Stage};
use renkei_domain::organization::HelpDraft;
use renkei_domain::product::{ProductDraft, parse_stage, validate_move};
use renkei_store::{ProductId, ProductQuery, ProductRecord};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::access::Viewer;
use crate::api::csrf;
use crate::api::dto::{PageParams, Paginated};
use crate::error::{AppError, ErrorEnvelope};
use crate::extract::{JsonInput, QueryInput};
use crate::features::companies::load::load_company;
use crate::features::products::load::load_product;
use crate::features::products::model::{model_view, support_helpers};
use crate::lang::ApiLang;
use crate::shared::city::city_code;

/// A product.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProductDto {
    pub id: i64,
    pub company_id: i64,
    #[schema(example = "121002")]
    pub home_city: String,
    #[schema(example = "脳梗塞リスク評価サービス")]
    pub name: String,
    pub summary: String,
    pub category: String,
    pub company_type: Option<String>,
    /// The current stage, 1–8.
    #[schema(example = 7)]
    pub stage: i16,
    /// `active` or `withdrawn`.
    pub status: String,
    pub target_users: String,
    pub regulatory_class: Option<String>,
    pub regulatory_status: String,
    pub ip_status: Option<String>,
    pub coordinator_id: Option<i64>,
    pub version: i64,
}

impl From<ProductRecord> for ProductDto {
    fn from(p: ProductRecord) -> Self {
        ProductDto {
            id: p.id.0,
            company_id: p.company_id.0,
            home_city: p.home_city.to_string(),
            name: p.name,
            summary: p.summary,
            category: p.category,
            company_type: p.company_type.map(|t| t.code().to_owned()),
            stage: i16::from(p.stage.number()),
            status: p.status.code().to_owned(),
            target_users: p.target_users,
            regulatory_class: p.regulatory_class.map(|c| c.code().to_owned()),
            regulatory_status: p.regulatory_status,
            ip_status: p.ip_status.map(|s| s.code().to_owned()),
            coordinator_id: p.coordinator_id,
            version: p.version,
        }
    }
}

/// A product as sent, validated like the form.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct ProductInput {
    pub name: String,
    pub summary: String,
    pub category: String,
    pub company_type: String,
    /// 1–8 (or ①…⑧, or a stage code).
    #[schema(example = "5")]
    pub stage: String,
    pub target_users: String,
    pub regulatory_class: String,
    pub regulatory_status: String,
    pub ip_status: String,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct ProductFilter {
    pub city: Option<String>,
    pub company: Option<i64>,
    /// 1–8.
    pub stage: Option<String>,
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub company_type: Option<String>,
    /// A coordinator's account id: their caseload.
    pub coordinator: Option<i64>,
    pub q: Option<String>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// The products the caller may see.
#[utoipa::path(get, path = "/api/v1/products", tag = "companies",
    security(("api_token" = []), ("session" = [])),
    params(ProductFilter),
    responses((status = 200, body = Paginated<ProductDto>), (status = 401, body = ErrorEnvelope)))]
pub(super) async fn list_products(
    State(state): State<AppState>,
    viewer: Viewer,
    QueryInput(f): QueryInput<ProductFilter>,
) -> Result<Json<Paginated<ProductDto>>, AppError> {
    viewer.require_signed_in().await?;
    let query = ProductQuery {
        city: f.city.as_deref().map(city_code).transpose()?,
        company: f.company,
        stage: f.stage.as_deref().and_then(parse_stage),
        company_type: f.company_type.as_deref().and_then(CompanyType::from_code),
        coordinator: f.coordinator,
        text: f.q,
        ..Default::default()
    };
    let paging = PageParams {
        page: f.page,
        per_page: f.per_page,
    };
    let p = state
        .store
        .products(&list_scope(&viewer.subject), &query, paging.request())
        .await?;
    Ok(Json(Paginated::from_page(p)))
}

/// Registers a product of a company.
#[utoipa::path(post, path = "/api/v1/companies/{id}/products", tag = "companies",
    security(("api_token" = []), ("session" = [])),
    params(("id" = i64, Path, description = "The company")),
    request_body = ProductInput,
    responses((status = 201, body = ProductDto), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub(super) async fn create_product(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(id): Path<i64>,
    JsonInput(input): JsonInput<ProductInput>,
) -> Result<impl IntoResponse, AppError> {
    let (company, _) = load_company(&state, &viewer, Action::Write, id).await?;
    viewer.check_csrf(csrf(&headers)).await?;
    let product = ProductDraft {
        name: input.name,
        summary: input.summary,
        category: input.category,
        company_type: input.company_type,
        stage: input.stage,
        target_users: input.target_users,
        regulatory_class: input.regulatory_class,
        regulatory_status: input.regulatory_status,
        ip_status: input.ip_status,
    }
    .validate()
    .map_err(AppError::Validation)?;
    let record = state
        .store
        .create_product(&company, &product, None, &viewer.actor)
        .await?;
    Ok((StatusCode::CREATED, Json(ProductDto::from(record))))
}

/// One product.
#[utoipa::path(get, path = "/api/v1/products/{id}", tag = "companies",
    security(("api_token" = []), ("session" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = ProductDto), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn get_product(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<ProductId>,
) -> Result<Json<ProductDto>, AppError> {
    Ok(Json(
        load_product(&state, &viewer, Action::Read, id)
            .await?
            .into(),
    ))
}

/// What describes a product, as sent to change it (its stage and type move otherwise):
/// every field, validated like the form; fields left out become empty.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct ProductChangeInput {
    #[schema(example = "脳梗塞リスク評価サービス")]
    pub name: String,
    pub summary: String,
    pub category: String,
    pub target_users: String,
    /// A regulatory class code, or empty.
    pub regulatory_class: String,
    pub regulatory_status: String,
    /// An IP status code, or empty.
    pub ip_status: String,
    /// The version read (required); if the product changed since, the answer is 409.
    #[schema(example = 1)]
    pub version: Option<i64>,
}

/// Changes what describes a product. Send the `version` you read: a stale one is 409 and
/// changes nothing.
#[utoipa::path(put, path = "/api/v1/products/{id}", tag = "companies",
    security(("api_token" = []), ("session" = [])),
    params(("id" = i64, Path)),
    request_body = ProductChangeInput,
    responses((status = 200, body = ProductDto), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 409, description = "Changed since `version`", body = ErrorEnvelope),
        (status = 422, description = "Invalid fields, each named", body = ErrorEnvelope)))]
pub(super) async fn update_product(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(id): Path<ProductId>,
    JsonInput(input): JsonInput<ProductChangeInput>,
) -> Result<Json<ProductDto>, AppError> {
    let p = load_product(&state, &viewer, Action::Write, id).await?;
    viewer.check_csrf(csrf(&headers)).await?;
    let draft = ProductDraft {
        name: input.name,
        summary: input.summary,
        category: input.category,
        company_type: p
            .company_type
            .map(|t| t.code().to_owned())
            .unwrap_or_default(),
        stage: p.stage.number().to_string(),
        target_users: input.target_users,
        regulatory_class: input.regulatory_class,
        regulatory_status: input.regulatory_status,
        ip_status: input.ip_status,
    };
    let (product, mut errors) = match draft.validate() {
        Ok(p) => (Some(p), vec![]),
        Err(e) => (None, e),
    };
    if input.version.is_none() {
        errors.push(renkei_domain::FieldError::new(
            "version",
            "読み込んだ版（version）を指定してください。",
            "Give the version you read.",
        ));
    }
    let (Some(product), Some(version)) = (product, input.version) else {
        return Err(AppError::Validation(errors));
    };
    Ok(Json(
        state
            .store
            .update_product(p.id, version, &product, &viewer.actor)
            .await?
            .into(),
    ))
}

/// A stage move: from the stage the client saw, to another, with the reason.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct StageMoveInput {
    /// The stage the client saw (1–8); if the product has moved since, the answer is 409.
    #[schema(example = 5)]
    pub from: u8,
    #[schema(example = "6")]
    pub to: String,
    #[schema(example = "試作品が完成したため")]
    pub reason: String,
}

/// Moves a product to another stage.
#[utoipa::path(post, path = "/api/v1/products/{id}/stage", tag = "companies",
    security(("api_token" = []), ("session" = [])),
    params(("id" = i64, Path)),
    request_body = StageMoveInput,
    responses((status = 200, body = ProductDto), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 409, description = "Moved by someone else first", body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope)))]
pub(super) async fn move_product(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(id): Path<ProductId>,
    JsonInput(input): JsonInput<StageMoveInput>,
) -> Result<Json<ProductDto>, AppError> {
    load_product(&state, &viewer, Action::Write, id).await?;
    viewer.check_csrf(csrf(&headers)).await?;
    let from = Stage::from_number(input.from).ok_or_else(|| {
        AppError::Validation(vec![renkei_domain::FieldError::new(
            "from",
            "元の段階を1〜8で指定してください。",
            "Give the stage you saw, 1 to 8.",
        )])
    })?;
    let (to, kind, reason) =
        validate_move(from, &input.to, &input.reason).map_err(AppError::Validation)?;
    Ok(Json(
        state
            .store
            .move_stage(id, from, to, kind, &reason, &viewer.actor)
            .await?
            .into(),
    ))
}

/// Support a product received, as sent.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct SupportInput {
    /// A measure code of the model.
    #[schema(example = "development.grants-loans")]
    pub measure: String,
    /// `own`, `partner-city`, `prefecture` or `state`.
    #[schema(example = "own")]
    pub provider: String,
    /// For `partner-city`: the city's code.
    pub provider_city: String,
    /// 2026-04-01 or 令和8年4月1日.
    pub date: String,
    pub outcome: String,
    pub notes: String,
    /// The home city's support organisation that helped (`/cities/{city}/organizations`), if
    /// any; another city's is refused (422).
    pub helped_organization: Option<i64>,
    /// The home city's coordinator (an account id) who helped; when left out, the product's
    /// coordinator in charge. Another city's is refused (422).
    pub helped_coordinator: Option<i64>,
}

/// A support record.
#[derive(Debug, Serialize, ToSchema)]
pub struct SupportDto {
    pub id: i64,
    pub measure: String,
    pub provider: String,
    pub provider_city: Option<String>,
    pub supported_on: Option<String>,
    /// The stage the product was at.
    pub stage: i16,
    pub outcome: String,
    /// The support organisation that helped, if one was named.
    pub helped_organization: Option<i64>,
    /// The coordinator who helped, if one was named.
    pub helped_coordinator: Option<i64>,
}

/// Records support a product received.
#[utoipa::path(post, path = "/api/v1/products/{id}/support", tag = "companies",
    security(("api_token" = []), ("session" = [])),
    params(("id" = i64, Path)),
    request_body = SupportInput,
    responses((status = 201, body = SupportDto), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub(super) async fn add_support(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(id): Path<ProductId>,
    JsonInput(input): JsonInput<SupportInput>,
) -> Result<impl IntoResponse, AppError> {
    let p = load_product(&state, &viewer, Action::Read, id).await?;
    let home = Resource::SupportRecord {
        home_city: &p.home_city,
    };
    viewer.require(Action::Write, home).await?;
    viewer.check_csrf(csrf(&headers)).await?;
    let support = renkei_domain::product::SupportDraft {
        measure: input.measure,
        provider: input.provider,
        provider_city: input.provider_city,
        date: input.date,
        outcome: input.outcome,
        notes: input.notes,
    }
    .validate(&p.home_city);
    let draft = HelpDraft {
        organization: input
            .helped_organization
            .map(|id| id.to_string())
            .unwrap_or_default(),
        coordinator: input
            .helped_coordinator
            .map(|id| id.to_string())
            .unwrap_or_default(),
    };
    let help = renkei_app::help::check(&state.app, &p.home_city, &draft).await?;
    let (support, mut help) = match (support, help) {
        (Ok(s), Ok(h)) => (s, h),
        (s, h) => {
            let errors = [s.err(), h.err()].into_iter().flatten().flatten();
            return Err(AppError::Validation(errors.collect()));
        }
    };
    if input.helped_coordinator.is_none() {
        help.coordinator = p.coordinator_id;
    }
    let r = state
        .store
        .add_support(&p, &support, help, &viewer.actor)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(SupportDto {
            id: r.id,
            measure: r.measure.code.to_owned(),
            provider: r.provider.code().to_owned(),
            provider_city: r.provider_city.map(|c| c.to_string()),
            supported_on: r.supported_on.map(|d| d.to_string()),
            stage: i16::from(r.stage.number()),
            outcome: r.outcome,
            helped_organization: r.organization_id,
            helped_coordinator: r.coordinator_id,
        }),
    ))
}

/// One reviewer's idea review, as sent: a score per criterion of the city's rubric, in order.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct ReviewInput {
    #[schema(example = json!([4, 5, 3, 4, 4]))]
    pub scores: Vec<u32>,
    pub comment: String,
}

/// A recorded review.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewDto {
    pub id: i64,
    /// Weighted, out of 100.
    pub total: f64,
    /// The mean of every review of the product so far, out of 100.
    pub mean: f64,
}

/// Reviews a product's idea against its home city's rubric.
#[utoipa::path(post, path = "/api/v1/products/{id}/reviews", tag = "companies",
    security(("api_token" = []), ("session" = [])),
    params(("id" = i64, Path)),
    request_body = ReviewInput,
    responses((status = 201, body = ReviewDto), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub(super) async fn add_review(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(id): Path<ProductId>,
    JsonInput(input): JsonInput<ReviewInput>,
) -> Result<impl IntoResponse, AppError> {
    let p = load_product(&state, &viewer, Action::Write, id).await?;
    viewer.check_csrf(csrf(&headers)).await?;
    let (rubric, _) = state.store.rubric_of(&p.home_city).await?;
    let scores: Vec<String> = input.scores.iter().map(u32::to_string).collect();
    let (values, total) = rubric.score(&scores).map_err(AppError::Validation)?;
    let comment = renkei_domain::text::clean(&input.comment);
    let r = state
        .store
        .add_review(&p, &rubric, &values, total, &comment, &viewer.actor)
        .await?;
    let all = state.store.reviews_of(id).await?;
    let mean = all.iter().map(|r| r.total).sum::<f64>() / all.len().max(1) as f64;
    Ok((
        StatusCode::CREATED,
        Json(ReviewDto {
            id: r.id,
            total,
            mean: (mean * 10.0).round() / 10.0,
        }),
    ))
}

/// A measure of a stage, as applied to a product.
#[derive(Debug, Serialize, ToSchema)]
pub struct ModelMeasureDto {
    pub code: String,
    pub name: String,
    /// Whether the product's type is likely to use it (the report's applicability).
    pub high: bool,
    /// How often the product used it.
    pub used: usize,
    /// Who helped with the support it received through it (an organisation, a coordinator),
    /// one line per support record that names someone; left out when none does.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(required = false)]
    pub helped_by: Vec<String>,
    /// The home city's menu entries for it.
    pub home_city: Vec<String>,
    /// Other cities offering it.
    pub other_cities: Vec<String>,
    /// A measure of the state's.
    pub state: bool,
}

/// A stage, as applied to a product.
#[derive(Debug, Serialize, ToSchema)]
pub struct ModelStageDto {
    /// 1–8.
    pub stage: u8,
    pub name: String,
    pub current: bool,
    pub next: bool,
    pub passed: bool,
    pub measures: Vec<ModelMeasureDto>,
}

/// The ideal support success model applied to a product: stage by stage, what its type can
/// use, what it used, what is available and where. Names follow `Accept-Language`.
#[utoipa::path(get, path = "/api/v1/products/{id}/model", tag = "companies",
    security(("api_token" = []), ("session" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<ModelStageDto>), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn product_model(
    State(state): State<AppState>,
    ApiLang(lang): ApiLang,
    viewer: Viewer,
    Path(id): Path<ProductId>,
) -> Result<Json<Vec<ModelStageDto>>, AppError> {
    let p = load_product(&state, &viewer, Action::Read, id).await?;
    let support = state.store.product_support(id).await?;
    let names = support_helpers(&state, &support).await?;
    let model = model_view(&state, lang, &p, &support, &names).await?;
    Ok(Json(
        model
            .into_iter()
            .map(|s| ModelStageDto {
                stage: s.stage.number(),
                name: s.label,
                current: s.current,
                next: s.next,
                passed: s.past,
                measures: s
                    .measures
                    .into_iter()
                    .map(|m| ModelMeasureDto {
                        code: m.code.to_owned(),
                        name: m.name.to_owned(),
                        high: m.high,
                        used: m.used,
                        helped_by: m.helped,
                        home_city: m.here,
                        other_cities: m.elsewhere,
                        state: m.state_measure,
                    })
                    .collect(),
            })
            .collect(),
    ))
}
