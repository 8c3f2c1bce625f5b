//! A call's page: what it gives and to whom, its period, budget and rules of who may apply,
//! and every question of its form (seen before starting); for the call's office, its phase
//! moves and its applications; for a company's people, the start of their application (or
//! the link to it); for a company's home-city coordinators and full staff, the start of an
//! application prepared for the company (代理申請). Also the form to change a call, and the
//! office's list of applications as CSV and XLSX.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use renkei_app::access::Checked;
use renkei_app::calls::{self, applications};
use renkei_domain::access::{Action, Role};
use renkei_domain::call::application::State;
use renkei_domain::call::form::sections;
use renkei_domain::call::{CallPhases, PhaseMove, yen_text};
use renkei_domain::{FieldError, Lang};
use renkei_store::{CallRecord, CompanyId};

use super::form::{Editor, draft, values_of};
use super::list::{FormPage, cities_of, period_of};
use super::seen_version;
use crate::AppState;
use crate::access::Viewer;
use crate::csv::{ListFormat, download, utc_stamp};
use crate::error::AppError;
use crate::extract::FormInput;
use crate::shared::forms::{Errors, SavedQuery};
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

/// A question of the form, as the call's page lists it.
pub struct QuestionRow {
    pub label: String,
    pub kind: String,
    pub required: bool,
    pub help: String,
    pub choices: String,
}

/// An application as a row of the office's list.
pub struct ApplicationRow {
    pub id: i64,
    pub receipt: String,
    pub company: String,
    pub state: String,
    pub requested: String,
}

/// A company the viewer may apply for: (id, name, its application if it has one).
pub struct ApplyRow {
    pub company: i64,
    pub name: String,
    pub application: Option<i64>,
}

#[derive(Template, WebTemplate)]
#[template(path = "calls/call.html")]
pub struct CallPage {
    base: Base,
    id: i64,
    version: i64,
    kind: String,
    measure: String,
    cities: String,
    period: String,
    phase: String,
    description: String,
    budget: String,
    max_amount: String,
    rules: Vec<String>,
    sections: Vec<(String, Vec<QuestionRow>)>,
    office: bool,
    writes: bool,
    moves: Vec<(String, String)>,
    applications: Vec<ApplicationRow>,
    open: bool,
    apply: Vec<ApplyRow>,
    agent: bool,
    csrf: String,
    saved: bool,
    errors: Errors,
}

/// The rules of who may apply, as sentences.
fn rules(lang: Lang, c: &CallRecord) -> Vec<String> {
    let e = &c.eligibility;
    let mut out = Vec::new();
    let join = |v: Vec<&str>| v.join("、");
    if !e.company_types.is_empty() {
        let names = join(e.company_types.iter().map(|t| t.name().get(lang)).collect());
        out.push(format!(
            "{}: {names}",
            tr(lang, "企業の類型", "Company type")
        ));
    }
    if !e.sizes.is_empty() {
        let names = join(e.sizes.iter().map(|t| t.name().get(lang)).collect());
        out.push(format!("{}: {names}", tr(lang, "企業規模", "Company size")));
    }
    if !e.stages.is_empty() {
        let names = join(e.stages.iter().map(|t| t.name().get(lang)).collect());
        out.push(format!(
            "{}: {names}",
            tr(lang, "開発案件の段階", "Product stage")
        ));
    }
    out.push(match e.home {
        renkei_domain::call::eligibility::Home::CallCities => {
            tr(lang, "所在地: 実施する市", "Home: the call's cities").to_owned()
        }
        renkei_domain::call::eligibility::Home::AnyCity => tr(
            lang,
            "所在地: いずれかの指定都市",
            "Home: any designated city",
        )
        .to_owned(),
    });
    out
}

