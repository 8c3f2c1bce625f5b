//! Expert dispatch through the pages, on each test database: the desk keeps the city's
//! roster and its yearly cap; a company asks for an expert on its case; the desk approves
//! within the cap (over it, refused with why); the coordinator working the case records the
//! visits (the fee by the expert's rule) and closes with the expert's report, which becomes
//! a support record on the product; the city's counts and costs as a page and a file; each
//! refusal answered with why and nothing written; the overdue step reminded once.

use renkei_domain::access::Role;
use renkei_store::{Actor, ConsultationId, DispatchId};

use crate::consultations::{company, person, posted};
use crate::helpers::{TestApp, audit_actions, city, staff};

const CHIBA: &str = "121002";
const REPORT: &str = "クラスⅡの認証基準に適合する見込み。試験項目を整理した";

/// The id at the end of a redirect (`/dispatches/7?saved=1` → 7).
fn id_of(to: &str, prefix: &str) -> i64 {
    to.trim_start_matches(prefix)
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// The desk's roster: every problem named and nothing written, read-only staff refused, a
/// company's people not told it exists; an expert added and the cap set. The expert's id.
async fn roster(app: &TestApp, desk: &TestApp, reader: &TestApp, firm: &TestApp) -> i64 {
    let experts = "/cities/121002/experts";
    let (status, page) = posted(desk, experts, &[("organisation", "薬事事務所")]).await;
    assert_eq!(status, 422, "{page}");
    for f in ["name", "fields", "hourly_fee"] {
        assert!(page.contains(&format!(r##"href="#f-{f}""##)), "{f}: {page}");
    }
    assert!(page.contains("薬事事務所"), "the form keeps what was typed");
    let expert = [
        ("name", "薬事 花子"),
        ("organisation", "薬事コンサルティング事務所"),
        ("field_regulatory", "1"),
        ("field_clinical", "1"),
        ("hourly_fee", "１５，０００円"),
        ("visit_fee", "2000"),
        ("availability", "平日午後"),
    ];
    assert_eq!(posted(reader, experts, &expert).await.0, 403);
    assert_eq!(firm.status(experts).await, 404);
    assert!(
        app.store
            .experts_of(&city(CHIBA), true)
            .await
            .unwrap()
            .is_empty()
    );
    let (status, to) = posted(desk, experts, &expert).await;
    assert_eq!(status, 303, "{to}");
    let x = app.store.experts_of(&city(CHIBA), true).await.unwrap();
    assert_eq!((x.len(), x[0].hourly_fee), (1, 15_000));
    let id = x[0].id.0;
    // A change from an older version is refused; the current one is saved.
    let page = format!("{experts}/{id}");
    let mut change = expert.to_vec();
    change.push(("version", "0"));
    assert_eq!(posted(desk, &page, &change).await.0, 409);
    change.pop();
    change.push(("version", "1"));
    change[6] = ("availability", "平日午後（月2回まで）");
    assert_eq!(posted(desk, &page, &change).await.0, 303);
    let (_, shown) = desk.get_text(experts).await;
    assert!(shown.contains("月2回まで") && shown.contains("15,000円／時間＋2,000円／回"));
    let cap = "/cities/121002/dispatch-cap";
    assert_eq!(
        posted(desk, cap, &[("yearly_visits", "たくさん")]).await.0,
        422
    );
    assert_eq!(posted(desk, cap, &[("yearly_visits", "2")]).await.0, 303);
    assert_eq!(app.store.dispatch_cap(&city(CHIBA)).await.unwrap(), 2);
    id
}

#[tokio::test]
async fn an_expert_is_dispatched_within_the_cap_and_the_report_becomes_support() {
    for app in TestApp::each(false).await {
        let (c, p) = company(&app, "派遣テスト医工株式会社").await;
        let (firm, _) = person(&app, &[Role::CompanyUser { company: c.id.0 }]).await;
        let (desk, _) = person(&app, &[staff(CHIBA, false)]).await;
        let (reader, _) = person(&app, &[staff(CHIBA, true)]).await;
        let (coordinator, coordinator_id) =
            person(&app, &[Role::Coordinator { city: city(CHIBA) }]).await;
        let (osaka, _) = person(&app, &[staff("271004", false)]).await;
        let expert = roster(&app, &desk, &reader, &firm).await.to_string();
        // The company asks a 薬事 question about its product.
        let pid = p.id.0.to_string();
        let ask = [
            ("kind", "regulatory"),
            ("subject", "認証基準への適合の相談"),
            ("product", pid.as_str()),
        ];
        let (status, to) = posted(&firm, &format!("/companies/{}/consultations", c.id), &ask).await;
        assert_eq!(status, 303, "{to}");
        let case = id_of(&to, "/consultations/");
        // It asks for the expert: a field the expert does not cover is refused.
        let request = format!("/consultations/{case}/dispatches");
        let wrong = [
            ("expert", expert.as_str()),
            ("field", "design"),
            ("purpose", "認証基準の確認"),
            ("planned_visits", "3"),
        ];
        let (status, page) = posted(&firm, &request, &wrong).await;
        assert_eq!(status, 422);
        assert!(page.contains(r##"href="#f-field""##), "{page}");
        let dispatches = app
            .store
            .dispatches_of_case(ConsultationId(case))
            .await
            .unwrap();
        assert!(dispatches.is_empty());
        let mut fields = wrong;
        fields[1] = ("field", "regulatory");
        let (status, to) = posted(&firm, &request, &fields).await;
        assert_eq!(status, 303, "{to}");
        let id = id_of(&to, "/dispatches/");
        let path = format!("/dispatches/{id}");
        assert_eq!(osaka.status(&path).await, 404, "another city's staff");
        let (_, page) = firm.get_text(&format!("/consultations/{case}")).await;
        assert!(page.contains(&format!("/dispatches/{id}")) && page.contains("承認待ち"));
        approve(&app, &desk, &reader, id).await;
        visits(
            &app,
            (&desk, &firm, &coordinator),
            (case, coordinator_id),
            id,
        )
        .await;
        close(&app, (&desk, &firm, &coordinator), id, p.id.0).await;
    }
}

async fn version(app: &TestApp, id: i64) -> String {
    app.store
        .dispatch(DispatchId(id))
        .await
        .unwrap()
        .version
        .to_string()
}

/// Three visits planned against a cap of two: refused with why; within a cap of five, the
/// desk approves (read-only staff may not).
async fn approve(app: &TestApp, desk: &TestApp, reader: &TestApp, id: i64) {
    let step = format!("/dispatches/{id}/move");
    let v = version(app, id).await;
    let approve = [("move", "approve"), ("version", v.as_str())];
    let (status, page) = posted(desk, &step, &approve).await;
    assert_eq!(status, 409, "{page}");
    assert!(page.contains("上限"), "{page}");
    assert_eq!(
        posted(
            desk,
            "/cities/121002/dispatch-cap",
            &[("yearly_visits", "5")]
        )
        .await
        .0,
        303
    );
    assert_eq!(posted(reader, &step, &approve).await.0, 403);
    let (_, page) = desk.get_text(&format!("/dispatches/{id}")).await;
    assert!(
        page.contains("上限") && page.contains("派遣を承認"),
        "{page}"
    );
    assert_eq!(posted(desk, &step, &approve).await.0, 303);
}

/// Visits: closing before any is refused; the coordinator records them once the case is
/// handed to them (the company may not), every problem named; the fee by the expert's rule.
async fn visits(
    app: &TestApp,
    (desk, firm, coordinator): (&TestApp, &TestApp, &TestApp),
    (case, coordinator_id): (i64, i64),
    id: i64,
) {
    let v = version(app, id).await;
    let close = [("move", "close"), ("version", v.as_str()), ("text", REPORT)];
    let (status, page) = posted(desk, &format!("/dispatches/{id}/move"), &close).await;
    assert_eq!(status, 409);
    assert!(page.contains("訪問"), "{page}");
    let visits = format!("/dispatches/{id}/visits");
    let visit = [
        ("date", "2026-12-01"),
        ("hours", "１．５時間"),
        ("note", "試験項目の整理"),
    ];
    assert_eq!(
        posted(coordinator, &visits, &visit).await.0,
        403,
        "not handed to them yet"
    );
    let cv = app
        .store
        .consultation(ConsultationId(case))
        .await
        .unwrap()
        .version
        .to_string();
    let handler = coordinator_id.to_string();
    let take_in = [
        ("move", "take_in"),
        ("version", cv.as_str()),
        ("handler", handler.as_str()),
    ];
    assert_eq!(
        posted(desk, &format!("/consultations/{case}/move"), &take_in)
            .await
            .0,
        303
    );
    assert_eq!(posted(firm, &visits, &visit).await.0, 403);
    let wrong = [("date", "来週"), ("hours", "0.25"), ("fee", "x")];
    let (status, page) = posted(coordinator, &visits, &wrong).await;
    assert_eq!(status, 422);
    for f in ["date", "hours", "fee"] {
        assert!(page.contains(&format!(r##"href="#f-{f}""##)), "{f}");
    }
    assert_eq!(posted(coordinator, &visits, &visit).await.0, 303);
    let second = [
        ("date", "令和8年11月24日"),
        ("hours", "2"),
        ("fee", "30000"),
    ];
    assert_eq!(posted(desk, &visits, &second).await.0, 303);
    let list = app.store.dispatch_visits(DispatchId(id)).await.unwrap();
    // By day: the second visit (11-24) first, at the fee given; then 15,000 × 1.5 + 2,000.
    let fees: Vec<i64> = list.iter().map(|v| v.fee).collect();
    assert_eq!(fees, vec![30_000, 24_500]);
}

/// The coordinator closes with the report: support on the product for the measure of the
/// field; the company told; the counts and the file; the trail.
async fn close(
    app: &TestApp,
    (desk, firm, coordinator): (&TestApp, &TestApp, &TestApp),
    id: i64,
    product: i64,
) {
    let v = version(app, id).await;
    let step = format!("/dispatches/{id}/move");
    let empty = [("move", "close"), ("version", v.as_str())];
    let (status, page) = posted(coordinator, &step, &empty).await;
    assert_eq!(status, 422);
    assert!(page.contains(r##"href="#f-text""##), "{page}");
    let close = [("move", "close"), ("version", v.as_str()), ("text", REPORT)];
    assert_eq!(posted(firm, &step, &close).await.0, 403);
    assert_eq!(posted(coordinator, &step, &close).await.0, 303);
    let closed = app.store.dispatch(DispatchId(id)).await.unwrap();
    assert!(closed.support_record_id.is_some());
    let (_, page) = desk.get_text(&format!("/products/{product}")).await;
    assert!(
        page.contains(REPORT) && page.contains("専門家派遣（薬事）"),
        "{page}"
    );
    let (_, page) = firm.get_text("/notifications").await;
    assert!(page.contains(&format!("専門家派遣#{id}")), "{page}");
    let (_, page) = desk.get_text("/cities/121002/dispatches").await;
    assert!(
        page.contains("派遣テスト医工株式会社") && page.contains("54,500"),
        "{page}"
    );
    assert!(page.contains("3.5"), "hours in all: {page}");
    let file = crate::exports::both(desk, "/cities/121002/dispatches").await;
    assert_eq!(file.rows.len(), 1);
    let row = &file.rows[0].cells;
    assert_eq!(row[0], id.to_string());
    assert!(
        row.contains(&"54500".to_owned()) && row.contains(&"薬事 花子".to_owned()),
        "{row:?}"
    );
    let actions = audit_actions(app, Some(CHIBA), 40).await;
    for a in [
        "expert.create",
        "expert.update",
        "dispatch.cap",
        "dispatch.request",
        "dispatch.approve",
        "dispatch.visit",
        "dispatch.close",
        "product.support",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} missing: {actions:?}");
    }
}

/// An expert put on Chiba's roster for one field at an hourly fee.
async fn on_roster(
    app: &TestApp,
    name: &str,
    field: &str,
    fee: &str,
) -> renkei_store::ExpertRecord {
    let x = renkei_domain::dispatch::ExpertDraft {
        name: name.into(),
        fields: vec![field.into()],
        hourly_fee: fee.into(),
        active: true,
        ..Default::default()
    }
    .validate()
    .unwrap();
    let actor = Actor::system("test");
    app.store
        .insert_expert(&city(CHIBA), &x, &actor)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_dispatch_waiting_for_approval_is_reminded_once_and_the_company_may_cancel() {
    for app in TestApp::each(false).await {
        let (c, _) = company(&app, "派遣リマインド株式会社").await;
        let (firm, _) = person(&app, &[Role::CompanyUser { company: c.id.0 }]).await;
        let (desk, _) = person(&app, &[staff(CHIBA, false)]).await;
        let expert = on_roster(&app, "知財 次郎", "ip", "10000").await;
        let ask = [("kind", "ip"), ("subject", "特許出願の相談")];
        let (_, to) = posted(&firm, &format!("/companies/{}/consultations", c.id), &ask).await;
        let case = id_of(&to, "/consultations/");
        let eid = expert.id.0.to_string();
        let fields = [
            ("expert", eid.as_str()),
            ("field", "ip"),
            ("purpose", "先行技術調査"),
            ("planned_visits", "1"),
        ];
        let (status, to) =
            posted(&firm, &format!("/consultations/{case}/dispatches"), &fields).await;
        assert_eq!(status, 303, "{to}");
        let id = id_of(&to, "/dispatches/");
        let later = chrono::Utc::now() + chrono::Duration::days(6);
        let one = renkei_app::App::new(app.store.clone(), "http://renkei.test");
        let two = renkei_app::App::new(app.store.clone(), "http://renkei.test");
        let (a, b) = tokio::join!(
            renkei_app::dispatches::remind(&one, later),
            renkei_app::dispatches::remind(&two, later)
        );
        assert_eq!(
            a.unwrap() + b.unwrap(),
            1,
            "one reminder between the two nodes"
        );
        assert_eq!(
            renkei_app::dispatches::remind(&one, later).await.unwrap(),
            0
        );
        let (_, page) = desk.get_text("/notifications").await;
        assert!(page.contains(&format!("専門家派遣#{id}")), "{page}");
        let v = version(&app, id).await;
        let cancel = [
            ("move", "cancel"),
            ("version", v.as_str()),
            ("text", "社内で対応できた"),
        ];
        assert_eq!(
            posted(&firm, &format!("/dispatches/{id}/move"), &cancel)
                .await
                .0,
            303
        );
        let r = app.store.dispatch(DispatchId(id)).await.unwrap();
        assert_eq!(r.state, renkei_domain::dispatch::State::Cancelled);
        let v = r.version.to_string();
        let approve = [("move", "approve"), ("version", v.as_str())];
        let (status, page) = posted(&desk, &format!("/dispatches/{id}/move"), &approve).await;
        assert_eq!(status, 409, "an ended dispatch moves no more");
        assert!(page.contains("終了"), "{page}");
    }
}

#[tokio::test]
async fn the_api_asks_approves_visits_and_closes_a_dispatch_as_the_pages_do() {
    use reqwest::Method;
    use serde_json::json;
    for app in TestApp::each(false).await {
        let (c, p) = company(&app, "API派遣株式会社").await;
        let (firm, _) = person(&app, &[Role::CompanyUser { company: c.id.0 }]).await;
        let (desk, _) = person(&app, &[staff(CHIBA, false)]).await;
        let expert = on_roster(&app, "臨床 五郎", "clinical", "20000").await;
        let ask = json!({"kind": "development", "subject": "臨床評価の相談", "product": p.id.0});
        let open = format!("/api/v1/companies/{}/consultations", c.id);
        let (_, case) = firm.send_json(Method::POST, &open, &ask).await;
        let asks = format!("/api/v1/consultations/{}/dispatches", case["id"]);
        let (status, body) = firm.send_json(Method::POST, &asks, &json!({})).await;
        assert_eq!(status, 422);
        assert_eq!(
            crate::helpers::error_fields(&body),
            ["expert", "field", "purpose", "planned_visits"]
        );
        let input = json!({"expert": expert.id.0, "field": "clinical",
            "purpose": "臨床評価の計画", "planned_visits": 1});
        let (status, d) = firm.send_json(Method::POST, &asks, &input).await;
        assert_eq!(status, 201, "{d}");
        assert_eq!(
            (d["state"].as_str(), d["waiting_on"].as_str()),
            (Some("requested"), Some("desk"))
        );
        assert_eq!(d["measure"], "development.expert-dispatch");
        let id = d["id"].as_i64().unwrap();
        let moves = format!("/api/v1/dispatches/{id}/moves");
        let approve = json!({"move": "approve", "version": 1});
        assert_eq!(firm.send_json(Method::POST, &moves, &approve).await.0, 403);
        let (status, after) = desk.send_json(Method::POST, &moves, &approve).await;
        assert_eq!((status, after["state"].as_str()), (200, Some("approved")));
        let visits = format!("/api/v1/dispatches/{id}/visits");
        let (status, body) = desk
            .send_json(Method::POST, &visits, &json!({"hours": "1"}))
            .await;
        assert_eq!(status, 422);
        assert_eq!(crate::helpers::error_fields(&body), ["date"]);
        let future = json!({"date": "2099-01-01", "hours": "1"});
        let (status, body) = desk.send_json(Method::POST, &visits, &future).await;
        assert_eq!(status, 422, "no visit after today");
        assert_eq!(crate::helpers::error_fields(&body), ["date"]);
        let visit = json!({"date": "2026-11-30", "hours": "1.5", "note": "評価計画の確認"});
        let (status, v) = desk.send_json(Method::POST, &visits, &visit).await;
        assert_eq!((status, v["fee"].as_i64()), (201, Some(30_000)), "{v}");
        // One visit was planned and approved: no second one; and, visited, it is not called
        // off but closed with the report.
        let (status, body) = desk.send_json(Method::POST, &visits, &visit).await;
        assert_eq!(status, 409, "{body}");
        let cancel = json!({"move": "cancel", "version": 2});
        let (status, body) = firm.send_json(Method::POST, &moves, &cancel).await;
        assert_eq!(status, 409, "{body}");
        assert!(body.to_string().contains("完了してください"), "{body}");
        let close = json!({"move": "close", "version": 2, "text": "評価項目を整理した"});
        let (status, after) = desk.send_json(Method::POST, &moves, &close).await;
        assert_eq!(
            (status, after["state"].as_str()),
            (200, Some("closed")),
            "{after}"
        );
        let (status, read) = firm.get_json(&format!("/api/v1/dispatches/{id}")).await;
        assert_eq!(status, 200);
        assert_eq!(read["visits"][0]["minutes"], 90);
        assert_eq!(read["history"].as_array().unwrap().len(), 3);
        assert!(read["dispatch"]["support_record"].is_i64());
        let (other, _) = person(&app, &[staff("271004", false)]).await;
        assert_eq!(
            other.get_json(&format!("/api/v1/dispatches/{id}")).await.0,
            404
        );
    }
}

/// Two approvals for one company at the same moment, on two nodes, against a cap that
/// leaves room for one: exactly one passes, the other is refused with why.
#[tokio::test]
async fn two_approvals_at_once_never_both_pass_the_cap() {
    for app in TestApp::each(false).await {
        let (c, _) = company(&app, "同時承認テスト株式会社").await;
        let (firm, _) = person(&app, &[Role::CompanyUser { company: c.id.0 }]).await;
        let (desk, _) = person(&app, &[staff(CHIBA, false)]).await;
        let (other_desk, _) = person(&app, &[staff(CHIBA, false)]).await;
        let (reader, _) = person(&app, &[staff(CHIBA, true)]).await;
        let expert = roster(&app, &desk, &reader, &firm).await.to_string();
        let cap = "/cities/121002/dispatch-cap";
        assert_eq!(posted(&desk, cap, &[("yearly_visits", "3")]).await.0, 303);
        let ask = [("kind", "regulatory"), ("subject", "同時承認の確認")];
        let (_, to) = posted(&firm, &format!("/companies/{}/consultations", c.id), &ask).await;
        let case = id_of(&to, "/consultations/");
        let mut ids = Vec::new();
        for purpose in ["認証基準の確認", "試験項目の確認"] {
            let fields = [
                ("expert", expert.as_str()),
                ("field", "regulatory"),
                ("purpose", purpose),
                ("planned_visits", "2"),
            ];
            let (status, to) =
                posted(&firm, &format!("/consultations/{case}/dispatches"), &fields).await;
            assert_eq!(status, 303, "{to}");
            ids.push(id_of(&to, "/dispatches/"));
        }
        let (a, b) = (ids[0], ids[1]);
        let (va, vb) = (version(&app, a).await, version(&app, b).await);
        let (move_a, move_b) = (
            format!("/dispatches/{a}/move"),
            format!("/dispatches/{b}/move"),
        );
        let (form_a, form_b) = (
            [("move", "approve"), ("version", va.as_str())],
            [("move", "approve"), ("version", vb.as_str())],
        );
        let (first, second) = tokio::join!(
            posted(&desk, &move_a, &form_a),
            posted(&other_desk, &move_b, &form_b),
        );
        let mut statuses = [first.0, second.0];
        statuses.sort_unstable();
        assert_eq!(statuses, [303, 409], "{} / {}", first.1, second.1);
        let refused = if first.0 == 409 { &first.1 } else { &second.1 };
        assert!(refused.contains("上限"), "{refused}");
    }
}
