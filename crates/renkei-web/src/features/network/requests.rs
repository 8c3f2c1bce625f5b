//! Requests for help across cities (相互支援の依頼): the list (asked by the viewer or their
//! city, asked of them, open to the network for them to take, about their company), the form
//! that asks (from a coordinator's card, a product's or a company's page), and a request's
//! page with its history, the moves the viewer may make and the company's consent. The
//! company's name and its product are shown to the helper only once the company consented.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use renkei_app::access::Checked;
use renkei_app::network::help::{self, About, MoveForm, Refused};
use renkei_domain::access::Action;
use renkei_domain::network::help::{HelpDraft, HelpRequest, Move, Party};
use renkei_domain::{FieldError, Lang};
use renkei_store::{CompanyId, HelpRequestId, HelpRequestRecord, ProductId};
use serde::Deserialize;

use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::shared::format::show_time;
use crate::shared::forms::{Errors, SavedQuery, one, seen};
use crate::shared::layout::{Base, tr};
use crate::shared::moves::{MoveButton, buttons};
use crate::shared::page::PageContext;

/// A request as a list's row or a page's summary shows it.
pub struct RequestView {
    pub id: i64,
    pub version: i64,
    pub city: String,
    pub asker: String,
    pub helper: String,
    pub need: String,
    pub question: String,
    pub state: &'static str,
    pub open: bool,
    pub due: String,
    /// The company and the product, or none while the viewer may not see them.
    pub company: Option<(i64, String)>,
    pub product: Option<(i64, String)>,
    /// The product's summary and regulatory class, once shown.
    pub product_detail: String,
    /// The referral it is about, for those who see the company.
    pub referral: Option<i64>,
    /// Whether the company's and the product's pages are the viewer's to open (the asking
    /// city's, the company's own): the helper reads their names only.
    pub links: bool,
    pub summary: String,
    pub support: bool,
}

/// What a request needs, in words: its field, stage and class.
pub(super) fn need(r: &HelpRequestRecord, lang: Lang) -> String {
    let mut parts = vec![r.field.name().get(lang).to_owned()];
    if let Some(s) = r.stage() {
        parts.push(format!("{}{}", s.mark(), s.name().get(lang)));
    }
    if let Some(c) = r.class() {
        parts.push(format!(
            "{}{}",
            c.name().get(lang),
            tr(lang, "の承認・認証", " approval")
        ));
    }
    parts.join("・")
}

