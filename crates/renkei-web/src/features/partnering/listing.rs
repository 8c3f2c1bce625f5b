//! A company's listing as a possible partner for other cities, from its own page: its
//! people list it (what it offers and their consent to the wording shown) or withdraw it;
//! refused, the company's page again with the problem named. The rules are
//! `renkei_app::listings`.

use std::collections::HashMap;

use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use renkei_app::listings::{self, Refused};
use renkei_domain::access::Action;
use renkei_domain::listing::ListingDraft;
use renkei_store::CompanyId;

use crate::error::AppError;
use crate::extract::FormInput;
use crate::shared::page::PageContext;

/// The listing set (`offers` with the `agree` box) or withdrawn (`remove`).
pub async fn change(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(id): Path<i64>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    let company = state
        .app
        .company(&caller, Action::Read, CompanyId(id))
        .await?;
    viewer
        .check_csrf(form.get("csrf").map(String::as_str).unwrap_or_default())
        .await?;
    let outcome = if form.contains_key("remove") {
        listings::remove(&state.app, &caller, &company).await?
    } else {
        let draft = ListingDraft {
            offers: form.get("offers").cloned().unwrap_or_default(),
            agree: form.contains_key("agree"),
        };
        listings::set(&state.app, &caller, &company, &draft)
            .await?
            .map(|_| ())
    };
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("/companies/{id}?saved=1#listing")).into_response()),
        Err(Refused::NotYours) => Err(AppError::Forbidden),
        Err(Refused::Fields(errors)) => {
            let (c, contacts) = company.into_inner();
            let mut page = crate::features::companies::company_page_with(
                &state, lang, &uri, &viewer, c, contacts,
            )
            .await?;
            page.listing_typed(
                form.get("offers").cloned().unwrap_or_default(),
                lang,
                &errors,
            );
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}
