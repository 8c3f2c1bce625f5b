//! The pages of a referral's step prepared for an officer's approval: the forms that prepare
//! ① (from a product's page) and ④ (from a referral the city accepted), the list of the
//! viewer's cities' preparations, and a preparation's page with what it proposes, its
//! history and the moves the viewer may make (approve, return with what to change, resubmit
//! revised, withdraw).

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use renkei_app::access::Checked;
use renkei_app::referrals::preparations::{self as prep, Refused, Revision};
use renkei_domain::access::{Action, Resource};
use renkei_domain::referral_prep::{Kind, Move, Preparation};
use renkei_domain::{FieldError, Lang};
use renkei_store::{PreparationId, PreparationRecord, ProductId, ReferralId, TargetId};

use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::features::referrals::load::load_referral;
use crate::shared::format::show_time;
use crate::shared::forms::{Choice, Errors, SavedQuery, city_choices};
use crate::shared::layout::{Base, tr};
use crate::shared::moves::{MoveButton, buttons};
use crate::shared::page::PageContext;

type Form = Vec<(String, String)>;

fn one(form: &Form, key: &str) -> String {
    form.iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

/// The targets a form names: its checked boxes and any numbers typed.
fn targets_of(form: &Form) -> String {
    form.iter()
        .filter(|(k, _)| k == "targets")
        .map(|(_, v)| v.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// A preparation as a list's row or a page's summary shows it.
pub struct PrepView {
    pub id: i64,
    pub version: i64,
    pub kind: &'static str,
    pub city: String,
    pub product: (i64, String),
    pub receiving: String,
    pub referral: Option<i64>,
    pub targets: Vec<(i64, String)>,
    pub note: String,
    pub preparer: String,
    pub state: &'static str,
    pub open: bool,
    pub due: String,
    pub return_reason: String,
}

pub(super) async fn view(
    state: &AppState,
    lang: Lang,
    p: &PreparationRecord,
) -> Result<PrepView, AppError> {
    let store = &state.store;
    let product = store
        .product(p.product_id)
        .await?
        .map(|x| x.name)
        .unwrap_or_default();
    let mut targets = Vec::new();
    for id in &p.target_ids {
        if let Some(t) = store.sales_target(TargetId(*id)).await? {
            targets.push((*id, format!("{}（{}）", t.name, t.kind.name().get(lang))));
        }
    }
    Ok(PrepView {
        id: p.id.0,
        version: p.version,
        kind: p.kind.name().get(lang),
        city: store.city_name(&p.city.to_string()),
        product: (p.product_id.0, product),
        receiving: p
            .receiving_city
            .map(|c| store.city_name(&c.to_string()))
            .unwrap_or_default(),
        referral: p.referral_id.map(|r| r.0),
        targets,
        note: p.note.clone(),
        preparer: p.preparer_label.clone(),
        state: p.state.name().get(lang),
        open: !p.state.is_end(),
        due: p.due_on.map(|d| d.to_string()).unwrap_or_default(),
        return_reason: p.return_reason.clone().unwrap_or_default(),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "preparations/new.html")]
pub struct NewPage {
    base: Base,
    csrf: String,
    /// Where the form posts.
    action: String,
    selection: bool,
    /// What it is about: the product (①) or the referral (④), named.
    about: String,
    eligibility: Option<String>,
    cities: Vec<Choice>,
    candidates: Vec<Choice>,
    form: HashMap<String, String>,
    errors: Errors,
}

impl NewPage {
    fn value(&self, key: &str) -> &str {
        self.form.get(key).map(String::as_str).unwrap_or_default()
    }
}

async fn selection_page(
    state: &AppState,
    (lang, viewer): (Lang, &Viewer),
    id: ProductId,
    form: HashMap<String, String>,
    errors: &[FieldError],
) -> Result<NewPage, AppError> {
    let p = state
        .app
        .product(&viewer.caller(), Action::Read, id)
        .await?
        .into_inner();
    viewer
        .require(Action::Write, Resource::ReferralPrepare(&p.home_city))
        .await?;
    let eligibility = renkei_app::referrals::eligibility(&state.app, &p)
        .await?
        .err()
        .map(|t| t.get(lang).to_owned());
    let receiving = form.get("receiving").cloned().unwrap_or_default();
    let cities = state.store.cities();
    Ok(NewPage {
        base: Base::new(
            lang,
            format!("/products/{id}/referral-preparations/new"),
            tr(lang, "他の指定都市への紹介を準備する", "Prepare a referral"),
            "referrals",
        ),
        csrf: viewer.csrf().to_owned(),
        action: format!("/products/{id}/referral-preparations"),
        selection: true,
        about: p.name,
        eligibility,
        cities: city_choices(cities.iter().filter(|c| c.code != p.home_city), &receiving),
        candidates: Vec::new(),
        form,
        errors: Errors::of(lang, errors),
    })
}

async fn targets_page(
    state: &AppState,
    (lang, viewer): (Lang, &Viewer),
    id: ReferralId,
    form: HashMap<String, String>,
    errors: &[FieldError],
) -> Result<NewPage, AppError> {
    let l = load_referral(state, viewer, Action::Read, id).await?;
    viewer
        .require(
            Action::Write,
            Resource::ReferralPrepare(&l.r.receiving_city),
        )
        .await?;
    let product = state
        .store
        .product(l.r.product_id)
        .await?
        .map(|p| p.name)
        .unwrap_or_default();
    let candidates = crate::features::referrals::view::candidates(state, lang, &l, "").await?;
    Ok(NewPage {
        base: Base::new(
            lang,
            format!("/referrals/{id}/target-preparations/new"),
            tr(lang, "販路開拓先の選定を準備する", "Prepare the targets"),
            "referrals",
        ),
        csrf: viewer.csrf().to_owned(),
        action: format!("/referrals/{id}/target-preparations"),
        selection: false,
        about: format!("#{id} {product}"),
        eligibility: None,
        cities: Vec::new(),
        candidates,
        form,
        errors: Errors::of(lang, errors),
    })
}

/// The form preparing ① for a product.
pub async fn new_selection(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<ProductId>,
) -> Result<NewPage, AppError> {
    selection_page(&state, (lang, &viewer), id, HashMap::new(), &[]).await
}

/// The form preparing ④ for a referral.
pub async fn new_targets(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<ReferralId>,
) -> Result<NewPage, AppError> {
    targets_page(&state, (lang, &viewer), id, HashMap::new(), &[]).await
}

fn refused_step(s: renkei_domain::referral_prep::Refusal) -> AppError {
    AppError::step_refused::<Preparation>(s)
}

/// ① prepared: 303 to its page, or the form again with each problem at its field.
pub async fn prepare_selection(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<ProductId>,
    FormInput(form): FormInput<Form>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    viewer.require_signed_in().await?;
    viewer.check_csrf(&one(&form, "csrf")).await?;
    let (receiving, note) = (one(&form, "receiving"), one(&form, "note"));
    match prep::prepare_selection(&state.app, &caller, id, &receiving, &note).await? {
        Ok(p) => {
            state.mail_queued();
            Ok(Redirect::to(&format!("/referral-preparations/{}", p.id)).into_response())
        }
        Err(Refused::Fields(errors)) => {
            let form = HashMap::from([("receiving".into(), receiving), ("note".into(), note)]);
            let page = selection_page(&state, (lang, &viewer), id, form, &errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(Refused::Step(s)) => Err(refused_step(s)),
    }
}

/// ④ prepared: 303 to its page, or the form again with each problem at its field.
pub async fn prepare_targets(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<ReferralId>,
    FormInput(form): FormInput<Form>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    viewer.require_signed_in().await?;
    viewer.check_csrf(&one(&form, "csrf")).await?;
    let (targets, note) = (targets_of(&form), one(&form, "note"));
    match prep::prepare_targets(&state.app, &caller, id, &targets, &note).await? {
        Ok(p) => {
            state.mail_queued();
            Ok(Redirect::to(&format!("/referral-preparations/{}", p.id)).into_response())
        }
        Err(Refused::Fields(errors)) => {
            let form = HashMap::from([("note".into(), note)]);
            let page = targets_page(&state, (lang, &viewer), id, form, &errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(Refused::Step(s)) => Err(refused_step(s)),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "preparations/list.html")]
pub struct ListPage {
    base: Base,
    rows: Vec<PrepView>,
}

/// The preparations of the viewer's cities, open ones first.
pub async fn list(
    PageContext(state, lang, _uri, viewer): PageContext,
) -> Result<ListPage, AppError> {
    viewer.require_signed_in().await?;
    let mut rows = Vec::new();
    for p in prep::list(&state.app, &viewer.caller()).await? {
        rows.push(view(&state, lang, &p).await?);
    }
    Ok(ListPage {
        base: Base::new(
            lang,
            "/referral-preparations",
            tr(lang, "紹介の準備と承認", "Referral preparations"),
            "referrals",
        ),
        rows,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "preparations/page.html")]
pub struct PrepPage {
    base: Base,
    p: PrepView,
    selection: bool,
    csrf: String,
    moves: Vec<MoveButton>,
    /// For a ④ resubmission: the targets to choose from (those proposed checked).
    candidates: Vec<Choice>,
    history: Vec<(String, &'static str, String, String)>,
    form: HashMap<String, String>,
    errors: Errors,
    saved: bool,
}

impl PrepPage {
    fn value(&self, key: &str) -> &str {
        self.form.get(key).map(String::as_str).unwrap_or_default()
    }
}

async fn prep_page(
    state: &AppState,
    (lang, viewer): (Lang, &Viewer),
    p: &Checked<PreparationRecord>,
    form: HashMap<String, String>,
    errors: &[FieldError],
) -> Result<PrepPage, AppError> {
    let caller = viewer.caller();
    let parties = prep::parties(&caller, p);
    let moves = buttons::<Preparation>(lang, p.state, &parties, &Move::all());
    let v = view(state, lang, p).await?;
    let mut candidates: Vec<Choice> = v
        .targets
        .iter()
        .map(|(id, name)| Choice {
            value: id.to_string(),
            label: name.clone(),
            selected: true,
        })
        .collect();
    if let (true, Kind::Targets, Some(r)) = (
        moves.iter().any(|m| m.code == "resubmit"),
        p.kind,
        p.referral_id,
    ) {
        let l = load_referral(state, viewer, Action::Read, r).await?;
        candidates.extend(crate::features::referrals::view::candidates(state, lang, &l, "").await?);
    }
    let history = state
        .store
        .preparation_history(p.id)
        .await?
        .into_iter()
        .map(|e| {
            let what = match e.move_code.as_str() {
                "prepare" => tr(lang, "準備", "Prepared"),
                "resubmit" => tr(lang, "再提出", "Resubmitted"),
                _ => e.to_state.map(|s| s.name().get(lang)).unwrap_or_default(),
            };
            (show_time(e.at), what, e.actor_label, e.note)
        })
        .collect();
    let title = format!(
        "{}#{}",
        tr(lang, "紹介の準備", "Referral preparation "),
        p.id
    );
    Ok(PrepPage {
        base: Base::new(
            lang,
            format!("/referral-preparations/{}", p.id),
            title,
            "referrals",
        ),
        p: v,
        selection: p.kind == Kind::Selection,
        csrf: viewer.csrf().to_owned(),
        moves,
        candidates,
        history,
        form,
        errors: Errors::of(lang, errors),
        saved: false,
    })
}

/// A preparation's page.
pub async fn show(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<PreparationId>,
    Query(q): Query<SavedQuery>,
) -> Result<PrepPage, AppError> {
    let p = prep::load(&state.app, &viewer.caller(), Action::Read, id).await?;
    let mut page = prep_page(&state, (lang, &viewer), &p, HashMap::new(), &[]).await?;
    page.saved = q.saved();
    Ok(page)
}

/// A move on a preparation, as the viewer's party to it.
pub async fn step(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<PreparationId>,
    FormInput(form): FormInput<Form>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    let p = prep::load(&state.app, &caller, Action::Write, id).await?;
    viewer.check_csrf(&one(&form, "csrf")).await?;
    let version: i64 = one(&form, "version")
        .trim()
        .parse()
        .map_err(|_| AppError::Malformed("version".to_owned()))?;
    let (code, text) = (one(&form, "move"), one(&form, "text"));
    let revision = Revision {
        note: one(&form, "note"),
        targets: targets_of(&form),
    };
    let fields = HashMap::from([
        ("move".to_owned(), code.clone()),
        ("text".to_owned(), text.clone()),
        ("note".to_owned(), revision.note.clone()),
    ]);
    let m = match Move::parse(&code, &text) {
        Ok(m) => m,
        Err(errors) => {
            let page = prep_page(&state, (lang, &viewer), &p, fields, &errors).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    match prep::move_preparation(&state.app, &caller, &p, version, &m, &revision).await? {
        Ok(_) => {
            state.mail_queued();
            Ok(Redirect::to(&format!("/referral-preparations/{id}?saved=1")).into_response())
        }
        Err(Refused::Fields(errors)) => {
            let page = prep_page(&state, (lang, &viewer), &p, fields, &errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(Refused::Step(s)) => Err(refused_step(s)),
    }
}
