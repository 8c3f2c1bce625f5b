//! Registering a product under a company: the form, and the product it creates.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use renkei_domain::FieldError;
use renkei_domain::Lang;
use renkei_domain::access::Action;
use renkei_domain::product::{IpStatus, ProductDraft, RegulatoryClass};
use serde::Deserialize;

use super::labels::{stage_choices, type_choices};
use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::features::companies::load::load_company;
use crate::lang::UiLang;
use crate::shared::forms::{Choice, Errors, coded_choices};
use crate::shared::layout::{Base, tr};

// ---------------------------------------------------------------------------------------
// Registering under a company

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ProductForm {
    name: String,
    summary: String,
    category: String,
    company_type: String,
    stage: String,
    target_users: String,
    regulatory_class: String,
    regulatory_status: String,
    ip_status: String,
    csrf: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "products/product_form.html")]
pub struct ProductFormPage {
    base: Base,
    company_id: i64,
    company: String,
    form: ProductForm,
    stages: Vec<Choice>,
    types: Vec<Choice>,
    classes: Vec<Choice>,
    ip: Vec<Choice>,
    errors: Errors,
}

fn product_form_page(
    lang: Lang,
    uri: &Uri,
    viewer: &Viewer,
    company: (i64, String),
    mut form: ProductForm,
    errors: &[FieldError],
) -> ProductFormPage {
    form.csrf = viewer.csrf().to_owned();
    ProductFormPage {
        base: Base::new(
            lang,
            uri.to_string(),
            tr(lang, "開発案件の登録", "Register a product"),
            "products",
        ),
        company_id: company.0,
        company: company.1,
        stages: stage_choices(lang, renkei_domain::product::parse_stage(&form.stage)),
        types: type_choices(lang, &form.company_type),
        classes: coded_choices(
            RegulatoryClass::ALL,
            RegulatoryClass::code,
            RegulatoryClass::name,
            lang,
            &form.regulatory_class,
        ),
        ip: coded_choices(
            IpStatus::ALL,
            IpStatus::code,
            IpStatus::name,
            lang,
            &form.ip_status,
        ),
        errors: Errors(
            errors
                .iter()
                .map(|e| (e.field, e.message.get(lang)))
                .collect(),
        ),
        form,
    }
}

pub async fn new_form(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(company): Path<i64>,
) -> Result<ProductFormPage, AppError> {
    let (c, _) = load_company(&state, &viewer, Action::Write, company).await?;
    let form = ProductForm {
        company_type: c
            .company_type
            .map(|t| t.code().to_owned())
            .unwrap_or_default(),
        ..Default::default()
    };
    Ok(product_form_page(
        lang,
        &uri,
        &viewer,
        (c.id.0, c.name),
        form,
        &[],
    ))
}

pub async fn create(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(company): Path<i64>,
    FormInput(form): FormInput<ProductForm>,
) -> Result<Response, AppError> {
    let (c, _) = load_company(&state, &viewer, Action::Write, company).await?;
    viewer.check_csrf(&form.csrf).await?;
    let draft = ProductDraft {
        name: form.name.clone(),
        summary: form.summary.clone(),
        category: form.category.clone(),
        company_type: form.company_type.clone(),
        stage: form.stage.clone(),
        target_users: form.target_users.clone(),
        regulatory_class: form.regulatory_class.clone(),
        regulatory_status: form.regulatory_status.clone(),
        ip_status: form.ip_status.clone(),
    };
    match draft.validate() {
        Ok(p) => {
            let record = state
                .store
                .create_product(&c, &p, None, &viewer.actor)
                .await?;
            Ok(Redirect::to(&format!("/products/{}?saved=1", record.id)).into_response())
        }
        Err(errors) => {
            let page = product_form_page(lang, &uri, &viewer, (c.id.0, c.name), form, &errors);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}
