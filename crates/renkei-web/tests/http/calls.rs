//! Calls (公募) and their applications through the pages, on each test database: a city's
//! staff write a call (every problem named, nothing written), publish it; a company applies
//! with save and resume, a file kept in the database and its receipt number; an ineligible
//! company is told which rule it does not meet; the office returns the application for
//! correction and the company resubmits; the office accepts, the panel decides, and two
//! officers releasing the results at once release them once, the award becoming support on
//! the product; then the subsidy's report and fixed amount. Other cities and companies see
//! nothing of the application.

use renkei_domain::access::Role;
use renkei_domain::company::CompanyDraft;
use renkei_domain::product::ProductDraft;
use renkei_store::{Actor, ApplicationId, CompanyRecord, ProductRecord};

use crate::consultations::{person, posted};
use crate::helpers::{TestApp, city, staff};

const CHIBA: &str = "121002";

/// A company of 千葉市 of `size` with one product at stage ④.
async fn firm(app: &TestApp, name: &str, size: &str) -> (CompanyRecord, ProductRecord) {
    let draft = CompanyDraft {
        name: name.into(),
        size: size.into(),
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
        name: format!("{name}の褥瘡予防マット"),
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

/// The call's form as posted: a subsidy of 千葉市 for SMEs, three fields (one a file).
fn call_form(title: &str) -> Vec<(&'static str, String)> {
    let opens = renkei_domain::jdate::wareki(today() - chrono::Duration::days(30));
    let closes = (today() + chrono::Duration::days(30)).to_string();
    let mut form: Vec<(&'static str, String)> = [
        ("title", title),
        ("kind", "subsidy"),
        ("measure_code", "development.grants-loans"),
        ("description", "医療機器の開発費を補助します。"),
        ("budget_yen", "10,000,000"),
        ("max_amount_yen", "２，０００，０００"),
        ("reviewers_per_application", "2"),
        ("elig_size_sme", "1"),
        ("elig_size_small-scale", "1"),
        ("eligible_home", "call_cities"),
        ("field_section_0", "事業の概要"),
        ("field_label_0", "事業名"),
        ("field_kind_0", "short_text"),
        ("field_required_0", "1"),
        ("field_section_1", "事業の概要"),
        ("field_label_1", "事業計画"),
        ("field_kind_1", "long_text"),
        ("field_required_1", "1"),
        ("field_label_2", "見積書"),
        ("field_kind_2", "file"),
        ("field_required_2", "1"),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.to_owned()))
    .collect();
    form.push(("opens_on", opens));
    form.push(("closes_on", closes));
    form
}

/// Today in Japan.
fn today() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(9)).date_naive()
}

/// The receipt number of a call's `seq`-th application this fiscal year.
fn receipt(call: i64, seq: i64) -> String {
    let fy = renkei_domain::jdate::fiscal_year(today());
    format!("R{}-{call:04}-{seq:04}", fy - 2018)
}

fn pairs<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(k, x)| (*k, x.as_str())).collect()
}

