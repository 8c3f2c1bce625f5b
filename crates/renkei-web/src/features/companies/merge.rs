//! Merging two companies of the same city into one (a duplicate registered twice): the
//! company's page posts it, and both must be the caller's to change.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use renkei_domain::FieldError;
use renkei_domain::access::Action;
use serde::Deserialize;

use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::features::companies::load::load_company;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MergeForm {
    into: String,
    csrf: String,
}

/// Merges this company into another of the same city: both must be the caller's to change.
pub async fn merge(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    FormInput(form): FormInput<MergeForm>,
) -> Result<Response, AppError> {
    let (from, _) = load_company(&state, &viewer, Action::Write, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    let invalid = || {
        AppError::Validation(vec![FieldError::new(
            "into",
            "統合先には、同じ市の別の企業を選んでください。",
            "Choose another company of the same city to merge into.",
        )])
    };
    let into: i64 = form.into.trim().parse().map_err(|_| invalid())?;
    let (keeper, _) = load_company(&state, &viewer, Action::Write, into).await?;
    if keeper.home_city != from.home_city || keeper.id == from.id {
        return Err(invalid());
    }
    state
        .store
        .merge_companies(from.id, keeper.id, &viewer.actor)
        .await?;
    Ok(Redirect::to(&format!("/companies/{into}?saved=1")).into_response())
}
