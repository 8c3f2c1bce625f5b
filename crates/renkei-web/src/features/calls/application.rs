//! An application's page: the call's form with every question, answered as far as it is,
//! editable while the company (or whoever prepares it for the company) may change it, saved
//! as typed (save and resume: wrong answers are kept and named at their fields) and
//! submitted; its files, kept in the database, uploaded per file field and downloaded by
//! whoever may read it; the moves the viewer may make (hand over, screen: return with
//! reasons and a day to correct, accept, refuse; decide; report; fix the amount; withdraw);
//! the decision, which the applicant sees only once released, with its letter (PDF); and its
//! history.

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use renkei_app::access::Checked;
use renkei_app::calls::applications::{self, Application, Refused, Typed};
use renkei_domain::Lang;
use renkei_domain::access::{Action, Role};
use renkei_domain::call::application::{CallApplication, Move, State, Verdict, reason};
use renkei_domain::call::form::{FieldKind, sections};
use renkei_domain::call::yen_text;
use renkei_domain::jdate::wareki;
use renkei_domain::research_group::DOCUMENT_MAX_BYTES;
use renkei_store::{ApplicationId, ApplicationWrite};

use super::{KeyedErrors, seen_version};
use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::shared::format::in_jst;
use crate::shared::forms::{Choice, SavedQuery};
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

/// A question of the form with its answer and, for a file field, its files.
pub struct AnswerRow {
    pub key: String,
    pub label: String,
    pub help: String,
    pub required: bool,
    pub kind: String,
    pub long: bool,
    pub file: bool,
    pub value: String,
    pub choices: Vec<Choice>,
    /// (id, name) of the files attached under it.
    pub files: Vec<(i64, String)>,
}

/// A line of the history.
pub struct HistoryRow {
    pub at: String,
    pub what: String,
    pub note: String,
    pub by: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "calls/application.html")]
pub struct ApplicationPage {
    base: Base,
    id: i64,
    version: i64,
    call_id: i64,
    call_title: String,
    company: String,
    receipt: String,
    state: String,
    money: bool,
    requested: String,
    products: Vec<Choice>,
    sections: Vec<(String, Vec<AnswerRow>)>,
    editable: bool,
    /// The moves the viewer may make now, by code.
    moves: Vec<String>,
    correction: String,
    decision: String,
    /// The reviewers' comments to the applicant, shown with the result.
    comments: Vec<String>,
    granted: String,
    report: String,
    /// The report's receipts (a subsidy's), and whether the viewer keeps them now.
    receipts: Vec<super::report::ReceiptRow>,
    reporting: bool,
    fixed: String,
    prepared_by: String,
    history: Vec<HistoryRow>,
    ineligible: Vec<String>,
    errors: KeyedErrors,
    csrf: String,
    saved: bool,
    /// Whether the viewer may download the decision letter now (its link).
    letter: bool,
}

impl ApplicationPage {
    fn can(&self, m: &str) -> bool {
        self.moves.iter().any(|x| x == m)
    }
}

/// Each move the viewer may make now, as codes.
fn moves_of(viewer: &Viewer, a: &Application) -> Vec<String> {
    let parties = applications::parties(&viewer.caller(), a);
    Move::all()
        .iter()
        .filter(|m| {
            renkei_domain::workflow::party_for::<CallApplication>(a.record.state, &parties, m)
                .is_ok()
        })
        .map(|m| m.code().to_owned())
        .collect()
}

async fn answer_rows(
    state: &AppState,
    a: &Application,
    typed: Option<&BTreeMap<String, String>>,
) -> Result<Vec<(String, Vec<AnswerRow>)>, AppError> {
    let files = state.store.application_files(a.record.id).await?;
    let answers = typed.unwrap_or(&a.record.answers);
    Ok(sections(&a.call.fields)
        .into_iter()
        .map(|(s, fs)| {
            let rows = fs
                .into_iter()
                .map(|f| {
                    let value = answers.get(&f.key).cloned().unwrap_or_default();
                    let kind = f.kind();
                    AnswerRow {
                        key: f.key.clone(),
                        label: f.label.clone(),
                        help: f.help.clone(),
                        required: f.required,
                        kind: kind.code().to_owned(),
                        long: kind == FieldKind::LongText,
                        file: kind == FieldKind::File,
                        choices: f
                            .choices
                            .iter()
                            .map(|c| Choice {
                                value: c.clone(),
                                label: c.clone(),
                                selected: *c == value,
                            })
                            .collect(),
                        value,
                        files: files
                            .iter()
                            .filter(|x| x.field_key == f.key)
                            .map(|x| (x.id, x.file_name.clone()))
                            .collect(),
                    }
                })
                .collect();
            (s, rows)
        })
        .collect::<Vec<_>>())
}

