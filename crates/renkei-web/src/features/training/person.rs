//! One coordinator's training (`/coordinators/{id}/training`): their row of the skills matrix
//! (stages ①–⑧ × profile expertise, training hours, certificates), their progress in each
//! curriculum, their records and certificates; the form their city's full staff record an
//! external course with; and a certificate as a PDF (修了証, typeset by `renkei-pdf`). Read
//! by the coordinator and their city's staff and coordinators only.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Redirect, Response};
use renkei_app::network::Coordinator;
use renkei_app::training::{self, PersonTraining};
use renkei_domain::access::{Action, Resource, TrainingThing};
use renkei_domain::catalog::Stage;
use renkei_domain::training::{Cell, RecordDraft, hours_text};
use renkei_domain::{FieldError, Lang, jdate};
use renkei_pdf::CertificateDocument;
use renkei_store::{CertificateId, UserId};

use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::shared::forms::Errors;
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

use super::curricula::marks;

/// A stage's cell as the matrix shows it.
pub struct CellView {
    pub mark: &'static str,
    pub name: &'static str,
    pub expertise: bool,
    pub hours: String,
    pub certified: bool,
}

pub(super) fn cells(lang: Lang, row: &[Cell; 8]) -> Vec<CellView> {
    Stage::ALL
        .iter()
        .map(|s| {
            let c = row[*s as usize];
            CellView {
                mark: s.mark(),
                name: s.name().get(lang),
                expertise: c.expertise,
                hours: hours_text(c.half_hours),
                certified: c.certified,
            }
        })
        .collect()
}

pub struct RecordView {
    pub held_on: String,
    pub title: String,
    pub provider: String,
    pub hours: String,
    pub stages: String,
    pub source: &'static str,
}

pub struct CertificateView {
    pub id: i64,
    pub number: String,
    pub title: String,
    pub issued_on: String,
}

pub struct ProgressView {
    pub id: i64,
    pub title: String,
    /// Each module: title, earned, required, met.
    pub modules: Vec<(String, String, String, bool)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "training/person.html")]
pub struct PersonPage {
    pub base: Base,
    pub id: i64,
    pub name: String,
    pub city: String,
    pub cells: Vec<CellView>,
    pub progress: Vec<ProgressView>,
    pub records: Vec<RecordView>,
    pub certificates: Vec<CertificateView>,
    pub writable: bool,
    pub csrf: String,
    /// The modules an external record may name: (value, label).
    pub modules: Vec<(String, String)>,
    pub stages: Vec<(&'static str, String)>,
    pub values: HashMap<String, Vec<String>>,
    pub errors: Errors,
    pub saved: bool,
}

impl PersonPage {
    fn value(&self, k: &str) -> String {
        self.values
            .get(k)
            .and_then(|v| v.first())
            .cloned()
            .unwrap_or_default()
    }

