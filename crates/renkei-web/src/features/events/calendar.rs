//! The public side of events: the calendar of every city (or one, by `?city=`), the
//! iCalendar feeds of every city and of one, each event's page with the registration form
//! fitting who is looking (a company user registers their company; anyone registers for a
//! public event without an account), and an event's own `.ics`. A draft is its organising
//! cities' only: anyone else is told it does not exist.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use chrono::{Duration, Utc};
use renkei_app::events;
use renkei_domain::access::{Action, Role};
use renkei_domain::city::DESIGNATED_CITIES;
use renkei_domain::event::{Audience, Kind, QuestionKind, Status, Window, window};
use renkei_domain::{Lang, Text};
use renkei_store::{EventId, EventQuery, EventRecord};
use serde::Deserialize;

use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::shared::city::city_code;
use crate::shared::cookies::issue_form_token;
use crate::shared::format::{city_name, show_wareki, show_when};
use crate::shared::forms::{Choice, Errors, coded_choices};
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

/// An event as a list or its page shows it.
pub struct EventView {
    pub id: i64,
    pub city: String,
    pub title: String,
    pub description: String,
    pub kind: &'static str,
    /// A 商談会: its matchmaking pages are linked.
    pub business_meeting: bool,
    pub when: String,
    pub until: String,
    pub wareki: String,
    pub place: String,
    pub online_url: String,
    pub organisers: String,
    pub audience: &'static str,
    pub allocation: &'static str,
    pub window: &'static str,
    pub open: bool,
    pub status: &'static str,
    pub draft: bool,
    pub free: i64,
    pub quotas: Vec<QuotaView>,
}

pub struct QuotaView {
    pub id: i64,
    pub name: String,
    pub capacity: i32,
    pub free: i64,
    pub waiting: i64,
}

pub(super) fn view(state: &AppState, lang: Lang, e: &EventRecord) -> EventView {
    let w = window(
        e.registration_opens_at,
        e.registration_closes_at,
        Utc::now(),
    );
    EventView {
        id: e.id.0,
        city: e.city.to_string(),
        title: e.title.clone(),
        description: e.description.clone(),
        kind: e.kind.name().get(lang),
        business_meeting: e.kind == renkei_domain::event::Kind::BusinessMeeting,
        when: show_when(e.starts_at),
        until: show_when(e.ends_at),
        wareki: show_wareki(e.starts_at),
        place: e.venue.clone(),
        online_url: e.online_url.clone().unwrap_or_default(),
        organisers: e
            .organisers
            .iter()
            .map(|c| city_name(state, &c.to_string()))
            .collect::<Vec<_>>()
            .join("・"),
        audience: e.audience.name().get(lang),
        allocation: e.allocation.name().get(lang),
        window: w.name().get(lang),
        open: w == Window::Open && e.status == Status::Published,
        status: e.status.name().get(lang),
        draft: e.status == Status::Draft,
        free: e.free(),
        quotas: e
            .quotas
            .iter()
            .map(|q| QuotaView {
                id: q.id.0,
                name: q.name.clone(),
                capacity: q.capacity,
                free: q.free(),
                waiting: q.waiting,
            })
            .collect(),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CalendarQuery {
    city: String,
    kind: String,
    /// Past events too.
    past: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "events/calendar.html")]
pub struct CalendarPage {
    base: Base,
    events: Vec<EventView>,
    cities: Vec<Choice>,
    kinds: Vec<Choice>,
    feed: String,
    past: bool,
}

fn query_of(q: &CalendarQuery) -> Result<EventQuery, AppError> {
    let organiser = match q.city.trim() {
        "" => None,
        c => Some(city_code(c)?),
    };
    Ok(EventQuery {
        organiser,
        from: (q.past.is_empty()).then(Utc::now),
        kind: Kind::from_code(q.kind.trim()),
        limit: 500,
        ..EventQuery::default()
    })
}

/// The public calendar: published events of every city, or of one.
pub async fn list(
    PageContext(state, lang, uri, _viewer): PageContext,
    Query(q): Query<CalendarQuery>,
) -> Result<CalendarPage, AppError> {
    let query = query_of(&q)?;
    let events = events::calendar(&state.app, query)
        .await?
        .iter()
        .map(|e| view(&state, lang, e))
        .collect();
    let cities = DESIGNATED_CITIES
        .iter()
        .map(|code| Choice {
            value: (*code).to_owned(),
            label: city_name(&state, code),
            selected: q.city.trim() == *code,
        })
        .collect();
    let feed = match q.city.trim() {
        "" => "/events.ics".to_owned(),
        c => format!("/cities/{c}/events.ics"),
    };
    Ok(CalendarPage {
        base: Base::new(
            lang,
            uri.to_string(),
            tr(lang, "催しの予定", "Events"),
            "events",
        ),
        events,
        cities,
        kinds: coded_choices(Kind::ALL, Kind::code, Kind::name, lang, q.kind.trim()),
        feed,
        past: !q.past.is_empty(),
    })
}

fn ics_response(body: String, name: &str) -> Response {
    (
        [
            (CONTENT_TYPE, renkei_io::ics::media_type(None)),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{name}\""),
            ),
            // Calendar applications poll a feed; an hour's staleness is fine.
            (CACHE_CONTROL, "public, max-age=3600".to_owned()),
        ],
        body,
    )
        .into_response()
}

