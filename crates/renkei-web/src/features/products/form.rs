//! Registering a product under a company, and editing what describes it (checked against
//! the version read: a stale one shows the form again with the latest values, 409).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Path;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use renkei_domain::FieldError;
use renkei_domain::Lang;
use renkei_domain::Text;
use renkei_domain::access::Action;
use renkei_domain::product::{IpStatus, ProductDraft, RegulatoryClass};
use renkei_store::{ProductId, ProductRecord, StoreError};
use serde::Deserialize;

use super::load::load_product;
use super::page::saved;
use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::features::companies::load::{company_name, load_company};
use crate::shared::forms::{Choice, Errors, coded_choices, company_type_choices};
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;
use crate::shared::stages::stage_choices;

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
    /// The version read, when editing.
    version: i64,
    csrf: String,
}

impl ProductForm {
    /// The draft the domain checks, as registration checks it.
    fn draft(&self) -> ProductDraft {
        ProductDraft {
            name: self.name.clone(),
            summary: self.summary.clone(),
            category: self.category.clone(),
            company_type: self.company_type.clone(),
            stage: self.stage.clone(),
            target_users: self.target_users.clone(),
            regulatory_class: self.regulatory_class.clone(),
            regulatory_status: self.regulatory_status.clone(),
            ip_status: self.ip_status.clone(),
        }
    }

    /// The form of a product as it stands.
    fn from_record(p: &ProductRecord) -> Self {
        ProductForm {
            name: p.name.clone(),
            summary: p.summary.clone(),
            category: p.category.clone(),
            company_type: p
                .company_type
                .map(|t| t.code().to_owned())
                .unwrap_or_default(),
            stage: p.stage.number().to_string(),
            target_users: p.target_users.clone(),
            regulatory_class: p
                .regulatory_class
                .map(|c| c.code().to_owned())
                .unwrap_or_default(),
            regulatory_status: p.regulatory_status.clone(),
            ip_status: p.ip_status.map(|c| c.code().to_owned()).unwrap_or_default(),
            version: p.version,
            csrf: String::new(),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "products/product_form.html")]
pub struct ProductFormPage {
    base: Base,
    /// The product being edited; none when registering.
    edit: Option<i64>,
    /// The edited product's name as it stands.
    product: String,
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
        edit: None,
        product: String::new(),
        company_id: company.0,
        company: company.1,
        stages: stage_choices(lang, renkei_domain::product::parse_stage(&form.stage)),
        types: company_type_choices(lang, &form.company_type),
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
    PageContext(state, lang, uri, viewer): PageContext,
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
    PageContext(state, lang, uri, viewer): PageContext,
    Path(company): Path<i64>,
    FormInput(form): FormInput<ProductForm>,
) -> Result<Response, AppError> {
    let (c, _) = load_company(&state, &viewer, Action::Write, company).await?;
    viewer.check_csrf(&form.csrf).await?;
    match form.draft().validate() {
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

// ---------------------------------------------------------------------------------------
// Editing

/// The edit form of `p`, with its company's name, `errors` and the message of a conflict.
async fn edit_page(
    state: &AppState,
    lang: Lang,
    uri: &Uri,
    viewer: &Viewer,
    p: &ProductRecord,
    form: ProductForm,
    errors: &[FieldError],
) -> Result<ProductFormPage, AppError> {
    let company = company_name(state, p.company_id).await?;
    let mut page = product_form_page(lang, uri, viewer, (p.company_id.0, company), form, errors);
    page.edit = Some(p.id.0);
    page.product = p.name.clone();
    page.base.title = tr(lang, "開発案件の編集", "Edit the product").into();
    Ok(page)
}

pub async fn edit_form(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(id): Path<ProductId>,
) -> Result<ProductFormPage, AppError> {
    let p = load_product(&state, &viewer, Action::Write, id).await?;
    let form = ProductForm::from_record(&p);
    edit_page(&state, lang, &uri, &viewer, &p, form, &[]).await
}

pub async fn update(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(id): Path<ProductId>,
    FormInput(mut form): FormInput<ProductForm>,
) -> Result<Response, AppError> {
    let p = load_product(&state, &viewer, Action::Write, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    // Its stage and type are not changed here: checked as they stand.
    let current = ProductForm::from_record(&p);
    form.stage = current.stage;
    form.company_type = current.company_type;
    let product = match form.draft().validate() {
        Ok(product) => product,
        Err(errors) => {
            let page = edit_page(&state, lang, &uri, &viewer, &p, form, &errors).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    match state
        .store
        .update_product(p.id, form.version, &product, &viewer.actor)
        .await
    {
        Ok(_) => Ok(saved(id)),
        Err(StoreError::Conflict) => {
            let latest = state.store.product(p.id).await?.ok_or(AppError::NotFound)?;
            let conflict = [FieldError {
                field: "version",
                message: Text::new(
                    "ほかの人が先にこの開発案件を更新しました。最新の内容を表示しています。確認してからもう一度保存してください。",
                    "Someone else changed this product first. The latest version is shown: check it and save again.",
                ),
            }];
            let form = ProductForm::from_record(&latest);
            let page = edit_page(&state, lang, &uri, &viewer, &latest, form, &conflict).await?;
            Ok((StatusCode::CONFLICT, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
