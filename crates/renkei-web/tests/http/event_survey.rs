//! After the event, through the pages, on every database: the city's menu page leads to its
//! events, the event to its entry, and search finds it; a company user's check-in counts as support
//! for the company's one product (the model view shows the measure used and the city that
//! provided it); once the event has ended, the survey goes to the attendee once (two nodes
//! ticking at once) and never to a no-show; the attendee's answer with words shows on the
//! city's voices page, and it is answered once.

use chrono::Duration;
use renkei_app::events::registrations as regs;
use renkei_app::testing::eligible_product;
use renkei_domain::access::Role;
use renkei_domain::event::registration::State;
use renkei_domain::event::{EventInput, Kind};
use renkei_domain::menu::MenuEntryDraft;
use renkei_store::{
    Actor, EventLinks, EventRecord, EventRegistrationRecord, PageRequest, ProductId,
};

use crate::event_fixtures::{self, seminar};
use crate::helpers::{TestApp, city, location, staff};

const CHIBA: &str = "121002";
const MEASURE: &str = "planning.matching";
const TITLE: &str = "医工連携マッチング交流会";
const VOICE: &str = "治験の進め方の相談先が分かった";

fn app_of(app: &TestApp) -> renkei_app::App {
    renkei_app::App::new(app.store.clone(), "http://renkei.test")
}

/// A public event of Chiba delivering a menu entry of its own, open for registration now.
async fn event_of_entry(app: &TestApp) -> EventRecord {
    let actor = Actor::system("test");
    let chiba = city(CHIBA);
    let entry = MenuEntryDraft {
        measure: MEASURE.into(),
        offering: "own".into(),
        name: "医療機器開発マッチング".into(),
        ..Default::default()
    }
    .validate(&chiba)
    .unwrap();
    let entry = app
        .store
        .create_menu_entry(&chiba, &actor, &entry)
        .await
        .unwrap();
    let input = EventInput {
        description: "医療現場のニーズと企業のシーズの出会いの場".to_owned(),
        kind: Kind::Exchange,
        ..seminar(TITLE, 10, 10)
    };
    let links = EventLinks {
        menu_entry: Some(entry.id),
        measure_code: Some(MEASURE.to_owned()),
        organization: None,
    };
    event_fixtures::published(&app.store, &chiba, &input, &links).await
}

/// A member of the public, registered and placed.
async fn public_attendee(app: &TestApp, e: &EventRecord) -> EventRegistrationRecord {
    let email = format!("visitor-{}@example.jp", uuid::Uuid::new_v4().simple());
    let r = regs::register_public(
        &app_of(app),
        e,
        e.quotas[0].id,
        "来場 太郎",
        &email,
        "",
        &[],
        &Actor::anonymous(None, None),
    )
    .await
    .unwrap()
    .unwrap()
    .record;
    regs::verify(&app_of(app), &r, &Actor::system("test"))
        .await
        .unwrap()
        .unwrap()
}

