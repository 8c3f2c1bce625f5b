//! A city's requirement that its staff sign in with a second factor: shown on the city's
//! staff accounts page, turned on or off by those who may change the city's accounts
//! (`POST /cities/{city}/second-factor`), audited in the city's trail; and removing the
//! second factor of one of the city's people who lost it (`POST
//! /cities/{city}/users/{id}/second-factor`), under the rule of deactivation: an account that
//! also works for another city only by an administrator.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use renkei_domain::Text;
use renkei_domain::access::Role;
use renkei_store::UserId;
use serde::Deserialize;

use super::city::require_city_form;
use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::shared::forms::CsrfForm;

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
    let code = require_city_form(&viewer, &city, &form.csrf).await?;
    let required = form.required.as_deref() == Some("1");
    state
        .store
        .set_city_second_factor(&code, required, &viewer.actor)
        .await?;
    Ok(Redirect::to(&format!("/cities/{code}/users?saved=1")).into_response())
}

/// `POST /cities/{city}/users/{id}/second-factor`: removes the account's second factor.
pub async fn reset_second_factor(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((city, id)): Path<(String, UserId)>,
    FormInput(form): FormInput<CsrfForm>,
) -> Result<Response, AppError> {
    let (code, (_, roles)) =
        super::users::change_city_user(&state, &viewer, &city, id, &form.csrf).await?;
    let admin = viewer.subject.roles.contains(&Role::PlatformAdmin);
    if !admin && !roles.iter().all(|r| super::users::in_city(r, &code)) {
        return Err(AppError::BadRequest {
            field: None,
            message: Text::new(
                "このアカウントはほかの市の役割も持っているため、2段階認証を解除できません。管理者に依頼してください。",
                "This account also works for another city: ask an administrator to remove its two-step verification.",
            ),
        });
    }
    state
        .store
        .reset_second_factor(id, &code, &viewer.actor)
        .await?;
    Ok(Redirect::to(&format!("/cities/{code}/users/{id}?changed=1")).into_response())
}
