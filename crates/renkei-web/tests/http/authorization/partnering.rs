//! The partner requests' part of the walk: for each request about one, a fresh case of the
//! slot's company with a fresh brokering request on it, and (for a move) a candidate of the
//! slot's city, suggested for the desk's approach or awaiting the company's consent.

use renkei_domain::consultation::{self, CaseDraft};
use renkei_domain::partnering::{Move, Party, Purpose, Source, State};
use renkei_store::{Actor, CandidateWrite, CaseOpening, NewCandidate, RequestOpening};
use serde_json::json;

use super::policy::{Slot, Who};
use super::requests::{Body, Request, form};
use super::world::World;

/// Whether the walk's request for `path` is written here.
pub fn owns(path: &str) -> bool {
    let path = path.strip_prefix("/api/v1").unwrap_or(path);
    path.starts_with("/partner-requests")
        || path.starts_with("/partner-candidates/")
        || path == "/consultations/{id}/partner-requests"
}

/// A case of the slot's company (its id), a request on it (its id) and, when `to` is given,
/// a candidate of the slot's city moved there (its id and version).
async fn fresh(world: &World, slot: Slot, to: Option<State>) -> (i64, i64, i64, i64) {
    let facts = world.of(slot);
    let case = CaseDraft {
        kind: "development".into(),
        subject: format!("連携先探しの権限確認{}号", world.next()),
        detail: String::new(),
    }
    .validate()
    .unwrap();
    let opening = CaseOpening {
        city: &facts.code,
        company: facts.company.id,
        product: Some(facts.product.id),
        case: &case,
        by: consultation::Party::Company,
        first_answer_due: chrono::Utc::now().date_naive(),
    };
    let actor = Actor::system("authorization-test");
    let tx = world.store.begin().await.unwrap();
    let c = world
        .store
        .insert_consultation(&tx, &opening, &actor)
        .await
        .unwrap();
    let opening = RequestOpening {
        case: &c,
        purpose: Purpose::Brokering,
        kind: "technology",
        detail: "権限確認の依頼",
        words: "",
        call_id: None,
    };
    let r = world
        .store
        .insert_partner_request(&tx, &opening, &actor)
        .await
        .unwrap();
    let mut candidate = (0, 0);
    if let Some(to) = to {
        let new = NewCandidate {
            source: Source::Manual,
            company_id: None,
            target_id: None,
            site_id: None,
            name: format!("権限確認の候補{}号", world.next()),
            city: Some(facts.code),
            note: String::new(),
        };
        let k = world
            .store
            .insert_partner_candidate(&tx, &r, &new, &actor)
            .await
            .unwrap();
        let mut k = world.store.candidacy_in(&tx, k.id).await.unwrap();
        if to == State::AwaitingConsent {
            let w = CandidateWrite::default();
            k = world
                .store
                .write_candidate_move(&tx, &k, to, Party::Desk, &Move::AskConsent, &w, &actor)
                .await
                .unwrap();
        }
        candidate = (k.candidate.id.0, k.candidate.version);
    }
    tx.commit().await.unwrap();
    (c.id.0, r.id.0, candidate.0, candidate.1)
}

/// The request of a partner-request route, or none for another route.
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
    let api = path.starts_with("/api/");
    match (path.strip_prefix("/api/v1").unwrap_or(path), method) {
        ("/consultations/{id}/partner-requests", "POST") => {
            let (case, ..) = fresh(world, slot, None).await;
            let fields = [
                ("purpose", "brokering"),
                ("kind", "software"),
                ("detail", "権限確認で開いた依頼"),
            ];
            let body = if api {
                Body::Json(
                    json!({"purpose": "brokering", "kind": "software", "detail": "権限確認で開いた依頼"}),
                )
            } else {
                form(&fields)
            };
            at(case, body)
        }
        ("/partner-requests", "GET") => at(0, Body::None),
        ("/partner-requests/{id}", "GET") => at(fresh(world, slot, None).await.1, Body::None),
        ("/partner-requests/{id}/candidates", "POST") => {
            let (_, id, ..) = fresh(world, slot, None).await;
            at(id, form(&[("name", "権限確認で足した候補")]))
        }
        ("/partner-requests/{id}/close", "POST") => {
            let (_, id, ..) = fresh(world, slot, None).await;
            at(id, form(&[("outcome", "none-found"), ("version", "1")]))
        }
        ("/partner-candidates/{id}/move" | "/partner-candidates/{id}/moves", "POST") => {
            let (m, to) = if who == Who::Company {
                ("consent", State::AwaitingConsent)
            } else {
                ("approach", State::Suggested)
            };
            let (.., id, version) = fresh(world, slot, Some(to)).await;
            let v = version.to_string();
            let body = if api {
                Body::Json(json!({"move": m, "version": version, "agree": true}))
            } else {
                form(&[("move", m), ("version", &v), ("agree", "yes")])
            };
            at(id, body)
        }
        _ => None,
    }
}
