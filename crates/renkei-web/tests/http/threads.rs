//! The cities' threads on each test database: who reads and posts in a topic (every city's
//! staff and coordinators, not a company's people nor the public), a referral's thread (its
//! two cities, the receiving one once the dossier was sent) and a product's (the network's
//! while its company shows it, else its home city's), on the pages, in the API and in the
//! search; mentions tell only people who read the thread; the weekly digest is sent once per
//! person and week, however many nodes tick, and never with nothing new.

use renkei_domain::access::Role;
use renkei_domain::referral::State;
use renkei_domain::showcase::Audience;
use renkei_domain::target::TargetKind;
use renkei_store::{Actor, ProductId};

use crate::brokering::posted;
use crate::consultations::person;
use crate::helpers::{TestApp, messages_to, staff};

const CHIBA: &str = "121002";
const HIROSHIMA: &str = "341002";
const SAPPORO: &str = "011002";

fn coordinator(code: &str) -> Role {
    Role::Coordinator {
        city: crate::helpers::city(code),
    }
}

/// A person of `roles` on a node of their own: the node, their account and their login (the
/// address's part before `@`, which mentions use: every test account has one display name).
async fn member(app: &TestApp, roles: &[Role]) -> (TestApp, i64, String) {
    let (node, id) = person(app, roles).await;
    let (u, _) = app
        .store
        .user(renkei_store::UserId(id))
        .await
        .unwrap()
        .unwrap();
    let login = u.email.as_str().split('@').next().unwrap().to_owned();
    (node, id, login)
}

/// Starts a thread from the form: its path.
async fn start(node: &TestApp, fields: &[(&str, &str)]) -> String {
    let (status, to) = posted(node, "/threads/new", fields).await;
    assert_eq!(status, 303, "{to}");
    to
}

/// A sent referral of a product of 千葉市 to 広島市, and one only selected: their ids.
async fn referrals(app: &TestApp) -> (i64, i64) {
    use renkei_app::testing::{eligible_product, referral_in};
    let (_, sent) = eligible_product(&app.store, "送付済みの見守りセンサー").await;
    let (_, selected) = eligible_product(&app.store, "選定中の歩行センサー").await;
    let sent = referral_in(&app.store, sent, State::Sent).await;
    let selected = referral_in(&app.store, selected, State::Selected).await;
    (sent.id.0, selected.id.0)
}

