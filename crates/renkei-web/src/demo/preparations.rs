//! The demo's referral step prepared by a coordinator: 千葉市's coordinator prepares the
//! selection of 千葉市's pilot product for 熊本市 with the dossier's words, waiting for an
//! officer's approval (on the caseload and in the list of preparations). Made through the
//! same use case as the page.

use anyhow::Context;
use renkei_app::access::Caller;
use renkei_domain::access::{Role, Subject};
use renkei_domain::city::CityCode;
use renkei_store::{Actor, Store};

/// The preparation.
pub async fn load(store: &Store) -> anyhow::Result<()> {
    let app = renkei_app::App::new(store.clone(), "");
    let user = super::coordinator(store, "121002").await?;
    let who = Caller {
        subject: Subject {
            roles: vec![Role::Coordinator {
                city: CityCode::parse("121002").context("pilot city")?,
            }],
            person: Some(user.id.0),
        },
        actor: Actor {
            id: Some(user.id.0),
            label: user.display_name.clone(),
            client_address: None,
            request_id: None,
        },
    };
    let company = super::pilot_company(store, "121002").await?;
    let product = store
        .company_products(company.id)
        .await?
        .into_iter()
        .next()
        .context("a pilot product")?;
    let note = "さいたま市での共済組合・健保組合への紹介で関心が得られた。熊本市の健康保険組合・共済組合にも合うと考える。";
    renkei_app::referrals::preparations::prepare_selection(&app, &who, product.id, "431001", note)
        .await
        .map_err(|e| anyhow::anyhow!("demo preparation: {e}"))?
        .map_err(|r| anyhow::anyhow!("demo preparation refused: {r:?}"))?;
    Ok(())
}
