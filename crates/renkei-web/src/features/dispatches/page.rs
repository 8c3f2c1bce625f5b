//! A dispatch's page: the case it was asked on, the expert and their fee rule, the field and
//! its measure, the purpose, the visits planned against the company's yearly cap, the moves
//! the viewer may make as each party they are to it, the visits carried out (with the form
//! to record one, for the desk and the one working the case), and its history. Asking for a
//! dispatch is a form on the case's page.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use renkei_app::access::Checked;
use renkei_app::consultations;
use renkei_app::dispatches::{self, Refused};
use renkei_domain::access::Action;
use renkei_domain::dispatch::{Dispatch, DispatchDraft, Move, Party, VisitDraft, show_hours};
use renkei_domain::jdate::{fiscal_year_name, wareki};
use renkei_domain::workflow::{Workflow, moves_for};
use renkei_domain::{FieldError, Lang};
use renkei_store::{ConsultationId, ConsultationRecord, DispatchId, DispatchRecord};

use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::shared::format::show_time;
use crate::shared::forms::{Errors, SavedQuery};
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

use super::roster::{fee_rule, yen};

/// A move the viewer may make, as a form on the page.
pub struct MoveView {
    pub code: &'static str,
    pub name: &'static str,
    /// What its text field is for, and whether it is required (none: a button alone).
    pub text: Option<(&'static str, bool)>,
    pub primary: bool,
}

fn move_view(lang: Lang, m: &Move) -> MoveView {
    let (text, primary) = match m {
        Move::Approve => (None, true),
        Move::Decline(_) => (
            Some((tr(lang, "不承認の理由", "Why it is declined"), true)),
            false,
        ),
        Move::Close(_) => (
            Some((
                tr(
                    lang,
                    "専門家の報告（開発案件の支援の記録になります）",
                    "The expert's report (recorded as support on the product)",
                ),
                true,
            )),
            true,
        ),
        Move::Cancel(_) => (
            Some((tr(lang, "取りやめの理由", "Why it is called off"), false)),
            false,
        ),
    };
    MoveView {
        code: m.code(),
        name: m.name().get(lang),
        text,
        primary,
    }
}

pub struct VisitRow {
    pub date: String,
    pub hours: String,
    pub fee: String,
    pub note: String,
    pub by: String,
}

pub struct HistoryLine {
    pub at: String,
    pub what: &'static str,
    pub by: String,
    pub note: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "dispatches/dispatch.html")]
pub struct DispatchPage {
    base: Base,
    r: DispatchRecord,
    case_subject: String,
    company: String,
    expert: String,
    fee: String,
    field: &'static str,
    measure: String,
    state: &'static str,
    waits_on: String,
    year: String,
    /// For the desk: the company's cap and the visits it used this year (this one left out).
    cap: Option<(i32, i64)>,
    moves: Vec<MoveView>,
    visits: Vec<VisitRow>,
    total_hours: String,
    total_fee: String,
    records_visits: bool,
    history: Vec<HistoryLine>,
    form: HashMap<String, String>,
    errors: Errors,
    csrf: String,
    saved: bool,
}

impl DispatchPage {
    fn value(&self, key: &str) -> &str {
        self.form.get(key).map(String::as_str).unwrap_or_default()
    }

    /// What was typed for a move's words, when its form came back.
    fn text_of(&self, code: &str) -> &str {
        self.value(&format!("text_{code}"))
    }
}

async fn dispatch_page(
    state: &AppState,
    (lang, viewer): (Lang, &Viewer),
    (r, case): (&Checked<DispatchRecord>, &ConsultationRecord),
    form: HashMap<String, String>,
    errors: &[FieldError],
) -> Result<DispatchPage, AppError> {
    let store = &state.store;
    let caller = viewer.caller();
    let parties = dispatches::parties(&caller, r, case);
    let mut moves: Vec<MoveView> = Vec::new();
    for party in &parties {
        for m in moves_for::<Dispatch>(r.state, *party, &Move::all()) {
            if !moves.iter().any(|v| v.code == m.code()) {
                moves.push(move_view(lang, &m));
            }
        }
    }
    let expert = store.expert(r.expert_id).await?;
    let company = store
        .company(r.company_id)
        .await?
        .map(|(c, _)| c.name)
        .unwrap_or_default();
    let cap = if parties.contains(&Party::Desk) && moves.iter().any(|m| m.code == "approve") {
        let tx = store.begin().await?;
        let year = renkei_domain::jdate::fiscal_year(consultations::today());
        let used = store
            .dispatch_visits_used(&tx, (&r.city, r.company_id, year), r.id)
            .await?;
        tx.rollback().await?;
        Some((store.dispatch_cap(&r.city).await?, used))
    } else {
        None
    };
    let list = store.dispatch_visits(r.id).await?;
    let minutes: i64 = list.iter().map(|v| i64::from(v.minutes)).sum();
    let fees: i64 = list.iter().map(|v| v.fee).sum();
    let visits = list
        .into_iter()
        .map(|v| VisitRow {
            date: wareki(v.visited_on),
            hours: show_hours(v.minutes.into()),
            fee: yen(v.fee),
            note: v.note,
            by: v.actor_label,
        })
        .collect();
    let history = store
        .dispatch_history(r.id)
        .await?
        .into_iter()
        .map(|e| HistoryLine {
            at: show_time(e.at),
            what: match e.to_state {
                _ if e.move_code == "request" => tr(lang, "依頼", "Asked for"),
                Some(s) => s.name().get(lang),
                None => "",
            },
            by: e.actor_label,
            note: e.note,
        })
        .collect();
    let measure = renkei_domain::catalog::measure(r.field.measure_code())
        .map(|m| m.name.get(lang).to_owned())
        .unwrap_or_default();
    let title = format!("{}#{}", tr(lang, "専門家派遣", "Expert dispatch "), r.id);
    Ok(DispatchPage {
        base: Base::new(lang, format!("/dispatches/{}", r.id), title, "companies"),
        case_subject: case.subject.clone(),
        company,
        fee: fee_rule(lang, &expert),
        expert: if expert.organisation.is_empty() {
            expert.name
        } else {
            format!("{}（{}）", expert.name, expert.organisation)
        },
        field: r.field.name().get(lang),
        measure,
        state: r.state.name().get(lang),
        waits_on: match Dispatch::waiting_on(r.state) {
            Some(_) => tr(lang, "市の相談窓口", "The city's desk").to_owned(),
            None => String::new(),
        },
        year: fiscal_year_name(r.fiscal_year),
        cap,
        moves,
        visits,
        total_hours: show_hours(minutes),
        total_fee: yen(fees),
        records_visits: dispatches::records_visits(&caller, r, case)
            && r.state == renkei_domain::dispatch::State::Approved,
        history,
        form,
        errors: Errors::of(lang, errors),
        csrf: viewer.csrf().to_owned(),
        saved: false,
        r: (**r).clone(),
    })
}

