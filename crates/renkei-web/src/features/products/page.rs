//! A product's page: the model applied to it, its timeline, its records and the forms that add
//! to them (the forms' handlers are in `records.rs` and in the reviews feature); a form that
//! fails shows the page again with its errors.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Path;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use renkei_domain::FieldError;
use renkei_domain::Lang;
use renkei_domain::access::{Action, Resource, Role};
use renkei_domain::catalog::{self, Scope, Stage};
use renkei_domain::city::CityCode;
use renkei_domain::organization::Help;
use renkei_domain::product::{AdopterKind, EvaluationKind, MoveKind, Provider};
use renkei_store::{HelperNames, ProductEventKind, ProductId, ProductRecord, SupportRecord};

use super::load::{eligibility_of, load_product};
use super::model::{StageView, model_view, support_help, support_helpers};
use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::QueryInput;
use crate::features::companies::load::company_name;
use crate::shared::format::{city_name, in_jst};
use crate::shared::forms::{Choice, Errors, SavedQuery, city_choices, coded_choices};
use crate::shared::helped::{HelpChoices, help_choices};
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;
use crate::shared::sharing::{ShareForm, SharePanel};
use crate::shared::stages::{stage_choices, stage_label};

// ---------------------------------------------------------------------------------------
// The product's page

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
    /// Who helped: "支援機関・コーディネーター".
    pub helped: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "products/product.html")]
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
    /// Whether the viewer may record support on it (its city's staff and coordinators).
    can_support: bool,
    /// Whether the viewer may prepare its referral for an officer's approval.
    can_prepare: bool,
    /// Whether the viewer may ask another city's coordinator for help with it.
    asks_help: bool,
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
    /// Who may be named as having helped with a support (the city's organisations and
    /// coordinators; the coordinator in charge first chosen).
    helpers: HelpChoices,
    help_prefix: &'static str,
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
    /// Sharing it with another city, for those who may (write it, and its city's grants).
    sharing: SharePanel,
    /// The consultation cases about it the viewer reads: (id, kind, subject, state).
    cases: Vec<(i64, &'static str, String, &'static str)>,
    /// Its showcase to other cities: since when and to whom, if shown; whether the viewer
    /// is of its company (who publish and withdraw it).
    showcase: Option<(String, &'static str)>,
    publishes: bool,
}

/// The consultation cases about a product, for a viewer who reads its company's cases at
/// their desk (`Resource::Consultation`).
async fn cases_of(
    state: &AppState,
    lang: Lang,
    viewer: &Viewer,
    p: &ProductRecord,
) -> Result<Vec<(i64, &'static str, String, &'static str)>, AppError> {
    let cases = state.store.consultations_of_company(p.company_id).await?;
    Ok(cases
        .into_iter()
        .filter(|c| c.product_id == Some(p.id))
        .filter(|c| {
            let resource = Resource::Consultation {
                city: &c.city,
                company: c.company_id.0,
            };
            viewer.may(Action::Read, resource)
        })
        .map(|c| {
            let kind = c.kind.name().get(lang);
            (c.id.0, kind, c.subject, c.state.name().get(lang))
        })
        .collect())
}

fn day(lang: Lang, d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| match lang {
        Lang::Ja => format!("{}（{}）", renkei_domain::jdate::wareki(d), d),
        Lang::En => d.to_string(),
    })
    .unwrap_or_default()
}

