//! Coordinators acting in the workflows, on each test database: a coordinator prepares a
//! referral's ① (product and dossier) and the receiving city's coordinator its ④ (targets)
//! for an officer's approval — returned, resubmitted, approved (which makes the step, naming
//! the coordinator as who helped), refused when the step can no longer be made; who may
//! prepare, read and move a preparation; support recorded by a coordinator; the city's
//! caseload; an overdue preparation reminded once with two nodes.

use renkei_domain::access::{ListScope, Role};
use renkei_domain::product::EvaluationDraft;
use renkei_store::{
    Actor, PageRequest, PreparationId, ProductRecord, ReferralQuery, ReferralRecord,
};

use crate::brokering::{company, posted};
use crate::consultations::person;
use crate::helpers::{TestApp, city, staff};

const CHIBA: &str = "121002";
const HIROSHIMA: &str = "341002";

fn coordinator(code: &str) -> Role {
    Role::Coordinator { city: city(code) }
}

async fn award(app: &TestApp, p: &ProductRecord) {
    let award = EvaluationDraft {
        kind: "award".into(),
        title: "千葉市ものづくり大賞".into(),
        ..Default::default()
    }
    .validate(&city(CHIBA))
    .unwrap();
    app.store
        .add_evaluation(p, &award, &Actor::system("test"))
        .await
        .unwrap();
}

async fn referrals_of(app: &TestApp, p: &ProductRecord) -> Vec<ReferralRecord> {
    let all = ListScope {
        all: true,
        ..Default::default()
    };
    let q = ReferralQuery {
        product: Some(p.id),
        ..Default::default()
    };
    let page = app.store.referrals(&all, &q, PageRequest::new(1, 10));
    page.await.unwrap().items
}

/// A move on a preparation at its current version.
async fn step(app: &TestApp, node: &TestApp, to: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let id: i64 = to.rsplit('/').next().unwrap().parse().unwrap();
    let p = app.store.preparation(PreparationId(id)).await.unwrap();
    let v = p.version.to_string();
    let mut fields = fields.to_vec();
    fields.push(("version", &v));
    posted(node, &format!("{to}/move"), &fields).await
}

/// A referral move at its current version.
async fn referral_move(app: &TestApp, node: &TestApp, r: &ReferralRecord, m: &str) {
    let now = app.store.referral(r.id).await.unwrap().unwrap();
    let v = now.version.to_string();
    let path = format!("/referrals/{}/move", r.id);
    let (status, body) = posted(node, &path, &[("move", m), ("version", &v)]).await;
    assert_eq!(status, 303, "{m}: {body}");
}

