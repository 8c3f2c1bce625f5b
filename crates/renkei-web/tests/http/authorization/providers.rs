//! The requests of the routes of sign-in through identity providers and of a city's
//! identity providers page. The sign-in button leads to the real provider (the process's
//! shared `oidc-provider`), configured for a city the walk asks nothing else about; the
//! callback is answered as a person who cancelled at the provider (the sign-in page, no
//! session changed). The providers page adds one per audience and city: the administrator's
//! for the staff, the own city's staff member's for the companies.

use renkei_domain::city::CityCode;
use renkei_domain::oidc::ProviderInput;
use renkei_store::{Actor, IdentityProviderRecord};

use super::policy::{Slot, Who};
use super::requests::{Body, Request};
use super::world::World;

/// The city of the provider the sign-in button starts with: 札幌市.
const BUTTON_CITY: &str = "011002";

fn fields(audience: &str, city: &CityCode, version: Option<i64>) -> Body {
    let mut fields = vec![
        ("audience".to_owned(), audience.to_owned()),
        (
            "issuer".to_owned(),
            format!("https://id.{city}.example.lg.jp"),
        ),
        ("client_id".to_owned(), "renkei".to_owned()),
        ("client_secret".to_owned(), "walk-secret".to_owned()),
        ("enabled".to_owned(), "1".to_owned()),
    ];
    if let Some(v) = version {
        fields.push(("version".to_owned(), v.to_string()));
    }
    Body::Form(fields)
}

/// The provider the sign-in button starts with, made once.
async fn button_provider(world: &World) -> IdentityProviderRecord {
    let city = CityCode::parse(BUTTON_CITY).unwrap();
    if let Some(p) = world
        .store
        .identity_providers(Some(&city))
        .await
        .unwrap()
        .pop()
    {
        return p;
    }
    let issuer = crate::oidc::provider::shared().await.issuer.clone();
    let input = ProviderInput {
        audience: "staff".into(),
        issuer,
        client_id: "renkei".into(),
        client_secret: "walk-secret".into(),
        email_claim: String::new(),
        enabled: true,
    };
    let draft = input.validate(false).unwrap();
    let actor = Actor::system("authorization-test");
    world
        .store
        .create_identity_provider(&city, &draft, &actor)
        .await
        .unwrap()
}

/// The request for `method path` by `who` about the slot's city, for these routes.
pub async fn request(
    world: &World,
    who: Who,
    path: &str,
    method: &str,
    slot: Slot,
) -> Option<Request> {
    let city = world.of(slot).code;
    let list = format!("/cities/{city}/identity-providers");
    // A provider of the slot's city, once one was added (before, any id: only those who
    // may not see the page ask first, and are not told whether it exists).
    let existing = world.store.identity_providers(Some(&city)).await.unwrap();
    let first = existing.first();
    let (url, body) = match (path, method) {
        ("/sign-in/oidc/{provider}", "GET") => {
            let p = button_provider(world).await;
            (format!("/sign-in/oidc/{}", p.id), Body::None)
        }
        ("/sign-in/oidc/callback", "GET") => (
            "/sign-in/oidc/callback?error=access_denied".to_owned(),
            Body::None,
        ),
        ("/cities/{city}/identity-providers", "GET") => (list, Body::None),
        ("/cities/{city}/identity-providers", "POST") => {
            let audience = if who == Who::Staff {
                "companies"
            } else {
                "staff"
            };
            (list, fields(audience, &city, None))
        }
        ("/cities/{city}/identity-providers/{id}", m) => {
            let id = first.map_or(0, |p| p.id.0);
            let body = match (m, first) {
                ("POST", Some(p)) => fields(p.audience.code(), &city, Some(p.version)),
                ("POST", None) => fields("staff", &city, Some(1)),
                _ => Body::None,
            };
            (format!("{list}/{id}"), body)
        }
        _ => return None,
    };
    Some(Request { url, body })
}
