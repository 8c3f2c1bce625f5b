//! Events through the pages, on every database: an officer writes an event (a wrong form
//! comes back with its errors, nothing written), publishes it (a draft is nobody else's to
//! see); a company user registers their company and is mailed the confirmation with its
//! iCalendar file; a member of the public registers and is placed once they confirm their
//! address; when the places are gone the next person waits; a cancellation offers the place
//! to the first person waiting and an offer not confirmed in time lapses; a staff member
//! checks a person in from the QR code's page; the attendee list downloads as CSV and XLSX;
//! another city's officer learns nothing. And the races: a hundred people confirming at once
//! for thirty places, a lottery drawn again from its seed, reminders sent once by two nodes.

use chrono::{Duration, Utc};
use renkei_app::events::registrations as regs;
use renkei_domain::access::Role;
use renkei_domain::company::CompanyDraft;
use renkei_domain::event::registration::State;
use renkei_domain::event::{Allocation, Audience, EventInput, Kind, Priority, local_value};
use renkei_store::{
    Actor, EventId, EventLinks, EventRecord, EventRegistrationRecord, PageRequest, QuotaId,
};

use crate::event_fixtures::{self, seminar};
use crate::helpers::{TestApp, city, csrf_of, location, staff};

const CHIBA: &str = "121002";

fn app_of(app: &TestApp) -> renkei_app::App {
    renkei_app::App::new(app.store.clone(), "http://renkei.test")
}

/// An event of Chiba open for registration now, starting in ten days.
fn input(title: &str, places: i32, allocation: Allocation, audience: Audience) -> EventInput {
    EventInput {
        audience,
        allocation,
        priority: Priority::FirstTime,
        ..seminar(title, 10, places)
    }
}

/// A published event written through the store.
async fn published(app: &TestApp, input: &EventInput) -> EventRecord {
    event_fixtures::published(&app.store, &city(CHIBA), input, &EventLinks::default()).await
}

fn quota(e: &EventRecord) -> QuotaId {
    e.quotas[0].id
}

/// A member of the public's registration, unconfirmed, through the app's use case.
async fn public_registration(app: &TestApp, e: &EventRecord, n: usize) -> EventRegistrationRecord {
    let email = format!("visitor{n}-{}@example.jp", uuid::Uuid::new_v4().simple());
    regs::register_public(
        &app_of(app),
        e,
        quota(e),
        &format!("来場 {n}号"),
        &email,
        "",
        &["見学".to_owned()],
        &Actor::anonymous(None, None),
    )
    .await
    .unwrap()
    .unwrap()
    .record
}

async fn registrant_link(app: &TestApp, r: &EventRegistrationRecord) -> (String, String) {
    let (token, code) = app.store.event_registration_tokens(r.id).await.unwrap();
    (token, code)
}

async fn state_of(app: &TestApp, r: &EventRegistrationRecord) -> State {
    app.store.event_registration(r.id).await.unwrap().state
}