pub async fn show(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(id): Path<ProductId>,
    QueryInput(q): QueryInput<SavedQuery>,
) -> Result<ProductPage, AppError> {
    let p = load_product(&state, &viewer, Action::Read, id).await?;
    let mut page = product_page(&state, lang, &uri, &viewer, p, &[]).await?;
    page.saved = q.saved();
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
    let home = p.home_city;
    let can_write = viewer.may(
        Action::Write,
        Resource::Company {
            id: p.company_id.0,
            home_city: &home,
            shared_with: &[],
        },
    );
    let can_support = viewer.may(Action::Write, Resource::SupportRecord { home_city: &home });
    let company = company_name(state, p.company_id).await?;
    let current = p.stage;
    let support = state.store.product_support(p.id).await?;
    let names = support_helpers(state, &support).await?;
    let model = model_view(state, lang, &p, &support, &names).await?;
    let events = timeline(state, lang, &p).await?;
    let Records {
        eligibility,
        evaluations,
        adoptions,
        support,
    } = records(state, lang, &home, &p, (support, &names)).await?;
    let (coordinators, coordinator) = coordinators(state, lang, &home, &p, can_write).await?;
    let (measure_choices, partner_cities) = form_choices(state, lang, &p);
    let Reviews {
        voices,
        criteria,
        scale,
        reviews,
        review_mean,
    } = reviews(state, lang, &home, &p).await?;
    let can_share = can_write && viewer.may(Action::Write, Resource::CityGrants(&home));
    let sharing = SharePanel::of(
        state,
        can_share,
        &home,
        ("product", p.id.0),
        format!("/products/{}/grants", p.id),
    )
    .await?;
    let showcase = state.store.showcase(p.id).await?.map(|s| {
        (
            crate::shared::format::show_wareki(s.published_at),
            s.audience.name().get(lang),
        )
    });
    Ok(ProductPage {
        publishes: renkei_app::showcase::publishes(&viewer.caller(), &p),
        showcase,
        cases: cases_of(state, lang, viewer, &p).await?,
        sharing,
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
        criteria,
        scale,
        reviews,
        review_mean,
        company,
        city: city_name(state, &home.to_string()),
        stage: stage_label(lang, current),
        company_type: p.company_type.map_or("", |t| t.name().get(lang)),
        regulatory: p.regulatory_class.map_or("", |c| c.name().get(lang)),
        ip: p.ip_status.map_or("", |c| c.name().get(lang)),
        withdrawn: p.is_withdrawn(),
        coordinator,
        eligibility,
        model,
        events,
        evaluations,
        adoptions,
        support,
        can_write,
        can_support,
        can_prepare: viewer.may(Action::Write, Resource::ReferralPrepare(&home)),
        asks_help: viewer.may(Action::Write, Resource::HelpAsk(&home)),
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
        helpers: support_help_choices(state, lang, &p, can_support).await?,
        help_prefix: "f-",
        p,
    })
}

/// A stage, if any, for the timeline.
fn stage_name(lang: Lang, s: Option<Stage>) -> String {
    s.map(|s| stage_label(lang, s)).unwrap_or_default()
}

/// The product's timeline: registration, stage moves, decisions, coordinator changes.
async fn timeline(
    state: &AppState,
    lang: Lang,
    p: &ProductRecord,
) -> Result<Vec<EventView>, AppError> {
    let stage_name = |s: Option<Stage>| stage_name(lang, s);
    Ok(state
        .store
        .product_events(p.id)
        .await?
        .into_iter()
        .map(|e| {
            let what = match e.kind {
                ProductEventKind::Created => format!(
                    "{}（{}）",
                    tr(lang, "登録", "Registered"),
                    stage_name(e.to_stage)
                ),
                ProductEventKind::Stage(kind) => format!(
                    "{} → {}（{}）",
                    stage_name(e.from_stage),
                    stage_name(e.to_stage),
                    kind.name().get(lang)
                ),
                ProductEventKind::Decision(d) => format!(
                    "{}：{}",
                    tr(lang, "事業継続・撤退判断", "Continue-or-withdraw decision"),
                    d.name().get(lang)
                ),
                ProductEventKind::Coordinator(_) => {
                    tr(lang, "担当コーディネーターの変更", "Coordinator changed").to_owned()
                }
            };
            EventView {
                at: in_jst(e.at).format("%Y-%m-%d %H:%M").to_string(),
                back: e.kind == ProductEventKind::Stage(MoveKind::Back),
                what,
                reason: e.reason,
                who: e.actor_label,
            }
        })
        .collect())
}

/// What the product's page lists of its records, and whether it may be introduced to other
/// cities.
struct Records {
    eligibility: Option<&'static str>,
    evaluations: Vec<(String, String, String, String)>,
    adoptions: Vec<(String, String, String)>,
    support: Vec<SupportView>,
}

async fn records(
    state: &AppState,
    lang: Lang,
    home: &CityCode,
    p: &ProductRecord,
    (support, names): (Vec<SupportRecord>, &HelperNames),
) -> Result<Records, AppError> {
    let evaluations_raw = state.store.product_evaluations(p.id).await?;
    let adoptions_raw = state.store.product_adoptions(p.id).await?;
    // The company's research groups in force: each an evaluation in the group's cities.
    let groups = renkei_app::research_groups::memberships(&state.app, p.company_id).await?;
    let memberships = renkei_app::research_groups::evaluations_of(&groups);
    let eligibility = eligibility_of(home, (&evaluations_raw, &memberships), adoptions_raw.len())
        .err()
        .map(|t| t.get(lang));
    let mut evaluations: Vec<_> = evaluations_raw
        .into_iter()
        .map(|e| {
            (
                e.kind.name().get(lang).to_owned(),
                e.title,
                city_name(state, &e.city_code.to_string()),
                day(lang, e.awarded_on),
            )
        })
        .collect();
    evaluations.extend(groups.into_iter().map(|(g, m)| {
        let cities: Vec<String> = g
            .cities
            .iter()
            .map(|c| city_name(state, &c.to_string()))
            .collect();
        (
            EvaluationKind::ResearchGroup.name().get(lang).to_owned(),
            g.name,
            cities.join("・"),
            day(lang, Some(m.joined_on)),
        )
    }));
    let adoptions = adoptions_raw
        .into_iter()
        .map(|a| {
            (
                a.adopter,
                a.adopter_kind.name().get(lang).to_owned(),
                day(lang, a.adopted_on),
            )
        })
        .collect();
    let support = support
        .into_iter()
        .map(|r| SupportView {
            measure: r.measure.name.get(lang),
            provider: match (r.provider, r.provider_city) {
                (Provider::PartnerCity, Some(c)) => city_name(state, &c.to_string()),
                (pr, _) => pr.name().get(lang).to_owned(),
            },
            date: day(lang, r.supported_on),
            stage: stage_label(lang, r.stage),
            helped: names.label(support_help(&r)).unwrap_or_default(),
            outcome: r.outcome,
            who: r.actor_label,
        })
        .collect();
    Ok(Records {
        eligibility,
        evaluations,
        adoptions,
        support,
    })
}

