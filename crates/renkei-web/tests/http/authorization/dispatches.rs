//! Expert dispatch's part of the walk: the slot city's roster has an expert (made once);
//! each request about a dispatch gets a fresh one on a fresh case of the slot's company —
//! waiting for approval for a move (the desk approves, the company cancels), approved for a
//! visit (those who work the case record it).

use renkei_domain::dispatch::{DispatchDraft, ExpertDraft, Party};
use renkei_store::{Actor, ConsultationId, DispatchOpening};

use serde_json::json;

use super::policy::{Slot, Who};
use super::requests::{Body, Request, form};
use super::world::World;

fn actor() -> Actor {
    Actor::system("authorization-test")
}

/// The slot city's expert (put on its roster the first time).
async fn expert(world: &World, slot: Slot) -> i64 {
    let code = &world.of(slot).code;
    let roster = world.store.experts_of(code, true).await.unwrap();
    if let Some(x) = roster.first() {
        return x.id.0;
    }
    let x = ExpertDraft {
        name: "権限確認 専門家".into(),
        fields: vec!["regulatory".into()],
        hourly_fee: "10000".into(),
        active: true,
        ..Default::default()
    }
    .validate()
    .unwrap();
    // A cap the walk's many approvals of the slot's company stay within.
    world
        .store
        .set_dispatch_cap(code, 100, &actor())
        .await
        .unwrap();
    world
        .store
        .insert_expert(code, &x, &actor())
        .await
        .unwrap()
        .id
        .0
}

/// A fresh dispatch of the slot's company, waiting for approval (or approved).
async fn fresh(world: &World, slot: Slot, approved: bool) -> i64 {
    let case = super::consultations::fresh(world, slot).await;
    let case = world
        .store
        .consultation(ConsultationId(case))
        .await
        .unwrap();
    let d = DispatchDraft {
        expert: expert(world, slot).await.to_string(),
        field: "regulatory".into(),
        purpose: "権限確認の派遣".into(),
        planned_visits: "1".into(),
    }
    .validate()
    .unwrap();
    let opening = DispatchOpening {
        case: &case,
        dispatch: &d,
        fiscal_year: 2026,
        by: Party::Company,
    };
    // A cap the walk's many approvals of the slot's company stay within.
    let code = &world.of(slot).code;
    world
        .store
        .set_dispatch_cap(code, 100, &actor())
        .await
        .unwrap();
    let tx = world.store.begin().await.unwrap();
    let r = world
        .store
        .insert_dispatch(&tx, &opening, &actor())
        .await
        .unwrap();
    if approved {
        let to = renkei_domain::dispatch::State::Approved;
        let m = renkei_domain::dispatch::Move::Approve;
        world
            .store
            .write_dispatch_move(&tx, &r, to, Party::Desk, &m, 2026, &actor())
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    r.id.0
}

/// The request of an expert-dispatch route, or none for another route.
pub async fn request(
    world: &World,
    who: Who,
    path: &str,
    method: &str,
    slot: Slot,
) -> Option<Request> {
    let code = world.of(slot).code.to_string();
    let at = |id: i64, body: Body| {
        Some(Request {
            url: path
                .replace("{city}", &code)
                .replace("{id}", &id.to_string()),
            body,
        })
    };
    let expert_fields = |name: &str, version: &str| {
        form(&[
            ("name", name),
            ("field_regulatory", "1"),
            ("hourly_fee", "12000"),
            ("version", version),
        ])
    };
    match (path, method) {
        ("/cities/{city}/experts", "POST") => at(
            0,
            expert_fields(&format!("権限確認で登録した専門家{}号", world.next()), "1"),
        ),
        (_, "GET") if !path.contains("{id}") => at(0, Body::None),
        ("/cities/{city}/experts/{id}", "GET") => at(expert(world, slot).await, Body::None),
        ("/cities/{city}/experts/{id}", "POST") => {
            let id = expert(world, slot).await;
            let x = world
                .store
                .expert(renkei_store::ExpertId(id))
                .await
                .unwrap();
            at(id, expert_fields(&x.name, &x.version.to_string()))
        }
        ("/cities/{city}/dispatch-cap", "POST") => at(0, form(&[("yearly_visits", "5")])),
        ("/consultations/{id}/dispatches", "POST") => {
            let case = super::consultations::fresh(world, slot).await;
            let expert = expert(world, slot).await.to_string();
            let body = form(&[
                ("expert", &expert),
                ("field", "regulatory"),
                ("purpose", "権限確認で依頼した派遣"),
                ("planned_visits", "1"),
            ]);
            at(case, body)
        }
        ("/api/v1/consultations/{id}/dispatches", "POST") => {
            let case = super::consultations::fresh(world, slot).await;
            let expert = expert(world, slot).await;
            let body = json!({"expert": expert, "field": "regulatory",
                "purpose": "権限確認で依頼した派遣", "planned_visits": 1});
            at(case, Body::Json(body))
        }
        ("/api/v1/dispatches/{id}", "GET") => at(fresh(world, slot, false).await, Body::None),
        ("/api/v1/dispatches/{id}/moves", "POST") => {
            let id = fresh(world, slot, false).await;
            let m = if who == Who::Company {
                "cancel"
            } else {
                "approve"
            };
            at(id, Body::Json(json!({"move": m, "version": 1})))
        }
        ("/api/v1/dispatches/{id}/visits", "POST") => {
            let id = fresh(world, slot, true).await;
            at(id, Body::Json(json!({"date": "2026-12-01", "hours": "1"})))
        }
        ("/dispatches/{id}", "GET") => at(fresh(world, slot, false).await, Body::None),
        ("/dispatches/{id}/move", "POST") => {
            let id = fresh(world, slot, false).await;
            let m = if who == Who::Company {
                "cancel"
            } else {
                "approve"
            };
            at(id, form(&[("move", m), ("version", "1")]))
        }
        ("/dispatches/{id}/visits", "POST") => {
            let id = fresh(world, slot, true).await;
            at(id, form(&[("date", "2026-12-01"), ("hours", "1")]))
        }
        _ => None,
    }
}

/// Whether a route is expert dispatch's.
pub fn owns(path: &str) -> bool {
    let path = path.strip_prefix("/api/v1").unwrap_or(path);
    path.starts_with("/dispatches/")
        || path.starts_with("/cities/{city}/experts")
        || path == "/cities/{city}/dispatch-cap"
        || path == "/consultations/{id}/dispatches"
}
