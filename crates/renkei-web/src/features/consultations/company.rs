//! A company's consultation cases, and the form to open one: the company's people ask their
//! home city's desk from here (薬事, 知的財産, 開発, 販路, 資金, その他; about one of their
//! products or the company as a whole), and the desk's staff open one for the company the
//! same way. Who reads and opens is `Resource::Consultation`.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use renkei_app::consultations;
use renkei_domain::access::{Action, Resource};
use renkei_domain::consultation::{CaseDraft, Kind};
use renkei_domain::{FieldError, Lang};
use renkei_store::{CompanyId, CompanyRecord};
use serde::Deserialize;

use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::shared::format::{city_name, show_wareki};
use crate::shared::forms::{Errors, SavedQuery};
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

pub struct CaseRow {
    pub id: i64,
    pub subject: String,
    pub kind: &'static str,
    pub state: &'static str,
    pub opened: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "consultations/company.html")]
pub struct CompanyCases {
    base: Base,
    company: CompanyRecord,
    desk: String,
    rows: Vec<CaseRow>,
    may_open: bool,
    csrf: String,
    kinds: Vec<(&'static str, &'static str)>,
    products: Vec<(i64, String)>,
    form: HashMap<String, String>,
    errors: Errors,
    saved: bool,
}

impl CompanyCases {
    fn value(&self, key: &str) -> &str {
        self.form.get(key).map(String::as_str).unwrap_or_default()
    }
}

/// The company of the path, once the viewer may `action` its cases.
async fn company(
    state: &AppState,
    viewer: &Viewer,
    action: Action,
    id: CompanyId,
) -> Result<CompanyRecord, AppError> {
    viewer.require_signed_in().await?;
    let Some((c, _)) = state.store.company(id).await? else {
        return Err(AppError::NotFound);
    };
    let resource = Resource::Consultation {
        city: &c.home_city,
        company: c.id.0,
    };
    viewer.require(action, resource).await?;
    Ok(c)
}

async fn cases_page(
    state: &AppState,
    lang: Lang,
    viewer: &Viewer,
    c: CompanyRecord,
    form: HashMap<String, String>,
    errors: &[FieldError],
) -> Result<CompanyCases, AppError> {
    let rows = state
        .store
        .consultations_of_company(c.id)
        .await?
        .into_iter()
        .map(|r| CaseRow {
            id: r.id.0,
            subject: r.subject,
            kind: r.kind.name().get(lang),
            state: r.state.name().get(lang),
            opened: show_wareki(r.created_at),
        })
        .collect();
    let may_open = viewer.may(
        Action::Write,
        Resource::Consultation {
            city: &c.home_city,
            company: c.id.0,
        },
    );
    let products = state
        .store
        .company_product_names(c.id)
        .await?
        .into_iter()
        .collect();
    Ok(CompanyCases {
        base: Base::new(
            lang,
            format!("/companies/{}/consultations", c.id),
            format!("{}{}", c.name, tr(lang, "の相談", ": consultations")),
            "companies",
        ),
        desk: city_name(state, &c.home_city.to_string()),
        rows,
        may_open,
        csrf: viewer.csrf().to_owned(),
        kinds: Kind::ALL
            .iter()
            .map(|k| (k.code(), k.name().get(lang)))
            .collect(),
        products,
        form,
        errors: Errors::of(lang, errors),
        saved: false,
        company: c,
    })
}

/// The company's cases, and the form to open one.
pub async fn page(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<CompanyId>,
    Query(q): Query<SavedQuery>,
) -> Result<CompanyCases, AppError> {
    let c = company(&state, &viewer, Action::Read, id).await?;
    let mut page = cases_page(&state, lang, &viewer, c, HashMap::new(), &[]).await?;
    page.saved = q.saved();
    Ok(page)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct OpenForm {
    pub kind: String,
    pub subject: String,
    pub detail: String,
    pub product: String,
    pub csrf: String,
}

/// Opens a case (the company asks, or the desk opens one for it).
pub async fn open(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<CompanyId>,
    FormInput(form): FormInput<OpenForm>,
) -> Result<Response, AppError> {
    let c = company(&state, &viewer, Action::Write, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    let draft = CaseDraft {
        kind: form.kind.clone(),
        subject: form.subject.clone(),
        detail: form.detail.clone(),
    };
    let product = match form.product.trim() {
        "" => None,
        p => Some(p.parse::<i64>().unwrap_or(-1)),
    };
    match consultations::open(&state.app, &viewer.caller(), &c, product, &draft).await? {
        Ok(r) => {
            state.mail_queued();
            Ok(Redirect::to(&format!("/consultations/{}?saved=1", r.id)).into_response())
        }
        Err(errors) => {
            let kept = HashMap::from([
                ("kind".to_owned(), form.kind),
                ("subject".to_owned(), form.subject),
                ("detail".to_owned(), form.detail),
                ("product".to_owned(), form.product),
            ]);
            let page = cases_page(&state, lang, &viewer, c, kept, &errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}
