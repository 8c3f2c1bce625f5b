//! Sharing a product (not its company) with another city from its page: a grant for a
//! purpose until a day, made by those who may change the product and its city's grants,
//! audited; a form with errors shows the product's page again with each one named (422).

use axum::extract::Path;
use axum::response::Response;
use chrono::Utc;
use renkei_domain::access::{Action, Resource};
use renkei_store::ProductId;

use super::load::load_product;
use super::page::{saved, share_again};
use crate::error::AppError;
use crate::extract::FormInput;
use crate::shared::page::PageContext;
use crate::shared::sharing::ShareForm;

pub async fn share(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(id): Path<ProductId>,
    FormInput(form): FormInput<ShareForm>,
) -> Result<Response, AppError> {
    let p = load_product(&state, &viewer, Action::Write, id).await?;
    viewer
        .require(Action::Write, Resource::CityGrants(&p.home_city))
        .await?;
    viewer.check_csrf(&form.csrf).await?;
    match form.draft("product", id.0, p.home_city, Utc::now()) {
        Ok(draft) => {
            state.store.grant(draft, &viewer.actor).await?;
            Ok(saved(id))
        }
        Err(errors) => share_again(&state, lang, &uri, &viewer, p, form, errors).await,
    }
}
