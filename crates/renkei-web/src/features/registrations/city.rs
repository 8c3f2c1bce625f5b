//! The city's side: the requests to register a company sent to it, each request's page with
//! its possible duplicates among the companies the officer can see, and the decision —
//! approve, or decline with the reason told to the applicant — for its staff who may write.
//! Its staff and coordinators read (the list also as CSV and XLSX); anyone else is told
//! nothing exists.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use renkei_app::access::Checked;
use renkei_app::registrations;
use renkei_domain::access::{Action, Resource};
use renkei_domain::city::CityCode;
use renkei_domain::company::CompanySize;
use renkei_domain::registration::{Move, Registration, State as Step};
use renkei_domain::{FieldError, Lang};
use renkei_store::{RegistrationId, RegistrationRecord};
use serde::Deserialize;

use crate::AppState;
use crate::access::Viewer;
use crate::csv::{ListFormat, download, utc_stamp};
use crate::error::AppError;
use crate::extract::FormInput;
use crate::shared::city::city_code;
use crate::shared::format::{city_name, show_time};
use crate::shared::forms::{Errors, SavedQuery};
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

pub struct Row {
    id: i64,
    name: String,
    applicant: String,
    state: &'static str,
    at: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "registrations/list.html")]
pub struct ListPage {
    base: Base,
    city: String,
    city_name: String,
    rows: Vec<Row>,
}

pub async fn list(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(city): Path<String>,
) -> Result<ListPage, AppError> {
    let code = city_code(&city)?;
    let resource = Resource::CityRecord {
        owner: &code,
        shared_with: &[],
    };
    viewer.require(Action::Read, resource).await?;
    let rows = state
        .store
        .registrations_of(&code)
        .await?
        .into_iter()
        .map(|r| Row {
            id: r.id.0,
            name: r.name,
            applicant: r.applicant_name,
            state: r.state.name().get(lang),
            at: show_time(r.created_at),
        })
        .collect();
    let name = city_name(&state, &code.to_string());
    Ok(ListPage {
        base: Base::new(
            lang,
            uri.to_string(),
            format!(
                "{name}{}",
                tr(lang, "への企業登録の申込み", ": registration requests")
            ),
            "companies",
        ),
        city: code.to_string(),
        city_name: name,
        rows,
    })
}

/// `GET /cities/{city}/registrations.csv` (`.xlsx`): the requests sent to the city, the
/// latest first, with what the applicant wrote, as Excel opens them.
pub async fn list_file(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(city): Path<String>,
) -> Result<Response, AppError> {
    let code = city_code(&city)?;
    let resource = Resource::CityRecord {
        owner: &code,
        shared_with: &[],
    };
    viewer.require(Action::Read, resource).await?;
    let header = [
        tr(lang, "申込番号", "Request"),
        tr(lang, "企業名", "Company"),
        tr(lang, "フリガナ", "Kana"),
        tr(lang, "法人番号", "Corporate number"),
        tr(lang, "所在地", "Address"),
        tr(lang, "業種", "Industry"),
        tr(lang, "申込者", "Applicant"),
        tr(lang, "部署", "Department"),
        tr(lang, "メール", "E-mail"),
        tr(lang, "状態", "State"),
        tr(lang, "申込日時", "Sent"),
        tr(lang, "登録した企業の番号", "Company registered"),
    ];
    let rows = state.store.registrations_of(&code).await?;
    let lines = rows.into_iter().map(|r| {
        vec![
            r.id.0.to_string(),
            r.name,
            r.name_kana,
            r.corporate_number.unwrap_or_default(),
            r.address,
            r.industry,
            r.applicant_name,
            r.department,
            r.applicant_email,
            r.state.name().get(lang).to_owned(),
            show_time(r.created_at),
            r.company_id.map(|c| c.0.to_string()).unwrap_or_default(),
        ]
    });
    let xlsx = ListFormat::of(&uri) == ListFormat::Xlsx;
    let name = format!("registrations-{code}-{}", utc_stamp());
    let sheet = tr(lang, "企業登録の申込み", "Registration requests");
    download(xlsx, &name, sheet, &header, lines)
}

pub struct Duplicate {
    id: i64,
    name: String,
    corporate_number: String,
}

pub struct HistoryLine {
    at: String,
    what: String,
    by: String,
    note: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "registrations/request.html")]
