//! The bridges' part of the walk: for each request about a bridge, a fresh case of the slot's
//! company with a fresh bridge to PMDA in the state the request needs (preparing for the
//! desk's moves and answers, awaiting consent for the company's, consented for the PDF); a
//! fresh national body for the administrator's pages.

use renkei_domain::bridge::{Consent, Move, Party, State};
use renkei_domain::consultation::{self, CaseDraft};
use renkei_domain::national_body::BodyDraft;
use renkei_store::{Actor, BridgeOpening, BridgeWrite, CaseOpening};

use serde_json::json;

use super::policy::{Slot, Who};
use super::requests::{Body, Request, form};
use super::world::World;

/// A case of the slot's company (its id) and a bridge of it to PMDA, moved to `to`.
async fn fresh(world: &World, slot: Slot, to: State) -> (i64, i64) {
    let facts = world.of(slot);
    let case = CaseDraft {
        kind: "regulatory".into(),
        subject: format!("橋渡しの権限確認{}号", world.next()),
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
    let body = world.store.national_bodies().await.unwrap().remove(0);
    let answers = body
        .fields
        .iter()
        .map(|f| (f.clone(), "回答".into()))
        .collect();
    let opening = BridgeOpening {
        case: &c,
        product_stage: Some("regulatory"),
        body: &body,
        type_code: "rs-general",
        answers,
    };
    let mut b = world
        .store
        .insert_bridge(&tx, &opening, &actor)
        .await
        .unwrap();
    let consent = Move::Consent(Consent {
        shared: body.fields.clone(),
        amed: false,
    });
    let steps = [
        (State::AwaitingConsent, Party::Desk, Move::AskConsent),
        (State::Consented, Party::Company, consent),
    ];
    for (state, party, m) in steps {
        if b.state == to {
            break;
        }
        let w = BridgeWrite::default();
        b = world
            .store
            .write_bridge_move(&tx, &b, state, party, &m, &w, &actor)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    (c.id.0, b.id.0)
}

/// A fresh national body's id.
async fn body(world: &World) -> i64 {
    let b = BodyDraft {
        code: format!("walk-{}", world.next()),
        name_ja: "権限確認の機関".into(),
        name_en: "Walk body".into(),
        types: "general 一般相談".into(),
        reply_days: "5".into(),
        fields: "相談者".into(),
        active: true,
    }
    .validate()
    .unwrap();
    let actor = Actor::system("authorization-test");
    world
        .store
        .create_national_body(&b, &actor)
        .await
        .unwrap()
        .id
}

/// The request of a bridge route, or none for another route.
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
    match (path, method) {
        ("/consultations/{id}/bridges", "POST") => {
            let (case, _) = fresh(world, slot, State::Preparing).await;
            let pmda = world.store.national_bodies().await.unwrap().remove(0);
            at(
                case,
                form(&[("target", &format!("{}:rs-general", pmda.id))]),
            )
        }
        ("/bridges/{id}", "GET") => at(fresh(world, slot, State::Preparing).await.1, Body::None),
        ("/bridges/{id}/request.pdf", "GET") => {
            at(fresh(world, slot, State::Consented).await.1, Body::None)
        }
        ("/bridges/{id}/answers", "POST") => {
            let (_, id) = fresh(world, slot, State::Preparing).await;
            at(id, form(&[("version", "1"), ("answer", "書き直した回答")]))
        }
        ("/bridges/{id}/move", "POST") => {
            if who == Who::Company {
                let (_, id) = fresh(world, slot, State::AwaitingConsent).await;
                let body = form(&[("move", "decline"), ("version", "2")]);
                at(id, body)
            } else {
                let (_, id) = fresh(world, slot, State::Preparing).await;
                at(id, form(&[("move", "ask_consent"), ("version", "1")]))
            }
        }
        ("/api/v1/consultations/{id}/bridges", "POST") => {
            let (case, _) = fresh(world, slot, State::Preparing).await;
            let pmda = world.store.national_bodies().await.unwrap().remove(0);
            at(
                case,
                Body::Json(json!({"body": pmda.id, "type": "rs-general"})),
            )
        }
        ("/api/v1/bridges/{id}", "GET") => {
            at(fresh(world, slot, State::Preparing).await.1, Body::None)
        }
        ("/api/v1/bridges/{id}/answers", "POST") => {
            let (_, id) = fresh(world, slot, State::Preparing).await;
            at(
                id,
                Body::Json(json!({"version": 1, "answers": ["書き直した回答"]})),
            )
        }
        ("/api/v1/bridges/{id}/moves", "POST") => {
            if who == Who::Company {
                let (_, id) = fresh(world, slot, State::AwaitingConsent).await;
                at(id, Body::Json(json!({"move": "decline", "version": 2})))
            } else {
                let (_, id) = fresh(world, slot, State::Preparing).await;
                at(id, Body::Json(json!({"move": "ask_consent", "version": 1})))
            }
        }
        ("/admin/national-bodies/new", "POST") => {
            let code = format!("walk-new-{}", world.next());
            let fields = [
                ("code", code.as_str()),
                ("name_ja", "権限確認で足した機関"),
                ("name_en", "Added in the walk"),
                ("types", "general 一般相談"),
                ("reply_days", "5"),
                ("fields", "相談者"),
                ("active", "yes"),
            ];
            at(0, form(&fields))
        }
        ("/admin/national-bodies/{id}", "GET") => at(body(world).await, Body::None),
        ("/admin/national-bodies/{id}", "POST") => {
            let id = body(world).await;
            let code = format!("walk-changed-{}", world.next());
            let fields = [
                ("code", code.as_str()),
                ("name_ja", "権限確認で変えた機関"),
                ("name_en", "Changed in the walk"),
                ("types", "general 一般相談"),
                ("reply_days", "7"),
                ("fields", "相談者\n製品"),
                ("version", "1"),
            ];
            at(id, form(&fields))
        }
        _ => None,
    }
}
