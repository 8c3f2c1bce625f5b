//! The catalog holds the report's ideal support success model exactly: every measure of the
//! ideal-model figure and the stage tables on its stage, new ones marked, the applicability
//! matrix as the text under the figure states it — checked through the API, on every database.

use renkei_domain::catalog;
use renkei_store::testing::count_rows;

use crate::helpers::{TestApp, error_code};

/// The ideal-model figure, stage by stage, as printed (half-width kana and all), with whether
/// the measure is one the report adds (its remedies, underlined in the figure).
const FIGURE: &[(Option<u8>, &str, bool)] = &[
    (Some(1), "参入支援セミナー", false),
    (Some(1), "現場ニーズ発掘", false),
    (Some(1), "医療機器ﾒｰｶｰ見学会", true),
    (Some(2), "マッチング支援", false),
    (Some(2), "アイデア検証評価", true),
    (Some(2), "市場等調査", true),
    (Some(3), "ﾋﾞｼﾞﾈｽﾌﾟﾗﾝ表彰", false),
    (Some(3), "技術認定", false),
    (Some(3), "広域認定・表彰制度", true),
    (Some(4), "相談窓口", false),
    (Some(4), "専門家派遣", false),
    (Some(4), "薬事法に係る橋渡し支援", true),
    (Some(4), "知財関連支援", true),
    (Some(5), "開発補助・融資", false),
    (Some(5), "専門家派遣", false),
    (Some(5), "研究会", false),
    (Some(5), "企業間連携斡旋", true),
    (Some(5), "ｿﾌﾄｳｪｱ開発支援", true),
    (Some(6), "実証支援", false),
    (Some(6), "ﾏｰｹﾃｨﾝｸﾞ調査支援", false),
    (Some(6), "治験資金支援", true),
    (Some(6), "治験ｺｰﾃﾞｨﾈｰﾀｰ", true),
    (Some(7), "ｺｰﾃﾞｨﾈｰﾀ派遣", false),
    (Some(7), "出展補助", false),
    (Some(7), "事業化支援", false),
    (Some(7), "医療商社等との商談会、交流会", true),
    (Some(7), "指定都市間連携", true),
    (Some(8), "設備投資支援", false),
    (None, "医工連携ｺｰﾃﾞｨﾈｰﾀｰによる支援（確保・育成）", true),
];

/// The stage tables of 第2章 2: (stage, current support, company voices, remedies).
type Lines = &'static [&'static str];

const TABLES: &[(u8, Lines, Lines, Lines)] = &[
    (
        1,
        &["参入支援セミナー", "現場ニーズ発掘調査"],
        &["現場ニーズ情報の確保が難しい"],
        &["医療メーカー見学会の開催支援"],
    ),
    (
        2,
        &["マッチング支援"],
        &["開発アイデアの選別が難しい", "事業継続・撤退判断が難しい"],
        &[
            "アイデア検証評価（事業化可能性評価）支援",
            "市場規模や競合製品の調査支援",
        ],
    ),
    (
        3,
        &["ビジネスプラン表彰", "技術認定"],
        &["認知率向上の効果を発揮している。"],
        &["指定都市間連携による広域認定・表彰制度の創設"],
    ),
    (
        4,
        &["相談窓口", "専門家派遣"],
        &[
            "薬事法許認可取得のハードルが高い",
            "知的財産権保護（技術流出）",
        ],
        &["薬事法に係る橋渡し支援", "知的財産権取得支援"],
    ),
    (
        5,
        &["開発補助・融資", "専門家派遣", "研究会"],
        &["開発期間が長期化し、開発費用が増大", "ソフト開発支援の不足"],
        &[
            "企業間連携の斡旋",
            "開発支援制度の拡充（ソフトウェア開発支援）",
        ],
    ),
    (
        6,
        &["実証支援", "マーケティング調査支援"],
        &["治験・臨床先の確保が難しい"],
        &["治験に係る資金支援", "治験コーディネーター"],
    ),
    (
        7,
        &["コーディネーター派遣", "展示会出展補助"],
        &["販路拡大における知名度不足（業界内の信頼・実績・コネクション）"],
        &[
            "大手医療メーカーや医療商社との商談会・交流会の開催支援",
            "広域連携による紹介支援",
        ],
    ),
    (8, &["設備投資支援"], &[], &[]),
];

#[tokio::test]
async fn every_measure_of_the_figure_is_on_its_stage_and_new_ones_are_marked() {
    for app in TestApp::each(false).await {
        let (status, body) = app.get_json("/api/v1/measures?per_page=200").await;
        assert_eq!(status, 200, "{}", app.backend);
        let measures = body["items"].as_array().unwrap();
        assert_eq!(body["total"], measures.len());
        for (stage, label, new) in FIGURE {
            let found: Vec<_> = measures
                .iter()
                .filter(|m| {
                    m["figure_label"] == *label && m["stage"].as_u64().map(|s| s as u8) == *stage
                })
                .collect();
            assert_eq!(
                found.len(),
                1,
                "{}: figure measure {label} on stage {stage:?}",
                app.backend
            );
            let m = found[0];
            assert_eq!(
                m["novelty"],
                if *new { "new" } else { "existing" },
                "{label}"
            );
            assert_eq!(m["sources"]["figure"], true, "{label}");
        }
        let in_figure = measures
            .iter()
            .filter(|m| m["sources"]["figure"] == true)
            .count();
        assert_eq!(
            in_figure,
            FIGURE.len(),
            "no measure in the figure beyond the report's"
        );
    }
}

