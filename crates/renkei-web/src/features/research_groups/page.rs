//! A research group's page: what it is and which cities run it, its members (in force and
//! past), its meetings and documents; for its cities' full staff, the forms to change it, to
//! add a member, to record a meeting and to keep a document. A form sent back with errors
//! shows the page again with what was typed, the problems named at their fields (each form's
//! fields have names of their own).

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use renkei_app::access::Checked;
use renkei_app::research_groups::{self, Group};
use renkei_domain::access::{Action, Resource};
use renkei_domain::event::Kind;
use renkei_domain::jdate::wareki;
use renkei_domain::research_group::MemberKind;
use renkei_domain::{FieldError, Lang};
use renkei_store::{EventQuery, ResearchGroupId};

use super::list::{field_choices, partner_boxes};
use super::{group_draft, seen_version};
use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::shared::format::city_name;
use crate::shared::forms::{Choice, Errors, SavedQuery, coded_choices};
use crate::shared::layout::Base;
use crate::shared::page::PageContext;

/// A member as a row of the group's page.
pub struct MemberRow {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub company: Option<i64>,
    pub note: String,
    pub joined: String,
    pub left: String,
}

/// A meeting as a row of the group's page.
pub struct MeetingRow {
    pub id: i64,
    pub held_on: String,
    pub title: String,
    pub place: String,
    pub attendees: usize,
}

/// A document as a row of the group's page.
pub struct DocumentRow {
    pub id: i64,
    pub name: String,
    pub size: String,
    pub meeting: String,
    pub by: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "research_groups/group.html")]
pub struct GroupPage {
    base: Base,
    id: i64,
    version: i64,
    field: String,
    cities: String,
    founded: String,
    description: String,
    active: bool,
    members: Vec<MemberRow>,
    meetings: Vec<MeetingRow>,
    documents: Vec<DocumentRow>,
    writes: bool,
    fields: Vec<Choice>,
    partners: Vec<(String, String, bool)>,
    kinds: Vec<Choice>,
    events: Vec<Choice>,
    /// The members in force, as attendee boxes: (id, name, ticked).
    attendees: Vec<(i64, String, bool)>,
    meeting_choices: Vec<Choice>,
    form: HashMap<String, String>,
    errors: Errors,
    csrf: String,
    saved: bool,
}

impl GroupPage {
    fn value(&self, key: &str) -> &str {
        self.form.get(key).map(String::as_str).unwrap_or_default()
    }
}

/// A size as people read it: `12 KB`, `1.5 MB`.
pub(super) fn size(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}

/// The form's values for a group as it is.
fn values_of(g: &Group) -> HashMap<String, String> {
    let r = &g.record;
    let mut v = HashMap::from([
        ("name".to_owned(), r.name.clone()),
        ("field".to_owned(), r.field.code().to_owned()),
        ("description".to_owned(), r.description.clone()),
        (
            "founded_on".to_owned(),
            r.founded_on.map(|d| d.to_string()).unwrap_or_default(),
        ),
    ]);
    for c in r.cities.iter().skip(1) {
        v.insert(format!("partner_{c}"), "1".to_owned());
    }
    if !r.active {
        v.insert("inactive".to_owned(), "1".to_owned());
    }
    v
}

/// The research-group events of the group's cities a meeting may be tied to: published,
/// held in the last year or so.
pub(super) async fn event_choices(
    state: &AppState,
    g: &Group,
    selected: &str,
) -> Result<Vec<Choice>, AppError> {
    let mut choices: Vec<Choice> = Vec::new();
    for city in &g.record.cities {
        // Published ones held in the last year or so (a meeting is recorded once held).
        let now = chrono::Utc::now();
        let q = EventQuery {
            organiser: Some(*city),
            kind: Some(Kind::ResearchGroup),
            published_only: true,
            from: Some(now - chrono::Duration::days(400)),
            until: Some(now),
            ..Default::default()
        };
        for e in state.store.events(&q).await? {
            let value = e.id.to_string();
            if choices.iter().any(|c| c.value == value) {
                continue;
            }
            let day = wareki(crate::shared::format::in_jst(e.starts_at).date_naive());
            choices.push(Choice {
                selected: value == selected,
                label: format!("{day} {}", e.title),
                value,
            });
        }
    }
    Ok(choices)
}