/// Writes and publishes a call as 千葉市's staff: its id.
async fn write_and_publish(app: &TestApp, desk: &TestApp) -> i64 {
    let new = "/cities/121002/calls/new";
    let mut wrong = call_form("");
    wrong.retain(|(k, _)| *k != "measure_code");
    wrong.push(("closes_on", "2026-10-01".to_owned()));
    let (status, page) = posted(desk, new, &pairs(&wrong)).await;
    assert_eq!(status, 422, "{page}");
    for f in ["title", "measure_code", "closes_on"] {
        assert!(page.contains(&format!(r##"href="#f-{f}""##)), "{f}: {page}");
    }
    assert!(page.contains("事業計画"), "the form keeps what was typed");
    assert!(app.store.calls_of(&city(CHIBA)).await.unwrap().is_empty());
    let (status, to) = posted(desk, new, &pairs(&call_form("医療機器開発補助金"))).await;
    assert_eq!(status, 303, "{to}");
    let id: i64 = to
        .trim_start_matches("/calls/")
        .trim_end_matches("?saved=1")
        .parse()
        .unwrap();
    let anonymous = app.another_node().await;
    assert_eq!(
        anonymous.status(&format!("/calls/{id}")).await,
        404,
        "a draft is not public"
    );
    let v = app.store.call(id).await.unwrap().version.to_string();
    let publish = [("move", "publish"), ("version", v.as_str())];
    assert_eq!(
        posted(desk, &format!("/calls/{id}/phase"), &publish)
            .await
            .0,
        303
    );
    let (status, page) = anonymous.get_text(&format!("/calls/{id}")).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("事業計画") && page.contains("見積書"),
        "every question before starting"
    );
    let (_, list) = anonymous.get_text("/calls").await;
    assert!(list.contains("医療機器開発補助金") && list.contains("受付中"));
    id
}

/// Uploads `bytes` as `name` under the field `key` of an application.
async fn attach(node: &TestApp, id: i64, key: &str, name: &str, bytes: Vec<u8>) -> (u16, String) {
    let form = reqwest::multipart::Form::new()
        .text("csrf", node.csrf_token().unwrap_or_default())
        .text("field", key.to_owned())
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
        );
    let r = node
        .client
        .post(node.url(&format!("/applications/{id}/files")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.text().await.unwrap_or_default())
}

async fn version(app: &TestApp, id: i64) -> String {
    let a = app.store.application(ApplicationId(id)).await.unwrap();
    a.version.to_string()
}

/// A company's people start, save (a wrong amount kept as typed), attach and submit: the
/// receipt number.
async fn apply(
    app: &TestApp,
    call: i64,
    firm: &TestApp,
    c: &CompanyRecord,
    p: &ProductRecord,
) -> i64 {
    let cid = c.id.0.to_string();
    let start = format!("/calls/{call}/applications");
    let (status, to) = posted(firm, &start, &[("company", cid.as_str())]).await;
    assert_eq!(status, 303, "{to}");
    let id: i64 = to.trim_start_matches("/applications/").parse().unwrap();
    let (status, page) = posted(firm, &start, &[("company", cid.as_str())]).await;
    assert_eq!(status, 422, "one application per company: {page}");
    let path = format!("/applications/{id}");
    let pid = p.id.0.to_string();
    let v = version(app, id).await;
    let typed = [
        ("version", v.as_str()),
        ("action", "save"),
        ("a_q1", "褥瘡予防マットの改良"),
        ("requested_yen", "百万円"),
        ("product", pid.as_str()),
    ];
    let (status, page) = posted(firm, &path, &typed).await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains(r##"href="#f-requested_yen""##));
    assert!(
        page.contains("褥瘡予防マットの改良"),
        "what was typed is kept"
    );
    let v = version(app, id).await;
    let typed = [
        ("version", v.as_str()),
        ("action", "submit"),
        ("a_q1", "褥瘡予防マットの改良"),
        ("requested_yen", "1,500,000"),
        ("product", pid.as_str()),
    ];
    let (status, page) = posted(firm, &path, &typed).await;
    assert_eq!(status, 422, "incomplete: {page}");
    assert!(page.contains(r##"href="#f-q2""##) && page.contains(r##"href="#f-q3""##));
    let (status, page) = attach(firm, id, "q3", "quote.exe", b"MZ".to_vec()).await;
    assert_eq!(status, 422, "a kind not kept: {page}");
    let (status, _) = attach(firm, id, "q3", "見積書.pdf", b"%PDF-1.4 quote".to_vec()).await;
    assert_eq!(status, 303);
    let v = version(app, id).await;
    let typed = [
        ("version", v.as_str()),
        ("action", "submit"),
        ("a_q1", "褥瘡予防マットの改良"),
        ("a_q2", "試作と評価を行う。"),
        ("requested_yen", "1,500,000"),
        ("product", pid.as_str()),
    ];
    let (status, to) = posted(firm, &path, &typed).await;
    assert_eq!(status, 303, "{to}");
    let a = app.store.application(ApplicationId(id)).await.unwrap();
    let receipt = receipt(call, 1);
    assert_eq!(a.receipt_no.as_deref(), Some(receipt.as_str()));
    let (_, page) = firm.get_text(&path).await;
    assert!(page.contains(&receipt) && page.contains("受付済み"));
    let (_, page) = firm.get_text("/notifications").await;
    assert!(
        page.contains(&receipt),
        "the receipt number reaches the company: {page}"
    );
    let files = app.store.application_files(a.id).await.unwrap();
    let (_, content) = app.store.application_file(a.id, files[0].id).await.unwrap();
    let r = firm.get(&format!("{path}/files/{}", files[0].id)).await;
    assert_eq!(
        r.bytes().await.unwrap().to_vec(),
        content,
        "any node serves the file"
    );
    id
}

#[tokio::test]
async fn a_call_is_written_applied_to_screened_decided_and_released_once() {
    for app in TestApp::each(false).await {
        let (desk, _) = person(&app, &[staff(CHIBA, false)]).await;
        let (desk2, _) = person(&app, &[staff(CHIBA, false)]).await;
        let call = write_and_publish(&app, &desk).await;
        let (c, p) = firm(&app, "公募テスト医工株式会社", "sme").await;
        let (firm_node, _) = person(&app, &[Role::CompanyUser { company: c.id.0 }]).await;
        let id = apply(&app, call, &firm_node, &c, &p).await;
        ineligible(&app, call).await;
        outsiders(&app, id).await;
        screen(&app, &desk, &firm_node, id).await;
        decide_and_release(&app, call, (&desk, &desk2), &firm_node, id).await;
        report_and_settle(&app, &desk, &firm_node, id).await;
    }
}

/// A large company of the city: refused at submission with the rule named, nothing moved.
async fn ineligible(app: &TestApp, call: i64) {
    let (big, _) = firm(app, "大手医療機器株式会社", "large").await;
    let (node, _) = person(app, &[Role::CompanyUser { company: big.id.0 }]).await;
    let cid = big.id.0.to_string();
    let (status, to) = posted(
        &node,
        &format!("/calls/{call}/applications"),
        &[("company", cid.as_str())],
    )
    .await;
    assert_eq!(status, 303);
    let id: i64 = to.trim_start_matches("/applications/").parse().unwrap();
    let v = version(app, id).await;
    let typed = [
        ("version", v.as_str()),
        ("action", "submit"),
        ("a_q1", "x"),
        ("a_q2", "y"),
        ("requested_yen", "1"),
    ];
    let (status, page) = posted(&node, &format!("/applications/{id}"), &typed).await;
    assert_eq!(status, 422);
    assert!(page.contains("企業規模の要件を満たしていません"), "{page}");
    let a = app.store.application(ApplicationId(id)).await.unwrap();
    assert!(a.receipt_no.is_none() && a.submitted_at.is_none());
}

/// Another city's staff and another company's people learn nothing of the application.
async fn outsiders(app: &TestApp, id: i64) {
    let (yokohama, _) = person(app, &[staff("141003", false)]).await;
    assert_eq!(yokohama.status(&format!("/applications/{id}")).await, 404);
    let (other, _) = firm(app, "別の医工株式会社", "sme").await;
    let (node, _) = person(
        app,
        &[Role::CompanyUser {
            company: other.id.0,
        }],
    )
    .await;
    assert_eq!(node.status(&format!("/applications/{id}")).await, 404);
}

/// The office returns it with a day to correct; the company resubmits; the office accepts.
async fn screen(app: &TestApp, desk: &TestApp, firm: &TestApp, id: i64) {
    let step = format!("/applications/{id}/move");
    let v = version(app, id).await;
    let due = (today() + chrono::Duration::days(10)).to_string();
    let back = [
        ("move", "return"),
        ("version", v.as_str()),
        ("reason", "見積書の日付を確認してください"),
        ("due", due.as_str()),
    ];
    assert_eq!(
        posted(firm, &step, &back).await.0,
        403,
        "not the company's step"
    );
    assert_eq!(posted(desk, &step, &back).await.0, 303);
    let (_, page) = firm.get_text(&format!("/applications/{id}")).await;
    assert!(page.contains("見積書の日付を確認してください") && page.contains("差戻し中"));
    let v = version(app, id).await;
    let product = app
        .store
        .application(ApplicationId(id))
        .await
        .unwrap()
        .product_id
        .unwrap()
        .0
        .to_string();
    let again = [
        ("version", v.as_str()),
        ("action", "submit"),
        ("a_q1", "褥瘡予防マットの改良"),
        ("a_q2", "試作と評価を行う（修正）。"),
        ("requested_yen", "1,500,000"),
        ("product", product.as_str()),
    ];
    assert_eq!(
        posted(firm, &format!("/applications/{id}"), &again).await.0,
        303
    );
    let a = app.store.application(ApplicationId(id)).await.unwrap();
    assert_eq!(
        a.receipt_no.as_deref().map(|r| r.ends_with("-0001")),
        Some(true),
        "the receipt number stays"
    );
    let v = version(app, id).await;
    assert_eq!(
        posted(desk, &step, &[("move", "accept"), ("version", v.as_str())])
            .await
            .0,
        303
    );
}

async fn phase(app: &TestApp, desk: &TestApp, call: i64, m: &str) -> (u16, String) {
    let v = app.store.call(call).await.unwrap().version.to_string();
    posted(
        desk,
        &format!("/calls/{call}/phase"),
        &[("move", m), ("version", v.as_str())],
    )
    .await
}

/// Review: the release waits for every decision; the applicant sees 審査中 until the
/// release; two officers releasing at once release once; the award is support on the
/// product.
async fn decide_and_release(
    app: &TestApp,
    call: i64,
    (desk, desk2): (&TestApp, &TestApp),
    firm: &TestApp,
    id: i64,
) {
    assert_eq!(phase(app, desk, call, "end_applications").await.0, 303);
    assert_eq!(phase(app, desk, call, "start_review").await.0, 303);
    let (status, page) = phase(app, desk, call, "release").await;
    assert_eq!(status, 409);
    assert!(page.contains("採否を決めてから公表"), "{page}");
    let v = version(app, id).await;
    let decide = [
        ("move", "decide"),
        ("version", v.as_str()),
        ("verdict", "award"),
        ("granted_yen", "1,500,000"),
        ("reason", "新規性が高い"),
    ];
    assert_eq!(
        posted(desk, &format!("/applications/{id}/move"), &decide)
            .await
            .0,
        303
    );
    let (_, page) = firm.get_text(&format!("/applications/{id}")).await;
    assert!(
        page.contains("審査中") && !page.contains("新規性が高い"),
        "not before the release"
    );
    let v = app.store.call(call).await.unwrap().version.to_string();
    let release = [("move", "release"), ("version", v.as_str())];
    let path = format!("/calls/{call}/phase");
    let (a, b) = tokio::join!(
        posted(desk, &path, &release),
        posted(desk2, &path, &release)
    );
    let mut codes = [a.0, b.0];
    codes.sort();
    assert_eq!(codes, [303, 409], "released once");
    let (_, page) = firm.get_text(&format!("/applications/{id}")).await;
    assert!(page.contains("採択") && page.contains("新規性が高い") && page.contains("1,500,000円"));
    let history = app
        .store
        .application_history(ApplicationId(id))
        .await
        .unwrap();
    assert_eq!(
        history
            .iter()
            .filter(|h| h.move_code == "release_award")
            .count(),
        1
    );
    let a = app.store.application(ApplicationId(id)).await.unwrap();
    let (_, page) = desk
        .get_text(&format!("/products/{}", a.product_id.unwrap()))
        .await;
    assert!(
        page.contains("補助金・融資（1,500,000円）"),
        "the award is support on the product"
    );
}

/// The subsidy's report and the fixed amount (not above the grant).
async fn report_and_settle(app: &TestApp, desk: &TestApp, firm: &TestApp, id: i64) {
    let step = format!("/applications/{id}/move");
    let day = |n: i64| (today() - chrono::Duration::days(n)).to_string();
    let (estimate, order, delivery, invoice, payment) =
        (day(60), day(50), day(40), day(30), day(20));
    let v = version(app, id).await;
    let mut report = vec![
        ("move", "report"),
        ("version", v.as_str()),
        ("report", "試作を3回行った。経費 1,400,000円"),
        ("date_estimate", estimate.as_str()),
        ("date_order", delivery.as_str()),
        ("date_delivery", order.as_str()),
        ("date_invoice", invoice.as_str()),
        ("date_payment", payment.as_str()),
    ];
    let (status, page) = posted(firm, &step, &report).await;
    assert_eq!(status, 422, "{page}");
    assert!(
        page.contains("納品書の日付") && page.contains("より前です"),
        "the order of the receipts is checked: {page}"
    );
    assert!(
        page.contains("支払の証明（振込記録・領収書）を添付してください"),
        "{page}"
    );
    assert!(page.contains("試作を3回行った"), "what was typed is kept");
    for (key, name) in [
        ("report_estimate", "見積書.pdf"),
        ("report_order", "発注書.pdf"),
        ("report_delivery", "納品書.pdf"),
        ("report_invoice", "請求書.pdf"),
        ("report_payment", "振込記録.pdf"),
    ] {
        let (status, body) = attach(firm, id, key, name, b"%PDF-1.4 receipt".to_vec()).await;
        assert_eq!(status, 303, "{key}: {body}");
    }
    report[4] = ("date_order", order.as_str());
    report[5] = ("date_delivery", delivery.as_str());
    assert_eq!(posted(firm, &step, &report).await.0, 303);
    let a = app.store.application(ApplicationId(id)).await.unwrap();
    assert_eq!(a.report_dates.len(), 5);
    let (_, page) = desk.get_text(&format!("/applications/{id}")).await;
    assert!(
        page.contains("振込記録.pdf") && page.contains("試作を3回行った"),
        "{page}"
    );
    let v = version(app, id).await;
    let (status, _) = posted(
        desk,
        &step,
        &[
            ("move", "settle"),
            ("version", v.as_str()),
            ("fixed_yen", "2,000,000"),
        ],
    )
    .await;
    assert_eq!(status, 409, "not above the grant");
    assert_eq!(
        posted(
            desk,
            &step,
            &[
                ("move", "settle"),
                ("version", v.as_str()),
                ("fixed_yen", "1,400,000")
            ]
        )
        .await
        .0,
        303
    );
    let (_, page) = firm.get_text(&format!("/applications/{id}")).await;
    assert!(page.contains("額の確定済み") && page.contains("1,400,000円"));
}
