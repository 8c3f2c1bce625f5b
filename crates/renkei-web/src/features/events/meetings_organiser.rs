//! The 商談会's pages for its organiser: the set-up (slots, their length, the first slot's
//! start, tables, how meetings are agreed, when outcomes are asked again), the participants
//! (companies and sales-channel targets of any city entered with their profiles), the
//! requests with the organiser's moves and the meetings it arranges, the scheduler's run, the
//! grid of meetings with those placed by hand (locked), the agenda made final, each
//! participant's agenda with its outcomes.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use renkei_app::access::Checked;
use renkei_app::events::meetings::{self, Entrant};
use renkei_domain::access::Action;
use renkei_domain::event::local_value;
use renkei_domain::event::meeting::{Mode, Move, Party, ProfileDraft, SetupDraft, Side};
use renkei_domain::{FieldError, Lang};
use renkei_store::{
    CompanyId, EventId, EventRecord, MeetingRequestId, MeetingSetupRecord, PageRequest,
    ParticipantId, ParticipantRecord, TargetId, TargetQuery,
};
use serde::Deserialize;

use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::shared::format::{city_name, show_time};
use crate::shared::forms::Errors;
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

use super::edit::load;
use super::meetings::{
    AgendaLinks, MoveForm, OutcomeForm, ParticipantView, RequestView, agenda_page,
    participant_view, refused, refused_or, request_view, slot_label, ticks,
};

/// A slot's row of the grid: its time and, per table, the meeting there (and whether it is
/// locked).
pub struct GridRow {
    pub label: String,
    pub cells: Vec<Option<(String, bool)>>,
}

