//! A call's review pages: the panel page (`/calls/{id}/review`) — for the office, the rubric,
//! the reviewers and the form to invite one (from any city, or an outside expert), the
//! assignment of every application under review at once or one by hand, and the panel's
//! figures in ranking order (mean, median, total, spread shown as disagreement); for a
//! reviewer, their own sheets and the declaration of a conflict of interest — and a sheet's
//! page (`/call-reviews/{id}`), where its reviewer scores on the rubric with a comment to the
//! panel and one to the applicant, and sees the other sheets only once their own is
//! submitted. The checks and rules are `renkei_app::calls::review`.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use renkei_app::access::Checked;
use renkei_app::calls::{self, review};
use renkei_domain::access::{Action, Role};
use renkei_domain::call::Phase;
use renkei_domain::city::CityCode;
use renkei_domain::identity::Invitee;
use renkei_domain::review::Rubric;
use renkei_domain::{FieldError, Lang};
use renkei_store::{ApplicationId, CallRecord, CompanyId, SheetId, UserId};

use super::seen_version;
use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::mailer;
use crate::shared::forms::Errors;
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

/// A reviewer as the panel lists them.
pub struct ReviewerRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub city: String,
}

/// An application's line of the panel's figures.
pub struct FigureRow {
    pub rank: usize,
    pub id: i64,
    pub receipt: String,
    pub company: String,
    pub state: String,
    pub sheets: String,
    pub mean: String,
    pub median: String,
    pub total: String,
    pub spread: String,
    pub disagreement: bool,
    /// Each sheet: reviewer, score (or 未提出), link.
    pub reviews: Vec<(String, String, i64)>,
}

/// A reviewer's own sheet as their list shows it.
pub struct MineRow {
    pub id: i64,
    pub receipt: String,
    pub company: String,
    pub submitted: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "calls/review.html")]
pub struct ReviewPage {
    base: Base,
    id: i64,
    version: i64,
    in_review: bool,
    office: bool,
    writes: bool,
    rubric_lines: String,
    rubric_scale: String,
    rubric_fixed: bool,
    reviewers: Vec<ReviewerRow>,
    cities: Vec<(String, String)>,
    figures: Vec<FigureRow>,
    candidates: Vec<(i64, String)>,
    reviewer: bool,
    mine: Vec<MineRow>,
    applicants: Vec<(i64, String)>,
    conflicts: Vec<(String, String)>,
    notice: String,
    email: String,
    name: String,
    csrf: String,
    errors: Errors,
}

fn score_text(x: f64) -> String {
    format!("{x:.1}")
}

/// The office's part of the panel page: rubric, reviewers, figures, the applications to
/// assign by hand.
async fn office_part(
    state: &AppState,
    (lang, viewer): (Lang, &Viewer),
    c: &Checked<CallRecord>,
    page: &mut ReviewPage,
) -> Result<(), AppError> {
    let caller = viewer.caller();
    let rubric = review::rubric(&state.app, c).await?;
    page.rubric_lines = rubric.to_lines();
    page.rubric_scale = rubric.scale.to_string();
    let panel = review::panel(&state.app, &caller, c).await?;
    let names: HashMap<i64, String> = panel
        .iter()
        .map(|r| (r.user_id.0, r.name.clone()))
        .collect();
    page.reviewers = panel
        .iter()
        .map(|r| ReviewerRow {
            id: r.user_id.0,
            name: r.name.clone(),
            email: r.email.clone(),
            city: r.city.as_ref().map_or_else(
                || tr(lang, "外部有識者", "Outside expert").to_owned(),
                |c| state.store.city_name(&c.to_string()),
            ),
        })
        .collect();
    for (i, f) in review::figures(&state.app, &caller, c)
        .await?
        .into_iter()
        .enumerate()
    {
        let company = state
            .store
            .company(f.application.company_id)
            .await?
            .map(|(x, _)| x.name)
            .unwrap_or_default();
        let submitted = f.sheets.iter().filter(|s| s.submitted_at.is_some()).count();
        let a = f.aggregate.as_ref();
        let figure = |g: fn(&renkei_domain::call::review::Aggregate) -> f64| {
            a.map(|x| score_text(g(x))).unwrap_or_default()
        };
        if f.application.state == renkei_domain::call::application::State::InReview {
            page.candidates.push((
                f.application.id.0,
                format!(
                    "{} {company}",
                    f.application.receipt_no.clone().unwrap_or_default()
                ),
            ));
        }
        page.rubric_fixed |= submitted > 0;
        page.figures.push(FigureRow {
            rank: i + 1,
            id: f.application.id.0,
            receipt: f.application.receipt_no.clone().unwrap_or_default(),
            company,
            state: f.application.state.name().get(lang).to_owned(),
            sheets: format!("{submitted}/{}", f.sheets.len()),
            mean: figure(|x| x.mean),
            median: figure(|x| x.median),
            total: figure(|x| x.total),
            spread: figure(|x| x.spread),
            disagreement: a.is_some_and(|x| x.disagreement),
            reviews: f
                .sheets
                .iter()
                .map(|s| {
                    let who = names.get(&s.user_id.0).cloned().unwrap_or_default();
                    let score = match (s.submitted_at, s.total) {
                        (Some(_), Some(t)) => score_text(t),
                        _ => tr(lang, "未提出", "not submitted").to_owned(),
                    };
                    (who, score, s.id.0)
                })
                .collect(),
        });
    }
    Ok(())
}

