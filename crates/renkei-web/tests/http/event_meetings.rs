//! The 商談会's matchmaking through the pages, on every database: the organiser writes the
//! set-up (a wrong form comes back with its errors); four sellers and a buyer of another
//! city take part as company users (one tied to its registration for the event), the
//! organiser enters a hospital and a company as buyers; buyers and sellers browse the other
//! side and ask for meetings, the side asked accepts or declines (an answered request cannot
//! be answered again), the organiser arranges others and places one by hand; the scheduler
//! places the accepted requests without double-booking anyone (checked with the scheduler's
//! own `violations`) within the buyers' limits and the slots they are free, the meeting
//! placed by hand stays; the agenda is made final; a participant reads their agenda as a page
//! and as an iCalendar file at the slots' times; outcomes are recorded right after and
//! months later by either side or the organiser, every answer kept; another city's officer
//! learns nothing.

use chrono::{Duration, Utc};
use renkei_app::events::meetings;
use renkei_domain::access::Role;
use renkei_domain::company::CompanyDraft;
use renkei_domain::event::meeting::{Asked, Outcome, Side, State};
use renkei_domain::event::schedule::violations;
use renkei_domain::event::{EventInput, local_value};
use renkei_store::{
    Actor, CompanyRecord, EventLinks, EventRecord, ParticipantRecord, SalesTargetRecord,
};

use crate::event_fixtures;
use crate::helpers::{TestApp, city, location, staff};

const CHIBA: &str = "121002";
const HIROSHIMA: &str = "341002";

fn app_of(app: &TestApp) -> renkei_app::App {
    renkei_app::App::new(app.store.clone(), "http://renkei.test")
}

async fn business_meeting(app: &TestApp) -> EventRecord {
    let input = EventInput {
        venue: "幕張メッセ 会議室".to_owned(),
        ..event_fixtures::business_meeting("医療機器 商談会", 20, 50)
    };
    event_fixtures::published(&app.store, &city(CHIBA), &input, &EventLinks::default()).await
}

async fn company(app: &TestApp, name: &str, code: &str) -> CompanyRecord {
    let draft = CompanyDraft {
        name: name.into(),
        ..Default::default()
    }
    .validate(&city(code))
    .unwrap();
    app.store
        .create_company(&draft, &[], &Actor::system("test"))
        .await
        .unwrap()
}

async fn worker(app: &TestApp, c: &CompanyRecord) -> TestApp {
    let node = app.another_node().await;
    node.sign_in_as(&[Role::CompanyUser { company: c.id.0 }])
        .await;
    node
}

async fn participant(app: &TestApp, e: &EventRecord, name: &str) -> ParticipantRecord {
    app.store
        .meeting_participants(e.id)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("{name} takes part"))
}

/// Posts `fields` and expects a redirect (303).
async fn ok(node: &TestApp, path: &str, fields: &[(&str, &str)]) {
    let r = node.post_form(path, fields).await;
    let status = r.status().as_u16();
    assert_eq!(
        status,
        303,
        "{path}: {}",
        r.text().await.unwrap_or_default()
    );
}

async fn request_id(app: &TestApp, e: &EventRecord, buyer: &str, seller: &str) -> (String, String) {
    let (b, s) = (
        participant(app, e, buyer).await,
        participant(app, e, seller).await,
    );
    let r = app
        .store
        .meeting_requests(e.id)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.buyer_id == b.id && r.seller_id == s.id && !r.state.is_end())
        .unwrap();
    (r.id.to_string(), r.version.to_string())
}

/// The people of the 商談会 once everyone takes part.
struct Scene {
    e: EventRecord,
    officer: TestApp,
    org: String,
    mine: String,
    sellers: Vec<(CompanyRecord, TestApp)>,
    a: CompanyRecord,
    a_node: TestApp,
    hospital: SalesTargetRecord,
    maker: CompanyRecord,
}