#[tokio::test]
async fn threads_are_read_by_their_cities_or_the_whole_network() {
    for app in TestApp::each(false).await {
        let (officer, _, _) = member(&app, &[staff(CHIBA, false)]).await;
        let (reader, _, _) = member(&app, &[staff(CHIBA, true)]).await;
        let (local, _, _) = member(&app, &[coordinator(CHIBA)]).await;
        let (partner, _, _) = member(&app, &[coordinator(HIROSHIMA)]).await;
        let (third, _, _) = member(&app, &[staff(SAPPORO, false)]).await;
        let (sent, selected) = referrals(&app).await;
        let r = app
            .store
            .referral(renkei_store::ReferralId(sent))
            .await
            .unwrap()
            .unwrap();
        let firm = Role::CompanyUser {
            company: r.company_id.0,
        };
        let (company, _, _) = member(&app, &[firm]).await;

        // A topic: every city's staff and coordinators; not the company, nor the public.
        let topic = [
            ("title", "褥瘡予防の導入事例"),
            ("body", "各市の病院での評価を共有しましょう"),
        ];
        assert_eq!(posted(&company, "/threads/new", &topic).await.0, 403);
        assert_eq!(posted(&reader, "/threads/new", &topic).await.0, 403);
        let (status, page) = posted(&local, "/threads/new", &topic[..1]).await;
        assert_eq!(status, 422);
        assert!(page.contains("href=\"#f-body\""), "{page}");
        let to = start(&local, &topic).await;
        for node in [&officer, &reader, &local, &partner, &third] {
            assert_eq!(node.status(&to).await, 200);
        }
        assert_eq!(company.status(&to).await, 404);
        assert_eq!(company.status("/threads").await, 403);
        assert_eq!(app.status(&to).await, 303, "the public signs in first");
        let reply = [("body", "広島市でも病棟で試行しました")];
        assert_eq!(
            posted(&partner, &format!("{to}/posts"), &reply).await.0,
            303
        );
        assert_eq!(posted(&reader, &format!("{to}/posts"), &reply).await.0, 403);
        assert_eq!(
            posted(&partner, &format!("{to}/posts"), &[("body", " ")])
                .await
                .0,
            422
        );
        let (_, page) = third.get_text(&to).await;
        assert!(page.contains("病棟で試行しました"), "{page}");

        // A referral's thread: its two cities once sent; before, the sending city's alone.
        let rid = sent.to_string();
        let (_, page) = officer.get_text(&format!("/referrals/{sent}")).await;
        assert!(
            page.contains(&format!("/threads/new?referral={sent}")),
            "{page}"
        );
        let about = [
            ("referral", rid.as_str()),
            ("title", "紹介先の病院への説明"),
            ("body", "受入れ側の病院に何を見せるとよいか"),
        ];
        assert_eq!(posted(&third, "/threads/new", &about).await.0, 404);
        assert_eq!(posted(&company, "/threads/new", &about).await.0, 404);
        let referral_thread = start(&officer, &about).await;
        for node in [&officer, &reader, &local, &partner] {
            assert_eq!(node.status(&referral_thread).await, 200);
        }
        for node in [&third, &company] {
            assert_eq!(node.status(&referral_thread).await, 404);
        }
        let (_, page) = partner.get_text(&format!("/referrals/{sent}")).await;
        assert!(page.contains(&referral_thread), "{page}");
        let unsent_id = selected.to_string();
        let unsent = [
            ("referral", unsent_id.as_str()),
            ("title", "送付前の相談"),
            ("body", "まだ先方には見えない"),
        ];
        let early = start(&officer, &unsent).await;
        assert_eq!(partner.status(&early).await, 404);
        assert_eq!(
            partner
                .status(&format!("/threads/new?referral={selected}"))
                .await,
            404
        );

        // A product's thread: its home city's until its company shows it to the network.
        let product = ProductId(r.product_id.0);
        let pid = product.0.to_string();
        let about = [
            ("product", pid.as_str()),
            ("title", "この製品の量産化"),
            ("body", "量産の委託先を探しています"),
        ];
        assert_eq!(posted(&third, "/threads/new", &about).await.0, 404);
        let product_thread = start(&local, &about).await;
        assert_eq!(third.status(&product_thread).await, 404);
        let p = app.store.product(product).await.unwrap().unwrap();
        let system = Actor::system("test");
        let shown = ("紹介文", &[TargetKind::Hospital][..], Audience::Network);
        app.store
            .set_showcase(&p, shown, ("文言", "test"), &system)
            .await
            .unwrap();
        assert_eq!(third.status(&product_thread).await, 200);
        let (_, page) = third.get_text(&format!("/showcase/{product}")).await;
        assert!(
            page.contains("この製品について話し合う") && page.contains(&product_thread),
            "{page}"
        );
        app.store.remove_showcase(&p, &system).await.unwrap();
        assert_eq!(third.status(&product_thread).await, 404);

        // The API: the same threads, the same answers.
        let (status, list) = third.get_json("/api/v1/threads").await;
        assert_eq!(status, 200);
        let titles = list.to_string();
        assert!(titles.contains("褥瘡予防の導入事例") && !titles.contains("紹介先の病院"));
        let (_, list) = partner.get_json("/api/v1/threads?kind=referral").await;
        assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
        assert_eq!(company.get_json("/api/v1/threads").await.0, 403);
        let api = format!("/api/v1{referral_thread}");
        assert_eq!(third.get_json(&api).await.0, 404);
        let (status, json) = partner.get_json(&api).await;
        assert_eq!(
            (status, json["posts"][0]["body"].as_str()),
            (200, Some("受入れ側の病院に何を見せるとよいか"))
        );
        let post = serde_json::json!({"body": "院内の委員会資料が役立ちます"});
        let (status, _) = partner
            .send_json(reqwest::Method::POST, &format!("{api}/posts"), &post)
            .await;
        assert_eq!(status, 201);
        let new =
            serde_json::json!({"kind": "topic", "title": "研修の共同開催", "body": "来年度の研修"});
        let (status, json) = partner
            .send_json(reqwest::Method::POST, "/api/v1/threads", &new)
            .await;
        assert_eq!(
            (status, json["thread"]["network"].as_bool()),
            (201, Some(true))
        );
        let (status, _) = company
            .send_json(reqwest::Method::POST, "/api/v1/threads", &new)
            .await;
        assert_eq!(status, 403);
        let (status, json) = partner
            .send_json(
                reqwest::Method::POST,
                "/api/v1/threads",
                &serde_json::json!({"kind": "topic"}),
            )
            .await;
        assert_eq!(status, 422, "{json}");
    }
}

