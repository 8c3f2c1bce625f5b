//! A group's meetings: one recorded from the group's page (day, title, place, the event it
//! was, minutes, who attended), and its own page with its documents and, for the group's
//! cities' full staff, the form to change it (from the version seen).

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use renkei_app::access::Checked;
use renkei_app::research_groups::{self, Group};
use renkei_domain::access::{Action, Resource};
use renkei_domain::jdate::wareki;
use renkei_domain::research_group::MeetingDraft;
use renkei_domain::{FieldError, Lang};
use renkei_store::{EventId, GroupMeetingId, GroupMeetingRecord, ResearchGroupId};

use super::page::{DocumentRow, again, event_choices, size};
use super::seen_version;
use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::shared::forms::{Choice, Errors, SavedQuery};
use crate::shared::layout::Base;
use crate::shared::page::PageContext;

/// The meeting a form sends: its attendee boxes are `attendee_{member id}`.
fn draft_of(form: &HashMap<String, String>) -> MeetingDraft {
    let get = |k: &str| form.get(k).cloned().unwrap_or_default();
    let mut attendees: Vec<String> = form
        .keys()
        .filter_map(|k| k.strip_prefix("attendee_").map(str::to_owned))
        .collect();
    attendees.sort();
    MeetingDraft {
        held_on: get("held_on"),
        title: get("title"),
        place: get("place"),
        event: get("event"),
        minutes: get("minutes"),
        attendees,
    }
}

/// A meeting recorded.
pub async fn add(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<ResearchGroupId>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    viewer
        .check_csrf(form.get("csrf").map(String::as_str).unwrap_or_default())
        .await?;
    let caller = viewer.caller();
    let g = research_groups::load(&state.app, &caller, Action::Write, id).await?;
    match research_groups::add_meeting(&state.app, &caller, &g, &draft_of(&form)).await? {
        Ok(m) => Ok(
            Redirect::to(&format!("/research-groups/{id}/meetings/{}?saved=1", m.id))
                .into_response(),
        ),
        Err(errors) => again(&state, (lang, &viewer), &g, form, &errors).await,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "research_groups/meeting.html")]
pub struct MeetingPage {
    base: Base,
    group_id: i64,
    group_name: String,
    m: GroupMeetingRecord,
    held_on: String,
    event: Option<(i64, String)>,
    /// Every member of the group: (id, name, attended, in force).
    members: Vec<(i64, String, bool, bool)>,
    documents: Vec<DocumentRow>,
    writes: bool,
    events: Vec<Choice>,
    form: HashMap<String, String>,
    errors: Errors,
    csrf: String,
    saved: bool,
}

impl MeetingPage {
    fn value(&self, key: &str) -> &str {
        self.form.get(key).map(String::as_str).unwrap_or_default()
    }

    fn ticked(&self, member: &i64) -> bool {
        self.form.contains_key(&format!("attendee_{member}"))
    }
}

/// The form's values for a meeting as it is.
fn values_of(m: &GroupMeetingRecord) -> HashMap<String, String> {
    let mut v = HashMap::from([
        ("held_on".to_owned(), m.held_on.to_string()),
        ("title".to_owned(), m.title.clone()),
        ("place".to_owned(), m.place.clone()),
        (
            "event".to_owned(),
            m.event_id.map(|e| e.to_string()).unwrap_or_default(),
        ),
        ("minutes".to_owned(), m.minutes.clone()),
    ]);
    for a in &m.attendees {
        v.insert(format!("attendee_{a}"), "1".to_owned());
    }
    v
}

async fn meeting_page(
    state: &AppState,
    (lang, viewer): (Lang, &Viewer),
    (g, m): (&Checked<Group>, GroupMeetingRecord),
    form: HashMap<String, String>,
    errors: &[FieldError],
) -> Result<MeetingPage, AppError> {
    let r = &g.record;
    let companies = g.member_companies();
    let writes = viewer.may(
        Action::Write,
        Resource::ResearchGroup {
            cities: &r.cities,
            members: &companies,
        },
    );
    let event = match m.event_id {
        Some(e) => state
            .store
            .event(EventId(e))
            .await
            .ok()
            .map(|e| (e.id.0, e.title)),
        None => None,
    };
    let documents = state
        .store
        .research_group_documents(r.id)
        .await?
        .into_iter()
        .filter(|d| d.meeting_id == Some(m.id))
        .map(|d| DocumentRow {
            id: d.id,
            name: d.file_name,
            size: size(d.size_bytes),
            meeting: m.title.clone(),
            by: d.actor_label,
        })
        .collect();
    let members = g
        .members
        .iter()
        .map(|x| {
            (
                x.id.0,
                x.name.clone(),
                m.attendees.contains(&x.id.0),
                x.in_force(),
            )
        })
        .collect();
    let selected = form.get("event").cloned().unwrap_or_default();
    let events = event_choices(state, g, &selected).await?;
    Ok(MeetingPage {
        base: Base::new(
            lang,
            format!("/research-groups/{}/meetings/{}", r.id, m.id),
            format!("{}：{}", r.name, m.title),
            "companies",
        ),
        group_id: r.id.0,
        group_name: r.name.clone(),
        held_on: wareki(m.held_on),
        event,
        members,
        documents,
        writes,
        events,
        form,
        errors: Errors::of(lang, errors),
        csrf: viewer.csrf().to_owned(),
        saved: false,
        m,
    })
}

/// A meeting's page: its minutes, who attended, its documents.
pub async fn show(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path((id, meeting)): Path<(ResearchGroupId, GroupMeetingId)>,
    Query(q): Query<SavedQuery>,
) -> Result<MeetingPage, AppError> {
    let g = research_groups::load(&state.app, &viewer.caller(), Action::Read, id).await?;
    let m = research_groups::meeting(&state.app, &g, meeting).await?;
    let values = values_of(&m);
    let mut page = meeting_page(&state, (lang, &viewer), (&g, m), values, &[]).await?;
    page.saved = q.saved();
    Ok(page)
}

/// A meeting changed, from the version the person saw.
pub async fn edit(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path((id, meeting)): Path<(ResearchGroupId, GroupMeetingId)>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    viewer
        .check_csrf(form.get("csrf").map(String::as_str).unwrap_or_default())
        .await?;
    let caller = viewer.caller();
    let g = research_groups::load(&state.app, &caller, Action::Write, id).await?;
    let m = research_groups::meeting(&state.app, &g, meeting).await?;
    let seen = seen_version(&form)?;
    let draft = draft_of(&form);
    match research_groups::update_meeting(&state.app, &caller, &g, (&m, seen), &draft).await? {
        Ok(_) => Ok(
            Redirect::to(&format!("/research-groups/{id}/meetings/{meeting}?saved=1"))
                .into_response(),
        ),
        Err(errors) => {
            let page = meeting_page(&state, (lang, &viewer), (&g, m), form, &errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}
