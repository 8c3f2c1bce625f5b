//! The public list of winners (受賞・認定・採択の一覧): the awarded applications of awards,
//! certifications and the wide-area award once their results are released, with the company,
//! the product and the call. Published results are anyone's to read; a city's list holds its
//! own calls' winners and every wide-area award's, which every designated city shows.

use renkei_domain::call::application::State;
use renkei_domain::call::{Kind, Phase};
use renkei_domain::city::CityCode;
use renkei_store::{CallRecord, Result};

use crate::App;

/// An awarded application, as the public list shows it.
pub struct Winner {
    pub call: CallRecord,
    pub receipt: String,
    pub company: String,
    pub company_city: CityCode,
    pub product: String,
}

/// Whether a call's winners are published on the list: a released award or certification.
fn listed(c: &CallRecord) -> bool {
    c.kind != Kind::Subsidy && matches!(c.phase, Phase::Released | Phase::Closed)
}

/// The winners of every listed call (`city` none) or of a city's own calls and every
/// wide-area award, the newest call first.
pub async fn winners(app: &App, city: Option<&CityCode>) -> Result<Vec<Winner>> {
    let store = app.store();
    let mut calls: Vec<CallRecord> = store
        .calls()
        .await?
        .into_iter()
        .filter(listed)
        .filter(|c| city.is_none_or(|x| c.cities.contains(x) || c.kind.is_wide_area()))
        .collect();
    calls.sort_by_key(|c| std::cmp::Reverse(c.id));
    let mut out = Vec::new();
    for call in calls {
        for a in store.applications_of_call(call.id).await? {
            if !matches!(a.state, State::Awarded | State::Reported | State::Settled) {
                continue;
            }
            let Some((company, _)) = store.company(a.company_id).await? else {
                continue;
            };
            let product = match a.product_id {
                Some(p) => store.product(p).await?.map(|p| p.name).unwrap_or_default(),
                None => String::new(),
            };
            out.push(Winner {
                call: call.clone(),
                receipt: a.receipt_no.clone().unwrap_or_default(),
                company: company.name,
                company_city: company.home_city,
                product,
            });
        }
    }
    Ok(out)
}