/// The dispatch's page.
pub async fn show(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<DispatchId>,
    Query(q): Query<SavedQuery>,
) -> Result<DispatchPage, AppError> {
    let (r, case) = dispatches::load(&state.app, &viewer.caller(), Action::Read, id).await?;
    let mut page = dispatch_page(&state, (lang, &viewer), (&r, &case), HashMap::new(), &[]).await?;
    page.saved = q.saved();
    Ok(page)
}

/// The form again with its errors (422), or the refusal as an error page.
async fn refused_page(
    state: &AppState,
    (lang, viewer): (Lang, &Viewer),
    (r, case): (&Checked<DispatchRecord>, &ConsultationRecord),
    form: HashMap<String, String>,
    refused: Refused,
) -> Result<Response, AppError> {
    match refused {
        Refused::Fields(errors) => {
            let page = dispatch_page(state, (lang, viewer), (r, case), form, &errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Refused::Step(s) => Err(AppError::step_refused::<Dispatch>(s)),
    }
}

fn field(form: &HashMap<String, String>, key: &str) -> String {
    form.get(key).cloned().unwrap_or_default()
}

/// A move on the dispatch, as the viewer's party to it.
pub async fn step(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<DispatchId>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    let (r, case) = dispatches::load(&state.app, &caller, Action::Read, id).await?;
    viewer.check_csrf(&field(&form, "csrf")).await?;
    let version = field(&form, "version").trim().parse().unwrap_or(0);
    let code = field(&form, "move");
    let text = field(&form, "text");
    let moved =
        dispatches::move_dispatch(&state.app, &caller, (&r, &case), version, (&code, &text))
            .await?;
    match moved {
        Ok(_) => {
            state.mail_queued();
            Ok(Redirect::to(&format!("/dispatches/{id}?saved=1")).into_response())
        }
        Err(refused) => {
            let kept = HashMap::from([(format!("text_{code}"), text), ("failed".to_owned(), code)]);
            refused_page(&state, (lang, &viewer), (&r, &case), kept, refused).await
        }
    }
}

/// A visit recorded.
pub async fn visit(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<DispatchId>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    let (r, case) = dispatches::load(&state.app, &caller, Action::Read, id).await?;
    viewer.check_csrf(&field(&form, "csrf")).await?;
    let draft = VisitDraft {
        date: field(&form, "date"),
        hours: field(&form, "hours"),
        fee: field(&form, "fee"),
        note: field(&form, "note"),
    };
    match dispatches::add_visit(&state.app, &caller, (&r, &case), &draft).await? {
        Ok(_) => Ok(Redirect::to(&format!("/dispatches/{id}?saved=1#visits")).into_response()),
        Err(refused) => refused_page(&state, (lang, &viewer), (&r, &case), form, refused).await,
    }
}

/// A dispatch asked for on a case, from the case's page.
pub async fn request(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<ConsultationId>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    let case = consultations::load(&state.app, &caller, Action::Read, id).await?;
    viewer.check_csrf(&field(&form, "csrf")).await?;
    let draft = DispatchDraft {
        expert: field(&form, "expert"),
        field: field(&form, "field"),
        purpose: field(&form, "purpose"),
        planned_visits: field(&form, "planned_visits"),
    };
    match dispatches::request(&state.app, &caller, &case, &draft).await? {
        Ok(d) => {
            state.mail_queued();
            Ok(Redirect::to(&format!("/dispatches/{}?saved=1", d.id)).into_response())
        }
        Err(Refused::Fields(errors)) => {
            let kept: HashMap<String, String> = form
                .into_iter()
                .map(|(k, v)| (format!("dispatch_{k}"), v))
                .collect();
            let page = crate::features::consultations::case_page_with(
                &state, lang, &viewer, &case, kept, &errors,
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(Refused::Step(s)) => Err(AppError::step_refused::<Dispatch>(s)),
    }
}