/// A reviewer's part: their sheets, the applicants to declare a conflict with, and the
/// conflicts declared.
async fn reviewer_part(
    state: &AppState,
    viewer: &Viewer,
    c: &Checked<CallRecord>,
    page: &mut ReviewPage,
) -> Result<(), AppError> {
    let (sheets, conflicts) = review::my_sheets(&state.app, &viewer.caller(), c).await?;
    let lang = page.base.lang;
    let applications = state.store.applications_of_call(c.id).await?;
    let mut companies: HashMap<i64, String> = HashMap::new();
    for a in applications.iter().filter(|a| a.receipt_no.is_some()) {
        if let Some((co, _)) = state.store.company(a.company_id).await? {
            companies.insert(co.id.0, co.name);
        }
    }
    for s in sheets {
        let a = applications.iter().find(|a| a.id == s.application_id);
        let company = match a {
            Some(_) if c.blind => tr(lang, "（匿名審査）", "(blind review)").to_owned(),
            Some(a) => companies.get(&a.company_id.0).cloned().unwrap_or_default(),
            None => String::new(),
        };
        page.mine.push(MineRow {
            id: s.id.0,
            receipt: a.and_then(|a| a.receipt_no.clone()).unwrap_or_default(),
            company,
            submitted: s.submitted_at.is_some(),
        });
    }
    page.conflicts = conflicts
        .iter()
        .map(|x| {
            let name = companies.get(&x.company_id.0).cloned().unwrap_or_default();
            (name, x.reason.clone())
        })
        .collect();
    let mut applicants: Vec<(i64, String)> = companies.into_iter().collect();
    applicants.sort_by(|a, b| a.1.cmp(&b.1));
    page.applicants = applicants;
    Ok(())
}

async fn review_page(
    state: &AppState,
    (lang, viewer): (Lang, &Viewer),
    c: &Checked<CallRecord>,
    errors: &[FieldError],
) -> Result<ReviewPage, AppError> {
    let caller = viewer.caller();
    let office = calls::is_office(&caller, c);
    let reviewer = viewer
        .subject
        .roles
        .contains(&Role::Reviewer { call: c.id });
    let mut page = ReviewPage {
        base: Base::new(
            lang,
            format!("/calls/{}/review", c.id),
            format!("{}{}", c.title, tr(lang, "（審査）", " (review)")),
            "calls",
        ),
        id: c.id,
        version: c.version,
        in_review: c.phase == Phase::Review,
        office,
        writes: viewer.may(Action::Write, review::resource(c, None)),
        rubric_lines: String::new(),
        rubric_scale: String::new(),
        rubric_fixed: false,
        reviewers: Vec::new(),
        cities: state
            .store
            .cities()
            .iter()
            .map(|x| (x.code.to_string(), x.name.clone()))
            .collect(),
        figures: Vec::new(),
        candidates: Vec::new(),
        reviewer,
        mine: Vec::new(),
        applicants: Vec::new(),
        conflicts: Vec::new(),
        notice: String::new(),
        email: String::new(),
        name: String::new(),
        csrf: viewer.csrf().to_owned(),
        errors: Errors::of(lang, errors),
    };
    if office {
        office_part(state, (lang, viewer), c, &mut page).await?;
    } else {
        review::panel(&state.app, &caller, c).await?;
    }
    if reviewer {
        reviewer_part(state, viewer, c, &mut page).await?;
    }
    Ok(page)
}

