//! A city's requirement that its staff sign in with a second factor: shown on the city's
//! staff accounts page, turned on or off by those who may change the city's accounts
//! (`POST /cities/{city}/second-factor`), audited in the city's trail.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use renkei_domain::access::{Action, Resource};
use serde::Deserialize;

use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::shared::city::city_code;

/// The requirement as the users page shows it.
pub struct SecurityView {
    pub required: bool,
    /// The form to change it, for those who may.
    pub action: Option<String>,
}

/// The city's requirement, and the form to change it when `can_write`.
pub(super) async fn view(
    state: &AppState,
    city: &renkei_domain::city::CityCode,
    can_write: bool,
) -> Result<SecurityView, AppError> {
    Ok(SecurityView {
        required: state.store.city_requires_second_factor(city).await?,
        action: can_write.then(|| format!("/cities/{city}/second-factor")),
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RequirementForm {
    /// `1` to require it; absent (or anything else) not to.
    required: Option<String>,
    csrf: String,
}

/// `POST /cities/{city}/second-factor`.
pub async fn set_requirement(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(city): Path<String>,
    FormInput(form): FormInput<RequirementForm>,
) -> Result<Response, AppError> {
    let code = city_code(&city)?;
    viewer
        .require_form(Action::Write, Resource::CityUsers(&code), &form.csrf)
        .await?;
    let required = form.required.as_deref() == Some("1");
    state
        .store
        .set_city_second_factor(&code, required, &viewer.actor)
        .await?;
    Ok(Redirect::to(&format!("/cities/{code}/users?saved=1")).into_response())
}
