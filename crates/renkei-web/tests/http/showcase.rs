//! The showcase on each test database: a product of 熊本市 that was never shown is found by
//! no other city, in the list, the search or the API; its company's people show it (not
//! without the consent box, not its city's staff for it) and 千葉市's officer then finds it
//! by じょくそう in the list, the search and the API, reads its evaluations, and asks 熊本市
//! to refer it, which starts a referral at ① there (熊本市 is told; twice is refused; a
//! read-only officer, the home city and an ineligible product are refused); shown to anyone,
//! an anonymous visitor finds it too; withdrawn, it is gone everywhere again.

use renkei_domain::access::{ListScope, Role};
use renkei_domain::company::CompanyDraft;
use renkei_domain::product::{EvaluationDraft, ProductDraft};
use renkei_domain::referral::State;
use renkei_store::{
    Actor, CompanyRecord, PageRequest, ProductRecord, ReferralQuery, ReferralRecord,
};

use crate::brokering::{CHIBA, posted};
use crate::consultations::person;
use crate::helpers::{TestApp, audit_actions, city, staff};

const KUMAMOTO: &str = "431001";
const NAME: &str = "床擦れ（褥瘡）予防管理システム";

/// What the list, the search and the API show `node` when it looks for じょくそう.
async fn finds(node: &TestApp, p: &ProductRecord) -> (bool, bool, bool) {
    let link = format!("/showcase/{}", p.id);
    let (_, list) = node
        .get_text("/showcase?q=%E3%81%98%E3%82%87%E3%81%8F%E3%81%9D%E3%81%86")
        .await;
    let (_, search) = node
        .get_text("/search?q=%E3%81%98%E3%82%87%E3%81%8F%E3%81%9D%E3%81%86")
        .await;
    let api = node
        .get("/api/v1/showcase?q=%E3%81%98%E3%82%87%E3%81%8F%E3%81%9D%E3%81%86")
        .await;
    let json: serde_json::Value = api.json().await.unwrap();
    let in_api = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["product"] == p.id.0);
    (list.contains(&link), search.contains(&link), in_api)
}