#[tokio::test]
async fn a_business_meeting_is_matched_scheduled_and_followed_up() {
    for app in TestApp::each(false).await {
        let app = &app;
        let e = business_meeting(app).await;
        let (officer, org) = set_up(app, &e).await;
        let s = take_part(app, e, officer, org).await;
        ask_and_answer(app, &s).await;
        arranged_mode(app, &s).await;
        let locked = arrange_and_schedule(app, &s).await;
        agenda_and_outcomes(app, &s, &locked).await;
        outcomes_asked(app, &s).await;
        kept_out(app, &s).await;
    }
}

/// The set-up: a wrong form names every error; a right one is saved.
async fn set_up(app: &TestApp, e: &EventRecord) -> (TestApp, String) {
    let id = e.id;
    let officer = app.another_node().await;
    officer.sign_in_as(&[staff(CHIBA, false)]).await;
    let org = format!("/cities/{CHIBA}/events/{id}/meetings");
    assert_eq!(officer.status(&org).await, 200);

    // The set-up: a wrong form names every error; a right one is saved.
    let r = officer
        .post_form(&format!("{org}/setup"), &[("slots", "0"), ("mode", "x")])
        .await;
    assert_eq!(r.status().as_u16(), 422, "{}", app.backend);
    let page = r.text().await.unwrap();
    for f in ["slots", "slot_minutes", "first_slot_at", "tables", "mode"] {
        assert!(page.contains(&format!(r##"href="#f-{f}""##)), "{f}");
    }
    assert!(app.store.meeting_setup(id).await.unwrap().is_none());
    let first_value = local_value(e.starts_at);
    let setup = [
        ("slots", "4"),
        ("slot_minutes", "20"),
        ("first_slot_at", first_value.as_str()),
        ("tables", "2"),
        ("mode", "opt_in"),
        ("follow_up_months", "6"),
        ("version", "0"),
    ];
    ok(&officer, &format!("{org}/setup"), &setup).await;

    (officer, org)
}

/// Four sellers and a buyer of another city take part as company users, the organiser
/// enters two more buyers; each side sees the other's profiles.
async fn take_part(app: &TestApp, e: EventRecord, officer: TestApp, org: String) -> Scene {
    let id = e.id;
    // Four sellers take part as company users; the first registered for the event first.
    let mut sellers = Vec::new();
    for n in 1..=4 {
        let c = company(app, &format!("千葉メディカル{n}号株式会社"), CHIBA).await;
        let node = worker(app, &c).await;
        if n == 1 {
            let q = e.quotas[0].id.to_string();
            let r = node
                .post_form(&format!("/events/{id}/register"), &[("quota", &q)])
                .await;
            assert_eq!(r.status().as_u16(), 303);
        }
        sellers.push((c, node));
    }
    // The organiser sees the registered company among those to add.
    let first = sellers[0].0.id;
    let option =
        format!(r#"<option value="{first}">千葉メディカル1号株式会社（{first}）</option>"#);
    let (_, page) = officer.get_text(&org).await;
    assert!(page.contains(&option), "{page}");
    let mine = format!("/events/{id}/meetings");
    let (_, page) = sellers[0].1.get_text(&mine).await;
    assert!(page.contains("商談会に参加する"), "{page}");
    let (_, event_page) = sellers[0].1.get_text(&format!("/events/{id}")).await;
    assert!(event_page.contains(&format!(r#"href="/events/{id}/meetings""#)));
    // Without a slot or a text: the errors, nothing written.
    let r = sellers[0]
        .1
        .post_form(&mine, &[("side", "seller"), ("text", "")])
        .await;
    assert_eq!(r.status().as_u16(), 422);
    let page = r.text().await.unwrap();
    assert!(page.contains(r##"href="#f-text""##) && page.contains(r##"href="#f-available""##));
    for (n, (_, node)) in sellers.iter().enumerate() {
        let mut fields = vec![("side", "seller"), ("text", "低侵襲の手術器具")];
        // The fourth seller is free in the first two slots only.
        let slots = if n == 3 { 2 } else { 4 };
        let names = ["slot_0", "slot_1", "slot_2", "slot_3"];
        fields.extend(names[..slots].iter().map(|s| (*s, "1")));
        ok(node, &mine, &fields).await;
    }
    let s1 = participant(app, &e, &sellers[0].0.name).await;
    assert!(s1.registration_id.is_some(), "tied to its registration");
    let (_, page) = officer.get_text(&org).await;
    assert!(
        !page.contains(&option),
        "a participant is not offered again"
    );
    assert_eq!(s1.side, Side::Seller);

    // A buyer of another city takes part as a company user (at most two meetings).
    let a = company(app, "広島医療商事株式会社", HIROSHIMA).await;
    let a_node = worker(app, &a).await;
    let buyer = [
        ("side", "buyer"),
        ("text", "内視鏡関連の新製品"),
        ("max_meetings", "2"),
        ("slot_0", "1"),
        ("slot_1", "1"),
        ("slot_2", "1"),
        ("slot_3", "1"),
    ];
    ok(&a_node, &mine, &buyer).await;
    // The organiser enters a hospital (a sales-channel target) and a maker as buyers.
    let target = renkei_domain::target::TargetDraft {
        kind: "hospital".into(),
        name: "千葉中央病院".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    let hospital = app
        .store
        .create_sales_target(&city(CHIBA), &target, &Actor::system("test"))
        .await
        .unwrap();
    let maker = company(app, "大手医療機器メーカー株式会社", "141003").await;
    let (t, m) = (hospital.id.0.to_string(), maker.id.to_string());
    let all = [
        ("slot_0", "1"),
        ("slot_1", "1"),
        ("slot_2", "1"),
        ("slot_3", "1"),
    ];
    // The hospital is found by name (the organising city's targets only) and picked.
    let (_, page) = officer
        .get_text(&format!("{org}?find={}", urlencoding("中央病院")))
        .await;
    assert!(
        page.contains(&format!(
            r#"<option value="{t}">千葉中央病院（千葉市）</option>"#
        )),
        "{page}"
    );
    let (_, page) = officer
        .get_text(&format!("{org}?find={}", urlencoding("存在しない病院")))
        .await;
    assert!(page.contains("該当する販路開拓先はありません"));
    let mut b = vec![
        ("side", "buyer"),
        ("target_pick", t.as_str()),
        ("text", "手術支援"),
    ];
    b.extend(all);
    b.push(("max_meetings", "2"));
    ok(&officer, &format!("{org}/participants"), &b).await;
    let mut c = vec![("side", "buyer"), ("company", m.as_str()), ("text", "OEM")];
    c.extend(all);
    c.push(("max_meetings", "3"));
    ok(&officer, &format!("{org}/participants"), &c).await;
    let list = app.store.meeting_participants(id).await.unwrap();
    assert_eq!(list.iter().filter(|p| p.side == Side::Buyer).count(), 3);
    assert_eq!(list.iter().filter(|p| p.side == Side::Seller).count(), 4);

    // Each side browses the other's profiles.
    let (_, page) = a_node.get_text(&mine).await;
    assert!(page.contains("千葉メディカル4号株式会社") && page.contains("低侵襲の手術器具"));
    assert!(!page.contains("千葉中央病院"), "buyers see sellers only");
    let (_, page) = sellers[2].1.get_text(&mine).await;
    assert!(page.contains("広島医療商事株式会社") && page.contains("千葉中央病院"));

    Scene {
        e,
        officer,
        org,
        mine,
        sellers,
        a,
        a_node,
        hospital,
        maker,
    }
}

/// Requests with a priority; the side asked accepts or declines.
async fn ask_and_answer(app: &TestApp, s: &Scene) {
    let Scene {
        e,
        mine,
        sellers,
        a,
        a_node,
        ..
    } = s;
    // Requests with a priority; the side asked accepts or declines.
    let (sid1, sid2) = (
        participant(app, e, &sellers[0].0.name).await.id.to_string(),
        participant(app, e, &sellers[1].0.name).await.id.to_string(),
    );
    let bad = a_node
        .post_form(
            &format!("{mine}/requests"),
            &[("with", &sid1), ("priority", "5")],
        )
        .await;
    assert_eq!(bad.status().as_u16(), 422);
    ok(
        a_node,
        &format!("{mine}/requests"),
        &[("with", &sid1), ("priority", "3")],
    )
    .await;
    ok(
        a_node,
        &format!("{mine}/requests"),
        &[("with", &sid2), ("priority", "2")],
    )
    .await;
    let a_id = participant(app, e, &a.name).await.id.to_string();
    ok(
        &sellers[2].1,
        &format!("{mine}/requests"),
        &[("with", &a_id), ("priority", "1")],
    )
    .await;
    let (r1, v1) = request_id(app, e, &a.name, &sellers[0].0.name).await;
    let accept = [
        ("request", r1.as_str()),
        ("version", v1.as_str()),
        ("move", "accept"),
    ];
    // The buyer cannot accept their own request.
    let r = a_node
        .post_form(&format!("{mine}/requests/move"), &accept)
        .await;
    assert_eq!(r.status().as_u16(), 403);
    ok(&sellers[0].1, &format!("{mine}/requests/move"), &accept).await;
    let r = sellers[0]
        .1
        .post_form(&format!("{mine}/requests/move"), &accept)
        .await;
    assert_eq!(r.status().as_u16(), 409, "answered already");
    let (r2, v2) = request_id(app, e, &a.name, &sellers[1].0.name).await;
    let decline = [
        ("request", r2.as_str()),
        ("version", v2.as_str()),
        ("move", "decline"),
    ];
    ok(&sellers[1].1, &format!("{mine}/requests/move"), &decline).await;
    let (r3, v3) = request_id(app, e, &a.name, &sellers[2].0.name).await;
    let accept3 = [
        ("request", r3.as_str()),
        ("version", v3.as_str()),
        ("move", "accept"),
    ];
    ok(a_node, &format!("{mine}/requests/move"), &accept3).await;
}

/// The set-up switched to the organiser's arranging: the side asked cannot accept a request,
/// the organiser answers it; then back to requests accepted by the other side.
async fn arranged_mode(app: &TestApp, s: &Scene) {
    let Scene {
        e,
        officer,
        org,
        mine,
        sellers,
        a,
        a_node,
        ..
    } = s;
    let when = local_value(e.starts_at);
    let set = |mode: &str, version: &str| {
        let fields = [
            ("slots", "4"),
            ("slot_minutes", "20"),
            ("first_slot_at", when.as_str()),
            ("tables", "2"),
            ("mode", mode),
            ("follow_up_months", "6"),
            ("version", version),
        ];
        fields.map(|(k, v)| (k, v.to_owned()))
    };
    let path = format!("{org}/setup");
    let arranged = set("arranged", "1");
    let f: Vec<(&str, &str)> = arranged.iter().map(|(k, v)| (*k, v.as_str())).collect();
    ok(officer, &path, &f).await;
    let a_id = participant(app, e, &a.name).await.id.to_string();
    let ask = [("with", a_id.as_str()), ("priority", "1")];
    ok(&sellers[3].1, &format!("{mine}/requests"), &ask).await;
    let (r, v) = request_id(app, e, &a.name, &sellers[3].0.name).await;
    let accept = [
        ("request", r.as_str()),
        ("version", v.as_str()),
        ("move", "accept"),
    ];
    let refused = a_node
        .post_form(&format!("{mine}/requests/move"), &accept)
        .await;
    assert_eq!(refused.status().as_u16(), 409);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("主催者が商談の成立を決めます")
    );
    let decline = [
        ("request", r.as_str()),
        ("version", v.as_str()),
        ("move", "decline"),
    ];
    ok(officer, &format!("{org}/requests/move"), &decline).await;
    let opt_in = set("opt_in", "2");
    let f: Vec<(&str, &str)> = opt_in.iter().map(|(k, v)| (*k, v.as_str())).collect();
    ok(officer, &path, &f).await;
}

/// The organiser arranges meetings, places one by hand and runs the scheduler: the id of
/// the request placed by hand.
async fn arrange_and_schedule(app: &TestApp, s: &Scene) -> String {
    let Scene {
        e,
        officer,
        org,
        sellers,
        hospital,
        maker,
        ..
    } = s;
    let id = e.id;
    // The organiser arranges the hospital's and the maker's meetings.
    let pid = |name: String| {
        let app = &app;
        let e = &e;
        async move { participant(app, e, &name).await.id.to_string() }
    };
    let hosp = pid(hospital.name.clone()).await;
    let mk = pid(maker.name.clone()).await;
    let s: Vec<String> = {
        let mut v = Vec::new();
        for (c, _) in sellers.iter() {
            v.push(pid(c.name.clone()).await);
        }
        v
    };
    for (buyer, seller, priority) in [
        (&hosp, &s[0], "3"),
        (&hosp, &s[3], "2"),
        (&hosp, &s[1], "1"),
        (&mk, &s[1], "2"),
        (&mk, &s[3], "2"),
    ] {
        let f = [
            ("buyer", buyer.as_str()),
            ("seller", seller.as_str()),
            ("priority", priority),
        ];
        ok(officer, &format!("{org}/requests"), &f).await;
    }
    let requests = app.store.meeting_requests(id).await.unwrap();
    let accepted = requests
        .iter()
        .filter(|r| r.state == State::Accepted)
        .count();
    assert_eq!(accepted, 7);
    assert_eq!(
        requests
            .iter()
            .filter(|r| r.state == State::Declined)
            .count(),
        2
    );

    // A meeting placed by hand: the maker and the second seller, last slot, table 2.
    let (locked, _) = request_id(app, e, &maker.name, &sellers[1].0.name).await;
    let lock = [
        ("request", locked.as_str()),
        ("slot", "3"),
        ("table", "2"),
        ("action", "lock"),
    ];
    ok(officer, &format!("{org}/lock"), &lock).await;
    let wrong = [
        ("request", locked.as_str()),
        ("slot", "3"),
        ("table", "9"),
        ("action", "lock"),
    ];
    let r = officer.post_form(&format!("{org}/lock"), &wrong).await;
    assert_eq!(r.status().as_u16(), 422);

    // The scheduler: no one double-booked, limits and slots kept, the locked one stays.
    ok(officer, &format!("{org}/schedule"), &[]).await;
    let (inst, sched) = meetings::instance(&app_of(app), e).await.unwrap().unwrap();
    assert!(
        violations(&inst, &sched).is_empty(),
        "{:?}",
        violations(&inst, &sched)
    );
    let placed = app.store.meetings(id).await.unwrap();
    let kept = placed
        .iter()
        .find(|m| m.request_id.to_string() == locked)
        .unwrap();
    assert_eq!((kept.slot, kept.table_no, kept.locked), (3, 1, true));
    let hosp_id = participant(app, e, &hospital.name).await.id;
    let of_hospital = placed
        .iter()
        .filter(|m| {
            requests
                .iter()
                .any(|r| r.id == m.request_id && r.buyer_id == hosp_id)
        })
        .count();
    assert!(of_hospital <= 2, "the hospital's limit");
    assert!(placed.len() >= 6, "{placed:?}");
    for m in &placed {
        for n in &placed {
            if m.request_id != n.request_id {
                assert!((m.slot, m.table_no) != (n.slot, n.table_no));
            }
        }
    }
    let (_, page) = officer.get_text(org).await;
    assert!(
        page.contains("固定") && page.contains("千葉中央病院 ×"),
        "{page}"
    );

    locked
}

/// The final agenda as a page and an iCalendar file; outcomes kept.
async fn agenda_and_outcomes(app: &TestApp, s: &Scene, locked: &str) {
    let Scene {
        e,
        officer,
        org,
        mine,
        sellers,
        a,
        a_node,
        maker,
        ..
    } = s;
    let id = e.id;
    // The agenda made final; a participant's agenda as a page and as iCalendar.
    ok(officer, &format!("{org}/final"), &[("final", "1")]).await;
    let (status, page) = a_node.get_text(&format!("{mine}/agenda")).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("確定版") && page.contains("千葉メディカル1号株式会社"),
        "{page}"
    );
    let ics = a_node.get(&format!("{mine}/agenda.ics")).await;
    assert!(
        ics.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    let ics = ics.text().await.unwrap();
    let saved = app.store.meeting_setup(id).await.unwrap().unwrap();
    assert!(saved.final_agenda);
    let a_p = participant(app, e, &a.name).await;
    let a_meetings = meetings::agenda(&app_of(app), e, &saved, &a_p)
        .await
        .unwrap();
    assert!(!a_meetings.is_empty());
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), a_meetings.len());
    for m in &a_meetings {
        let start = saved.first_slot_at + Duration::minutes(20 * i64::from(m.slot));
        let stamp = start.format("DTSTART:%Y%m%dT%H%M%SZ").to_string();
        assert!(ics.contains(&stamp), "{stamp}: {ics}");
    }
    // The same agenda as a PDF, for the participant and for the organiser.
    let text = pdf_text(a_node, &format!("{mine}/agenda.pdf")).await;
    assert!(text.contains("商談スケジュール（確定）"), "{text}");
    // A long name may wrap in its column: compare without the breaks.
    let text: String = text.split_whitespace().collect();
    for m in &a_meetings {
        assert!(
            text.contains(&m.with.name),
            "{} missing: {text}",
            m.with.name
        );
    }
    let a_id = a_p.id;
    let text = pdf_text(officer, &format!("{org}/agenda/{a_id}/agenda.pdf")).await;
    let text: String = text.split_whitespace().collect();
    assert!(text.contains(&a.name) && text.contains("令和"), "{text}");
    assert!(!text.contains("（2026年"), "the date once, in 和暦: {text}");

    // Outcomes: right after and months later, by either side or the organiser; all kept.
    let with_s1 = a_meetings
        .iter()
        .find(|m| m.with.name == sellers[0].0.name)
        .expect("the buyer meets the first seller")
        .request
        .id
        .to_string();
    let r = a_node
        .post_form(
            &format!("{mine}/outcomes"),
            &[("request", &with_s1), ("asked", "right_after")],
        )
        .await;
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains(r##"href="#f-outcome""##));
    let now = [
        ("request", with_s1.as_str()),
        ("asked", "right_after"),
        ("outcome", "discussion"),
    ];
    ok(a_node, &format!("{mine}/outcomes"), &now).await;
    let later = [
        ("request", with_s1.as_str()),
        ("asked", "later"),
        ("outcome", "deal"),
        ("note", "採用決定"),
    ];
    ok(&sellers[0].1, &format!("{mine}/outcomes"), &later).await;
    let trial = [
        ("request", locked),
        ("asked", "right_after"),
        ("outcome", "trial"),
    ];
    ok(officer, &format!("{org}/outcomes"), &trial).await;
    let outcomes = app.store.meeting_outcomes(id).await.unwrap();
    assert_eq!(outcomes.len(), 3);
    let of_s1: Vec<_> = outcomes
        .iter()
        .filter(|o| o.request_id.to_string() == with_s1)
        .collect();
    assert_eq!(
        of_s1
            .iter()
            .map(|o| (o.asked, o.outcome, o.given_by.as_str()))
            .collect::<Vec<_>>(),
        vec![
            (Asked::RightAfter, Outcome::Discussion, "buyer"),
            (Asked::Later, Outcome::Deal, "seller"),
        ]
    );
    let (_, page) = a_node.get_text(&format!("{mine}/agenda")).await;
    assert!(page.contains("商談成立") && page.contains("協議中"));
    let mk_id = participant(app, e, &maker.name).await.id;
    let (status, page) = officer.get_text(&format!("{org}/agenda/{mk_id}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("試用・評価中"), "{page}");

    read_back(app, s, &with_s1, a_meetings.len()).await;
}

/// The agenda and the schedule read back: the participant's agenda and the organiser's whole
/// schedule in the JSON API, and the schedule as a file with each meeting's outcomes.
async fn read_back(app: &TestApp, s: &Scene, with_s1: &str, mine: usize) {
    let Scene {
        e,
        officer,
        org,
        sellers,
        a,
        a_node,
        ..
    } = s;
    let id = e.id;
    // The same in the JSON API: the participant's agenda, the organiser's whole schedule.
    let (status, agenda) = a_node
        .get_json(&format!("/api/v1/events/{id}/meetings/agenda"))
        .await;
    assert_eq!(status, 200, "{agenda}");
    assert_eq!(agenda["final_agenda"], true);
    assert_eq!(agenda["participant"]["name"], a.name.as_str());
    let items = agenda["items"].as_array().unwrap();
    assert_eq!(items.len(), mine, "{agenda}");
    assert!(
        items
            .iter()
            .any(|i| i["with"]["name"] == sellers[0].0.name.as_str())
    );
    let city = e.city;
    let (status, all) = officer
        .get_json(&format!("/api/v1/cities/{city}/events/{id}/meetings"))
        .await;
    assert_eq!(status, 200, "{all}");
    assert_eq!(all["setup"]["final_agenda"], true);
    let placed = all["meetings"].as_array().unwrap();
    assert_eq!(placed.len(), app.store.meetings(id).await.unwrap().len());
    let m = placed
        .iter()
        .find(|m| m["request"] == with_s1.parse::<i64>().unwrap())
        .expect("the buyer's meeting with the first seller");
    let given: Vec<_> = m["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["asked"].as_str().unwrap(), o["outcome"].as_str().unwrap()))
        .collect();
    assert_eq!(
        given,
        vec![("right_after", "discussion"), ("later", "deal")]
    );
    assert!(placed.iter().any(|m| m["locked"] == true));

    // The schedule as a file for the organiser: a row per meeting with its outcomes.
    for ext in ["csv", "xlsx"] {
        let r = officer.get(&format!("{org}.{ext}")).await;
        assert_eq!(r.status().as_u16(), 200);
        let t = renkei_io::read(&r.bytes().await.unwrap()).unwrap();
        assert_eq!(t.rows.len(), placed.len(), "{ext}");
        let row = t
            .rows
            .iter()
            .find(|r| r.cells[7] == with_s1)
            .expect("the first seller's meeting");
        assert_eq!(
            (row.cells[5].as_str(), row.cells[6].as_str()),
            ("協議中", "商談成立")
        );
        assert!(
            t.rows
                .iter()
                .any(|r| r.cells[4] == "固定" && r.cells[5] == "試用・評価中")
        );
    }
}

/// The outcome is asked by mail once the meeting is over and again months later, each once.
async fn outcomes_asked(app: &TestApp, s: &Scene) {
    use renkei_app::events::meeting_outcomes::ask;
    let saved = app.store.meeting_setup(s.e.id).await.unwrap().unwrap();
    let before = saved.first_slot_at - Duration::minutes(1);
    assert_eq!(ask(&app_of(app), before).await.unwrap(), 0, "not yet");
    let after = saved.first_slot_at + Duration::days(1);
    let asked = ask(&app_of(app), after).await.unwrap();
    assert!(asked > 0);
    assert_eq!(ask(&app_of(app), after).await.unwrap(), 0, "once");
    let later = after + Duration::days(31 * 7);
    assert!(ask(&app_of(app), later).await.unwrap() > 0, "months later");
    assert_eq!(ask(&app_of(app), later).await.unwrap(), 0, "once");
}

/// Another city's officer learns nothing; a person of no company has no page here.
async fn kept_out(app: &TestApp, s: &Scene) {
    let Scene {
        org,
        mine,
        e,
        maker,
        ..
    } = s;
    let mk_id = participant(app, e, &maker.name).await.id;
    // Another city's officer learns nothing; a person of no company has no page here.
    let hiroshima = app.another_node().await;
    hiroshima.sign_in_as(&[staff(HIROSHIMA, false)]).await;
    assert_eq!(hiroshima.status(org).await, 404);
    let r = hiroshima.post_form(&format!("{org}/schedule"), &[]).await;
    assert_eq!(r.status().as_u16(), 404);
    assert_eq!(
        hiroshima.status(&format!("{org}/agenda/{mk_id}")).await,
        404
    );
    assert_eq!(hiroshima.status(mine).await, 403);
    let api = format!("/api/v1/cities/{}/events/{}/meetings", e.city, e.id);
    assert_eq!(hiroshima.get_json(&api).await.0, 404);
    let agenda = format!("/api/v1/events/{}/meetings/agenda", e.id);
    assert_eq!(hiroshima.get_json(&agenda).await.0, 403);
    let visitor = app.another_node().await;
    let r = visitor.get(mine).await;
    assert_eq!(location(&r), "/sign-in");
}

/// A request the side asked leaves unanswered past three days is reminded to that side's
/// people once, however many nodes remind at once; an answered one, or one already reminded,
/// is not.
#[tokio::test]
async fn a_request_left_unanswered_is_reminded_once_to_the_side_asked() {
    for app in TestApp::each(false).await {
        let e = business_meeting(&app).await;
        let (_officer, _org) = set_up(&app, &e).await;
        let mine = format!("/events/{}/meetings", e.id);
        let seller = company(&app, "千葉センサー株式会社", CHIBA).await;
        let seller_node = worker(&app, &seller).await;
        let slots = [("slot_0", "1"), ("slot_1", "1")];
        let mut fields = vec![("side", "seller"), ("text", "見守りセンサー")];
        fields.extend(slots);
        ok(&seller_node, &mine, &fields).await;
        let buyer = company(&app, "広島メディカル商事株式会社", HIROSHIMA).await;
        let buyer_node = worker(&app, &buyer).await;
        let mut fields = vec![
            ("side", "buyer"),
            ("text", "介護施設向け"),
            ("max_meetings", "4"),
        ];
        fields.extend(slots);
        ok(&buyer_node, &mine, &fields).await;
        let sid = participant(&app, &e, &seller.name).await.id.to_string();
        ok(
            &buyer_node,
            &format!("{mine}/requests"),
            &[("with", &sid), ("priority", "2")],
        )
        .await;
        let (rid, _) = request_id(&app, &e, &buyer.name, &seller.name).await;

        // Not yet due after two days; due after four, reminded once by two nodes at once.
        let (one, two) = (app_of(&app), app_of(&app.another_node().await));
        let early = Utc::now() + Duration::days(2);
        assert_eq!(
            meetings::remind(&one, early).await.unwrap(),
            0,
            "{}",
            app.backend
        );
        let later = Utc::now() + Duration::days(4);
        let (a, b) = tokio::join!(meetings::remind(&one, later), meetings::remind(&two, later));
        assert_eq!(a.unwrap() + b.unwrap(), 1, "{}", app.backend);
        assert_eq!(meetings::remind(&one, later).await.unwrap(), 0, "once ever");
        let (_, page) = seller_node.get_text("/notifications").await;
        assert!(page.contains(&format!("商談申込み#{rid}")), "{page}");
        let (_, page) = buyer_node.get_text("/notifications").await;
        assert!(
            !page.contains(&format!("商談申込み#{rid}")),
            "the side that asked waits"
        );
    }
}

/// A PDF the node serves, as text (poppler's pdftotext).
pub(crate) async fn pdf_text(node: &TestApp, path: &str) -> String {
    let r = node.get(path).await;
    assert_eq!(r.status().as_u16(), 200, "{path}");
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let bytes = r.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let file = std::env::temp_dir().join(format!("renkei-agenda-{}.pdf", uuid::Uuid::new_v4()));
    std::fs::write(&file, &bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext (Debian's poppler-utils)");
    std::fs::remove_file(&file).ok();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn urlencoding(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
