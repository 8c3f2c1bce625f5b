//! The public side of events: the calendar of every city (or one, by `?city=`), the
//! iCalendar feeds of every city and of one, each event's page with the registration form
//! fitting who is looking (a company user registers their company; anyone registers for a
//! public event without an account), and an event's own `.ics`. A draft is its organising
//! cities' only: anyone else is told it does not exist.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, ETAG, IF_NONE_MATCH, VARY,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{Duration, Utc};
use renkei_app::events;
use renkei_domain::access::{Action, Role};
use renkei_domain::city::{CityCode, DESIGNATED_CITIES};
use renkei_domain::event::{Audience, Kind, QuestionKind, Status, Window, window};
use renkei_domain::{Lang, Text};
use renkei_store::{EventId, EventQuery, EventRecord};
use serde::Deserialize;

use std::sync::Arc;

use crate::AppState;
use crate::access::Viewer;
use crate::cache::{Fragment, Rendered, first_after};
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

pub(crate) fn view(state: &AppState, lang: Lang, e: &EventRecord) -> EventView {
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
    /// The page of the list (1, 2, …).
    page: String,
}

/// Events on one page of the calendar.
const PER_PAGE: u64 = 50;

#[derive(Template, WebTemplate)]
#[template(path = "events/calendar.html")]
pub struct CalendarPage {
    base: Base,
    cities: Vec<Choice>,
    kinds: Vec<Choice>,
    feed: String,
    past: bool,
    /// The list and its pager, as this node keeps it (`calendar_body.html`).
    body: Arc<str>,
}

/// The list below the calendar's filter: rendered once per filter, page, language, events'
/// revision and minute, and kept by each node while those hold.
#[derive(Template)]
#[template(path = "events/calendar_body.html")]
struct CalendarBody<'a> {
    base: &'a Base,
    events: Vec<EventView>,
    page: u64,
    previous: Option<String>,
    next: Option<String>,
}

fn query_of(q: &CalendarQuery, page: u64) -> Result<EventQuery, AppError> {
    let organiser = match q.city.trim() {
        "" => None,
        c => Some(city_code(c)?),
    };
    Ok(EventQuery {
        organiser,
        from: (q.past.is_empty()).then(Utc::now),
        kind: Kind::from_code(q.kind.trim()),
        // One more than a page: whether there is a next one.
        limit: PER_PAGE + 1,
        offset: (page - 1) * PER_PAGE,
        ..EventQuery::default()
    })
}

/// The calendar's address for another page of the same filter.
fn page_link(q: &CalendarQuery, page: u64) -> String {
    let mut url = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in [("city", &q.city), ("kind", &q.kind), ("past", &q.past)] {
        if !v.trim().is_empty() {
            url.append_pair(k, v.trim());
        }
    }
    if page > 1 {
        url.append_pair("page", &page.to_string());
    }
    format!("/events?{}", url.finish())
}

async fn render_body(
    state: &AppState,
    base: &Base,
    q: &CalendarQuery,
    page: u64,
) -> Result<Rendered, AppError> {
    let now = Utc::now();
    let mut list = events::calendar(&state.app, query_of(q, page)?).await?;
    // An event of an earlier page that ends moves this page's events up: its end is a moment
    // this page changes at, as are its own events' registration windows, starts and ends.
    let earlier = match page {
        1 => Vec::new(),
        _ => {
            let mut q = query_of(q, 1)?;
            q.limit = (page - 1) * PER_PAGE;
            events::calendar(&state.app, q).await?
        }
    };
    let until = first_after(
        list.iter()
            .flat_map(|e| {
                [
                    e.registration_opens_at,
                    e.registration_closes_at,
                    e.starts_at,
                    e.ends_at,
                ]
            })
            .chain(earlier.iter().map(|e| e.ends_at)),
        now,
    );
    let more = list.len() as u64 > PER_PAGE;
    list.truncate(PER_PAGE as usize);
    let body = CalendarBody {
        base,
        events: list.iter().map(|e| view(state, base.lang, e)).collect(),
        page,
        previous: (page > 1).then(|| page_link(q, page - 1)),
        next: more.then(|| page_link(q, page + 1)),
    };
    let text = body.render().map_err(|e| AppError::Internal(e.into()))?;
    Ok(Rendered { text, until })
}

