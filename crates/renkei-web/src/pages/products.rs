//! Products (開発案件): the scoped list (with a coordinator's caseload), registration under a
//! company, and the product's page — the ideal support success model applied to it (stage by
//! stage, the measures its type can use, which it used, what is available next and where),
//! its timeline of stage moves and decisions, its evaluations and adoptions, and the forms
//! that record them.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use renkei_domain::FieldError;
use renkei_domain::Lang;
use renkei_domain::access::{Action, Resource, Role, list_scope};
use renkei_domain::catalog::{self, CompanyType, Level, Scope, Stage};
use renkei_domain::city::CityCode;
use renkei_domain::product::{
    AdopterKind, AdoptionDraft, Decision, EvaluationDraft, EvaluationKind, IpStatus, MoveKind,
    ProductDraft, Provider, RegulatoryClass, SupportDraft, referral_eligibility, validate_decision,
    validate_move,
};
use renkei_store::{PageRequest, ProductQuery, ProductRecord};
use serde::Deserialize;

use super::companies::load_company;
use super::{Base, Choice, Errors, city_name, coded_choices, encode, in_jst, tr};
use crate::AppState;
use crate::access::Viewer;
use crate::api::city_code;
use crate::error::AppError;
use crate::extract::{FormInput, QueryInput};
use crate::lang::UiLang;

/// The product of `id`, once the policy allows `action` on it: a product is its company's,
/// shared with the cities its company or the product itself is shared with.
pub(crate) async fn load_product(
    state: &AppState,
    viewer: &Viewer,
    action: Action,
    id: i64,
) -> Result<ProductRecord, AppError> {
    viewer.require_signed_in().await?;
    let p = state.store.product(id).await?.ok_or(AppError::NotFound)?;
    let home = CityCode::parse(&p.home_city).map_err(|_| AppError::NotFound)?;
    let mut shared = state
        .store
        .shared_with("company", &p.company_id.to_string())
        .await?;
    shared.extend(state.store.shared_with("product", &id.to_string()).await?);
    viewer
        .require(
            action,
            Resource::Company {
                id: p.company_id,
                home_city: &home,
                shared_with: &shared,
            },
        )
        .await?;
    Ok(p)
}

/// Whether a product may be introduced to other cities, from its evaluations and its number
/// of adoptions (`product::referral_eligibility`).
pub(crate) fn eligibility_of(
    home: &CityCode,
    evaluations: &[renkei_store::EvaluationRecord],
    adoptions: usize,
) -> Result<(), renkei_domain::Text> {
    let evaluations: Vec<(EvaluationKind, CityCode)> = evaluations
        .iter()
        .filter_map(|e| {
            Some((
                EvaluationKind::from_code(&e.kind)?,
                CityCode::parse(&e.city_code).ok()?,
            ))
        })
        .collect();
    referral_eligibility(home, &evaluations, adoptions)
}

fn stage_of(p: &ProductRecord) -> Stage {
    u8::try_from(p.stage)
        .ok()
        .and_then(Stage::from_number)
        .unwrap_or(Stage::Discovery)
}

fn stage_label(lang: Lang, s: Stage) -> String {
    format!("{} {}", s.mark(), s.name().get(lang))
}

fn stage_choices(lang: Lang, selected: Option<Stage>) -> Vec<Choice> {
    Stage::ALL
        .iter()
        .map(|s| Choice {
            value: s.number().to_string(),
            label: stage_label(lang, *s),
            selected: Some(*s) == selected,
        })
        .collect()
}

