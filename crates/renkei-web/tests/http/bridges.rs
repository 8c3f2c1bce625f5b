//! Bridges to national bodies through the pages, on each test database: the desk prepares a
//! request to PMDA from a company's case (the fields filled in from it, then edited), asks
//! the company's consent; sending and the document are refused before it; the company
//! consents (to some fields, and to AMED), the document holds only those; sent, the reply due
//! in 開庁日, replied, closed into a support record on the product; another company's people
//! and another city's staff do not see it; the administrator's page of national bodies.

use renkei_domain::access::Role;
use renkei_domain::company::CompanyDraft;
use renkei_domain::product::ProductDraft;
use renkei_store::{Actor, BridgeId, CompanyRecord, ProductRecord};

use crate::event_meetings::pdf_text;
use crate::helpers::{TestApp, audit_actions, city, location, staff};

const CHIBA: &str = "121002";
const SAITAMA: &str = "111007";

async fn company(app: &TestApp, name: &str) -> (CompanyRecord, ProductRecord) {
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
        name: format!("{name}の褥瘡予防センサー"),
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

async fn posted(node: &TestApp, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let r = node.post_form(path, fields).await;
    let status = r.status().as_u16();
    let to = location(&r);
    let body = r.text().await.unwrap_or_default();
    (status, if status == 303 { to } else { body })
}

struct Scene {
    c: CompanyRecord,
    p: ProductRecord,
    firm: TestApp,
    desk: TestApp,
}

#[tokio::test]
async fn a_case_is_bridged_to_pmda_with_consent_sent_replied_and_closed_into_support() {
    for app in TestApp::each(false).await {
        let (c, p) = company(&app, "橋渡しテスト医工株式会社").await;
        let firm = app.another_node().await;
        firm.sign_in_as(&[Role::CompanyUser { company: c.id.0 }])
            .await;
        let desk = app.another_node().await;
        desk.sign_in_as(&[staff(CHIBA, false)]).await;
        let s = Scene { c, p, firm, desk };
        let id = prepare(&app, &s).await;
        before_consent(&app, &s, id).await;
        consent_and_document(&app, &s, id).await;
        send_reply_close(&app, &s, id).await;
        others_do_not_see_it(&app, id).await;
        counts(&s).await;
    }
}

/// The company asks its desk; the desk bridges the case to PMDA's RS総合相談: the fields are
/// filled in from the case and the desk edits them.
async fn prepare(app: &TestApp, s: &Scene) -> i64 {
    let pid = s.p.id.0.to_string();
    let ask = [
        ("kind", "regulatory"),
        ("subject", "クラス分類とPMDA相談"),
        ("detail", "褥瘡予防センサーの承認申請の要否を知りたい"),
        ("product", pid.as_str()),
    ];
    let (status, to) = posted(
        &s.firm,
        &format!("/companies/{}/consultations", s.c.id),
        &ask,
    )
    .await;
    assert_eq!(status, 303, "{to}");
    let case = to.split('?').next().unwrap().to_owned();
    let (_, page) = s.firm.get_text(&case).await;
    assert!(
        !page.contains("国の機関へ橋渡し"),
        "the company does not bridge"
    );
    let (_, page) = s.desk.get_text(&case).await;
    assert!(page.contains("国の機関へ橋渡し"), "{page}");
    let pmda = app.store.national_bodies().await.unwrap();
    let pmda = pmda.iter().find(|b| b.code == "pmda").unwrap();
    let target = format!("{}:rs-general", pmda.id);
    let bridges = format!("{case}/bridges");
    let (status, _) = posted(&s.firm, &bridges, &[("target", &target)]).await;
    assert_eq!(status, 403, "the company does not open a bridge");
    let (status, _) = posted(&s.desk, &bridges, &[("target", "0:nothing")]).await;
    assert_eq!(status, 422);
    let (status, to) = posted(&s.desk, &bridges, &[("target", &target)]).await;
    assert_eq!(status, 303, "{to}");
    let id: i64 = to.rsplit('/').next().unwrap().parse().unwrap();
    let (_, page) = s.desk.get_text(&to).await;
    assert!(page.contains("RS総合相談") && page.contains("橋渡しテスト医工株式会社"));
    assert!(
        page.contains("褥瘡予防センサーの承認申請の要否を知りたい"),
        "{page}"
    );
    let b = app.store.bridge(BridgeId(id)).await.unwrap();
    assert_eq!(b.product_stage.as_deref(), Some("regulatory"));
    let mut answers: Vec<(&str, String)> = vec![("version", b.version.to_string())];
    for (label, answer) in &b.answers {
        let answer = if label.contains("希望") {
            "令和9年1月中旬".to_owned()
        } else {
            answer.clone()
        };
        answers.push(("answer", answer));
    }
    let fields: Vec<(&str, &str)> = answers.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let path = format!("/bridges/{id}/answers");
    assert_eq!(posted(&s.firm, &path, &fields).await.0, 403);
    // One answer too long: the page again with every answer as typed, nothing kept.
    let too_long = "長".repeat(4001);
    let mut wrong = fields.clone();
    wrong[1] = ("answer", too_long.as_str());
    let (status, page) = posted(&s.desk, &path, &wrong).await;
    assert_eq!(status, 422);
    assert!(page.contains(r##"href="#f-answers""##), "{page}");
    assert!(
        page.contains("令和9年1月中旬"),
        "the other answers stay as typed"
    );
    assert_eq!(posted(&s.desk, &path, &fields).await.0, 303);
    let b = app.store.bridge(BridgeId(id)).await.unwrap();
    assert!(b.answers.iter().any(|(_, a)| a == "令和9年1月中旬"));
    id
}

async fn version(app: &TestApp, id: i64) -> String {
    app.store
        .bridge(BridgeId(id))
        .await
        .unwrap()
        .version
        .to_string()
}

/// Nothing is sent, and no document made, before the company consents.
async fn before_consent(app: &TestApp, s: &Scene, id: i64) {
    let step = format!("/bridges/{id}/move");
    let v = version(app, id).await;
    let sent = [
        ("move", "mark_sent"),
        ("version", &v),
        ("date", "2025-12-25"),
    ];
    let (status, page) = posted(&s.desk, &step, &sent).await;
    assert_eq!(status, 409);
    assert!(page.contains("企業の同意を得るまでは"), "{page}");
    let (status, _) = s.firm.get_text(&format!("/bridges/{id}/request.pdf")).await;
    assert_eq!(status, 409, "no document before consent");
    let ask = [("move", "ask_consent"), ("version", &v)];
    assert_eq!(posted(&s.firm, &step, &ask).await.0, 403);
    assert_eq!(posted(&s.desk, &step, &ask).await.0, 303);
    let v = version(app, id).await;
    let (status, _) = posted(
        &s.desk,
        &step,
        &[
            ("move", "mark_sent"),
            ("version", &v),
            ("date", "2025-12-25"),
        ],
    )
    .await;
    assert_eq!(status, 409, "still not consented");
    let (status, _) = s.firm.get_text(&format!("/bridges/{id}/request.pdf")).await;
    assert_eq!(status, 409);
}

/// The company consents to all but the wished date, and to AMED; the document holds what it
/// agreed to.
async fn consent_and_document(app: &TestApp, s: &Scene, id: i64) {
    let step = format!("/bridges/{id}/move");
    let v = version(app, id).await;
    let b = app.store.bridge(BridgeId(id)).await.unwrap();
    let none = [("move", "consent"), ("version", v.as_str())];
    let (status, page) = posted(&s.firm, &step, &none).await;
    assert_eq!(status, 422, "at least one item");
    assert!(page.contains(r##"href="#f-shared""##), "{page}");
    let mut fields = vec![
        ("move", "consent"),
        ("version", v.as_str()),
        ("amed", "yes"),
    ];
    for (label, _) in b.answers.iter().filter(|(l, _)| !l.contains("希望")) {
        fields.push(("shared", label.as_str()));
    }
    assert_eq!(
        posted(&s.desk, &step, &fields).await.0,
        403,
        "the company's step"
    );
    assert_eq!(posted(&s.firm, &step, &fields).await.0, 303);
    let b = app.store.bridge(BridgeId(id)).await.unwrap();
    assert!(b.share_with_amed);
    assert_eq!(b.shared.as_ref().unwrap().len(), b.answers.len() - 1);
    let text = pdf_text(&s.firm, &format!("/bridges/{id}/request.pdf")).await;
    let flat: String = text.split_whitespace().collect();
    for expected in [
        "相談申込書",
        "RS総合相談",
        "橋渡しテスト医工株式会社",
        "相談したい事項",
        "開発段階",
        "AMED",
    ] {
        assert!(flat.contains(expected), "{expected} in {text}");
    }
    assert!(
        !flat.contains("令和9年1月中旬"),
        "only what was agreed: {text}"
    );
}

/// Sent on Friday 12-25: the reply is due three open days on, after the year-end closure;
/// replied and closed into support on the product.
async fn send_reply_close(app: &TestApp, s: &Scene, id: i64) {
    let step = format!("/bridges/{id}/move");
    let v = version(app, id).await;
    let sent = [
        ("move", "mark_sent"),
        ("version", &v),
        ("date", "2025-12-25"),
    ];
    assert_eq!(
        posted(&s.firm, &step, &sent).await.0,
        303,
        "the company may send it"
    );
    let b = app.store.bridge(BridgeId(id)).await.unwrap();
    assert_eq!(b.reply_due, chrono::NaiveDate::from_ymd_opt(2026, 1, 6));
    let (_, page) = s.desk.get_text(&format!("/bridges/{id}")).await;
    assert!(page.contains("令和8年1月6日"), "{page}");
    let v = version(app, id).await;
    let reply = [
        ("move", "record_reply"),
        ("version", &v),
        ("date", "2026-01-06"),
        ("text", "事前面談の日程候補の連絡あり"),
    ];
    let early = [
        ("move", "record_reply"),
        ("version", v.as_str()),
        ("date", "2025-12-01"),
        ("text", "送付前の日付"),
    ];
    let (status, page) = posted(&s.desk, &step, &early).await;
    assert_eq!(status, 422, "no reply before the day sent");
    assert!(page.contains("送付日より前"), "{page}");
    assert_eq!(posted(&s.firm, &step, &reply).await.0, 403);
    assert_eq!(posted(&s.desk, &step, &reply).await.0, 303);
    let v = version(app, id).await;
    let close = [
        ("move", "close"),
        ("version", &v),
        ("outcome", "held"),
        ("text", "クラスⅡで申請する方針"),
    ];
    assert_eq!(posted(&s.desk, &step, &close).await.0, 303);
    let b = app.store.bridge(BridgeId(id)).await.unwrap();
    assert!(b.support_record_id.is_some());
    let (_, page) = s.desk.get_text(&format!("/products/{}", s.p.id)).await;
    assert!(
        page.contains("クラスⅡで申請する方針"),
        "support on the product"
    );
    assert!(
        page.contains("薬事法に係る橋渡し支援"),
        "for the bridge's measure"
    );
    let again = [("move", "cancel"), ("version", &version(app, id).await)];
    assert_eq!(posted(&s.desk, &step, &again).await.0, 409, "ended");
    let actions = audit_actions(app, Some(CHIBA), 40).await;
    for a in [
        "bridge.open",
        "bridge.answers",
        "bridge.ask_consent",
        "bridge.consent",
        "bridge.mark_sent",
        "bridge.record_reply",
        "bridge.close",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} in {actions:?}");
    }
    let (_, page) = s.firm.get_text("/notifications").await;
    assert!(
        page.contains(&format!("橋渡し#{id}")),
        "the company is told"
    );
}

async fn others_do_not_see_it(app: &TestApp, id: i64) {
    let (other, _) = company(app, "別の医工株式会社").await;
    let stranger = app.another_node().await;
    stranger
        .sign_in_as(&[Role::CompanyUser {
            company: other.id.0,
        }])
        .await;
    let away = app.another_node().await;
    away.sign_in_as(&[staff(SAITAMA, false)]).await;
    for node in [&stranger, &away] {
        for path in [
            format!("/bridges/{id}"),
            format!("/bridges/{id}/request.pdf"),
        ] {
            assert_eq!(node.get_text(&path).await.0, 404, "{path}");
        }
    }
}

/// The counts: every city's staff see the network's figures, with CSV.
async fn counts(s: &Scene) {
    let (status, page) = s.desk.get_text("/bridges").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("RS総合相談") && page.contains("相談実施"),
        "{page}"
    );
    let (status, _) = s.firm.get_text("/bridges").await;
    assert_eq!(status, 403, "a company sees no network figures");
    let (status, csv) = s.desk.get_text("/bridges.csv").await;
    assert_eq!(status, 200);
    assert!(
        csv.contains("PMDA") && csv.contains("薬事法等関連相談"),
        "{csv}"
    );
}

#[tokio::test]
async fn the_administrator_keeps_the_national_bodies() {
    for app in TestApp::each(false).await {
        let desk = app.another_node().await;
        desk.sign_in_as(&[staff(CHIBA, false)]).await;
        assert_eq!(desk.get_text("/admin/national-bodies").await.0, 403);
        let admin = app.another_node().await;
        admin.sign_in_as(&[Role::PlatformAdmin]).await;
        let (status, page) = admin.get_text("/admin/national-bodies").await;
        assert_eq!(status, 200);
        assert!(page.contains("pmda") && page.contains("RS戦略相談 事前面談"));
        let wrong = [("code", "PMDA!"), ("types", "相談"), ("reply_days", "0")];
        let (status, page) = posted(&admin, "/admin/national-bodies/new", &wrong).await;
        assert_eq!(status, 422);
        for f in [
            "code",
            "name_ja",
            "name_en",
            "types",
            "reply_days",
            "fields",
        ] {
            assert!(page.contains(&format!(r##"href="#f-{f}""##)), "{f}: {page}");
        }
        let good = [
            ("code", "pmda"),
            ("name_ja", "厚生労働省 医療機器審査管理課"),
            ("name_en", "MHLW"),
            ("types", "general 一般相談"),
            ("reply_days", "5"),
            ("fields", "相談者\n相談したい事項"),
            ("active", "yes"),
        ];
        let (status, page) = posted(&admin, "/admin/national-bodies/new", &good).await;
        assert_eq!(status, 422, "the code is taken");
        assert!(page.contains("このコードは別の機関が使っています"));
        let mut good = good.to_vec();
        good[0] = ("code", "mhlw");
        assert_eq!(
            posted(&desk, "/admin/national-bodies/new", &good).await.0,
            403
        );
        assert_eq!(
            posted(&admin, "/admin/national-bodies/new", &good).await.0,
            303
        );
        let bodies = app.store.national_bodies().await.unwrap();
        let mhlw = bodies.iter().find(|b| b.code == "mhlw").unwrap();
        assert_eq!(mhlw.reply_days, 5);
        let mut changed = good.clone();
        changed[4] = ("reply_days", "7");
        changed.push(("version", "1"));
        let path = format!("/admin/national-bodies/{}", mhlw.id);
        assert_eq!(posted(&admin, &path, &changed).await.0, 303);
        assert_eq!(
            posted(&admin, &path, &changed).await.0,
            409,
            "a stale version"
        );
        let mhlw = app.store.national_body(mhlw.id).await.unwrap();
        assert_eq!(mhlw.reply_days, 7);
        let actions = audit_actions(&app, None, 10).await;
        assert!(
            actions.iter().any(|a| a == "national_body.update"),
            "{actions:?}"
        );
    }
}