/// What the page shows of the decision: the office always, the applicant once released.
fn decision_of(lang: Lang, a: &Application, office: bool) -> (String, String) {
    let r = &a.record;
    let released = matches!(
        r.state,
        State::Awarded | State::NotAwarded | State::Reported | State::Settled | State::Refused
    );
    if !(office || released) {
        return (String::new(), String::new());
    }
    let verdict = match (r.state, r.verdict.as_deref()) {
        (State::Refused, _) => tr(lang, "不受理", "Refused at screening"),
        (_, Some("award")) => tr(lang, "採択", "Awarded"),
        (_, Some("decline")) => tr(lang, "不採択", "Not awarded"),
        _ => return (String::new(), String::new()),
    };
    let text = format!(
        "{verdict}{}",
        r.decision_reason
            .as_deref()
            .map(|x| format!("（{x}）"))
            .unwrap_or_default()
    );
    (text, r.granted_yen.map(yen_text).unwrap_or_default())
}

/// The page of a checked application, with what was typed and what is wrong.
pub(super) async fn page(
    state: &AppState,
    (lang, viewer): (Lang, &Viewer),
    a: &Checked<Application>,
    typed: Option<(&Typed, &[renkei_domain::call::form::AnswerError])>,
) -> Result<ApplicationPage, AppError> {
    let r = &a.record;
    let caller = viewer.caller();
    let office = renkei_app::calls::is_office(&caller, &a.call);
    let products = state.store.company_products(a.company.id).await?;
    let chosen = typed
        .and_then(|(t, _)| t.product)
        .or(r.product_id.map(|p| p.0));
    let history = state
        .store
        .application_history(r.id)
        .await?
        .into_iter()
        // The panel's decision is the applicant's only once released.
        .filter(|h| office || h.move_code != "decide")
        .map(|h| HistoryRow {
            at: in_jst(h.at).format("%Y-%m-%d %H:%M").to_string(),
            what: Move::all()
                .iter()
                .find(|m| m.code() == h.move_code)
                .map(|m| m.name().get(lang).to_owned())
                .unwrap_or_else(|| tr(lang, "申請を作成", "Started").to_owned()),
            note: h.note,
            by: h.actor_label,
        })
        .collect();
    let (decision, granted) = decision_of(lang, a, office);
    let mut comments = Vec::new();
    if !decision.is_empty() {
        for sheet in state.store.sheets_of_application(r.id).await? {
            if sheet.submitted_at.is_some() && !sheet.applicant_comment.is_empty() {
                comments.push(sheet.applicant_comment);
            }
        }
    }
    let errors = KeyedErrors(
        typed
            .map(|(_, e)| e)
            .unwrap_or_default()
            .iter()
            .map(|e| (e.key.clone(), e.message.get(lang).to_owned()))
            .collect(),
    );
    let state_name = if office {
        r.state.name()
    } else {
        r.state.applicant_name()
    };
    Ok(ApplicationPage {
        base: Base::new(
            lang,
            format!("/applications/{}", r.id),
            format!("{}{}", a.call.title, tr(lang, "への申請", ": application")),
            "calls",
        ),
        id: r.id.0,
        version: r.version,
        call_id: a.call.id,
        call_title: a.call.title.clone(),
        company: a.company.name.clone(),
        receipt: r.receipt_no.clone().unwrap_or_default(),
        state: state_name.get(lang).to_owned(),
        money: a.call.kind.grants_money(),
        requested: typed
            .map(|(t, _)| t.requested_yen.clone())
            .unwrap_or_else(|| r.requested_yen.map(|y| y.to_string()).unwrap_or_default()),
        products: products
            .iter()
            .map(|p| Choice {
                value: p.id.to_string(),
                label: p.name.clone(),
                selected: chosen == Some(p.id.0),
            })
            .collect(),
        sections: answer_rows(state, a, typed.map(|(t, _)| &t.answers)).await?,
        editable: applications::may_edit(&caller, a),
        moves: moves_of(viewer, a),
        correction: match (r.state, &r.correction_reason, r.correction_due) {
            (State::Returned, Some(why), Some(due)) => format!(
                "{why}（{}{}）",
                tr(lang, "修正期限: ", "correct by "),
                wareki(due)
            ),
            _ => String::new(),
        },
        decision,
        comments,
        granted,
        report: typed
            .and_then(|(t, _)| t.answers.get("report").cloned())
            .or_else(|| r.report.clone())
            .unwrap_or_default(),
        receipts: super::report::receipt_rows(state, lang, a, typed.map(|(t, _)| &t.answers))
            .await?,
        reporting: renkei_app::calls::report::may_report(&caller, a),
        fixed: r.fixed_yen.map(yen_text).unwrap_or_default(),
        prepared_by: r.prepared_by_label.clone(),
        history,
        ineligible: Vec::new(),
        errors,
        csrf: viewer.csrf().to_owned(),
        saved: false,
        letter: renkei_app::calls::letters::available(&caller, a).is_some(),
    })
}