/// The public calendar: published events of every city, or of one, a page at a time.
pub async fn list(
    PageContext(state, lang, uri, _viewer): PageContext,
    Query(q): Query<CalendarQuery>,
) -> Result<CalendarPage, AppError> {
    let page = match q.page.trim() {
        "" => 1,
        p => renkei_domain::text::fold(p)
            .parse::<u64>()
            .ok()
            .filter(|p| (1..=1_000).contains(p))
            .ok_or(AppError::NotFound)?,
    };
    let base = Base::new(
        lang,
        uri.to_string(),
        tr(lang, "催しの予定", "Events"),
        "events",
    );
    // Checked before the list is read, so a bad city is refused and never cached.
    if !q.city.trim().is_empty() {
        city_code(q.city.trim())?;
    }
    let revision = state.store.events_revision().await?;
    let key = format!(
        "events:{}:{}:{}:{page}:{}",
        q.city.trim(),
        q.kind.trim(),
        !q.past.is_empty(),
        lang.code()
    );
    let body = state
        .fragments
        .get_or_render(key, revision, Utc::now(), || {
            render_body(&state, &base, &q, page)
        })
        .await?
        .text()
        .clone();
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
        base,
        kinds: coded_choices(Kind::ALL, Kind::code, Kind::name, lang, q.kind.trim()),
        cities,
        feed,
        past: !q.past.is_empty(),
        body,
    })
}

/// A feed as calendar applications poll it: `304 Not Modified` when the client holds the
/// same (its `If-None-Match` names the fragment's tag), gzipped when it accepts gzip, and
/// with the tag to ask with next time.
fn feed_response(headers: &HeaderMap, f: &Fragment, name: &str) -> Response {
    let held = headers
        .get(IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == f.tag() || t.trim() == "*"));
    let tag = [
        (ETAG, f.tag().to_owned()),
        (VARY, "Accept-Encoding".to_owned()),
    ];
    if held {
        return (StatusCode::NOT_MODIFIED, tag).into_response();
    }
    let gzip = crate::cache::accepts_gzip(headers);
    let mut answer = ics_response(f.text().clone(), name);
    if gzip {
        *answer.body_mut() = axum::body::Body::from(f.gzip());
        answer
            .headers_mut()
            .insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    for (k, v) in tag {
        if let Ok(v) = HeaderValue::from_str(&v) {
            answer.headers_mut().insert(k, v);
        }
    }
    answer
}

fn ics_response(body: Arc<str>, name: &str) -> Response {
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
        crate::cache::body(body),
    )
        .into_response()
}

/// A feed of the published events from 30 days ago (of one organising city, or of all), as
/// this node keeps it while the events' revision holds and until the first of them passes
/// those 30 days.
async fn feed_of(state: &AppState, city: Option<CityCode>) -> Result<Arc<Fragment>, AppError> {
    let revision = state.store.events_revision().await?;
    let key = format!(
        "events.ics:{}",
        city.map(|c| c.to_string()).unwrap_or_default()
    );
    state
        .fragments
        .get_or_render(key, revision, Utc::now(), || render_feed(state, city))
        .await
}

/// How long a feed keeps an event after it ended.
const FEED_KEEPS: Duration = Duration::days(30);

async fn render_feed(state: &AppState, city: Option<CityCode>) -> Result<Rendered, AppError> {
    let now = Utc::now();
    let q = EventQuery {
        organiser: city,
        from: Some(now - FEED_KEEPS),
        limit: 2_000,
        ..EventQuery::default()
    };
    let list = events::calendar(&state.app, q).await?;
    let name = match city {
        Some(c) => format!("Renkei {}の催し", city_name(state, &c.to_string())),
        None => "Renkei 指定都市の催し".to_owned(),
    };
    Ok(Rendered {
        text: events::ics(&state.app, &name, Some("PUBLISH"), &list),
        until: first_after(list.iter().map(|e| e.ends_at + FEED_KEEPS), now),
    })
}

