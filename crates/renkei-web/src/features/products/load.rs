//! What the products feature gives the others: a product loaded once the access policy allows
//! what the caller asks, and whether it may be introduced to other cities (its evaluations,
//! its company's research-group memberships and its adoptions).

use renkei_domain::access::Action;
use renkei_domain::city::CityCode;
use renkei_domain::product::{EvaluationKind, referral_eligibility};
use renkei_store::{EvaluationRecord, ProductId, ProductRecord};

use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;

/// The product of `id`, once the policy allows `action` on it: a product is its company's,
/// shared with the cities its company or the product itself is shared with.
pub(crate) async fn load_product(
    state: &AppState,
    viewer: &Viewer,
    action: Action,
    id: ProductId,
) -> Result<ProductRecord, AppError> {
    let checked = state.app.product(&viewer.caller(), action, id).await?;
    Ok(checked.into_inner())
}

/// Whether a product may be introduced to other cities, from its evaluations, its company's
/// research-group memberships (each an evaluation in the group's cities) and its number of
/// adoptions (`product::referral_eligibility`).
pub(crate) fn eligibility_of(
    home: &CityCode,
    (evaluations, memberships): (&[EvaluationRecord], &[(EvaluationKind, CityCode)]),
    adoptions: usize,
) -> Result<(), renkei_domain::Text> {
    let mut all: Vec<(EvaluationKind, CityCode)> =
        evaluations.iter().map(|e| (e.kind, e.city_code)).collect();
    all.extend_from_slice(memberships);
    referral_eligibility(home, &all, adoptions)
}