fn type_choices(lang: Lang, selected: &str) -> Vec<Choice> {
    CompanyType::ALL
        .iter()
        .map(|t| Choice {
            value: t.code().into(),
            label: format!("{} {}", t.mark(), t.name().get(lang)),
            selected: selected == t.code(),
        })
        .collect()
}

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
#[template(path = "products.html")]
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
    let me = viewer.session.as_ref().map(|s| s.user.id);
    ProductQuery {
        city: city_code(&filter.city)
            .ok()
            .filter(|_| !filter.city.is_empty()),
        stage: renkei_domain::product::parse_stage(&filter.stage),
        company_type: CompanyType::from_code(&filter.company_type).map(|t| t.code().to_owned()),
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
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    QueryInput(filter): QueryInput<ListFilter>,
) -> Result<ProductsPage, AppError> {
    viewer.require_signed_in().await?;
    let scope = list_scope(&viewer.subject);
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
            id: p.id,
            name: p.name.clone(),
            company,
            company_id: p.company_id,
            city: city_name(&state, &p.home_city),
            stage: stage_label(lang, stage_of(p)),
            withdrawn: p.status == "withdrawn",
        });
    }
    let cities = super::companies::visible_cities(&state, &scope)
        .into_iter()
        .map(|c| Choice {
            selected: filter.city == c.code,
            value: c.code.clone(),
            label: c.name.clone(),
        })
        .collect();
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
        types: type_choices(lang, &filter.company_type),
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

// ---------------------------------------------------------------------------------------
// Registering under a company

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ProductForm {
    name: String,
    summary: String,
    category: String,
    company_type: String,
    stage: String,
    target_users: String,
    regulatory_class: String,
    regulatory_status: String,
    ip_status: String,
    csrf: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "product_form.html")]
pub struct ProductFormPage {
    base: Base,
    company_id: i64,
    company: String,
    form: ProductForm,
    stages: Vec<Choice>,
    types: Vec<Choice>,
    classes: Vec<Choice>,
    ip: Vec<Choice>,
    errors: Errors,
}

fn product_form_page(
    lang: Lang,
    uri: &Uri,
    viewer: &Viewer,
    company: (i64, String),
    mut form: ProductForm,
    errors: &[FieldError],
) -> ProductFormPage {
    form.csrf = viewer.csrf().to_owned();
    ProductFormPage {
        base: Base::new(
            lang,
            uri.to_string(),
            tr(lang, "開発案件の登録", "Register a product"),
            "products",
        ),
        company_id: company.0,
        company: company.1,
        stages: stage_choices(lang, renkei_domain::product::parse_stage(&form.stage)),
        types: type_choices(lang, &form.company_type),
        classes: coded_choices(
            RegulatoryClass::ALL,
            RegulatoryClass::code,
            RegulatoryClass::name,
            lang,
            &form.regulatory_class,
        ),
        ip: coded_choices(
            IpStatus::ALL,
            IpStatus::code,
            IpStatus::name,
            lang,
            &form.ip_status,
        ),
        errors: Errors(
            errors
                .iter()
                .map(|e| (e.field, e.message.get(lang)))
                .collect(),
        ),
        form,
    }
}

pub async fn new_form(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(company): Path<i64>,
) -> Result<ProductFormPage, AppError> {
    let (c, _) = load_company(&state, &viewer, Action::Write, company).await?;
    let form = ProductForm {
        company_type: c.company_type.clone().unwrap_or_default(),
        ..Default::default()
    };
    Ok(product_form_page(
        lang,
        &uri,
        &viewer,
        (c.id, c.name),
        form,
        &[],
    ))
}