/// The page of a checked group, with `form` as typed and its `errors`.
pub(super) async fn group_page(
    state: &AppState,
    (lang, viewer): (Lang, &Viewer),
    g: &Checked<Group>,
    form: HashMap<String, String>,
    errors: &[FieldError],
) -> Result<GroupPage, AppError> {
    let r = &g.record;
    let meetings = state.store.research_group_meetings(r.id).await?;
    let documents = state.store.research_group_documents(r.id).await?;
    let company_ids = g.member_companies();
    let writes = viewer.may(
        Action::Write,
        Resource::ResearchGroup {
            cities: &r.cities,
            members: &company_ids,
        },
    );
    let members = g
        .members
        .iter()
        .map(|m| MemberRow {
            id: m.id.0,
            kind: m.kind.name().get(lang).to_owned(),
            name: m.name.clone(),
            company: m.company_id.map(|c| c.0),
            note: m.note.clone(),
            joined: wareki(m.joined_on),
            left: m.left_on.map(wareki).unwrap_or_default(),
        })
        .collect();
    let title_of = |id: i64| {
        meetings
            .iter()
            .find(|m| m.id.0 == id)
            .map(|m| m.title.clone())
            .unwrap_or_default()
    };
    let documents = documents
        .iter()
        .map(|d| DocumentRow {
            id: d.id,
            name: d.file_name.clone(),
            size: size(d.size_bytes),
            meeting: d.meeting_id.map(|m| title_of(m.0)).unwrap_or_default(),
            by: d.actor_label.clone(),
        })
        .collect();
    let attendees = g
        .members
        .iter()
        .filter(|m| m.in_force())
        .map(|m| {
            let on = form.contains_key(&format!("attendee_{}", m.id));
            (m.id.0, m.name.clone(), on)
        })
        .collect();
    let get = |k: &str| form.get(k).map_or("", String::as_str).to_owned();
    let meeting_choices = meetings
        .iter()
        .map(|m| Choice {
            value: m.id.to_string(),
            label: format!("{} {}", wareki(m.held_on), m.title),
            selected: get("meeting") == m.id.to_string(),
        })
        .collect();
    let cities = r
        .cities
        .iter()
        .map(|c| city_name(state, &c.to_string()))
        .collect::<Vec<_>>()
        .join("・");
    Ok(GroupPage {
        base: Base::new(
            lang,
            format!("/research-groups/{}", r.id),
            r.name.clone(),
            "companies",
        ),
        id: r.id.0,
        version: r.version,
        field: r.field.name().get(lang).to_owned(),
        cities,
        founded: r.founded_on.map(wareki).unwrap_or_default(),
        description: r.description.clone(),
        active: r.active,
        members,
        meetings: meetings
            .iter()
            .map(|m| MeetingRow {
                id: m.id.0,
                held_on: wareki(m.held_on),
                title: m.title.clone(),
                place: m.place.clone(),
                attendees: m.attendees.len(),
            })
            .collect(),
        documents,
        writes,
        fields: field_choices(lang, &get("field")),
        partners: partner_boxes(state, &r.city, |c| {
            form.contains_key(&format!("partner_{c}"))
        }),
        kinds: coded_choices(
            MemberKind::ALL,
            MemberKind::code,
            MemberKind::name,
            lang,
            &get("kind"),
        ),
        events: event_choices(state, g, &get("event")).await?,
        attendees,
        meeting_choices,
        form,
        errors: Errors::of(lang, errors),
        csrf: viewer.csrf().to_owned(),
        saved: false,
    })
}

/// A group's page.
pub async fn show(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<ResearchGroupId>,
    Query(q): Query<SavedQuery>,
) -> Result<GroupPage, AppError> {
    let g = research_groups::load(&state.app, &viewer.caller(), Action::Read, id).await?;
    let values = values_of(&g);
    let mut page = group_page(&state, (lang, &viewer), &g, values, &[]).await?;
    page.saved = q.saved();
    Ok(page)
}

/// A group changed, from the version the person saw.
pub async fn edit(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<ResearchGroupId>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    viewer
        .check_csrf(form.get("csrf").map(String::as_str).unwrap_or_default())
        .await?;
    let caller = viewer.caller();
    let g = research_groups::load(&state.app, &caller, Action::Write, id).await?;
    let seen = seen_version(&form)?;
    match research_groups::update(&state.app, &caller, &g, seen, &group_draft(&form)).await? {
        Ok(_) => Ok(Redirect::to(&format!("/research-groups/{id}?saved=1")).into_response()),
        Err(errors) => {
            let page = group_page(&state, (lang, &viewer), &g, form, &errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

/// The page again after a form of it was refused: 422 with what was typed.
pub(super) async fn again(
    state: &AppState,
    (lang, viewer): (Lang, &Viewer),
    g: &Checked<Group>,
    form: HashMap<String, String>,
    errors: &[FieldError],
) -> Result<Response, AppError> {
    let page = group_page(state, (lang, viewer), g, form, errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// Back to the group's page at `anchor`, with the saved notice.
pub(super) fn saved_to(id: ResearchGroupId, anchor: &str) -> Redirect {
    Redirect::to(&format!("/research-groups/{id}?saved=1#{anchor}"))
}