/// The officer's form: the fields of a valid event.
fn form_fields(title: &str) -> Vec<(String, String)> {
    let now = Utc::now();
    let t = |d: Duration| local_value(now + d);
    [
        ("title", title.to_owned()),
        ("kind", "seminar".to_owned()),
        ("venue", "千葉市役所".to_owned()),
        ("starts_at", t(Duration::days(20))),
        ("ends_at", t(Duration::days(20) + Duration::hours(2))),
        ("registration_opens_at", t(-Duration::days(1))),
        ("registration_closes_at", t(Duration::days(19))),
        ("audience", "public".to_owned()),
        ("allocation", "first_come".to_owned()),
        ("priority", "none".to_owned()),
        ("quota_name_0", "企業枠".to_owned()),
        ("quota_capacity_0", "２".to_owned()),
        ("question_label_0", "参加の目的".to_owned()),
        ("question_kind_0", "text".to_owned()),
        ("question_required_0", "1".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

async fn post(person: &TestApp, path: &str, fields: &[(String, String)]) -> reqwest::Response {
    let form: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    person.post_form(path, &form).await
}

#[tokio::test]
async fn an_officer_publishes_an_event_people_register_wait_and_are_offered_a_freed_place() {
    for app in TestApp::each(false).await {
        let officer = app.another_node().await;
        officer.sign_in_as(&[staff(CHIBA, false)]).await;
        let new = format!("/cities/{CHIBA}/events/new");
        assert_eq!(officer.status(&new).await, 200);

        // A wrong form: every error named, nothing written.
        let mut wrong = form_fields("");
        wrong.retain(|(k, _)| k != "ends_at");
        wrong.push(("online_url".into(), "ftp://example.jp".into()));
        let r = post(&officer, &new, &wrong).await;
        assert_eq!(r.status().as_u16(), 422, "{}", app.backend);
        let page = r.text().await.unwrap();
        for field in ["title", "ends_at", "online_url"] {
            assert!(
                page.contains(&format!(r##"href="#f-{field}""##)),
                "{field}: {page}"
            );
        }
        let none = app.store.events(&Default::default()).await.unwrap();
        assert!(none.is_empty());

        // A right one: a draft, seen by its city only until published.
        let r = post(&officer, &new, &form_fields("医療機器参入支援セミナー")).await;
        assert_eq!(r.status().as_u16(), 303, "{}", app.backend);
        let id: i64 = location(&r)
            .trim_start_matches("/events/")
            .trim_end_matches("?saved=1")
            .parse()
            .unwrap();
        let path = format!("/events/{id}");
        let visitor = app.another_node().await;
        assert_eq!(visitor.status(&path).await, 303, "a draft: sign in first");
        let hiroshima = app.another_node().await;
        hiroshima.sign_in_as(&[staff("341002", false)]).await;
        assert_eq!(hiroshima.status(&path).await, 404);
        let e = app.store.event(EventId(id)).await.unwrap();
        let publish = [("status", "published"), ("version", "1")];
        let r = officer
            .post_form(&format!("/cities/{CHIBA}/events/{id}/status"), &publish)
            .await;
        assert_eq!(r.status().as_u16(), 303);
        let e = app.store.event(e.id).await.unwrap();
        let (status, page) = visitor.get_text(&path).await;
        assert_eq!(status, 200);
        assert!(page.contains("医療機器参入支援セミナー") && page.contains("参加の目的"));
        let (_, calendar) = visitor.get_text("/events").await;
        assert!(calendar.contains(&format!(r#"href="/events/{id}""#)));
        let feed = visitor.get("/events.ics").await;
        assert!(
            feed.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/calendar")
        );
        let feed = feed.text().await.unwrap();
        assert!(feed.contains("BEGIN:VEVENT") && feed.contains("SUMMARY:医療機器参入支援セミナー"));
        let city_feed = visitor
            .get_text(&format!("/cities/{CHIBA}/events.ics"))
            .await
            .1;
        assert!(city_feed.contains(&format!("UID:event-{id}@")));

        // A company user registers their company: placed, mailed with the .ics.
        let company = CompanyDraft {
            name: "千葉メディカル株式会社".into(),
            ..Default::default()
        }
        .validate(&city(CHIBA))
        .unwrap();
        let company = app
            .store
            .create_company(&company, &[], &Actor::system("test"))
            .await
            .unwrap();
        let worker = app.another_node().await;
        worker
            .sign_in_as(&[Role::CompanyUser {
                company: company.id.0,
            }])
            .await;
        let (_, page) = worker.get_text(&path).await;
        assert!(page.contains("千葉メディカル株式会社"), "{page}");
        let q = e.quotas[0].id.to_string();
        let missing = [("quota", q.as_str()), ("answer_0", "")];
        let r = worker
            .post_form(&format!("{path}/register"), &missing)
            .await;
        assert_eq!(r.status().as_u16(), 422, "{}", app.backend);
        assert!(r.text().await.unwrap().contains(r##"href="#f-answer_0""##));
        let answered = [("quota", q.as_str()), ("answer_0", "情報収集")];
        let r = worker
            .post_form(&format!("{path}/register"), &answered)
            .await;
        assert_eq!(r.status().as_u16(), 303, "{}", app.backend);
        let link = location(&r);
        assert!(link.starts_with("/events/registration?token="), "{link}");
        let list = app.store.event_registrations(e.id).await.unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].state, State::Confirmed);
        assert_eq!(list[0].company_id, Some(company.id));
        let again = worker
            .post_form(&format!("{path}/register"), &answered)
            .await;
        assert_eq!(again.status().as_u16(), 422, "registered twice");
        let outbox = app
            .store
            .outbox(PageRequest::new(1, 50))
            .await
            .unwrap()
            .items;
        let confirmation = outbox
            .iter()
            .find(|m| m.kind == "event-registration")
            .expect("the confirmation");
        let ics = confirmation.attachment.as_ref().expect("the .ics");
        assert!(ics.media_type.starts_with("text/calendar"));
        assert!(ics.body.contains("METHOD:REQUEST") && ics.body.contains("BEGIN:VEVENT"));
        let (status, page) = worker.get_text(&link).await;
        assert_eq!(status, 200);
        assert!(page.contains("<svg"), "the QR code for the reception");

        let code = public_registers_waits_and_lapses(&app, &visitor, &e, &path, &q).await;
        check_in_and_lists(&app, &officer, &hiroshima, &visitor, &e, &code).await;
    }
}

/// A member of the public registers with the page's form token and is placed once the mailed
/// link confirms; the next person waits; a cancellation offers the place, which lapses. The
/// public registrant's check-in code.
async fn public_registers_waits_and_lapses(
    app: &TestApp,
    visitor: &TestApp,
    e: &EventRecord,
    path: &str,
    q: &str,
) -> String {
    // A member of the public: the page's form token, then the mailed link confirms.
    let (_, page) = visitor.get_text(path).await;
    let csrf = csrf_of(&page);
    let email = format!("hanako-{}@example.jp", uuid::Uuid::new_v4().simple());
    let public = [
        ("csrf", csrf.as_str()),
        ("quota", q),
        ("name", "千葉 花子"),
        ("email", email.as_str()),
        ("answer_0", "見学"),
    ];
    let r = visitor
        .client
        .post(visitor.url(&format!("{path}/register")))
        .form(&public)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303, "{}", app.backend);
    assert_eq!(location(&r), "/events/registered");
    let hanako = app.store.event_registrations(e.id).await.unwrap();
    let hanako = hanako.into_iter().find(|r| r.email == email).unwrap();
    assert_eq!(hanako.state, State::Unverified);
    let (token, code) = registrant_link(app, &hanako).await;
    let outbox = app
        .store
        .outbox(PageRequest::new(1, 50))
        .await
        .unwrap()
        .items;
    assert!(
        outbox
            .iter()
            .any(|m| m.to_address == email && m.body.contains(&token))
    );
    let verify = [
        ("token", token.as_str()),
        ("move", "verify"),
        ("version", "1"),
    ];
    let r = visitor.post_form("/events/registration", &verify).await;
    assert_eq!(r.status().as_u16(), 303, "{}", app.backend);
    assert_eq!(state_of(app, &hanako).await, State::Confirmed);

    // The places are gone: the next person waits.
    let third = public_registration(app, e, 3).await;
    regs::verify(&app_of(app), &third, &Actor::system("test"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(state_of(app, &third).await, State::Waitlisted);

    // Hanako cancels: the place is offered to the third, who lets it lapse.
    let hanako = app.store.event_registration(hanako.id).await.unwrap();
    let v = hanako.version.to_string();
    let cancel = [
        ("token", token.as_str()),
        ("move", "cancel"),
        ("version", v.as_str()),
    ];
    let r = visitor.post_form("/events/registration", &cancel).await;
    assert_eq!(r.status().as_u16(), 303, "{}", app.backend);
    assert_eq!(state_of(app, &hanako).await, State::Cancelled);
    let offered = app.store.event_registration(third.id).await.unwrap();
    assert_eq!(offered.state, State::Offered);
    assert!(offered.offer_expires_at.is_some());
    let later = Utc::now() + Duration::hours(49);
    let t = renkei_app::events::tick::tick(&app_of(app), later)
        .await
        .unwrap();
    assert_eq!(t.lapsed, 1);
    assert_eq!(state_of(app, &third).await, State::Expired);

    code
}

/// A staff member checks the company's person in from the QR code's page; the list and its
/// downloads; another city's officer and an anonymous visitor learn nothing.
async fn check_in_and_lists(
    app: &TestApp,
    officer: &TestApp,
    hiroshima: &TestApp,
    visitor: &TestApp,
    e: &EventRecord,
    code: &str,
) {
    let id = e.id;
    // Check-in from the QR code's page; the list downloads; another city learns nothing.
    let list = app.store.event_registrations(e.id).await.unwrap();
    let company_reg = list.iter().find(|r| r.company_id.is_some()).unwrap();
    let (_, company_code) = registrant_link(app, company_reg).await;
    let check_in = format!("/cities/{CHIBA}/events/{id}/check-in");
    let (status, page) = officer
        .get_text(&format!("{check_in}?code={company_code}"))
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("出席を受付する"), "{page}");
    let v = company_reg.version.to_string();
    let form = [("code", company_code.as_str()), ("version", v.as_str())];
    let r = officer.post_form(&check_in, &form).await;
    assert_eq!(r.status().as_u16(), 200, "{}", app.backend);
    assert_eq!(state_of(app, company_reg).await, State::Attended);
    assert_eq!(
        officer.status(&format!("{check_in}?code={code}x")).await,
        410
    );
    let regs_page = format!("/cities/{CHIBA}/events/{id}/registrations");
    let (status, page) = officer.get_text(&regs_page).await;
    assert_eq!(status, 200);
    assert!(page.contains("千葉 花子") && page.contains("来場 3号"));
    let csv = officer
        .get(&format!("{regs_page}.csv"))
        .await
        .text()
        .await
        .unwrap();
    assert!(csv.contains("受付番号") && csv.contains("参加の目的") && csv.contains("情報収集"));
    let xlsx = officer.get(&format!("{regs_page}.xlsx")).await;
    assert_eq!(xlsx.status().as_u16(), 200);
    assert_eq!(hiroshima.status(&regs_page).await, 404);
    assert_eq!(
        hiroshima
            .status(&format!("/cities/341002/events/{id}/registrations"))
            .await,
        404
    );
    assert_eq!(visitor.status(&regs_page).await, 303, "sign in first");
}

#[tokio::test]
async fn a_hundred_confirming_at_once_for_thirty_places_get_thirty_in_arrival_order() {
    for app in TestApp::each(false).await {
        let e = published(
            &app,
            &input(
                "大規模セミナー",
                30,
                Allocation::FirstCome,
                Audience::Public,
            ),
        )
        .await;
        let mut waiting = Vec::new();
        for n in 0..100 {
            waiting.push(public_registration(&app, &e, n).await);
        }
        let node = app.another_node().await;
        let mut tasks = Vec::new();
        for (i, r) in waiting.iter().enumerate() {
            let (token, _) = registrant_link(&app, r).await;
            let client = if i % 2 == 0 { &app } else { &node };
            let url = client.url("/events/registration");
            let http = client.client.clone();
            tasks.push(tokio::spawn(async move {
                let form = [
                    ("token", token.as_str()),
                    ("move", "verify"),
                    ("version", "1"),
                ];
                http.post(url)
                    .form(&form)
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            }));
        }
        for t in tasks {
            assert_eq!(t.await.unwrap(), 303, "{}", app.backend);
        }
        let list = app.store.event_registrations(e.id).await.unwrap();
        let confirmed: Vec<i64> = list
            .iter()
            .filter(|r| r.state == State::Confirmed)
            .map(|r| r.arrival)
            .collect();
        let waitlisted: Vec<i64> = list
            .iter()
            .filter(|r| r.state == State::Waitlisted)
            .map(|r| r.arrival)
            .collect();
        assert_eq!(confirmed.len(), 30, "{}", app.backend);
        assert_eq!(waitlisted.len(), 70);
        // Arrivals are numbered 1..=100 once each; the first thirty have the places.
        let mut all: Vec<i64> = confirmed.iter().chain(&waitlisted).copied().collect();
        all.sort_unstable();
        assert_eq!(all, (1..=100).collect::<Vec<_>>());
        assert!(confirmed.iter().all(|a| *a <= 30), "{confirmed:?}");
        let e = app.store.event(e.id).await.unwrap();
        assert_eq!((e.quotas[0].taken, e.quotas[0].waiting), (30, 70));
    }
}

#[tokio::test]
async fn a_lottery_drawn_from_its_seed_is_the_same_draw_again() {
    for app in TestApp::each(false).await {
        let mut lottery = input("メーカー見学会", 3, Allocation::Lottery, Audience::Public);
        lottery.kind = Kind::MakerTour;
        let e = published(&app, &lottery).await;
        let mut entrants = Vec::new();
        for n in 0..8 {
            let r = public_registration(&app, &e, n).await;
            regs::verify(&app_of(&app), &r, &Actor::system("test"))
                .await
                .unwrap()
                .unwrap();
            entrants.push(r);
        }
        assert!(
            app.store
                .event_registrations(e.id)
                .await
                .unwrap()
                .iter()
                .all(|r| r.state == State::Applied)
        );
        // Registration closes; the officer draws with seed 42.
        let mut closed = lottery.clone();
        closed.registration_closes_at = Utc::now() - Duration::minutes(1);
        let e = app
            .store
            .update_event(
                &e,
                e.version,
                &closed,
                &EventLinks::default(),
                &Actor::system("test"),
            )
            .await
            .unwrap();
        let officer = app.another_node().await;
        officer.sign_in_as(&[staff(CHIBA, false)]).await;
        let draw = format!("/cities/{CHIBA}/events/{}/draw", e.id);
        let r = officer.post_form(&draw, &[("seed", "４２")]).await;
        assert_eq!(r.status().as_u16(), 303, "{}", app.backend);
        let draws = app.store.draws(e.id).await.unwrap();
        assert_eq!(draws.len(), 1);
        assert_eq!((draws[0].seed, draws[0].winners), (42, 3));
        // Anyone can run it again: every entrant was first-time, one tier.
        let keyed: Vec<_> = entrants
            .iter()
            .rev()
            .map(|r| renkei_domain::event::lottery::Entrant {
                key: r.id.0,
                tier: 0,
            })
            .collect();
        let again = renkei_domain::event::lottery::draw(42, &keyed, 3);
        assert_eq!(again.order, draws[0].order);
        let list = app.store.event_registrations(e.id).await.unwrap();
        for (i, id) in draws[0].order.iter().enumerate() {
            let r = list.iter().find(|r| r.id.0 == *id).unwrap();
            let want = if i < 3 {
                State::Confirmed
            } else {
                State::Waitlisted
            };
            assert_eq!(r.state, want);
        }
        // A second draw finds no one left to draw.
        let r = officer.post_form(&draw, &[("seed", "42")]).await;
        assert_eq!(r.status().as_u16(), 303);
        assert_eq!(app.store.draws(e.id).await.unwrap().len(), 1);
    }
}

#[tokio::test]
async fn the_reminder_before_an_event_is_sent_once_by_two_nodes() {
    for app in TestApp::each(false).await {
        let e = published(
            &app,
            &input(
                "前日案内の確認",
                10,
                Allocation::FirstCome,
                Audience::Public,
            ),
        )
        .await;
        for n in 0..5 {
            let r = public_registration(&app, &e, n).await;
            regs::verify(&app_of(&app), &r, &Actor::system("test"))
                .await
                .unwrap()
                .unwrap();
        }
        let day_before = e.starts_at - Duration::hours(23);
        let (one, two) = (app_of(&app), app_of(&app.another_node().await));
        let too_early = renkei_app::events::tick::tick(&one, e.starts_at - Duration::hours(30))
            .await
            .unwrap();
        assert_eq!(too_early.reminded, 0);
        let (a, b) = tokio::join!(
            renkei_app::events::tick::tick(&one, day_before),
            renkei_app::events::tick::tick(&two, day_before)
        );
        assert_eq!(
            a.unwrap().reminded + b.unwrap().reminded,
            5,
            "{}",
            app.backend
        );
        let again = renkei_app::events::tick::tick(&one, day_before)
            .await
            .unwrap();
        assert_eq!(again.reminded, 0);
        let outbox = app
            .store
            .outbox(PageRequest::new(1, 100))
            .await
            .unwrap()
            .items;
        assert_eq!(
            outbox.iter().filter(|m| m.kind == "event-reminder").count(),
            5
        );
    }
}

#[tokio::test]
async fn the_demo_has_a_full_seminar_with_a_waiting_list_and_a_maker_tour_drawn_by_lottery() {
    for app in TestApp::each(true).await {
        let seminar = app.store.event(EventId(1)).await.unwrap();
        assert_eq!(seminar.kind, Kind::Seminar);
        assert_eq!((seminar.quotas[0].taken, seminar.quotas[0].waiting), (6, 2));
        assert!(
            seminar.menu_entry_id.is_some(),
            "tied to Chiba's seminar entry"
        );
        let tour = app.store.event(EventId(2)).await.unwrap();
        assert_eq!(
            (tour.kind, tour.allocation),
            (Kind::MakerTour, Allocation::Lottery)
        );
        let draws = app.store.draws(tour.id).await.unwrap();
        assert_eq!(draws.len(), 1);
        assert_eq!(draws[0].seed, renkei_web::demo::DEMO_SEED);
        assert_eq!((tour.quotas[0].taken, tour.quotas[0].waiting), (4, 6));
        // The recorded draw is the one its seed gives.
        let entrants: Vec<_> = draws[0]
            .order
            .iter()
            .map(|key| renkei_domain::event::lottery::Entrant { key: *key, tier: 0 })
            .collect();
        let again = renkei_domain::event::lottery::draw(draws[0].seed, &entrants, 4);
        assert_eq!(again.order, draws[0].order);
    }
}

#[tokio::test]
async fn the_api_writes_publishes_lists_and_moves_as_the_pages_do() {
    use reqwest::Method;
    use serde_json::json;
    for app in TestApp::each(false).await {
        let officer = app.another_node().await;
        officer.sign_in_as(&[staff(CHIBA, false)]).await;
        let now = Utc::now();
        let t = |d: Duration| (now + d).to_rfc3339();
        let mut body = json!({
            "title": "API から登録した交流会", "kind": "exchange", "venue": "千葉市内",
            "starts_at": t(Duration::days(5)), "ends_at": t(Duration::days(5) + Duration::hours(1)),
            "registration_opens_at": t(-Duration::days(1)), "registration_closes_at": t(Duration::days(6)),
            "audience": "public", "allocation": "approval",
            "quotas": [{"name": "一般枠", "capacity": 1}],
        });
        let create = format!("/api/v1/cities/{CHIBA}/events");
        let (status, errors) = officer.send_json(Method::POST, &create, &body).await;
        assert_eq!(status, 422, "registration closes after the start");
        assert_eq!(errors["errors"][0]["field"], "registration_closes_at");
        body["registration_closes_at"] = json!(t(Duration::days(4)));
        let (status, e) = officer.send_json(Method::POST, &create, &body).await;
        assert_eq!(status, 201, "{e}");
        let id = e["id"].as_i64().unwrap();
        assert_eq!(
            (e["status"].as_str(), e["kind"].as_str()),
            (Some("draft"), Some("exchange"))
        );
        let visitor = app.another_node().await;
        assert_eq!(visitor.get_json("/api/v1/events").await.1, json!([]));
        assert_eq!(visitor.status(&format!("/api/v1/events/{id}")).await, 401);
        let status_path = format!("/api/v1/cities/{CHIBA}/events/{id}/status");
        let publish = json!({"status": "published", "version": 1});
        let (status, _) = officer
            .send_json(Method::POST, &status_path, &publish)
            .await;
        assert_eq!(status, 200);
        let (_, list) = visitor.get_json("/api/v1/events").await;
        assert_eq!(list[0]["id"], id);
        // Approval: the registration waits; the organiser approves it through the API.
        let e = app.store.event(EventId(id)).await.unwrap();
        let r = public_registration(&app, &e, 1).await;
        regs::verify(&app_of(&app), &r, &Actor::system("test"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(state_of(&app, &r).await, State::Requested);
        let regs_path = format!("/api/v1/cities/{CHIBA}/events/{id}/registrations");
        let (status, list) = officer.get_json(&regs_path).await;
        assert_eq!(status, 200);
        assert_eq!(list[0]["state"], "requested");
        let version = list[0]["version"].as_i64().unwrap();
        let approve = json!({"registration": r.id.0, "version": version, "move": "approve"});
        let (status, moved) = officer
            .send_json(Method::POST, &format!("{regs_path}/move"), &approve)
            .await;
        assert_eq!(status, 200, "{moved}");
        assert_eq!(moved["state"], "confirmed");
        // The only place is taken: a second request cannot be approved.
        let second = public_registration(&app, &e, 2).await;
        regs::verify(&app_of(&app), &second, &Actor::system("test"))
            .await
            .unwrap()
            .unwrap();
        let approve = json!({"registration": second.id.0, "version": 2, "move": "approve"});
        let (status, refused) = officer
            .send_json(Method::POST, &format!("{regs_path}/move"), &approve)
            .await;
        assert_eq!(status, 409, "{refused}");
        let hiroshima = app.another_node().await;
        hiroshima.sign_in_as(&[staff("341002", false)]).await;
        assert_eq!(hiroshima.status(&regs_path).await, 404);
        // Called off: every registration ends, each registrant told the event is off.
        let e = app.store.event(EventId(id)).await.unwrap();
        let off = json!({"status": "cancelled", "version": e.version});
        let (status, _) = officer.send_json(Method::POST, &status_path, &off).await;
        assert_eq!(status, 200);
        for r in app.store.event_registrations(e.id).await.unwrap() {
            assert_eq!(r.state, State::Cancelled, "{}", app.backend);
        }
        let outbox = app
            .store
            .outbox(PageRequest::new(1, 50))
            .await
            .unwrap()
            .items;
        let told = outbox
            .iter()
            .filter(|m| m.body.contains("この催しは中止となりました"))
            .count();
        assert_eq!(told, 2);
    }
}

#[tokio::test]
async fn a_joint_event_is_every_organising_citys_to_see_and_its_organisers_to_change() {
    for app in TestApp::each(false).await {
        let mut joint = input(
            "4市合同 商談会説明会",
            10,
            Allocation::FirstCome,
            Audience::Designated,
        );
        joint.co_organisers = vec![city("341002")];
        let e = published(&app, &joint).await;
        let regs_page = format!("/cities/{CHIBA}/events/{}/registrations", e.id);
        let hiroshima = app.another_node().await;
        hiroshima.sign_in_as(&[staff("341002", false)]).await;
        let (status, page) = hiroshima.get_text("/cities/341002/events").await;
        assert_eq!(status, 200);
        assert!(page.contains("4市合同 商談会説明会"), "{page}");
        assert_eq!(
            hiroshima.status(&regs_page).await,
            200,
            "a co-organiser reads"
        );
        let edit = format!("/cities/{CHIBA}/events/{}/edit", e.id);
        assert_eq!(
            hiroshima.status(&edit).await,
            403,
            "the organiser changes it"
        );
        let sapporo = app.another_node().await;
        sapporo.sign_in_as(&[staff("011002", false)]).await;
        assert_eq!(sapporo.status(&regs_page).await, 404);
        let (_, page) = sapporo.get_text("/cities/011002/events").await;
        assert!(!page.contains("4市合同 商談会説明会"));
        // Any designated city's company may register; the feed of each organiser lists it.
        let feed = sapporo.get_text("/cities/341002/events.ics").await.1;
        assert!(feed.contains("4市合同 商談会説明会"));
    }
}

#[tokio::test]
async fn a_client_address_sends_a_bounded_number_of_public_registrations_an_hour() {
    for app in TestApp::each(false).await {
        let e = published(
            &app,
            &input("公開講座", 100, Allocation::FirstCome, Audience::Public),
        )
        .await;
        let actor = Actor::anonymous(Some("203.0.113.9".into()), None);
        let limit = renkei_store::EVENT_REGISTRATIONS_PER_CLIENT_PER_HOUR as usize;
        for n in 0..=limit {
            let email = format!("flood{n}@example.jp");
            let answers = ["見学".to_owned()];
            let done = regs::register_public(
                &app_of(&app),
                &e,
                quota(&e),
                "送信 太郎",
                &email,
                "",
                &answers,
                &actor,
            )
            .await
            .unwrap();
            if n < limit {
                assert!(done.is_ok(), "{n}: {done:?}");
            } else {
                assert_eq!(done.unwrap_err(), regs::Refused::TooMany);
            }
        }
        let written = app.store.event_registrations(e.id).await.unwrap().len();
        assert_eq!(written, limit, "{}", app.backend);
    }
}
