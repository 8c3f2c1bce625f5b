//! A city's CSR challenge certification scheme (`/cities/{city}/csr`): every question of its
//! current checklist, by category, before anyone starts (example items marked 例), the
//! thresholds and the term, the versions; for a company's people, the button that starts a
//! self-assessment; for the city's staff, the certifications under way, the contributions
//! counted, the form of new thresholds and the import of a new version (XLSX or CSV,
//! Shift_JIS or UTF-8). The checklist as XLSX (`checklist.xlsx`, any version).

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use renkei_app::csr::{self, Refused, certification, community};
use renkei_domain::access::{Action, CsrThing, Resource};
use renkei_domain::csr::checklist::{self, COLUMNS, Checklist, Thresholds};
use renkei_domain::{FieldError, Lang};
use renkei_store::{ChecklistId, ChecklistRecord, CompanyId};

use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::shared::city::city_code;
use crate::shared::forms::Errors;
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

/// A category of the checklist as the page shows it: its name, kind and items (key, text,
/// required, evidence, example).
pub struct CategoryView {
    pub name: String,
    pub kind: &'static str,
    pub items: Vec<ItemView>,
}

pub struct ItemView {
    pub key: String,
    pub text: String,
    pub required: bool,
    pub evidence: &'static str,
    pub example: bool,
}

pub(super) fn categories(lang: Lang, list: &Checklist) -> Vec<CategoryView> {
    list.by_category()
        .into_iter()
        .map(|(c, items)| CategoryView {
            name: c.name.clone(),
            kind: c.kind.name().get(lang),
            items: items
                .into_iter()
                .map(|i| ItemView {
                    key: i.key.clone(),
                    text: i.text.clone(),
                    required: i.required,
                    evidence: if i.evidence == checklist::Evidence::None {
                        ""
                    } else {
                        i.evidence.name().get(lang)
                    },
                    example: i.example,
                })
                .collect(),
        })
        .collect()
}

/// The thresholds in words.
pub(super) fn thresholds_text(lang: Lang, list: &Checklist, t: &Thresholds) -> Vec<String> {
    use checklist::Kind;
    let mut out = Vec::new();
    if lang == Lang::En {
        out.push("Every required item answered yes.".to_owned());
        if t.protect_all {
            out.push(format!(
                "Every protective item ({}) answered yes or not applicable.",
                list.count(Kind::Protect)
            ));
        }
        out.push(format!(
            "At least {} of {} growing items answered yes.",
            t.grow_min,
            list.count(Kind::Grow)
        ));
        out.push("Every financial criterion met.".to_owned());
        out.push(format!(
            "The certification runs {} fiscal year(s), to 31 March.",
            t.term_years
        ));
    } else {
        out.push("必須の項目がすべて「はい」であること。".to_owned());
        if t.protect_all {
            out.push(format!(
                "守るCSRの全{}項目が「はい」（または該当なし）であること。",
                list.count(Kind::Protect)
            ));
        }
        out.push(format!(
            "伸ばすCSRの{}項目のうち{}項目以上が「はい」であること。",
            list.count(Kind::Grow),
            t.grow_min
        ));
        out.push("財務基準をすべて満たすこと。".to_owned());
        out.push(format!(
            "認証期間は認証した年度を含む{}年度（最終年度の3月31日まで）。",
            t.term_years
        ));
    }
    out
}

