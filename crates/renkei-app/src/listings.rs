//! A company's listing as a possible partner for other cities (連携候補としての公開),
//! given and withdrawn by the company's own people only (it is their consent, as a
//! referral's): the company's city's staff read whether it is listed but neither list nor
//! unlist it. What the listing lets other cities see is `renkei_domain::listing`.

use renkei_domain::FieldError;
use renkei_domain::access::Role;
use renkei_domain::listing::{self, ListingDraft};
use renkei_store::{CompanyRecord, ContactRecord, ListingRecord, Result};

use crate::App;
use crate::access::{Caller, Checked};

/// Why a listing was not changed.
#[derive(Debug)]
pub enum Refused {
    /// Not the company's own people: the consent is theirs to give.
    NotYours,
    Fields(Vec<FieldError>),
}

/// Whether the caller is one of the company's own people, who list it and withdraw it.
pub fn lists(caller: &Caller, company: &CompanyRecord) -> bool {
    caller.subject.roles.contains(&Role::CompanyUser {
        company: company.id.0,
    })
}

/// Lists the company (or changes what it offers), with its consent to the wording shown.
pub async fn set(
    app: &App,
    caller: &Caller,
    company: &Checked<(CompanyRecord, Vec<ContactRecord>)>,
    draft: &ListingDraft,
) -> Result<std::result::Result<ListingRecord, Refused>> {
    let c = &company.0;
    if !lists(caller, c) {
        return Ok(Err(Refused::NotYours));
    }
    let offers = match draft.validate() {
        Ok(o) => o,
        Err(errors) => return Ok(Err(Refused::Fields(errors))),
    };
    let wording = listing::wording(&c.name);
    let r = app
        .store()
        .set_partner_listing(
            c,
            (&offers, &wording, listing::WORDING_VERSION),
            &caller.actor,
        )
        .await?;
    Ok(Ok(r))
}

/// Withdraws the company's listing.
pub async fn remove(
    app: &App,
    caller: &Caller,
    company: &Checked<(CompanyRecord, Vec<ContactRecord>)>,
) -> Result<std::result::Result<(), Refused>> {
    let c = &company.0;
    if !lists(caller, c) {
        return Ok(Err(Refused::NotYours));
    }
    app.store().remove_partner_listing(c, &caller.actor).await?;
    Ok(Ok(()))
}