#[derive(Template, WebTemplate)]
#[template(path = "events/meetings_organiser.html")]
pub struct OrganiserPage {
    base: Base,
    city: String,
    event_id: i64,
    title: String,
    csrf: String,
    can_write: bool,
    has_setup: bool,
    setup_version: i64,
    final_agenda: bool,
    scheduled_at: String,
    /// The set-up form's values.
    values: HashMap<&'static str, String>,
    modes: Vec<(&'static str, &'static str)>,
    slots: Vec<(usize, String)>,
    tables: Vec<i32>,
    setup_fields: Vec<(&'static str, &'static str, &'static str)>,
    sides: Vec<(&'static str, Vec<ParticipantView>)>,
    buyer_choices: Vec<(i64, String)>,
    seller_choices: Vec<(i64, String)>,
    /// Companies registered for the event that do not take part yet (number, name).
    registered: Vec<(i64, String)>,
    /// The organiser's search for a sales-channel target as a buyer, and what it found.
    find: String,
    found: Vec<(i64, String)>,
    requests: Vec<RequestView>,
    accepted: Vec<(i64, String)>,
    grid: Vec<GridRow>,
    errors: Errors,
    saved: bool,
}

impl OrganiserPage {
    fn value(&self, k: &str) -> &str {
        self.values.get(k).map_or("", String::as_str)
    }

    fn is_mode(&self, code: &str) -> bool {
        self.value("mode") == code
    }
}

fn setup_values(s: Option<&MeetingSetupRecord>) -> HashMap<&'static str, String> {
    let mut v = HashMap::new();
    if let Some(s) = s {
        v.insert("slots", s.slots.to_string());
        v.insert("slot_minutes", s.slot_minutes.to_string());
        v.insert("first_slot_at", local_value(s.first_slot_at));
        v.insert("tables", s.tables.to_string());
        v.insert("mode", s.mode.code().to_owned());
        v.insert("follow_up_months", s.follow_up_months.to_string());
    } else {
        v.insert("slot_minutes", "20".to_owned());
        v.insert("mode", Mode::OptIn.code().to_owned());
        v.insert("follow_up_months", "6".to_owned());
    }
    v
}

/// The set-up form's fields: name, label, input type.
fn setup_fields(lang: Lang) -> Vec<(&'static str, &'static str, &'static str)> {
    vec![
        ("slots", tr(lang, "時間枠の数", "Number of slots"), "text"),
        (
            "slot_minutes",
            tr(lang, "1枠の時間（分）", "Slot length (minutes)"),
            "text",
        ),
        (
            "first_slot_at",
            tr(lang, "最初の枠の開始日時", "First slot starts"),
            "datetime-local",
        ),
        ("tables", tr(lang, "テーブル数", "Number of tables"), "text"),
        (
            "follow_up_months",
            tr(
                lang,
                "追跡調査（何か月後に結果を再確認するか）",
                "Follow-up after (months)",
            ),
            "text",
        ),
    ]
}

/// The grid of a schedule: per slot, per table, the pair meeting there.
fn grid_of(
    s: &MeetingSetupRecord,
    placed: &[renkei_store::MeetingRecord],
    requests: &[renkei_store::MeetingRequestRecord],
    names: &HashMap<ParticipantId, String>,
) -> Vec<GridRow> {
    (0..s.slots)
        .map(|slot| GridRow {
            label: slot_label(s, slot),
            cells: (0..s.tables)
                .map(|t| {
                    let m = placed.iter().find(|m| m.slot == slot && m.table_no == t)?;
                    let r = requests.iter().find(|r| r.id == m.request_id)?;
                    let who = format!(
                        "{} × {}",
                        names.get(&r.buyer_id).cloned().unwrap_or_default(),
                        names.get(&r.seller_id).cloned().unwrap_or_default()
                    );
                    Some((who, m.locked))
                })
                .collect(),
        })
        .collect()
}

async fn organiser_page(
    state: &AppState,
    lang: Lang,
    viewer: &Viewer,
    e: &EventRecord,
    form: Option<&HashMap<String, String>>,
    errors: &[FieldError],
) -> Result<OrganiserPage, AppError> {
    let store = &state.store;
    let setup = meetings::setup_of(&state.app, e).await?;
    let mut values = setup_values(setup.as_ref());
    const SETUP_FIELDS: [&str; 6] = [
        "slots",
        "slot_minutes",
        "first_slot_at",
        "tables",
        "mode",
        "follow_up_months",
    ];
    if let Some(f) = form {
        for k in SETUP_FIELDS {
            if let Some(v) = f.get(k) {
                values.insert(k, v.clone());
            }
        }
    }
    let list = store.meeting_participants(e.id).await?;
    let registered = store
        .event_registrations(e.id)
        .await?
        .into_iter()
        .filter(|r| r.state.holds_place())
        .filter_map(|r| {
            let c = r.company_id?;
            let name = if r.organization.is_empty() {
                r.name
            } else {
                r.organization
            };
            (!list.iter().any(|p| p.company_id == Some(c))).then_some((c.0, name))
        })
        .collect();
    let names: HashMap<ParticipantId, String> =
        list.iter().map(|p| (p.id, p.name.clone())).collect();
    let requests = store.meeting_requests(e.id).await?;
    let placed = store.meetings(e.id).await?;
    let (mut buyers, mut sellers, mut rows, mut grid, mut accepted) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    if let Some(s) = &setup {
        let mut products = HashMap::new();
        for p in list.iter().filter(|p| p.side == Side::Seller) {
            if let Some(c) = p.company_id {
                products.extend(store.company_product_names(c).await?);
            }
        }
        for p in &list {
            let v = participant_view(lang, s, p, &products);
            match p.side {
                Side::Buyer => buyers.push(v),
                Side::Seller => sellers.push(v),
            }
        }
        for r in &requests {
            let at = placed
                .iter()
                .find(|m| m.request_id == r.id)
                .map(|m| {
                    format!(
                        "{} {}{}{}",
                        slot_label(s, m.slot),
                        tr(lang, "テーブル", "table "),
                        m.table_no + 1,
                        if m.locked {
                            tr(lang, "（固定）", " (locked)")
                        } else {
                            ""
                        }
                    )
                })
                .unwrap_or_default();
            rows.push(request_view(lang, r, &names, at, Some(Party::Organiser)));
            if r.state == renkei_domain::event::meeting::State::Accepted {
                let pair = format!(
                    "#{} {} × {}",
                    r.id,
                    names.get(&r.buyer_id).cloned().unwrap_or_default(),
                    names.get(&r.seller_id).cloned().unwrap_or_default()
                );
                accepted.push((r.id.0, pair));
            }
        }
        grid = grid_of(s, &placed, &requests, &names);
    }
    Ok(OrganiserPage {
        base: Base::new(
            lang,
            format!("/cities/{}/events/{}/meetings", e.city, e.id),
            format!(
                "{}{}",
                tr(lang, "商談会の運営：", "Business meeting: "),
                e.title
            ),
            "events",
        ),
        city: e.city.to_string(),
        event_id: e.id.0,
        title: e.title.clone(),
        csrf: viewer.csrf().to_owned(),
        can_write: viewer.may_write_in(&e.city),
        has_setup: setup.is_some(),
        setup_version: setup.as_ref().map_or(0, |s| s.version),
        final_agenda: setup.as_ref().is_some_and(|s| s.final_agenda),
        scheduled_at: setup
            .as_ref()
            .and_then(|s| s.scheduled_at)
            .map(show_time)
            .unwrap_or_default(),
        values,
        modes: Mode::ALL
            .iter()
            .map(|m| (m.code(), m.name().get(lang)))
            .collect(),
        slots: setup.as_ref().map_or_else(Vec::new, |s| {
            (0..s.slots)
                .map(|i| (i as usize, slot_label(s, i)))
                .collect()
        }),
        tables: setup
            .as_ref()
            .map_or_else(Vec::new, |s| (1..=s.tables).collect()),
        setup_fields: setup_fields(lang),
        buyer_choices: buyers.iter().map(|p| (p.id, p.name.clone())).collect(),
        seller_choices: sellers.iter().map(|p| (p.id, p.name.clone())).collect(),
        registered,
        find: String::new(),
        found: Vec::new(),
        sides: vec![
            (tr(lang, "バイヤー", "Buyers"), buyers),
            (tr(lang, "セラー", "Sellers"), sellers),
        ],
        requests: rows,
        accepted,
        grid,
        errors: Errors::of(lang, errors),
        saved: false,
    })
}

async fn business_meeting(
    state: &AppState,
    viewer: &Viewer,
    action: Action,
    city: &str,
    id: EventId,
) -> Result<Checked<EventRecord>, AppError> {
    let (_, e) = load(state, viewer, action, city, id).await?;
    if e.kind != renkei_domain::event::Kind::BusinessMeeting {
        return Err(AppError::NotFound);
    }
    Ok(e)
}

fn back(e: &EventRecord) -> Response {
    Redirect::to(&format!(
        "/cities/{}/events/{}/meetings?saved=1",
        e.city, e.id
    ))
    .into_response()
}

async fn again(
    state: &AppState,
    lang: Lang,
    viewer: &Viewer,
    e: &EventRecord,
    form: Option<&HashMap<String, String>>,
    errors: Vec<FieldError>,
) -> Result<Response, AppError> {
    let p = organiser_page(state, lang, viewer, e, form, &errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response())
}

/// The organiser's page of a 商談会.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ShowQuery {
    saved: Option<String>,
    /// Words of a sales-channel target's name (or reading, address …) to add as a buyer.
    find: String,
}