pub async fn create(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(company): Path<i64>,
    FormInput(form): FormInput<ProductForm>,
) -> Result<Response, AppError> {
    let (c, _) = load_company(&state, &viewer, Action::Write, company).await?;
    viewer.check_csrf(&form.csrf).await?;
    let draft = ProductDraft {
        name: form.name.clone(),
        summary: form.summary.clone(),
        category: form.category.clone(),
        company_type: form.company_type.clone(),
        stage: form.stage.clone(),
        target_users: form.target_users.clone(),
        regulatory_class: form.regulatory_class.clone(),
        regulatory_status: form.regulatory_status.clone(),
        ip_status: form.ip_status.clone(),
    };
    match draft.validate() {
        Ok(p) => {
            let record = state
                .store
                .create_product(&c, &p, None, &viewer.actor)
                .await?;
            Ok(Redirect::to(&format!("/products/{}?saved=1", record.id)).into_response())
        }
        Err(errors) => {
            let page = product_form_page(lang, &uri, &viewer, (c.id, c.name), form, &errors);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

// ---------------------------------------------------------------------------------------
// The product's page

pub struct MeasureRow {
    pub code: &'static str,
    pub name: &'static str,
    pub is_new: bool,
    pub high: bool,
    pub used: usize,
    /// The home city's menu entries for it.
    pub here: Vec<String>,
    /// Other cities offering it (names).
    pub elsewhere: Vec<String>,
    pub state_measure: bool,
}

pub struct StageView {
    pub stage: Stage,
    pub label: String,
    pub current: bool,
    pub next: bool,
    pub past: bool,
    pub measures: Vec<MeasureRow>,
}

pub struct EventView {
    pub at: String,
    pub what: String,
    pub reason: String,
    pub who: String,
    pub back: bool,
}

pub struct SupportView {
    pub measure: &'static str,
    pub provider: String,
    pub date: String,
    pub stage: String,
    pub outcome: String,
    pub who: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "product.html")]
pub struct ProductPage {
    base: Base,
    p: ProductRecord,
    company: String,
    city: String,
    stage: String,
    company_type: &'static str,
    regulatory: &'static str,
    ip: &'static str,
    withdrawn: bool,
    coordinator: String,
    eligibility: Option<&'static str>,
    model: Vec<StageView>,
    events: Vec<EventView>,
    evaluations: Vec<(String, String, String, String)>,
    adoptions: Vec<(String, String, String)>,
    support: Vec<SupportView>,
    can_write: bool,
    csrf: String,
    errors: Errors,
    saved: bool,
    move_to: Vec<Choice>,
    eval_kinds: Vec<Choice>,
    adopter_kinds: Vec<Choice>,
    measure_choices: Vec<Choice>,
    providers: Vec<Choice>,
    partner_cities: Vec<Choice>,
    coordinators: Vec<Choice>,
    /// Company voices recorded on this product: (stage, topic, text).
    voices: Vec<(String, &'static str, String)>,
    topics: Vec<Choice>,
    voice_stages: Vec<Choice>,
    /// The city's rubric: its criteria (name, weight) and the scores a reviewer picks from.
    criteria: Vec<(usize, String, u32)>,
    scale: Vec<u32>,
    /// Reviews: (when, who, total out of 100, comment).
    reviews: Vec<(String, String, String, String)>,
    review_mean: Option<String>,
}

fn day(lang: Lang, d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| match lang {
        Lang::Ja => format!("{}（{}）", renkei_domain::jdate::wareki(d), d),
        Lang::En => d.to_string(),
    })
    .unwrap_or_default()
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Saved {
    saved: Option<u8>,
}

pub async fn show(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(id): Path<i64>,
    QueryInput(q): QueryInput<Saved>,
) -> Result<ProductPage, AppError> {
    let p = load_product(&state, &viewer, Action::Read, id).await?;
    let mut page = product_page(&state, lang, &uri, &viewer, p, &[]).await?;
    page.saved = q.saved.is_some();
    Ok(page)
}

async fn product_page(
    state: &AppState,
    lang: Lang,
    uri: &Uri,
    viewer: &Viewer,
    p: ProductRecord,
    errors: &[FieldError],
) -> Result<ProductPage, AppError> {
    let home = CityCode::parse(&p.home_city).map_err(|_| AppError::NotFound)?;
    let can_write = viewer.may(
        Action::Write,
        Resource::Company {
            id: p.company_id,
            home_city: &home,
            shared_with: &[],
        },
    );
    let company = state
        .store
        .company(p.company_id)
        .await?
        .map(|(c, _)| c.name)
        .unwrap_or_default();
    let current = stage_of(&p);
    let company_type = p.company_type.as_deref().and_then(CompanyType::from_code);
    let support = state.store.product_support(p.id).await?;
    let model = model_view(state, lang, &p, &support).await?;
    let stage_name = |n: Option<i16>| {
        n.and_then(|n| u8::try_from(n).ok())
            .and_then(Stage::from_number)
            .map(|s| stage_label(lang, s))
            .unwrap_or_default()
    };
    let events = state
        .store
        .product_events(p.id)
        .await?
        .into_iter()
        .map(|e| {
            let what = match e.kind.as_str() {
                "created" => format!(
                    "{}（{}）",
                    tr(lang, "登録", "Registered"),
                    stage_name(e.to_stage)
                ),
                "stage" => format!(
                    "{} → {}（{}）",
                    stage_name(e.from_stage),
                    stage_name(e.to_stage),
                    match e.detail.as_str() {
                        "back" => MoveKind::Back.name().get(lang),
                        "skip" => MoveKind::Skip.name().get(lang),
                        _ => MoveKind::Forward.name().get(lang),
                    }
                ),
                "decision" => format!(
                    "{}：{}",
                    tr(lang, "事業継続・撤退判断", "Continue-or-withdraw decision"),
                    Decision::from_code(&e.detail).map_or("", |d| d.name().get(lang))
                ),
                "coordinator" => {
                    tr(lang, "担当コーディネーターの変更", "Coordinator changed").to_owned()
                }
                other => other.to_owned(),
            };
            EventView {
                at: in_jst(e.at).format("%Y-%m-%d %H:%M").to_string(),
                back: e.detail == "back",
                what,
                reason: e.reason,
                who: e.actor_label,
            }
        })
        .collect();
    let evaluations_raw = state.store.product_evaluations(p.id).await?;
    let adoptions_raw = state.store.product_adoptions(p.id).await?;
    let eligibility = eligibility_of(&home, &evaluations_raw, adoptions_raw.len())
        .err()
        .map(|t| t.get(lang));
    let evaluations = evaluations_raw
        .into_iter()
        .map(|e| {
            (
                EvaluationKind::from_code(&e.kind)
                    .map_or("", |k| k.name().get(lang))
                    .to_owned(),
                e.title,
                city_name(state, &e.city_code),
                day(lang, e.awarded_on),
            )
        })
        .collect();
    let adoptions = adoptions_raw
        .into_iter()
        .map(|a| {
            (
                a.adopter,
                AdopterKind::from_code(&a.adopter_kind)
                    .map_or("", |k| k.name().get(lang))
                    .to_owned(),
                day(lang, a.adopted_on),
            )
        })
        .collect();
    let support = support
        .into_iter()
        .map(|r| SupportView {
            measure: catalog::measure(&r.measure_code).map_or("", |m| m.name.get(lang)),
            provider: match (Provider::from_code(&r.provider), &r.provider_city) {
                (Some(Provider::PartnerCity), Some(c)) => city_name(state, c),
                (Some(pr), _) => pr.name().get(lang).to_owned(),
                _ => r.provider.clone(),
            },
            date: day(lang, r.supported_on),
            stage: stage_name(Some(r.stage)),
            outcome: r.outcome,
            who: r.actor_label,
        })
        .collect();
    let coordinators_of_city = if can_write {
        state.store.users_with_roles(Some(&home)).await?
    } else {
        vec![]
    };
    let mut coordinators: Vec<Choice> = coordinators_of_city
        .into_iter()
        .filter(|(u, roles)| u.active && roles.contains(&Role::Coordinator { city: home }))
        .map(|(u, _)| Choice {
            selected: p.coordinator_id == Some(u.id),
            value: u.id.to_string(),
            label: u.display_name,
        })
        .collect();
    coordinators.insert(
        0,
        Choice {
            value: String::new(),
            label: tr(lang, "（未割当）", "(none)").into(),
            selected: p.coordinator_id.is_none(),
        },
    );
    let coordinator = match p.coordinator_id {
        Some(c) => state
            .store
            .user(c)
            .await?
            .map(|(u, _)| u.display_name)
            .unwrap_or_default(),
        None => String::new(),
    };
    let measure_choices = catalog::MEASURES
        .iter()
        .map(|m| Choice {
            value: m.code.into(),
            label: match m.scope {
                Scope::Stage(s) => format!("{} {}", s.mark(), m.name.get(lang)),
                Scope::AllStages => format!("{} {}", tr(lang, "全段階", "All"), m.name.get(lang)),
            },
            selected: false,
        })
        .collect();
    let partner_cities = state
        .store
        .cities()
        .iter()
        .filter(|c| c.code != p.home_city)
        .map(|c| Choice {
            value: c.code.clone(),
            label: c.name.clone(),
            selected: false,
        })
        .collect();
    let voices = state
        .store
        .voices_of_product(p.id)
        .await?
        .into_iter()
        .map(|v| {
            (
                stage_name(Some(v.stage)),
                renkei_domain::review::Topic::from_code(&v.topic)
                    .map_or("", |t| t.name().get(lang)),
                v.text,
            )
        })
        .collect();
    let (rubric, _) = state.store.rubric_of(&home).await?;
    let reviews_raw = state.store.reviews_of(p.id).await?;
    let review_mean = (!reviews_raw.is_empty()).then(|| {
        format!(
            "{:.1}",
            reviews_raw.iter().map(|r| r.total).sum::<f64>() / reviews_raw.len() as f64
        )
    });
    let reviews = reviews_raw
        .into_iter()
        .map(|r| {
            (
                in_jst(r.created_at).format("%Y-%m-%d %H:%M").to_string(),
                r.reviewer_label,
                format!("{:.1}", r.total),
                r.comment,
            )
        })
        .collect();
    Ok(ProductPage {
        base: Base::new(lang, uri.to_string(), p.name.clone(), "products"),
        voices,
        topics: renkei_domain::review::Topic::ALL
            .iter()
            .map(|t| Choice {
                value: t.code().into(),
                label: t.name().get(lang).into(),
                selected: false,
            })
            .collect(),
        voice_stages: stage_choices(lang, Some(current)),
        criteria: rubric
            .criteria
            .iter()
            .enumerate()
            .map(|(i, c)| (i, c.name.clone(), c.weight))
            .collect(),
        scale: (1..=rubric.scale).collect(),
        reviews,
        review_mean,
        company,
        city: city_name(state, &p.home_city),
        stage: stage_label(lang, current),
        company_type: company_type.map_or("", |t| t.name().get(lang)),
        regulatory: p
            .regulatory_class
            .as_deref()
            .and_then(RegulatoryClass::from_code)
            .map_or("", |c| c.name().get(lang)),
        ip: p
            .ip_status
            .as_deref()
            .and_then(IpStatus::from_code)
            .map_or("", |c| c.name().get(lang)),
        withdrawn: p.status == "withdrawn",
        coordinator,
        eligibility,
        model,
        events,
        evaluations,
        adoptions,
        support,
        can_write,
        csrf: viewer.csrf().to_owned(),
        errors: Errors(
            errors
                .iter()
                .map(|e| (e.field, e.message.get(lang)))
                .collect(),
        ),
        saved: false,
        move_to: Stage::ALL
            .iter()
            .filter(|s| **s != current)
            .map(|s| Choice {
                value: s.number().to_string(),
                label: stage_label(lang, *s),
                selected: catalog::may_follow(current, *s),
            })
            .collect(),
        eval_kinds: coded_choices(
            EvaluationKind::ALL,
            EvaluationKind::code,
            EvaluationKind::name,
            lang,
            "",
        ),
        adopter_kinds: coded_choices(
            AdopterKind::ALL,
            AdopterKind::code,
            AdopterKind::name,
            lang,
            "",
        ),
        measure_choices,
        providers: Provider::ALL
            .iter()
            .map(|pr| Choice {
                value: pr.code().into(),
                label: pr.name().get(lang).into(),
                selected: *pr == Provider::Own,
            })
            .collect(),
        partner_cities,
        coordinators,
        p,
    })
}

/// The model applied to a product: stage by stage, the measures its type can use, which it
/// used, and where each is offered (its home city's menu, other cities, the state).
pub(crate) async fn model_view(
    state: &AppState,
    lang: Lang,
    p: &ProductRecord,
    support: &[renkei_store::SupportRecord],
) -> Result<Vec<StageView>, AppError> {
    let current = stage_of(p);
    let company_type = p.company_type.as_deref().and_then(CompanyType::from_code);
    let codes: Vec<&str> = catalog::MEASURES.iter().map(|m| m.code).collect();
    let entries = state.store.entries_for_measures(&codes).await?;
    Ok(Stage::ALL
        .iter()
        .map(|s| StageView {
            stage: *s,
            label: stage_label(lang, *s),
            current: *s == current,
            next: catalog::may_follow(current, *s),
            past: s.number() < current.number(),
            measures: catalog::measures_in(Scope::Stage(*s))
                .map(|m| {
                    let (here, elsewhere): (Vec<_>, Vec<_>) = entries
                        .iter()
                        .filter(|e| e.measure_code == m.code)
                        .partition(|e| e.city_code == p.home_city);
                    let mut elsewhere: Vec<String> = elsewhere
                        .iter()
                        .map(|e| city_name(state, &e.city_code))
                        .collect();
                    elsewhere.dedup();
                    MeasureRow {
                        code: m.code,
                        name: m.name.get(lang),
                        is_new: m.novelty == catalog::Novelty::New,
                        high: company_type
                            .is_none_or(|t| catalog::applicability(t, m) == Level::High),
                        used: support.iter().filter(|r| r.measure_code == m.code).count(),
                        here: here.iter().map(|e| e.name.clone()).collect(),
                        elsewhere,
                        state_measure: m.provider == catalog::Provider::State,
                    }
                })
                .collect(),
        })
        .collect())
}

/// A form on the product page failed: the page again, with the errors listed.
pub(crate) async fn again(
    state: &AppState,
    lang: Lang,
    uri: &Uri,
    viewer: &Viewer,
    p: ProductRecord,
    errors: Vec<FieldError>,
) -> Result<Response, AppError> {
    let page = product_page(state, lang, uri, viewer, p, &errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

pub(crate) fn saved(id: i64) -> Response {
    Redirect::to(&format!("/products/{id}?saved=1")).into_response()
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MoveForm {
    /// The stage the person saw.
    from: String,
    to: String,
    reason: String,
    csrf: String,
}

pub async fn move_stage(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(id): Path<i64>,
    FormInput(form): FormInput<MoveForm>,
) -> Result<Response, AppError> {
    let p = load_product(&state, &viewer, Action::Write, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    let current = stage_of(&p);
    let seen = renkei_domain::product::parse_stage(&form.from).unwrap_or(current);
    match validate_move(seen, &form.to, &form.reason) {
        Ok((to, kind, reason)) => {
            state
                .store
                .move_stage(id, seen, to, kind, &reason, &viewer.actor)
                .await?;
            Ok(saved(id))
        }
        Err(errors) => again(&state, lang, &uri, &viewer, p, errors).await,
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    decision: String,
    reasons: String,
    csrf: String,
}

pub async fn decide(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(id): Path<i64>,
    FormInput(form): FormInput<DecisionForm>,
) -> Result<Response, AppError> {
    let p = load_product(&state, &viewer, Action::Write, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    match validate_decision(&form.decision, &form.reasons) {
        Ok((d, reasons)) => {
            state
                .store
                .decide_product(id, d, &reasons, &viewer.actor)
                .await?;
            Ok(saved(id))
        }
        Err(errors) => again(&state, lang, &uri, &viewer, p, errors).await,
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EvaluationForm {
    kind: String,
    title: String,
    city: String,
    date: String,
    csrf: String,
}

pub async fn add_evaluation(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(id): Path<i64>,
    FormInput(form): FormInput<EvaluationForm>,
) -> Result<Response, AppError> {
    let p = load_product(&state, &viewer, Action::Write, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    let home = CityCode::parse(&p.home_city).map_err(|_| AppError::NotFound)?;
    let draft = EvaluationDraft {
        kind: form.kind,
        title: form.title,
        city: form.city,
        date: form.date,
    };
    match draft.validate(&home) {
        Ok(e) => {
            state.store.add_evaluation(&p, &e, &viewer.actor).await?;
            Ok(saved(id))
        }
        Err(errors) => again(&state, lang, &uri, &viewer, p, errors).await,
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AdoptionForm {
    adopter: String,
    adopter_kind: String,
    adopted_on: String,
    csrf: String,
}

pub async fn add_adoption(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(id): Path<i64>,
    FormInput(form): FormInput<AdoptionForm>,
) -> Result<Response, AppError> {
    let p = load_product(&state, &viewer, Action::Write, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    let draft = AdoptionDraft {
        adopter: form.adopter,
        adopter_kind: form.adopter_kind,
        date: form.adopted_on,
    };
    match draft.validate() {
        Ok(a) => {
            state.store.add_adoption(&p, &a, &viewer.actor).await?;
            Ok(saved(id))
        }
        Err(errors) => again(&state, lang, &uri, &viewer, p, errors).await,
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SupportForm {
    measure: String,
    provider: String,
    provider_city: String,
    supported_on: String,
    outcome: String,
    notes: String,
    csrf: String,
}

pub async fn add_support(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(id): Path<i64>,
    FormInput(form): FormInput<SupportForm>,
) -> Result<Response, AppError> {
    let p = load_product(&state, &viewer, Action::Write, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    let home = CityCode::parse(&p.home_city).map_err(|_| AppError::NotFound)?;
    let draft = SupportDraft {
        measure: form.measure,
        provider: form.provider,
        provider_city: form.provider_city,
        date: form.supported_on,
        outcome: form.outcome,
        notes: form.notes,
    };
    match draft.validate(&home) {
        Ok(s) => {
            state.store.add_support(&p, &s, &viewer.actor).await?;
            Ok(saved(id))
        }
        Err(errors) => again(&state, lang, &uri, &viewer, p, errors).await,
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CoordinatorForm {
    coordinator: String,
    csrf: String,
}

pub async fn assign_coordinator(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(id): Path<i64>,
    FormInput(form): FormInput<CoordinatorForm>,
) -> Result<Response, AppError> {
    let p = load_product(&state, &viewer, Action::Write, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    let home = CityCode::parse(&p.home_city).map_err(|_| AppError::NotFound)?;
    let chosen = match form.coordinator.trim() {
        "" => None,
        s => {
            // Only a coordinator of the product's home city.
            let valid = match s.parse::<i64>() {
                Ok(uid) => state
                    .store
                    .user(uid)
                    .await?
                    .filter(|(u, roles)| {
                        u.active && roles.contains(&Role::Coordinator { city: home })
                    })
                    .map(|(u, _)| u.id),
                Err(_) => None,
            };
            match valid {
                Some(uid) => Some(uid),
                None => {
                    let errors = vec![FieldError::new(
                        "coordinator",
                        "この市のコーディネーターを選んでください。",
                        "Choose a coordinator of this city.",
                    )];
                    return again(&state, lang, &uri, &viewer, p, errors).await;
                }
            }
        }
    };
    state
        .store
        .assign_coordinator(id, chosen, &viewer.actor)
        .await?;
    Ok(saved(id))
}

/// The list as a CSV file (`….csv`) or an Excel file (`….xlsx`).
pub async fn list_file(
    state: State<AppState>,
    lang: UiLang,
    uri: Uri,
    viewer: Viewer,
    filter: QueryInput<ListFilter>,
) -> Result<Response, AppError> {
    export(state, lang, viewer, filter, uri.path().ends_with(".xlsx")).await
}

/// The list as a file, with the columns a product import reads back.
async fn export(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    viewer: Viewer,
    QueryInput(filter): QueryInput<ListFilter>,
    xlsx: bool,
) -> Result<Response, AppError> {
    viewer.require_signed_in().await?;
    let scope = list_scope(&viewer.subject);
    let query = query_of(&filter, &viewer);
    let rows: Vec<Vec<String>> = state
        .store
        .all_products(&scope, &query)
        .await?
        .iter()
        .map(|(p, c)| renkei_store::product_row(p, c.as_ref()))
        .collect();
    let header: Vec<&str> = renkei_domain::import::PRODUCT_FIELDS
        .iter()
        .map(|f| f.label.get(lang))
        .collect();
    let stamp = chrono::Utc::now().format("%Y%m%d%H%M");
    if xlsx {
        crate::csv::xlsx_response(
            &format!("products-{stamp}.xlsx"),
            tr(lang, "開発案件", "Products"),
            &header,
            rows.into_iter(),
        )
    } else {
        Ok(crate::csv::response(
            &format!("products-{stamp}.csv"),
            &header,
            rows.into_iter(),
        ))
    }
}
