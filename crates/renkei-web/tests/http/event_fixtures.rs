//! Events as the tests start from them: one seminar of the usual shape that each test changes
//! where it matters (`EventInput { kind: …, ..seminar(…) }`), published through the store.

use chrono::{Duration, Utc};
use renkei_domain::city::CityCode;
use renkei_domain::event::{Allocation, Audience, EventInput, Kind, Priority, Quota, Status};
use renkei_store::{Actor, EventLinks, EventRecord, Store};

/// A public seminar, first come, registration open since yesterday and until the day before
/// it starts in `days` days (for two hours), with one 一般枠 of `places`.
pub fn seminar(title: &str, days: i64, places: i32) -> EventInput {
    let now = Utc::now();
    let starts_at = now + Duration::days(days);
    EventInput {
        title: title.to_owned(),
        description: "医療機器の開発と薬事の基礎".to_owned(),
        kind: Kind::Seminar,
        co_organisers: vec![],
        venue: "千葉市役所 会議室".to_owned(),
        online_url: None,
        starts_at,
        ends_at: starts_at + Duration::hours(2),
        registration_opens_at: now - Duration::days(1),
        registration_closes_at: starts_at - Duration::days(1),
        cancel_until: starts_at - Duration::days(1),
        audience: Audience::Public,
        allocation: Allocation::FirstCome,
        priority: Priority::None,
        offer_hours: 48,
        reminder_hours: 24,
        quotas: vec![quota("一般枠", places)],
        questions: vec![],
    }
}

/// A 商談会 of the designated cities' companies starting in `days` days, for three hours,
/// with one 企業枠 of `places`.
pub fn business_meeting(title: &str, days: i64, places: i32) -> EventInput {
    let base = seminar(title, days, places);
    EventInput {
        description: "大手医療機器メーカー・商社・病院との個別商談".to_owned(),
        kind: Kind::BusinessMeeting,
        ends_at: base.starts_at + Duration::hours(3),
        audience: Audience::Designated,
        quotas: vec![quota("企業枠", places)],
        ..base
    }
}

/// A coordinator training (研修) of the organising cities' staff and coordinators starting in
/// `days` days, for three hours, with one 研修枠 of `places`.
pub fn training(title: &str, days: i64, places: i32) -> EventInput {
    let base = seminar(title, days, places);
    EventInput {
        description: "コーディネーター研修：薬事の基礎".to_owned(),
        kind: Kind::Training,
        ends_at: base.starts_at + Duration::hours(3),
        audience: Audience::Organisers,
        quotas: vec![quota("研修枠", places)],
        ..base
    }
}

pub fn quota(name: &str, capacity: i32) -> Quota {
    Quota {
        name: name.to_owned(),
        capacity,
    }
}

/// `input` written for `city` through the store and published.
pub async fn published(
    store: &Store,
    city: &CityCode,
    input: &EventInput,
    links: &EventLinks,
) -> EventRecord {
    let actor = Actor::system("test");
    let e = store
        .insert_event(city, input, links, &actor)
        .await
        .unwrap();
    store
        .set_event_status(&e, e.version, Status::Published, &actor)
        .await
        .unwrap()
}
