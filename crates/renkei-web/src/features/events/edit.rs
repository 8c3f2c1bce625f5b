//! The organiser's form of an event (new, and changed from the version seen), and its status:
//! published (on the calendar, open for registration in its period), back to a draft, or
//! called off. The event is tied to one of the city's menu entries (and so to its catalog
//! measure) and may be run by one of its support organisations; other designated cities
//! co-organise it. Its staff who may write do this; a wrong form comes back with every error
//! linked to its field (422), a stale one with the latest version (409).

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use renkei_app::access::Checked;
use renkei_app::events;
use renkei_domain::access::Action;
use renkei_domain::city::{CityCode, DESIGNATED_CITIES};
use renkei_domain::event::{
    Allocation, Audience, EventDraft, Kind, Priority, QUOTAS_MAX, QuestionDraft, QuestionKind,
    QuotaDraft, Status, local_value,
};
use renkei_domain::{FieldError, Lang};
use renkei_store::{
    EventId, EventLinks, EventRecord, MenuEntryId, MenuQuery, PageRequest, StoreError,
};

use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::shared::city::city_code;
use crate::shared::format::city_name;
use crate::shared::forms::{Choice, Errors, coded_choices};
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

/// How many questions the form offers.
const QUESTION_ROWS: usize = 5;

pub struct QuotaRow {
    pub i: usize,
    pub name: String,
    pub capacity: String,
}

pub struct QuestionRow {
    pub i: usize,
    pub label: String,
    pub choice: bool,
    pub choices: String,
    pub required: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "events/form.html")]
pub struct FormPage {
    base: Base,
    city: String,
    action: String,
    csrf: String,
    version: i64,
    v: HashMap<String, String>,
    kinds: Vec<Choice>,
    audiences: Vec<Choice>,
    allocations: Vec<Choice>,
    priorities: Vec<Choice>,
    co: Vec<Choice>,
    menu: Vec<Choice>,
    organizations: Vec<Choice>,
    quotas: Vec<QuotaRow>,
    questions: Vec<QuestionRow>,
    errors: Errors,
}

impl FormPage {
    fn val(&self, k: &str) -> &str {
        self.v.get(k).map(String::as_str).unwrap_or_default()
    }
}

/// The form's values of an event as stored.
fn values_of(e: &EventRecord) -> HashMap<String, String> {
    let mut v = HashMap::new();
    let mut put = |k: &str, s: String| {
        v.insert(k.to_owned(), s);
    };
    put("id", e.id.to_string());
    put("title", e.title.clone());
    put("description", e.description.clone());
    put("kind", e.kind.code().into());
    put("venue", e.venue.clone());
    put("online_url", e.online_url.clone().unwrap_or_default());
    put("starts_at", local_value(e.starts_at));
    put("ends_at", local_value(e.ends_at));
    put(
        "registration_opens_at",
        local_value(e.registration_opens_at),
    );
    put(
        "registration_closes_at",
        local_value(e.registration_closes_at),
    );
    put("cancel_until", local_value(e.cancel_until));
    put("audience", e.audience.code().into());
    put("allocation", e.allocation.code().into());
    put("priority", e.priority.code().into());
    put("offer_hours", e.offer_hours.to_string());
    put("reminder_hours", e.reminder_hours.to_string());
    put(
        "menu_entry",
        e.menu_entry_id.map(|m| m.0.to_string()).unwrap_or_default(),
    );
    put(
        "organization",
        e.organization_id
            .map(|o| o.0.to_string())
            .unwrap_or_default(),
    );
    for c in &e.organisers[1..] {
        put(&format!("co_{c}"), "1".into());
    }
    for (i, q) in e.quotas.iter().enumerate() {
        put(&format!("quota_name_{i}"), q.name.clone());
        put(&format!("quota_capacity_{i}"), q.capacity.to_string());
    }
    for (i, q) in e.questions.iter().enumerate() {
        put(&format!("question_label_{i}"), q.label.clone());
        put(&format!("question_kind_{i}"), q.kind.code().into());
        put(&format!("question_choices_{i}"), q.choices.join("\n"));
        if q.required {
            put(&format!("question_required_{i}"), "1".into());
        }
    }
    v
}

fn draft_of(v: &HashMap<String, String>) -> EventDraft {
    let g = |k: &str| v.get(k).cloned().unwrap_or_default();
    EventDraft {
        title: g("title"),
        description: g("description"),
        kind: g("kind"),
        co_organisers: DESIGNATED_CITIES
            .iter()
            .filter(|c| v.contains_key(&format!("co_{c}")))
            .map(|c| (*c).to_owned())
            .collect(),
        venue: g("venue"),
        online_url: g("online_url"),
        starts_at: g("starts_at"),
        ends_at: g("ends_at"),
        registration_opens_at: g("registration_opens_at"),
        registration_closes_at: g("registration_closes_at"),
        cancel_until: g("cancel_until"),
        audience: g("audience"),
        allocation: g("allocation"),
        priority: g("priority"),
        offer_hours: g("offer_hours"),
        reminder_hours: g("reminder_hours"),
        quotas: (0..QUOTAS_MAX)
            .map(|i| QuotaDraft {
                name: g(&format!("quota_name_{i}")),
                capacity: g(&format!("quota_capacity_{i}")),
            })
            .collect(),
        questions: (0..QUESTION_ROWS)
            .map(|i| QuestionDraft {
                label: g(&format!("question_label_{i}")),
                kind: g(&format!("question_kind_{i}")),
                choices: g(&format!("question_choices_{i}")),
                required: v.contains_key(&format!("question_required_{i}")),
            })
            .collect(),
    }
}

