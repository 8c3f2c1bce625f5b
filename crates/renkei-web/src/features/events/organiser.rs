//! The organiser's pages: the city's events (those it organises or co-organises; exported as
//! CSV and XLSX too), an event's
//! registrations by quota with their exports (CSV and XLSX, as Excel opens them), the moves
//! on each (approve, decline with a reason, cancel, check in, no-show), the lottery's draw
//! from a seed (given, or drawn here and recorded), and the check-in page a staff member's
//! phone opens from the QR code on a confirmation: who it is, and one button.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use renkei_app::events::{self, registrations};
use renkei_domain::access::Action;
use renkei_domain::event::Allocation;
use renkei_domain::event::registration::{EventRegistration, Move, State as Step};
use renkei_domain::{FieldError, Lang, Text};
use renkei_store::{
    EventId, EventQuery, EventRecord, EventRegistrationId, EventRegistrationRecord,
};
use serde::Deserialize;

use crate::AppState;
use crate::access::Viewer;
use crate::csv::{ListFormat, download, utc_stamp};
use crate::error::AppError;
use crate::extract::{FormInput, QueryInput};
use crate::shared::city::city_code;
use crate::shared::format::{city_name, show_time};
use crate::shared::forms::{Errors, SavedQuery};
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

use super::calendar::{EventView, view};
use super::edit::load;

#[derive(Template, WebTemplate)]
#[template(path = "events/list.html")]
pub struct ListPage {
    base: Base,
    city: String,
    can_write: bool,
    events: Vec<EventView>,
}

/// The events the city organises or co-organises, the latest first to come.
pub async fn list(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(city): Path<String>,
) -> Result<ListPage, AppError> {
    let code = city_code(&city)?;
    let q = EventQuery {
        limit: 500,
        from: Some(chrono::Utc::now() - chrono::Duration::days(365)),
        ..EventQuery::default()
    };
    let list = events::of_city(&state.app, &viewer.caller(), &code, q).await?;
    let name = city_name(&state, &city);
    Ok(ListPage {
        base: Base::new(
            lang,
            uri.to_string(),
            format!("{name}{}", tr(lang, "の催し", ": events")),
            "events",
        ),
        city: code.to_string(),
        can_write: viewer.may_write_in(&code),
        events: list.iter().map(|e| view(&state, lang, e)).collect(),
    })
}

/// `GET /cities/{city}/events.csv` and `.xlsx`: the city's events of the list, one a row,
/// as Excel opens them.
pub async fn list_file(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(city): Path<String>,
) -> Result<Response, AppError> {
    let code = city_code(&city)?;
    let q = EventQuery {
        limit: 2_000,
        from: Some(chrono::Utc::now() - chrono::Duration::days(365)),
        ..EventQuery::default()
    };
    let list = events::of_city(&state.app, &viewer.caller(), &code, q).await?;
    let header = [
        tr(lang, "番号", "No."),
        tr(lang, "催し", "Event"),
        tr(lang, "種類", "Kind"),
        tr(lang, "開始", "Starts"),
        tr(lang, "終了", "Ends"),
        tr(lang, "会場", "Venue"),
        tr(lang, "主催", "Organisers"),
        tr(lang, "対象", "Open to"),
        tr(lang, "参加者の決め方", "Places given by"),
        tr(lang, "状態", "Status"),
        tr(lang, "定員", "Capacity"),
        tr(lang, "残り", "Free"),
    ];
    let rows = list.iter().map(|e| {
        let v = view(&state, lang, e);
        let capacity: i32 = e.quotas.iter().map(|q| q.capacity).sum();
        vec![
            v.id.to_string(),
            v.title,
            v.kind.to_owned(),
            v.when,
            v.until,
            v.place,
            v.organisers,
            v.audience.to_owned(),
            v.allocation.to_owned(),
            v.status.to_owned(),
            capacity.to_string(),
            v.free.to_string(),
        ]
    });
    let xlsx = ListFormat::of(&uri) == ListFormat::Xlsx;
    let name = format!("events-{code}-{}", utc_stamp());
    download(xlsx, &name, tr(lang, "催し", "Events"), &header, rows)
}