/// The most targets a search offers.
const FOUND_MAX: u64 = 20;

pub async fn show(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path((city, id)): Path<(String, EventId)>,
    Query(q): Query<ShowQuery>,
) -> Result<OrganiserPage, AppError> {
    let e = business_meeting(&state, &viewer, Action::Read, &city, id).await?;
    let mut p = organiser_page(&state, lang, &viewer, &e, None, &[]).await?;
    p.saved = q.saved.is_some();
    let find = q.find.trim();
    if !find.is_empty() && p.can_write {
        // The organising cities' own targets: another city's are its records.
        for c in &e.organisers {
            let query = TargetQuery {
                city: Some(*c),
                kind: None,
                text: Some(find.to_owned()),
            };
            let page = state
                .store
                .sales_targets(&query, PageRequest::new(1, FOUND_MAX))
                .await?;
            p.found.extend(page.items.into_iter().map(|t| {
                let place = city_name(&state, &t.city_code.to_string());
                (t.id.0, format!("{}（{place}）", t.name))
            }));
        }
        p.found.truncate(FOUND_MAX as usize);
        p.find = find.to_owned();
    }
    Ok(p)
}

/// Writes the set-up.
pub async fn setup(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path((city, id)): Path<(String, EventId)>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let e = business_meeting(&state, &viewer, Action::Write, &city, id).await?;
    let field = |k: &str| form.get(k).cloned().unwrap_or_default();
    viewer.check_csrf(&field("csrf")).await?;
    let draft = SetupDraft {
        slots: field("slots"),
        slot_minutes: field("slot_minutes"),
        first_slot_at: field("first_slot_at"),
        tables: field("tables"),
        mode: field("mode"),
        follow_up_months: field("follow_up_months"),
    };
    let version = field("version").parse().unwrap_or(0);
    match meetings::save_setup(&state.app, &viewer.caller(), &e, version, &draft).await? {
        Ok(_) => Ok(back(&e)),
        Err(r) => again(&state, lang, &viewer, &e, Some(&form), refused(r)?).await,
    }
}