/// The menu entry and organisation the form names, checked to be the city's own.
pub(super) async fn links_of(
    state: &AppState,
    city: &CityCode,
    v: &HashMap<String, String>,
    errors: &mut Vec<FieldError>,
) -> Result<EventLinks, AppError> {
    let mut links = EventLinks::default();
    if let Some(id) = v
        .get("menu_entry")
        .and_then(|s| s.trim().parse::<i64>().ok())
    {
        match state.store.menu_entry(city, MenuEntryId(id)).await {
            Ok(m) => {
                links.menu_entry = Some(m.id);
                links.measure_code = Some(m.entry.measure.code.to_owned());
            }
            Err(StoreError::NotFound) => errors.push(FieldError::new(
                "menu_entry",
                "支援メニューは、この市のメニューから選んでください。",
                "Choose a menu entry of this city.",
            )),
            Err(e) => return Err(e.into()),
        }
    }
    if let Some(id) = v
        .get("organization")
        .and_then(|s| s.trim().parse::<i64>().ok())
    {
        let own = state.store.organizations_of(city).await?;
        match own.iter().find(|o| o.id.0 == id) {
            Some(o) => links.organization = Some(o.id),
            None => errors.push(FieldError::new(
                "organization",
                "実施する団体は、この市の支援機関から選んでください。",
                "Choose one of this city's support organisations.",
            )),
        }
    }
    Ok(links)
}

#[allow(clippy::too_many_arguments)]
async fn form_page(
    state: &AppState,
    lang: Lang,
    viewer: &Viewer,
    city: &CityCode,
    action: String,
    version: i64,
    v: HashMap<String, String>,
    errors: &[FieldError],
) -> Result<FormPage, AppError> {
    let get = |k: &str| v.get(k).cloned().unwrap_or_default();
    let menu = state
        .store
        .menu(
            city,
            MenuQuery {
                scope: None,
                page: PageRequest::new(1, PageRequest::MAX_PER_PAGE),
            },
        )
        .await?
        .items
        .into_iter()
        .map(|m| Choice {
            selected: get("menu_entry") == m.id.0.to_string(),
            value: m.id.0.to_string(),
            label: m.entry.name,
        })
        .collect();
    let organizations = state
        .store
        .organizations_of(city)
        .await?
        .into_iter()
        .map(|o| Choice {
            selected: get("organization") == o.id.0.to_string(),
            value: o.id.0.to_string(),
            label: o.name,
        })
        .collect();
    let co = DESIGNATED_CITIES
        .iter()
        .filter(|c| **c != city.to_string())
        .map(|c| Choice {
            value: (*c).to_owned(),
            label: city_name(state, c),
            selected: v.contains_key(&format!("co_{c}")),
        })
        .collect();
    let title = if version == 0 {
        tr(lang, "催しを登録", "New event").to_owned()
    } else {
        format!("{}{}", tr(lang, "催しを編集：", "Edit: "), get("title"))
    };
    Ok(FormPage {
        base: Base::new(lang, action.clone(), title, "events"),
        city: city.to_string(),
        csrf: viewer.csrf().to_owned(),
        version,
        kinds: coded_choices(Kind::ALL, Kind::code, Kind::name, lang, &get("kind")),
        audiences: coded_choices(
            Audience::ALL,
            Audience::code,
            Audience::name,
            lang,
            &get("audience"),
        ),
        allocations: coded_choices(
            Allocation::ALL,
            Allocation::code,
            Allocation::name,
            lang,
            &get("allocation"),
        ),
        priorities: coded_choices(
            Priority::ALL,
            Priority::code,
            Priority::name,
            lang,
            &get("priority"),
        ),
        co,
        menu,
        organizations,
        quotas: (0..QUOTAS_MAX)
            .map(|i| QuotaRow {
                i,
                name: get(&format!("quota_name_{i}")),
                capacity: get(&format!("quota_capacity_{i}")),
            })
            .collect(),
        questions: (0..QUESTION_ROWS)
            .map(|i| QuestionRow {
                i,
                label: get(&format!("question_label_{i}")),
                choice: get(&format!("question_kind_{i}")) == QuestionKind::Choice.code(),
                choices: get(&format!("question_choices_{i}")),
                required: v.contains_key(&format!("question_required_{i}")),
            })
            .collect(),
        errors: Errors::of(lang, errors),
        action,
        v,
    })
}

