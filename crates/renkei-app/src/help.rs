//! Who helped (支援した機関・コーディネーター, the report's "必要に応じて、市産業振興財団、
//! コーディネーターの活用"): a referral's steps ① and ④ and every support record may name one
//! of the acting city's support organisations and/or one of its coordinators. A choice is
//! checked against that city's own (`renkei_domain::organization::HelpDraft`), never another
//! city's.

use renkei_domain::FieldError;
use renkei_domain::city::CityCode;
use renkei_domain::organization::{Help, HelpDraft};
use renkei_store::{OrganizationRecord, Result, UserRecord};

use crate::App;

/// Who may be named as having helped for `city`: its organisations and active coordinators.
pub async fn choices(
    app: &App,
    city: &CityCode,
) -> Result<(Vec<OrganizationRecord>, Vec<UserRecord>)> {
    app.store().helpers_of(city).await
}

/// The choice checked against `city`'s organisations and coordinators; each one of another
/// city (or none such) is a field error, and nothing may be written.
pub async fn check(
    app: &App,
    city: &CityCode,
    draft: &HelpDraft,
) -> Result<std::result::Result<Help, Vec<FieldError>>> {
    if draft.is_empty() {
        return Ok(Ok(Help::default()));
    }
    let (organizations, coordinators) = choices(app, city).await?;
    let organizations: Vec<i64> = organizations.iter().map(|o| o.id.0).collect();
    let coordinators: Vec<i64> = coordinators.iter().map(|u| u.id.0).collect();
    Ok(draft.validate(&organizations, &coordinators))
}
