//! A company's CSR challenge certification (`/csr/certifications/{id}`): the self-assessment
//! — every question of the checklist version it answers, by category, with the company's
//! answers and notes, the progress and the thresholds' evaluation, saved and resumed over
//! sittings (a renewal's changes since the previous answers highlighted) — the state, the
//! interview's record, the committee's reasons, the number and the term in 和暦, the moves the
//! viewer may make and the history; the list of the viewer's certifications; the answers as
//! XLSX and PDF, and the certificate as a PDF (typeset by `renkei-pdf`).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Redirect, Response};
use renkei_app::access::Checked;
use renkei_app::csr::Refused;
use renkei_app::csr::certification::{self as cert, Assessment};
use renkei_domain::access::Action;
use renkei_domain::csr::certification::{Certification, InterviewDraft, Move, Refusal, term_text};
use renkei_domain::{FieldError, Lang, jdate};
use renkei_store::{CertificationId, CertificationRecord};

use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::shared::format::show_time;
use crate::shared::forms::{Errors, SavedQuery};
use crate::shared::layout::{Base, tr};
use crate::shared::moves::{MoveButton, buttons};
use crate::shared::page::PageContext;

type Form = Vec<(String, String)>;

fn one(form: &Form, key: &str) -> String {
    form.iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

/// A refused step as the web answers it (403 not the caller's, 409 otherwise).
pub(super) fn refused(r: Refusal) -> AppError {
    AppError::step_refused::<Certification>(r)
}

/// A certification as a list's row shows it.
pub struct Row {
    pub id: i64,
    pub company: String,
    pub city: String,
    pub state: &'static str,
    pub number: String,
    pub term: String,
}

pub(super) async fn row(
    state: &AppState,
    lang: Lang,
    r: &CertificationRecord,
) -> Result<Row, AppError> {
    let company = state
        .store
        .company(r.company_id)
        .await?
        .map(|(c, _)| c.name)
        .unwrap_or_default();
    Ok(Row {
        id: r.id.0,
        company,
        city: state.store.city_name(&r.city.to_string()),
        state: r.state.name().get(lang),
        number: r.number.clone().unwrap_or_default(),
        term: term(r),
    })
}

fn term(r: &CertificationRecord) -> String {
    match (r.certified_on, r.term_ends_on) {
        (Some(a), Some(b)) => term_text(a, b),
        _ => String::new(),
    }
}

/// An item with the company's answer, as the self-assessment shows it.
pub struct AnswerView {
    pub key: String,
    pub text: String,
    pub required: bool,
    pub evidence: &'static str,
    pub example: bool,
    pub answer: String,
    pub answer_name: &'static str,
    pub note: String,
    /// Changed since the previous certification's answers.
    pub changed: bool,
    pub previous: String,
}

/// An item that needs a document, with its file if one is kept: id, name, size.
pub struct FileView {
    pub key: String,
    pub text: String,
    pub required: bool,
    pub file: Option<(i64, String, String)>,
}

fn files(a: &Assessment) -> Vec<FileView> {
    a.checklist
        .list
        .items
        .iter()
        .filter(|i| i.evidence == renkei_domain::csr::checklist::Evidence::File)
        .map(|i| FileView {
            key: i.key.clone(),
            text: i.text.clone(),
            required: i.required,
            file: a.files.iter().find(|f| f.item_key == i.key).map(|f| {
                let kb = (f.size_bytes + 1023) / 1024;
                (f.id, f.file_name.clone(), format!("{kb} KB"))
            }),
        })
        .collect()
}

pub struct SectionView {
    pub name: String,
    pub kind: &'static str,
    pub items: Vec<AnswerView>,
}

fn sections(lang: Lang, r: &CertificationRecord, a: &Assessment, form: &Form) -> Vec<SectionView> {
    let typed = |name: String| {
        form.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.clone())
    };
    a.checklist
        .list
        .by_category()
        .into_iter()
        .map(|(c, items)| SectionView {
            name: c.name.clone(),
            kind: c.kind.name().get(lang),
            items: items
                .into_iter()
                .map(|i| {
                    let saved = r.answers.get(&i.key);
                    let answer = typed(format!("a_{}", i.key)).unwrap_or_else(|| {
                        saved
                            .map(|s| s.answer.code().to_owned())
                            .unwrap_or_default()
                    });
                    let note = typed(format!("n_{}", i.key))
                        .unwrap_or_else(|| saved.map(|s| s.note.clone()).unwrap_or_default());
                    let previous = a
                        .previous
                        .as_ref()
                        .and_then(|p| p.get(&i.key))
                        .map(|p| p.answer.name().get(lang).to_owned())
                        .unwrap_or_default();
                    AnswerView {
                        key: i.key.clone(),
                        text: i.text.clone(),
                        required: i.required,
                        evidence: if i.evidence == renkei_domain::csr::checklist::Evidence::None {
                            ""
                        } else {
                            i.evidence.name().get(lang)
                        },
                        example: i.example,
                        answer_name: saved.map(|s| s.answer.name().get(lang)).unwrap_or("—"),
                        answer,
                        note,
                        changed: a.changed.contains(&i.key),
                        previous,
                    }
                })
                .collect(),
        })
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "csr/certification.html")]
pub struct CertificationPage {
    base: Base,
    r: Row,
    id: i64,
    version: i64,
    city_code: String,
    checklist: String,
    editable: bool,
    held: bool,
    renewable: bool,
    sections: Vec<SectionView>,
    files: Vec<FileView>,
    percent: usize,
    answered: usize,
    total: usize,
    met: bool,
    unmet: Vec<String>,
    renewal_of: Option<i64>,
    changed: usize,
    interview: Option<(String, String, String)>,
    decision: String,
    return_reason: String,
    end_reason: String,
    moves: Vec<MoveButton>,
    history: Vec<(String, &'static str, String, String)>,
    csrf: String,
    form: Form,
    errors: Errors,
    saved: bool,
}

impl CertificationPage {
    fn value(&self, key: &str) -> String {
        one(&self.form, key)
    }
}

pub(super) async fn cert_page(
    state: &AppState,
    (lang, viewer): (Lang, &Viewer),
    r: &Checked<CertificationRecord>,
    form: Form,
    errors: &[FieldError],
) -> Result<CertificationPage, AppError> {
    let caller = viewer.caller();
    let parties = cert::parties(&caller, r);
    let a = cert::assessment(&state.app, r).await?;
    let moves = buttons::<Certification>(lang, r.state, &parties, &Move::all());
    let company_party = parties.contains(&renkei_domain::csr::certification::Party::Company);
    let history = cert::history(&state.app, r)
        .await?
        .into_iter()
        .map(|e| {
            let what = match e.move_code.as_str() {
                "start" => tr(lang, "自己評価を開始", "Self-assessment started"),
                "renew" => tr(lang, "更新の自己評価を開始", "Renewal started"),
                _ => e.to_state.map(|s| s.name().get(lang)).unwrap_or_default(),
            };
            (show_time(e.at), what, e.actor_label, e.note)
        })
        .collect();
    let row = row(state, lang, r).await?;
    let title = format!(
        "{}{}",
        tr(lang, "CSRチャレンジ企業認証：", "CSR certification: "),
        row.company
    );
    Ok(CertificationPage {
        base: Base::new(
            lang,
            format!("/csr/certifications/{}", r.id),
            title,
            "cities",
        ),
        id: r.id.0,
        version: r.version,
        city_code: r.city.to_string(),
        checklist: format!(
            "{}（{}{}）",
            a.checklist.title,
            tr(lang, "第", "version "),
            a.checklist.version_no
        ) + tr(lang, "版", ""),
        editable: r.state.editable() && company_party,
        held: r.state.holds() && r.number.is_some(),
        renewable: r.state.holds() && company_party,
        sections: sections(lang, r, &a, &form),
        files: files(&a),
        percent: a.evaluation.percent(),
        answered: a.evaluation.answered,
        total: a.evaluation.total,
        met: a.evaluation.met(),
        unmet: a
            .evaluation
            .unmet
            .iter()
            .map(|u| {
                if lang == Lang::En {
                    u.en.clone()
                } else {
                    u.ja.clone()
                }
            })
            .collect(),
        renewal_of: r.previous_id.map(|p| p.0),
        changed: a.changed.len(),
        interview: r.interview_on.map(|d| {
            (
                jdate::wareki(d),
                r.interview_attendees.clone(),
                r.interview_notes.clone(),
            )
        }),
        decision: r.decision_reason.clone(),
        return_reason: r.return_reason.clone(),
        end_reason: r.end_reason.clone(),
        r: row,
        moves,
        history,
        csrf: viewer.csrf().to_owned(),
        form,
        errors: Errors::of(lang, errors),
        saved: false,
    })
}

/// `GET /csr/certifications/{id}`.
pub async fn show(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<CertificationId>,
    Query(q): Query<SavedQuery>,
) -> Result<CertificationPage, AppError> {
    let r = cert::load(&state.app, &viewer.caller(), Action::Read, id).await?;
    let mut page = cert_page(&state, (lang, &viewer), &r, Vec::new(), &[]).await?;
    page.saved = q.saved();
    Ok(page)
}

#[derive(Template, WebTemplate)]
#[template(path = "csr/list.html")]
pub struct ListPage {
    base: Base,
    rows: Vec<Row>,
}

/// `GET /csr/certifications`: the viewer's companies' and cities' certifications.
pub async fn list(
    PageContext(state, lang, _uri, viewer): PageContext,
) -> Result<ListPage, AppError> {
    viewer.require_signed_in().await?;
    let mut rows = Vec::new();
    for r in cert::list(&state.app, &viewer.caller()).await? {
        rows.push(row(&state, lang, &r).await?);
    }
    Ok(ListPage {
        base: Base::new(
            lang,
            "/csr/certifications",
            tr(lang, "CSRチャレンジ企業認証の申請", "CSR certifications"),
            "cities",
        ),
        rows,
    })
}

fn version_of(form: &Form) -> Result<i64, AppError> {
    one(form, "version")
        .trim()
        .parse()
        .map_err(|_| AppError::Malformed("version".to_owned()))
}

/// `POST /csr/certifications/{id}/answers`: the company saves its answers (and resumes
/// later).
pub async fn answers(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<CertificationId>,
    FormInput(form): FormInput<Form>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    let r = cert::load(&state.app, &caller, Action::Write, id).await?;
    viewer.check_csrf(&one(&form, "csrf")).await?;
    let version = version_of(&form)?;
    match cert::save_answers(&state.app, &caller, &r, version, &form).await? {
        Ok(_) => {
            Ok(Redirect::to(&format!("/csr/certifications/{id}?saved=1#answers")).into_response())
        }
        Err(Refused::Fields(errors)) => {
            let page = cert_page(&state, (lang, &viewer), &r, form, &errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(Refused::Step(s)) => Err(refused(s)),
    }
}

/// `POST /csr/certifications/{id}/move`: a step of the workflow, as the viewer's party.
pub async fn step(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<CertificationId>,
    FormInput(form): FormInput<Form>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    let r = cert::load(&state.app, &caller, Action::Write, id).await?;
    viewer.check_csrf(&one(&form, "csrf")).await?;
    let version = version_of(&form)?;
    let m = match Move::parse(&one(&form, "move"), &one(&form, "text")) {
        Ok(m) => m,
        Err(errors) => {
            let page = cert_page(&state, (lang, &viewer), &r, form, &errors).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let interview = InterviewDraft {
        held_on: one(&form, "held_on"),
        attendees: one(&form, "attendees"),
        notes: one(&form, "notes"),
    };
    match cert::move_certification(&state.app, &caller, &r, version, &m, &interview).await? {
        Ok(_) => {
            state.mail_queued();
            Ok(Redirect::to(&format!("/csr/certifications/{id}?saved=1")).into_response())
        }
        Err(Refused::Fields(errors)) => {
            let page = cert_page(&state, (lang, &viewer), &r, form, &errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(Refused::Step(s)) => Err(refused(s)),
    }
}

/// `POST /csr/certifications/{id}/renew`: the company starts its renewal from these answers.
pub async fn renew(
    PageContext(state, _lang, _uri, viewer): PageContext,
    Path(id): Path<CertificationId>,
    FormInput(form): FormInput<Form>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    let r = cert::load(&state.app, &caller, Action::Write, id).await?;
    viewer.check_csrf(&one(&form, "csrf")).await?;
    match cert::renew(&state.app, &caller, &r).await? {
        Ok(n) => Ok(Redirect::to(&format!("/csr/certifications/{}", n.id)).into_response()),
        Err(Refused::Fields(e)) => Err(AppError::Validation(e)),
        Err(Refused::Step(s)) => Err(refused(s)),
    }
}

/// The answers as rows: category, number, item, answer, note.
async fn answer_rows(
    state: &AppState,
    lang: Lang,
    r: &CertificationRecord,
) -> Result<Vec<[String; 5]>, AppError> {
    let a = cert::assessment(&state.app, r).await?;
    Ok(a.checklist
        .list
        .items
        .iter()
        .map(|i| {
            let given = r.answers.get(&i.key);
            [
                i.category.clone(),
                i.key.clone(),
                i.text.clone(),
                given
                    .map(|g| g.answer.name().get(lang).to_owned())
                    .unwrap_or_default(),
                given.map(|g| g.note.clone()).unwrap_or_default(),
            ]
        })
        .collect())
}

const ANSWER_COLUMNS: [&str; 5] = ["カテゴリー", "番号", "項目", "回答", "根拠・メモ"];

/// `GET /csr/certifications/{id}/answers.xlsx`.
pub async fn answers_xlsx(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<CertificationId>,
) -> Result<Response, AppError> {
    let r = cert::load(&state.app, &viewer.caller(), Action::Read, id).await?;
    let rows = answer_rows(&state, lang, &r).await?;
    crate::csv::xlsx_response(
        &format!("csr-answers-{id}.xlsx"),
        "自己評価",
        &ANSWER_COLUMNS,
        rows.into_iter().map(|r| r.to_vec()),
    )
}

fn pdf_response(name: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (CONTENT_TYPE, "application/pdf".to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

async fn typeset<T: Send + 'static>(
    doc: T,
    f: fn(&T) -> Result<Vec<u8>, renkei_pdf::Error>,
) -> Result<Vec<u8>, AppError> {
    tokio::task::spawn_blocking(move || f(&doc))
        .await
        .map_err(|e| AppError::Internal(e.into()))?
        .map_err(|e| AppError::Internal(e.into()))
}

/// `GET /csr/certifications/{id}/answers.pdf`.
pub async fn answers_pdf(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<CertificationId>,
) -> Result<Response, AppError> {
    let r = cert::load(&state.app, &viewer.caller(), Action::Read, id).await?;
    let row = row(&state, lang, &r).await?;
    let rows = answer_rows(&state, lang, &r).await?;
    let a = cert::assessment(&state.app, &r).await?;
    let today = renkei_app::consultations::today();
    let doc = renkei_pdf::AgendaDocument {
        lang: if lang == Lang::En { "en" } else { "ja" },
        heading: tr(
            lang,
            "CSRチェックリスト 自己評価",
            "CSR checklist: self-assessment",
        )
        .to_owned(),
        event: format!("{}（{}）", a.checklist.title, row.city),
        venue: format!(
            "{} {}/{}",
            tr(lang, "回答", "Answered"),
            a.evaluation.answered,
            a.evaluation.total
        ),
        participant: row.company,
        dates: row.state.to_owned(),
        issued: if lang == Lang::En {
            today.to_string()
        } else {
            jdate::wareki(today)
        },
        columns: [
            tr(lang, "番号", "No.").to_owned(),
            tr(lang, "回答", "Answer").to_owned(),
            tr(lang, "項目", "Item").to_owned(),
            tr(lang, "根拠・メモ", "Note").to_owned(),
        ],
        empty: tr(lang, "項目がありません。", "No items.").to_owned(),
        lines: rows
            .into_iter()
            .map(|[cat, key, text, answer, note]| renkei_pdf::AgendaLine {
                when: key,
                table: answer,
                with: format!("{text}（{cat}）"),
                profile: note,
            })
            .collect(),
    };
    let bytes = typeset(doc, renkei_pdf::agenda).await?;
    Ok(pdf_response(&format!("csr-answers-{id}.pdf"), bytes))
}

/// `GET /csr/certifications/{id}/certificate.pdf`: once certified.
pub async fn certificate(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<CertificationId>,
) -> Result<Response, AppError> {
    let r = cert::load(&state.app, &viewer.caller(), Action::Read, id).await?;
    let (Some(number), Some(on), Some(ends), true) = (
        r.number.clone(),
        r.certified_on,
        r.term_ends_on,
        r.state.holds(),
    ) else {
        return Err(AppError::NotFound);
    };
    let a = cert::assessment(&state.app, &r).await?;
    let row = row(&state, lang, &r).await?;
    let ja = lang != Lang::En;
    use renkei_domain::csr::checklist::Kind;
    let count = |k: Kind| {
        let yes = a
            .checklist
            .list
            .items
            .iter()
            .filter(|i| i.kind == k)
            .filter(|i| {
                r.answers.get(&i.key).map(|x| x.answer)
                    == Some(renkei_domain::csr::checklist::Answer::Yes)
            })
            .count();
        [
            k.name().get(lang).to_owned(),
            format!("{yes}/{}", a.checklist.list.count(k)),
            String::new(),
        ]
    };
    let doc = renkei_pdf::CertificateDocument {
        lang: if ja { "ja" } else { "en" },
        number: if ja {
            format!("認証番号 {number}")
        } else {
            format!("No. {number}")
        },
        heading: tr(lang, "認証書", "Certificate").to_owned(),
        holder: row.company.clone(),
        honorific: tr(lang, "殿", "").to_owned(),
        affiliation: tr(lang, "CSRチャレンジ企業", "CSR challenge company").to_owned(),
        body: if ja {
            format!(
                "貴社を{}のCSRチャレンジ企業として認証します。認証期間は{}とします。",
                row.city,
                term_text(on, ends)
            )
        } else {
            format!(
                "{} certifies your company as a CSR challenge company from {on} to {ends}.",
                row.city
            )
        },
        columns: [
            tr(lang, "区分", "Kind").to_owned(),
            tr(lang, "「はい」の項目", "Items answered yes").to_owned(),
            String::new(),
        ],
        modules: vec![
            count(Kind::Protect),
            count(Kind::Grow),
            count(Kind::Financial),
        ],
        date: if ja {
            jdate::wareki(on)
        } else {
            on.to_string()
        },
        issuer: format!("{}{}", row.city, tr(lang, "長", "")),
    };
    let bytes = typeset(doc, renkei_pdf::certificate).await?;
    Ok(pdf_response(
        &format!("csr-certificate-{number}.pdf"),
        bytes,
    ))
}
