//! A bridge request's page: the body and type, the form's fields with their answers
//! (editable by the desk while preparing), the consent form for the company (what may be
//! shared, ticked per field, and whether the consultation record may go to AMED), the moves
//! the viewer may make, the reply due in 開庁日, the document once consented, and the
//! history. Also the case page's form that opens one.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use renkei_app::access::Checked;
use renkei_app::bridges::{self, Refused};
use renkei_domain::access::Action;
use renkei_domain::bridge::{Bridge, Move, MoveForm, Outcome, State};
use renkei_domain::jdate::wareki;
use renkei_domain::workflow::{Workflow, moves_for};
use renkei_domain::{FieldError, Lang};
use renkei_store::{BridgeId, BridgeRecord, ConsultationId};

use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::shared::format::{show_time, show_wareki};
use crate::shared::forms::{Errors, SavedQuery};
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

pub struct HistoryLine {
    pub at: String,
    pub what: &'static str,
    pub by: String,
    pub note: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "bridges/bridge.html")]
pub struct BridgePage {
    base: Base,
    r: BridgeRecord,
    company: String,
    state: &'static str,
    waits_on: &'static str,
    csrf: String,
    /// Whether the viewer edits the answers (the desk, while preparing).
    edits: bool,
    /// The moves the viewer may make, as (code, name).
    moves: Vec<(&'static str, &'static str)>,
    outcomes: Vec<(&'static str, &'static str)>,
    sent_on: String,
    reply_due: String,
    replied_on: String,
    outcome: String,
    document: bool,
    history: Vec<HistoryLine>,
    form: HashMap<String, String>,
    errors: Errors,
    saved: bool,
}

impl BridgePage {
    fn value(&self, key: &str) -> &str {
        self.form.get(key).map(String::as_str).unwrap_or_default()
    }
}

fn day(d: Option<chrono::NaiveDate>) -> String {
    d.map(wareki).unwrap_or_default()
}

async fn bridge_page(
    state: &AppState,
    lang: Lang,
    viewer: &Viewer,
    r: &Checked<BridgeRecord>,
    form: HashMap<String, String>,
    errors: &[FieldError],
) -> Result<BridgePage, AppError> {
    let caller = viewer.caller();
    let company = state
        .store
        .company(r.company_id)
        .await?
        .map(|(c, _)| c.name)
        .unwrap_or_default();
    let parties = bridges::parties_to(&caller, r);
    let mut moves: Vec<(&'static str, &'static str)> = Vec::new();
    for p in &parties {
        for m in moves_for::<Bridge>(r.state, *p, &Move::all()) {
            if !moves.iter().any(|(c, _)| *c == m.code()) {
                moves.push((m.code(), m.name().get(lang)));
            }
        }
    }
    let history = state
        .store
        .bridge_history(r.id)
        .await?
        .into_iter()
        .map(|e| HistoryLine {
            at: show_time(e.at),
            what: match e.to_state {
                _ if e.move_code == "open" => tr(lang, "準備を開始", "Opened"),
                Some(s) => s.name().get(lang),
                None => "",
            },
            by: e.actor_label,
            note: e.note,
        })
        .collect();
    let title = format!("{}#{} {}", tr(lang, "橋渡し", "Bridge "), r.id, r.type_name);
    Ok(BridgePage {
        base: Base::new(lang, format!("/bridges/{}", r.id), title, "companies"),
        company,
        state: r.state.name().get(lang),
        waits_on: match Bridge::waiting_on(r.state) {
            Some(renkei_domain::bridge::Party::Company) => tr(lang, "企業", "The company"),
            Some(_) => tr(lang, "相談窓口", "The desk"),
            None => "",
        },
        csrf: viewer.csrf().to_owned(),
        edits: r.state == State::Preparing && parties.contains(&renkei_domain::bridge::Party::Desk),
        moves,
        outcomes: Outcome::ALL
            .iter()
            .map(|o| (o.code(), o.name().get(lang)))
            .collect(),
        sent_on: day(r.sent_on),
        reply_due: day(r.reply_due),
        replied_on: day(r.replied_on),
        outcome: r
            .outcome
            .map(|o| o.name().get(lang).to_owned())
            .unwrap_or_default(),
        document: r.state.consented(),
        history,
        form,
        errors: Errors::of(lang, errors),
        saved: false,
        r: (**r).clone(),
    })
}

