//! The 商談会's part of the walk: for each request, a fresh published 商談会 of the slot's
//! city with its set-up, the walk's company (the own city's) taking part as a seller, the
//! slot's two sales-channel targets as buyers, a request waiting for the company's answer
//! and an accepted one with its meeting; and each matchmaking route's request.

use chrono::{Duration, Utc};
use renkei_domain::event::meeting::{Mode, Profile, Setup, Side, State};
use renkei_domain::event::{EventInput, local_value};
use renkei_store::{Actor, EventLinks, NewParticipant};

use super::policy::Slot;
use super::requests::{Body, Request, form};
use super::world::World;

fn system() -> Actor {
    Actor::system("authorization-test")
}

/// What a fresh 商談会 holds: its id, the company's participant, the second buyer (no
/// request with the company), the request waiting for the company, the accepted one.
struct Fresh {
    event: i64,
    seller: i64,
    free_buyer: i64,
    waiting: i64,
    accepted: i64,
}

fn profile(slots: usize) -> Profile {
    Profile {
        text: "内視鏡・カテーテル".to_owned(),
        max_meetings: 3,
        available: vec![true; slots],
    }
}

async fn fresh(world: &World, slot: Slot) -> Fresh {
    let store = &world.store;
    let facts = world.of(slot);
    let now = Utc::now();
    let title = format!("権限確認用の商談会 {}", world.next());
    let input = EventInput {
        description: String::new(),
        venue: "会議室".to_owned(),
        ..crate::event_fixtures::business_meeting(&title, 30, 100)
    };
    let e =
        crate::event_fixtures::published(store, &facts.code, &input, &EventLinks::default()).await;
    let setup = Setup {
        slots: 4,
        slot_minutes: 20,
        first_slot_at: now + Duration::days(30),
        tables: 2,
        mode: Mode::OptIn,
        follow_up_months: 6,
    };
    store
        .save_meeting_setup(e.id, 0, &setup, &system())
        .await
        .unwrap();
    let own = &world.of(Slot::Own).company;
    let add = |side, company, target: Option<i64>, name: &str| NewParticipant {
        event: e.id,
        side,
        company,
        sales_target: target,
        registration: None,
        name: name.to_owned(),
        profile: profile(4),
        products: vec![],
    };
    let seller = store
        .insert_meeting_participant(&add(Side::Seller, Some(own.id), None, &own.name), &system())
        .await
        .unwrap()
        .id;
    let mut buyers = Vec::new();
    for t in [&facts.target, &facts.second_target] {
        let p = add(Side::Buyer, None, Some(t.id.0), &t.name);
        buyers.push(
            store
                .insert_meeting_participant(&p, &system())
                .await
                .unwrap()
                .id,
        );
    }
    let tx = store.begin().await.unwrap();
    let waiting = store
        .insert_meeting_request(
            &tx,
            e.id,
            (buyers[0], seller),
            "buyer",
            2,
            State::Requested,
            &system(),
        )
        .await
        .unwrap()
        .id;
    tx.commit().await.unwrap();
    // The accepted request, with its meeting placed by hand, is with a third buyer (a pair
    // has one open request).
    let third = store
        .insert_meeting_participant(
            &add(Side::Buyer, None, Some(facts.target.id.0), "第三の購買先"),
            &system(),
        )
        .await
        .unwrap()
        .id;
    let tx = store.begin().await.unwrap();
    let accepted = store
        .insert_meeting_request(
            &tx,
            e.id,
            (third, seller),
            "organiser",
            2,
            State::Accepted,
            &system(),
        )
        .await
        .unwrap()
        .id;
    tx.commit().await.unwrap();
    store
        .lock_meeting(e.id, accepted, Some((1, 0)), &system())
        .await
        .unwrap();
    Fresh {
        event: e.id.0,
        seller: seller.0,
        free_buyer: buyers[1].0,
        waiting: waiting.0,
        accepted: accepted.0,
    }
}

/// The request of a matchmaking route.
pub async fn request(world: &World, path: &str, method: &str, slot: Slot) -> Option<Request> {
    let f = fresh(world, slot).await;
    let url = path
        .replace("{city}", &world.of(slot).code.to_string())
        .replace("{id}", &f.event.to_string())
        .replace("{participant}", &f.seller.to_string());
    let (waiting, accepted) = (f.waiting.to_string(), f.accepted.to_string());
    let (seller, free_buyer) = (f.seller.to_string(), f.free_buyer.to_string());
    let first = local_value(Utc::now() + Duration::days(30));
    let body = match (path.trim_start_matches("/cities/{city}"), method) {
        (_, "GET") => Body::None,
        ("/events/{id}/meetings", _) => form(&[
            ("text", "内視鏡"),
            ("max_meetings", "3"),
            ("slot_0", "1"),
            ("version", "1"),
        ]),
        ("/events/{id}/meetings/requests", _) if path.starts_with("/cities") => form(&[
            ("buyer", &free_buyer),
            ("seller", &seller),
            ("priority", "2"),
        ]),
        ("/events/{id}/meetings/requests", _) => form(&[("with", &free_buyer), ("priority", "2")]),
        ("/events/{id}/meetings/requests/move", _) => {
            let m = if path.starts_with("/cities") {
                "decline"
            } else {
                "accept"
            };
            form(&[("request", &waiting), ("version", "1"), ("move", m)])
        }
        ("/events/{id}/meetings/outcomes", _) => form(&[
            ("request", &accepted),
            ("asked", "right_after"),
            ("outcome", "discussion"),
        ]),
        ("/events/{id}/meetings/setup", _) => form(&[
            ("slots", "4"),
            ("slot_minutes", "20"),
            ("first_slot_at", &first),
            ("tables", "2"),
            ("mode", "opt_in"),
            ("follow_up_months", "6"),
            ("version", "1"),
        ]),
        ("/events/{id}/meetings/participants", _) => {
            let target = world.of(slot).second_target.id.0.to_string();
            form(&[
                ("side", "buyer"),
                ("target", &target),
                ("text", "手術支援"),
                ("max_meetings", "2"),
                ("slot_0", "1"),
            ])
        }
        ("/events/{id}/meetings/schedule", _) => form(&[]),
        ("/events/{id}/meetings/lock", _) => {
            form(&[("request", &accepted), ("slot", "2"), ("table", "1")])
        }
        ("/events/{id}/meetings/final", _) => form(&[("final", "1")]),
        _ => return None,
    };
    Some(Request { url, body })
}
