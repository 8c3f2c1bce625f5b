//! The coordinator network in the JSON API, under the same checks as its pages: the
//! directory with its filters and one coordinator; requests for help across cities (the
//! caller's, one, asking, a move or the company's consent), the company and product left out
//! until the company consented for whoever is not of the asking city.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use renkei_app::network::help;
use renkei_app::network::{self, Coordinator};
use renkei_domain::access::Action;
use renkei_domain::network::help::HelpRequest;
use renkei_domain::workflow::Workflow;
use renkei_store::{HelpRequestId, HelpRequestRecord, UserId};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::access::Viewer;
use crate::error::{AppError, ErrorEnvelope};
use crate::extract::{JsonInput, QueryInput};

/// A coordinator and their profile (none until they keep one).
#[derive(Debug, Serialize, ToSchema)]
pub struct CoordinatorDto {
    /// Their account's id.
    pub id: i64,
    pub name: String,
    /// The cities they coordinate for.
    pub cities: Vec<String>,
    /// How many open requests for help (asked of them, or accepted) they have.
    pub open_requests: usize,
    pub profile: Option<ProfileDto>,
}

/// What a coordinator knows and whether they take requests.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProfileDto {
    /// The city the profile is kept for.
    #[schema(example = "121002")]
    pub city: String,
    /// One of the city's support organisations; none: the city itself.
    pub organization: Option<i64>,
    /// Stage codes (`discovery` … `production`).
    pub stages: Vec<String>,
    /// `medical-devices`, `nursing-care`, `welfare-equipment`, `ict-health`, `regulatory`,
    /// `clinical`, `sales-channels`.
    pub fields: Vec<String>,
    /// Device classes whose approval or certification they saw through: `class-1` …
    /// `class-4`.
    pub classes: Vec<String>,
    /// `ja`, `en`, `zh`, `ko`, `vi`.
    pub languages: Vec<String>,
    /// How many requests at once.
    pub capacity: u32,
    /// `accepting`, `limited`, `not-accepting`.
    pub availability: String,
    pub until: Option<NaiveDate>,
    pub summary: String,
    pub version: i64,
}

fn codes<T: Copy>(v: &[T], code: impl Fn(T) -> &'static str) -> Vec<String> {
    v.iter().map(|x| code(*x).to_owned()).collect()
}

impl From<&Coordinator> for CoordinatorDto {
    fn from(c: &Coordinator) -> Self {
        use renkei_domain::network::{Availability, DeviceClass, Field, Language};
        CoordinatorDto {
            id: c.account.user.id.0,
            name: c.account.user.display_name.clone(),
            cities: c.account.cities.iter().map(|c| c.to_string()).collect(),
            open_requests: c.open,
            profile: c.profile.as_ref().map(|p| ProfileDto {
                city: p.city.to_string(),
                organization: p.organization_id,
                stages: codes(&p.stages, renkei_domain::catalog::Stage::code),
                fields: codes(&p.fields, Field::code),
                classes: codes(&p.classes, DeviceClass::code),
                languages: codes(&p.languages, Language::code),
                capacity: p.capacity,
                availability: Availability::code(p.availability).to_owned(),
                until: p.until,
                summary: p.summary.clone(),
                version: p.version,
            }),
        }
    }
}

/// The directory's filters: codes as the profile's (unknown codes filter nothing).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct DirectoryParams {
    pub stage: Option<String>,
    pub field: Option<String>,
    pub class: Option<String>,
    pub city: Option<String>,
    pub organization: Option<String>,
    pub language: Option<String>,
    pub availability: Option<String>,
}

