//! Registering, and the registrant's link. A company user registers their company with the
//! session's CSRF token; a member of the public registers for a public event with the page's
//! form token (a cookie and a hidden field, as the other forms sent before signing in), and
//! is sent a link to confirm their address. Every registrant then acts through the link
//! mailed to them (`/events/registration?token=…`): confirming the address (a button: a mail
//! scanner opening the link confirms nothing), the QR code shown at the reception, accepting
//! a place offered, cancelling until the deadline, changing answers, answering the survey
//! after the event (`survey`). The token is its own proof, so those forms carry it rather
//! than a session's CSRF token.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Path;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use renkei_app::events::registrations::{CHECK_IN_PATH, Refused};
use renkei_app::events::{self, registrations};
use renkei_domain::access::Action;
use renkei_domain::event::registration::{EventRegistration, Move, State as Step};
use renkei_domain::event::{ANSWER_FIELDS, QuestionKind};
use renkei_domain::{FieldError, Lang, Text};
use renkei_store::{CompanyId, EventId, EventRecord, EventRegistrationRecord, ProductId, QuotaId};

use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::{FormInput, QueryInput};
use crate::shared::cookies::{form_token_ok, issue_form_token};
use crate::shared::format::{qr_svg, show_when};
use crate::shared::forms::Errors;
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

use super::calendar::{EventView, QuestionView, company_of, event_page, view};

const STALE: Text = Text::new(
    "画面の有効期限が切れました。もう一度送信してください。",
    "This form has expired. Please send it again.",
);
const UNKNOWN: Text = Text::new(
    "このリンクは使えません。メールに記載されたリンクをそのまま開いてください。",
    "This link cannot be used. Open the link in the message as it is.",
);

fn answers_of(form: &HashMap<String, String>) -> Vec<String> {
    ANSWER_FIELDS
        .iter()
        .map(|f| form.get(*f).cloned().unwrap_or_default())
        .collect()
}

/// A refusal of a registration as the form shows it.
fn refusal_errors(r: Refused) -> Result<Vec<FieldError>, AppError> {
    let one = |ja: &'static str, en: &'static str| Ok(vec![FieldError::new("quota", ja, en)]);
    match r {
        Refused::Fields(errors) => Ok(errors),
        Refused::NotOpen | Refused::Window(_) => one(
            "この催しは、いまは申込みを受け付けていません。",
            "This event is not taking registrations now.",
        ),
        Refused::NotForYou => one(
            "この催しには、お申込みいただけません（対象外）。",
            "This event is not open to you.",
        ),
        Refused::Already => one(
            "すでにお申込み済みです。メールでお送りしたリンクからご確認ください。",
            "You are registered already: see the link in the message we sent you.",
        ),
        Refused::TooMany => one(
            "この端末からの申込みが多すぎます。1時間ほどおいてからお試しください。",
            "Too many registrations from this device. Try again in an hour.",
        ),
        Refused::Step(s) => Err(AppError::step_refused::<EventRegistration>(s)),
    }
}

