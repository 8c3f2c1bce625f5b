//! Companies and products in the JSON API, under the same policy as the pages (the same
//! loaders ask it): lists hold what the caller may see, a record the caller may not know is
//! 404, writes need an API token or the session's CSRF token.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use renkei_domain::access::{Action, Resource, list_scope};
use renkei_domain::catalog::CompanyType;
use renkei_domain::city::CityCode;
use renkei_domain::company::{CompanyDraft, ContactDraft};
use renkei_store::{CompanyQuery, CompanyRecord};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::access::Viewer;
use crate::api::csrf;
use crate::api::dto::{PageParams, Paginated};
use crate::error::{AppError, ErrorEnvelope};
use crate::extract::{JsonInput, QueryInput};
use crate::features::companies::load::{load_company, writable_cities};
use crate::shared::city::city_code;

/// A company.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompanyDto {
    pub id: i64,
    /// The home city's local-government code.
    #[schema(example = "121002")]
    pub home_city: String,
    #[schema(example = "株式会社アミンファーマ研究所")]
    pub name: String,
    #[schema(example = "アミンファーマケンキュウショ")]
    pub name_kana: String,
    /// 法人番号, 13 digits.
    pub corporate_number: Option<String>,
    pub postal_code: Option<String>,
    pub address: String,
    pub industry: String,
    /// `small-scale`, `sme`, `mid-sized` or `large`.
    pub size: Option<String>,
    /// The model's company type.
    pub company_type: Option<String>,
    pub website: Option<String>,
    pub notes: String,
    /// Send it back when changing the company, to detect conflicting changes.
    pub version: i64,
}

impl From<CompanyRecord> for CompanyDto {
    fn from(c: CompanyRecord) -> Self {
        CompanyDto {
            id: c.id.0,
            home_city: c.home_city.to_string(),
            name: c.name,
            name_kana: c.name_kana,
            corporate_number: c.corporate_number.map(|n| n.as_str().to_owned()),
            postal_code: c.postal_code,
            address: c.address,
            industry: c.industry,
            size: c.size.map(|s| s.code().to_owned()),
            company_type: c.company_type.map(|t| t.code().to_owned()),
            website: c.website,
            notes: c.notes,
            version: c.version,
        }
    }
}

/// A company as sent: every field as text, validated like the form.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct CompanyInput {
    /// Required when registering; ignored when changing.
    #[schema(example = "121002")]
    pub home_city: String,
    pub name: String,
    pub name_kana: String,
    pub corporate_number: String,
    pub postal_code: String,
    pub address: String,
    pub industry: String,
    pub size: String,
    pub company_type: String,
    pub website: String,
    pub notes: String,
    /// A first contact, when registering.
    pub contact: Option<ContactInput>,
    /// Register even though companies with the same name or corporate number exist.
    pub not_a_duplicate: bool,
    /// The version read, when changing.
    pub version: Option<i64>,
}

#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct ContactInput {
    pub name: String,
    pub role: String,
    pub email: String,
    pub phone: String,
}

impl CompanyInput {
    fn draft(&self) -> CompanyDraft {
        CompanyDraft {
            name: self.name.clone(),
            name_kana: self.name_kana.clone(),
            corporate_number: self.corporate_number.clone(),
            postal_code: self.postal_code.clone(),
            address: self.address.clone(),
            industry: self.industry.clone(),
            size: self.size.clone(),
            company_type: self.company_type.clone(),
            website: self.website.clone(),
            notes: self.notes.clone(),
        }
    }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct CompanyFilter {
    /// A home city's code.
    pub city: Option<String>,
    /// A company type code.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub company_type: Option<String>,
    /// Found in the name (whatever its width or legal form), the reading or the corporate number.
    pub q: Option<String>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// The companies the caller may see.
#[utoipa::path(get, path = "/api/v1/companies", tag = "companies",
    security(("api_token" = []), ("session" = [])),
    params(CompanyFilter),
    responses((status = 200, body = Paginated<CompanyDto>), (status = 401, body = ErrorEnvelope)))]
