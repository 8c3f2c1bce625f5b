//! The 商談会's pages for its participants: a company user enters their company as a buyer
//! or a seller with its profile (what it looks for or offers, a buyer's most meetings, the
//! slots it is free, a seller's products presented), browses the other side's profiles and
//! asks for meetings with a priority, answers the requests it received (accept, decline) or
//! withdraws its own, and reads its agenda as a page and as an iCalendar file, where it
//! records each meeting's outcome. The organiser's pages are in `meetings_organiser`; the
//! use cases are `renkei_app::events::meetings`.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Redirect, Response};
use renkei_app::access::Checked;
use renkei_app::events::meetings::{AgendaItem, Refused};
use renkei_app::events::{self, meetings};
use renkei_domain::access::Action;
use renkei_domain::event::jst;
use renkei_domain::event::meeting::{MeetingRequest, Move, Party, ProfileDraft, Side};
use renkei_domain::workflow::moves_for;
use renkei_domain::{FieldError, Lang};
use renkei_store::{
    CompanyId, CompanyRecord, EventId, EventRecord, MeetingRequestId, MeetingRequestRecord,
    MeetingSetupRecord, OutcomeRecord, ParticipantId, ParticipantRecord,
};
use serde::Deserialize;

use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::shared::format::show_time;
use crate::shared::forms::{Errors, SavedQuery};
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

use super::calendar::company_of;

/// A refusal as the page shows it: the fields' errors, or an error page.
pub(super) fn refused(r: Refused) -> Result<Vec<FieldError>, AppError> {
    match r {
        Refused::Fields(errors) => Ok(errors),
        Refused::NotOpen => Err(AppError::NotFound),
        Refused::Step(s) => Err(AppError::step_refused::<MeetingRequest>(s)),
    }
}

/// A slot's time as shown (JST).
pub(super) fn slot_label(setup: &MeetingSetupRecord, slot: i32) -> String {
    let s = setup.setup();
    format!(
        "{}–{}",
        s.slot_start(slot)
            .with_timezone(&jst())
            .format("%m/%d %H:%M"),
        s.slot_end(slot).with_timezone(&jst()).format("%H:%M")
    )
}

/// A participant as a row shows it.
pub struct ParticipantView {
    pub id: i64,
    pub side: &'static str,
    pub name: String,
    pub profile: String,
    pub max_meetings: i32,
    pub slots: String,
    pub products: String,
    /// Whether the viewer has an open request with them.
    pub asked: bool,
}

pub(super) fn participant_view(
    lang: Lang,
    setup: &MeetingSetupRecord,
    p: &ParticipantRecord,
    products: &HashMap<i64, String>,
) -> ParticipantView {
    ParticipantView {
        id: p.id.0,
        side: p.side.name().get(lang),
        name: p.name.clone(),
        profile: p.profile.clone(),
        max_meetings: p.max_meetings,
        slots: (0..setup.slots)
            .filter(|s| p.available.get(*s as usize).copied().unwrap_or(false))
            .map(|s| slot_label(setup, s))
            .collect::<Vec<_>>()
            .join("、"),
        products: p
            .products
            .iter()
            .filter_map(|id| products.get(id).cloned())
            .collect::<Vec<_>>()
            .join("、"),
        asked: false,
    }
}

/// A request as a row shows it, with the moves the viewer may make.
pub struct RequestView {
    pub id: i64,
    pub version: i64,
    pub buyer: String,
    pub seller: String,
    pub by: &'static str,
    pub priority: i32,
    pub state: &'static str,
    pub code: &'static str,
    pub meeting: String,
    pub moves: Vec<(&'static str, &'static str)>,
}

pub(super) fn request_view(
    lang: Lang,
    r: &MeetingRequestRecord,
    names: &HashMap<ParticipantId, String>,
    meeting: String,
    party: Option<Party>,
) -> RequestView {
    let moves = party.map_or_else(Vec::new, |p| {
        moves_for::<MeetingRequest>(r.state, p, &Move::ALL)
            .into_iter()
            .map(|m| (m.code(), m.name().get(lang)))
            .collect()
    });
    RequestView {
        id: r.id.0,
        version: r.version,
        buyer: names.get(&r.buyer_id).cloned().unwrap_or_default(),
        seller: names.get(&r.seller_id).cloned().unwrap_or_default(),
        by: match r.requested_by.as_str() {
            "buyer" => tr(lang, "バイヤー", "Buyer"),
            "seller" => tr(lang, "セラー", "Seller"),
            _ => tr(lang, "主催者", "Organiser"),
        },
        priority: r.priority,
        state: r.state.name().get(lang),
        code: r.state.code(),
        meeting,
        moves,
    }
}