#[tokio::test]
async fn every_stage_table_is_complete_with_both_labels() {
    for app in TestApp::each(false).await {
        for (n, current, voices, remedies) in TABLES {
            let (status, body) = app.get_json(&format!("/api/v1/stages/{n}")).await;
            assert_eq!(status, 200);
            let texts = |key: &str| -> Vec<String> {
                body[key]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|i| i["text"]["ja"].as_str().unwrap().to_owned())
                    .collect()
            };
            assert_eq!(texts("current_support"), *current, "stage {n}");
            assert_eq!(texts("company_voices"), *voices, "stage {n}");
            assert_eq!(texts("remedies"), *remedies, "stage {n}");
            for remedy in body["remedies"].as_array().unwrap() {
                let code = remedy["measure"].as_str().unwrap();
                let (_, m) = app.get_json(&format!("/api/v1/measures/{code}")).await;
                assert_eq!(m["novelty"], "new", "remedy {code} is a new measure");
            }
        }
        let app = &app;
        let alt = |n: u8| async move {
            app.get_json(&format!("/api/v1/stages/{n}")).await.1["stage"]["alt_name"]["ja"].clone()
        };
        assert_eq!(alt(2).await, "アイデア・企画検討");
        assert_eq!(alt(6).await, "試作・治験");
        assert_eq!(alt(8).await, "生産販売");
        let (_, eight) = app.get_json("/api/v1/stages/8").await;
        assert_eq!(
            eight["stage"]["next_stages"],
            serde_json::json!([7]),
            "⑦ may follow ⑧"
        );
        assert!(
            eight["notes"][0]["ja"]
                .as_str()
                .unwrap()
                .contains("段階⑦は、段階⑧の後")
        );
        let (_, common) = app.get_json("/api/v1/measures?stage=common").await;
        let names: Vec<_> = common["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["name"]["ja"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(
            names,
            [
                "産学官連携コーディネーター派遣",
                "医工連携コーディネーターによる支援（確保・育成）"
            ]
        );
    }
}

#[tokio::test]
async fn applicability_matrix_matches_the_text_under_the_figure() {
    for app in TestApp::each(false).await {
        let (_, body) = app.get_json("/api/v1/applicability?per_page=200").await;
        let level = |t: &str, s: u64| -> String {
            body["items"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["company_type"] == t && c["stage"] == s)
                .map(|c| c["level"].as_str().unwrap().to_owned())
                .unwrap()
        };
        for s in 1..=8u64 {
            // ① little use of stage ①'s 参入支援セミナー only; ② all high; ③ low at ④⑥⑧.
            assert_eq!(
                level("medical-company-led", s),
                if s == 1 { "partial" } else { "high" },
                "① stage {s}"
            );
            assert_eq!(level("manufacturer-entry", s), "high", "② stage {s}");
            assert_eq!(
                level("metro-needs-ict", s),
                if [4, 6, 8].contains(&s) {
                    "low"
                } else {
                    "high"
                },
                "③ stage {s}"
            );
        }
        let (_, only) = app
            .get_json("/api/v1/applicability?type=medical-company-led&stage=1")
            .await;
        assert_eq!(only["total"], 8);
        assert_eq!(
            only["items"][0]["low_measures"],
            serde_json::json!(["discovery.entry-seminar"])
        );
        let (status, bad) = app.get_json("/api/v1/applicability?type=nope").await;
        assert_eq!((status, error_code(&bad)), (400, "bad_request".to_owned()));
    }
}

#[tokio::test]
async fn every_fresh_database_holds_the_catalog_and_the_twenty_cities() {
    for app in TestApp::each(false).await {
        let count = |table: &'static str| count_rows(&app.store, table);
        assert_eq!(
            count("measures").await,
            catalog::MEASURES.len() as i64,
            "{}",
            app.backend
        );
        assert_eq!(
            count("table_items").await,
            catalog::TABLE_ITEMS.len() as i64
        );
        assert_eq!(count("stages").await, 8);
        assert_eq!(count("company_types").await, 3);
        assert_eq!(
            count("applicability").await,
            3 * catalog::MEASURES.len() as i64
        );
        assert_eq!(count("cities").await, 20);
        // Migrating again changes nothing.
        app.store.migrate().await.unwrap();
        assert_eq!(count("measures").await, catalog::MEASURES.len() as i64);
        assert!(app.store.pending_migrations().await.unwrap().is_empty());
        let (_, cities) = app.get_json("/api/v1/cities?per_page=5&page=4").await;
        assert_eq!(cities["total"], 20);
        assert_eq!(cities["items"].as_array().unwrap().len(), 5);
        assert_eq!(cities["items"][4]["name"], "熊本市");
        let (_, chiba) = app.get_json("/api/v1/cities/121002").await;
        assert_eq!(
            (chiba["name"].as_str(), chiba["kana"].as_str()),
            (Some("千葉市"), Some("ちばし"))
        );
    }
}

#[tokio::test]
async fn health_check_answers_only_while_the_database_does() {
    for app in TestApp::each(false).await {
        let (status, body) = app.get_json("/healthz").await;
        assert_eq!(status, 200);
        assert_eq!(body["database"], app.backend);
        app.store.clone().close().await.unwrap();
        let (status, _) = app.get_json("/healthz").await;
        assert_eq!(status, 503, "{}", app.backend);
    }
}