/// An application's page.
pub async fn show(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<ApplicationId>,
    Query(q): Query<SavedQuery>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    let a = applications::load(&state.app, &caller, Action::Read, id).await?;
    // A reviewer reads it on their sheet, which hides the company in blind review.
    let reviewer = caller
        .subject
        .roles
        .contains(&Role::Reviewer { call: a.call.id });
    if reviewer
        && applications::parties(&caller, &a).is_empty()
        && !renkei_app::calls::is_office(&caller, &a.call)
    {
        let sheets = state.store.sheets_of_application(id).await?;
        if let Some(s) = sheets
            .iter()
            .find(|s| Some(s.user_id.0) == caller.subject.person)
        {
            return Ok(Redirect::to(&format!("/call-reviews/{}", s.id)).into_response());
        }
    }
    let mut p = page(&state, (lang, &viewer), &a, None).await?;
    p.saved = q.saved();
    Ok(p.into_response())
}

/// What the form typed: answers are `a_{key}`.
fn typed_of(form: &HashMap<String, String>) -> Typed {
    Typed {
        answers: form
            .iter()
            .filter_map(|(k, v)| k.strip_prefix("a_").map(|k| (k.to_owned(), v.clone())))
            .collect(),
        requested_yen: form.get("requested_yen").cloned().unwrap_or_default(),
        product: form
            .get("product")
            .and_then(|p| p.trim().parse::<i64>().ok()),
    }
}

/// What was typed, kept (save and resume); with `submit`, then submitted. Wrong answers are
/// kept as typed and shown at their fields; a rule of who may apply not met is named.
pub async fn save(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<ApplicationId>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    viewer
        .check_csrf(form.get("csrf").map(String::as_str).unwrap_or_default())
        .await?;
    let caller = viewer.caller();
    let a = applications::load(&state.app, &caller, Action::Write, id).await?;
    let seen = seen_version(&form)?;
    let typed = typed_of(&form);
    let (saved, errors) = match applications::save(&state.app, &caller, &a, &typed, seen).await? {
        Ok(x) => x,
        Err(Refused::Step(r)) => return Err(AppError::step_refused::<CallApplication>(r)),
        Err(_) => return Err(AppError::Conflict),
    };
    if !errors.is_empty() || form.get("action").map(String::as_str) != Some("submit") {
        if errors.is_empty() {
            return Ok(Redirect::to(&format!("/applications/{id}?saved=1")).into_response());
        }
        let a = applications::load(&state.app, &caller, Action::Write, id).await?;
        let p = page(&state, (lang, &viewer), &a, Some((&typed, &errors))).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response());
    }
    let a = applications::load(&state.app, &caller, Action::Write, id).await?;
    match applications::submit(&state.app, &caller, &a, saved.version).await? {
        Ok(_) => Ok(Redirect::to(&format!("/applications/{id}?saved=1")).into_response()),
        Err(Refused::Answers(errors)) => {
            let p = page(&state, (lang, &viewer), &a, Some((&typed, &errors))).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response())
        }
        Err(Refused::Ineligible(why)) => {
            let mut p = page(&state, (lang, &viewer), &a, None).await?;
            p.ineligible = why.iter().map(|w| w.get(lang).to_owned()).collect();
            Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response())
        }
        Err(Refused::Step(r)) => Err(AppError::step_refused::<CallApplication>(r)),
        Err(Refused::Fields(e)) => Err(AppError::Validation(e)),
    }
}

