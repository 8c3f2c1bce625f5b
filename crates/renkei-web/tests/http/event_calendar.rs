//! The public calendar, its feeds and the menu page as each node keeps them, on every
//! database: a node serves the rendered list again only while the events' revision holds, so
//! a registration, a change or a new event made through another node shows at once; the
//! calendar comes a page of fifty at a time; the city's menu page lists each entry's upcoming
//! events.

use renkei_app::events::registrations as regs;
use renkei_domain::event::{EventInput, Status};
use renkei_domain::menu::MenuEntryDraft;
use renkei_store::{Actor, EventLinks, EventRecord};

use crate::event_fixtures::{self, seminar};
use crate::helpers::{TestApp, city};

const CHIBA: &str = "121002";

fn input(title: &str, days: i64) -> EventInput {
    seminar(title, days, 5)
}

async fn published(app: &TestApp, input: &EventInput, links: &EventLinks) -> EventRecord {
    event_fixtures::published(&app.store, &city(CHIBA), input, links).await
}

/// How many places the calendar says are left for the event.
fn free_shown(page: &str, e: &EventRecord) -> String {
    let row = page
        .split("<tr>")
        .find(|r| r.contains(&format!(r#"href="/events/{}""#, e.id)))
        .unwrap_or_else(|| panic!("the event is listed: {page}"));
    row.split("残り ")
        .nth(1)
        .and_then(|r| r.split('）').next())
        .unwrap_or_else(|| panic!("places shown: {row}"))
        .to_owned()
}

#[tokio::test]
async fn what_a_node_keeps_of_the_calendar_shows_changes_made_through_another_at_once() {
    for app in TestApp::each(false).await {
        let e = published(
            &app,
            &input("キャッシュ確認セミナー", 10),
            &EventLinks::default(),
        )
        .await;
        let reader = app.another_node().await;
        let calendar = format!("/events?city={CHIBA}");
        let (status, page) = reader.get_text(&calendar).await;
        assert_eq!(status, 200, "{}", app.backend);
        assert_eq!(free_shown(&page, &e), "5", "{}", app.backend);
        let (_, again) = reader.get_text(&calendar).await;
        assert_eq!(free_shown(&again, &e), "5");

        // A member of the public registers and confirms through the first node.
        let app_ = renkei_app::App::new(app.store.clone(), "http://renkei.test");
        let email = format!("visitor-{}@example.jp", uuid::Uuid::new_v4().simple());
        let actor = Actor::anonymous(None, None);
        let r = regs::register_public(
            &app_,
            &e,
            e.quotas[0].id,
            "来場 太郎",
            &email,
            "",
            &[],
            &actor,
        )
        .await
        .unwrap()
        .unwrap()
        .record;
        regs::verify(&app_, &r, &actor).await.unwrap().unwrap();
        let (_, page) = reader.get_text(&calendar).await;
        assert_eq!(free_shown(&page, &e), "4", "{}", app.backend);

        // The event's title changes, and another is published: the feeds show both at once.
        let (_, feed) = reader
            .get_text(&format!("/cities/{CHIBA}/events.ics"))
            .await;
        assert!(feed.contains("キャッシュ確認セミナー"), "{feed}");
        let e = app.store.event(e.id).await.unwrap();
        let renamed = input("改題した確認セミナー", 10);
        app.store
            .update_event(
                &e,
                e.version,
                &renamed,
                &EventLinks::default(),
                &Actor::system("test"),
            )
            .await
            .unwrap();
        let other = published(&app, &input("追加の交流会", 12), &EventLinks::default()).await;
        for path in [
            format!("/cities/{CHIBA}/events.ics"),
            "/events.ics".to_owned(),
        ] {
            let (status, feed) = reader.get_text(&path).await;
            assert_eq!(status, 200);
            assert!(
                feed.contains("改題した確認セミナー")
                    && !feed.contains("キャッシュ確認セミナー")
                    && feed.contains("追加の交流会"),
                "{path}: {feed}"
            );
        }
        let (_, page) = reader.get_text(&calendar).await;
        assert!(page.contains(&format!(r#"href="/events/{}""#, other.id)));

        // Called off: gone from the calendar a node had kept.
        let other = app.store.event(other.id).await.unwrap();
        app.store
            .set_event_status(
                &other,
                other.version,
                Status::Cancelled,
                &Actor::system("test"),
            )
            .await
            .unwrap();
        let (_, page) = reader.get_text(&calendar).await;
        assert!(
            !page.contains(&format!(r#"href="/events/{}""#, other.id)),
            "{page}"
        );
    }
}

#[tokio::test]
async fn the_calendar_comes_fifty_events_a_page() {
    for app in TestApp::each(false).await {
        for n in 0..120 {
            published(
                &app,
                &input(&format!("連続講座 第{n}回"), 10 + n),
                &EventLinks::default(),
            )
            .await;
        }
        let rows = |page: &str| page.matches(r#"<th scope="row"><a href="/events/"#).count();
        let (status, first) = app.get_text(&format!("/events?city={CHIBA}")).await;
        assert_eq!(status, 200, "{}", app.backend);
        assert_eq!(rows(&first), 50);
        assert!(first.contains("連続講座 第0回") && !first.contains("連続講座 第50回"));
        assert!(
            first.contains(&format!(
                r#"href="/events?city={CHIBA}&#38;page=2" rel="next""#
            )),
            "{first}"
        );
        assert!(!first.contains(r#"rel="prev""#));
        let (_, third) = app.get_text(&format!("/events?city={CHIBA}&page=3")).await;
        assert_eq!(rows(&third), 20);
        assert!(third.contains("連続講座 第119回"));
        assert!(third.contains(&format!(
            r#"href="/events?city={CHIBA}&#38;page=2" rel="prev""#
        )));
        assert!(!third.contains(r#"rel="next""#));
        // Full-width digits are a page number too; nonsense is not a page.
        let (_, full) = app
            .get_text(&format!("/events?city={CHIBA}&page=%EF%BC%93"))
            .await;
        assert_eq!(rows(&full), 20);
        for bad in ["0", "abc", "-1", "99999"] {
            let (status, _) = app
                .get_text(&format!("/events?city={CHIBA}&page={bad}"))
                .await;
            assert_eq!(status, 404, "page={bad}");
        }
        let (status, _) = app.get_text("/events?city=999999").await;
        assert_ne!(status, 200, "an unknown city is refused, not cached");
    }
}

#[tokio::test]
async fn the_menu_page_lists_each_entrys_upcoming_events() {
    for app in TestApp::each(false).await {
        let chiba = city(CHIBA);
        let actor = Actor::system("test");
        let entry = MenuEntryDraft {
            measure: "discovery.entry-seminar".into(),
            offering: "own".into(),
            name: "参入支援セミナー".into(),
            ..Default::default()
        }
        .validate(&chiba)
        .unwrap();
        let entry = app
            .store
            .create_menu_entry(&chiba, &actor, &entry)
            .await
            .unwrap();
        let links = EventLinks {
            menu_entry: Some(entry.id),
            measure_code: Some("discovery.entry-seminar".to_owned()),
            organization: None,
        };
        let visitor = app.another_node().await;
        let menu = format!("/cities/{CHIBA}");
        let (_, before) = visitor.get_text(&menu).await;
        assert!(!before.contains("この施策の催し"), "{}", app.backend);
        let e = published(&app, &input("薬事の基礎セミナー", 8), &links).await;
        let (status, page) = visitor.get_text(&menu).await;
        assert_eq!(status, 200);
        let section = page
            .split(&format!(r#"id="entry-{}""#, entry.id))
            .nth(1)
            .and_then(|s| s.split("</li>\n").next().map(str::to_owned))
            .unwrap_or_default();
        assert!(
            section.contains("この施策の催し")
                && section.contains(&format!(r#"href="/events/{}""#, e.id))
                && section.contains("薬事の基礎セミナー"),
            "{page}"
        );
        // A draft is nobody's to see on the menu.
        let draft = app
            .store
            .insert_event(&chiba, &input("準備中の講座", 9), &links, &actor)
            .await
            .unwrap();
        let (_, page) = visitor.get_text(&menu).await;
        assert!(!page.contains(&format!(r#"href="/events/{}""#, draft.id)));
    }
}

/// What a kept page shows of the time is true when it is served: the calendar kept while
/// registration was open says it closed once its close has passed, with no change to the
/// events in between.
#[tokio::test]
async fn a_kept_calendar_shows_registration_closed_once_its_close_has_passed() {
    for app in TestApp::each(false).await {
        let mut closing = input("締切間近の確認セミナー", 10);
        closing.registration_closes_at = chrono::Utc::now() + chrono::Duration::seconds(2);
        let e = published(&app, &closing, &EventLinks::default()).await;
        let calendar = format!("/events?city={CHIBA}");
        let row = |page: &str| {
            page.split("<tr>")
                .find(|r| r.contains(&format!(r#"href="/events/{}""#, e.id)))
                .unwrap_or_else(|| panic!("the event is listed: {page}"))
                .to_owned()
        };
        let visitor = app.another_node().await;
        let (_, page) = visitor.get_text(&calendar).await;
        assert!(row(&page).contains("受付中"), "{}", app.backend);
        let (_, again) = visitor.get_text(&calendar).await;
        assert_eq!(row(&again), row(&page), "kept while nothing changes");
        let wait = e.registration_closes_at - chrono::Utc::now();
        if let Ok(wait) = wait.to_std() {
            tokio::time::sleep(wait + std::time::Duration::from_millis(50)).await;
        }
        let (_, page) = visitor.get_text(&calendar).await;
        assert!(row(&page).contains("受付終了"), "{}: {page}", app.backend);
    }
}

#[tokio::test]
async fn a_calendar_application_polls_a_feed_with_its_tag_and_takes_it_gzipped() {
    use std::io::Read;
    for app in TestApp::each(false).await {
        published(
            &app,
            &input("フィード確認セミナー", 12),
            &EventLinks::default(),
        )
        .await;
        let reader = app.another_node().await;
        let feed = format!("/cities/{CHIBA}/events.ics");
        let first = reader.get(&feed).await;
        assert_eq!(first.status().as_u16(), 200);
        let tag = first.headers()["etag"].to_str().unwrap().to_owned();
        assert!(tag.starts_with("W/\""), "{tag}");
        let plain = first.text().await.unwrap();
        assert!(plain.contains("フィード確認セミナー"));

        // Asked again with its tag: nothing has changed, no body.
        let ask = |headers: Vec<(&'static str, String)>| {
            let mut r = reader.client.get(reader.url(&feed));
            for (k, v) in headers {
                r = r.header(k, v);
            }
            r.send()
        };
        let same = ask(vec![("if-none-match", tag.clone())]).await.unwrap();
        assert_eq!(same.status().as_u16(), 304);
        assert!(same.bytes().await.unwrap().is_empty());

        // Gzipped for a client that accepts it: the same feed.
        let zipped = ask(vec![("accept-encoding", "gzip, deflate".into())])
            .await
            .unwrap();
        assert_eq!(zipped.headers()["content-encoding"], "gzip");
        let bytes = zipped.bytes().await.unwrap();
        assert!(bytes.len() < plain.len());
        let mut unzipped = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut unzipped)
            .unwrap();
        assert_eq!(unzipped, plain);

        // A new event published through another node: the old tag no longer holds.
        published(&app, &input("追加のセミナー", 20), &EventLinks::default()).await;
        let changed = ask(vec![("if-none-match", tag.clone())]).await.unwrap();
        assert_eq!(changed.status().as_u16(), 200);
        assert_ne!(changed.headers()["etag"].to_str().unwrap(), tag);
        assert!(changed.text().await.unwrap().contains("追加のセミナー"));
    }
}
