//! Discussion threads in the JSON API, under the same checks as their pages: the threads the
//! caller reads (by kind), one with its posts, starting one, posting in one.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use renkei_app::network::threads::{self, About, Thread};
use renkei_domain::access::Action;
use renkei_domain::network::thread::{Kind, ThreadDraft};
use renkei_store::{PostRecord, ProductId, ReferralId, ThreadFilter, ThreadId};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::access::Viewer;
use crate::error::{AppError, ErrorEnvelope};
use crate::extract::{JsonInput, QueryInput};

/// A thread.
#[derive(Debug, Serialize, ToSchema)]
pub struct ThreadDto {
    pub id: i64,
    /// `topic`, `product`, `referral`.
    pub kind: String,
    pub title: String,
    /// The product it is about (a product thread).
    pub product: Option<i64>,
    /// The referral it is about (a referral thread).
    pub referral: Option<i64>,
    /// Whether every designated city's staff and coordinators read it; otherwise `cities`'.
    pub network: bool,
    #[schema(example = json!(["121002"]))]
    pub cities: Vec<String>,
    pub started_by: String,
    pub posts: usize,
    pub last_post_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

/// A post in a thread.
#[derive(Debug, Serialize, ToSchema)]
pub struct PostDto {
    pub id: i64,
    pub author: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

/// A thread with its posts, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct ThreadDetailDto {
    pub thread: ThreadDto,
    pub posts: Vec<PostDto>,
}

fn dto(t: &Thread, posts: usize) -> ThreadDto {
    let r = &t.record;
    ThreadDto {
        id: r.id.0,
        kind: r.kind.code().to_owned(),
        title: r.title.clone(),
        product: r.product_id.map(|p| p.0),
        referral: r.referral_id.map(|p| p.0),
        network: t.facts.network,
        cities: t.facts.cities.iter().map(ToString::to_string).collect(),
        started_by: r.author_label.clone(),
        posts,
        last_post_at: r.last_post_at,
        created_at: r.created_at,
    }
}

fn post_dto(p: PostRecord) -> PostDto {
    PostDto {
        id: p.id,
        author: p.author_label,
        body: p.body,
        created_at: p.created_at,
    }
}

async fn detail(state: &AppState, t: &Thread) -> Result<ThreadDetailDto, AppError> {
    let posts: Vec<PostDto> = state
        .store
        .thread_posts(t.record.id)
        .await?
        .into_iter()
        .map(post_dto)
        .collect();
    Ok(ThreadDetailDto {
        thread: dto(t, posts.len()),
        posts,
    })
}

/// The list's filter.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// `topic`, `product` or `referral` (none, or an unknown code: all).
    pub kind: Option<String>,
}

/// The threads the caller reads (staff and coordinators of any city), the one with the
/// latest post first.
#[utoipa::path(get, path = "/api/v1/threads", tag = "network",
    security(("api_token" = []), ("session" = [])),
    params(ListParams),
    responses((status = 200, body = Vec<ThreadDto>), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
pub(super) async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    QueryInput(q): QueryInput<ListParams>,
) -> Result<Json<Vec<ThreadDto>>, AppError> {
    let filter = ThreadFilter {
        kind: q.kind.as_deref().and_then(Kind::from_code),
        ..Default::default()
    };
    let found = threads::list(&state.app, &viewer.caller(), &filter).await?;
    Ok(Json(found.iter().map(|(t, n)| dto(t, *n)).collect()))
}

/// One thread with its posts.
#[utoipa::path(get, path = "/api/v1/threads/{id}", tag = "network",
    security(("api_token" = []), ("session" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = ThreadDetailDto), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn get_one(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<ThreadId>,
) -> Result<Json<ThreadDetailDto>, AppError> {
    let t = threads::load(&state.app, &viewer.caller(), Action::Read, id).await?;
    Ok(Json(detail(&state, &t).await?))
}

/// A thread to start: a topic, or about a product or a referral (one of the two ids), with
/// its first post.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct ThreadInput {
    /// `topic` (the default), `product` (with `product`) or `referral` (with `referral`).
    #[schema(example = "topic")]
    pub kind: String,
    pub product: Option<i64>,
    pub referral: Option<i64>,
    pub title: String,
    /// The first post; `@name` mentions a reader of the thread.
    pub body: String,
}

/// Starts a thread (a topic: every city's coordinators and full staff; a product's or a
/// referral's: those who will read it, who may write).
#[utoipa::path(post, path = "/api/v1/threads", tag = "network",
    security(("api_token" = []), ("session" = [])),
    request_body = ThreadInput,
    responses((status = 201, body = ThreadDetailDto), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub(super) async fn start(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    JsonInput(input): JsonInput<ThreadInput>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    if !caller.subject.is_signed_in() {
        return Err(AppError::SignInRequired);
    }
    viewer.check_csrf(crate::api::csrf(&headers)).await?;
    let kind = match input.kind.trim() {
        "" => Kind::Topic,
        code => {
            renkei_domain::network::thread::kind(code).map_err(|e| AppError::Validation(vec![e]))?
        }
    };
    let missing = |field: &'static str| {
        AppError::Validation(vec![renkei_domain::FieldError::new(
            field,
            "話し合う対象を指定してください。",
            "Give what the thread is about.",
        )])
    };
    let about = match kind {
        Kind::Topic => About::Topic,
        Kind::Product => About::Product(ProductId(input.product.ok_or(missing("product"))?)),
        Kind::Referral => About::Referral(ReferralId(input.referral.ok_or(missing("referral"))?)),
    };
    let draft = ThreadDraft {
        title: input.title,
        body: input.body,
    };
    let t = threads::start(&state.app, &caller, about, &draft)
        .await?
        .map_err(AppError::Validation)?;
    state.mail_queued();
    let body = detail(&state, &t).await?;
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// A post to add.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct PostInput {
    /// `@name` mentions a reader of the thread.
    pub body: String,
}

/// Posts in a thread (its readers who are coordinators or staff who may write).
#[utoipa::path(post, path = "/api/v1/threads/{id}/posts", tag = "network",
    security(("api_token" = []), ("session" = [])),
    params(("id" = i64, Path)),
    request_body = PostInput,
    responses((status = 201, body = PostDto), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 422, body = ErrorEnvelope)))]
pub(super) async fn post(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<ThreadId>,
    headers: HeaderMap,
    JsonInput(input): JsonInput<PostInput>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    let t = threads::load(&state.app, &caller, Action::Write, id).await?;
    viewer.check_csrf(crate::api::csrf(&headers)).await?;
    let p = threads::post(&state.app, &caller, &t, &input.body)
        .await?
        .map_err(AppError::Validation)?;
    state.mail_queued();
    Ok((StatusCode::CREATED, Json(post_dto(p))).into_response())
}
