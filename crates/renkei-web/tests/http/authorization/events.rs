//! The events' part of the walk: each city's two events (a published one open to the public
//! for registration, and a lottery whose registration has closed), fresh registrations for
//! the requests that use one up, and each event route's request as a client sends it.

use chrono::{Duration, Utc};
use renkei_app::events::registrations as regs;
use renkei_domain::city::CityCode;
use renkei_domain::event::{Allocation, EventInput, local_value};
use renkei_store::{Actor, EventId, EventLinks, Store};

use super::policy::{Slot, Who};
use super::requests::{Body, Request, form};
use super::world::World;

fn system() -> Actor {
    Actor::system("authorization-test")
}

fn input(title: String, allocation: Allocation, open: bool) -> EventInput {
    let now = Utc::now();
    let base = crate::event_fixtures::seminar(&title, 30, 10_000);
    EventInput {
        description: String::new(),
        venue: "会議室".to_owned(),
        registration_opens_at: now - Duration::days(2),
        registration_closes_at: if open {
            base.registration_closes_at
        } else {
            now - Duration::days(1)
        },
        allocation,
        ..base
    }
}

/// A city's published event: open for registration (`open`), or a closed lottery.
pub async fn event(store: &Store, code: &CityCode, open: bool) -> i64 {
    let allocation = if open {
        Allocation::FirstCome
    } else {
        Allocation::Lottery
    };
    let title = format!("権限確認用の催し {code} {open}");
    let input = input(title, allocation, open);
    crate::event_fixtures::published(store, code, &input, &EventLinks::default())
        .await
        .id
        .0
}

/// A city's published coordinator training, open for registration.
pub async fn training_event(store: &Store, code: &CityCode) -> i64 {
    let input = crate::event_fixtures::training("権限確認用の研修", 20, 30);
    crate::event_fixtures::published(store, code, &input, &EventLinks::default())
        .await
        .id
        .0
}

/// A fresh registration of the slot's open event: unconfirmed, or confirmed (`placed`).
async fn registration(world: &World, slot: Slot, placed: bool) -> (i64, i64, String, String) {
    let store = &world.store;
    let e = store.event(EventId(world.of(slot).event)).await.unwrap();
    let app = renkei_app::App::new(store.clone(), "http://renkei.test");
    let email = format!(
        "visitor{}-{}@test.renkei.example",
        world.next(),
        uuid::Uuid::new_v4().simple()
    );
    let actor = Actor::anonymous(None, None);
    let r = regs::register_public(
        &app,
        &e,
        e.quotas[0].id,
        "来場 確認",
        &email,
        "",
        &[],
        &actor,
    )
    .await
    .unwrap()
    .unwrap()
    .record;
    let r = if placed {
        regs::verify(&app, &r, &system()).await.unwrap().unwrap()
    } else {
        r
    };
    let (token, code) = store.event_registration_tokens(r.id).await.unwrap();
    (r.id.0, r.version, token, code)
}

/// The form of a valid public event, for the new-event and edit pages.
fn event_form(title: &str, version: &str) -> Body {
    let now = Utc::now();
    let t = |d: Duration| local_value(now + d);
    let (s, e, o, c) = (
        t(Duration::days(30)),
        t(Duration::days(30) + Duration::hours(2)),
        t(-Duration::days(2)),
        t(Duration::days(29)),
    );
    form(&[
        ("title", title),
        ("kind", "seminar"),
        ("venue", "会議室"),
        ("starts_at", &s),
        ("ends_at", &e),
        ("registration_opens_at", &o),
        ("registration_closes_at", &c),
        ("audience", "public"),
        ("allocation", "first_come"),
        ("priority", "none"),
        ("quota_name_0", "一般枠"),
        ("quota_capacity_0", "10000"),
        ("version", version),
    ])
}

fn fill(path: &str, world: &World, slot: Slot, id: i64) -> String {
    path.replace("{city}", &world.of(slot).code.to_string())
        .replace("{id}", &id.to_string())
}