async fn call_page(
    state: &AppState,
    (lang, viewer): (Lang, &Viewer),
    c: &Checked<CallRecord>,
    errors: &[FieldError],
) -> Result<CallPage, AppError> {
    let caller = viewer.caller();
    let office = calls::is_office(&caller, c);
    let writes = viewer.may(Action::Write, calls::resource(c));
    let mut applications = Vec::new();
    if office {
        for a in applications::of_call(&state.app, &caller, c).await? {
            let company = state
                .store
                .company(a.company_id)
                .await?
                .map(|(x, _)| x.name);
            applications.push(ApplicationRow {
                id: a.id.0,
                receipt: a.receipt_no.clone().unwrap_or_default(),
                company: company.unwrap_or_default(),
                state: a.state.name().get(lang).to_owned(),
                requested: a.requested_yen.map(yen_text).unwrap_or_default(),
            });
        }
    }
    let moves = if writes {
        renkei_domain::workflow::moves_for::<CallPhases>(
            c.phase,
            renkei_domain::call::PhaseParty::Owner,
            &PhaseMove::ALL,
        )
        .into_iter()
        .map(|m| (m.code().to_owned(), m.name().get(lang).to_owned()))
        .collect()
    } else {
        Vec::new()
    };
    let mut apply = Vec::new();
    for role in &viewer.subject.roles {
        if let Role::CompanyUser { company } = role {
            let Some((co, _)) = state.store.company(CompanyId(*company)).await? else {
                continue;
            };
            let mine = state.store.applications_of_company(co.id).await?;
            let current = mine
                .iter()
                .find(|a| a.call_id == c.id && a.state != State::Withdrawn)
                .map(|a| a.id.0);
            apply.push(ApplyRow {
                company: co.id.0,
                name: co.name,
                application: current,
            });
        }
    }
    let agent = viewer.subject.roles.iter().any(|r| {
        matches!(
            r,
            Role::Coordinator { .. }
                | Role::CityStaff {
                    read_only: false,
                    ..
                }
        )
    });
    let sections = sections(&c.fields)
        .into_iter()
        .map(|(s, fs)| {
            let rows = fs
                .into_iter()
                .map(|f| QuestionRow {
                    label: f.label.clone(),
                    kind: f.kind().name().get(lang).to_owned(),
                    required: f.required,
                    help: f.help.clone(),
                    choices: f.choices.join("／"),
                })
                .collect();
            (s, rows)
        })
        .collect();
    let measure = renkei_domain::catalog::measure(&c.measure_code)
        .map(|m| m.name.get(lang).to_owned())
        .unwrap_or_default();
    Ok(CallPage {
        base: Base::new(lang, format!("/calls/{}", c.id), c.title.clone(), "calls"),
        id: c.id,
        version: c.version,
        kind: c.kind.name().get(lang).to_owned(),
        measure,
        cities: cities_of(state, c),
        period: period_of(c),
        phase: c.phase.name().get(lang).to_owned(),
        description: c.description.clone(),
        budget: c.budget_yen.map(yen_text).unwrap_or_default(),
        max_amount: c.max_amount_yen.map(yen_text).unwrap_or_default(),
        rules: rules(lang, c),
        sections,
        office,
        writes,
        moves,
        applications,
        open: c.takes_applications(calls::today()),
        apply,
        agent,
        csrf: viewer.csrf().to_owned(),
        saved: false,
        errors: Errors::of(lang, errors),
    })
}

/// A call's page.
pub async fn show(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<i64>,
    Query(q): Query<SavedQuery>,
) -> Result<CallPage, AppError> {
    let c = calls::load(&state.app, &viewer.caller(), Action::Read, id).await?;
    let mut page = call_page(&state, (lang, &viewer), &c, &[]).await?;
    page.saved = q.saved();
    Ok(page)
}

/// `GET /calls/{id}/applications.csv` (`.xlsx`): the call's applications for its office, one
/// a row, as Excel opens them.
pub async fn applications_file(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    let c = calls::load(&state.app, &caller, Action::Read, id).await?;
    // The office's, as the review is: anyone else is told nothing is there.
    viewer
        .require(Action::Read, calls::review::resource(&c, None))
        .await?;
    let list = applications::of_call(&state.app, &caller, &c).await?;
    let header = [
        tr(lang, "申請番号", "Application"),
        tr(lang, "受付番号", "Receipt"),
        tr(lang, "企業", "Company"),
        tr(lang, "状態", "State"),
        tr(lang, "提出日時", "Submitted"),
        tr(lang, "申請額（円）", "Asked (yen)"),
        tr(lang, "交付決定額（円）", "Granted (yen)"),
        tr(lang, "代理申請", "Prepared by"),
    ];
    let mut lines = Vec::new();
    for a in list {
        let company = state
            .store
            .company(a.company_id)
            .await?
            .map(|(x, _)| x.name);
        lines.push(vec![
            a.id.0.to_string(),
            a.receipt_no.unwrap_or_default(),
            company.unwrap_or_default(),
            a.state.name().get(lang).to_owned(),
            a.submitted_at
                .map(crate::shared::format::show_time)
                .unwrap_or_default(),
            a.requested_yen.map(|y| y.to_string()).unwrap_or_default(),
            a.granted_yen.map(|y| y.to_string()).unwrap_or_default(),
            a.prepared_by_label,
        ]);
    }
    let xlsx = ListFormat::of(&uri) == ListFormat::Xlsx;
    let name = format!("applications-call{id}-{}", utc_stamp());
    let sheet = tr(lang, "申請", "Applications");
    download(xlsx, &name, sheet, &header, lines.into_iter())
}

