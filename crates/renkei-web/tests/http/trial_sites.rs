//! Clinical and verification sites (治験・実証先) through the pages and the API, on each test
//! database: the desk opens a site request on a case, linked to the city's trial-funding
//! call (a call of another measure is refused); Renkei suggests the city's hospital (a
//! sales-channel target); a facility outside the designated cities, added by hand, waits for
//! the company's consent, which the company refuses; the company withdraws another; the
//! hospital agrees, is introduced and concluded; the request is closed into a support record
//! for the trial-coordinator measure. The API reads the request with its candidates and
//! makes a move, with the same refusals.

use renkei_domain::access::Role;
use renkei_domain::partnering::State;
use renkei_store::{Actor, PartnerRequestId};
use serde_json::json;

use crate::brokering::{CHIBA, candidate, case_of, company, posted, step};
use crate::helpers::{TestApp, audit_actions, city, staff};

#[tokio::test]
async fn sites_are_found_approached_with_consent_and_closed_into_support() {
    for app in TestApp::each(false).await {
        let (c, p) = company(&app, "治験依頼医工株式会社", CHIBA).await;
        let system = Actor::system("test");
        let hospital = renkei_domain::target::TargetDraft {
            kind: "hospital".into(),
            name: "千葉臨床研究病院".into(),
            departments: "リハビリテーション科".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        let hospital = app
            .store
            .create_sales_target(&city(CHIBA), &hospital, &system)
            .await
            .unwrap();
        let funding = app
            .store
            .create_call(
                &city(CHIBA),
                "clinical.trial-funding",
                "令和8年度 治験資金支援",
                &system,
            )
            .await
            .unwrap();
        let other = app
            .store
            .create_call(
                &city(CHIBA),
                "development.grants-loans",
                "開発補助金",
                &system,
            )
            .await
            .unwrap();
        let firm = app.another_node().await;
        firm.sign_in_as(&[Role::CompanyUser { company: c.id.0 }])
            .await;
        let desk = app.another_node().await;
        desk.sign_in_as(&[staff(CHIBA, false)]).await;
        let case = case_of(&firm, &c, &p).await;
        let (_, page) = desk.get_text(&case).await;
        assert!(
            page.contains("令和8年度 治験資金支援"),
            "the call is offered"
        );
        assert!(!page.contains("開発補助金"), "only trial funding");
        let path = format!("{case}/partner-requests");
        let (call, wrong_call) = (funding.id.to_string(), other.id.to_string());
        let mut fields = vec![
            ("purpose", "sites"),
            ("kind", "verification"),
            ("detail", "回復期の病棟で離床センサーを評価したい"),
            ("words", "臨床研究"),
            ("call", wrong_call.as_str()),
        ];
        assert_eq!(
            posted(&desk, &path, &fields).await.0,
            422,
            "not a trial call"
        );
        fields[4] = ("call", call.as_str());
        let (status, to) = posted(&desk, &path, &fields).await;
        assert_eq!(status, 303, "{to}");
        let id: i64 = to.rsplit('/').next().unwrap().parse().unwrap();
        let r = app
            .store
            .partner_request(PartnerRequestId(id))
            .await
            .unwrap();
        assert_eq!(r.call_id, Some(funding.id));

        let (_, page) = desk.get_text(&to).await;
        let key = format!("target:{}", hospital.id);
        assert!(
            page.contains(&key) && page.contains("令和8年度 治験資金支援"),
            "{page}"
        );
        let add = format!("{to}/candidates");
        assert_eq!(posted(&desk, &add, &[("candidate", &key)]).await.0, 303);
        for name in ["遠方の介護施設", "県立リハビリセンター"] {
            assert_eq!(posted(&desk, &add, &[("name", name)]).await.0, 303);
        }
        let away = (id, "遠方の介護施設");
        let approach = [("move", "approach")];
        assert_eq!(
            step(&app, &desk, away, &approach).await.0,
            409,
            "outside: consent"
        );
        assert_eq!(
            step(&app, &desk, away, &[("move", "ask_consent")]).await.0,
            303
        );
        assert_eq!(step(&app, &firm, away, &[("move", "refuse")]).await.0, 303);
        assert_eq!(
            candidate(&app, id, "遠方の介護施設").await.1,
            State::Refused
        );
        let centre = (id, "県立リハビリセンター");
        let withdraw = [("move", "withdraw"), ("text", "自社で当たる")];
        assert_eq!(
            step(&app, &firm, centre, &withdraw).await.0,
            303,
            "the company may"
        );
        let (_, page) = desk.get_text("/notifications").await;
        assert!(
            page.contains("治験・実証先の確保"),
            "the desk is told: {page}"
        );

        api(&app, &firm, &desk, id).await;

        let v = app
            .store
            .partner_request(PartnerRequestId(id))
            .await
            .unwrap()
            .version
            .to_string();
        let close = [
            ("outcome", "site-agreed"),
            ("close_text", "千葉臨床研究病院で実証"),
            ("version", v.as_str()),
        ];
        assert_eq!(posted(&desk, &format!("{to}/close"), &close).await.0, 303);
        let (_, page) = desk.get_text(&format!("/products/{}", p.id)).await;
        assert!(
            page.contains("千葉臨床研究病院で実証"),
            "support on the product"
        );
        assert!(
            page.contains("治験コーディネーター"),
            "the trial-coordinator measure"
        );
        let actions = audit_actions(&app, Some(CHIBA), 60).await;
        for a in [
            "partner_candidate.refuse",
            "partner_candidate.withdraw",
            "partner_request.close",
        ] {
            assert!(actions.iter().any(|x| x == a), "{a} in {actions:?}");
        }
    }
}

/// The API: the request with its candidates; the hospital's moves, each only to its party.
async fn api(app: &TestApp, firm: &TestApp, desk: &TestApp, id: i64) {
    let (status, body) = desk
        .get_json(&format!("/api/v1/partner-requests/{id}"))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["request"]["purpose"], "sites");
    assert_eq!(body["request"]["measure"], "clinical.trial-coordinator");
    assert_eq!(body["candidates"].as_array().unwrap().len(), 3);
    let (cid, _, v) = candidate(app, id, "千葉臨床研究病院").await;
    let path = format!("/api/v1/partner-candidates/{cid}/moves");
    let version: i64 = v.parse().unwrap();
    let m = json!({"move": "approach", "version": version});
    let (status, _) = firm.send_json(reqwest::Method::POST, &path, &m).await;
    assert_eq!(status, 403, "the desk's step");
    let (status, body) = desk.send_json(reqwest::Method::POST, &path, &m).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["state"], "approached");
    let (status, _) = desk.send_json(reqwest::Method::POST, &path, &m).await;
    assert_eq!(status, 409, "a stale version");
    for (i, code) in ["agree", "introduce"].iter().enumerate() {
        let m = json!({"move": code, "version": version + 1 + i as i64});
        let (status, body) = desk.send_json(reqwest::Method::POST, &path, &m).await;
        assert_eq!(status, 200, "{code}: {body}");
    }
    let m = json!({"move": "conclude", "version": version + 3});
    let (status, body) = desk.send_json(reqwest::Method::POST, &path, &m).await;
    assert_eq!(status, 422, "{body}");
    let m = json!({"move": "conclude", "version": version + 3, "outcome": "contracted"});
    let (status, body) = desk.send_json(reqwest::Method::POST, &path, &m).await;
    assert_eq!((status, body["state"].as_str()), (200, Some("concluded")));
    let case = app
        .store
        .partner_request(PartnerRequestId(id))
        .await
        .unwrap()
        .consultation_id;
    let open = json!({"purpose": "brokering", "kind": "software", "detail": "アプリ開発の相手"});
    let path = format!("/api/v1/consultations/{case}/partner-requests");
    let (status, _) = firm.send_json(reqwest::Method::POST, &path, &open).await;
    assert_eq!(status, 403);
    let (status, body) = desk.send_json(reqwest::Method::POST, &path, &open).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["purpose"], "brokering");
}