#[tokio::test]
async fn a_coordinator_prepares_a_selection_which_an_officer_returns_and_approves() {
    for app in TestApp::each(false).await {
        let (firm_record, product) = company(&app, "準備テスト医工株式会社", CHIBA).await;
        award(&app, &product).await;
        let (officer, _) = person(&app, &[staff(CHIBA, false)]).await;
        let (foundation, _) = person(&app, &[staff(CHIBA, true)]).await;
        let (prep, c) = person(&app, &[coordinator(CHIBA)]).await;
        let (colleague, _) = person(&app, &[coordinator(CHIBA)]).await;
        let (elsewhere, _) = person(&app, &[coordinator(HIROSHIMA)]).await;
        let own = Role::CompanyUser {
            company: firm_record.id.0,
        };
        let (firm, _) = person(&app, &[own]).await;
        let product_page = format!("/products/{}", product.id);
        let form = format!("/products/{}/referral-preparations", product.id);

        // The coordinator finds the way from the product's page; the officer refers directly.
        let (_, page) = prep.get_text(&product_page).await;
        assert!(page.contains("/referral-preparations/new"), "{page}");
        assert!(
            !officer
                .get_text(&product_page)
                .await
                .1
                .contains("/referral-preparations/new")
        );
        assert_eq!(prep.status(&format!("{form}/new")).await, 200);

        // Who may prepare: the city's coordinators and staff; not the company (which reads its
        // product) nor another city (which does not).
        let ready = [
            ("receiving", HIROSHIMA),
            ("note", "褥瘡予防の実績があり、広島市の病院に合う"),
        ];
        assert_eq!(posted(&firm, &form, &ready).await.0, 403);
        assert_eq!(posted(&elsewhere, &form, &ready).await.0, 404);
        let (status, page) = posted(&prep, &form, &[("receiving", CHIBA)]).await;
        assert_eq!(status, 422);
        assert!(
            page.contains("href=\"#f-receiving\"") && page.contains("href=\"#f-note\""),
            "{page}"
        );
        let (status, to) = posted(&prep, &form, &ready).await;
        assert_eq!(status, 303, "{to}");
        assert!(
            referrals_of(&app, &product).await.is_empty(),
            "nothing made before approval"
        );
        let (_, notices) = officer.get_text("/notifications").await;
        assert!(notices.contains("承認をお願いします"), "{notices}");

        // Read by the city's people; moved by its parties only.
        for node in [&officer, &foundation, &colleague, &prep] {
            assert_eq!(node.status(&to).await, 200);
        }
        assert_eq!(elsewhere.status(&to).await, 404);
        assert_eq!(firm.status(&to).await, 404);
        assert_eq!(step(&app, &prep, &to, &[("move", "approve")]).await.0, 403);
        assert_eq!(
            step(&app, &foundation, &to, &[("move", "approve")]).await.0,
            403
        );
        let (status, page) = step(&app, &officer, &to, &[("move", "return")]).await;
        assert_eq!(status, 422);
        assert!(page.contains("href=\"#f-text\""), "{page}");
        let back = [
            ("move", "return"),
            ("text", "紹介先で想定する販路を書き加えてください"),
        ];
        assert_eq!(step(&app, &officer, &to, &back).await.0, 303);
        assert!(prep.get_text("/notifications").await.1.contains("差し戻す"));
        let (_, caseload) = officer.get_text(&format!("/cities/{CHIBA}/caseload")).await;
        assert!(caseload.contains("差戻し（修正待ち）"), "{caseload}");
        assert_eq!(
            elsewhere.status(&format!("/cities/{CHIBA}/caseload")).await,
            404
        );

        // Revised by its preparer only, then approved: the referral at ①, the coordinator
        // named as who helped, the company asked to consent.
        let revised = "褥瘡予防の実績があり、広島市の急性期病院と介護施設に合う";
        let again = [("move", "resubmit"), ("note", revised)];
        assert_eq!(step(&app, &colleague, &to, &again).await.0, 403);
        assert_eq!(step(&app, &prep, &to, &again).await.0, 303);
        let id: i64 = to.rsplit('/').next().unwrap().parse().unwrap();
        let stale = app
            .store
            .preparation(PreparationId(id))
            .await
            .unwrap()
            .version
            - 1;
        let (status, _) = posted(
            &officer,
            &format!("{to}/move"),
            &[("move", "approve"), ("version", &stale.to_string())],
        )
        .await;
        assert_eq!(status, 409, "a stale approval");
        assert_eq!(
            step(&app, &officer, &to, &[("move", "approve")]).await.0,
            303
        );
        let made = referrals_of(&app, &product).await;
        assert_eq!(made.len(), 1);
        assert_eq!(made[0].reason, revised);
        let p = app.store.preparation(PreparationId(id)).await.unwrap();
        assert_eq!(p.referral_id, Some(made[0].id));
        let events = app.store.referral_events(made[0].id).await.unwrap();
        assert_eq!(events[0].helped_coordinator_id, Some(c), "{events:?}");
        assert!(
            firm.get_text("/notifications")
                .await
                .1
                .contains("紹介の候補に選ばれました")
        );
        assert_eq!(step(&app, &prep, &to, &[("move", "withdraw")]).await.0, 409);

        // Prepared again for the same city while that referral is open: not approved.
        let (status, second) = posted(&foundation, &form, &ready).await;
        assert_eq!(status, 303, "{second}");
        let (status, body) = step(&app, &officer, &second, &[("move", "approve")]).await;
        assert_eq!(status, 409);
        assert!(body.contains("すでに進行中"), "{body}");
        assert_eq!(referrals_of(&app, &product).await.len(), 1);

        // Overdue after 3 開庁日: the officers reminded once, however many nodes remind.
        let later = chrono::Utc::now() + chrono::Duration::days(10);
        let one = renkei_app::App::new(app.store.clone(), "http://renkei.test");
        let two = renkei_app::App::new(app.store.clone(), "http://renkei.test");
        let (a, b) = tokio::join!(
            renkei_app::referrals::preparations::remind(&one, later),
            renkei_app::referrals::preparations::remind(&two, later)
        );
        assert_eq!(a.unwrap() + b.unwrap(), 1, "one reminder between the nodes");
        let again = renkei_app::referrals::preparations::remind(&one, later);
        assert_eq!(again.await.unwrap(), 0);
    }
}