async fn require_write(viewer: &Viewer, city: &CityCode) -> Result<(), AppError> {
    let resource = renkei_domain::access::Resource::CityRecord {
        owner: city,
        shared_with: &[],
    };
    viewer.require(Action::Write, resource).await
}

pub async fn new_form(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(city): Path<String>,
) -> Result<FormPage, AppError> {
    let code = city_code(&city)?;
    require_write(&viewer, &code).await?;
    let mut v = HashMap::new();
    for (k, d) in [
        ("kind", "seminar"),
        ("audience", "organisers"),
        ("allocation", "first_come"),
        ("priority", "none"),
        ("quota_name_0", "企業枠"),
    ] {
        v.insert(k.to_owned(), d.to_owned());
    }
    let action = format!("/cities/{code}/events/new");
    form_page(&state, lang, &viewer, &code, action, 0, v, &[]).await
}

pub async fn create(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(city): Path<String>,
    FormInput(v): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let code = city_code(&city)?;
    require_write(&viewer, &code).await?;
    viewer
        .check_csrf(v.get("csrf").map(String::as_str).unwrap_or_default())
        .await?;
    let mut errors = Vec::new();
    let links = links_of(&state, &code, &v, &mut errors).await?;
    let action = format!("/cities/{code}/events/new");
    let input = match draft_of(&v).validate(&code) {
        Ok(i) if errors.is_empty() => i,
        result => {
            if let Err(e) = result {
                errors.extend(e);
            }
            let page = form_page(&state, lang, &viewer, &code, action, 0, v, &errors).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let e = events::create(&state.app, &viewer.caller(), &code, &input, &links).await?;
    Ok(Redirect::to(&format!("/events/{}?saved=1", e.id)).into_response())
}

/// The event of the path, of the city of the path (another city's: not found), loaded for
/// `action` by the viewer.
pub(super) async fn load(
    state: &AppState,
    viewer: &Viewer,
    action: Action,
    city: &str,
    id: EventId,
) -> Result<(CityCode, Checked<EventRecord>), AppError> {
    let code = city_code(city)?;
    let e = events::load_as_organiser(&state.app, &viewer.caller(), action, id).await?;
    if e.city != code {
        return Err(AppError::NotFound);
    }
    Ok((code, e))
}

pub async fn edit_form(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path((city, id)): Path<(String, EventId)>,
) -> Result<FormPage, AppError> {
    let (code, e) = load(&state, &viewer, Action::Write, &city, id).await?;
    let action = format!("/cities/{code}/events/{id}/edit");
    form_page(
        &state,
        lang,
        &viewer,
        &code,
        action,
        e.version,
        values_of(&e),
        &[],
    )
    .await
}

pub async fn update(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path((city, id)): Path<(String, EventId)>,
    FormInput(v): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let (code, e) = load(&state, &viewer, Action::Write, &city, id).await?;
    viewer
        .check_csrf(v.get("csrf").map(String::as_str).unwrap_or_default())
        .await?;
    let version: i64 = v.get("version").and_then(|s| s.parse().ok()).unwrap_or(0);
    let action = format!("/cities/{code}/events/{id}/edit");
    let mut errors = Vec::new();
    let links = links_of(&state, &code, &v, &mut errors).await?;
    let input = match draft_of(&v).validate(&code) {
        Ok(i) if errors.is_empty() => i,
        result => {
            if let Err(e) = result {
                errors.extend(e);
            }
            let page = form_page(&state, lang, &viewer, &code, action, version, v, &errors).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    match events::update(&state.app, &viewer.caller(), &e, version, &input, &links).await {
        Ok(_) => Ok(Redirect::to(&format!("/events/{id}?saved=1")).into_response()),
        Err(StoreError::Conflict) => {
            let latest = state.store.event(id).await?;
            let conflict = [FieldError::new(
                "title",
                "ほかの人が先に変更しました。最新の内容を表示しています。確認してから保存し直してください。",
                "Someone else changed it first. The latest version is shown: check it and save again.",
            )];
            let page = form_page(
                &state,
                lang,
                &viewer,
                &code,
                action,
                latest.version,
                values_of(&latest),
                &conflict,
            )
            .await?;
            Ok((StatusCode::CONFLICT, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct StatusForm {
    csrf: String,
    version: i64,
    status: String,
}

/// Publishes the event, takes it back to a draft, or calls it off.
pub async fn status(
    PageContext(state, _lang, _uri, viewer): PageContext,
    Path((city, id)): Path<(String, EventId)>,
    FormInput(form): FormInput<StatusForm>,
) -> Result<Response, AppError> {
    let (_, e) = load(&state, &viewer, Action::Write, &city, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    let Some(status) = Status::from_code(form.status.trim()) else {
        return Err(AppError::Validation(vec![FieldError::new(
            "status",
            "公開・下書き・中止から選んでください。",
            "Choose published, draft or cancelled.",
        )]));
    };
    events::set_status(&state.app, &viewer.caller(), &e, form.version, status).await?;
    Ok(Redirect::to(&format!("/events/{id}?saved=1")).into_response())
}
