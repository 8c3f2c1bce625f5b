//! The threads' part of the walk: a topic started from the list's form (title and first
//! post), and for each request about one thread a fresh thread about the slot's product,
//! which is not showcased, so its home city's alone; a reply to it.

use renkei_store::{Actor, ThreadAbout};

use super::policy::{Slot, Who};
use super::requests::{Body, Request, form};
use super::world::World;

/// Whether the walk's request for `path` is written here.
pub fn owns(path: &str) -> bool {
    let path = path.strip_prefix("/api/v1").unwrap_or(path);
    path.starts_with("/threads")
}

/// A fresh thread about the slot's product: its id.
async fn fresh(world: &World, slot: Slot) -> i64 {
    let facts = world.of(slot);
    let about = ThreadAbout::Product {
        id: facts.product.id,
        home: facts.code,
    };
    let tx = world.store.begin().await.unwrap();
    let (t, _) = world
        .store
        .start_thread(
            &tx,
            about,
            ("権限確認のスレッド", "権限確認の最初の投稿"),
            &Actor::system("authorization-test"),
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    t.id.0
}

/// The request of a thread route, or none for another route.
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
    let api = path.starts_with("/api/");
    match (path.strip_prefix("/api/v1").unwrap_or(path), method) {
        ("/threads" | "/threads/new", "GET") => at(0, Body::None),
        ("/threads" | "/threads/new", "POST") => {
            let (title, body) = ("権限確認で始めたテーマ", "権限確認で書いた最初の投稿");
            if api {
                let json = serde_json::json!({"kind": "topic", "title": title, "body": body});
                at(0, Body::Json(json))
            } else {
                at(0, form(&[("title", title), ("body", body)]))
            }
        }
        ("/threads/{id}", "GET") => at(fresh(world, slot).await, Body::None),
        ("/threads/{id}/posts", "POST") => {
            let id = fresh(world, slot).await;
            let body = "権限確認で書いた返信";
            if api {
                at(id, Body::Json(serde_json::json!({"body": body})))
            } else {
                at(id, form(&[("body", body)]))
            }
        }
        _ => None,
    }
}