/// The move a form sends, with what it carries.
fn move_of(form: &HashMap<String, String>) -> Result<(Move, ApplicationWrite), AppError> {
    let get = |k: &str| form.get(k).map_or("", String::as_str);
    let text = || reason(get("reason")).map_err(AppError::Validation);
    let yen = |field: &'static str| match renkei_domain::call::parse_yen(get(field)) {
        Some(v) => Ok(v),
        None => Err(AppError::Validation(vec![renkei_domain::FieldError::new(
            field,
            "金額は0以上の円単位の数字で入力してください（例: 1,000,000）。",
            "Enter an amount in yen.",
        )])),
    };
    let mut write = ApplicationWrite::default();
    let m = match get("move") {
        "hand_over" => Move::HandOver,
        "accept" => Move::Accept,
        "withdraw" => Move::Withdraw,
        "refuse" => Move::Refuse(text()?),
        "return_report" => Move::ReturnReport(text()?),
        "return" => {
            let due = renkei_domain::jdate::parse(get("due")).ok_or_else(|| {
                AppError::Validation(vec![renkei_domain::FieldError::new(
                    "due",
                    "修正期限を日付で入力してください（例: 2026-12-20、令和8年12月20日）。",
                    "Enter the last day to correct as a date.",
                )])
            })?;
            Move::Return {
                reason: text()?,
                due,
            }
        }
        "decide" => {
            let verdict = if get("verdict") == "award" {
                Verdict::Award
            } else {
                Verdict::Decline
            };
            write.granted_yen = yen("granted_yen")?.filter(|_| verdict == Verdict::Award);
            Move::Decide {
                verdict,
                reason: text()?,
            }
        }
        "settle" => Move::Settle(yen("fixed_yen")?.unwrap_or_default()),
        _ => return Err(AppError::Malformed("move".to_owned())),
    };
    Ok((m, write))
}

/// The report submitted; refused, the page again with each problem at its field and what
/// was typed kept.
async fn report(
    state: &AppState,
    (lang, viewer): (Lang, &Viewer),
    a: &Checked<Application>,
    form: &HashMap<String, String>,
    seen: i64,
) -> Result<Response, AppError> {
    let text = form.get("report").map(String::as_str).unwrap_or_default();
    let dates = super::report::dates_of(form);
    let caller = viewer.caller();
    let id = a.record.id;
    match renkei_app::calls::report::submit(&state.app, &caller, a, (text, &dates), seen).await? {
        Ok(_) => Ok(Redirect::to(&format!("/applications/{id}?saved=1")).into_response()),
        Err(Refused::Answers(errors)) => {
            let mut typed = Typed {
                answers: a.record.answers.clone(),
                requested_yen: String::new(),
                product: a.record.product_id.map(|p| p.0),
            };
            typed.answers.insert("report".to_owned(), text.to_owned());
            for (code, d) in dates {
                typed.answers.insert(format!("date_{code}"), d);
            }
            let p = page(state, (lang, viewer), a, Some((&typed, &errors))).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response())
        }
        Err(Refused::Step(r)) => Err(AppError::step_refused::<CallApplication>(r)),
        Err(_) => Err(AppError::Conflict),
    }
}

/// A move on the application, from the version the person saw.
pub async fn make_move(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<ApplicationId>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    viewer
        .check_csrf(form.get("csrf").map(String::as_str).unwrap_or_default())
        .await?;
    let caller = viewer.caller();
    let a = applications::load(&state.app, &caller, Action::Read, id).await?;
    let seen = seen_version(&form)?;
    if form.get("move").map(String::as_str) == Some("report") {
        return report(&state, (lang, &viewer), &a, &form, seen).await;
    }
    let (m, write) = move_of(&form)?;
    match applications::make(&state.app, &caller, &a, seen, &m, &write).await? {
        Ok(_) => Ok(Redirect::to(&format!("/applications/{id}?saved=1")).into_response()),
        Err(Refused::Step(r)) => Err(AppError::step_refused::<CallApplication>(r)),
        Err(Refused::Fields(e)) => Err(AppError::Validation(e)),
        Err(_) => Err(AppError::Conflict),
    }
}

