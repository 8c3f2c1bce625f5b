//! The demo's 商談会: published by 千葉市 with the other three pilot cities, with its buyers
//! and sellers, a final agenda the scheduler made without a violation, the meeting placed by
//! hand kept, and a seller reading its agenda as a page.

use renkei_domain::access::Role;
use renkei_domain::event::meeting::{Side, State};
use renkei_domain::event::schedule::violations;
use renkei_domain::event::{Kind, Status};
use renkei_store::{EventId, EventRecord};

use crate::helpers::{TestApp, city};

async fn business_meeting(app: &TestApp) -> EventRecord {
    for id in 1..=10 {
        let e = app.store.event(EventId(id)).await.unwrap();
        if e.kind == Kind::BusinessMeeting {
            return e;
        }
    }
    panic!("the demo has a 商談会");
}

#[tokio::test]
async fn the_demo_has_a_scheduled_business_meeting_of_the_four_pilot_cities() {
    for app in TestApp::each(true).await {
        renkei_web::demo::load_business_meeting(&app.store)
            .await
            .expect("the demo's 商談会");
        let e = business_meeting(&app).await;
        assert_eq!(e.status, Status::Published);
        assert_eq!(e.title, "医療・介護・健康機器 指定都市合同商談会");
        assert_eq!(e.city, city(renkei_domain::city::PILOT_CITIES[0]), "千葉市");
        let mut organisers = e.organisers.clone();
        organisers.sort();
        let mut pilots: Vec<_> = renkei_domain::city::PILOT_CITIES
            .into_iter()
            .map(city)
            .collect();
        pilots.sort();
        assert_eq!(organisers, pilots);
        assert_eq!(e.measure_code.as_deref(), Some("sales.business-meetings"));

        let people = app.store.meeting_participants(e.id).await.unwrap();
        let buyers = people.iter().filter(|p| p.side == Side::Buyer).count();
        let sellers = people.iter().filter(|p| p.side == Side::Seller).count();
        assert!(
            buyers >= 40 && sellers >= 80,
            "{buyers} buyers, {sellers} sellers"
        );
        let requests = app.store.meeting_requests(e.id).await.unwrap();
        let count = |s: State| requests.iter().filter(|r| r.state == s).count();
        assert!((250..=400).contains(&requests.len()), "{}", requests.len());
        assert!(count(State::Accepted) * 4 > requests.len() * 3);
        assert!(count(State::Declined) > 0 && count(State::Requested) > 0);

        let setup = app.store.meeting_setup(e.id).await.unwrap().unwrap();
        assert!(setup.final_agenda);
        let application = renkei_app::App::new(app.store.clone(), "http://renkei.test");
        let (inst, sched) = renkei_app::events::meetings::instance(&application, &e)
            .await
            .unwrap()
            .unwrap();
        assert!(
            violations(&inst, &sched).is_empty(),
            "{:?}",
            violations(&inst, &sched)
        );
        let placed = app.store.meetings(e.id).await.unwrap();
        assert!(
            placed.len() >= 150 && placed.len() <= count(State::Accepted),
            "{} meetings of {} accepted",
            placed.len(),
            count(State::Accepted)
        );
        assert_eq!(placed.iter().filter(|m| m.locked).count(), 1, "kept");

        // A seller (the Chiba pilot company) reads its agenda.
        let seller = people
            .iter()
            .find(|p| p.side == Side::Seller && p.company_id.is_some())
            .unwrap();
        let mine = renkei_app::events::meetings::agenda(&application, &e, &setup, seller)
            .await
            .unwrap();
        assert!(!mine.is_empty());
        let node = app.another_node().await;
        node.sign_in_as(&[Role::CompanyUser {
            company: seller.company_id.unwrap().0,
        }])
        .await;
        let (status, page) = node
            .get_text(&format!("/events/{}/meetings/agenda", e.id))
            .await;
        assert_eq!(status, 200);
        assert!(page.contains("確定版"), "{page}");
        for m in &mine {
            assert!(page.contains(&m.with.name), "{}: {page}", m.with.name);
        }
    }
}
