//! The coordinator network's part of the walk: the slot's city's coordinator (the world's
//! coordinator account) for the directory and the profile's form, the own city's product
//! for asking, and for each request about one a fresh request for help: in the own slot,
//! asked by the own city about its company's product of the other city's coordinator; in
//! the foreign slot, asked by the other city about its company of the network (which the
//! walk's coordinator, of another city, may take).

use renkei_domain::network::Field;
use renkei_domain::network::help::State;
use renkei_store::{Actor, HelpAsking, UserId};

use super::policy::{Slot, Who};
use super::requests::{Body, Request, form};
use super::world::World;

/// Whether the walk's request for `path` is written here.
pub fn owns(path: &str) -> bool {
    let path = path.strip_prefix("/api/v1").unwrap_or(path);
    path.starts_with("/coordinators") || path.starts_with("/help-requests")
}

/// A fresh request of the slot (see the module's documentation): its id and version.
async fn fresh(world: &World, slot: Slot) -> (i64, i64) {
    let facts = world.of(slot);
    let helper = match slot {
        Slot::Own => Some((world.of(Slot::Foreign).coordinator_account, facts.other)),
        Slot::Foreign => None,
    };
    let asking = HelpAsking {
        city: facts.code,
        company: facts.company.id,
        product: Some(facts.product.id),
        referral: None,
        helper,
        field: Field::MedicalDevices,
        stage: None,
        class: None,
        question: "権限確認の相談",
        due_on: None,
    };
    let tx = world.store.begin().await.unwrap();
    let actor = Actor::system("authorization-test");
    let r = world
        .store
        .insert_help_request(&tx, &asking, &actor)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(r.state, State::Asked);
    (r.id.0, r.version)
}

/// A valid profile, from the version kept now.
async fn profile(world: &World, id: i64) -> Body {
    let version = world
        .store
        .coordinator_profile(UserId(id))
        .await
        .unwrap()
        .map(|p| p.version.to_string())
        .unwrap_or_default();
    form(&[
        ("stages", "regulatory"),
        ("fields", "medical-devices"),
        ("capacity", "2"),
        ("availability", "accepting"),
        ("version", &version),
    ])
}

/// A fresh site of the slot's coordinator, for its removal.
async fn site(world: &World, coordinator: i64) -> i64 {
    use renkei_domain::network::sites::SiteDraft;
    let site = SiteDraft {
        name: "権限確認で削除する病院".into(),
        kind: "hospital".into(),
        offers: "実証".into(),
    }
    .validate()
    .unwrap();
    let city = world
        .store
        .coordinator_accounts()
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.user.id.0 == coordinator)
        .unwrap()
        .cities[0];
    let actor = Actor::system("authorization-test");
    let r = world
        .store
        .add_coordinator_site((UserId(coordinator), &city), &site, &actor)
        .await
        .unwrap();
    r.id.0
}

/// The request of a network route, or none for another route.
pub async fn request(
    world: &World,
    who: Who,
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
    let coordinator = world.of(slot).coordinator_account;
    match (path.strip_prefix("/api/v1").unwrap_or(path), method) {
        ("/help-requests", "POST") => {
            let body = serde_json::json!({
                "product": world.of(Slot::Own).product.id.0,
                "coordinator": world.of(Slot::Foreign).coordinator_account,
                "field": "regulatory",
                "question": "権限確認で依頼した相談",
            });
            at(0, Body::Json(body))
        }
        ("/help-requests/{id}/moves", "POST") => {
            let (id, version) = fresh(world, slot).await;
            let m = if who == Who::Coordinator {
                "accept"
            } else {
                "withdraw"
            };
            at(
                id,
                Body::Json(serde_json::json!({"move": m, "version": version})),
            )
        }
        ("/coordinators" | "/help-requests" | "/help-requests/new", "GET") => at(0, Body::None),
        ("/coordinators/{id}", "GET") => at(coordinator, Body::None),
        ("/coordinators/{id}/profile", "GET") => at(coordinator, Body::None),
        ("/coordinators/{id}/profile", "POST") => {
            at(coordinator, profile(world, coordinator).await)
        }
        ("/coordinators/{id}/sites", "POST") if path.starts_with("/api") => {
            let body =
                serde_json::json!({"name": "権限確認の病院", "kind": "clinic", "offers": "実証"});
            at(coordinator, Body::Json(body))
        }
        ("/coordinators/{id}/sites", "POST") => {
            let site = [
                ("name", "権限確認の病院"),
                ("kind", "hospital"),
                ("offers", "実証"),
            ];
            at(coordinator, form(&site))
        }
        ("/coordinators/{id}/sites", "GET") => at(coordinator, Body::None),
        ("/coordinators/{id}/sites/{site}/remove", "POST") => {
            let site = site(world, coordinator).await;
            let url = path
                .replace("{id}", &coordinator.to_string())
                .replace("{site}", &site.to_string());
            Some(Request {
                url,
                body: form(&[]),
            })
        }
        ("/help-requests/new", "POST") => {
            let own = world.of(Slot::Own);
            let (product, helper) = (
                own.product.id.0.to_string(),
                world.of(Slot::Foreign).coordinator_account.to_string(),
            );
            let fields = [
                ("product", product.as_str()),
                ("coordinator", helper.as_str()),
                ("field", "regulatory"),
                ("question", "権限確認で依頼した相談"),
            ];
            at(0, form(&fields))
        }
        ("/help-requests/{id}", "GET") => at(fresh(world, slot).await.0, Body::None),
        ("/help-requests/{id}/move", "POST") => {
            let (id, version) = fresh(world, slot).await;
            let m = if who == Who::Coordinator {
                "accept"
            } else {
                "withdraw"
            };
            let v = version.to_string();
            at(id, form(&[("move", m), ("version", &v)]))
        }
        ("/help-requests/{id}/consent", "POST") => {
            let (id, version) = fresh(world, slot).await;
            let v = version.to_string();
            at(id, form(&[("agree", "yes"), ("version", &v)]))
        }
        _ => None,
    }
}