/// Registers for the event: a company user their company, anyone else (public events) with
/// their name and address. The form again with its errors (422) when something is wrong.
pub async fn submit(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(id): Path<EventId>,
    headers: HeaderMap,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let e = events::load(&state.app, &viewer.caller(), Action::Read, id).await?;
    let field = |k: &str| form.get(k).map(String::as_str).unwrap_or_default();
    let quota = QuotaId(field("quota").parse().unwrap_or(0));
    let answers = answers_of(&form);
    let here = format!("/events/{id}");
    if e.kind == renkei_domain::event::Kind::Training
        && !registrations::person_cities(&viewer.subject).is_empty()
    {
        viewer.check_csrf(field("csrf")).await?;
        let Some(session) = viewer.session.as_ref() else {
            return Err(AppError::SignInRequired);
        };
        let entry = registrations::CompanyEntry {
            quota,
            product: None,
            answers: answers.clone(),
        };
        let done =
            registrations::register_person(&state.app, &viewer.caller(), &session.user, &e, &entry)
                .await?;
        return match done {
            Ok(r) => {
                state.mail_queued();
                Ok(
                    Redirect::to(&format!("/events/registration?token={}", r.token))
                        .into_response(),
                )
            }
            Err(refused) => {
                let errors = refusal_errors(refused)?;
                let page =
                    event_page(&state, lang, here, &viewer, &e, Some(&form), &errors).await?;
                Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
            }
        };
    }
    if let Some(company) = company_of(&viewer) {
        viewer.check_csrf(field("csrf")).await?;
        let Some(session) = viewer.session.as_ref() else {
            return Err(AppError::SignInRequired);
        };
        let c = state
            .app
            .company(&viewer.caller(), Action::Read, CompanyId(company))
            .await?
            .map(|(c, _)| c);
        let done = registrations::register_company(
            &state.app,
            &viewer.caller(),
            &session.user,
            &e,
            &c,
            &registrations::CompanyEntry {
                quota,
                product: match field("product").trim() {
                    "" => None,
                    p => Some(ProductId(p.parse().unwrap_or(0))),
                },
                answers: answers.clone(),
            },
        )
        .await?;
        return match done {
            Ok(r) => {
                state.mail_queued();
                Ok(
                    Redirect::to(&format!("/events/registration?token={}", r.token))
                        .into_response(),
                )
            }
            Err(refused) => {
                let errors = refusal_errors(refused)?;
                let page =
                    event_page(&state, lang, here, &viewer, &e, Some(&form), &errors).await?;
                Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
            }
        };
    }
    if viewer.subject.is_signed_in() {
        return Err(AppError::Forbidden);
    }
    let token_ok = form_token_ok(&state, &headers, field("csrf")).await?;
    let (csrf, cookie) = issue_form_token(&state).await?;
    let errors = if !token_ok {
        vec![FieldError {
            field: "csrf",
            message: STALE,
        }]
    } else {
        let done = registrations::register_public(
            &state.app,
            &e,
            quota,
            field("name"),
            field("email"),
            field("organization"),
            &answers,
            &viewer.actor,
        )
        .await?;
        match done {
            Ok(_) => {
                state.mail_queued();
                return Ok(Redirect::to("/events/registered").into_response());
            }
            Err(refused) => refusal_errors(refused)?,
        }
    };
    let _ = uri;
    let mut page = event_page(&state, lang, here, &viewer, &e, Some(&form), &errors).await?;
    if let Some(f) = page.form.as_mut() {
        f.csrf = csrf;
    }
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        [(SET_COOKIE, cookie)],
        page,
    )
        .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "events/registered.html")]
pub struct RegisteredPage {
    base: Base,
}