    fn checked(&self, k: &str, code: &str) -> bool {
        self.values
            .get(k)
            .is_some_and(|v| v.iter().any(|x| x == code))
    }
}

async fn person_page(
    state: &AppState,
    (lang, here, viewer): (Lang, String, &Viewer),
    c: &renkei_app::access::Checked<Coordinator>,
    values: HashMap<String, Vec<String>>,
    errors: &[FieldError],
) -> Result<PersonPage, AppError> {
    let t: PersonTraining = training::person_training(&state.app, c).await?;
    let writable = viewer.may(
        Action::Write,
        Resource::Training(TrainingThing::Person {
            person: c.account.user.id.0,
            cities: &c.account.cities,
        }),
    );
    let curricula = training::modules(&state.app).await?;
    let modules = curricula
        .iter()
        .flat_map(|cur| {
            cur.modules.iter().map(move |m| {
                (
                    format!("{}:{}", cur.id, m.key),
                    format!("{} — {}（{}）", cur.title, m.title, marks(&m.stage_list())),
                )
            })
        })
        .collect();
    let name = c.account.user.display_name.clone();
    Ok(PersonPage {
        base: Base::new(
            lang,
            here,
            format!("{name}{}", tr(lang, "さんの研修", ": training")),
            "coordinators",
        ),
        id: c.account.user.id.0,
        city: c
            .city()
            .map(|x| state.store.city_name(&x.to_string()))
            .unwrap_or_default(),
        name,
        cells: cells(lang, &t.row),
        progress: t
            .progress
            .iter()
            .map(|(cur, earned)| ProgressView {
                id: cur.id.0,
                title: cur.title.clone(),
                modules: cur
                    .modules
                    .iter()
                    .map(|m| {
                        let got = earned
                            .iter()
                            .find(|(k, _)| *k == m.key)
                            .map_or(0, |(_, h)| *h);
                        (
                            m.title.clone(),
                            hours_text(got),
                            hours_text(m.half_hours),
                            got >= m.half_hours,
                        )
                    })
                    .collect(),
            })
            .collect(),
        records: t
            .records
            .iter()
            .map(|r| RecordView {
                held_on: jdate::wareki(r.held_on),
                title: r.title.clone(),
                provider: r.provider.clone(),
                hours: hours_text(r.half_hours),
                stages: marks(&r.stages),
                source: if r.source == "event" {
                    tr(lang, "研修の催し（受付）", "Training event (checked in)")
                } else {
                    tr(lang, "外部研修", "External course")
                },
            })
            .collect(),
        certificates: t
            .certificates
            .iter()
            .map(|x| CertificateView {
                id: x.id.0,
                number: x.number.clone(),
                title: x.title.clone(),
                issued_on: jdate::wareki(x.issued_on),
            })
            .collect(),
        writable,
        csrf: viewer.csrf().to_owned(),
        modules,
        stages: Stage::ALL
            .iter()
            .map(|s| (s.code(), format!("{} {}", s.mark(), s.name().get(lang))))
            .collect(),
        values,
        errors: Errors::of(lang, errors),
        saved: false,
    })
}

#[derive(serde::Deserialize, Default)]
pub struct SavedQuery {
    #[serde(default)]
    pub saved: Option<String>,
}

/// `GET /coordinators/{id}/training`.
pub async fn page(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(id): Path<UserId>,
    axum::extract::Query(q): axum::extract::Query<SavedQuery>,
) -> Result<Response, AppError> {
    let c = training::load_person(&state.app, &viewer.caller(), Action::Read, id).await?;
    let mut page = person_page(
        &state,
        (lang, uri.to_string(), &viewer),
        &c,
        HashMap::new(),
        &[],
    )
    .await?;
    page.saved = q.saved.is_some();
    Ok(page.into_response())
}

/// `POST /coordinators/{id}/training/records`: an external course, by their city's full staff.
pub async fn record(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<UserId>,
    FormInput(form): FormInput<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    let c = training::load_person(&state.app, &caller, Action::Write, id).await?;
    let mut values: HashMap<String, Vec<String>> = HashMap::new();
    for (k, v) in &form {
        values.entry(k.clone()).or_default().push(v.clone());
    }
    let one = |k: &str| {
        values
            .get(k)
            .and_then(|v| v.first())
            .cloned()
            .unwrap_or_default()
    };
    viewer.check_csrf(&one("csrf")).await?;
    let draft = RecordDraft {
        held_on: one("held_on"),
        hours: one("hours"),
        provider: one("provider"),
        title: one("title"),
        module: one("module"),
        stages: values.get("stages").cloned().unwrap_or_default(),
    };
    match training::record_external(&state.app, &caller, &c, &draft).await? {
        Ok(_) => Ok(Redirect::to(&format!("/coordinators/{id}/training?saved=1")).into_response()),
        Err(errors) => {
            let here = format!("/coordinators/{id}/training");
            let page = person_page(&state, (lang, here, &viewer), &c, values, &errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

/// RFC 5987's encoding of a file name.
fn encoded(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// `GET /training/certificates/{id}/certificate.pdf`: for whoever may read the holder's
/// training.
pub async fn pdf(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<CertificateId>,
) -> Result<Response, AppError> {
    let (cert, holder) = training::certificate(&state.app, &viewer.caller(), id).await?;
    let curriculum = state.store.curriculum(cert.curriculum_id).await?;
    let ja = lang == Lang::Ja;
    let city = state.store.city_name(&cert.city.to_string());
    let issuer = match curriculum.city {
        Some(c) => format!(
            "{}{}",
            state.store.city_name(&c.to_string()),
            tr(lang, "長", "")
        ),
        None => tr(
            lang,
            "指定都市 医工連携コーディネーターネットワーク",
            "The designated cities' coordinator network",
        )
        .to_owned(),
    };
    let doc = CertificateDocument {
        lang: if ja { "ja" } else { "en" },
        number: if ja {
            format!("第{}号", cert.number)
        } else {
            format!("No. {}", cert.number)
        },
        heading: tr(lang, "修了証", "Certificate").to_owned(),
        holder: holder.account.user.display_name.clone(),
        honorific: tr(lang, "殿", "").to_owned(),
        affiliation: format!(
            "{city} {}",
            tr(
                lang,
                "医工連携コーディネーター",
                "medical-engineering coordinator"
            )
        ),
        body: if ja {
            format!(
                "あなたは「{}」の全科目（計{}時間）を修了されたことを証します。",
                cert.title,
                hours_text(cert.half_hours)
            )
        } else {
            format!(
                "This certifies that you completed every module of \"{}\" ({} hours).",
                cert.title,
                hours_text(cert.half_hours)
            )
        },
        columns: [
            tr(lang, "科目", "Module").to_owned(),
            tr(lang, "段階", "Stages").to_owned(),
            tr(lang, "時間", "Hours").to_owned(),
        ],
        modules: curriculum
            .modules
            .iter()
            .map(|m| {
                [
                    m.title.clone(),
                    marks(&m.stage_list()),
                    hours_text(m.half_hours),
                ]
            })
            .collect(),
        date: if ja {
            jdate::wareki(cert.issued_on)
        } else {
            cert.issued_on.format("%-d %B %Y").to_string()
        },
        issuer,
    };
    let pdf = tokio::task::spawn_blocking(move || renkei_pdf::certificate(&doc))
        .await
        .map_err(|e| AppError::Internal(e.into()))?
        .map_err(|e| AppError::Internal(e.into()))?;
    let name = format!("{}-{}.pdf", tr(lang, "修了証", "certificate"), cert.number);
    Ok((
        [
            (CONTENT_TYPE, "application/pdf".to_owned()),
            (
                CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"certificate-{}.pdf\"; filename*=UTF-8''{}",
                    cert.number,
                    encoded(&name)
                ),
            ),
            (CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        pdf,
    )
        .into_response())
}