/// The bridge's page.
pub async fn show(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<BridgeId>,
    Query(q): Query<SavedQuery>,
) -> Result<BridgePage, AppError> {
    let r = bridges::load(&state.app, &viewer.caller(), Action::Read, id).await?;
    let mut page = bridge_page(&state, lang, &viewer, &r, HashMap::new(), &[]).await?;
    page.saved = q.saved();
    Ok(page)
}

/// A form's one value of `key` (empty when absent).
fn one(form: &[(String, String)], key: &str) -> String {
    form.iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

/// Every value of `key`, in order (checkboxes, the answers).
fn all(form: &[(String, String)], key: &str) -> Vec<String> {
    form.iter()
        .filter(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
        .collect()
}

async fn refused_page(
    state: &AppState,
    lang: Lang,
    viewer: &Viewer,
    r: &Checked<BridgeRecord>,
    form: HashMap<String, String>,
    refused: Refused,
) -> Result<Response, AppError> {
    match refused {
        Refused::Fields(errors) => {
            let page = bridge_page(state, lang, viewer, r, form, &errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Refused::Step(s) => Err(AppError::step_refused::<Bridge>(s)),
    }
}

/// A move on the bridge, as the viewer's party to it.
pub async fn step(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<BridgeId>,
    FormInput(form): FormInput<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let r = bridges::load(&state.app, &viewer.caller(), Action::Read, id).await?;
    viewer.check_csrf(&one(&form, "csrf")).await?;
    let m = MoveForm {
        code: one(&form, "move"),
        date: one(&form, "date"),
        text: one(&form, "text"),
        outcome: one(&form, "outcome"),
        shared: all(&form, "shared"),
        amed: one(&form, "amed") == "yes",
    };
    let version = one(&form, "version").parse().unwrap_or(0);
    match bridges::move_bridge(&state.app, &viewer.caller(), &r, version, &m).await? {
        Ok(_) => {
            state.mail_queued();
            Ok(Redirect::to(&format!("/bridges/{id}?saved=1")).into_response())
        }
        Err(refused) => {
            let kept = HashMap::from([
                (format!("date_{}", m.code), m.date),
                (format!("text_{}", m.code), m.text),
            ]);
            refused_page(&state, lang, &viewer, &r, kept, refused).await
        }
    }
}

/// The answers changed while preparing, by the desk.
pub async fn answers(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<BridgeId>,
    FormInput(form): FormInput<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    let r = bridges::load(&state.app, &caller, Action::Read, id).await?;
    viewer.check_csrf(&one(&form, "csrf")).await?;
    let version = one(&form, "version").parse().unwrap_or(0);
    let answers = all(&form, "answer");
    match bridges::update_answers(&state.app, &caller, &r, version, &answers).await? {
        Ok(_) => Ok(Redirect::to(&format!("/bridges/{id}?saved=1")).into_response()),
        Err(Refused::Fields(errors)) => {
            // The page again with the answers as typed, not as kept: nothing typed is lost.
            let mut page = bridge_page(&state, lang, &viewer, &r, HashMap::new(), &errors).await?;
            for (kept, typed) in page.r.answers.iter_mut().zip(answers) {
                kept.1 = typed;
            }
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(refused) => refused_page(&state, lang, &viewer, &r, HashMap::new(), refused).await,
    }
}

/// The case page's form: a bridge prepared from the case for a body and one of its types
/// (sent as `body:type`), by the desk.
pub async fn open(
    PageContext(state, _lang, _uri, viewer): PageContext,
    Path(id): Path<ConsultationId>,
    FormInput(form): FormInput<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    let case = renkei_app::consultations::load(&state.app, &caller, Action::Read, id).await?;
    viewer.check_csrf(&one(&form, "csrf")).await?;
    let chosen = one(&form, "target");
    let (body, kind) = chosen.split_once(':').unwrap_or(("", ""));
    match bridges::open(&state.app, &caller, &case, body.parse().ok(), kind).await? {
        Ok(b) => Ok(Redirect::to(&format!("/bridges/{}", b.id)).into_response()),
        Err(Refused::Fields(errors)) => Err(AppError::Validation(errors)),
        Err(Refused::Step(s)) => Err(AppError::step_refused::<Bridge>(s)),
    }
}

/// The document's date line: today, in 和暦 for a Japanese reader.
pub(super) fn today_line(lang: Lang) -> String {
    let now = chrono::Utc::now();
    match lang {
        Lang::Ja => show_wareki(now),
        Lang::En => crate::shared::format::in_jst(now)
            .format("%Y-%m-%d")
            .to_string(),
    }
}
