//! The showcase's part of the walk: for each request about one, a fresh product of the slot's
//! company (eligible for a referral: an award at home), shown to the network by its company's
//! consent; the publish form on the slot's product.

use renkei_domain::showcase::Audience;
use renkei_domain::target::TargetKind;
use renkei_store::Actor;

use super::policy::{Slot, Who};
use super::requests::{Body, Request, form};
use super::world::World;

/// Whether the walk's request for `path` is written here.
pub fn owns(path: &str) -> bool {
    let path = path.strip_prefix("/api/v1").unwrap_or(path);
    path.starts_with("/showcase") || path == "/products/{id}/showcase"
}

/// A fresh product of the slot's company, shown to the network: its id.
async fn shown(world: &World, slot: Slot) -> i64 {
    let p = world.fresh_product(slot).await;
    world
        .store
        .set_showcase(
            &p,
            (
                "権限確認用の紹介文",
                &[TargetKind::Hospital],
                Audience::Network,
            ),
            ("権限確認用の文言", "test"),
            &Actor::system("authorization-test"),
        )
        .await
        .unwrap();
    p.id.0
}

/// The request of a showcase route, or none for another route.
pub async fn request(
    world: &World,
    _who: Who,
    path: &str,
    method: &str,
    slot: Slot,
) -> Option<Request> {
    let at = |id: i64, body: Body| {
        Some(Request {
            url: path.replace("{id}", &id.to_string()),
            body,
        })
    };
    match (path, method) {
        ("/api/v1/showcase", "GET") => at(0, Body::None),
        ("/showcase/{id}" | "/api/v1/showcase/{id}", "GET") => {
            at(shown(world, slot).await, Body::None)
        }
        ("/showcase/{id}/referral-request", "POST") => {
            let fields = [("reason", "権限確認：市内の病院で需要がある")];
            at(shown(world, slot).await, form(&fields))
        }
        ("/products/{id}/showcase", "GET") => at(world.of(slot).product.id.0, Body::None),
        ("/products/{id}/showcase", "POST") => {
            let fields = [
                ("summary", "権限確認で公開した紹介文"),
                ("channels", "hospital"),
                ("audience", "network"),
                ("agree", "1"),
            ];
            at(world.of(slot).product.id.0, form(&fields))
        }
        _ => None,
    }
}