/// The coordinators of the product's city to choose from (for those who may change it), and
/// the one in charge.
async fn coordinators(
    state: &AppState,
    lang: Lang,
    home: &CityCode,
    p: &ProductRecord,
    can_write: bool,
) -> Result<(Vec<Choice>, String), AppError> {
    let coordinators_of_city = if can_write {
        state.store.users_with_roles(Some(home)).await?
    } else {
        vec![]
    };
    let mut coordinators: Vec<Choice> = coordinators_of_city
        .into_iter()
        .filter(|(u, roles)| u.active && roles.contains(&Role::Coordinator { city: *home }))
        .map(|(u, _)| Choice {
            selected: p.coordinator_id == Some(u.id.0),
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
            .user(renkei_store::UserId(c))
            .await?
            .map(|(u, _)| u.display_name)
            .unwrap_or_default(),
        None => String::new(),
    };
    Ok((coordinators, coordinator))
}

/// Who may be named as having helped with a support, for those who may record one: the home
/// city's organisations and coordinators, the coordinator in charge chosen.
async fn support_help_choices(
    state: &AppState,
    lang: Lang,
    p: &ProductRecord,
    can_write: bool,
) -> Result<HelpChoices, AppError> {
    if !can_write {
        return Ok(HelpChoices {
            organizations: Vec::new(),
            coordinators: Vec::new(),
        });
    }
    let chosen = Help {
        organization: None,
        coordinator: p.coordinator_id,
    };
    help_choices(state, lang, &p.home_city, chosen).await
}

/// The choices of the support form: the measures, and the partner cities that may provide.
fn form_choices(state: &AppState, lang: Lang, p: &ProductRecord) -> (Vec<Choice>, Vec<Choice>) {
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
    let partner_cities = city_choices(
        state
            .store
            .cities()
            .iter()
            .filter(|c| c.code != p.home_city),
        "",
    );
    (measure_choices, partner_cities)
}

/// The company voices recorded on the product, the city's rubric and the reviews.
struct Reviews {
    voices: Vec<(String, &'static str, String)>,
    criteria: Vec<(usize, String, u32)>,
    scale: Vec<u32>,
    reviews: Vec<(String, String, String, String)>,
    review_mean: Option<String>,
}

async fn reviews(
    state: &AppState,
    lang: Lang,
    home: &CityCode,
    p: &ProductRecord,
) -> Result<Reviews, AppError> {
    let voices = state
        .store
        .voices_of_product(p.id)
        .await?
        .into_iter()
        .map(|v| (stage_label(lang, v.stage), v.topic.name().get(lang), v.text))
        .collect();
    let (rubric, _) = state.store.rubric_of(home).await?;
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
    Ok(Reviews {
        voices,
        criteria: rubric
            .criteria
            .iter()
            .enumerate()
            .map(|(i, c)| (i, c.name.clone(), c.weight))
            .collect(),
        scale: (1..=rubric.scale).collect(),
        reviews,
        review_mean,
    })
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

/// The share form failed: the page again, with what was typed and its errors.
pub(crate) async fn share_again(
    state: &AppState,
    lang: Lang,
    uri: &Uri,
    viewer: &Viewer,
    p: ProductRecord,
    form: ShareForm,
    errors: Vec<FieldError>,
) -> Result<Response, AppError> {
    let mut page = product_page(state, lang, uri, viewer, p, &errors).await?;
    page.sharing.again(state, &page.p.home_city, form);
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

pub(crate) fn saved(id: ProductId) -> Response {
    Redirect::to(&format!("/products/{id}?saved=1")).into_response()
}