pub(super) async fn list_companies(
    State(state): State<AppState>,
    viewer: Viewer,
    QueryInput(f): QueryInput<CompanyFilter>,
) -> Result<Json<Paginated<CompanyDto>>, AppError> {
    viewer.require_signed_in().await?;
    let query = CompanyQuery {
        city: f.city.as_deref().map(city_code).transpose()?,
        company_type: f.company_type.as_deref().and_then(CompanyType::from_code),
        text: f.q,
    };
    let paging = PageParams {
        page: f.page,
        per_page: f.per_page,
    };
    let p = state
        .store
        .companies(&list_scope(&viewer.subject), &query, paging.request())
        .await?;
    Ok(Json(Paginated::from_page(p)))
}

/// Registers a company in a city where the caller may. A likely duplicate (the same name,
/// whatever its width or legal form, or the same corporate number) is refused with 409 and
/// the existing companies, unless `not_a_duplicate` is set.
#[utoipa::path(post, path = "/api/v1/companies", tag = "companies",
    security(("api_token" = []), ("session" = [])),
    request_body = CompanyInput,
    responses((status = 201, body = CompanyDto), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, description = "Another city's", body = ErrorEnvelope),
        (status = 409, description = "Likely duplicates exist", body = Vec<CompanyDto>),
        (status = 422, description = "Invalid fields, each named", body = ErrorEnvelope)))]
pub(super) async fn create_company(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    JsonInput(input): JsonInput<CompanyInput>,
) -> Result<axum::response::Response, AppError> {
    viewer.require_signed_in().await?;
    if writable_cities(&state, &viewer).is_empty() {
        return Err(AppError::Forbidden);
    }
    let home = CityCode::parse(&input.home_city)
        .ok()
        .filter(renkei_domain::city::is_designated);
    let Some(home) = home else {
        return Err(AppError::Validation(vec![renkei_domain::FieldError::new(
            "home_city",
            "本拠地の市を地方公共団体コードで指定してください。",
            "Give the home city's local-government code.",
        )]));
    };
    viewer
        .require_write(
            Resource::CityRecord {
                owner: &home,
                shared_with: &[],
            },
            &headers,
        )
        .await?;
    let mut errors = Vec::new();
    let company = input
        .draft()
        .validate(&home)
        .map_err(|e| errors.extend(e))
        .ok();
    let contact = input
        .contact
        .as_ref()
        .map(|c| {
            ContactDraft {
                name: c.name.clone(),
                role: c.role.clone(),
                email: c.email.clone(),
                phone: c.phone.clone(),
            }
            .validate()
            .map_err(|e| errors.extend(e))
            .ok()
        })
        .unwrap_or(None);
    let (Some(company), true) = (company, errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    if !input.not_a_duplicate {
        let duplicates = state
            .store
            .likely_duplicates(&company, &list_scope(&viewer.subject))
            .await?;
        if !duplicates.is_empty() {
            let body: Vec<CompanyDto> = duplicates.into_iter().map(Into::into).collect();
            return Ok((StatusCode::CONFLICT, Json(body)).into_response());
        }
    }
    let record = state
        .store
        .create_company(&company, contact.as_slice(), &viewer.actor)
        .await?;
    Ok((StatusCode::CREATED, Json(CompanyDto::from(record))).into_response())
}

/// One company.
#[utoipa::path(get, path = "/api/v1/companies/{id}", tag = "companies",
    security(("api_token" = []), ("session" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = CompanyDto), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn get_company(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Json<CompanyDto>, AppError> {
    let (c, _) = load_company(&state, &viewer, Action::Read, id).await?;
    Ok(Json(c.into()))
}

/// Changes a company. Send the `version` you read to detect conflicts.
#[utoipa::path(put, path = "/api/v1/companies/{id}", tag = "companies",
    security(("api_token" = []), ("session" = [])),
    params(("id" = i64, Path)),
    request_body = CompanyInput,
    responses((status = 200, body = CompanyDto), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 409, description = "Changed since `version`", body = ErrorEnvelope),
        (status = 422, body = ErrorEnvelope)))]
pub(super) async fn update_company(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(id): Path<i64>,
    JsonInput(input): JsonInput<CompanyInput>,
) -> Result<Json<CompanyDto>, AppError> {
    let (c, _) = load_company(&state, &viewer, Action::Write, id).await?;
    viewer.check_csrf(csrf(&headers)).await?;
    let company = input
        .draft()
        .validate(&c.home_city)
        .map_err(AppError::Validation)?;
    let version = input.version.unwrap_or(c.version);
    Ok(Json(
        state
            .store
            .update_company(c.id, version, &company, &viewer.actor)
            .await?
            .into(),
    ))
}
