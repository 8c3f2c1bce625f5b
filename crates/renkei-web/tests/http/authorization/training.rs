//! Coordinators' training's part of the walk: a fresh curriculum of the slot's city for its
//! page, its form and its course form (with a fresh training event of the city tied to it),
//! the slot's city's coordinator (the world's coordinator account, not the walk's) for a
//! coordinator's training, and a certificate issued to them for its PDF.

use chrono::NaiveDate;
use renkei_domain::catalog::Stage;
use renkei_domain::training::CurriculumDraft;
use renkei_domain::training::ModuleDraft;
use renkei_store::{Actor, CurriculumRecord, NewTrainingRecord, UserId};

use super::policy::Slot;
use super::requests::{Body, Request, form};
use super::world::World;

/// Whether the walk's request for `path` is written here.
pub fn owns(path: &str) -> bool {
    path.starts_with("/training/")
        || path.contains("/training")
        || path == "/api/v1/network/training"
}

fn system() -> Actor {
    Actor::system("authorization-test")
}

/// A fresh curriculum of the slot's city: one module on ④, two hours.
async fn curriculum(world: &World, slot: Slot) -> CurriculumRecord {
    let c = CurriculumDraft {
        title: format!("権限確認の研修{}号", world.next()),
        description: String::new(),
        modules: vec![ModuleDraft {
            key: String::new(),
            title: "薬事の基礎".into(),
            stages: vec!["regulatory".into()],
            hours: "2".into(),
        }],
    }
    .validate(&[])
    .unwrap();
    world
        .store
        .insert_curriculum(Some(&world.of(slot).code), &c, &system())
        .await
        .unwrap()
}

/// A certificate issued to the slot's city's coordinator for a fresh curriculum.
async fn certificate(world: &World, slot: Slot) -> i64 {
    let c = curriculum(world, slot).await;
    let facts = world.of(slot);
    let user = UserId(facts.coordinator_account);
    let tx = world.store.begin().await.unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let new = NewTrainingRecord {
        user,
        city: facts.code,
        source: "external",
        event: None,
        module: Some((c.id, 1)),
        stages: vec![Stage::Regulatory],
        held_on: day,
        half_hours: 4,
        provider: "厚生労働省".into(),
        title: "権限確認の外部研修".into(),
    };
    world
        .store
        .insert_training_record(&tx, &new, &system())
        .await
        .unwrap();
    let cert = world
        .store
        .issue_certificate(&tx, (user, &facts.code), &c, (4, day), &system())
        .await
        .unwrap()
        .unwrap();
    tx.commit().await.unwrap();
    cert.id.0
}

/// A curriculum's valid form.
fn curriculum_form(version: &str, key: &str) -> Body {
    form(&[
        ("title", "権限確認で書いた研修"),
        ("version", version),
        ("module_0_key", key),
        ("module_0_title", "販路開拓の実務"),
        ("module_0_stages", "sales"),
        ("module_0_hours", "１．５"),
    ])
}

/// The request of a training route, or none for another route.
pub async fn request(world: &World, path: &str, method: &str, slot: Slot) -> Option<Request> {
    let facts = world.of(slot);
    let at = |id: i64, body: Body| {
        Some(Request {
            url: path
                .replace("{city}", &facts.code.to_string())
                .replace("{id}", &id.to_string()),
            body,
        })
    };
    match (path, method) {
        ("/training/curricula/new" | "/cities/{city}/training/curricula/new", "POST") => {
            at(0, curriculum_form("", ""))
        }
        ("/training/curricula/{id}" | "/training/curricula/{id}/edit", "GET") => {
            at(curriculum(world, slot).await.id.0, Body::None)
        }
        ("/training/curricula/{id}/edit", "POST") => {
            let c = curriculum(world, slot).await;
            at(c.id.0, curriculum_form(&c.version.to_string(), "1"))
        }
        ("/training/curricula/{id}/courses", "POST") => {
            let c = curriculum(world, slot).await;
            let event = super::events::training_event(&world.store, &facts.code).await;
            let e = event.to_string();
            at(
                c.id.0,
                form(&[("event", &e), ("module", "1"), ("hours", "2")]),
            )
        }
        ("/coordinators/{id}/training", "GET") => at(facts.coordinator_account, Body::None),
        ("/coordinators/{id}/training/records", "POST") => at(
            facts.coordinator_account,
            form(&[
                ("title", "権限確認の外部研修"),
                ("provider", "厚生労働省"),
                ("held_on", "2026-11-20"),
                ("hours", "1.5"),
                ("stages", "clinical"),
            ]),
        ),
        ("/training/certificates/{id}/certificate.pdf", "GET") => {
            at(certificate(world, slot).await, Body::None)
        }
        (_, "GET") => at(0, Body::None),
        _ => None,
    }
}
