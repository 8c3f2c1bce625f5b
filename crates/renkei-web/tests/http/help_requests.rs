//! Requests for help across cities, on each test database: who may ask, read and move a
//! request (the asking city's staff and coordinators, the coordinator asked, the company; not
//! another city's staff, another company or the public); no company information crosses to
//! the helper before the company consents, on the page, in the API or in the notices; a
//! hand-over, a conclusion that becomes support on the product's model view; a request to
//! the network taken by a coordinator of another city; the overdue step reminded once with
//! two nodes.

use renkei_domain::access::Role;

use crate::brokering::{company, posted};
use crate::consultations::person;
use crate::helpers::{TestApp, audit_actions, staff};

const CHIBA: &str = "121002";
const SAITAMA: &str = "111007";
const HIROSHIMA: &str = "341002";
const FIRM: &str = "秘匿テスト医工株式会社";

fn coordinator(code: &str) -> Role {
    Role::Coordinator {
        city: crate::helpers::city(code),
    }
}

/// A move on a request, at its current version.
async fn step(app: &TestApp, node: &TestApp, to: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let id: i64 = to.rsplit('/').next().unwrap().parse().unwrap();
    let r = app
        .store
        .help_request(renkei_store::HelpRequestId(id))
        .await
        .unwrap();
    let v = r.version.to_string();
    let mut fields = fields.to_vec();
    fields.push(("version", &v));
    let path = if fields.iter().any(|(k, _)| *k == "agree") {
        format!("{to}/consent")
    } else {
        format!("{to}/move")
    };
    posted(node, &path, &fields).await
}

#[tokio::test]
async fn a_request_shares_the_company_only_once_it_consented_and_ends_as_support() {
    for app in TestApp::each(false).await {
        let (firm_record, product) = company(&app, FIRM, CHIBA).await;
        let (officer, _) = person(&app, &[staff(CHIBA, false)]).await;
        let (reader, _) = person(&app, &[staff(CHIBA, true)]).await;
        let (local, _) = person(&app, &[coordinator(CHIBA)]).await;
        let (helper, h) = person(&app, &[coordinator(HIROSHIMA)]).await;
        let (other_staff, _) = person(&app, &[staff(HIROSHIMA, false)]).await;
        let (saitama, s) = person(&app, &[coordinator(SAITAMA)]).await;
        let (firm, _) = person(
            &app,
            &[Role::CompanyUser {
                company: firm_record.id.0,
            }],
        )
        .await;
        let (stranger, _) = person(
            &app,
            &[Role::CompanyUser {
                company: firm_record.id.0 + 1000,
            }],
        )
        .await;

        // Who may ask: the city's full staff and coordinators, about its own product.
        let pid = product.id.0.to_string();
        let hid = h.to_string();
        let ask = [
            ("product", pid.as_str()),
            ("coordinator", hid.as_str()),
            ("field", "medical-devices"),
            ("class", "class-2"),
            ("question", "クラスⅡの認証で第三者認証機関とどう進めるか"),
        ];
        assert_eq!(posted(&firm, "/help-requests/new", &ask).await.0, 403);
        assert_eq!(posted(&reader, "/help-requests/new", &ask).await.0, 403);
        assert_eq!(
            posted(&other_staff, "/help-requests/new", &ask).await.0,
            404
        );
        assert_eq!(
            app.post_form("/help-requests/new", &ask)
                .await
                .status()
                .as_u16(),
            303
        );
        let (status, page) = posted(&officer, "/help-requests/new", &ask[..4]).await;
        assert_eq!(status, 422);
        assert!(page.contains("href=\"#f-question\""), "{page}");
        let (status, to) = posted(&officer, "/help-requests/new", &ask).await;
        assert_eq!(status, 303, "{to}");

        // Who reads it; the helper without the company's name.
        for node in [&officer, &reader, &local, &firm, &helper] {
            assert_eq!(node.status(&to).await, 200);
        }
        for node in [&other_staff, &stranger, &saitama] {
            assert_eq!(node.status(&to).await, 404);
        }
        assert_eq!(app.status(&to).await, 303, "the public signs in first");
        let api = format!("/api/v1{to}");
        let (_, page) = helper.get_text(&to).await;
        assert!(
            page.contains("第三者認証機関") && !page.contains(FIRM),
            "{page}"
        );
        assert!(!page.contains(&product.name));
        let (_, json) = helper.get_json(&api).await;
        assert!(
            json["company"].is_null() && !json.to_string().contains(FIRM),
            "{json}"
        );
        let (_, list) = helper.get_json("/api/v1/help-requests").await;
        assert!(!list.to_string().contains(FIRM) && list.to_string().contains("第三者認証機関"));
        let (_, notices) = helper.get_text("/notifications").await;
        assert!(notices.contains("相談の依頼が届きました") && !notices.contains(FIRM));
        assert!(officer.get_text(&to).await.1.contains(FIRM));

        // Each move only to its party.
        assert_eq!(
            step(&app, &officer, &to, &[("move", "accept")]).await.0,
            403
        );
        assert_eq!(
            step(&app, &local, &to, &[("move", "withdraw")]).await.0,
            403
        );
        assert_eq!(step(&app, &firm, &to, &[("move", "withdraw")]).await.0, 403);
        let (status, page) = step(&app, &helper, &to, &[("move", "decline")]).await;
        assert_eq!(status, 422);
        assert!(page.contains("href=\"#f-text\""));
        assert_eq!(
            step(&app, &helper, &to, &[("move", "conclude"), ("text", "x")])
                .await
                .0,
            409
        );
        assert_eq!(step(&app, &helper, &to, &[("move", "accept")]).await.0, 303);

        // The company consents: then, and only then, its name crosses.
        assert_eq!(step(&app, &officer, &to, &[("agree", "yes")]).await.0, 403);
        let (status, page) = step(&app, &firm, &to, &[("agree", "")]).await;
        assert_eq!(status, 422);
        assert!(page.contains("href=\"#f-agree\""));
        assert_eq!(step(&app, &firm, &to, &[("agree", "yes")]).await.0, 303);
        let (_, page) = helper.get_text(&to).await;
        assert!(
            page.contains(FIRM) && page.contains(&product.name),
            "{page}"
        );
        assert!(page.contains(renkei_domain::network::help::CONSENT_WORDING_VERSION));
        let company_page = format!("/companies/{}", firm_record.id);
        assert!(
            !page.contains(&company_page),
            "the helper is not sent to a page they cannot open"
        );
        assert!(officer.get_text(&to).await.1.contains(&company_page));
        let (_, json) = helper.get_json(&api).await;
        assert_eq!(json["company_name"], FIRM);

        // Handed over to 埼玉市's coordinator, who accepts and concludes.
        let sid = s.to_string();
        let (status, page) = step(&app, &helper, &to, &[("move", "hand_over")]).await;
        assert_eq!(status, 422, "{page}");
        assert_eq!(
            step(&app, &helper, &to, &[("move", "hand_over"), ("to", &sid)])
                .await
                .0,
            303
        );
        assert_eq!(helper.status(&to).await, 404, "no longer its helper");
        assert!(saitama.get_text(&to).await.1.contains(FIRM));
        assert_eq!(
            step(&app, &saitama, &to, &[("move", "accept")]).await.0,
            303
        );
        let summary = "認証機関の選び方と申請書類の準備を助言した";
        assert_eq!(
            step(
                &app,
                &saitama,
                &to,
                &[("move", "conclude"), ("text", summary)]
            )
            .await
            .0,
            303
        );
        assert_eq!(
            step(&app, &officer, &to, &[("move", "withdraw")]).await.0,
            409
        );

        concluded_as_support(&app, &officer, &product, summary).await;
    }
}