#[derive(Template, WebTemplate)]
#[template(path = "csr/scheme.html")]
pub struct SchemePage {
    base: Base,
    city: String,
    code: String,
    current: Option<(i64, i32, String)>,
    categories: Vec<CategoryView>,
    thresholds: Vec<String>,
    versions: Vec<(i64, i32, String, String)>,
    /// The company the viewer may start a self-assessment for.
    start_for: Option<i64>,
    /// The city's staff: the certifications under way and those held.
    staff: bool,
    writable: bool,
    certifications: Vec<super::certification::Row>,
    counts: Vec<(&'static str, usize)>,
    csrf: String,
    form: HashMap<String, String>,
    errors: Errors,
    problems: Vec<String>,
    saved: bool,
}

impl SchemePage {
    fn value(&self, key: &str) -> &str {
        self.form.get(key).map(String::as_str).unwrap_or_default()
    }
}

#[derive(serde::Deserialize, Default)]
pub struct SchemeQuery {
    #[serde(default)]
    saved: Option<String>,
    #[serde(default)]
    version: Option<i64>,
}

async fn scheme_page(
    state: &AppState,
    (lang, viewer): (Lang, &Viewer),
    city: &str,
    form: HashMap<String, String>,
    (errors, problems): (&[FieldError], Vec<String>),
) -> Result<SchemePage, AppError> {
    let code = city_code(city)?;
    let caller = viewer.caller();
    let versions = csr::scheme(&state.app, &caller, &code).await?;
    let current = versions.first();
    let start_for = csr::own_companies(&caller).into_iter().find(|c| {
        viewer.may(
            Action::Write,
            Resource::Csr(CsrThing::Start {
                city: &code,
                company: c.0,
            }),
        )
    });
    let start_for = match start_for {
        Some(c) => state
            .store
            .company(c)
            .await?
            .filter(|(x, _)| x.home_city == code)
            .map(|_| c.0),
        None => None,
    };
    let staff = viewer.may(
        Action::Read,
        Resource::Csr(CsrThing::Certification {
            city: &code,
            company: -1,
        }),
    );
    let writable = viewer.may(Action::Write, Resource::Csr(CsrThing::Scheme(&code)));
    let mut rows = Vec::new();
    let mut counts = Vec::new();
    if staff {
        for r in state.store.certifications_of_city(&code).await? {
            rows.push(super::certification::row(state, lang, &r).await?);
        }
        counts = community::city_counts(&state.app, &code)
            .await?
            .into_iter()
            .map(|(k, n)| (k.name().get(lang), n))
            .collect();
    }
    let name = state.store.city_name(&code.to_string());
    let mut form = form;
    if let Some(c) = current {
        form.entry("grow_min".into())
            .or_insert_with(|| c.thresholds.grow_min.to_string());
        form.entry("term_years".into())
            .or_insert_with(|| c.thresholds.term_years.to_string());
        form.entry("title".into())
            .or_insert_with(|| c.title.clone());
    }
    Ok(SchemePage {
        base: Base::new(
            lang,
            format!("/cities/{code}/csr"),
            format!(
                "{name} {}",
                tr(lang, "CSRチャレンジ企業認証", "CSR challenge certification")
            ),
            "cities",
        ),
        city: name,
        code: code.to_string(),
        current: current.map(|c| (c.id.0, c.version_no, c.title.clone())),
        categories: current
            .map(|c| categories(lang, &c.list))
            .unwrap_or_default(),
        thresholds: current
            .map(|c| thresholds_text(lang, &c.list, &c.thresholds))
            .unwrap_or_default(),
        versions: versions
            .iter()
            .map(|c| {
                (
                    c.id.0,
                    c.version_no,
                    c.title.clone(),
                    renkei_domain::jdate::wareki(c.created_at.date_naive()),
                )
            })
            .collect(),
        start_for,
        staff,
        writable,
        certifications: rows,
        counts,
        csrf: viewer.csrf().to_owned(),
        form,
        errors: Errors::of(lang, errors),
        problems,
        saved: false,
    })
}

/// `GET /cities/{city}/csr`: open to anyone.
pub async fn page(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(city): Path<String>,
    Query(q): Query<SchemeQuery>,
) -> Result<SchemePage, AppError> {
    let mut page = scheme_page(
        &state,
        (lang, &viewer),
        &city,
        HashMap::new(),
        (&[], vec![]),
    )
    .await?;
    page.saved = q.saved.is_some();
    Ok(page)
}

/// `GET /cities/{city}/csr/checklist.xlsx`: the current version, or `?version=` one.
pub async fn export(
    PageContext(state, _lang, _uri, viewer): PageContext,
    Path(city): Path<String>,
    Query(q): Query<SchemeQuery>,
) -> Result<Response, AppError> {
    let code = city_code(&city)?;
    let caller = viewer.caller();
    let c: ChecklistRecord = match q.version {
        Some(v) => csr::checklist_version(&state.app, &caller, &code, ChecklistId(v)).await?,
        None => csr::scheme(&state.app, &caller, &code)
            .await?
            .into_iter()
            .next()
            .ok_or(AppError::NotFound)?,
    };
    crate::csv::xlsx_response(
        &format!("csr-checklist-{code}-v{}.xlsx", c.version_no),
        "チェックリスト",
        &COLUMNS,
        checklist::to_rows(&c.list).into_iter(),
    )
}

/// What a new version's forms send: its title and thresholds.
fn thresholds_of(
    list: &Checklist,
    form: &HashMap<String, String>,
) -> Result<Thresholds, Vec<FieldError>> {
    let get = |k: &str| form.get(k).cloned().unwrap_or_default();
    checklist::parse_thresholds(
        list,
        &get("grow_min"),
        &get("term_years"),
        form.contains_key("protect_all"),
    )
}

async fn again(
    state: &AppState,
    (lang, viewer): (Lang, &Viewer),
    city: &str,
    form: HashMap<String, String>,
    (errors, problems): (&[FieldError], Vec<String>),
) -> Result<Response, AppError> {
    let page = scheme_page(state, (lang, viewer), city, form, (errors, problems)).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// `POST /cities/{city}/csr/thresholds`: a new version with the current items and new
/// thresholds and title.
pub async fn thresholds(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(city): Path<String>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let code = city_code(&city)?;
    viewer
        .require_form(
            Action::Write,
            Resource::Csr(CsrThing::Scheme(&code)),
            form.get("csrf").map(String::as_str).unwrap_or_default(),
        )
        .await?;
    let caller = viewer.caller();
    let Some(current) = state.store.current_checklist(&code).await? else {
        let e = FieldError::new(
            "file",
            "先にチェックリストを取り込んでください。",
            "Import a checklist first.",
        );
        return again(&state, (lang, &viewer), &city, form, (&[e], vec![])).await;
    };
    let t = match thresholds_of(&current.list, &form) {
        Ok(t) => t,
        Err(e) => return again(&state, (lang, &viewer), &city, form, (&e, vec![])).await,
    };
    let title = form.get("title").cloned().unwrap_or_default();
    match csr::define(&state.app, &caller, &code, (&title, &current.list, &t)).await? {
        Ok(_) => Ok(Redirect::to(&format!("/cities/{code}/csr?saved=1")).into_response()),
        Err(e) => again(&state, (lang, &viewer), &city, form, (&e, vec![])).await,
    }
}

/// `POST /cities/{city}/csr/checklist`: a new version imported from a spreadsheet (XLSX, or
/// CSV in UTF-8 or Shift_JIS), with the title and thresholds of the form.
pub async fn import(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(city): Path<String>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, AppError> {
    let code = city_code(&city)?;
    let mut multipart = multipart.map_err(|e| AppError::Malformed(e.body_text()))?;
    let mut form = HashMap::new();
    let mut file = Vec::new();
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| AppError::Malformed(e.body_text()))?
    {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            file = field
                .bytes()
                .await
                .map_err(|e| AppError::Malformed(e.body_text()))?
                .to_vec();
        } else {
            form.insert(name, field.text().await.unwrap_or_default());
        }
    }
    viewer
        .require_form(
            Action::Write,
            Resource::Csr(CsrThing::Scheme(&code)),
            form.get("csrf").map(String::as_str).unwrap_or_default(),
        )
        .await?;
    let table = match renkei_io::read_within(&file, &renkei_io::Limits::UPLOAD) {
        Ok(t) => t,
        Err(e) => {
            let problem = e.to_string();
            let field = FieldError::new(
                "file",
                "ファイルを読み込めませんでした（XLSX または CSV を選んでください）。",
                "The file cannot be read: choose an XLSX or CSV file.",
            );
            return again(
                &state,
                (lang, &viewer),
                &city,
                form,
                (&[field], vec![problem]),
            )
            .await;
        }
    };
    let mut rows = vec![(1usize, table.headers.clone())];
    rows.extend(
        table
            .rows
            .iter()
            .map(|r| (r.line as usize, r.cells.clone())),
    );
    let list = match checklist::from_rows(&rows) {
        Ok(l) => l,
        Err(problems) => {
            let field = FieldError::new(
                "file",
                "ファイルに読めない行があります。",
                "Some rows cannot be read.",
            );
            let words = problems
                .into_iter()
                .map(|p| if lang == Lang::En { p.en } else { p.ja })
                .collect();
            return again(&state, (lang, &viewer), &city, form, (&[field], words)).await;
        }
    };
    let t = match thresholds_of(&list, &form) {
        Ok(t) => t,
        Err(e) => return again(&state, (lang, &viewer), &city, form, (&e, vec![])).await,
    };
    let title = form.get("title").cloned().unwrap_or_default();
    match csr::define(&state.app, &viewer.caller(), &code, (&title, &list, &t)).await? {
        Ok(_) => Ok(Redirect::to(&format!("/cities/{code}/csr?saved=1")).into_response()),
        Err(e) => again(&state, (lang, &viewer), &city, form, (&e, vec![])).await,
    }
}

/// `POST /cities/{city}/csr/certifications`: a company's people start a self-assessment.
pub async fn start(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(city): Path<String>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let code = city_code(&city)?;
    viewer.require_signed_in().await?;
    viewer
        .check_csrf(form.get("csrf").map(String::as_str).unwrap_or_default())
        .await?;
    let caller = viewer.caller();
    let company = form
        .get("company")
        .and_then(|c| c.trim().parse::<i64>().ok())
        .map(CompanyId)
        .or_else(|| csr::own_companies(&caller).into_iter().next())
        .ok_or(AppError::Forbidden)?;
    match certification::start(&state.app, &caller, &code, company).await? {
        Ok(r) => Ok(Redirect::to(&format!("/csr/certifications/{}", r.id)).into_response()),
        Err(Refused::Fields(e)) => again(&state, (lang, &viewer), &city, form, (&e, vec![])).await,
        Err(Refused::Step(s)) => Err(super::certification::refused(s)),
    }
}