pub struct RegRow {
    id: i64,
    version: i64,
    quota: String,
    arrival: i64,
    name: String,
    organization: String,
    email: String,
    state: &'static str,
    code: &'static str,
    first_time: bool,
    answers: String,
    at: String,
    moves: Vec<(&'static str, &'static str)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "events/registrations.html")]
pub struct RegistrationsPage {
    base: Base,
    city: String,
    e: EventView,
    csrf: String,
    can_write: bool,
    lottery: bool,
    applied: usize,
    draws: Vec<(String, String, i32, usize)>,
    rows: Vec<RegRow>,
    counts: Vec<(&'static str, usize)>,
    /// The survey after the event, once mailed: counts, mean and each answer's words.
    survey: Option<super::api_meetings::SurveyDto>,
    errors: Errors,
    saved: bool,
}

/// The buttons a registration's row offers the organiser.
fn organiser_moves(lang: Lang, s: Step) -> Vec<(&'static str, &'static str)> {
    use renkei_domain::workflow::moves_for;
    let offered = [Move::Approve, Move::CheckIn, Move::NoShow, Move::Cancel];
    moves_for::<EventRegistration>(
        s,
        renkei_domain::event::registration::Party::Organiser,
        &offered,
    )
    .into_iter()
    .map(|m| {
        let label = match m {
            Move::Approve => tr(lang, "承認", "Approve"),
            Move::CheckIn => tr(lang, "出席", "Check in"),
            Move::NoShow => tr(lang, "欠席", "No-show"),
            _ => tr(lang, "取消", "Cancel"),
        };
        (m.code(), label)
    })
    .collect()
}

fn rows(lang: Lang, e: &EventRecord, list: Vec<EventRegistrationRecord>) -> Vec<RegRow> {
    list.into_iter()
        .map(|r| RegRow {
            id: r.id.0,
            version: r.version,
            quota: e
                .quota(r.quota_id)
                .map(|q| q.name.clone())
                .unwrap_or_default(),
            arrival: r.arrival,
            state: r.state.name().get(lang),
            code: r.state.code(),
            first_time: r.first_time,
            answers: r.answers.join(" / "),
            at: show_time(r.created_at),
            moves: organiser_moves(lang, r.state),
            name: r.name,
            organization: r.organization,
            email: r.email,
        })
        .collect()
}

async fn registrations_page(
    state: &AppState,
    lang: Lang,
    uri: String,
    viewer: &Viewer,
    e: &EventRecord,
    errors: &[FieldError],
) -> Result<RegistrationsPage, AppError> {
    let list = state.store.event_registrations(e.id).await?;
    let applied = list.iter().filter(|r| r.state == Step::Applied).count();
    let counts = Step::ALL
        .iter()
        .map(|s| {
            (
                s.name().get(lang),
                list.iter().filter(|r| r.state == *s).count(),
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    let draws = state
        .store
        .draws(e.id)
        .await?
        .into_iter()
        .map(|d| {
            (
                show_time(d.drawn_at),
                d.seed.to_string(),
                d.winners,
                d.order.len(),
            )
        })
        .collect();
    let surveys = state.store.event_surveys(e.id).await?;
    let survey = (!surveys.is_empty()).then(|| super::api_meetings::SurveyDto::of(&surveys));
    Ok(RegistrationsPage {
        base: Base::new(
            lang,
            uri,
            format!("{}{}", tr(lang, "申込者一覧：", "Registrations: "), e.title),
            "events",
        ),
        city: e.city.to_string(),
        e: view(state, lang, e),
        csrf: viewer.csrf().to_owned(),
        can_write: viewer.may_write_in(&e.city),
        lottery: e.allocation == Allocation::Lottery,
        applied,
        draws,
        rows: rows(lang, e, list),
        counts,
        survey,
        errors: Errors::of(lang, errors),
        saved: false,
    })
}

/// An event's registrations: the page, or the attendee list as CSV or XLSX.
pub async fn registrations(
    PageContext(state, lang, uri, viewer): PageContext,
    Path((city, id)): Path<(String, EventId)>,
    Query(q): Query<SavedQuery>,
) -> Result<Response, AppError> {
    let (_, e) = load(&state, &viewer, Action::Read, &city, id).await?;
    let format = ListFormat::of(&uri);
    if format == ListFormat::Page {
        let mut page = registrations_page(&state, lang, uri.to_string(), &viewer, &e, &[]).await?;
        page.saved = q.saved();
        return Ok(page.into_response());
    }
    let list = state.store.event_registrations(e.id).await?;
    let mut header: Vec<String> = [
        "受付番号",
        "参加枠",
        "到着順",
        "状態",
        "氏名",
        "所属",
        "メールアドレス",
        "初参加",
        "申込日時",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    header.extend(e.questions.iter().map(|q| q.label.clone()));
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let data = list.into_iter().map(|r| {
        let mut row = vec![
            r.id.to_string(),
            e.quota(r.quota_id)
                .map(|q| q.name.clone())
                .unwrap_or_default(),
            r.arrival.to_string(),
            r.state.name().ja.to_owned(),
            r.name,
            r.organization,
            r.email,
            if r.first_time { "はい" } else { "いいえ" }.to_owned(),
            show_time(r.created_at),
        ];
        row.extend((0..e.questions.len()).map(|i| r.answers.get(i).cloned().unwrap_or_default()));
        row
    });
    let name = format!("event-{}-registrations-{}", e.id, utc_stamp());
    download(
        format == ListFormat::Xlsx,
        &name,
        "申込者",
        &header_refs,
        data,
    )
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct StepForm {
    csrf: String,
    registration: i64,
    version: i64,
    #[serde(rename = "move")]
    move_code: String,
    reason: String,
}

/// The organiser's move on one registration.
pub async fn step(
    PageContext(state, lang, uri, viewer): PageContext,
    Path((city, id)): Path<(String, EventId)>,
    FormInput(form): FormInput<StepForm>,
) -> Result<Response, AppError> {
    let (code, e) = load(&state, &viewer, Action::Write, &city, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    let m = match Move::parse(&form.move_code, &form.reason) {
        Ok(Move::Accept) => {
            return Err(AppError::step_refused::<EventRegistration>(
                renkei_domain::workflow::Refusal::NotYours,
            ));
        }
        Ok(m) => m,
        Err(errors) => {
            let page =
                registrations_page(&state, lang, uri.to_string(), &viewer, &e, &errors).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let rid = EventRegistrationId(form.registration);
    registrations::organise(&state.app, &viewer.caller(), &e, rid, form.version, &m)
        .await?
        .map_err(AppError::step_refused::<EventRegistration>)?;
    state.mail_queued();
    Ok(Redirect::to(&format!("/cities/{code}/events/{id}/registrations?saved=1")).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DrawForm {
    csrf: String,
    seed: String,
}

const NOT_CLOSED: Text = Text::new(
    "抽選は申込締切の後に行えます。",
    "The draw can be made once registration has closed.",
);

/// Draws the lottery with the seed given (or one drawn here), recorded with its order.
pub async fn draw(
    PageContext(state, lang, uri, viewer): PageContext,
    Path((city, id)): Path<(String, EventId)>,
    FormInput(form): FormInput<DrawForm>,
) -> Result<Response, AppError> {
    let (code, e) = load(&state, &viewer, Action::Write, &city, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    let seed = match form.seed.trim() {
        "" => u64::from_le_bytes(
            uuid::Uuid::new_v4().as_bytes()[..8]
                .try_into()
                .unwrap_or([0; 8]),
        ),
        s => match renkei_domain::text::fold(s).parse::<u64>() {
            Ok(n) => n,
            Err(_) => {
                let errors = [FieldError::new(
                    "seed",
                    "シード値は0以上の整数で入力してください（空欄なら自動で決めます）。",
                    "Enter the seed as a whole number of 0 or more (empty: one is drawn).",
                )];
                let page =
                    registrations_page(&state, lang, uri.to_string(), &viewer, &e, &errors).await?;
                return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
            }
        },
    };
    if chrono::Utc::now() < e.registration_closes_at {
        return Err(AppError::BadRequest {
            field: Some("seed"),
            message: NOT_CLOSED,
        });
    }
    registrations::draw(&state.app, &viewer.caller(), &e, seed)
        .await?
        .map_err(AppError::step_refused::<EventRegistration>)?;
    state.mail_queued();
    Ok(Redirect::to(&format!("/cities/{code}/events/{id}/registrations?saved=1")).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CheckInQuery {
    code: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "events/check_in.html")]
pub struct CheckInPage {
    base: Base,
    city: String,
    event_id: i64,
    csrf: String,
    code: String,
    r: Option<EventRegistrationRecord>,
    state: &'static str,
    quota: String,
    can_check_in: bool,
    done: bool,
}

const NOT_THIS_EVENT: Text = Text::new(
    "このQRコードは、この催しのお申込みのものではありません。",
    "This QR code is not a registration for this event.",
);

async fn check_in_view(
    state: &AppState,
    lang: Lang,
    viewer: &Viewer,
    e: &EventRecord,
    code: &str,
    done: bool,
) -> Result<CheckInPage, AppError> {
    let r = match code {
        "" => None,
        c => state.store.event_registration_by_check_in(c).await?,
    };
    if let Some(r) = &r
        && r.event_id != e.id
    {
        return Err(AppError::Gone(NOT_THIS_EVENT));
    }
    if !code.is_empty() && r.is_none() {
        return Err(AppError::Gone(NOT_THIS_EVENT));
    }
    Ok(CheckInPage {
        base: Base::new(
            lang,
            format!("/cities/{}/events/{}/check-in", e.city, e.id),
            format!("{}{}", tr(lang, "受付：", "Check-in: "), e.title),
            "events",
        ),
        city: e.city.to_string(),
        event_id: e.id.0,
        csrf: viewer.csrf().to_owned(),
        code: code.to_owned(),
        state: r.as_ref().map_or("", |r| r.state.name().get(lang)),
        quota: r
            .as_ref()
            .and_then(|r| e.quota(r.quota_id))
            .map(|q| q.name.clone())
            .unwrap_or_default(),
        can_check_in: r
            .as_ref()
            .is_some_and(|r| matches!(r.state, Step::Confirmed | Step::NoShow)),
        done,
        r,
    })
}

/// The page the QR code opens on a staff member's phone: the registrant and one button.
pub async fn check_in_page(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path((city, id)): Path<(String, EventId)>,
    QueryInput(q): QueryInput<CheckInQuery>,
) -> Result<CheckInPage, AppError> {
    let (_, e) = load(&state, &viewer, Action::Write, &city, id).await?;
    check_in_view(&state, lang, &viewer, &e, q.code.trim(), false).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CheckInForm {
    csrf: String,
    code: String,
    version: i64,
}

/// Checks the registrant of the code in.
pub async fn check_in(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path((city, id)): Path<(String, EventId)>,
    FormInput(form): FormInput<CheckInForm>,
) -> Result<Response, AppError> {
    let (_, e) = load(&state, &viewer, Action::Write, &city, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    let page = check_in_view(&state, lang, &viewer, &e, form.code.trim(), false).await?;
    let Some(r) = page.r else {
        return Err(AppError::Gone(NOT_THIS_EVENT));
    };
    registrations::organise(
        &state.app,
        &viewer.caller(),
        &e,
        r.id,
        form.version,
        &Move::CheckIn,
    )
    .await?
    .map_err(AppError::step_refused::<EventRegistration>)?;
    let done = check_in_view(&state, lang, &viewer, &e, form.code.trim(), true).await?;
    Ok(done.into_response())
}