/// Enters a participant: a company (`company`) or, for a buyer, a sales-channel target
/// (`target`), with the profile.
pub async fn add(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path((city, id)): Path<(String, EventId)>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let e = business_meeting(&state, &viewer, Action::Write, &city, id).await?;
    let field = |k: &str| form.get(k).cloned().unwrap_or_default();
    viewer.check_csrf(&field("csrf")).await?;
    let number = |k: &str| {
        renkei_domain::text::fold(&field(k))
            .trim()
            .parse::<i64>()
            .ok()
    };
    // A number typed wins over a name picked from the lists.
    let company = number("company").or_else(|| number("company_pick"));
    let target = number("target").or_else(|| number("target_pick"));
    let who = match (company, target) {
        (Some(c), _) => Some(Entrant::Company(CompanyId(c))),
        (None, Some(t)) => Some(Entrant::Target(TargetId(t))),
        _ => None,
    };
    let Some(side) = Side::from_code(field("side").trim()) else {
        let errors = vec![FieldError::new(
            "side",
            "バイヤーかセラーかを選んでください。",
            "Choose buyer or seller.",
        )];
        return again(&state, lang, &viewer, &e, None, errors).await;
    };
    let (available, _) = ticks(&form);
    let draft = ProfileDraft {
        text: field("text"),
        max_meetings: field("max_meetings"),
        available,
    };
    match meetings::add_participant(&state.app, &viewer.caller(), &e, side, who, &draft).await? {
        Ok(_) => Ok(back(&e)),
        Err(r) => again(&state, lang, &viewer, &e, None, refused(r)?).await,
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ArrangeForm {
    csrf: String,
    buyer: i64,
    seller: i64,
    priority: String,
}

/// Arranges a meeting between a buyer and a seller (an accepted request).
pub async fn arrange(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path((city, id)): Path<(String, EventId)>,
    FormInput(form): FormInput<ArrangeForm>,
) -> Result<Response, AppError> {
    let e = business_meeting(&state, &viewer, Action::Write, &city, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    let pair = (ParticipantId(form.buyer), ParticipantId(form.seller));
    match meetings::arrange(&state.app, &viewer.caller(), &e, pair, &form.priority).await? {
        Ok(_) => Ok(back(&e)),
        Err(r) => again(&state, lang, &viewer, &e, None, refused(r)?).await,
    }
}

/// The organiser's move on a request (accept, decline, withdraw).
pub async fn step(
    PageContext(state, _lang, _uri, viewer): PageContext,
    Path((city, id)): Path<(String, EventId)>,
    FormInput(form): FormInput<MoveForm>,
) -> Result<Response, AppError> {
    let e = business_meeting(&state, &viewer, Action::Write, &city, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    let Some(m) = Move::from_code(&form.move_code) else {
        return Err(AppError::NotFound);
    };
    let r = (MeetingRequestId(form.request), form.version);
    refused_or(meetings::move_request(&state.app, &viewer.caller(), &e, None, r, m).await?)?;
    Ok(back(&e))
}

/// Runs the scheduler.
pub async fn schedule(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path((city, id)): Path<(String, EventId)>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let e = business_meeting(&state, &viewer, Action::Write, &city, id).await?;
    viewer
        .check_csrf(form.get("csrf").map_or("", String::as_str))
        .await?;
    match meetings::schedule(&state.app, &viewer.caller(), &e).await? {
        Ok(_) => Ok(back(&e)),
        Err(r) => again(&state, lang, &viewer, &e, None, refused(r)?).await,
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LockForm {
    csrf: String,
    request: i64,
    slot: String,
    table: String,
    /// `unlock` takes the lock off.
    action: String,
}

/// Places an accepted request's meeting by hand (locked), or takes the lock off.
pub async fn lock(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path((city, id)): Path<(String, EventId)>,
    FormInput(form): FormInput<LockForm>,
) -> Result<Response, AppError> {
    let e = business_meeting(&state, &viewer, Action::Write, &city, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    let number = |v: &str| renkei_domain::text::fold(v).trim().parse::<i32>().ok();
    let place = if form.action == "unlock" {
        None
    } else {
        // The table as shown (from 1); -1 when missing, refused by the use case.
        let slot = number(&form.slot).unwrap_or(-1);
        let table = number(&form.table).map_or(-1, |t| t - 1);
        Some((slot, table))
    };
    let rid = MeetingRequestId(form.request);
    match meetings::lock(&state.app, &viewer.caller(), &e, rid, place).await? {
        Ok(()) => Ok(back(&e)),
        Err(r) => again(&state, lang, &viewer, &e, None, refused(r)?).await,
    }
}

/// Makes the agenda final (`final=1`) or preliminary again.
pub async fn final_agenda(
    PageContext(state, _lang, _uri, viewer): PageContext,
    Path((city, id)): Path<(String, EventId)>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let e = business_meeting(&state, &viewer, Action::Write, &city, id).await?;
    viewer
        .check_csrf(form.get("csrf").map_or("", String::as_str))
        .await?;
    let final_agenda = form.get("final").is_some_and(|v| v == "1");
    refused_or(meetings::set_final(&state.app, &viewer.caller(), &e, final_agenda).await?)?;
    Ok(back(&e))
}

/// A participant's agenda, as the organiser sees it (to print for those without an
/// account, and to record outcomes for them).
pub async fn agenda(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path((city, id, participant)): Path<(String, EventId, i64)>,
) -> Result<super::meetings::AgendaPage, AppError> {
    let (e, setup, me) = organiser_participant(&state, &viewer, &city, id, participant).await?;
    let here = format!("/cities/{city}/events/{id}/meetings/agenda/{participant}");
    let paths = AgendaLinks {
        pdf: format!("{here}/agenda.pdf"),
        here,
        outcome_action: format!("/cities/{city}/events/{id}/meetings/outcomes"),
        ics: None,
    };
    agenda_page(&state, lang, &viewer, &e, &setup, &me, paths, &[]).await
}

/// A 商談会 the viewer may read as its organiser, its set-up, and one of its participants.
pub(super) async fn organiser_participant(
    state: &AppState,
    viewer: &Viewer,
    city: &str,
    id: EventId,
    participant: i64,
) -> Result<(Checked<EventRecord>, MeetingSetupRecord, ParticipantRecord), AppError> {
    let e = business_meeting(state, viewer, Action::Read, city, id).await?;
    let setup = meetings::setup_of(&state.app, &e)
        .await?
        .ok_or(AppError::NotFound)?;
    let me = state
        .store
        .meeting_participant(ParticipantId(participant))
        .await?;
    if me.event_id != e.id {
        return Err(AppError::NotFound);
    }
    Ok((e, setup, me))
}

/// Records a meeting's outcome for one of its parties.
pub async fn outcome(
    PageContext(state, _lang, _uri, viewer): PageContext,
    Path((city, id)): Path<(String, EventId)>,
    FormInput(form): FormInput<OutcomeForm>,
) -> Result<Response, AppError> {
    let e = business_meeting(&state, &viewer, Action::Write, &city, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    let done = meetings::record_outcome(
        &state.app,
        &viewer.caller(),
        &e,
        MeetingRequestId(form.request),
        "organiser",
        (&form.asked, &form.outcome),
        &form.note,
    )
    .await?;
    refused_or(done)?;
    Ok(back(&e))
}
