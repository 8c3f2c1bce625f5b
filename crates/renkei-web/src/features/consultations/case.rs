//! A consultation case's page: what was asked, who it waits on, its service level in 開庁日
//! (opened, first answer due and given, open days taken with the days waiting on the company
//! left out), the moves the viewer may make as each party they are to it, its history, and —
//! for those who work it and the desk's city — its notes and next actions.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use renkei_app::access::Checked;
use renkei_app::consultations::{self, Refused, ServiceLevel};
use renkei_domain::access::{Action, Resource};
use renkei_domain::consultation::{Consultation, Move, NoteDraft, Party};
use renkei_domain::jdate::wareki;
use renkei_domain::workflow::{Workflow, moves_for};
use renkei_domain::{FieldError, Lang};
use renkei_store::{ConsultationId, ConsultationRecord};
use serde::Deserialize;

use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::shared::format::{show_time, show_wareki};
use crate::shared::forms::{Errors, SavedQuery};
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

/// Who a step waits on, as a person reads it.
pub(super) fn waits_on(lang: Lang, p: Party, r: &ConsultationRecord) -> String {
    match p {
        Party::Company => tr(lang, "企業", "The company").to_owned(),
        Party::Desk => tr(
            lang,
            "相談窓口（受付・担当の決定）",
            "The desk (to take it in)",
        )
        .to_owned(),
        Party::Handler => r.handler_label.clone(),
    }
}

/// A move the viewer may make, as a form on the page.
pub struct MoveView {
    pub code: &'static str,
    pub name: &'static str,
    /// What its text field is for (none: a button alone).
    pub text: Option<(&'static str, bool)>,
    pub primary: bool,
    /// What was typed, when the form came back; whether its words were refused.
    pub value: String,
    pub failed: bool,
}

pub struct HistoryLine {
    pub at: String,
    pub what: &'static str,
    pub by: String,
    pub note: String,
}

pub struct NoteView {
    pub id: i64,
    pub body: String,
    pub by: String,
    pub at: String,
    /// A next action: its due day, and who ticked it done when.
    pub due: Option<String>,
    pub done: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "consultations/case.html")]