pub struct RequestPage {
    base: Base,
    city: String,
    city_name: String,
    r: RegistrationRecord,
    state: &'static str,
    size: String,
    open: bool,
    can_decide: bool,
    csrf: String,
    duplicates: Vec<Duplicate>,
    history: Vec<HistoryLine>,
    reason: String,
    errors: Errors,
    saved: bool,
}

/// The request of `id` in the city of the path (a request of another city is not found).
async fn load(
    state: &AppState,
    viewer: &Viewer,
    action: Action,
    city: &str,
    id: RegistrationId,
) -> Result<(CityCode, Checked<RegistrationRecord>), AppError> {
    let code = city_code(city)?;
    let r = registrations::load(&state.app, &viewer.caller(), action, id).await?;
    if r.city != code {
        return Err(AppError::NotFound);
    }
    Ok((code, r))
}

async fn request_page(
    state: &AppState,
    lang: Lang,
    uri: &Uri,
    viewer: &Viewer,
    r: &Checked<RegistrationRecord>,
    reason: &str,
    errors: &[FieldError],
) -> Result<RequestPage, AppError> {
    let duplicates = registrations::likely_duplicates(&state.app, &viewer.caller(), r)
        .await?
        .into_iter()
        .map(|c| Duplicate {
            id: c.id.0,
            name: c.name,
            corporate_number: c
                .corporate_number
                .map(|n| n.as_str().to_owned())
                .unwrap_or_default(),
        })
        .collect();
    let history = state
        .store
        .registration_history(r.id)
        .await?
        .into_iter()
        .map(|e| HistoryLine {
            at: show_time(e.at),
            what: match Step::from_code(&e.to_state) {
                Some(s) => s.name().get(lang).to_owned(),
                None => e.to_state,
            },
            by: e.actor_label,
            note: e.note,
        })
        .collect();
    let code = r.city;
    let can_decide = viewer.may_write_in(&code);
    let name = city_name(state, &code.to_string());
    let size = r
        .size
        .as_deref()
        .and_then(CompanySize::from_code)
        .map(|s| s.name().get(lang).to_owned())
        .unwrap_or_default();
    let title = format!(
        "{}{}",
        tr(lang, "企業登録の申込み：", "Registration request: "),
        r.name
    );
    Ok(RequestPage {
        base: Base::new(lang, uri.to_string(), title, "companies"),
        city: code.to_string(),
        city_name: name,
        state: r.state.name().get(lang),
        size,
        open: r.state == Step::Submitted,
        can_decide,
        csrf: viewer.csrf().to_owned(),
        duplicates,
        history,
        reason: reason.chars().take(1_100).collect(),
        errors: Errors::of(lang, errors),
        saved: false,
        r: (**r).clone(),
    })
}

pub async fn show(
    PageContext(state, lang, uri, viewer): PageContext,
    Path((city, id)): Path<(String, RegistrationId)>,
    Query(q): Query<SavedQuery>,
) -> Result<RequestPage, AppError> {
    let (_, r) = load(&state, &viewer, Action::Read, &city, id).await?;
    let mut page = request_page(&state, lang, &uri, &viewer, &r, "", &[]).await?;
    page.saved = q.saved();
    Ok(page)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DecideForm {
    #[serde(rename = "move")]
    move_code: String,
    version: i64,
    reason: String,
    csrf: String,
}

pub async fn decide(
    PageContext(state, lang, uri, viewer): PageContext,
    Path((city, id)): Path<(String, RegistrationId)>,
    FormInput(form): FormInput<DecideForm>,
) -> Result<Response, AppError> {
    let (code, r) = load(&state, &viewer, Action::Write, &city, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    let m = match Move::parse(&form.move_code, &form.reason) {
        Ok(Move::Withdraw) => {
            return Err(AppError::step_refused::<Registration>(
                renkei_domain::workflow::Refusal::NotYours,
            ));
        }
        Ok(m) => m,
        Err(errors) => {
            let page = request_page(&state, lang, &uri, &viewer, &r, &form.reason, &errors).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    registrations::decide(&state.app, &r, &viewer.caller(), form.version, &m)
        .await?
        .map_err(AppError::step_refused::<Registration>)?;
    state.mail_queued();
    Ok(Redirect::to(&format!("/cities/{code}/registrations/{id}?saved=1")).into_response())
}
