//! Sharing a company with another city from its page: a grant for a purpose until a day,
//! made by those who may change the company and its city's grants, audited; a form with
//! errors shows the company's page again with each one named (422).

use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use renkei_domain::access::{Action, Resource};

use super::pages::company_page;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::features::companies::load::load_company;
use crate::shared::forms::Errors;
use crate::shared::page::PageContext;
use crate::shared::sharing::ShareForm;

pub async fn share(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(id): Path<i64>,
    FormInput(form): FormInput<ShareForm>,
) -> Result<Response, AppError> {
    let (c, contacts) = load_company(&state, &viewer, Action::Write, id).await?;
    viewer
        .require(Action::Write, Resource::CityGrants(&c.home_city))
        .await?;
    viewer.check_csrf(&form.csrf).await?;
    match form.draft("company", id, c.home_city, Utc::now()) {
        Ok(draft) => {
            state.store.grant(draft, &viewer.actor).await?;
            Ok(Redirect::to(&format!("/companies/{id}?saved=1")).into_response())
        }
        Err(errors) => {
            let mut page = company_page(&state, lang, &uri, &viewer, c, contacts).await?;
            page.share_again(&state, form, Errors::of(lang, &errors));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}
