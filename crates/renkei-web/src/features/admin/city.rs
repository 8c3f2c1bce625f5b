//! The city a city administration page is about (its users, identity providers, support
//! organisations, second-factor requirement): its code from the path, once the access policy
//! lets the viewer act on that city's accounts. Every such handler starts here.

use renkei_domain::access::{Action, Resource};
use renkei_domain::city::CityCode;

use crate::access::Viewer;
use crate::error::AppError;
use crate::shared::city::city_code;

/// The city of `city` (a path's code), once the viewer may `action` its accounts.
pub(super) async fn require_city(
    viewer: &Viewer,
    city: &str,
    action: Action,
) -> Result<CityCode, AppError> {
    let code = city_code(city)?;
    viewer.require(action, Resource::CityUsers(&code)).await?;
    Ok(code)
}

/// The city of `city` for a posted form that changes its accounts: the viewer may write
/// them and the form carries the session's CSRF token.
pub(super) async fn require_city_form(
    viewer: &Viewer,
    city: &str,
    csrf: &str,
) -> Result<CityCode, AppError> {
    let code = city_code(city)?;
    viewer
        .require_form(Action::Write, Resource::CityUsers(&code), csrf)
        .await?;
    Ok(code)
}