/// The coordinators of every designated city, filtered (staff and coordinators of any
/// city).
#[utoipa::path(get, path = "/api/v1/coordinators", tag = "network",
    security(("api_token" = []), ("session" = [])),
    params(DirectoryParams),
    responses((status = 200, body = Vec<CoordinatorDto>), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
pub(super) async fn list_coordinators(
    State(state): State<AppState>,
    viewer: Viewer,
    QueryInput(q): QueryInput<DirectoryParams>,
) -> Result<Json<Vec<CoordinatorDto>>, AppError> {
    let filter = renkei_domain::network::Filter::from_codes(&renkei_domain::network::FilterCodes {
        stage: q.stage,
        field: q.field,
        class: q.class,
        city: q.city,
        organization: q.organization,
        language: q.language,
        availability: q.availability,
    });
    let list = network::directory(&state.app, &viewer.caller(), &filter).await?;
    Ok(Json(list.iter().map(CoordinatorDto::from).collect()))
}

/// One coordinator and their profile.
#[utoipa::path(get, path = "/api/v1/coordinators/{id}", tag = "network",
    security(("api_token" = []), ("session" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = CoordinatorDto), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn get_coordinator(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<UserId>,
) -> Result<Json<CoordinatorDto>, AppError> {
    let c = network::load(&state.app, &viewer.caller(), Action::Read, id).await?;
    Ok(Json(CoordinatorDto::from(&*c)))
}

/// A request for help across cities. `company` and `product` (ids and names) are left out
/// for a reader outside the asking city until the company consented.
#[derive(Debug, Serialize, ToSchema)]
pub struct HelpRequestDto {
    pub id: i64,
    /// The asking city.
    #[schema(example = "121002")]
    pub city: String,
    pub company: Option<i64>,
    pub company_name: Option<String>,
    pub product: Option<i64>,
    pub product_name: Option<String>,
    pub asker: String,
    /// The coordinator asked (or who took it); none while open to the network.
    pub helper: Option<i64>,
    pub helper_city: Option<String>,
    /// The need: a field code, a stage code, a device class.
    pub field: String,
    pub stage: Option<String>,
    pub class: Option<String>,
    pub question: String,
    /// `asked`, `accepted`, `concluded`, `declined`, `withdrawn`.
    pub state: String,
    /// `helper` while it is open.
    pub waiting_on: Option<String>,
    /// The day the open step is due (counted in 開庁日).
    pub due_on: Option<NaiveDate>,
    pub consented_at: Option<DateTime<Utc>>,
    pub consent_wording_version: Option<String>,
    pub summary: Option<String>,
    /// The product's support record the conclusion became.
    pub support_record: Option<i64>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
}

async fn dto(
    state: &AppState,
    viewer: &Viewer,
    r: HelpRequestRecord,
) -> Result<HelpRequestDto, AppError> {
    let shown = help::sees_company(&viewer.caller(), &r);
    let (company, company_name, product, product_name) = if shown {
        let c = state
            .store
            .company(r.company_id)
            .await?
            .map(|(c, _)| c.name);
        let p = match r.product_id {
            Some(id) => state.store.product(id).await?.map(|p| p.name),
            None => None,
        };
        (Some(r.company_id.0), c, r.product_id.map(|p| p.0), p)
    } else {
        (None, None, None, None)
    };
    Ok(HelpRequestDto {
        id: r.id.0,
        city: r.city.to_string(),
        company,
        company_name,
        product,
        product_name,
        asker: r.asker_label,
        helper: r.helper_id,
        helper_city: r.helper_city.map(|c| c.to_string()),
        field: r.field.code().to_owned(),
        stage: r.stage.map(str::to_owned),
        class: r.class.map(str::to_owned),
        question: r.question,
        waiting_on: HelpRequest::waiting_on(r.state).map(|p| p.code().to_owned()),
        state: r.state.code().to_owned(),
        due_on: r.due_on,
        consented_at: r.consent.as_ref().map(|k| k.at),
        consent_wording_version: r.consent.map(|k| k.wording_version),
        summary: r.summary,
        support_record: r.support_record_id,
        version: r.version,
        created_at: r.created_at,
    })
}

/// The requests the caller may read: asked by or of them, their cities', their company's,
/// and (a coordinator's) those open to the network from other cities. Newest first.
#[utoipa::path(get, path = "/api/v1/help-requests", tag = "network",
    security(("api_token" = []), ("session" = [])),
    responses((status = 200, body = Vec<HelpRequestDto>), (status = 401, body = ErrorEnvelope)))]