/// The request of an event route, or none for a route that is not one.
pub async fn request(
    world: &World,
    who: Who,
    path: &str,
    method: &str,
    slot: Slot,
) -> Option<Request> {
    if path.contains("/meetings") {
        return super::meetings::request(world, path, method, slot).await;
    }
    let facts = world.of(slot);
    let open = facts.event;
    let get = |id: i64| {
        Some(Request {
            url: fill(path, world, slot, id),
            body: Body::None,
        })
    };
    let post = |id: i64, body: Body| {
        Some(Request {
            url: fill(path, world, slot, id),
            body,
        })
    };
    match (path, method) {
        ("/events/{id}" | "/events/{id}/calendar.ics", "GET") => get(open),
        ("/events/{id}/register", "POST") => {
            let q = world.store.event(EventId(open)).await.unwrap().quotas[0].id;
            let email = format!(
                "walk{}-{}@test.renkei.example",
                world.next(),
                uuid::Uuid::new_v4().simple()
            );
            let fields: Vec<(String, String)> = vec![
                ("quota".into(), q.to_string()),
                ("name".into(), "権限 確認".into()),
                ("email".into(), email),
            ];
            let body = if who == Who::Anonymous {
                Body::PageForm(format!("/events/{open}"), fields)
            } else {
                Body::Form(fields)
            };
            post(open, body)
        }
        ("/events/registration", _) => {
            let (_, _, token, _) = registration(world, slot, false).await;
            let url = format!("/events/registration?token={token}");
            let body = if method == "GET" {
                Body::None
            } else {
                form(&[("token", &token), ("move", "verify"), ("version", "1")])
            };
            Some(Request { url, body })
        }
        ("/cities/{city}/events/new", "POST") => post(
            0,
            event_form(&format!("権限確認で登録した催し{}", world.next()), "0"),
        ),
        (p, "GET") if p.starts_with("/cities/{city}/events/{id}") => get(open),
        ("/cities/{city}/events/{id}/edit", "POST") => {
            let e = world.store.event(EventId(open)).await.unwrap();
            let version = e.version.to_string();
            post(open, event_form(&e.title, &version))
        }
        ("/cities/{city}/events/{id}/status", "POST") => {
            let e = world.store.event(EventId(open)).await.unwrap();
            let version = e.version.to_string();
            post(
                open,
                form(&[("status", "published"), ("version", &version)]),
            )
        }
        ("/cities/{city}/events/{id}/registrations/move", "POST") => {
            let (id, version, _, _) = registration(world, slot, true).await;
            let (id, version) = (id.to_string(), version.to_string());
            let body = form(&[
                ("registration", &id),
                ("version", &version),
                ("move", "cancel"),
            ]);
            post(open, body)
        }
        ("/cities/{city}/events/{id}/draw", "POST") => post(facts.lottery, form(&[("seed", "7")])),
        ("/cities/{city}/events/{id}/check-in", "POST") => {
            let (_, version, _, code) = registration(world, slot, true).await;
            let version = version.to_string();
            post(open, form(&[("code", &code), ("version", &version)]))
        }
        (_, "GET") if !path.contains("{id}") => get(0),
        (p, _) if p.starts_with("/api/") => api(world, path, method, slot).await,
        _ => None,
    }
}

/// An event of the API as a client sends it (JSON).
async fn api(world: &World, path: &str, method: &str, slot: Slot) -> Option<Request> {
    let open = world.of(slot).event;
    let at = |id: i64, body: Body| {
        Some(Request {
            url: fill(path, world, slot, id),
            body,
        })
    };
    let now = Utc::now();
    let t = |d: Duration| (now + d).to_rfc3339();
    let event = |title: String, version: i64| {
        serde_json::json!({
            "title": title, "kind": "seminar", "venue": "会議室",
            "starts_at": t(Duration::days(30)), "ends_at": t(Duration::days(30) + Duration::hours(2)),
            "registration_opens_at": t(-Duration::days(2)), "registration_closes_at": t(Duration::days(29)),
            "audience": "public", "allocation": "first_come",
            "quotas": [{"name": "一般枠", "capacity": 10000}], "version": version,
        })
    };
    match (path, method) {
        ("/api/v1/events/{id}", "GET") => at(open, Body::None),
        (p, "GET") => at(if p.contains("{id}") { open } else { 0 }, Body::None),
        ("/api/v1/cities/{city}/events", "POST") => {
            let title = format!("権限確認でAPIから登録した催し{}", world.next());
            at(0, Body::Json(event(title, 0)))
        }
        ("/api/v1/cities/{city}/events/{id}", "PUT") => {
            let e = world.store.event(EventId(open)).await.unwrap();
            at(open, Body::Json(event(e.title, e.version)))
        }
        ("/api/v1/cities/{city}/events/{id}/status", "POST") => {
            let e = world.store.event(EventId(open)).await.unwrap();
            let body = serde_json::json!({"status": "published", "version": e.version});
            at(open, Body::Json(body))
        }
        ("/api/v1/cities/{city}/events/{id}/registrations/move", "POST") => {
            let (id, version, _, _) = registration(world, slot, true).await;
            let body =
                serde_json::json!({"registration": id, "version": version, "move": "cancel"});
            at(open, Body::Json(body))
        }
        _ => None,
    }
}