/// The request size a file's form may have: the largest file kept, and room for the form's
/// other fields.
pub(super) fn body_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(DOCUMENT_MAX_BYTES + 64 * 1024)
}

/// A file kept under a file field (a multipart form: `csrf`, `field`, then `file`).
pub async fn upload(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<ApplicationId>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, AppError> {
    let mut multipart = multipart.map_err(|e| AppError::Malformed(e.body_text()))?;
    let (mut file, mut name, mut key, mut csrf) =
        (Vec::new(), String::new(), String::new(), String::new());
    let mut too_large = false;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| AppError::Malformed(e.body_text()))?
    {
        match field.name().unwrap_or_default() {
            "file" => {
                name = field.file_name().unwrap_or_default().to_owned();
                match field.bytes().await {
                    Ok(b) => file = b.to_vec(),
                    Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                        too_large = true;
                        break;
                    }
                    Err(e) => return Err(AppError::Malformed(e.body_text())),
                }
            }
            "field" => key = field.text().await.unwrap_or_default(),
            "csrf" => csrf = field.text().await.unwrap_or_default(),
            _ => {}
        }
    }
    viewer.check_csrf(&csrf).await?;
    let caller = viewer.caller();
    let a = applications::load(&state.app, &caller, Action::Write, id).await?;
    let refused = if too_large {
        vec![renkei_domain::call::form::AnswerError {
            key: key.clone(),
            message: renkei_domain::i18n::Words::new(
                "ファイルが大きすぎます。10MB以下のファイルを選んでください。",
                "The file is too large: choose one of at most 10 MB.",
            ),
        }]
    } else {
        match applications::attach(&state.app, &caller, &a, &key, (&name, file)).await? {
            Ok(_) => {
                return Ok(
                    Redirect::to(&format!("/applications/{id}?saved=1#f-{key}")).into_response()
                );
            }
            Err(Refused::Answers(e)) => e,
            Err(Refused::Step(r)) => return Err(AppError::step_refused::<CallApplication>(r)),
            Err(_) => return Err(AppError::Conflict),
        }
    };
    let typed = Typed {
        answers: a.record.answers.clone(),
        requested_yen: a
            .record
            .requested_yen
            .map(|y| y.to_string())
            .unwrap_or_default(),
        product: a.record.product_id.map(|p| p.0),
    };
    let p = page(&state, (lang, &viewer), &a, Some((&typed, &refused))).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, p).into_response())
}

/// A file, as it was kept.
pub async fn download(
    PageContext(state, _lang, _uri, viewer): PageContext,
    Path((id, file)): Path<(ApplicationId, i64)>,
) -> Result<Response, AppError> {
    let a = applications::load(&state.app, &viewer.caller(), Action::Read, id).await?;
    let (f, content) = state.store.application_file(a.record.id, file).await?;
    let disposition = format!(
        "attachment; filename=\"file-{}\"; filename*=UTF-8''{}",
        f.id,
        crate::shared::format::rfc5987(&f.file_name)
    );
    Ok((
        [
            (header::CONTENT_TYPE, f.content_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        content,
    )
        .into_response())
}

/// A file removed while the application may be changed.
pub async fn remove(
    PageContext(state, _lang, _uri, viewer): PageContext,
    Path((id, file)): Path<(ApplicationId, i64)>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    viewer
        .check_csrf(form.get("csrf").map(String::as_str).unwrap_or_default())
        .await?;
    let caller = viewer.caller();
    let a = applications::load(&state.app, &caller, Action::Write, id).await?;
    match applications::detach(&state.app, &caller, &a, file).await? {
        Ok(()) => Ok(Redirect::to(&format!("/applications/{id}?saved=1")).into_response()),
        Err(Refused::Step(r)) => Err(AppError::step_refused::<CallApplication>(r)),
        Err(_) => Err(AppError::Conflict),
    }
}