pub struct CasePage {
    base: Base,
    r: ConsultationRecord,
    city: String,
    company: String,
    product: Option<(i64, String)>,
    kind: &'static str,
    state: &'static str,
    waits_on: String,
    level: ServiceLevel,
    due: String,
    answered: String,
    opened: String,
    csrf: String,
    /// The desk's list, for those who work in its city.
    desk_link: bool,
    moves: Vec<MoveView>,
    handlers: Vec<(i64, String)>,
    history: Vec<HistoryLine>,
    notes: Option<Vec<NoteView>>,
    writes_notes: bool,
    form: HashMap<String, String>,
    errors: Errors,
    saved: bool,
    /// The dispatches asked for on the case: (id, line).
    dispatches: Vec<(i64, String)>,
    /// Whether the viewer may ask for one, and the experts and fields the form offers.
    asks_dispatch: bool,
    experts: Vec<(i64, String)>,
    dispatch_fields: Vec<(&'static str, &'static str)>,
    /// The case's bridges to national bodies: (id, body and type, state).
    bridges: Vec<(i64, String, &'static str)>,
    /// What the desk may bridge the case to: (`body:type`, its name); empty for others.
    bridge_targets: Vec<(String, String)>,
    /// The case's partner requests (brokering, sites) and the forms that open one.
    partners: crate::features::partnering::load::CaseRequests,
}

impl CasePage {
    fn value(&self, key: &str) -> &str {
        self.form.get(key).map(String::as_str).unwrap_or_default()
    }
}

fn move_view(lang: Lang, m: &Move) -> MoveView {
    let (text, primary) = match m {
        Move::TakeIn => (None, true),
        Move::AskCompany(_) => (
            Some((
                tr(lang, "企業に確認すること", "What the company is asked"),
                true,
            )),
            false,
        ),
        Move::Answer => (Some((tr(lang, "回答", "The answer"), false)), true),
        Move::Resume => (None, false),
        Move::Close(_) => (
            Some((
                tr(
                    lang,
                    "対応の結果（開発案件の支援の記録になります）",
                    "The outcome (recorded as support on the product)",
                ),
                true,
            )),
            true,
        ),
        Move::Withdraw => (None, false),
    };
    MoveView {
        code: m.code(),
        name: m.name().get(lang),
        text,
        primary,
        value: String::new(),
        failed: false,
    }
}

/// The expert dispatches of a case as lines of its page, and whether the viewer may ask for
/// one (the company or those who work it, while the case is open) with the experts offered.
async fn dispatch_part(
    state: &AppState,
    lang: Lang,
    viewer: &Viewer,
    r: &ConsultationRecord,
) -> Result<(Vec<(i64, String)>, bool, Vec<(i64, String)>), AppError> {
    let caller = viewer.caller();
    // Every expert of the roster names the dispatches; the active ones are offered.
    let roster = state.store.experts_of(&r.city, true).await?;
    let name_of = |id| {
        roster
            .iter()
            .find(|x| x.id == id)
            .map(|x| x.name.clone())
            .unwrap_or_default()
    };
    let lines = state
        .store
        .dispatches_of_case(r.id)
        .await?
        .into_iter()
        .map(|d| {
            let line = format!(
                "#{} {}（{}）— {}",
                d.id,
                name_of(d.expert_id),
                d.field.name().get(lang),
                d.state.name().get(lang)
            );
            (d.id.0, line)
        })
        .collect();
    let asks = !r.state.is_end() && !consultations::parties(&caller, r).is_empty();
    let experts = roster
        .iter()
        .filter(|x| x.active)
        .map(|x| {
            let fields: Vec<&str> = x.fields.iter().map(|f| f.name().get(lang)).collect();
            (x.id.0, format!("{}（{}）", x.name, fields.join("・")))
        })
        .collect();
    Ok((lines, asks, experts))
}

/// The case's page with a form sent back (e.g. the dispatch form, its fields prefixed
/// `dispatch_`) and its errors.
pub(crate) async fn case_page(
    state: &AppState,
    lang: Lang,
    viewer: &Viewer,
    r: &Checked<ConsultationRecord>,
    form: HashMap<String, String>,
    errors: &[FieldError],
) -> Result<CasePage, AppError> {
    let app = &state.app;
    let caller = viewer.caller();
    let company = state
        .store
        .company(r.company_id)
        .await?
        .map(|(c, _)| c.name)
        .unwrap_or_default();
    let product = match r.product_id {
        Some(p) => state.store.product(p).await?.map(|x| (x.id.0, x.name)),
        None => None,
    };
    let mut moves: Vec<MoveView> = Vec::new();
    for party in consultations::parties(&caller, r) {
        for m in moves_for::<Consultation>(r.state, party, &Move::all()) {
            if !moves.iter().any(|v| v.code == m.code()) {
                moves.push(move_view(lang, &m));
            }
        }
    }
    for m in &mut moves {
        if let Some(typed) = form.get(&format!("text_{}", m.code)) {
            m.value = typed.clone();
            m.failed = errors.iter().any(|e| e.field == "text");
        }
    }
    let handlers = if moves.iter().any(|m| m.code == "take_in") {
        consultations::handlers(app, r)
            .await?
            .into_iter()
            .map(|(id, name)| (id.0, name))
            .collect()
    } else {
        Vec::new()
    };
    let steps = state.store.consultation_history(r.id).await?;
    let level = consultations::service_level(app, r, &steps);
    let history = steps
        .into_iter()
        .map(|e| HistoryLine {
            at: show_time(e.at),
            what: match e.to_state {
                _ if e.move_code == "open" => tr(lang, "受付", "Opened"),
                Some(s) => s.name().get(lang),
                None => "",
            },
            by: e.actor_label,
            note: e.note,
        })
        .collect();
    let notes = if consultations::reads_notes(&caller, r) {
        let list = state.store.consultation_notes(r.id).await?;
        Some(
            list.into_iter()
                .map(|n| NoteView {
                    id: n.id,
                    body: n.body,
                    by: n.actor_label,
                    at: show_time(n.created_at),
                    due: n.due_on.map(wareki),
                    done: n
                        .done_at
                        .map(|t| format!("{}（{}）", show_time(t), n.done_by.unwrap_or_default())),
                })
                .collect(),
        )
    } else {
        None
    };
    let (dispatches, asks_dispatch, experts) = dispatch_part(state, lang, viewer, r).await?;
    let (bridges, bridge_targets) = bridges_of(state, lang, &caller, r).await?;
    let partners = crate::features::partnering::load::of_case(state, lang, viewer, r).await?;
    let title = format!("{}#{} {}", tr(lang, "相談", "Case "), r.id, r.subject);
    Ok(CasePage {
        base: Base::new(lang, format!("/consultations/{}", r.id), title, "companies"),
        city: r.city.to_string(),
        company,
        product,
        kind: r.kind.name().get(lang),
        state: r.state.name().get(lang),
        waits_on: Consultation::waiting_on(r.state)
            .map(|p| waits_on(lang, p, r))
            .unwrap_or_default(),
        due: wareki(level.first_answer_due),
        answered: level.first_answered_on.map(wareki).unwrap_or_default(),
        opened: show_wareki(r.created_at),
        level,
        csrf: viewer.csrf().to_owned(),
        desk_link: viewer.may(
            Action::Read,
            Resource::CityRecord {
                owner: &r.city,
                shared_with: &[],
            },
        ),
        moves,
        handlers,
        history,
        writes_notes: consultations::works_it(&caller, r),
        notes,
        form,
        errors: Errors::of(lang, errors),
        saved: false,
        dispatches,
        asks_dispatch,
        experts,
        dispatch_fields: renkei_domain::dispatch::Field::ALL
            .iter()
            .map(|f| (f.code(), f.name().get(lang)))
            .collect(),
        bridges,
        bridge_targets,
        partners,
        r: (**r).clone(),
    })
}

/// The case's bridges, and what the desk may bridge it to (each active body's types).
async fn bridges_of(
    state: &AppState,
    lang: Lang,
    caller: &renkei_app::access::Caller,
    r: &ConsultationRecord,
) -> Result<BridgeLists, AppError> {
    let bridges = state
        .store
        .bridges_of_case(r.id)
        .await?
        .into_iter()
        .map(|b| {
            let what = format!("{} {}", b.body_name, b.type_name);
            (b.id.0, what, b.state.name().get(lang))
        })
        .collect();
    let desk = renkei_app::bridges::parties(caller, &r.city, r.company_id.0)
        .contains(&renkei_domain::bridge::Party::Desk);
    let mut targets = Vec::new();
    if desk && !r.state.is_end() {
        for b in state
            .store
            .national_bodies()
            .await?
            .into_iter()
            .filter(|b| b.active)
        {
            let name = if lang == Lang::En {
                &b.name_en
            } else {
                &b.name_ja
            };
            for (code, type_name) in &b.types {
                targets.push((format!("{}:{code}", b.id), format!("{name} — {type_name}")));
            }
        }
    }
    Ok((bridges, targets))
}

type BridgeLists = (Vec<(i64, String, &'static str)>, Vec<(String, String)>);

/// The case's page.
pub async fn show(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<ConsultationId>,
    Query(q): Query<SavedQuery>,
) -> Result<CasePage, AppError> {
    let r = consultations::load(&state.app, &viewer.caller(), Action::Read, id).await?;
    let mut page = case_page(&state, lang, &viewer, &r, HashMap::new(), &[]).await?;
    page.saved = q.saved();
    Ok(page)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct StepForm {
    #[serde(rename = "move")]
    pub move_code: String,
    pub version: i64,
    pub text: String,
    /// The account it is handed to (a select: empty when none is chosen).
    pub handler: String,
    pub csrf: String,
}

/// The form again with its errors (422), or the refusal as an error page.
async fn refused_page(
    state: &AppState,
    lang: Lang,
    viewer: &Viewer,
    r: &Checked<ConsultationRecord>,
    form: HashMap<String, String>,
    refused: Refused,
) -> Result<Response, AppError> {
    match refused {
        Refused::Fields(errors) => {
            let page = case_page(state, lang, viewer, r, form, &errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Refused::Step(s) => Err(AppError::step_refused::<Consultation>(s)),
    }
}

/// A move on the case, as the viewer's party to it.
pub async fn step(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<ConsultationId>,
    FormInput(form): FormInput<StepForm>,
) -> Result<Response, AppError> {
    let r = consultations::load(&state.app, &viewer.caller(), Action::Read, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    let moved = consultations::move_case(
        &state.app,
        &viewer.caller(),
        &r,
        form.version,
        (&form.move_code, &form.text),
        form.handler.trim().parse().ok(),
    )
    .await?;
    match moved {
        Ok(_) => {
            state.mail_queued();
            Ok(Redirect::to(&format!("/consultations/{id}?saved=1")).into_response())
        }
        Err(refused) => {
            let kept = HashMap::from([(format!("text_{}", form.move_code), form.text)]);
            refused_page(&state, lang, &viewer, &r, kept, refused).await
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NoteForm {
    pub body: String,
    pub due: String,
    /// A next action ticked done (its id), instead of a new note.
    pub done: Option<i64>,
    pub csrf: String,
}

/// A note or a next action written, or a next action ticked done.
pub async fn note(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<ConsultationId>,
    FormInput(form): FormInput<NoteForm>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    let r = consultations::load(&state.app, &caller, Action::Read, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    let done = match form.done {
        Some(n) => consultations::finish_action(&state.app, &caller, &r, n)
            .await?
            .map(|_| ()),
        None => {
            let draft = NoteDraft {
                body: form.body.clone(),
                due: form.due.clone(),
            };
            consultations::add_note(&state.app, &caller, &r, &draft)
                .await?
                .map(|_| ())
        }
    };
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/consultations/{id}?saved=1#notes")).into_response()),
        Err(refused) => {
            let kept = HashMap::from([
                ("note_body".to_owned(), form.body),
                ("note_due".to_owned(), form.due),
            ]);
            refused_page(&state, lang, &viewer, &r, kept, refused).await
        }
    }
}