/// The panel page.
pub async fn show(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<i64>,
) -> Result<ReviewPage, AppError> {
    let c = calls::load(&state.app, &viewer.caller(), Action::Read, id).await?;
    review_page(&state, (lang, &viewer), &c, &[]).await
}

/// The page again with what was refused, as 422.
async fn refused(
    state: &AppState,
    (lang, viewer): (Lang, &Viewer),
    c: &Checked<CallRecord>,
    errors: Vec<FieldError>,
    form: &HashMap<String, String>,
) -> Result<Response, AppError> {
    let mut page = review_page(state, (lang, viewer), c, &errors).await?;
    page.email = form.get("email").cloned().unwrap_or_default();
    page.name = form.get("name").cloned().unwrap_or_default();
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

fn refusal_errors(r: review::Refused) -> Vec<FieldError> {
    match r {
        review::Refused::Fields(e) => e,
        review::Refused::Barred(b) => {
            let w = b.words();
            vec![FieldError::new("reviewer", w.ja, w.en)]
        }
        review::Refused::NotNow(t) => vec![FieldError::new("review", t.ja, t.en)],
    }
}

/// The call of a review form, once the caller may write what it writes: the panel (`run`:
/// the office), or their own sheets (a reviewer).
async fn loaded(
    state: &AppState,
    viewer: &Viewer,
    (id, run): (i64, bool),
    form: &HashMap<String, String>,
) -> Result<Checked<CallRecord>, AppError> {
    viewer
        .check_csrf(form.get("csrf").map(String::as_str).unwrap_or_default())
        .await?;
    let caller = viewer.caller();
    let c = calls::load(&state.app, &caller, Action::Read, id).await?;
    let sheets_of = (!run).then(|| caller.subject.person.unwrap_or_default());
    state
        .app
        .require(&caller, Action::Write, review::resource(&c, sheets_of))
        .await?;
    Ok(c)
}

fn done(id: i64, anchor: &str) -> Response {
    Redirect::to(&format!("/calls/{id}/review?saved=1#{anchor}")).into_response()
}

/// A reviewer invited to the panel.
pub async fn invite(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<i64>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let c = loaded(&state, &viewer, (id, true), &form).await?;
    let get = |k: &str| form.get(k).map(String::as_str).unwrap_or_default();
    let invitee = match Invitee::parse(get("email"), get("name")) {
        Ok(i) => i,
        Err(e) => return refused(&state, (lang, &viewer), &c, e, &form).await,
    };
    let city = match get("city") {
        "" => None,
        code => match CityCode::parse(code) {
            Ok(city) if state.store.cities().iter().any(|x| x.code == city) => Some(city),
            _ => {
                let e = FieldError::new("city", "市を一覧から選んでください。", "Choose a city.");
                return refused(&state, (lang, &viewer), &c, vec![e], &form).await;
            }
        },
    };
    let by = viewer.actor.label.clone();
    let link = |token: &str| state.link(&format!("/account/link?token={token}"));
    let sign_in = state.link("/sign-in");
    let what = tr(lang, "審査員", "reviewer");
    let caller = viewer.caller();
    match review::invite_reviewer(
        &state.app,
        &caller,
        &c,
        (&invitee, city.as_ref()),
        |u, token| mailer::invitation(u, &by, &link(token)),
        |u| renkei_app::mail::role_added(u, &by, what, &sign_in),
    )
    .await?
    {
        Ok(_) => Ok(done(id, "panel")),
        Err(r) => refused(&state, (lang, &viewer), &c, refusal_errors(r), &form).await,
    }
}

/// Assignment: every application under review at once (`all`), or one reviewer to one
/// application by hand.
pub async fn assign(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<i64>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let c = loaded(&state, &viewer, (id, true), &form).await?;
    let caller = viewer.caller();
    let number = |k: &str| {
        form.get(k)
            .and_then(|v| renkei_domain::text::fold(v).parse::<i64>().ok())
    };
    let result = if form.contains_key("all") {
        review::assign_all(&state.app, &caller, &c)
            .await?
            .map(|plan| plan.short)
    } else {
        match (number("application"), number("reviewer")) {
            (Some(a), Some(r)) => {
                review::assign(&state.app, &caller, &c, ApplicationId(a), UserId(r))
                    .await?
                    .map(|()| Vec::new())
            }
            _ => Err(review::Refused::Fields(vec![FieldError::new(
                "reviewer",
                "申請と審査員を選んでください。",
                "Choose an application and a reviewer.",
            )])),
        }
    };
    match result {
        Ok(short) if short.is_empty() => Ok(done(id, "figures")),
        Ok(short) => {
            let mut page = review_page(&state, (lang, &viewer), &c, &[]).await?;
            page.notice = format!(
                "{}{}",
                tr(
                    lang,
                    "審査員が足りず、割り当てきれなかった申請があります: ",
                    "Too few reviewers for some applications: ",
                ),
                short.len()
            );
            Ok(page.into_response())
        }
        Err(r) => refused(&state, (lang, &viewer), &c, refusal_errors(r), &form).await,
    }
}

/// The call's rubric, set by its office until the first sheet is submitted.
pub async fn set_rubric(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<i64>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let c = loaded(&state, &viewer, (id, true), &form).await?;
    let get = |k: &str| form.get(k).map(String::as_str).unwrap_or_default();
    let rubric = match Rubric::parse(get("criteria"), get("scale")) {
        Ok(r) => r,
        Err(e) => return refused(&state, (lang, &viewer), &c, e, &form).await,
    };
    let seen = seen_version(&form)?;
    match review::set_rubric(&state.app, &viewer.caller(), &c, &rubric, seen).await? {
        Ok(()) => Ok(done(id, "rubric")),
        Err(r) => refused(&state, (lang, &viewer), &c, refusal_errors(r), &form).await,
    }
}

/// A conflict of interest declared by a reviewer.
pub async fn conflict(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<i64>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let c = loaded(&state, &viewer, (id, false), &form).await?;
    let company = form
        .get("company")
        .and_then(|v| v.parse::<i64>().ok())
        .unwrap_or_default();
    let reason = form.get("reason").map(String::as_str).unwrap_or_default();
    match review::declare_conflict(&state.app, &viewer.caller(), &c, CompanyId(company), reason)
        .await?
    {
        Ok(_) => Ok(done(id, "mine")),
        Err(r) => refused(&state, (lang, &viewer), &c, refusal_errors(r), &form).await,
    }
}

/// A criterion of the sheet with its score as typed.
pub struct CriterionRow {
    pub index: usize,
    pub name: String,
    pub weight: u32,
    pub value: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "calls/sheet.html")]
