//! A company's contacts (担当者): added and removed from the company's page, by those who may
//! change the company.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use renkei_domain::access::Action;
use renkei_domain::company::ContactDraft;
use serde::Deserialize;

use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::features::companies::load::load_company;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ContactForm {
    contact_name: String,
    contact_role: String,
    contact_email: String,
    contact_phone: String,
    csrf: String,
}

pub async fn add_contact(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    FormInput(form): FormInput<ContactForm>,
) -> Result<Response, AppError> {
    let (c, _) = load_company(&state, &viewer, Action::Write, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    let contact = ContactDraft {
        name: form.contact_name,
        role: form.contact_role,
        email: form.contact_email,
        phone: form.contact_phone,
    }
    .validate()
    .map_err(AppError::Validation)?;
    state.store.add_contact(&c, &contact, &viewer.actor).await?;
    Ok(Redirect::to(&format!("/companies/{id}?saved=1")).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CsrfOnly {
    csrf: String,
}

pub async fn remove_contact(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, contact)): Path<(i64, i64)>,
    FormInput(form): FormInput<CsrfOnly>,
) -> Result<Response, AppError> {
    let (c, _) = load_company(&state, &viewer, Action::Write, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    state
        .store
        .remove_contact(&c, contact, &viewer.actor)
        .await?;
    Ok(Redirect::to(&format!("/companies/{id}?saved=1")).into_response())
}