/// The conclusion is support on the product (on its page and its model view), by さいたま市
/// as a partner city, and each step an audit line of the asking city.
async fn concluded_as_support(
    app: &TestApp,
    officer: &TestApp,
    product: &renkei_store::ProductRecord,
    summary: &str,
) {
    // The conclusion is support on the product, by さいたま市 as a partner city.
    let (_, page) = officer.get_text(&format!("/products/{}", product.id)).await;
    assert!(page.contains(summary), "{page}");
    let (_, model) = officer
        .get_json(&format!("/api/v1/products/{}/model", product.id))
        .await;
    let coordinators = model
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["measures"].as_array().unwrap().iter())
        .find(|m| m["code"] == "common.medical-engineering-coordinators")
        .cloned();
    assert_eq!(
        coordinators.map(|m| m["used"].clone()),
        Some(1.into()),
        "{model}"
    );
    let support = app.store.product_support(product.id).await.unwrap();
    let last = support.last().unwrap();
    assert_eq!(last.outcome, summary);
    assert_eq!(
        last.provider_city.map(|c| c.to_string()).as_deref(),
        Some(SAITAMA)
    );
    let actions = audit_actions(app, Some(CHIBA), 100).await;
    for a in [
        "help_request.ask",
        "help_request.accept",
        "help_request.consent",
        "help_request.hand_over",
        "help_request.conclude",
    ] {
        assert!(actions.contains(&a.to_owned()), "{a}: {actions:?}");
    }
}