fn edit_page(
    state: &AppState,
    (lang, viewer): (Lang, &Viewer),
    c: &CallRecord,
    form: HashMap<String, String>,
    errors: &[FieldError],
) -> FormPage {
    FormPage {
        base: Base::new(
            lang,
            format!("/calls/{}/edit", c.id),
            format!("{}{}", c.title, tr(lang, "（変更）", " (change)")),
            "calls",
        ),
        action: format!("/calls/{}/edit", c.id),
        version: Some(c.version),
        published: c.phase.is_published(),
        editor: Editor::new(state, lang, &c.city_code, &form),
        form,
        errors: Errors::of(lang, errors),
        csrf: viewer.csrf().to_owned(),
    }
}

/// The form to change a call.
pub async fn edit_form(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<i64>,
) -> Result<FormPage, AppError> {
    let c = calls::load(&state.app, &viewer.caller(), Action::Write, id).await?;
    Ok(edit_page(&state, (lang, &viewer), &c, values_of(&c), &[]))
}

/// A call changed, from the version the person saw.
pub async fn edit(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<i64>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    viewer
        .check_csrf(form.get("csrf").map(String::as_str).unwrap_or_default())
        .await?;
    let caller = viewer.caller();
    let c = calls::load(&state.app, &caller, Action::Write, id).await?;
    let seen = seen_version(&form)?;
    match calls::update(&state.app, &caller, &c, &draft(&form), seen).await? {
        Ok(_) => Ok(Redirect::to(&format!("/calls/{id}?saved=1")).into_response()),
        Err(errors) => {
            let page = edit_page(&state, (lang, &viewer), &c, form, &errors);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

/// A phase move of the call, from the version the person saw.
pub async fn phase(
    PageContext(state, _lang, _uri, viewer): PageContext,
    Path(id): Path<i64>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    viewer
        .check_csrf(form.get("csrf").map(String::as_str).unwrap_or_default())
        .await?;
    let caller = viewer.caller();
    let c = calls::load(&state.app, &caller, Action::Write, id).await?;
    let seen = seen_version(&form)?;
    let m = form
        .get("move")
        .and_then(|m| PhaseMove::from_code(m))
        .ok_or_else(|| AppError::Malformed("move".to_owned()))?;
    match calls::move_phase(&state.app, &caller, &c, seen, m).await? {
        Ok(_) => Ok(Redirect::to(&format!("/calls/{id}?saved=1")).into_response()),
        Err(r) => Err(AppError::step_refused::<CallPhases>(r)),
    }
}

/// An application started for a company: the viewer's own (`company` one of theirs) or
/// one prepared for a company of the viewer's city (代理申請).
pub async fn apply(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<i64>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    viewer
        .check_csrf(form.get("csrf").map(String::as_str).unwrap_or_default())
        .await?;
    let caller = viewer.caller();
    let c = calls::load(&state.app, &caller, Action::Read, id).await?;
    let company_id = form
        .get("company")
        .and_then(|v| renkei_domain::text::fold(v).parse::<i64>().ok());
    let company = match company_id {
        Some(cid) => state.store.company(CompanyId(cid)).await?.map(|(x, _)| x),
        None => None,
    };
    let Some(company) = company else {
        let error = FieldError::new(
            "company",
            "申請する企業の企業IDを入力してください（企業のページに表示されています）。",
            "Enter the company's id (shown on its page).",
        );
        let page = call_page(&state, (lang, &viewer), &c, &[error]).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    match applications::start(&state.app, &caller, &c, &company).await? {
        Ok(a) => Ok(Redirect::to(&format!("/applications/{}", a.id)).into_response()),
        Err(applications::Refused::Fields(errors)) => {
            let page = call_page(&state, (lang, &viewer), &c, &errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(applications::Refused::Step(r)) => Err(AppError::step_refused::<
            renkei_domain::call::application::CallApplication,
        >(r)),
        Err(_) => Err(AppError::Conflict),
    }
}