pub struct SheetPage {
    base: Base,
    id: i64,
    call: i64,
    version: i64,
    receipt: String,
    company: String,
    answers: Vec<(String, String)>,
    criteria: Vec<CriterionRow>,
    scale: Vec<u32>,
    panel_comment: String,
    applicant_comment: String,
    total: String,
    submitted: bool,
    own: bool,
    writable: bool,
    others: Option<Vec<(String, String, String)>>,
    csrf: String,
    errors: Errors,
}

async fn sheet_page(
    state: &AppState,
    (lang, viewer): (Lang, &Viewer),
    v: &review::SheetView,
    (form, errors): (Option<&HashMap<String, String>>, &[FieldError]),
) -> Result<SheetPage, AppError> {
    let s = &v.sheet;
    let typed = |k: &str, saved: &str| {
        form.and_then(|f| f.get(k).cloned())
            .unwrap_or_else(|| saved.to_owned())
    };
    let criteria = v
        .rubric
        .criteria
        .iter()
        .enumerate()
        .map(|(i, c)| CriterionRow {
            index: i,
            name: c.name.clone(),
            weight: c.weight,
            value: typed(
                &format!("score_{i}"),
                &s.scores.get(i).map(ToString::to_string).unwrap_or_default(),
            ),
        })
        .collect();
    let answers = v
        .call
        .fields
        .iter()
        .map(|f| {
            let value = v
                .application
                .answers
                .get(&f.key)
                .cloned()
                .unwrap_or_default();
            (f.label.clone(), value)
        })
        .collect();
    let others = match &v.others {
        None => None,
        Some(list) => {
            let panel = state.store.reviewers(v.call.id).await?;
            Some(
                list.iter()
                    .map(|o| {
                        let who = panel
                            .iter()
                            .find(|r| r.user_id == o.user_id)
                            .map(|r| r.name.clone())
                            .unwrap_or_default();
                        let score = match (o.submitted_at, o.total) {
                            (Some(_), Some(t)) => score_text(t),
                            _ => tr(lang, "未提出", "not submitted").to_owned(),
                        };
                        (who, score, o.panel_comment.clone())
                    })
                    .collect(),
            )
        }
    };
    Ok(SheetPage {
        base: Base::new(
            lang,
            format!("/call-reviews/{}", s.id),
            format!("{}{}", tr(lang, "審査票 ", "Review sheet "), v.call.title),
            "calls",
        ),
        id: s.id.0,
        call: v.call.id,
        version: s.version,
        receipt: v.application.receipt_no.clone().unwrap_or_default(),
        company: v.company.as_ref().map_or_else(
            || {
                tr(
                    lang,
                    "（匿名審査のため表示しません）",
                    "(hidden: blind review)",
                )
                .to_owned()
            },
            |c| c.name.clone(),
        ),
        answers,
        criteria,
        scale: (1..=v.rubric.scale).collect(),
        panel_comment: typed("panel_comment", &s.panel_comment),
        applicant_comment: typed("applicant_comment", &s.applicant_comment),
        total: s.total.map(score_text).unwrap_or_default(),
        submitted: s.submitted_at.is_some(),
        own: v.own,
        writable: v.own && s.submitted_at.is_none() && v.call.phase == Phase::Review,
        others,
        csrf: viewer.csrf().to_owned(),
        errors: Errors::of(lang, errors),
    })
}