#[tokio::test]
async fn a_request_to_the_network_is_taken_by_another_city_and_reminded_once() {
    for app in TestApp::each(false).await {
        let (firm_record, _) = company(&app, FIRM, CHIBA).await;
        let (asker, _) = person(&app, &[coordinator(CHIBA)]).await;
        let (matching, m) = person(&app, &[coordinator(HIROSHIMA)]).await;
        let (taker, t) = person(&app, &[coordinator(SAITAMA)]).await;
        let (other_staff, _) = person(&app, &[staff(HIROSHIMA, false)]).await;
        let profile = [
            ("stages", "development"),
            ("fields", "nursing-care"),
            ("capacity", "2"),
            ("availability", "accepting"),
        ];
        assert_eq!(
            posted(&matching, &format!("/coordinators/{m}/profile"), &profile)
                .await
                .0,
            303
        );

        let cid = firm_record.id.0.to_string();
        let ask = [
            ("company", cid.as_str()),
            ("field", "nursing-care"),
            ("question", "介護施設での実証先の探し方"),
        ];
        let (status, to) = posted(&asker, "/help-requests/new", &ask).await;
        assert_eq!(status, 303, "{to}");
        // Told: whoever's profile answers the need; read by any coordinator of another city.
        assert!(
            matching
                .get_text("/notifications")
                .await
                .1
                .contains("相談の依頼が届きました")
        );
        assert!(
            !taker
                .get_text("/notifications")
                .await
                .1
                .contains("相談の依頼が届きました")
        );
        assert_eq!(taker.status(&to).await, 200);
        assert_eq!(other_staff.status(&to).await, 404);
        let (_, page) = taker.get_text("/help-requests").await;
        assert!(
            page.contains("引き受けられる依頼") && page.contains(&to),
            "{page}"
        );

        // Overdue after 3 開庁日: reminded once, however many nodes remind.
        let later = chrono::Utc::now() + chrono::Duration::days(10);
        let one = renkei_app::App::new(app.store.clone(), "http://renkei.test");
        let two = renkei_app::App::new(app.store.clone(), "http://renkei.test");
        let (a, b) = tokio::join!(
            renkei_app::network::help::remind(&one, later),
            renkei_app::network::help::remind(&two, later)
        );
        assert_eq!(a.unwrap() + b.unwrap(), 1, "one reminder between the nodes");
        assert_eq!(
            renkei_app::network::help::remind(&one, later)
                .await
                .unwrap(),
            0
        );
        assert!(
            asker
                .get_text("/notifications")
                .await
                .1
                .contains("予定の期間を過ぎています")
        );

        // Taken by 埼玉市's coordinator: theirs now; the others no longer see it.
        assert_eq!(step(&app, &taker, &to, &[("move", "accept")]).await.0, 303);
        let r = app
            .store
            .help_request(renkei_store::HelpRequestId(
                to.rsplit('/').next().unwrap().parse().unwrap(),
            ))
            .await
            .unwrap();
        assert_eq!(r.helper_id, Some(t));
        assert_eq!(
            r.helper_city.map(|c| c.to_string()).as_deref(),
            Some(SAITAMA)
        );
        assert_eq!(matching.status(&to).await, 404);
        let (_, card) = asker.get_json(&format!("/api/v1/coordinators/{t}")).await;
        assert_eq!(card["open_requests"], 1, "{card}");
        assert_eq!(
            step(&app, &matching, &to, &[("move", "accept")]).await.0,
            404
        );
        // Withdrawn by its asker: nothing moves any more.
        assert_eq!(
            step(
                &app,
                &asker,
                &to,
                &[("move", "withdraw"), ("text", "社内で解決")]
            )
            .await
            .0,
            303
        );
        assert_eq!(
            step(&app, &taker, &to, &[("move", "conclude"), ("text", "x")])
                .await
                .0,
            409
        );
        assert!(
            taker
                .get_text("/notifications")
                .await
                .1
                .contains("依頼を取り下げる")
        );
    }
}

#[tokio::test]
async fn the_demo_has_a_profile_per_pilot_coordinator_requests_at_different_steps_and_a_preparation()
 {
    use renkei_domain::network::help::State;
    for app in TestApp::each(true).await {
        renkei_web::demo::load_accounts(&app.store).await.unwrap();
        renkei_web::demo::load_consultations(&app.store)
            .await
            .unwrap();
        let profiles = app.store.coordinator_profiles().await.unwrap();
        let cities: Vec<String> = profiles.iter().map(|p| p.city.to_string()).collect();
        for code in renkei_domain::city::PILOT_CITIES {
            assert!(cities.contains(&code.to_owned()), "{code}: {cities:?}");
        }
        let everything = renkei_store::HelpScope {
            all: true,
            ..Default::default()
        };
        let requests = app.store.help_requests(&everything).await.unwrap();
        let mut states: Vec<&str> = requests.iter().map(|r| r.state.code()).collect();
        states.sort_unstable();
        assert_eq!(states, ["accepted", "asked", "concluded"]);
        let done = requests
            .iter()
            .find(|r| r.state == State::Concluded)
            .unwrap();
        assert!(done.support_record_id.is_some() && done.consent.is_some());
        assert!(requests.iter().any(|r| r.open_to_network()));
        // And 千葉市's coordinator's selection for 熊本市, awaiting an officer's approval.
        let chiba = crate::helpers::city(CHIBA);
        let prepared = app.store.preparations(&[chiba]).await.unwrap();
        assert_eq!(prepared.len(), 1, "{prepared:?}");
        assert_eq!(
            prepared[0].state,
            renkei_domain::referral_prep::State::Prepared
        );
    }
}