/// After a public registration: "confirm your address from the mail".
pub async fn registered(PageContext(_state, lang, uri, _viewer): PageContext) -> RegisteredPage {
    RegisteredPage {
        base: Base::new(
            lang,
            uri.path().to_owned(),
            tr(lang, "お申込みを受け付けました", "Registration received"),
            "events",
        ),
    }
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct TokenQuery {
    token: String,
    saved: Option<u8>,
}

#[derive(Template, WebTemplate)]
#[template(path = "events/registrant.html")]
pub struct RegistrantPage {
    base: Base,
    token: String,
    e: EventView,
    r: EventRegistrationRecord,
    quota: String,
    state: &'static str,
    unverified: bool,
    offered: bool,
    offer_until: String,
    can_cancel: bool,
    has_place: bool,
    editable: bool,
    qr: String,
    questions: Vec<QuestionView>,
    errors: Errors,
    saved: bool,
    /// The survey after the event, once the registrant attended.
    survey: Option<super::survey::SurveyView>,
}

async fn by_token(state: &AppState, token: &str) -> Result<EventRegistrationRecord, AppError> {
    registrations::by_token(&state.app, token)
        .await?
        .ok_or(AppError::Gone(UNKNOWN))
}

async fn registrant_page(
    state: &AppState,
    lang: Lang,
    token: String,
    r: EventRegistrationRecord,
    e: &EventRecord,
    answers: Option<&[String]>,
    errors: &[FieldError],
) -> Result<RegistrantPage, AppError> {
    let (_, code) = state.store.event_registration_tokens(r.id).await?;
    let has_place = r.state == Step::Confirmed;
    let qr = if has_place {
        let link = state.app.link(&format!(
            "/cities/{}/events/{}/check-in?code={code}",
            e.city, e.id
        ));
        qr_svg(&link)
    } else {
        String::new()
    };
    let answers: Vec<String> = answers.map_or_else(|| r.answers.clone(), <[String]>::to_vec);
    let questions = e
        .questions
        .iter()
        .zip(ANSWER_FIELDS)
        .enumerate()
        .map(|(i, (q, field))| QuestionView {
            field,
            label: q.label.clone(),
            choice: q.kind == QuestionKind::Choice,
            choices: q.choices.clone(),
            required: q.required,
            value: answers.get(i).cloned().unwrap_or_default(),
        })
        .collect();
    let now = chrono::Utc::now();
    let _ = CHECK_IN_PATH;
    let survey = super::survey::view(state, lang, &r, None).await?;
    Ok(RegistrantPage {
        base: Base::new(
            lang,
            "/events/registration",
            tr(lang, "お申込みの確認", "Your registration"),
            "events",
        ),
        token,
        e: view(state, lang, e),
        quota: e
            .quota(r.quota_id)
            .map(|q| q.name.clone())
            .unwrap_or_default(),
        state: r.state.name().get(lang),
        unverified: r.state == Step::Unverified,
        offered: r.state == Step::Offered,
        offer_until: r.offer_expires_at.map(show_when).unwrap_or_default(),
        can_cancel: !r.state.is_end() && r.state != Step::NoShow && now <= e.cancel_until,
        has_place,
        editable: !r.state.is_end() && now < e.starts_at && !e.questions.is_empty(),
        qr,
        questions,
        errors: Errors::of(lang, errors),
        saved: false,
        survey,
        r,
    })
}

/// The registrant's page of their link.
pub async fn page(
    PageContext(state, lang, _uri, _viewer): PageContext,
    QueryInput(q): QueryInput<TokenQuery>,
) -> Result<RegistrantPage, AppError> {
    let r = by_token(&state, &q.token).await?;
    let e = state.store.event(r.event_id).await?;
    let mut p = registrant_page(&state, lang, q.token, r, &e, None, &[]).await?;
    p.saved = q.saved.is_some();
    Ok(p)
}

/// What the registrant does through their link: `verify`, `accept`, `cancel`, `answers`.
pub async fn act(
    PageContext(state, lang, _uri, viewer): PageContext,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let field = |k: &str| form.get(k).map(String::as_str).unwrap_or_default();
    let token = field("token").to_owned();
    let r = by_token(&state, &token).await?;
    let version: i64 = field("version").parse().unwrap_or(0);
    let actor = actor_for(&viewer, &r);
    let done = format!("/events/registration?token={token}&saved=1");
    match field("move") {
        "verify" => {
            registrations::verify(&state.app, &r, &actor)
                .await?
                .map_err(AppError::step_refused::<EventRegistration>)?;
        }
        "accept" | "cancel" => {
            let m = if field("move") == "accept" {
                Move::Accept
            } else {
                Move::Cancel
            };
            registrations::registrant_move(&state.app, &r, version, &m, &actor)
                .await?
                .map_err(AppError::step_refused::<EventRegistration>)?;
        }
        "answers" => {
            let answers = answers_of(&form);
            match registrations::change_answers(&state.app, &r, version, &answers, &actor).await? {
                Ok(_) => {}
                Err(Refused::Fields(errors)) => {
                    let e = state.store.event(r.event_id).await?;
                    let p = registrant_page(&state, lang, token, r, &e, Some(&answers), &errors)
                        .await?;
                    return Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response());
                }
                Err(_) => {
                    return Err(AppError::step_refused::<EventRegistration>(
                        renkei_domain::workflow::Refusal::NotNow,
                    ));
                }
            }
        }
        "survey" => {
            let draft = super::survey::draft_of(&form);
            if let Err(errors) = super::survey::answer(&state, &r, &draft, &actor).await? {
                let e = state.store.event(r.event_id).await?;
                let mut p = registrant_page(&state, lang, token, r, &e, None, &errors).await?;
                p.survey = super::survey::view(&state, lang, &p.r, Some(&draft)).await?;
                return Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response());
            }
        }
        _ => {
            return Err(AppError::Validation(vec![FieldError::new(
                "move",
                "手続きを選んでください。",
                "Choose a step.",
            )]));
        }
    }
    state.mail_queued();
    Ok(Redirect::to(&done).into_response())
}

/// Who the audit trail names: the signed-in person if it is theirs, else the registrant.
fn actor_for(viewer: &Viewer, r: &EventRegistrationRecord) -> renkei_store::Actor {
    let mine = viewer
        .session
        .as_ref()
        .is_some_and(|s| Some(s.user.id) == r.user_id);
    if mine {
        viewer.actor.clone()
    } else {
        renkei_store::Actor {
            id: None,
            ..viewer.actor.clone()
        }
    }
}