pub(super) async fn list_help_requests(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<Json<Vec<HelpRequestDto>>, AppError> {
    let caller = viewer.caller();
    if !caller.subject.is_signed_in() {
        return Err(AppError::SignInRequired);
    }
    let mut out = Vec::new();
    for r in help::list(&state.app, &caller).await? {
        out.push(dto(&state, &viewer, r).await?);
    }
    Ok(Json(out))
}

/// One request.
#[utoipa::path(get, path = "/api/v1/help-requests/{id}", tag = "network",
    security(("api_token" = []), ("session" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = HelpRequestDto), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn get_help_request(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<HelpRequestId>,
) -> Result<Json<HelpRequestDto>, AppError> {
    let r = help::load(&state.app, &viewer.caller(), Action::Read, id).await?;
    Ok(Json(dto(&state, &viewer, r.into_inner()).await?))
}

fn refused(r: help::Refused) -> AppError {
    match r {
        help::Refused::Fields(errors) => AppError::Validation(errors),
        help::Refused::Step(s) => AppError::step_refused::<HelpRequest>(s),
    }
}

/// A request for help to ask: about a product, a company or a referral of the caller's
/// city (one of the three), of a coordinator of another city or of the network.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct HelpRequestInput {
    pub product: Option<i64>,
    pub company: Option<i64>,
    pub referral: Option<i64>,
    /// The coordinator asked (their account); none: the network.
    pub coordinator: Option<i64>,
    #[schema(example = "medical-devices")]
    pub field: String,
    pub stage: String,
    #[schema(example = "class-2")]
    pub class: String,
    /// Without the company's name: the helper reads it before the company consents.
    pub question: String,
}

/// Asks for help across cities (the city's full staff and coordinators).
#[utoipa::path(post, path = "/api/v1/help-requests", tag = "network",
    security(("api_token" = []), ("session" = [])),
    request_body = HelpRequestInput,
    responses((status = 201, body = HelpRequestDto), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub(super) async fn ask(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    JsonInput(input): JsonInput<HelpRequestInput>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    if !caller.subject.is_signed_in() {
        return Err(AppError::SignInRequired);
    }
    viewer.check_csrf(crate::api::csrf(&headers)).await?;
    if super::directory::asking_cities(&viewer).is_empty() {
        return Err(super::requests::refuse_ask(&state, &caller).await);
    }
    let about = match (input.referral, input.product, input.company) {
        (Some(r), ..) => help::About::Referral(renkei_store::ReferralId(r)),
        (None, Some(p), _) => help::About::Product(renkei_store::ProductId(p)),
        (None, None, Some(c)) => help::About::Company(renkei_store::CompanyId(c)),
        _ => {
            return Err(AppError::Validation(vec![renkei_domain::FieldError::new(
                "product",
                "相談する開発案件（または企業・紹介）を指定してください。",
                "Give the product (or company, or referral) asked about.",
            )]));
        }
    };
    help::about(&state.app, &caller, about).await?;
    let draft = renkei_domain::network::help::HelpDraft {
        coordinator: input.coordinator.map(|c| c.to_string()).unwrap_or_default(),
        field: input.field,
        stage: input.stage,
        class: input.class,
        question: input.question,
    };
    let r = help::ask(&state.app, &caller, about, &draft)
        .await?
        .map_err(refused)?;
    state.mail_queued();
    let dto = dto(&state, &viewer, r).await?;
    Ok((StatusCode::CREATED, Json(dto)).into_response())
}

/// A move on a request, or the company's consent.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct HelpMoveInput {
    /// `accept`, `decline` (with `text`), `hand_over` (with `to`), `conclude` (with `text`,
    /// the outcome summary), `withdraw`, or `consent` (the company's, with `agree`).
    #[serde(rename = "move")]
    pub move_code: String,
    pub version: i64,
    pub text: String,
    /// The coordinator it is handed over to (their account).
    pub to: Option<i64>,
    /// The company agrees to the consent's wording.
    pub agree: bool,
}

/// A move on a request as the caller's party to it (the one asked, a taker, the asker), or
/// the consent of the company's people.
#[utoipa::path(post, path = "/api/v1/help-requests/{id}/moves", tag = "network",
    security(("api_token" = []), ("session" = [])),
    params(("id" = i64, Path)),
    request_body = HelpMoveInput,
    responses((status = 200, body = HelpRequestDto), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub(super) async fn step(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<HelpRequestId>,
    headers: HeaderMap,
    JsonInput(input): JsonInput<HelpMoveInput>,
) -> Result<Json<HelpRequestDto>, AppError> {
    let caller = viewer.caller();
    let r = help::load(&state.app, &caller, Action::Write, id).await?;
    viewer.check_csrf(crate::api::csrf(&headers)).await?;
    let moved = if input.move_code == "consent" {
        help::consent(&state.app, &caller, &r, input.version, input.agree).await?
    } else {
        let form = help::MoveForm {
            code: input.move_code,
            text: input.text,
            to: input.to.map(|t| t.to_string()).unwrap_or_default(),
        };
        help::move_request(&state.app, &caller, &r, input.version, &form).await?
    };
    let moved = moved.map_err(refused)?;
    state.mail_queued();
    Ok(Json(dto(&state, &viewer, moved).await?))
}