#[tokio::test]
async fn a_referral_the_city_sent_may_be_what_it_asks_about() {
    for app in TestApp::each(false).await {
        let (_, product) = company(&app, FIRM, CHIBA).await;
        let system = renkei_store::Actor::system("test");
        let core = renkei_app::App::new(app.store.clone(), "http://renkei.test");
        let hiroshima = crate::helpers::city(HIROSHIMA);
        let referral =
            renkei_app::referrals::select(&core, product.id, &hiroshima, "実績あり", &system)
                .await
                .unwrap();
        let (officer, _) = person(&app, &[staff(CHIBA, false)]).await;
        let (other_staff, _) = person(&app, &[staff(HIROSHIMA, false)]).await;
        let (helper, h) = person(&app, &[coordinator(HIROSHIMA)]).await;
        let form = format!("/help-requests/new?referral={}", referral.id);
        let (_, page) = officer
            .get_text(&format!("/referrals/{}", referral.id))
            .await;
        assert!(page.contains(&form.replace('&', "&amp;")), "{page}");
        let (status, page) = officer.get_text(&form).await;
        assert_eq!(status, 200);
        assert!(page.contains(&format!("#{} ", referral.id)), "{page}");
        assert_eq!(other_staff.status(&form).await, 404);
        let (rid, hid) = (referral.id.to_string(), h.to_string());
        let ask = [
            ("referral", rid.as_str()),
            ("coordinator", hid.as_str()),
            ("field", "sales-channels"),
            ("question", "紹介先の病院への説明の仕方"),
        ];
        let (status, to) = posted(&officer, "/help-requests/new", &ask).await;
        assert_eq!(status, 303, "{to}");
        let id: i64 = to.rsplit('/').next().unwrap().parse().unwrap();
        let r = app
            .store
            .help_request(renkei_store::HelpRequestId(id))
            .await
            .unwrap();
        assert_eq!(
            (r.referral_id, r.product_id),
            (Some(referral.id), Some(product.id))
        );
        let link = format!("/referrals/{}", referral.id);
        assert!(officer.get_text(&to).await.1.contains(&link));
        assert!(
            !helper.get_text(&to).await.1.contains(&link),
            "not before consent"
        );
    }
}

#[tokio::test]
async fn the_api_asks_moves_and_consents_as_the_pages_do() {
    use serde_json::json;
    async fn post(node: &TestApp, path: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
        node.send_json(reqwest::Method::POST, path, &body).await
    }
    for app in TestApp::each(false).await {
        let (firm_record, product) = company(&app, FIRM, CHIBA).await;
        let (officer, _) = person(&app, &[staff(CHIBA, false)]).await;
        let (helper, h) = person(&app, &[coordinator(HIROSHIMA)]).await;
        let (firm, _) = person(
            &app,
            &[Role::CompanyUser {
                company: firm_record.id.0,
            }],
        )
        .await;
        let ask = json!({"product": product.id.0, "coordinator": h, "field": "regulatory",
            "question": "薬事申請の相談先"});
        assert_eq!(
            post(&firm, "/api/v1/help-requests", ask.clone()).await.0,
            403
        );
        let (status, wrong) = post(
            &officer,
            "/api/v1/help-requests",
            json!({"product": product.id.0}),
        )
        .await;
        assert_eq!(status, 422, "{wrong}");
        let (status, r) = post(&officer, "/api/v1/help-requests", ask).await;
        assert_eq!(status, 201, "{r}");
        let moves = format!("/api/v1/help-requests/{}/moves", r["id"]);
        let accept = json!({"move": "accept", "version": r["version"]});
        assert_eq!(post(&officer, &moves, accept.clone()).await.0, 403);
        let (status, r) = post(&helper, &moves, accept.clone()).await;
        assert_eq!(
            (status, r["state"].as_str()),
            (200, Some("accepted")),
            "{r}"
        );
        assert!(r["company_name"].is_null());
        assert_eq!(post(&helper, &moves, accept).await.0, 409);
        let consent = json!({"move": "consent", "version": r["version"], "agree": true});
        assert_eq!(post(&firm, &moves, consent).await.0, 200);
        let (_, r) = helper.get_json(&moves.replace("/moves", "")).await;
        assert_eq!(r["company_name"], FIRM);
    }
}