/// The city's menu page leads to its events; the event's page leads to the menu entry it
/// delivers; search (the page and the API) finds it.
async fn listed(visitor: &TestApp, officer: &TestApp, e: &EventRecord) {
    let id = e.id;
    let (status, menu) = visitor.get_text(&format!("/cities/{CHIBA}")).await;
    assert_eq!(status, 200);
    assert!(
        menu.contains(&format!(r#"href="/events?city={CHIBA}""#)),
        "{menu}"
    );
    let (_, calendar) = visitor.get_text(&format!("/events?city={CHIBA}")).await;
    assert!(calendar.contains(&format!(r#"href="/events/{id}""#)) && calendar.contains(TITLE));
    let entry = e.menu_entry_id.unwrap();
    let (_, page) = visitor.get_text(&format!("/events/{id}")).await;
    assert!(
        page.contains(&format!(r#"href="/cities/{CHIBA}#entry-{entry}""#)),
        "{page}"
    );
    assert!(menu.contains(&format!(r#"id="entry-{entry}""#)));
    let q: String = TITLE.bytes().map(|b| format!("%{b:02X}")).collect();
    let (status, found) = officer.get_text(&format!("/search?q={q}")).await;
    assert_eq!(status, 200);
    assert!(
        found.contains(&format!(r#"href="/events/{id}""#)),
        "{found}"
    );
    let (status, api) = officer
        .get_json(&format!("/api/v1/search?q={q}&kind=event"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(api["items"][0]["kind"], "event", "{api}");
    assert_eq!(api["items"][0]["id"], id.0, "{api}");
}

#[tokio::test]
async fn an_attendee_is_surveyed_once_and_their_words_become_the_citys_company_voice() {
    for app in TestApp::each(false).await {
        let e = event_of_entry(&app).await;
        let id = e.id;
        let visitor = app.another_node().await;

        let entry = e.menu_entry_id.unwrap();

        // A company user registers their company (one product); a member of the public too.
        let (company, product) = eligible_product(&app.store, "見守りセンサー").await;
        let worker = app.another_node().await;
        worker.sign_in_as(&[Role::CompanyUser { company }]).await;
        let q = e.quotas[0].id.to_string();
        let r = worker
            .post_form(&format!("/events/{id}/register"), &[("quota", q.as_str())])
            .await;
        assert_eq!(r.status().as_u16(), 303, "{}", app.backend);
        let link = location(&r);
        let absent = public_attendee(&app, &e).await;
        let list = app.store.event_registrations(id).await.unwrap();
        let present = list.iter().find(|r| r.company_id.is_some()).unwrap();
        assert_eq!(present.state, State::Confirmed);

        // The officer checks the company in from its QR code; the other did not come.
        let officer = app.another_node().await;
        officer.sign_in_as(&[staff(CHIBA, false)]).await;
        let (_, code) = app
            .store
            .event_registration_tokens(present.id)
            .await
            .unwrap();
        let check_in = format!("/cities/{CHIBA}/events/{id}/check-in");
        let v = present.version.to_string();
        let r = officer
            .post_form(
                &check_in,
                &[("code", code.as_str()), ("version", v.as_str())],
            )
            .await;
        assert_eq!(r.status().as_u16(), 200, "{}", app.backend);
        let moves = format!("/cities/{CHIBA}/events/{id}/registrations/move");
        let (rid, v) = (absent.id.to_string(), absent.version.to_string());
        let no_show = [
            ("registration", rid.as_str()),
            ("version", v.as_str()),
            ("move", "no_show"),
        ];
        let r = officer.post_form(&moves, &no_show).await;
        assert_eq!(r.status().as_u16(), 303, "{}", app.backend);
        let absent = app.store.event_registration(absent.id).await.unwrap();
        assert_eq!(absent.state, State::NoShow);

        listed(&visitor, &officer, &e).await;

        // The check-in counts as support for the company's product: the model view shows it.
        let support = app.store.product_support(ProductId(product)).await.unwrap();
        assert_eq!(support.len(), 1, "{}", app.backend);
        assert_eq!(support[0].measure.code, MEASURE);
        assert_eq!(support[0].provider_city, Some(city(CHIBA)));
        assert_eq!(support[0].menu_entry_id, Some(entry.0));
        assert!(support[0].notes.contains(TITLE));
        let (_, page) = officer.get_text(&format!("/products/{product}")).await;
        assert!(
            page.contains("利用済み（1）") && page.contains("実施: 千葉市"),
            "{page}"
        );

        // The survey shows on the attendee's page, not on the no-show's.
        let (status, page) = worker.get_text(&link).await;
        assert_eq!(status, 200);
        assert!(page.contains("参加者アンケート"), "{page}");
        let (absent_token, _) = app
            .store
            .event_registration_tokens(absent.id)
            .await
            .unwrap();
        let absent_link = format!("/events/registration?token={absent_token}");
        let (_, page) = visitor.get_text(&absent_link).await;
        assert!(!page.contains("参加者アンケート"));

        // Mailed once the event has ended, once, whichever node ticks: never to the no-show.
        let (one, two) = (app_of(&app), app_of(&app.another_node().await));
        let before_end = renkei_app::events::tick::tick(&one, e.ends_at - Duration::hours(1))
            .await
            .unwrap();
        assert_eq!(before_end.surveyed, 0);
        let after = e.ends_at + Duration::hours(1);
        let (a, b) = tokio::join!(
            renkei_app::events::tick::tick(&one, after),
            renkei_app::events::tick::tick(&two, after)
        );
        assert_eq!(
            a.unwrap().surveyed + b.unwrap().surveyed,
            1,
            "{}",
            app.backend
        );
        let again = renkei_app::events::tick::tick(&one, after).await.unwrap();
        assert_eq!(again.surveyed, 0);
        let outbox = app
            .store
            .outbox(PageRequest::new(1, 100))
            .await
            .unwrap()
            .items;
        let surveys: Vec<_> = outbox.iter().filter(|m| m.kind == "event-survey").collect();
        assert_eq!(surveys.len(), 1);
        assert_eq!(surveys[0].to_address, present.email);
        assert!(surveys[0].body.contains(&link), "{}", surveys[0].body);

        // A wrong answer comes back with its errors; nothing is written.
        let token = link.trim_start_matches("/events/registration?token=");
        let wrong = [("token", token), ("move", "survey"), ("useful", VOICE)];
        let r = worker.post_form("/events/registration", &wrong).await;
        assert_eq!(r.status().as_u16(), 422, "{}", app.backend);
        let page = r.text().await.unwrap();
        for field in ["satisfaction", "survey_stage", "survey_topic"] {
            assert!(page.contains(&format!(r##"href="#f-{field}""##)), "{field}");
        }
        assert!(page.contains(VOICE), "what was typed comes back");

        // The answer with words becomes a company voice of Chiba, on its voices page.
        let right = [
            ("token", token),
            ("move", "survey"),
            ("satisfaction", "5"),
            ("useful", VOICE),
            ("survey_stage", "4"),
            ("survey_topic", "regulation"),
        ];
        let r = worker.post_form("/events/registration", &right).await;
        assert_eq!(r.status().as_u16(), 303, "{}", app.backend);
        let answered = app.store.event_survey(present.id).await.unwrap().unwrap();
        assert_eq!(answered.satisfaction, Some(5));
        assert!(answered.voice_id.is_some());
        let (status, voices) = officer.get_text(&format!("/cities/{CHIBA}/voices")).await;
        assert_eq!(status, 200);
        assert!(voices.contains(VOICE), "{voices}");
        let (_, page) = worker.get_text(&link).await;
        assert!(page.contains("ご回答いただき、ありがとうございました"));

        organiser_reads_the_survey(&app, &officer, id).await;

        // Once only; and the no-show cannot answer.
        let r = worker.post_form("/events/registration", &right).await;
        assert_eq!(r.status().as_u16(), 422, "answered already");
        let mut theirs = right.to_vec();
        theirs[0] = ("token", absent_token.as_str());
        let r = visitor.post_form("/events/registration", &theirs).await;
        assert_eq!(r.status().as_u16(), 409, "{}", app.backend);
        let voices = app.store.voices_of_city(&city(CHIBA)).await.unwrap();
        assert_eq!(voices.len(), 1);
        assert_eq!(voices[0].company_id.map(|c| c.0), Some(company));
    }
}

/// A company with two products says which one it comes for: the form offers its products
/// (not another company's: refused with the field named, nothing written), and the check-in
/// counts as support for the product chosen only.
#[tokio::test]
async fn a_company_with_two_products_registers_for_one_and_the_support_is_that_ones() {
    for app in TestApp::each(false).await {
        let e = event_of_entry(&app).await;
        let id = e.id;
        let (company, first) = eligible_product(&app.store, "見守りセンサー").await;
        let (_, foreign) = eligible_product(&app.store, "他社の歩行器").await;
        let (record, _) = app
            .store
            .company(renkei_store::CompanyId(company))
            .await
            .unwrap()
            .unwrap();
        let draft = renkei_domain::product::ProductDraft {
            name: "服薬支援アプリ".into(),
            summary: "飲み忘れを防ぐ".into(),
            stage: "5".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        let second = app
            .store
            .create_product(&record, &draft, None, &Actor::system("test"))
            .await
            .unwrap()
            .id;
        let worker = app.another_node().await;
        worker.sign_in_as(&[Role::CompanyUser { company }]).await;
        let (_, page) = worker.get_text(&format!("/events/{id}")).await;
        assert!(
            page.contains(&format!(
                r#"<option value="{second}">服薬支援アプリ</option>"#
            )) && page.contains(&format!(
                r#"<option value="{first}">見守りセンサー</option>"#
            )) && !page.contains("他社の歩行器"),
            "{page}"
        );
        let q = e.quotas[0].id.to_string();
        let path = format!("/events/{id}/register");
        let theirs = foreign.to_string();
        let r = worker
            .post_form(
                &path,
                &[("quota", q.as_str()), ("product", theirs.as_str())],
            )
            .await;
        assert_eq!(r.status().as_u16(), 422, "{}", app.backend);
        let page = r.text().await.unwrap();
        assert!(page.contains(r##"href="#f-product""##), "{page}");
        assert!(app.store.event_registrations(id).await.unwrap().is_empty());

        let chosen = second.to_string();
        let r = worker
            .post_form(
                &path,
                &[("quota", q.as_str()), ("product", chosen.as_str())],
            )
            .await;
        assert_eq!(r.status().as_u16(), 303, "{}", app.backend);
        let list = app.store.event_registrations(id).await.unwrap();
        assert_eq!(list[0].product_id, Some(second));

        let officer = app.another_node().await;
        officer.sign_in_as(&[staff(CHIBA, false)]).await;
        let (_, code) = app
            .store
            .event_registration_tokens(list[0].id)
            .await
            .unwrap();
        let v = list[0].version.to_string();
        let r = officer
            .post_form(
                &format!("/cities/{CHIBA}/events/{id}/check-in"),
                &[("code", code.as_str()), ("version", v.as_str())],
            )
            .await;
        assert_eq!(r.status().as_u16(), 200, "{}", app.backend);
        let support = app.store.product_support(second).await.unwrap();
        assert_eq!(support.len(), 1, "{}", app.backend);
        assert!(support[0].notes.contains(TITLE));
        assert!(
            app.store
                .product_support(ProductId(first))
                .await
                .unwrap()
                .is_empty()
        );
    }
}

/// The organiser reads the survey on the registrations page and in the API; another city is
/// told the event's records do not exist.
async fn organiser_reads_the_survey(app: &TestApp, officer: &TestApp, id: renkei_store::EventId) {
    let regs = format!("/cities/{CHIBA}/events/{id}/registrations");
    let (status, page) = officer.get_text(&regs).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("満足度の平均 5 / 5") && page.contains(VOICE),
        "{page}"
    );
    let api = format!("/api/v1/cities/{CHIBA}/events/{id}/survey");
    let (status, survey) = officer.get_json(&api).await;
    assert_eq!(status, 200, "{survey}");
    assert_eq!(
        (
            &survey["mailed"],
            &survey["answered"],
            &survey["mean_satisfaction"]
        ),
        (
            &serde_json::json!(1),
            &serde_json::json!(1),
            &serde_json::json!(5.0)
        ),
        "{survey}"
    );
    assert_eq!(survey["answers"][0]["useful"], VOICE);
    assert_eq!(survey["answers"][0]["stage"], 4);
    assert_eq!(survey["answers"][0]["topic"], "regulation");
    let stranger = app.another_node().await;
    stranger
        .sign_in_as(&[Role::CityStaff {
            city: city("271004"),
            read_only: false,
        }])
        .await;
    let (status, _) = stranger.get_json(&api).await;
    assert_eq!(status, 404, "another city's officer");
}