/// The coordinator the case was handed to works its requests; read-only staff and a
/// coordinator it was not handed to read them but do not move them; a candidate waiting on
/// the company's consent is reminded once, however many nodes remind; the company's
/// refusal is told to those who work the case.
#[tokio::test]
async fn the_handler_works_a_request_and_a_consent_waiting_is_reminded_once() {
    for app in TestApp::each(false).await {
        use crate::consultations::person;
        let (c, p) = company(&app, "担当者確認医工株式会社", CHIBA).await;
        let (firm, _) = person(&app, &[Role::CompanyUser { company: c.id.0 }]).await;
        let (desk, _) = person(&app, &[staff(CHIBA, false)]).await;
        let (reader, _) = person(&app, &[staff(CHIBA, true)]).await;
        let coordinator = Role::Coordinator { city: city(CHIBA) };
        let (handler, handler_id) = person(&app, std::slice::from_ref(&coordinator)).await;
        let (other, _) = person(&app, &[coordinator]).await;
        let case = case_of(&firm, &c, &p).await;
        let id: i64 = case.rsplit('/').next().unwrap().parse().unwrap();
        let v = app
            .store
            .consultation(renkei_store::ConsultationId(id))
            .await
            .unwrap()
            .version
            .to_string();
        let h = handler_id.to_string();
        let take_in = [("move", "take_in"), ("version", &v), ("handler", &h)];
        assert_eq!(
            posted(&desk, &format!("{case}/move"), &take_in).await.0,
            303
        );
        let open = [
            ("purpose", "sites"),
            ("kind", "trial"),
            ("detail", "治験の実施医療機関"),
        ];
        let path = format!("{case}/partner-requests");
        for node in [&reader, &other] {
            assert_eq!(posted(node, &path, &open).await.0, 403);
        }
        let (status, to) = posted(&handler, &path, &open).await;
        assert_eq!(status, 303, "the handler opens one: {to}");
        let rid: i64 = to.rsplit('/').next().unwrap().parse().unwrap();
        let add = format!("{to}/candidates");
        let hand = [("name", "治験施設支援機関（例）")];
        for node in [&reader, &other] {
            assert_eq!(node.get_text(&to).await.0, 200, "they read it");
            assert_eq!(posted(node, &add, &hand).await.0, 403);
        }
        assert_eq!(posted(&handler, &add, &hand).await.0, 303);
        let named = (rid, "治験施設支援機関（例）");
        let ask = [("move", "ask_consent")];
        assert_eq!(step(&app, &reader, named, &ask).await.0, 403);
        assert_eq!(step(&app, &handler, named, &ask).await.0, 303);
        let later = chrono::Utc::now() + chrono::Duration::days(8);
        let one = renkei_app::App::new(app.store.clone(), "http://renkei.test");
        let two = renkei_app::App::new(app.store.clone(), "http://renkei.test");
        let (a, b) = tokio::join!(
            renkei_app::partnering::remind(&one, later),
            renkei_app::partnering::remind(&two, later)
        );
        assert_eq!(a.unwrap() + b.unwrap(), 1, "one reminder between the nodes");
        assert_eq!(
            renkei_app::partnering::remind(&one, later).await.unwrap(),
            0
        );
        let (_, page) = firm.get_text("/notifications").await;
        assert!(page.contains("予定の期間を過ぎています"), "{page}");
        assert_eq!(step(&app, &firm, named, &[("move", "refuse")]).await.0, 303);
        let (_, page) = handler.get_text("/notifications").await;
        assert!(
            page.contains("情報の提供に同意しない"),
            "the handler is told: {page}"
        );
    }
}