/// The iCalendar feed of every city's published events (from 30 days ago).
pub async fn feed(
    PageContext(state, _lang, _uri, _viewer): PageContext,
) -> Result<Response, AppError> {
    let q = EventQuery {
        from: Some(Utc::now() - Duration::days(30)),
        limit: 2_000,
        ..EventQuery::default()
    };
    let list = events::calendar(&state.app, q).await?;
    let body = events::ics(&state.app, "Renkei 指定都市の催し", Some("PUBLISH"), &list);
    Ok(ics_response(body, "events.ics"))
}

/// The iCalendar feed of one city's published events (those it organises or co-organises).
pub async fn city_feed(
    PageContext(state, _lang, _uri, _viewer): PageContext,
    Path(city): Path<String>,
) -> Result<Response, AppError> {
    let code = city_code(&city)?;
    let q = EventQuery {
        organiser: Some(code),
        from: Some(Utc::now() - Duration::days(30)),
        limit: 2_000,
        ..EventQuery::default()
    };
    let list = events::calendar(&state.app, q).await?;
    let name = format!("Renkei {}の催し", city_name(&state, &city));
    let body = events::ics(&state.app, &name, Some("PUBLISH"), &list);
    Ok(ics_response(body, &format!("events-{code}.ics")))
}

/// One event's `.ics` (a published one, or a draft for its organisers).
pub async fn one(
    PageContext(state, _lang, _uri, viewer): PageContext,
    Path(id): Path<EventId>,
) -> Result<Response, AppError> {
    let e = events::load(&state.app, &viewer.caller(), Action::Read, id).await?;
    let body = events::ics(
        &state.app,
        &e.title,
        Some("PUBLISH"),
        std::slice::from_ref(&*e),
    );
    Ok(ics_response(body, &format!("event-{id}.ics")))
}

/// A question of the registration form.
pub struct QuestionView {
    pub field: &'static str,
    pub label: String,
    pub choice: bool,
    pub choices: Vec<String>,
    pub required: bool,
    pub value: String,
}

/// The registration form as the page shows it.
pub struct RegisterForm {
    /// `company` (a company user registers their company) or `public`.
    pub kind: &'static str,
    pub company: String,
    pub csrf: String,
    pub questions: Vec<QuestionView>,
    pub name: String,
    pub email: String,
    pub organization: String,
    pub quota: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "events/event.html")]