/// The participant's context: the event (published, a 商談会 with a set-up), the viewer's
/// company (checked as theirs) and its participant, if it takes part.
pub(super) struct Ctx {
    pub(super) e: Checked<EventRecord>,
    pub(super) setup: MeetingSetupRecord,
    company: Checked<CompanyRecord>,
    pub(super) me: Option<ParticipantRecord>,
}

pub(super) async fn ctx(state: &AppState, viewer: &Viewer, id: EventId) -> Result<Ctx, AppError> {
    let Some(company) = company_of(viewer) else {
        return Err(if viewer.subject.is_signed_in() {
            AppError::Forbidden
        } else {
            AppError::SignInRequired
        });
    };
    let e = events::load(&state.app, &viewer.caller(), Action::Read, id).await?;
    let setup = meetings::setup_of(&state.app, &e)
        .await?
        .ok_or(AppError::NotFound)?;
    let company = state
        .app
        .company(&viewer.caller(), Action::Read, CompanyId(company))
        .await?
        .map(|(c, _)| c);
    let me = meetings::participant_of(&state.app, e.id, company.id).await?;
    Ok(Ctx {
        e,
        setup,
        company,
        me,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "events/meetings.html")]
pub struct MeetingsPage {
    base: Base,
    event_id: i64,
    title: String,
    csrf: String,
    mode: &'static str,
    final_agenda: bool,
    company: String,
    /// The viewer's participant, once entered.
    me: Option<ParticipantView>,
    version: i64,
    /// The profile form's values.
    side: String,
    text: String,
    max_meetings: String,
    slots: Vec<(usize, String, bool)>,
    products: Vec<(i64, String, bool)>,
    others: Vec<ParticipantView>,
    requests: Vec<RequestView>,
    errors: Errors,
    saved: bool,
}

async fn page(
    state: &AppState,
    lang: Lang,
    viewer: &Viewer,
    c: &Ctx,
    form: Option<&HashMap<String, String>>,
    errors: &[FieldError],
) -> Result<MeetingsPage, AppError> {
    let store = &state.store;
    let list = store.meeting_participants(c.e.id).await?;
    let own_products = store.company_product_names(c.company.id).await?;
    let mut all_products: HashMap<i64, String> = HashMap::new();
    for p in list.iter().filter(|p| p.side == Side::Seller) {
        if let Some(company) = p.company_id {
            all_products.extend(store.company_product_names(company).await?);
        }
    }
    let names: HashMap<ParticipantId, String> =
        list.iter().map(|p| (p.id, p.name.clone())).collect();
    let requests = store.meeting_requests(c.e.id).await?;
    let placed: HashMap<MeetingRequestId, String> = store
        .meetings(c.e.id)
        .await?
        .into_iter()
        .map(|m| {
            let at = format!(
                "{} {}{}",
                slot_label(&c.setup, m.slot),
                tr(lang, "テーブル", "table "),
                m.table_no + 1
            );
            (m.request_id, at)
        })
        .collect();
    let field = |k: &str| form.and_then(|f| f.get(k)).cloned();
    let me = c.me.as_ref();
    let mut others = Vec::new();
    let mut mine = Vec::new();
    if let Some(me) = me {
        for p in list.iter().filter(|p| p.side == me.side.other()) {
            let mut v = participant_view(lang, &c.setup, p, &all_products);
            v.asked = requests.iter().any(|r| {
                !r.state.is_end() && meetings::party_of(r, me).is_some() && {
                    r.buyer_id == p.id || r.seller_id == p.id
                }
            });
            others.push(v);
        }
        for r in &requests {
            if let Some(party) = meetings::party_of(r, me) {
                let at = placed.get(&r.id).cloned().unwrap_or_default();
                mine.push(request_view(lang, r, &names, at, Some(party)));
            }
        }
    }
    let ticked = |s: usize| match form {
        Some(f) => f.contains_key(&format!("slot_{s}")),
        None => me.is_none_or(|m| m.available.get(s).copied().unwrap_or(false)),
    };
    let chosen = |id: i64| match form {
        Some(f) => f.contains_key(&format!("product_{id}")),
        None => me.is_some_and(|m| m.products.contains(&id)),
    };
    Ok(MeetingsPage {
        base: Base::new(
            lang,
            format!("/events/{}/meetings", c.e.id),
            format!(
                "{}{}",
                tr(lang, "商談会：", "Business meeting: "),
                c.e.title
            ),
            "events",
        ),
        event_id: c.e.id.0,
        title: c.e.title.clone(),
        csrf: viewer.csrf().to_owned(),
        mode: c.setup.mode.name().get(lang),
        final_agenda: c.setup.final_agenda,
        company: c.company.name.clone(),
        me: me.map(|m| participant_view(lang, &c.setup, m, &all_products)),
        version: me.map_or(0, |m| m.version),
        side: field("side").unwrap_or_default(),
        text: field("text").unwrap_or_else(|| me.map(|m| m.profile.clone()).unwrap_or_default()),
        max_meetings: field("max_meetings")
            .unwrap_or_else(|| me.map(|m| m.max_meetings.to_string()).unwrap_or_default()),
        slots: (0..c.setup.slots)
            .map(|s| (s as usize, slot_label(&c.setup, s), ticked(s as usize)))
            .collect(),
        products: own_products
            .into_iter()
            .map(|(id, name)| (id, name, chosen(id)))
            .collect(),
        others,
        requests: mine,
        errors: Errors::of(lang, errors),
        saved: false,
    })
}

/// The participant's page: their profile (or the form to take part), the other side's
/// profiles, their requests.
pub async fn show(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<EventId>,
    Query(q): Query<SavedQuery>,
) -> Result<MeetingsPage, AppError> {
    let c = ctx(&state, &viewer, id).await?;
    let mut p = page(&state, lang, &viewer, &c, None, &[]).await?;
    p.saved = q.saved();
    Ok(p)
}

/// The slots ticked in a form (`slot_0`, `slot_1` …) and the products (`product_{id}`).
pub(super) fn ticks(form: &HashMap<String, String>) -> (Vec<usize>, Vec<i64>) {
    let mut slots: Vec<usize> = form
        .keys()
        .filter_map(|k| k.strip_prefix("slot_")?.parse().ok())
        .collect();
    slots.sort_unstable();
    let mut products: Vec<i64> = form
        .keys()
        .filter_map(|k| k.strip_prefix("product_")?.parse().ok())
        .collect();
    products.sort_unstable();
    (slots, products)
}

/// Takes part (a buyer or a seller, with the profile) or changes the profile.
pub async fn save(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<EventId>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let c = ctx(&state, &viewer, id).await?;
    let field = |k: &str| form.get(k).cloned().unwrap_or_default();
    viewer.check_csrf(&field("csrf")).await?;
    let (available, products) = ticks(&form);
    let draft = ProfileDraft {
        text: field("text"),
        max_meetings: field("max_meetings"),
        available,
    };
    let done = meetings::save_profile(
        &state.app,
        &viewer.caller(),
        &c.e,
        &c.company,
        Side::from_code(field("side").trim()),
        field("version").parse().unwrap_or(0),
        &draft,
        &products,
    )
    .await?;
    match done {
        Ok(_) => Ok(Redirect::to(&format!("/events/{id}/meetings?saved=1")).into_response()),
        Err(r) => {
            let errors = refused(r)?;
            let p = page(&state, lang, &viewer, &c, Some(&form), &errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response())
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RequestForm {
    csrf: String,
    with: i64,
    priority: String,
}

/// Asks one of the other side for a meeting.
pub async fn request(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<EventId>,
    FormInput(form): FormInput<RequestForm>,
) -> Result<Response, AppError> {
    let c = ctx(&state, &viewer, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    let Some(me) = c.me.as_ref() else {
        return Err(AppError::NotFound);
    };
    let with = ParticipantId(form.with);
    let done =
        meetings::request(&state.app, &viewer.caller(), &c.e, me, with, &form.priority).await?;
    match done {
        Ok(_) => Ok(Redirect::to(&format!("/events/{id}/meetings?saved=1")).into_response()),
        Err(r) => {
            let errors = refused(r)?;
            let p = page(&state, lang, &viewer, &c, None, &errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response())
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MoveForm {
    pub csrf: String,
    pub request: i64,
    pub version: i64,
    #[serde(rename = "move")]
    pub move_code: String,
}

/// Accepts, declines or withdraws a request (as the party the participant is to it).
pub async fn step(
    PageContext(state, _lang, _uri, viewer): PageContext,
    Path(id): Path<EventId>,
    FormInput(form): FormInput<MoveForm>,
) -> Result<Response, AppError> {
    let c = ctx(&state, &viewer, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    let Some(me) = c.me.as_ref() else {
        return Err(AppError::NotFound);
    };
    let Some(m) = Move::from_code(&form.move_code) else {
        return Err(AppError::NotFound);
    };
    let r = (MeetingRequestId(form.request), form.version);
    let done = meetings::move_request(&state.app, &viewer.caller(), &c.e, Some(me), r, m).await?;
    refused_or(done)?;
    Ok(Redirect::to(&format!("/events/{id}/meetings?saved=1")).into_response())
}

/// A move's refusal as an error page (a move's form has no fields to show).
pub(super) fn refused_or<T>(done: Result<T, Refused>) -> Result<T, AppError> {
    match done {
        Ok(v) => Ok(v),
        Err(Refused::Fields(errors)) => Err(match errors.first() {
            Some(e) => AppError::BadRequest {
                field: Some(e.field),
                message: e.message,
            },
            None => AppError::NotFound,
        }),
        Err(r) => Err(refused(r).err().unwrap_or(AppError::NotFound)),
    }
}

/// A meeting on an agenda as the page shows it.
pub struct AgendaRow {
    pub request: i64,
    pub when: String,
    pub table: i32,
    pub with: String,
    pub profile: String,
    pub locked: bool,
    pub outcomes: Vec<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "events/meetings_agenda.html")]
pub struct AgendaPage {
    pub base: Base,
    pub event_id: i64,
    pub title: String,
    pub venue: String,
    pub name: String,
    pub csrf: String,
    pub final_agenda: bool,
    /// Where the outcome form goes.
    pub outcome_action: String,
    /// The participant's own `.ics` (none on the organiser's view).
    pub ics: Option<String>,
    /// The agenda as a PDF.
    pub pdf: String,
    pub rows: Vec<AgendaRow>,
    pub outcome_choices: Vec<(&'static str, &'static str)>,
    pub asked_choices: Vec<(&'static str, &'static str)>,
    pub errors: Errors,
    pub saved: bool,
}

/// An outcome as a line of the agenda.
fn outcome_line(lang: Lang, o: &OutcomeRecord) -> String {
    format!(
        "{}: {}（{}・{}）",
        o.asked.name().get(lang),
        o.outcome.name().get(lang),
        show_time(o.at),
        o.actor_label
    )
}

/// Where an agenda page is and where its links go.
pub(super) struct AgendaLinks {
    pub here: String,
    /// Where the outcome form goes.
    pub outcome_action: String,
    /// The participant's own `.ics` (none on the organiser's view).
    pub ics: Option<String>,
    pub pdf: String,
}

/// A participant's agenda page (for them, or for the organiser).
#[allow(clippy::too_many_arguments)]
pub(super) async fn agenda_page(
    state: &AppState,
    lang: Lang,
    viewer: &Viewer,
    e: &EventRecord,
    setup: &MeetingSetupRecord,
    me: &ParticipantRecord,
    links: AgendaLinks,
    errors: &[FieldError],
) -> Result<AgendaPage, AppError> {
    let items = meetings::agenda(&state.app, e, setup, me).await?;
    let outcomes = state.store.meeting_outcomes(e.id).await?;
    let rows = items
        .iter()
        .map(|i| AgendaRow {
            request: i.request.id.0,
            when: slot_label(setup, i.slot),
            table: i.table_no + 1,
            with: i.with.name.clone(),
            profile: i.with.profile.clone(),
            locked: i.locked,
            outcomes: outcomes
                .iter()
                .filter(|o| o.request_id == i.request.id)
                .map(|o| outcome_line(lang, o))
                .collect(),
        })
        .collect();
    use renkei_domain::event::meeting::{Asked, Outcome};
    Ok(AgendaPage {
        base: Base::new(
            lang,
            links.here,
            format!("{}{}", tr(lang, "商談スケジュール：", "Agenda: "), me.name),
            "events",
        ),
        event_id: e.id.0,
        title: e.title.clone(),
        venue: e.venue.clone(),
        name: me.name.clone(),
        csrf: viewer.csrf().to_owned(),
        final_agenda: setup.final_agenda,
        outcome_action: links.outcome_action,
        ics: links.ics,
        pdf: links.pdf,
        rows,
        outcome_choices: Outcome::ALL
            .iter()
            .map(|o| (o.code(), o.name().get(lang)))
            .collect(),
        asked_choices: Asked::ALL
            .iter()
            .map(|a| (a.code(), a.name().get(lang)))
            .collect(),
        errors: Errors::of(lang, errors),
        saved: false,
    })
}

fn paths(id: EventId) -> AgendaLinks {
    AgendaLinks {
        here: format!("/events/{id}/meetings/agenda"),
        outcome_action: format!("/events/{id}/meetings/outcomes"),
        ics: Some(format!("/events/{id}/meetings/agenda.ics")),
        pdf: format!("/events/{id}/meetings/agenda.pdf"),
    }
}

/// The participant's agenda.
pub async fn agenda(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<EventId>,
    Query(q): Query<SavedQuery>,
) -> Result<AgendaPage, AppError> {
    let c = ctx(&state, &viewer, id).await?;
    let me = c.me.as_ref().ok_or(AppError::NotFound)?;
    let mut p = agenda_page(&state, lang, &viewer, &c.e, &c.setup, me, paths(id), &[]).await?;
    p.saved = q.saved();
    Ok(p)
}

/// The participant's agenda as an iCalendar file: one entry per meeting.
pub async fn agenda_ics(
    PageContext(state, _lang, _uri, viewer): PageContext,
    Path(id): Path<EventId>,
) -> Result<Response, AppError> {
    let c = ctx(&state, &viewer, id).await?;
    let me = c.me.as_ref().ok_or(AppError::NotFound)?;
    let items: Vec<AgendaItem> = meetings::agenda(&state.app, &c.e, &c.setup, me).await?;
    let body = meetings::agenda_ics(&state.app, &c.e, &c.setup, &items);
    Ok((
        [
            (CONTENT_TYPE, renkei_io::ics::media_type(None)),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"meetings-{id}.ics\""),
            ),
        ],
        body,
    )
        .into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct OutcomeForm {
    pub csrf: String,
    pub request: i64,
    pub asked: String,
    pub outcome: String,
    pub note: String,
}

/// Records a meeting's outcome, as the party the participant is to it.
pub async fn outcome(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<EventId>,
    FormInput(form): FormInput<OutcomeForm>,
) -> Result<Response, AppError> {
    let c = ctx(&state, &viewer, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    let me = c.me.as_ref().ok_or(AppError::NotFound)?;
    let rid = MeetingRequestId(form.request);
    let r = state.store.meeting_request(rid).await?;
    if meetings::party_of(&r, me).is_none() {
        return Err(AppError::NotFound);
    }
    let done = meetings::record_outcome(
        &state.app,
        &viewer.caller(),
        &c.e,
        rid,
        me.side.code(),
        (&form.asked, &form.outcome),
        &form.note,
    )
    .await?;
    match done {
        Ok(_) => Ok(Redirect::to(&format!("/events/{id}/meetings/agenda?saved=1")).into_response()),
        Err(r) => {
            let errors = refused(r)?;
            let p = agenda_page(
                &state,
                lang,
                &viewer,
                &c.e,
                &c.setup,
                me,
                paths(id),
                &errors,
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response())
        }
    }
}
