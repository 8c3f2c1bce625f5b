//! The consultation desk's part of the walk: for each request about a case, a fresh case of
//! the slot's company at its city's desk, waiting to be taken in; the desk takes it in
//! (handing it to the slot city's coordinator), the company withdraws it, those who work it
//! write a note; the same through the JSON API.

use renkei_domain::consultation::{CaseDraft, Party};
use renkei_store::{Actor, CaseOpening};
use serde_json::json;

use super::policy::{Slot, Who};
use super::requests::{Body, Request, form};
use super::world::World;

/// A case of the slot's company, just opened by the company.
pub(super) async fn fresh(world: &World, slot: Slot) -> i64 {
    let facts = world.of(slot);
    let case = CaseDraft {
        kind: "regulatory".into(),
        subject: format!("権限確認の相談{}号", world.next()),
        detail: String::new(),
    }
    .validate()
    .unwrap();
    let opening = CaseOpening {
        city: &facts.code,
        company: facts.company.id,
        product: Some(facts.product.id),
        case: &case,
        by: Party::Company,
        first_answer_due: chrono::Utc::now().date_naive(),
    };
    let tx = world.store.begin().await.unwrap();
    let actor = Actor::system("authorization-test");
    let r = world
        .store
        .insert_consultation(&tx, &opening, &actor)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    r.id.0
}

/// The request of a consultation route, or none for another route.
pub async fn request(
    world: &World,
    who: Who,
    path: &str,
    method: &str,
    slot: Slot,
) -> Option<Request> {
    let facts = world.of(slot);
    let at = |id: i64, body: Body| {
        Some(Request {
            url: path.replace("{id}", &id.to_string()),
            body,
        })
    };
    match (path, method) {
        ("/companies/{id}/consultations", "POST") => at(
            facts.company.id.0,
            form(&[("kind", "ip"), ("subject", "権限確認で送った相談")]),
        ),
        ("/consultations/{id}", "GET") | ("/api/v1/consultations/{id}", "GET") => {
            at(fresh(world, slot).await, Body::None)
        }
        ("/api/v1/companies/{id}/consultations", "POST") => at(
            facts.company.id.0,
            Body::Json(json!({"kind": "sales", "subject": "権限確認で送った相談"})),
        ),
        ("/api/v1/consultations/{id}/moves", "POST") => {
            let id = fresh(world, slot).await;
            let body = if who == Who::Company {
                json!({"move": "withdraw", "version": 1})
            } else {
                json!({"move": "take_in", "version": 1, "handler": facts.coordinator_account})
            };
            at(id, Body::Json(body))
        }
        ("/consultations/{id}/move", "POST") => {
            let id = fresh(world, slot).await;
            let handler = facts.coordinator_account.to_string();
            let body = if who == Who::Company {
                form(&[("move", "withdraw"), ("version", "1")])
            } else {
                form(&[("move", "take_in"), ("version", "1"), ("handler", &handler)])
            };
            at(id, body)
        }
        ("/consultations/{id}/notes", "POST") => at(
            fresh(world, slot).await,
            form(&[("body", "電話で状況を確認した"), ("due", "2027-01-15")]),
        ),
        _ => None,
    }
}
