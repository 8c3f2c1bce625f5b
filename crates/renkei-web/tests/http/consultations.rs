//! Consultation cases through the pages, on each test database: a company asks its city's
//! desk about a product, the desk hands the case to a coordinator, who asks the company,
//! writes notes and next actions and, once the company answers, closes it with a summary
//! that becomes a support record on the product; each refusal answered with why and nothing
//! written; the overdue step reminded once with two nodes.

use renkei_domain::access::Role;
use renkei_domain::company::CompanyDraft;
use renkei_domain::identity::Email;
use renkei_domain::product::ProductDraft;
use renkei_store::{
    Actor, CompanyRecord, ConsultationId, ConsultationQuery, PageRequest, ProductRecord,
};

use crate::helpers::{TestApp, audit_actions, city, location, staff};

const CHIBA: &str = "121002";

pub(crate) async fn company(app: &TestApp, name: &str) -> (CompanyRecord, ProductRecord) {
    let draft = CompanyDraft {
        name: name.into(),
        ..Default::default()
    }
    .validate(&city(CHIBA))
    .unwrap();
    let system = Actor::system("test");
    let c = app
        .store
        .create_company(&draft, &[], &system)
        .await
        .unwrap();
    let p = ProductDraft {
        name: format!("{name}の見守りセンサー"),
        stage: "4".into(),
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

/// A node signed in with `roles`, and its account's id.
pub(crate) async fn person(app: &TestApp, roles: &[Role]) -> (TestApp, i64) {
    let node = app.another_node().await;
    let email = node.sign_in_as(roles).await;
    let (user, _) = app
        .store
        .user_by_email(&Email::parse(&email).unwrap())
        .await
        .unwrap()
        .unwrap();
    (node, user.id.0)
}

pub(crate) async fn posted(node: &TestApp, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let r = node.post_form(path, fields).await;
    let status = r.status().as_u16();
    let to = location(&r);
    let body = r.text().await.unwrap_or_default();
    (status, if status == 303 { to } else { body })
}

async fn version(app: &TestApp, id: i64) -> String {
    let r = app.store.consultation(ConsultationId(id)).await.unwrap();
    r.version.to_string()
}

/// The people of a case: the company's, the desk's (full and read-only), the coordinator.
struct Scene {
    c: CompanyRecord,
    p: ProductRecord,
    firm: TestApp,
    desk: TestApp,
    reader: TestApp,
    coordinator: TestApp,
    coordinator_id: i64,
}

#[tokio::test]
async fn a_case_is_asked_handed_over_answered_and_closed_into_support() {
    for app in TestApp::each(false).await {
        let (c, p) = company(&app, "相談テスト医工株式会社").await;
        let (firm, _) = person(&app, &[Role::CompanyUser { company: c.id.0 }]).await;
        let (desk, _) = person(&app, &[staff(CHIBA, false)]).await;
        let (reader, _) = person(&app, &[staff(CHIBA, true)]).await;
        let coordinator_role = Role::Coordinator { city: city(CHIBA) };
        let (coordinator, coordinator_id) = person(&app, &[coordinator_role]).await;
        let s = Scene {
            c,
            p,
            firm,
            desk,
            reader,
            coordinator,
            coordinator_id,
        };
        let id = ask(&app, &s).await;
        hand_over(&app, &s, id).await;
        notes(&app, &s, id).await;
        answer_and_close(&app, &s, id).await;
    }
}

/// Asking: every problem named, nothing written; another company's product refused; then
/// the case, on the desk's list and nobody else's.
async fn ask(app: &TestApp, s: &Scene) -> i64 {
    let (other, other_p) = company(app, "別の株式会社").await;
    let ask = format!("/companies/{}/consultations", s.c.id);
    let pid = s.p.id.0.to_string();
    let (status, page) = posted(&s.firm, &ask, &[("detail", "クラス分類を知りたい")]).await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains(r##"href="#f-kind""##) && page.contains(r##"href="#f-subject""##));
    assert!(
        page.contains("クラス分類を知りたい"),
        "the form keeps what was typed"
    );
    let foreign = other_p.id.0.to_string();
    let fields = [
        ("kind", "regulatory"),
        ("subject", "クラス分類の相談"),
        ("product", foreign.as_str()),
    ];
    let (status, page) = posted(&s.firm, &ask, &fields).await;
    assert_eq!(status, 422);
    assert!(page.contains(r##"href="#f-product""##), "{page}");
    let none = app.store.consultations_of_company(s.c.id).await.unwrap();
    assert!(none.is_empty());
    let fields = [
        ("kind", "regulatory"),
        ("subject", "クラス分類の相談"),
        ("detail", "見守りセンサーが医療機器に当たるか知りたい"),
        ("product", pid.as_str()),
    ];
    let (status, to) = posted(&s.firm, &ask, &fields).await;
    assert_eq!(status, 303, "{to}");
    let id: i64 = to
        .trim_start_matches("/consultations/")
        .trim_end_matches("?saved=1")
        .parse()
        .unwrap();
    let (status, page) = s.desk.get_text("/cities/121002/consultations").await;
    assert_eq!(status, 200);
    assert!(page.contains("クラス分類の相談") && page.contains("相談テスト医工株式会社"));
    let (outsider, _) = person(
        app,
        &[Role::CompanyUser {
            company: other.id.0,
        }],
    )
    .await;
    assert_eq!(outsider.status(&format!("/consultations/{id}")).await, 404);
    id
}

/// Taking it in is the desk's (the company and read-only staff are refused, a handler is
/// required, a second try is a conflict); the coordinator it was handed to asks the company.
async fn hand_over(app: &TestApp, s: &Scene, id: i64) {
    let step = format!("/consultations/{id}/move");
    let v = version(app, id).await;
    let take_in = [("move", "take_in"), ("version", v.as_str())];
    assert_eq!(posted(&s.firm, &step, &take_in).await.0, 403);
    assert_eq!(posted(&s.reader, &step, &take_in).await.0, 403);
    let (status, page) = posted(&s.desk, &step, &take_in).await;
    assert_eq!(status, 422, "no handler chosen");
    assert!(page.contains(r##"href="#f-handler""##));
    let handler = s.coordinator_id.to_string();
    let take_in = [
        ("move", "take_in"),
        ("version", v.as_str()),
        ("handler", handler.as_str()),
    ];
    assert_eq!(posted(&s.desk, &step, &take_in).await.0, 303);
    // The same form sent again (an older version): someone already moved it.
    assert_eq!(posted(&s.desk, &step, &take_in).await.0, 409);
    let v = version(app, id).await;
    let empty = [("move", "ask_company"), ("version", v.as_str())];
    let (status, page) = posted(&s.coordinator, &step, &empty).await;
    assert_eq!(status, 422);
    assert!(page.contains(r##"href="#f-text""##), "{page}");
    let asked = [
        ("move", "ask_company"),
        ("version", v.as_str()),
        ("text", QUESTION),
    ];
    assert_eq!(posted(&s.coordinator, &step, &asked).await.0, 303);
}

const QUESTION: &str = "使用目的と測定項目の資料をお送りください";

/// Notes and next actions: the coordinator writes them, the company does not see them; a
/// next action is ticked done once.
async fn notes(app: &TestApp, s: &Scene, id: i64) {
    let case = format!("/consultations/{id}");
    let notes = format!("{case}/notes");
    let (status, page) = posted(&s.coordinator, &notes, &[("body", "x"), ("due", "来週")]).await;
    assert_eq!(status, 422);
    assert!(page.contains(r##"href="#f-due""##));
    let action = [
        ("body", "PMDA の相談枠を確認する"),
        ("due", "令和9年1月15日"),
    ];
    assert_eq!(posted(&s.coordinator, &notes, &action).await.0, 303);
    assert_eq!(
        posted(&s.firm, &notes, &[("body", "企業のメモ")]).await.0,
        403
    );
    let (_, page) = s.desk.get_text(&case).await;
    assert!(page.contains("PMDA の相談枠を確認する") && page.contains("令和9年1月15日"));
    let (_, page) = s.firm.get_text(&case).await;
    assert!(
        page.contains(QUESTION),
        "the company reads what it was asked"
    );
    assert!(
        !page.contains("PMDA の相談枠を確認する"),
        "and not the notes"
    );
    let note = app
        .store
        .consultation_notes(ConsultationId(id))
        .await
        .unwrap();
    let done = note[0].id.to_string();
    assert_eq!(
        posted(&s.desk, &notes, &[("done", done.as_str())]).await.0,
        303
    );
    assert_eq!(
        posted(&s.desk, &notes, &[("done", done.as_str())]).await.0,
        409
    );
}

/// The company answers; the case is worked again and closes into support on the product;
/// the company was told, and the trail has every step.
async fn answer_and_close(app: &TestApp, s: &Scene, id: i64) {
    let case = format!("/consultations/{id}");
    let step = format!("{case}/move");
    let v = version(app, id).await;
    let answer = [
        ("move", "answer"),
        ("version", v.as_str()),
        ("text", "資料を添付しました"),
    ];
    assert_eq!(posted(&s.firm, &step, &answer).await.0, 303);
    let v = version(app, id).await;
    let summary = "非医療機器（健康機器）として販売できると整理した";
    let close = [
        ("move", "close"),
        ("version", v.as_str()),
        ("text", summary),
    ];
    assert_eq!(
        posted(&s.firm, &step, &close).await.0,
        403,
        "not the company's step"
    );
    assert_eq!(posted(&s.coordinator, &step, &close).await.0, 303);
    let closed = app.store.consultation(ConsultationId(id)).await.unwrap();
    assert!(closed.support_record_id.is_some());
    let (_, page) = s.desk.get_text(&format!("/products/{}", s.p.id)).await;
    assert!(
        page.contains(summary),
        "the summary is support on the product"
    );
    assert!(page.contains("相談窓口"), "for the measure of its kind");
    let (_, page) = s.firm.get_text(&case).await;
    assert!(page.contains("完了") && page.contains("期限内"), "{page}");
    let (_, page) = s.firm.get_text("/notifications").await;
    assert!(page.contains("企業への確認") && page.contains(&format!("相談#{id}")));
    let actions = audit_actions(app, Some(CHIBA), 30).await;
    for a in [
        "consultation.open",
        "consultation.take_in",
        "consultation.ask_company",
        "consultation.note",
        "consultation.action_done",
        "consultation.answer",
        "consultation.close",
        "product.support",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} missing: {actions:?}");
    }
    let open = ConsultationQuery::default();
    let page = app
        .store
        .consultations_of(&city(CHIBA), &open, PageRequest::new(1, 50))
        .await
        .unwrap();
    assert_eq!(page.total, 0, "a closed case leaves the desk's open list");
    // Every case, as CSV and Excel: the closed one with its outcome.
    let file = crate::exports::both(&s.desk, "/cities/121002/consultations?state=all").await;
    assert_eq!(file.rows.len(), 1);
    let row = &file.rows[0].cells;
    assert_eq!(row[0], id.to_string());
    assert!(row.contains(&summary.to_owned()) && row.contains(&"完了".to_owned()));
}

#[tokio::test]
async fn an_overdue_case_is_reminded_once_with_two_nodes() {
    for app in TestApp::each(false).await {
        let (c, _) = company(&app, "リマインド確認株式会社").await;
        let (firm, _) = person(&app, &[Role::CompanyUser { company: c.id.0 }]).await;
        let (desk, _) = person(&app, &[staff(CHIBA, false)]).await;
        let fields = [("kind", "ip"), ("subject", "特許出願の相談")];
        let ask = format!("/companies/{}/consultations", c.id);
        assert_eq!(posted(&firm, &ask, &fields).await.0, 303);
        let later = chrono::Utc::now() + chrono::Duration::days(5);
        let one = renkei_app::App::new(app.store.clone(), "http://renkei.test");
        let two = renkei_app::App::new(app.store.clone(), "http://renkei.test");
        let (a, b) = tokio::join!(
            renkei_app::consultations::remind(&one, later),
            renkei_app::consultations::remind(&two, later)
        );
        assert_eq!(
            a.unwrap() + b.unwrap(),
            1,
            "one reminder between the two nodes"
        );
        let again = renkei_app::consultations::remind(&one, later)
            .await
            .unwrap();
        assert_eq!(again, 0);
        let (_, page) = desk.get_text("/notifications").await;
        assert!(page.contains("特許出願の相談") && page.contains("予定の期間を過ぎています"));
    }
}

#[tokio::test]
async fn the_demo_has_every_state_of_case_in_each_pilot_city() {
    for app in TestApp::each(true).await {
        renkei_web::demo::load_accounts(&app.store).await.unwrap();
        renkei_web::demo::load_consultations(&app.store)
            .await
            .unwrap();
        for code in renkei_domain::city::PILOT_CITIES {
            let all = ConsultationQuery {
                all: true,
                ..Default::default()
            };
            let cases = app
                .store
                .consultations_of(&city(code), &all, PageRequest::new(1, 50))
                .await
                .unwrap()
                .items;
            let mut states: Vec<&str> = cases.iter().map(|c| c.state.code()).collect();
            states.sort_unstable();
            assert_eq!(
                states,
                [
                    "closed",
                    "in_progress",
                    "in_progress",
                    "in_progress",
                    "new",
                    "waiting_on_company"
                ],
                "{code}"
            );
            let closed = cases.iter().find(|c| c.state.is_end()).unwrap();
            assert!(
                closed.support_record_id.is_some(),
                "{code}: support recorded"
            );
            assert!(cases.iter().all(|c| c.product_id.is_some()));
            // The city's roster, a dispatch closed into support and one waiting for approval.
            assert_eq!(
                app.store
                    .experts_of(&city(code), false)
                    .await
                    .unwrap()
                    .len(),
                4
            );
            let year = renkei_domain::jdate::fiscal_year(renkei_app::consultations::today());
            let dispatches = app.store.dispatches_of(&city(code), year).await.unwrap();
            let mut states: Vec<&str> =
                dispatches.iter().map(|d| d.dispatch.state.code()).collect();
            states.sort_unstable();
            assert_eq!(states, ["closed", "requested"], "{code}");
            let closed = dispatches
                .iter()
                .find(|d| d.dispatch.state.is_end())
                .unwrap();
            assert!(closed.dispatch.support_record_id.is_some() && closed.visits.len() == 1);
            // The bridges: to PMDA closed into support, to AMED waiting for consent.
            let pmda = cases
                .iter()
                .find(|c| c.subject == "PMDA への事前相談の準備")
                .unwrap();
            let bridges = app.store.bridges_of_case(pmda.id).await.unwrap();
            let mut states: Vec<&str> = bridges.iter().map(|b| b.state.code()).collect();
            states.sort_unstable();
            assert_eq!(states, ["awaiting_consent", "closed"], "{code}");
            assert!(
                bridges
                    .iter()
                    .any(|b| b.support_record_id.is_some() && b.share_with_amed)
            );
        }
    }
}

#[tokio::test]
async fn the_api_opens_lists_and_moves_a_case_as_the_pages_do() {
    use reqwest::Method;
    use serde_json::json;
    for app in TestApp::each(false).await {
        let (c, p) = company(&app, "API相談株式会社").await;
        let (firm, _) = person(&app, &[Role::CompanyUser { company: c.id.0 }]).await;
        let (desk, desk_id) = person(&app, &[staff(CHIBA, false)]).await;
        let open = format!("/api/v1/companies/{}/consultations", c.id);
        let (status, body) = firm.send_json(Method::POST, &open, &json!({})).await;
        assert_eq!(status, 422);
        assert_eq!(crate::helpers::error_fields(&body), ["kind", "subject"]);
        let ask = json!({"kind": "funding", "subject": "補助金の対象経費", "product": p.id.0});
        let (status, case) = firm.send_json(Method::POST, &open, &ask).await;
        assert_eq!(status, 201, "{case}");
        assert_eq!(case["waiting_on"], "desk");
        let id = case["id"].as_i64().unwrap();
        let (status, list) = desk.get_json("/api/v1/cities/121002/consultations").await;
        assert_eq!(status, 200);
        assert_eq!(list["total"], 1);
        assert_eq!(list["items"][0]["subject"], "補助金の対象経費");
        let moves = format!("/api/v1/consultations/{id}/moves");
        let take_in = json!({"move": "take_in", "version": 1, "handler": desk_id});
        let (status, _) = firm.send_json(Method::POST, &moves, &take_in).await;
        assert_eq!(status, 403, "not the company's step");
        let (status, after) = desk.send_json(Method::POST, &moves, &take_in).await;
        assert_eq!(status, 200, "{after}");
        assert_eq!(after["state"], "in_progress");
        assert_eq!(after["handler"], desk_id);
        let (_, stale) = desk.send_json(Method::POST, &moves, &take_in).await;
        assert_eq!(stale["errors"][0]["status"], "409");
        let (status, read) = firm.get_json(&format!("/api/v1/consultations/{id}")).await;
        assert_eq!(status, 200);
        assert!(read["notes"].is_null(), "the company reads no notes");
        assert_eq!(read["service_level"]["first_answer_met"], true);
        let (_, read) = desk.get_json(&format!("/api/v1/consultations/{id}")).await;
        assert!(read["notes"].is_array());
        assert_eq!(read["history"].as_array().unwrap().len(), 2);
    }
}
