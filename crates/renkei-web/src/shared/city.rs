//! The city in a path, for pages and the API alike.

use renkei_domain::city::CityCode;

use crate::error::AppError;

/// A city code from the path; anything that is not a designated city is "not found".
pub(crate) fn city_code(s: &str) -> Result<CityCode, AppError> {
    CityCode::parse(s)
        .ok()
        .filter(renkei_domain::city::is_designated)
        .ok_or(AppError::NotFound)
}