/// The iCalendar feed of every city's published events (from 30 days ago).
pub async fn feed(
    PageContext(state, _lang, _uri, _viewer): PageContext,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let f = feed_of(&state, None).await?;
    Ok(feed_response(&headers, &f, "events.ics"))
}

/// The iCalendar feed of one city's published events (those it organises or co-organises).
pub async fn city_feed(
    PageContext(state, _lang, _uri, _viewer): PageContext,
    Path(city): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let code = city_code(&city)?;
    let f = feed_of(&state, Some(code)).await?;
    Ok(feed_response(&headers, &f, &format!("events-{code}.ics")))
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
    Ok(ics_response(body.into(), &format!("event-{id}.ics")))
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
    /// `company` (a company user registers their company), `person` (a staff member or
    /// coordinator registers themselves for a training event) or `public`.
    pub kind: &'static str,
    pub company: String,
    pub csrf: String,
    pub questions: Vec<QuestionView>,
    pub name: String,
    pub email: String,
    pub organization: String,
    pub quota: i64,
    /// The company's products, one of which the registration may be for.
    pub products: Vec<Choice>,
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
const NO_FORM_CSR: Text = Text::new(
    "この催しは、主催市のCSRチャレンジ企業認証を受けている企業（認証企業コミュニティ）が申し込めます。",
    "Companies holding the organising city's CSR challenge certification (the community) may register.",
);
const NO_FORM_CITY: Text = Text::new(
    "この催しは、主催市（または指定都市）に所在する企業が申し込めます。",
    "Companies of the organising cities (or of the designated cities) may register.",
);

const NO_FORM_TRAINING: Text = Text::new(
    "この研修は、主催市の職員・コーディネーターが申し込めます。",
    "The organising cities' staff and coordinators may register for this training.",
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
    let cities = renkei_app::events::registrations::person_cities(&viewer.subject);
    let form = if !v.open {
        None
    } else if e.kind == renkei_domain::event::Kind::Training && !cities.is_empty() {
        if renkei_domain::event::person_may_register(e.kind, e.audience, &e.organisers, &cities) {
            Some(RegisterForm {
                kind: "person",
                company: viewer
                    .session
                    .as_ref()
                    .map(|s| s.user.display_name.clone())
                    .unwrap_or_default(),
                csrf: viewer.csrf().to_owned(),
                questions,
                name: String::new(),
                email: String::new(),
                organization: String::new(),
                quota,
                products: Vec::new(),
            })
        } else {
            why_not = NO_FORM_TRAINING.get(lang);
            None
        }
    } else if let Some(company) = company_of(viewer) {
        let name = state
            .store
            .company(renkei_store::CompanyId(company))
            .await?
            .map(|(c, _)| c);
        let certified_by = match (&name, e.audience) {
            (Some(c), Audience::CsrMembers) => {
                renkei_app::csr::community::certified_by(&state.app, c.id).await?
            }
            _ => Vec::new(),
        };
        match name {
            Some(c)
                if renkei_domain::event::company_may_register(
                    e.audience,
                    &e.organisers,
                    &c.home_city,
                    &certified_by,
                ) =>
            {
                let names = state.store.company_product_names(c.id).await?;
                // Preselected: the one chosen before, or the company's only product.
                let chosen = match (value("product"), names.as_slice()) {
                    (v, _) if !v.is_empty() => v,
                    (_, [(only, _)]) => only.to_string(),
                    _ => String::new(),
                };
                let products = names
                    .into_iter()
                    .map(|(id, name)| Choice {
                        selected: chosen == id.to_string(),
                        value: id.to_string(),
                        label: name,
                    })
                    .collect();
                Some(RegisterForm {
                    kind: "company",
                    company: c.name,
                    csrf: viewer.csrf().to_owned(),
                    questions,
                    name: String::new(),
                    email: String::new(),
                    organization: String::new(),
                    quota,
                    products,
                })
            }
            _ => {
                why_not = match e.audience {
                    Audience::CsrMembers => NO_FORM_CSR.get(lang),
                    _ => NO_FORM_CITY.get(lang),
                };
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
            products: Vec::new(),
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