#[tokio::test]
async fn the_receiving_citys_coordinator_prepares_targets_and_any_coordinator_records_support() {
    for app in TestApp::each(false).await {
        let (firm_record, product) = company(&app, "販路準備テスト株式会社", CHIBA).await;
        award(&app, &product).await;
        let (officer, _) = person(&app, &[staff(CHIBA, false)]).await;
        let (reader, _) = person(&app, &[staff(CHIBA, true)]).await;
        let (local, _) = person(&app, &[coordinator(CHIBA)]).await;
        let (host, _) = person(&app, &[staff(HIROSHIMA, false)]).await;
        let (scout, _) = person(&app, &[coordinator(HIROSHIMA)]).await;
        let own = Role::CompanyUser {
            company: firm_record.id.0,
        };
        let (firm, _) = person(&app, &[own]).await;
        let system = Actor::system("test");
        let mut targets = Vec::new();
        for (code, name) in [
            (HIROSHIMA, "広島準備病院"),
            (HIROSHIMA, "広島準備施設"),
            (CHIBA, "千葉準備病院"),
        ] {
            let t = renkei_domain::target::TargetDraft {
                kind: "hospital".into(),
                name: name.into(),
                ..Default::default()
            }
            .validate()
            .unwrap();
            let home = city(code);
            let t = app.store.create_sales_target(&home, &t, &system).await;
            targets.push(t.unwrap().id.0.to_string());
        }

        // A referral sent and accepted by 広島市.
        let select = [("receiving", HIROSHIMA), ("reason", "広島市の病院に合う")];
        let path = format!("/products/{}/referrals/new", product.id);
        assert_eq!(posted(&officer, &path, &select).await.0, 303);
        let r = referrals_of(&app, &product).await.remove(0);
        let v = app
            .store
            .referral(r.id)
            .await
            .unwrap()
            .unwrap()
            .version
            .to_string();
        let consent = [
            ("kind_hospital", "on"),
            ("agree", "on"),
            ("version", v.as_str()),
        ];
        assert_eq!(
            posted(&firm, &format!("/referrals/{}/consent", r.id), &consent)
                .await
                .0,
            303
        );
        referral_move(&app, &officer, &r, "send").await;
        let to_prepare = format!("/referrals/{}/target-preparations", r.id);
        assert_eq!(
            posted(&scout, &to_prepare, &[("targets", &targets[0])])
                .await
                .0,
            409
        );
        referral_move(&app, &host, &r, "accept").await;

        // 広島市's coordinator prepares two of its targets; 千葉市's own target is refused.
        let (_, page) = scout.get_text(&format!("/referrals/{}", r.id)).await;
        assert!(page.contains("/target-preparations/new"), "{page}");
        assert_eq!(scout.status(&format!("{to_prepare}/new")).await, 200);
        // The sending city's coordinator reads the referral: it is not theirs to prepare.
        assert_eq!(
            posted(&local, &to_prepare, &[("targets", &targets[0])])
                .await
                .0,
            403
        );
        let (status, page) = posted(&scout, &to_prepare, &[("targets", &targets[2])]).await;
        assert_eq!(status, 422);
        assert!(page.contains("href=\"#f-targets\""), "{page}");
        let both = [
            ("targets", targets[0].as_str()),
            ("targets", targets[1].as_str()),
        ];
        let (status, to) = posted(&scout, &to_prepare, &both).await;
        assert_eq!(status, 303, "{to}");
        assert!(app.store.referral_targets(r.id).await.unwrap().is_empty());
        assert_eq!(
            officer.status(&to).await,
            404,
            "the sending city has no part in it"
        );
        assert_eq!(step(&app, &host, &to, &[("move", "approve")]).await.0, 303);
        let added = app.store.referral_targets(r.id).await.unwrap();
        assert_eq!(added.len(), 2, "{added:?}");

        // The JSON API: the same preparation, and a move refused to the preparer.
        let id = to.rsplit('/').next().unwrap();
        let (status, json) = scout
            .get_json(&format!("/api/v1/referral-preparations/{id}"))
            .await;
        assert_eq!(status, 200);
        assert_eq!(json["state"], "approved");
        assert_eq!(json["targets"].as_array().unwrap().len(), 2);

        // Support recorded by the product's city's coordinator; not by read-only staff nor
        // by another city's coordinator.
        let support = [
            ("measure", "common.medical-engineering-coordinators"),
            ("provider", "own"),
            ("outcome", "展示会での説明資料を一緒に作成"),
        ];
        let to_support = format!("/products/{}/support", product.id);
        assert_eq!(posted(&reader, &to_support, &support).await.0, 403);
        assert_eq!(posted(&scout, &to_support, &support).await.0, 404);
        assert_eq!(posted(&local, &to_support, &support).await.0, 303);
        let kept = app.store.product_support(product.id).await.unwrap();
        assert!(
            kept.iter()
                .any(|s| s.outcome == "展示会での説明資料を一緒に作成")
        );
    }
}
