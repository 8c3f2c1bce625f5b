//! The evidence's dashboards, on each test database, through HTTP, against figures computed by
//! hand from the fixed data set (`evidence_fixture`): products per stage and type, moves per
//! quarter (⑧ → ⑦ among those back), the time in each stage, the referral funnel (a referral
//! that went back from ④ to ③ counted once, its stays added), outcomes, pairs and voices; the
//! filters (年度 in 和暦, company type; a wrong one told in Japanese, never a 500); what a
//! city reads of other cities (no cell of fewer than 3 of their records) and of its own.

use renkei_domain::access::Role;
use serde_json::Value;

use crate::event_meetings::pdf_text;
use crate::evidence_fixture::{CHIBA, CITY_SAID, COMPANY_SAID, HIROSHIMA, TARGET_SAID, load};
use crate::helpers::{TestApp, staff};

/// A table of a dashboard by its key.
fn table<'a>(d: &'a Value, key: &str) -> &'a Value {
    d["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["tables"].as_array().unwrap())
        .find(|t| t["key"] == key)
        .unwrap_or_else(|| panic!("no table {key}"))
}

/// The figures of a table's row (by index) as the page shows them.
fn texts(d: &Value, key: &str, row: usize) -> Vec<String> {
    table(d, key)["rows"][row]["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["text"].as_str().unwrap().to_owned())
        .collect()
}

/// The figures of a table's row found by its label's start.
pub(crate) fn row_of(d: &Value, key: &str, label: &str) -> Vec<String> {
    let rows = table(d, key)["rows"].as_array().unwrap();
    let i = rows
        .iter()
        .position(|r| r["label"].as_str().unwrap().starts_with(label))
        .unwrap_or_else(|| panic!("no row {label} in {key}"));
    texts(d, key, i)
}

async fn dashboard(node: &TestApp, path: &str) -> Value {
    let (status, d) = node.get_json(path).await;
    assert_eq!(status, 200, "{path}: {d}");
    d
}

#[tokio::test]
async fn the_network_dashboard_against_hand_computed_figures() {
    for app in TestApp::each(false).await {
        load(&app).await;
        let admin = app.another_node().await;
        admin.sign_in_admin().await;
        let d = dashboard(&admin, "/api/v1/network/dashboard?year=2026").await;
        assert_eq!(d["year_name"], "2026年度（令和8年度）", "{}", app.backend);
        // Products now: ⑦ the one moved back from ⑧ (type ① by its company), ① typed ② on
        // the product itself; the withdrawn one left out.
        assert_eq!(
            row_of(&d, "products-by-stage", "①"),
            ["0", "1", "0", "0", "1"]
        );
        assert_eq!(
            row_of(&d, "products-by-stage", "②"),
            ["0", "0", "1", "0", "1"]
        );
        assert_eq!(
            row_of(&d, "products-by-stage", "⑤"),
            ["0", "1", "0", "0", "1"]
        );
        assert_eq!(
            row_of(&d, "products-by-stage", "⑦"),
            ["1", "0", "0", "0", "1"]
        );
        assert_eq!(
            row_of(&d, "products-by-stage", "⑧"),
            ["0", "0", "0", "0", "0"]
        );
        // Moves per quarter: Q1 ⑧→⑦, ①→②, ①→② (one back); Q2 ②→③; Q3 ②→⑤.
        assert_eq!(texts(&d, "moves-by-quarter", 0), ["3", "1"]);
        assert_eq!(texts(&d, "moves-by-quarter", 1), ["1", "0"]);
        assert_eq!(texts(&d, "moves-by-quarter", 2), ["1", "0"]);
        assert_eq!(texts(&d, "moves-by-quarter", 3), ["0", "0"]);
        // Stays ended in the year: ① 10 and 30 days, ② 91 and 153, ⑧ 40.
        assert_eq!(row_of(&d, "time-in-stage", "①"), ["2", "20.0日", "30.0日"]);
        assert_eq!(
            row_of(&d, "time-in-stage", "②"),
            ["2", "122.0日", "153.0日"]
        );
        assert_eq!(row_of(&d, "time-in-stage", "⑧"), ["1", "40.0日", "40.0日"]);
        assert_eq!(row_of(&d, "time-in-stage", "③"), ["0", "—", "—"]);
        // The funnel of the three referrals of 2026: reached, now, overdue, stays, median, p90.
        let funnel: Vec<Vec<String>> = (0..10).map(|i| texts(&d, "referral-funnel", i)).collect();
        assert_eq!(
            funnel[0],
            ["3", "0", "0", "3", "2.0日", "4.0日"],
            "① selected"
        );
        assert_eq!(
            funnel[1],
            ["3", "1", "1", "2", "1.5日", "2.0日"],
            "② consented"
        );
        // ③ twice for the referral that went back (5 + 3 days) and 14 for the declined one.
        assert_eq!(
            funnel[2],
            ["2", "0", "0", "2", "11.0日", "14.0日"],
            "③ sent"
        );
        assert_eq!(
            funnel[3],
            ["1", "0", "0", "1", "12.0日", "12.0日"],
            "④ accepted"
        );
        assert_eq!(
            funnel[4],
            ["1", "0", "0", "1", "2.0日", "2.0日"],
            "⑥ fed back"
        );
        assert_eq!(
            funnel[5],
            ["1", "0", "0", "1", "3.0日", "3.0日"],
            "⑦ forwarded"
        );
        assert_eq!(
            funnel[6],
            ["1", "1", "1", "0", "—", "—"],
            "⑨ reported, overdue"
        );
        assert_eq!(funnel[8], ["1", "1", "0", "0", "—", "—"], "declined");
        // Outcomes: 2 targets approached, 1 agreed, 2 adoptions in the year, 1 continuing.
        assert_eq!(texts(&d, "outcomes", 0), ["2"]);
        assert_eq!(texts(&d, "outcomes", 1), ["1"]);
        assert_eq!(texts(&d, "outcomes", 2), ["0"]);
        assert_eq!(texts(&d, "outcomes", 4), ["2"]);
        assert_eq!(row_of(&d, "outcomes", "紹介の結果：商談継続中"), ["1"]);
        assert_eq!(
            row_of(&d, "referrals-by-pair", "千葉市 → 熊本市"),
            ["1", "2", "1", "1"]
        );
        assert_eq!(
            row_of(&d, "referrals-by-pair", "熊本市 → 広島市"),
            ["1", "0", "0", "0"]
        );
        // Voices: ⑤ 薬事・規制 twice (Q3, Q4).
        let voices = row_of(&d, "voices-by-stage", "⑤");
        assert_eq!(voices[2], "2");
        assert_eq!(voices[8], "2");
        let quarters: Vec<Vec<String>> =
            (0..4).map(|i| texts(&d, "voices-by-quarter", i)).collect();
        assert_eq!(quarters, [["2"], ["1"], ["1"], ["1"]]);
        // The year before holds only the referral of 2025.
        let before = dashboard(&admin, "/api/v1/network/dashboard?year=令和7").await;
        assert_eq!(before["year"], 2025);
        assert_eq!(texts(&before, "referral-funnel", 0)[0], "1");
        assert_eq!(texts(&before, "referral-funnel", 1)[..3], ["1", "1", "1"]);
        // A company type narrows products and referrals alike (ものづくり企業活用型).
        let t2 = dashboard(
            &admin,
            "/api/v1/network/dashboard?year=2026&company_type=manufacturer-entry",
        )
        .await;
        assert_eq!(row_of(&t2, "products-by-stage", "⑦")[4], "0");
        assert_eq!(row_of(&t2, "products-by-stage", "①")[4], "1");
        assert_eq!(texts(&t2, "referral-funnel", 0)[0], "2");
    }
}

#[tokio::test]
async fn a_city_reads_its_own_and_of_others_only_what_singles_no_record_out() {
    for app in TestApp::each(false).await {
        load(&app).await;
        let chiba = app.another_node().await;
        chiba.sign_in_as(&[staff(CHIBA, true)]).await;
        // Its own dashboard: its products and the referrals it sent or received.
        let own = dashboard(
            &chiba,
            &format!("/api/v1/cities/{CHIBA}/dashboard?year=2026"),
        )
        .await;
        assert_eq!(row_of(&own, "products-by-stage", "⑦")[4], "1");
        assert_eq!(row_of(&own, "products-by-stage", "①")[4], "1");
        assert_eq!(row_of(&own, "products-by-stage", "⑤")[4], "0");
        assert_eq!(texts(&own, "referral-funnel", 0)[0], "2");
        assert!(table(&own, "caseload")["rows"].is_array());
        // Another city's dashboard is not to be known of.
        let other = format!("/api/v1/cities/{HIROSHIMA}/dashboard");
        assert_eq!(chiba.get_json(&other).await.0, 404);
        assert_eq!(
            chiba
                .status(&format!("/cities/{HIROSHIMA}/dashboard"))
                .await,
            404
        );
        // The network: of other cities, nothing built from 1 or 2 of their records.
        let net = dashboard(&chiba, "/api/v1/network/dashboard?year=2026").await;
        assert_eq!(
            row_of(&net, "products-by-stage", "⑦"),
            ["1", "0", "0", "0", "1"]
        );
        let second = row_of(&net, "products-by-stage", "②");
        assert_eq!(second[2], "3件未満", "広島市's one product");
        assert_eq!(second[4], "3件未満", "nor its total");
        let cell = &table(&net, "products-by-stage")["rows"][1]["cells"][2];
        assert_eq!(cell["value"], Value::Null);
        assert_eq!(cell["suppressed"], true);
        assert_eq!(texts(&net, "moves-by-quarter", 0), ["3件未満", "3件未満"]);
        assert_eq!(texts(&net, "moves-by-quarter", 3), ["0", "0"]);
        assert_eq!(
            row_of(&net, "time-in-stage", "⑧"),
            ["1", "40.0日", "40.0日"]
        );
        assert_eq!(row_of(&net, "time-in-stage", "①")[1], "3件未満");
        // Both its referrals are its own; 熊本市 → 広島市 is one of others'.
        assert_eq!(texts(&net, "referral-funnel", 2)[0], "2");
        assert_eq!(texts(&net, "referral-funnel", 0)[0], "3件未満");
        assert_eq!(
            row_of(&net, "referrals-by-pair", "熊本市 → 広島市")[0],
            "3件未満"
        );
        assert_eq!(row_of(&net, "referrals-by-pair", "千葉市 → 熊本市")[1], "2");
        assert_eq!(row_of(&net, "voices-by-stage", "⑤")[2], "3件未満");
        assert_eq!(row_of(&net, "voices-by-stage", "⑦")[3], "1");
        // No person's caseload of another city on the network's dashboard.
        let keys: Vec<&str> = net["sections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["key"].as_str().unwrap())
            .collect();
        assert!(!keys.contains(&"caseload"));
        // Companies and the public have no dashboard.
        let firm = app.another_node().await;
        firm.sign_in_as(&[Role::CompanyUser { company: 9101 }])
            .await;
        assert_eq!(firm.get_json("/api/v1/network/dashboard").await.0, 403);
        assert_eq!(
            firm.get_json(&format!("/api/v1/cities/{CHIBA}/dashboard"))
                .await
                .0,
            404
        );
        assert_eq!(app.get_json("/api/v1/network/dashboard").await.0, 401);
    }
}

#[tokio::test]
async fn the_dashboard_pages_draw_charts_beside_their_tables_and_tell_a_wrong_filter() {
    for app in TestApp::each(false).await {
        load(&app).await;
        let chiba = app.another_node().await;
        chiba.sign_in_as(&[staff(CHIBA, false)]).await;
        let (status, page) = chiba
            .get_text(&format!("/cities/{CHIBA}/dashboard?year=2026"))
            .await;
        assert_eq!(status, 200);
        assert!(page.contains("2026年度（令和8年度）"));
        assert!(page.contains("<svg"), "charts are drawn on the server");
        assert!(page.contains("role=\"img\""));
        assert!(page.contains("id=\"chart-products-by-stage-title\""));
        assert!(page.contains("data-table=\"products-by-stage\""));
        assert!(!page.contains("<script"), "no script is needed");
        // A wrong filter: the form again with what is wrong, in Japanese.
        let (status, page) = chiba.get_text("/network/dashboard?year=来年&stage=9").await;
        assert_eq!(status, 422);
        assert!(page.contains("年度は西暦"), "{page}");
        assert!(page.contains("段階は一覧から選んでください"));
        let (status, body) = chiba
            .get_json("/api/v1/network/dashboard?company_type=x")
            .await;
        assert_eq!(status, 422);
        assert!(
            body.to_string()
                .contains("企業の類型は一覧から選んでください"),
            "{body}"
        );
        // The downloads: a sheet per table, and every figure as CSV.
        let r = chiba
            .get(&format!("/cities/{CHIBA}/dashboard.xlsx?year=2026"))
            .await;
        assert_eq!(r.status().as_u16(), 200);
        let bytes = r.bytes().await.unwrap();
        assert!(bytes.starts_with(b"PK"), "an XLSX file is a zip");
        let (status, csv) = chiba
            .get_text(&format!("/cities/{CHIBA}/dashboard.csv?year=2026"))
            .await;
        assert_eq!(status, 200);
        assert!(csv.contains("段階ごとの滞在期間"), "{csv}");
        assert!(csv.contains("\"40.0日\""));
        // The programs' counts that had only CSV have XLSX too.
        for list in ["/bridges.xlsx", "/partner-requests.xlsx"] {
            let r = chiba.get(list).await;
            assert_eq!(r.status().as_u16(), 200, "{list}");
            assert!(r.bytes().await.unwrap().starts_with(b"PK"), "{list}");
        }
    }
}

/// Whitespace and line breaks out, as pdftotext may break a line anywhere.
fn flat(s: &str) -> String {
    s.split_whitespace().collect()
}

#[tokio::test]
async fn the_pilot_report_as_pdf_and_xlsx_read_back() {
    for app in TestApp::each(false).await {
        load(&app).await;
        let admin = app.another_node().await;
        admin.sign_in_admin().await;
        let text = flat(&pdf_text(&admin, "/reports/pilot.pdf?year=2026").await);
        assert!(
            text.contains("指定都市間連携による販路開拓試行結果"),
            "{text}"
        );
        assert!(text.contains("2026年度（令和8年度）"));
        assert!(
            text.contains("始まった紹介は3件、3組の市の間で行われた"),
            "{text}"
        );
        assert!(text.contains("販路開拓先2か所に情報を提供し、1か所が紹介に同意した"));
        assert!(text.contains("千葉市→熊本市"));
        // Feedback quoted per party, and the lessons.
        assert!(text.contains(&flat(COMPANY_SAID)));
        assert!(text.contains(&flat(TARGET_SAID)));
        assert!(text.contains(&flat(CITY_SAID)));
        assert!(text.contains("企業（評価5／5）"));
        assert!(text.contains("販路開拓先（評価4／5）"));
        assert!(text.contains("最も日数を要した手順は"));
        assert!(text.contains("機械的に取り扱われる"));
        // A city's report holds only the referrals it may list: 熊本市 → 広島市 is not 千葉市's.
        let chiba = app.another_node().await;
        chiba.sign_in_as(&[staff(CHIBA, true)]).await;
        let text = flat(&pdf_text(&chiba, "/reports/pilot.pdf?year=2026").await);
        assert!(text.contains("始まった紹介は2件"), "{text}");
        assert!(!text.contains("熊本市→広島市"));
        // XLSX: a sheet per table, the feedback and the text.
        let r = admin.get("/reports/pilot.xlsx?year=2026").await;
        assert_eq!(r.status().as_u16(), 200);
        let bytes = r.bytes().await.unwrap();
        let first = renkei_io::read_within(&bytes, &renkei_io::Limits::UPLOAD).unwrap();
        assert_eq!(first.headers[0], "紹介元 → 紹介先");
        assert_eq!(first.rows.len(), 3, "one row per pair of cities");
        // Companies do not get it; a wrong year is told.
        let firm = app.another_node().await;
        firm.sign_in_as(&[Role::CompanyUser { company: 9101 }])
            .await;
        assert_eq!(firm.status("/reports/pilot.pdf").await, 403);
        assert_eq!(admin.status("/reports/pilot.pdf?year=abc").await, 422);
    }
}

#[tokio::test]
async fn the_proposals_and_a_citys_report_read_back() {
    for app in TestApp::each(false).await {
        load(&app).await;
        let admin = app.another_node().await;
        admin.sign_in_admin().await;
        let text = flat(&pdf_text(&admin, "/reports/proposals.pdf?year=2026").await);
        assert!(text.contains("国に対する提案の根拠"), "{text}");
        assert!(text.contains("薬事戦略相談について"));
        assert!(text.contains("医療関連開発経費について"));
        assert!(text.contains("医工連携コーディネート人材について"));
        assert!(text.contains("指定都市のコーディネーターは0人"), "{text}");
        let chiba = app.another_node().await;
        chiba.sign_in_as(&[staff(CHIBA, true)]).await;
        let text = flat(&pdf_text(&chiba, &format!("/cities/{CHIBA}/report.pdf?year=2026")).await);
        assert!(
            text.contains("千葉市支援モデルの実施状況（年度報告）"),
            "{text}"
        );
        assert!(text.contains("2026年度（令和8年度）"));
        assert!(text.contains("施策の利用"));
        assert!(text.contains("支援メニューはまだ登録されていない"));
        assert_eq!(
            chiba
                .status(&format!("/cities/{HIROSHIMA}/report.pdf"))
                .await,
            404
        );
        let r = chiba
            .get(&format!("/cities/{CHIBA}/report.xlsx?year=2026"))
            .await;
        assert_eq!(r.status().as_u16(), 200);
        assert!(r.bytes().await.unwrap().starts_with(b"PK"));
    }
}