/// A company of 熊本市 with its product `product`.
async fn company(app: &TestApp, name: &str, product: &str) -> (CompanyRecord, ProductRecord) {
    let system = Actor::system("test");
    let draft = CompanyDraft {
        name: name.into(),
        ..Default::default()
    }
    .validate(&city(KUMAMOTO))
    .unwrap();
    let c = app
        .store
        .create_company(&draft, &[], &system)
        .await
        .unwrap();
    let p = ProductDraft {
        name: product.into(),
        summary: "入院患者の床擦れの予防と早期回復を図る".into(),
        stage: "7".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    let p = app
        .store
        .create_product(&c, &p, None, &system)
        .await
        .unwrap();
    (c, p)
}

/// The referrals of a product.
async fn referrals(app: &TestApp, p: &ProductRecord) -> Vec<ReferralRecord> {
    let all = ListScope {
        all: true,
        ..Default::default()
    };
    let q = ReferralQuery {
        product: Some(p.id),
        ..Default::default()
    };
    app.store
        .referrals(&all, &q, PageRequest::new(1, 10))
        .await
        .unwrap()
        .items
}

async fn award(app: &TestApp, p: &ProductRecord) {
    let award = EvaluationDraft {
        kind: "award".into(),
        title: "熊本市ものづくり大賞".into(),
        ..Default::default()
    }
    .validate(&city(KUMAMOTO))
    .unwrap();
    app.store
        .add_evaluation(p, &award, &Actor::system("test"))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_showcased_product_is_found_by_other_cities_and_asked_for_until_withdrawn() {
    for app in TestApp::each(false).await {
        let (c, p) = company(&app, "ゼロシステム株式会社", NAME).await;
        award(&app, &p).await;
        let own = Role::CompanyUser { company: c.id.0 };
        let (firm, _) = person(&app, &[own]).await;
        let (chiba, _) = person(&app, &[staff(CHIBA, false)]).await;
        let (reader, _) = person(&app, &[staff(CHIBA, true)]).await;
        let (home, _) = person(&app, &[staff(KUMAMOTO, false)]).await;
        let anonymous = app.another_node().await;
        let page = format!("/showcase/{}", p.id);
        let form = format!("/products/{}/showcase", p.id);

        // Never shown: nobody of another city finds it.
        assert_eq!(finds(&chiba, &p).await, (false, false, false));
        assert_eq!(chiba.get_text(&page).await.0, 404);
        assert_eq!(chiba.get(&format!("/api/v1{page}")).await.status(), 404);

        // Shown by its company's people only, with the consent.
        let fields = [
            ("summary", "褥瘡の予防と早期回復を支援する"),
            ("channels", "hospital"),
            ("channels", "care-facility"),
            ("audience", "network"),
        ];
        let (status, body) = posted(&firm, &form, &fields).await;
        assert_eq!(status, 422);
        assert!(body.contains(r##"href="#f-agree""##), "{body}");
        assert!(
            body.contains("褥瘡の予防と早期回復を支援する"),
            "what was typed stays"
        );
        let agreed = [&fields[..], &[("agree", "1")]].concat();
        assert_eq!(
            posted(&home, &form, &agreed).await.0,
            403,
            "not the city's to give"
        );
        assert!(app.store.showcase(p.id).await.unwrap().is_none());
        assert_eq!(posted(&firm, &form, &agreed).await.0, 303);
        let s = app.store.showcase(p.id).await.unwrap().unwrap();
        assert_eq!(s.wording_version, renkei_domain::showcase::WORDING_VERSION);
        assert!(s.wording.contains("ゼロシステム株式会社") && s.wording.contains(NAME));
        assert_eq!(s.channels.len(), 2);

        // 千葉市 finds it by its reading; an anonymous visitor does not (network only).
        assert_eq!(finds(&chiba, &p).await, (true, true, true));
        assert_eq!(finds(&anonymous, &p).await, (false, false, false));
        let (status, body) = chiba.get_text(&page).await;
        assert_eq!(status, 200);
        assert!(body.contains("熊本市ものづくり大賞") && body.contains("病院・介護施設"));
        assert!(body.contains("referral-request"), "the form to ask");
        assert_eq!(anonymous.get_text(&page).await.0, 303, "sign in first");

        // Asking for it: not read-only staff, not the home city, not without a reason.
        let ask = format!("{page}/referral-request");
        let why = [("reason", "市内の病院で褥瘡対策の需要がある")];
        assert_eq!(posted(&reader, &ask, &why).await.0, 403);
        assert_eq!(posted(&home, &ask, &why).await.0, 403);
        let (status, body) = posted(&chiba, &ask, &[("reason", " ")]).await;
        assert_eq!(status, 422);
        assert!(body.contains(r##"href="#f-reason""##), "{body}");
        let (status, to) = posted(&chiba, &ask, &why).await;
        assert_eq!(status, 303, "{to}");
        let asked = referrals(&app, &p).await;
        assert_eq!(asked.len(), 1);
        let r = &asked[0];
        assert_eq!(
            (r.state, r.receiving_city, r.sending_city),
            (State::Selected, city(CHIBA), city(KUMAMOTO))
        );
        assert!(r.reason.contains("千葉市からの紹介依頼"), "{}", r.reason);
        let (_, notices) = home.get_text("/notifications").await;
        assert!(
            notices.contains("紹介の依頼"),
            "the home city is told: {notices}"
        );
        let (status, body) = posted(&chiba, &ask, &why).await;
        assert_eq!(status, 422, "one open referral per city");
        assert!(body.contains("すでに進行中"));

        // Shown to anyone: the anonymous visitor finds it.
        let public = [&fields[..2], &[("audience", "public"), ("agree", "1")]].concat();
        assert_eq!(posted(&firm, &form, &public).await.0, 303);
        // (The search page asks an anonymous visitor to sign in.)
        assert_eq!(finds(&anonymous, &p).await, (true, false, true));
        assert_eq!(anonymous.get_text(&page).await.0, 200);
        let (c2, _) = company(&app, "別の医工株式会社", "別の製品").await;
        let (other_firm, _) = person(&app, &[Role::CompanyUser { company: c2.id.0 }]).await;
        assert_eq!(finds(&other_firm, &p).await, (true, true, true));

        // Withdrawn: gone everywhere.
        assert_eq!(posted(&firm, &form, &[("remove", "1")]).await.0, 303);
        assert_eq!(finds(&chiba, &p).await, (false, false, false));
        assert_eq!(finds(&anonymous, &p).await, (false, false, false));
        assert_eq!(chiba.get_text(&page).await.0, 404);
        let actions = audit_actions(&app, Some(KUMAMOTO), 100).await;
        for a in ["product.showcase.set", "product.showcase.remove"] {
            assert!(actions.iter().any(|x| x == a), "{a}: {actions:?}");
        }
    }
}

#[tokio::test]
async fn a_product_not_yet_evaluated_is_shown_but_not_referred() {
    for app in TestApp::each(false).await {
        let (c, p) = company(&app, "評価前医工株式会社", "見守りセンサー").await;
        let (firm, _) = person(&app, &[Role::CompanyUser { company: c.id.0 }]).await;
        let (chiba, _) = person(&app, &[staff(CHIBA, false)]).await;
        let fields = [
            ("summary", "見守りセンサー"),
            ("channels", "hospital"),
            ("audience", "network"),
            ("agree", "1"),
        ];
        let form = format!("/products/{}/showcase", p.id);
        assert_eq!(posted(&firm, &form, &fields).await.0, 303);
        let ask = format!("/showcase/{}/referral-request", p.id);
        let (status, body) = posted(&chiba, &ask, &[("reason", "需要がある")]).await;
        assert_eq!(status, 422, "{body}");
        assert!(body.contains(r##"href="#f-reason""##));
        assert!(referrals(&app, &p).await.is_empty());
    }
}
