//! The search as JSON: what `/search` finds, for programs and for results as one types.

use axum::Json;
use axum::extract::State;
use renkei_domain::access::list_scope;
use renkei_store::{DocKind, SearchQuery};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::access::Viewer;
use crate::error::{AppError, ErrorEnvelope};
use crate::extract::QueryInput;
use crate::lang::ApiLang;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct SearchParams {
    /// The words, as typed: kana, kanji, either width (`じょくそう`, `ﾄﾚｰﾆﾝｸﾞ`).
    pub q: String,
    /// `company`, `product`, `target`, `coordinator`, `measure`, `referral`, `need`, `seed`,
    /// `event`.
    pub kind: Option<String>,
    /// A city's code.
    pub city: Option<String>,
    /// A stage, 1–8.
    pub stage: Option<i16>,
    /// A company type code.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub company_type: Option<String>,
    pub page: Option<u64>,
    /// At most 200 (20 by default).
    pub per_page: Option<u64>,
}

/// One record found.
#[derive(Debug, Serialize, ToSchema)]
pub struct HitDto {
    #[schema(example = "product")]
    pub kind: String,
    pub id: i64,
    #[schema(example = "床擦れ（褥瘡［じょくそう］）予防管理システム")]
    pub title: String,
    pub detail: String,
    /// The record's page, if it has one.
    #[schema(example = "/products/3")]
    pub link: String,
    pub city: Option<String>,
    pub score: f64,
}

/// A filter value and how many records it holds (with the other filters applied).
#[derive(Debug, Serialize, ToSchema)]
pub struct FacetDto {
    pub value: String,
    pub label: String,
    pub count: usize,
}

/// What a search found.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchDto {
    pub items: Vec<HitDto>,
    pub total: usize,
    pub page: u64,
    pub per_page: u64,
    pub kinds: Vec<FacetDto>,
    pub cities: Vec<FacetDto>,
    pub stages: Vec<FacetDto>,
    pub types: Vec<FacetDto>,
}

/// Searches everything the caller may see.
#[utoipa::path(get, path = "/api/v1/search", tag = "search",
    security(("api_token" = []), ("session" = [])),
    params(SearchParams),
    responses((status = 200, body = SearchDto), (status = 401, body = ErrorEnvelope)))]
pub(super) async fn search(
    State(state): State<AppState>,
    ApiLang(lang): ApiLang,
    viewer: Viewer,
    QueryInput(p): QueryInput<SearchParams>,
) -> Result<Json<SearchDto>, AppError> {
    viewer.require_signed_in().await?;
    let per_page = p.per_page.unwrap_or(20).clamp(1, 200);
    let page = p.page.unwrap_or(1).max(1);
    let query = SearchQuery {
        text: p.q,
        kind: p.kind.as_deref().and_then(DocKind::from_code),
        city: p.city,
        stage: p.stage,
        company_type: p.company_type,
        page,
        per_page,
    };
    let r = state
        .store
        .search(&list_scope(&viewer.subject), &query)
        .await?;
    let city = |c: &str| state.store.city_name(c);
    Ok(Json(SearchDto {
        items: r
            .hits
            .into_iter()
            .map(|h| HitDto {
                kind: h.kind.code().into(),
                id: h.id,
                title: h.title,
                detail: h.detail,
                link: h.link,
                city: h.city,
                score: (h.score * 1000.0).round() / 1000.0,
            })
            .collect(),
        total: r.total,
        page,
        per_page,
        kinds: r
            .kinds
            .iter()
            .map(|(k, n)| FacetDto {
                value: k.code().into(),
                label: k.name().get(lang).into(),
                count: *n,
            })
            .collect(),
        cities: r
            .cities
            .iter()
            .map(|(c, n)| FacetDto {
                value: c.clone(),
                label: city(c),
                count: *n,
            })
            .collect(),
        stages: r
            .stages
            .iter()
            .map(|(s, n)| FacetDto {
                value: s.to_string(),
                label: s.to_string(),
                count: *n,
            })
            .collect(),
        types: r
            .types
            .iter()
            .map(|(t, n)| FacetDto {
                value: t.clone(),
                label: renkei_domain::catalog::CompanyType::from_code(t)
                    .map_or(t.clone(), |c| c.name().get(lang).into()),
                count: *n,
            })
            .collect(),
    }))
}

/// A target ranked for a referral's product.
#[derive(Debug, Serialize, ToSchema)]
pub struct TargetMatchDto {
    pub id: i64,
    pub name: String,
    pub score: f64,
    /// Why it fits, in the request's language.
    pub reasons: Vec<String>,
    /// The departments or interests that matched.
    pub details: Vec<String>,
}

/// A product of the receiving city like the referral's (a possible competitor).
#[derive(Debug, Serialize, ToSchema)]
pub struct SimilarDto {
    pub id: i64,
    pub title: String,
    pub similarity: f64,
}

/// The matching of a referral, for its receiving city.
#[derive(Debug, Serialize, ToSchema)]
pub struct MatchesDto {
    /// The receiving city's targets, best first.
    pub targets: Vec<TargetMatchDto>,
    /// The receiving city's own products like this one.
    pub competing: Vec<SimilarDto>,
}

/// The receiving city's targets ranked for a referral, with their reasons, and its own
/// similar products. Empty for the referral's other parties (they are the receiving city's).
#[utoipa::path(get, path = "/api/v1/referrals/{id}/matches", tag = "search",
    security(("api_token" = []), ("session" = [])),
    params(("id" = i64, Path, description = "The referral")),
    responses((status = 200, body = MatchesDto), (status = 401, body = ErrorEnvelope),
        (status = 404, description = "Not a referral the caller is a party to", body = ErrorEnvelope)))]
pub(super) async fn referral_matches(
    State(state): State<AppState>,
    ApiLang(lang): ApiLang,
    viewer: Viewer,
    axum::extract::Path(id): axum::extract::Path<i64>,
) -> Result<Json<MatchesDto>, AppError> {
    use renkei_domain::access::{Action, Role, referral_parties};
    use renkei_domain::referral::Party;
    let l = crate::features::referrals::load::load_referral(
        &state,
        &viewer,
        Action::Read,
        renkei_store::ReferralId(id),
    )
    .await?;
    let receiving = viewer.subject.roles.contains(&Role::PlatformAdmin)
        || referral_parties(&viewer.subject, &l.facts(), false).contains(&Party::ReceivingCity);
    if !receiving {
        return Ok(Json(MatchesDto {
            targets: Vec::new(),
            competing: Vec::new(),
        }));
    }
    let wanted: Vec<String> =
        l.r.wanted_kinds
            .iter()
            .map(|k| k.code().to_owned())
            .collect();
    let targets = state
        .store
        .match_targets(
            l.r.product_id.0,
            &l.r.receiving_city.to_string(),
            &wanted,
            20,
        )
        .await?
        .into_iter()
        .map(|m| TargetMatchDto {
            id: m.id,
            name: m.name,
            score: (m.score * 1000.0).round() / 1000.0,
            reasons: m.reasons.iter().map(|r| r.get(lang).to_owned()).collect(),
            details: m.details,
        })
        .collect();
    let competing = state
        .store
        .similar_to(
            (DocKind::Product, l.r.product_id.0),
            DocKind::Product,
            Some(&l.r.receiving_city.to_string()),
            Some(l.r.company_id.0),
            0.2,
            5,
        )
        .await?
        .into_iter()
        .map(|s| SimilarDto {
            id: s.id,
            title: s.title,
            similarity: (s.similarity * 1000.0).round() / 1000.0,
        })
        .collect();
    Ok(Json(MatchesDto { targets, competing }))
}