/// A sheet's page.
pub async fn sheet(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<i64>,
) -> Result<SheetPage, AppError> {
    let v = review::sheet(&state.app, &viewer.caller(), SheetId(id)).await?;
    sheet_page(&state, (lang, &viewer), &v, (None, &[])).await
}

/// A sheet saved (`save`) or submitted (`submit`) by its reviewer.
pub async fn score(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<i64>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    viewer
        .check_csrf(form.get("csrf").map(String::as_str).unwrap_or_default())
        .await?;
    let caller = viewer.caller();
    let v = review::sheet(&state.app, &caller, SheetId(id)).await?;
    let draft = review::ScoreDraft {
        scores: (0..v.rubric.criteria.len())
            .map(|i| form.get(&format!("score_{i}")).cloned().unwrap_or_default())
            .collect(),
        panel_comment: form.get("panel_comment").cloned().unwrap_or_default(),
        applicant_comment: form.get("applicant_comment").cloned().unwrap_or_default(),
        submit: form.contains_key("submit"),
    };
    let seen = seen_version(&form)?;
    match review::score(&state.app, &caller, &v, &draft, seen).await? {
        Ok(_) => Ok(Redirect::to(&format!("/call-reviews/{id}")).into_response()),
        Err(r) => {
            let errors = refusal_errors(r);
            let page = sheet_page(&state, (lang, &viewer), &v, (Some(&form), &errors)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}
