//! The preparations' part of the walk: ① on a fresh product of the slot's company (eligible:
//! an award at home), for the other city; ④ on a fresh referral of the slot's city accepted
//! by the other, proposing the receiving city's second target; for a preparation's page and
//! its approval, a fresh ① prepared (by nobody the walk signs in as) in the slot's city; the
//! caseload of the slot's city.

use renkei_domain::referral::State;
use renkei_domain::referral_prep::Kind;
use renkei_store::{Actor, Preparing};

use super::policy::{Slot, Who};
use super::requests::{Body, Request, form};
use super::world::World;

/// Whether the walk's request for `path` is written here.
pub fn owns(path: &str) -> bool {
    path.contains("-preparations") || path.ends_with("/caseload")
}

fn other(slot: Slot) -> Slot {
    match slot {
        Slot::Own => Slot::Foreign,
        Slot::Foreign => Slot::Own,
    }
}

/// A fresh ① of the slot's city, prepared: its id and version.
async fn fresh(world: &World, slot: Slot) -> (i64, i64) {
    let product = world.fresh_product(slot).await;
    let facts = world.of(slot);
    let preparing = Preparing {
        city: facts.code,
        kind: Kind::Selection,
        product: product.id,
        receiving_city: Some(facts.other),
        referral: None,
        targets: &[],
        note: "権限確認の準備",
        due_on: None,
    };
    let tx = world.store.begin().await.unwrap();
    let actor = Actor::system("authorization-test");
    let p = world
        .store
        .insert_preparation(&tx, &preparing, &actor)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    (p.id.0, p.version)
}

/// The request of a preparation route, or none for another route.
pub async fn request(
    world: &World,
    _who: Who,
    path: &str,
    method: &str,
    slot: Slot,
) -> Option<Request> {
    let at = |id: i64, body: Body| {
        Some(Request {
            url: path
                .replace("{id}", &id.to_string())
                .replace("{city}", &world.of(slot).code.to_string()),
            body,
        })
    };
    let note = "権限確認：病院での実績がある";
    match (path, method) {
        ("/cities/{city}/caseload" | "/caseload" | "/referral-preparations", "GET") => {
            at(0, Body::None)
        }
        ("/products/{id}/referral-preparations/new", "GET") => {
            at(world.fresh_product(slot).await.id.0, Body::None)
        }
        ("/products/{id}/referral-preparations", "POST") => {
            let receiving = world.of(slot).other.to_string();
            let fields = [("receiving", receiving.as_str()), ("note", note)];
            at(world.fresh_product(slot).await.id.0, form(&fields))
        }
        ("/api/v1/referral-preparations", "POST") => {
            let body = serde_json::json!({
                "kind": "selection",
                "product": world.fresh_product(slot).await.id.0,
                "receiving_city": world.of(slot).other.to_string(),
                "note": note,
            });
            at(0, Body::Json(body))
        }
        ("/referrals/{id}/target-preparations/new", "GET") => {
            let r = world.referral(slot, State::Accepted, false, false).await;
            at(r.r.id.0, Body::None)
        }
        ("/referrals/{id}/target-preparations", "POST") => {
            let r = world.referral(slot, State::Accepted, false, false).await;
            let target = world.of(other(slot)).second_target.id.0.to_string();
            at(r.r.id.0, form(&[("targets", &target), ("note", note)]))
        }
        ("/referral-preparations/{id}" | "/api/v1/referral-preparations/{id}", "GET") => {
            at(fresh(world, slot).await.0, Body::None)
        }
        ("/referral-preparations/{id}/move", "POST") => {
            let (id, version) = fresh(world, slot).await;
            let v = version.to_string();
            at(id, form(&[("move", "approve"), ("version", &v)]))
        }
        ("/api/v1/referral-preparations/{id}/moves", "POST") => {
            let (id, version) = fresh(world, slot).await;
            let body = serde_json::json!({"move": "approve", "version": version});
            at(id, Body::Json(body))
        }
        _ => None,
    }
}