pub struct EventPage {
    pub base: Base,
    pub e: EventView,
    pub form: Option<RegisterForm>,
    /// Why there is no form, when there is none.
    pub why_not: &'static str,
    pub organiser: bool,
    pub errors: Errors,
    pub menu_entry: Option<i64>,
}

const NO_FORM_PUBLIC: Text = Text::new(
    "この催しは企業向けです。申し込むには、企業の利用者としてサインインしてください。",
    "This event is for companies: sign in as a company's user to register.",
);
const NO_FORM_CITY: Text = Text::new(
    "この催しは、主催市（または指定都市）に所在する企業が申し込めます。",
    "Companies of the organising cities (or of the designated cities) may register.",
);

/// The company a viewer registers for: their first company.
pub(super) fn company_of(viewer: &Viewer) -> Option<i64> {
    viewer.subject.roles.iter().find_map(|r| match r {
        Role::CompanyUser { company } => Some(*company),
        _ => None,
    })
}

/// The event page with the registration form fitting the viewer (and `values` typed before).
pub(super) async fn event_page(
    state: &AppState,
    lang: Lang,
    here: String,
    viewer: &Viewer,
    e: &EventRecord,
    values: Option<&std::collections::HashMap<String, String>>,
    errors: &[renkei_domain::FieldError],
) -> Result<EventPage, AppError> {
    let v = view(state, lang, e);
    let organiser = viewer.may_write_in(&e.city);
    let value = |k: &str| values.and_then(|m| m.get(k)).cloned().unwrap_or_default();
    let questions = e
        .questions
        .iter()
        .zip(renkei_domain::event::ANSWER_FIELDS)
        .map(|(q, field)| QuestionView {
            field,
            label: q.label.clone(),
            choice: q.kind == QuestionKind::Choice,
            choices: q.choices.clone(),
            required: q.required,
            value: value(field),
        })
        .collect::<Vec<_>>();
    let quota = value("quota")
        .parse()
        .unwrap_or(v.quotas.first().map_or(0, |q| q.id));
    let mut why_not = "";
    let form = if !v.open {
        None
    } else if let Some(company) = company_of(viewer) {
        let name = state
            .store
            .company(renkei_store::CompanyId(company))
            .await?
            .map(|(c, _)| c);
        match name {
            Some(c)
                if renkei_domain::event::company_may_register(
                    e.audience,
                    &e.organisers,
                    &c.home_city,
                ) =>
            {
                Some(RegisterForm {
                    kind: "company",
                    company: c.name,
                    csrf: viewer.csrf().to_owned(),
                    questions,
                    name: String::new(),
                    email: String::new(),
                    organization: String::new(),
                    quota,
                })
            }
            _ => {
                why_not = NO_FORM_CITY.get(lang);
                None
            }
        }
    } else if e.audience == Audience::Public && !viewer.subject.is_signed_in() {
        Some(RegisterForm {
            kind: "public",
            company: String::new(),
            csrf: String::new(),
            questions,
            name: value("name"),
            email: value("email"),
            organization: value("organization"),
            quota,
        })
    } else {
        why_not = NO_FORM_PUBLIC.get(lang);
        None
    };
    Ok(EventPage {
        base: Base::new(lang, here, e.title.clone(), "events"),
        e: v,
        form,
        why_not,
        organiser,
        errors: Errors::of(lang, errors),
        menu_entry: e.menu_entry_id.map(|m| m.0),
    })
}

/// An event's page. The public form gets its form token (a cookie and a hidden field).
pub async fn show(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(id): Path<EventId>,
) -> Result<Response, AppError> {
    let e = events::load(&state.app, &viewer.caller(), Action::Read, id).await?;
    let mut page = event_page(&state, lang, uri.to_string(), &viewer, &e, None, &[]).await?;
    if let Some(f) = page.form.as_mut().filter(|f| f.kind == "public") {
        let (token, cookie) = issue_form_token(&state).await?;
        f.csrf = token;
        return Ok(([(axum::http::header::SET_COOKIE, cookie)], page).into_response());
    }
    Ok(page.into_response())
}
