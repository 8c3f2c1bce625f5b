//! What the companies feature gives the others: a company loaded once the access policy
//! allows what the caller asks, a product's company's name, and the cities where the viewer
//! may register records or that a list may filter on. The pages and the API of companies,
//! products, imports, targets, referrals and search use these.

use renkei_domain::access::{Action, ListScope};
use renkei_domain::city::CityCode;
use renkei_store::{CompanyId, CompanyRecord, ContactRecord};

use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;

/// The company of `id` and the cities it is shared with, once the policy allows `action`.
pub(crate) async fn load_company(
    state: &AppState,
    viewer: &Viewer,
    action: Action,
    id: i64,
) -> Result<(CompanyRecord, Vec<ContactRecord>), AppError> {
    let checked = state
        .app
        .company(&viewer.caller(), action, CompanyId(id))
        .await?;
    Ok(checked.into_inner())
}

/// The name of the company of `id` (empty if there is none), for the page of one of its
/// products: the caller has already checked the product, which shows its company's name.
pub(crate) async fn company_name(state: &AppState, id: CompanyId) -> Result<String, AppError> {
    Ok(state
        .store
        .company(id)
        .await?
        .map(|(c, _)| c.name)
        .unwrap_or_default())
}

/// The cities where the viewer may register companies.
pub(crate) fn writable_cities(state: &AppState, viewer: &Viewer) -> Vec<CityCode> {
    state
        .store
        .cities()
        .iter()
        .map(|c| c.code)
        .filter(|c| viewer.may_write_in(c))
        .collect()
}

/// The cities a list filter offers: all for administrators, else the viewer's own.
pub(crate) fn visible_cities(
    state: &AppState,
    scope: &ListScope,
) -> Vec<&'static renkei_store::City> {
    state
        .store
        .cities()
        .iter()
        .filter(|c| scope.all || scope.cities.contains(&c.code))
        .collect()
}