pub(super) async fn view(
    state: &AppState,
    lang: Lang,
    viewer: &Viewer,
    r: &HelpRequestRecord,
) -> Result<RequestView, AppError> {
    let store = &state.store;
    let shown = help::sees_company(&viewer.caller(), r);
    let company = match shown {
        true => store
            .company(r.company_id)
            .await?
            .map(|(c, _)| (c.id.0, c.name)),
        false => None,
    };
    let found = match (shown, r.product_id) {
        (true, Some(id)) => store.product(id).await?,
        _ => None,
    };
    let product_detail = found
        .as_ref()
        .map(|p| {
            let class = p
                .regulatory_class
                .map(|c| c.name().get(lang))
                .unwrap_or_default();
            format!("{} {class}", p.summary).trim().to_owned()
        })
        .unwrap_or_default();
    let product = found.map(|p| (p.id.0, p.name));
    let helper = match r.helper_id {
        Some(id) => {
            let name = store
                .user(renkei_store::UserId(id))
                .await?
                .map(|(u, _)| u.display_name)
                .unwrap_or_default();
            let city = r
                .helper_city
                .map(|c| store.city_name(&c.to_string()))
                .unwrap_or_default();
            format!("{name}（{city}）")
        }
        None => tr(
            lang,
            "ネットワーク全体（まだ誰も引き受けていません）",
            "The network (not taken yet)",
        )
        .to_owned(),
    };
    Ok(RequestView {
        id: r.id.0,
        version: r.version,
        city: store.city_name(&r.city.to_string()),
        asker: r.asker_label.clone(),
        helper,
        need: need(r, lang),
        question: r.question.clone(),
        state: r.state.name().get(lang),
        open: !r.state.is_end(),
        due: r.due_on.map(|d| d.to_string()).unwrap_or_default(),
        company,
        product,
        product_detail,
        referral: r.referral_id.map(|id| id.0).filter(|_| shown),
        links: renkei_domain::access::sees_company(
            &viewer.caller().subject,
            &help::facts(r),
            false,
        ),
        summary: r.summary.clone().unwrap_or_default(),
        support: r.support_record_id.is_some(),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "network/requests.html")]
pub struct ListPage {
    base: Base,
    /// (anchor, heading, rows): asked by the viewer or their city, asked of them, open to
    /// the network for them, about their company.
    sections: Vec<(&'static str, &'static str, Vec<RequestView>)>,
}

/// The viewer's requests, in four lists.
pub async fn list(
    PageContext(state, lang, _uri, viewer): PageContext,
) -> Result<ListPage, AppError> {
    let caller = viewer.caller();
    if !caller.subject.is_signed_in() {
        return Err(AppError::SignInRequired);
    }
    let mut sections = vec![
        (
            "asked-by",
            tr(lang, "依頼したもの（自市の依頼）", "Asked by me or my city"),
            Vec::new(),
        ),
        (
            "asked-of",
            tr(lang, "依頼されたもの", "Asked of me"),
            Vec::new(),
        ),
        (
            "network",
            tr(
                lang,
                "引き受けられる依頼（ネットワーク全体への依頼）",
                "Open to the network: you may take them",
            ),
            Vec::new(),
        ),
        (
            "company",
            tr(lang, "自社についての依頼", "About my company"),
            Vec::new(),
        ),
    ];
    for r in help::list(&state.app, &caller).await? {
        let parties = help::parties(&caller, &r);
        let i = if parties.contains(&Party::Helper) {
            1
        } else if parties.contains(&Party::Taker) {
            2
        } else if help::speaks_for(&caller, &r) {
            3
        } else {
            0
        };
        sections[i].2.push(view(&state, lang, &viewer, &r).await?);
    }
    Ok(ListPage {
        base: Base::new(
            lang,
            "/help-requests",
            tr(lang, "相互支援の依頼", "Requests for help"),
            "coordinators",
        ),
        sections,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "network/request.html")]
pub struct RequestPage {
    base: Base,
    r: RequestView,
    csrf: String,
    moves: Vec<MoveButton>,
    /// The coordinators it may be handed over to: (id, name and city).
    coordinators: Vec<(String, String)>,
    /// The wording the company is asked to agree to, while it may consent.
    wording: String,
    consent: Option<(String, String, String, String)>,
    history: Vec<(String, &'static str, String, String)>,
    form: HashMap<String, String>,
    errors: Errors,
    saved: bool,
}

impl RequestPage {
    fn value(&self, key: &str) -> &str {
        self.form.get(key).map(String::as_str).unwrap_or_default()
    }
}

/// The coordinators a request may be asked of or handed over to: of any city but `city`,
/// (id, "name（city）").
pub(super) async fn coordinators_elsewhere(
    state: &AppState,
    city: &[renkei_domain::city::CityCode],
    but: Option<i64>,
) -> Result<Vec<(String, String)>, AppError> {
    Ok(renkei_app::network::coordinators(&state.app)
        .await?
        .into_iter()
        .filter(|c| Some(c.account.user.id.0) != but)
        .filter_map(|c| {
            let other = c.account.cities.iter().find(|x| !city.contains(x))?;
            let name = format!(
                "{}（{}）",
                c.account.user.display_name,
                state.store.city_name(&other.to_string())
            );
            Some((c.account.user.id.0.to_string(), name))
        })
        .collect())
}

async fn request_page(
    state: &AppState,
    (lang, viewer): (Lang, &Viewer),
    r: &Checked<HelpRequestRecord>,
    form: HashMap<String, String>,
    errors: &[FieldError],
) -> Result<RequestPage, AppError> {
    let caller = viewer.caller();
    let parties = help::parties(&caller, r);
    let moves = buttons::<HelpRequest>(lang, r.state, &parties, &Move::all());
    let coordinators = if moves.iter().any(|m| m.code == "hand_over") {
        coordinators_elsewhere(state, &[r.city], r.helper_id).await?
    } else {
        Vec::new()
    };
    let consents = help::speaks_for(&caller, r) && r.consent.is_none() && !r.state.is_end();
    let wording = if consents {
        help::consent_wording(&state.app, r).await?
    } else {
        String::new()
    };
    let history = state
        .store
        .help_history(r.id)
        .await?
        .into_iter()
        .map(|e| {
            let what = match e.move_code.as_str() {
                "ask" => tr(lang, "依頼", "Asked"),
                "consent" => tr(lang, "企業が同意", "The company consented"),
                "hand_over" => tr(lang, "引継ぎ", "Handed over"),
                _ => e.to_state.map(|s| s.name().get(lang)).unwrap_or_default(),
            };
            (show_time(e.at), what, e.actor_label, e.note)
        })
        .collect();
    let v = view(state, lang, viewer, r).await?;
    let title = format!(
        "{}#{}",
        tr(lang, "相互支援の依頼", "Request for help "),
        r.id
    );
    Ok(RequestPage {
        base: Base::new(
            lang,
            format!("/help-requests/{}", r.id),
            title,
            "coordinators",
        ),
        r: v,
        csrf: viewer.csrf().to_owned(),
        moves,
        coordinators,
        wording,
        consent: r.consent.as_ref().map(|k| {
            (
                show_time(k.at),
                k.by.clone(),
                k.wording_version.clone(),
                k.wording.clone(),
            )
        }),
        history,
        form,
        errors: Errors::of(lang, errors),
        saved: false,
    })
}

/// A request's page.
pub async fn show(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<HelpRequestId>,
    Query(q): Query<SavedQuery>,
) -> Result<RequestPage, AppError> {
    let r = help::load(&state.app, &viewer.caller(), Action::Read, id).await?;
    let mut page = request_page(&state, (lang, &viewer), &r, HashMap::new(), &[]).await?;
    page.saved = q.saved();
    Ok(page)
}

async fn answered(
    state: &AppState,
    (lang, viewer): (Lang, &Viewer),
    r: &Checked<HelpRequestRecord>,
    form: HashMap<String, String>,
    result: Result<Result<HelpRequestRecord, Refused>, renkei_store::StoreError>,
) -> Result<Response, AppError> {
    match result? {
        Ok(_) => {
            state.mail_queued();
            Ok(Redirect::to(&format!("/help-requests/{}?saved=1", r.id)).into_response())
        }
        Err(Refused::Fields(errors)) => {
            let page = request_page(state, (lang, viewer), r, form, &errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(Refused::Step(s)) => Err(AppError::step_refused::<HelpRequest>(s)),
    }
}

/// A move on a request, as the viewer's party to it.
pub async fn step(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<HelpRequestId>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    let r = help::load(&state.app, &caller, Action::Write, id).await?;
    viewer.check_csrf(&one(&form, "csrf")).await?;
    let m = MoveForm {
        code: one(&form, "move"),
        text: one(&form, "text"),
        to: one(&form, "to"),
    };
    let version = seen(&form)?;
    let result = help::move_request(&state.app, &caller, &r, version, &m).await;
    answered(&state, (lang, &viewer), &r, form, result).await
}

/// The company's consent to what is shared with the helper.
pub async fn consent(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<HelpRequestId>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    let r = help::load(&state.app, &caller, Action::Write, id).await?;
    viewer.check_csrf(&one(&form, "csrf")).await?;
    let version = seen(&form)?;
    let agree = one(&form, "agree") == "yes";
    let result = help::consent(&state.app, &caller, &r, version, agree).await;
    answered(&state, (lang, &viewer), &r, form, result).await
}

/// Refuses to ask for help someone who may ask for no city, written to the audit trail as
/// every refusal is (the policy's door cannot be asked about a city they have none of).
pub(super) async fn refuse_ask(state: &AppState, caller: &renkei_app::access::Caller) -> AppError {
    let what = "Write HelpAsk (no city to ask for)";
    match state
        .store
        .record_event(&caller.actor, "access.denied", None, "access", what)
        .await
    {
        Ok(()) => AppError::Forbidden,
        Err(e) => e.into(),
    }
}

/// What the ask form is about and whom it asks, as its query gives them.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AskQuery {
    pub coordinator: String,
    pub product: String,
    pub company: String,
    pub referral: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "network/ask.html")]
pub struct AskPage {
    base: Base,
    csrf: String,
    /// The company or product asked about, when given: (hidden field, id, name).
    about: Option<(&'static str, i64, String)>,
    /// Otherwise the asking city's products to choose from.
    products: Vec<(String, String)>,
    coordinators: Vec<(String, String)>,
    fields: Vec<(String, String)>,
    stages: Vec<(String, String)>,
    classes: Vec<(String, String)>,
    form: HashMap<String, String>,
    errors: Errors,
}

impl AskPage {
    fn value(&self, key: &str) -> &str {
        self.form.get(key).map(String::as_str).unwrap_or_default()
    }
}

fn about_of(form: &HashMap<String, String>) -> Option<About> {
    let id = |k: &str| one(form, k).trim().parse::<i64>().ok();
    match (id("referral"), id("product"), id("company")) {
        (Some(r), ..) => Some(About::Referral(renkei_store::ReferralId(r))),
        (None, Some(p), _) => Some(About::Product(ProductId(p))),
        (None, None, Some(c)) => Some(About::Company(CompanyId(c))),
        _ => None,
    }
}

async fn ask_page(
    state: &AppState,
    (lang, viewer): (Lang, &Viewer),
    form: HashMap<String, String>,
    errors: &[FieldError],
) -> Result<AskPage, AppError> {
    use renkei_domain::catalog::Stage;
    use renkei_domain::network::{DeviceClass, Field};
    let caller = viewer.caller();
    let cities = super::directory::asking_cities(viewer);
    let Some(first) = cities.first().copied() else {
        return Err(refuse_ask(state, &caller).await);
    };
    let (about, city) = match about_of(&form) {
        Some(a) => {
            let s = help::about(&state.app, &caller, a).await?;
            let shown = match (s.referral, s.product) {
                (Some(r), Some(p)) => ("referral", r.0, format!("#{r} {}", p.name)),
                (None, Some(p)) => ("product", p.id.0, p.name),
                _ => {
                    let name = state.store.company(s.company).await?.map(|(c, _)| c.name);
                    ("company", s.company.0, name.unwrap_or_default())
                }
            };
            (Some(shown), s.city)
        }
        None => (None, first),
    };
    let products = match about {
        Some(_) => Vec::new(),
        None => {
            let scope = renkei_domain::access::list_scope(&caller.subject);
            let q = renkei_store::ProductQuery {
                city: Some(city),
                active_only: true,
                ..Default::default()
            };
            let page = renkei_store::PageRequest::new(1, 200);
            let found = state.store.products(&scope, &q, page).await?;
            found
                .items
                .into_iter()
                .map(|p| (p.id.0.to_string(), p.name))
                .collect()
        }
    };
    let pairs = |v: Vec<(&'static str, renkei_domain::Text)>| -> Vec<(String, String)> {
        v.into_iter()
            .map(|(c, n)| (c.to_owned(), n.get(lang).to_owned()))
            .collect()
    };
    Ok(AskPage {
        base: Base::new(
            lang,
            "/help-requests/new",
            tr(
                lang,
                "他市のコーディネーターに相談を依頼する",
                "Ask another city's coordinator for help",
            ),
            "coordinators",
        ),
        csrf: viewer.csrf().to_owned(),
        about,
        products,
        coordinators: coordinators_elsewhere(state, &[city], caller.subject.person).await?,
        fields: pairs(Field::ALL.iter().map(|f| (f.code(), f.name())).collect()),
        stages: pairs(Stage::ALL.iter().map(|s| (s.code(), s.name())).collect()),
        classes: pairs(
            DeviceClass::ALL
                .iter()
                .map(|c| (c.code(), c.name()))
                .collect(),
        ),
        form,
        errors: Errors::of(lang, errors),
    })
}

/// The ask form, about the product or company given, for the coordinator given (or the
/// network).
pub async fn new(
    PageContext(state, lang, _uri, viewer): PageContext,
    Query(q): Query<AskQuery>,
) -> Result<AskPage, AppError> {
    if !viewer.caller().subject.is_signed_in() {
        return Err(AppError::SignInRequired);
    }
    let form = HashMap::from([
        ("coordinator".to_owned(), q.coordinator),
        ("product".to_owned(), q.product),
        ("company".to_owned(), q.company),
        ("referral".to_owned(), q.referral),
    ]);
    ask_page(&state, (lang, &viewer), form, &[]).await
}

/// A request asked: 303 to its page, or the form again with each problem at its field.
pub async fn ask(
    PageContext(state, lang, _uri, viewer): PageContext,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    if !caller.subject.is_signed_in() {
        return Err(AppError::SignInRequired);
    }
    viewer.check_csrf(&one(&form, "csrf")).await?;
    if super::directory::asking_cities(&viewer).is_empty() {
        return Err(refuse_ask(&state, &caller).await);
    }
    let draft = HelpDraft {
        coordinator: one(&form, "coordinator"),
        field: one(&form, "field"),
        stage: one(&form, "stage"),
        class: one(&form, "class"),
        question: one(&form, "question"),
    };
    let Some(about) = about_of(&form) else {
        let errors = [FieldError::new(
            "product",
            "相談する開発案件を選んでください。",
            "Choose the product the request is about.",
        )];
        let page = ask_page(&state, (lang, &viewer), form, &errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    match help::ask(&state.app, &caller, about, &draft).await? {
        Ok(r) => {
            state.mail_queued();
            Ok(Redirect::to(&format!("/help-requests/{}", r.id)).into_response())
        }
        Err(Refused::Fields(errors)) => {
            let page = ask_page(&state, (lang, &viewer), form, &errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(Refused::Step(_)) => {
            // Not readable or not the caller's city: answered as the policy would.
            help::about(&state.app, &caller, about).await?;
            Err(AppError::Forbidden)
        }
    }
}
