//! Selecting a product for a referral to another city (①), from the product's page: the form,
//! with the product's eligibility and who helped (the city's organisations and coordinators),
//! and the referral it creates.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use renkei_app::referrals;
use renkei_domain::FieldError;
use renkei_domain::access::Action;
use renkei_domain::organization::{Help, HelpDraft};
use renkei_domain::referral::SelectionDraft;
use renkei_domain::{Lang, Text};
use renkei_store::{ProductId, StoreError};
use serde::Deserialize;

use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::features::companies::load::company_name;
use crate::features::products::load::load_product;
use crate::lang::UiLang;
use crate::shared::forms::{Choice, Errors, city_choices};
use crate::shared::helped::{HelpChoices, help_choices};
use crate::shared::layout::{Base, tr};

// ---------------------------------------------------------------------------------------
// ① Selection, from the product's page

#[derive(Template, WebTemplate)]
#[template(path = "referrals/referral_new.html")]
pub struct NewPage {
    base: Base,
    product_id: i64,
    product: String,
    company: String,
    eligibility: Option<String>,
    cities: Vec<Choice>,
    reason: String,
    helpers: HelpChoices,
    help_prefix: &'static str,
    csrf: String,
    errors: Errors,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewForm {
    receiving: String,
    reason: String,
    helped_organization: String,
    helped_coordinator: String,
    csrf: String,
}

impl NewForm {
    fn help(&self) -> HelpDraft {
        HelpDraft {
            organization: self.helped_organization.clone(),
            coordinator: self.helped_coordinator.clone(),
        }
    }
}

async fn eligibility_of(
    state: &AppState,
    p: &renkei_store::ProductRecord,
) -> Result<Result<(), Text>, AppError> {
    Ok(referrals::eligibility(&state.app, p).await?)
}

async fn new_page(
    state: &AppState,
    lang: Lang,
    uri: &Uri,
    viewer: &Viewer,
    p: &renkei_store::ProductRecord,
    form: &NewForm,
    errors: &[FieldError],
) -> Result<NewPage, AppError> {
    let eligibility = eligibility_of(state, p)
        .await?
        .err()
        .map(|t| t.get(lang).to_owned());
    let company = company_name(state, p.company_id).await?;
    let cities = city_choices(
        state
            .store
            .cities()
            .iter()
            .filter(|c| c.code != p.home_city),
        &form.receiving,
    );
    let chosen = Help {
        organization: form.helped_organization.parse().ok(),
        coordinator: form.helped_coordinator.parse().ok(),
    };
    let helpers = help_choices(state, lang, &p.home_city, chosen).await?;
    Ok(NewPage {
        base: Base::new(
            lang,
            uri.to_string(),
            tr(lang, "他都市への紹介（選定）", "Refer to another city"),
            "referrals",
        ),
        product_id: p.id.0,
        product: p.name.clone(),
        company,
        eligibility,
        cities,
        reason: form.reason.clone(),
        helpers,
        help_prefix: "f-",
        csrf: viewer.csrf().to_owned(),
        errors: Errors::of(lang, errors),
    })
}

pub async fn new_form(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(id): Path<ProductId>,
) -> Result<NewPage, AppError> {
    let p = load_product(&state, &viewer, Action::Write, id).await?;
    new_page(&state, lang, &uri, &viewer, &p, &NewForm::default(), &[]).await
}

pub async fn create(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(id): Path<ProductId>,
    FormInput(form): FormInput<NewForm>,
) -> Result<Response, AppError> {
    let p = load_product(&state, &viewer, Action::Write, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    let draft = SelectionDraft {
        receiving: form.receiving.clone(),
        reason: form.reason.clone(),
    };
    let checked = draft.validate(&p.home_city, eligibility_of(&state, &p).await?);
    let help = referrals::help_for_selection(&state.app, &p, &form.help()).await?;
    let errors = match (checked, help) {
        (Ok((receiving, reason)), Ok(help)) => {
            match referrals::select_helped(
                &state.app,
                p.id,
                &receiving,
                &reason,
                help,
                &viewer.actor,
            )
            .await
            {
                Ok(r) => {
                    state.mail_queued();
                    return Ok(Redirect::to(&format!("/referrals/{}", r.id)).into_response());
                }
                Err(StoreError::Duplicate(_)) => vec![FieldError::new(
                    "receiving",
                    "この市への紹介はすでに進行中です。紹介の一覧から開いてください。",
                    "A referral of this product to that city is already under way.",
                )],
                Err(e) => return Err(e.into()),
            }
        }
        (Err(mut errors), help) => {
            errors.extend(help.err().into_iter().flatten());
            errors
        }
        (Ok(_), Err(errors)) => errors,
    };
    let page = new_page(&state, lang, &uri, &viewer, &p, &form, &errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}