#[tokio::test]
async fn mentions_tell_only_those_who_read_the_thread_and_search_keeps_to_them() {
    for app in TestApp::each(false).await {
        let (officer, _, officer_login) = member(&app, &[staff(CHIBA, false)]).await;
        let (partner, _, partner_login) = member(&app, &[coordinator(HIROSHIMA)]).await;
        let (third, _, third_login) = member(&app, &[staff(SAPPORO, false)]).await;
        let (sent, _) = referrals(&app).await;
        let rid = sent.to_string();
        let body = format!(
            "@{partner_login} さん、ツバメ型体位変換器の評価を共有します。@{third_login} さんにも"
        );
        let about = [
            ("referral", rid.as_str()),
            ("title", "評価の共有"),
            ("body", body.as_str()),
        ];
        let to = start(&officer, &about).await;
        let (_, notices) = partner.get_text("/notifications").await;
        assert!(notices.contains("あなたに呼びかけました"), "{notices}");
        let (_, notices) = third.get_text("/notifications").await;
        assert!(
            !notices.contains("呼びかけました"),
            "not a reader: {notices}"
        );
        let (_, notices) = officer.get_text("/notifications").await;
        assert!(!notices.contains("呼びかけました"), "not the author");

        // A reply by the partner mentions the officer by their login, written full-width.
        let reply = format!("＠{officer_login}　さん、ありがとうございます");
        let (status, _) = posted(&partner, &format!("{to}/posts"), &[("body", &reply)]).await;
        assert_eq!(status, 303);
        let (_, notices) = officer.get_text("/notifications").await;
        assert!(notices.contains("あなたに呼びかけました"), "{notices}");

        // The search: the post is found by the referral's two cities, by no one else.
        let q = "/search?q=%E3%83%84%E3%83%90%E3%83%A1%E5%9E%8B";
        for node in [&officer, &partner] {
            let (_, page) = node.get_text(q).await;
            assert!(page.contains(&to), "{page}");
        }
        let (_, page) = third.get_text(q).await;
        assert!(!page.contains(&to), "{page}");
        let firm = Role::CompanyUser { company: 1 };
        let (company, _, _) = member(&app, &[firm]).await;
        let (_, page) = company.get_text(q).await;
        assert!(!page.contains(&to));
        let (_, json) = third
            .get_json("/api/v1/search?q=%E3%83%84%E3%83%90%E3%83%A1%E5%9E%8B")
            .await;
        assert!(!json.to_string().contains(&to), "{json}");
        // A topic is found by every city.
        let topic = [("title", "カワセミ式の研修"), ("body", "共同研修の案内")];
        let topic_to = start(&partner, &topic).await;
        let (_, page) = third
            .get_text("/search?q=%E3%82%AB%E3%83%AF%E3%82%BB%E3%83%9F")
            .await;
        assert!(page.contains(&topic_to), "{page}");
    }
}

#[tokio::test]
async fn the_weekly_digest_is_sent_once_per_person_and_week_on_any_number_of_nodes() {
    use chrono::{Days, TimeZone};
    use renkei_app::network::threads::digest_week;
    for app in TestApp::each(false).await {
        let admin = app.another_node().await;
        admin.sign_in_admin().await;
        let (local, _, _) = member(&app, &[coordinator(CHIBA)]).await;
        let (_partner, partner_id, _) = member(&app, &[coordinator(HIROSHIMA)]).await;
        let firm = Role::CompanyUser { company: 1 };
        let (_, _, _) = member(&app, &[firm]).await;
        let address = |id: i64| {
            let store = app.store.clone();
            async move {
                let (u, _) = store.user(renkei_store::UserId(id)).await.unwrap().unwrap();
                u.email.to_string()
            }
        };
        let partner_address = address(partner_id).await;
        let topic = [("title", "販路の週次共有"), ("body", "千葉市の今週の動き")];
        let to = start(&local, &topic).await;

        // Next week (the nodes' own ticks digest this one), at its first tick: now and the
        // week boundary are the test's.
        let monday = |week: chrono::NaiveDate| {
            renkei_domain::event::jst()
                .from_local_datetime(&week.and_hms_opt(0, 5, 0).unwrap())
                .unwrap()
                .to_utc()
        };
        let this = renkei_domain::network::thread::week_of(chrono::Utc::now());
        let week = this.checked_add_days(Days::new(7)).unwrap();
        let now = monday(week);
        assert_eq!(renkei_domain::network::thread::week_of(now), week);
        let one = renkei_app::App::new(app.store.clone(), "http://renkei.test");
        let two = renkei_app::App::new(app.store.clone(), "http://renkei.test");
        let (a, b) = tokio::join!(digest_week(&one, now, week), digest_week(&two, now, week));
        // The partner reads the topic and did not write it; the author has nothing new.
        assert_eq!(a.unwrap() + b.unwrap(), 1, "one digest between the nodes");
        assert_eq!(digest_week(&one, now, week).await.unwrap(), 0);
        assert_eq!(messages_to(&admin, &partner_address).await, 1);
        let (_, outbox) = admin.get_text("/admin/outbox").await;
        assert!(
            outbox.contains("情報交換の週間まとめ") && outbox.contains(&to),
            "{outbox}"
        );

        // A post later that week waits for the next week's digest, which tells only of it.
        let reply = [("body", "来週は病院訪問の結果を報告します")];
        assert_eq!(posted(&local, &format!("{to}/posts"), &reply).await.0, 303);
        assert_eq!(digest_week(&two, now, week).await.unwrap(), 0);
        let next = week.checked_add_days(Days::new(7)).unwrap();
        let later = monday(next);
        let (a, b) = tokio::join!(
            digest_week(&one, later, next),
            digest_week(&two, later, next)
        );
        assert_eq!(a.unwrap() + b.unwrap(), 1);
        assert_eq!(messages_to(&admin, &partner_address).await, 2);
        // Nothing new the week after: nothing is sent.
        let after = next.checked_add_days(Days::new(7)).unwrap();
        assert_eq!(digest_week(&one, later, after).await.unwrap(), 0);
        assert_eq!(messages_to(&admin, &partner_address).await, 2);
    }
}
