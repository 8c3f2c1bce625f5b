//! The pages, as a person (or a screen reader) gets them: Japanese by default, English when
//! chosen and remembered; forms that validate, list every error and write nothing.

use crate::helpers::TestApp;

#[tokio::test]
async fn overview_shows_the_model_in_japanese_and_in_english() {
    for app in TestApp::each(false).await {
        let (status, html) = app.get_text("/").await;
        assert_eq!(status, 200);
        assert!(html.contains(r#"<html lang="ja">"#));
        for text in [
            "理想的な支援成功モデル",
            "ニーズ・シーズの発掘",
            "アイデア・企画検討",
            "試作・治験",
            "生産販売",
            "都市圏内ニーズ活用型",
            "全段階共通",
            "段階⑦は、段階⑧の後",
        ] {
            assert!(
                html.contains(text),
                "{}: overview lacks {text}",
                app.backend
            );
        }
        // Choosing English is remembered by a cookie for the next pages.
        let (_, en) = app.get_text("/?lang=en").await;
        assert!(en.contains(r#"<html lang="en">"#) && en.contains("Ideal support success model"));
        let (_, next) = app.get_text("/stages/5").await;
        assert!(
            next.contains("Research and development"),
            "the choice is remembered"
        );
        let (_, back) = app.get_text("/stages/5?lang=ja").await;
        assert!(back.contains("研究開発"));
    }
}

#[tokio::test]
async fn stage_pages_show_three_columns() {
    for app in TestApp::each(false).await {
        let (status, html) = app.get_text("/stages/4").await;
        assert_eq!(status, 200);
        for text in [
            "現状の支援内容",
            "課題（企業の声）",
            "課題解決支援手法",
            "薬事法許認可取得のハードルが高い",
            "知的財産権取得支援",
        ] {
            assert!(html.contains(text), "stage ④ lacks {text}");
        }
        let (status, common) = app.get_text("/stages/common").await;
        assert_eq!(status, 200);
        assert!(common.contains("全体を通じて支援できるコーディネーターの不足"));
        assert_eq!(app.get_text("/stages/9").await.0, 404);
        let (status, missing) = app.get_text("/no/such/page").await;
        assert_eq!(status, 404);
        assert!(
            missing.contains("ページが見つかりません"),
            "an error page, in Japanese"
        );
    }
}

#[tokio::test]
async fn a_city_officer_adds_edits_and_removes_a_menu_entry_by_form() {
    for app in TestApp::each(true).await {
        let kumamoto = renkei_domain::city::CityCode::parse("431001").unwrap();
        app.sign_in_as(&[renkei_domain::access::Role::CityStaff {
            city: kumamoto,
            read_only: false,
        }])
        .await;
        let (status, menu) = app.get_text("/cities/431001").await;
        assert_eq!(status, 200);
        assert!(menu.contains("熊本市の支援メニュー") && menu.contains("熊本市ものづくり大賞"));

        // Errors: each listed at the top, linked to its field, and nothing written.
        let r = app
            .post_form(
                "/cities/431001/menu/new",
                &[
                    ("measure", "development.software-support"),
                    ("offering", "own"),
                    ("name", ""),
                    ("url", "ftp://x"),
                    ("period_start", "令和8年4月1日"),
                    ("period_end", "令和8年3月1日"),
                ],
            )
            .await;
        assert_eq!(r.status().as_u16(), 422);
        let html = r.text().await.unwrap();
        for text in [
            "入力内容に誤りがあります",
            r##"href="#f-name""##,
            "名称を入力してください",
            "受付期間の終了日が開始日より前",
            "URLは http:// または https://",
            r#"aria-invalid="true""#,
        ] {
            assert!(
                html.contains(text),
                "{}: error page lacks {text}",
                app.backend
            );
        }
        assert!(
            html.contains(r#"value="令和8年4月1日""#),
            "what the person typed is kept"
        );
        let (_, before) = app.get_json("/api/v1/cities/431001/menu").await;

        let r = app
            .post_form(
                "/cities/431001/menu/new",
                &[
                    ("measure", "development.software-support"),
                    ("offering", "own"),
                    ("name", "ヘルスケアソフトウェア開発補助金"),
                    ("period_start", "R8.4.1"),
                    ("budget_yen", "3,000,000"),
                ],
            )
            .await;
        assert_eq!(r.status().as_u16(), 303);
        let location = r.headers()["location"].to_str().unwrap().to_owned();
        let (_, after) = app.get_json("/api/v1/cities/431001/menu").await;
        assert_eq!(
            after["total"].as_u64(),
            before["total"].as_u64().map(|n| n + 1)
        );
        let (_, menu) = app.get_text(&location).await;
        assert!(menu.contains("保存しました") && menu.contains("ヘルスケアソフトウェア開発補助金"));
        assert!(menu.contains("令和8年4月1日（2026-04-01）") && menu.contains("3,000,000円"));

        let id = after["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["name"] == "ヘルスケアソフトウェア開発補助金")
            .unwrap()["id"]
            .as_i64()
            .unwrap();
        let (status, form) = app
            .get_text(&format!("/cities/431001/menu/{id}/edit"))
            .await;
        assert_eq!(status, 200);
        assert!(form.contains(r#"name="version" value="1""#));
        // Someone saves from a stale form: conflict, shown with the latest version.
        let fields = [
            ("measure", "development.software-support"),
            ("offering", "own"),
            ("name", "改称した補助金"),
            ("version", "1"),
        ];
        assert_eq!(
            app.post_form(&format!("/cities/431001/menu/{id}/edit"), &fields)
                .await
                .status()
                .as_u16(),
            303
        );
        let stale = [
            ("measure", "development.software-support"),
            ("offering", "own"),
            ("name", "古い画面からの保存"),
            ("version", "1"),
        ];
        let r = app
            .post_form(&format!("/cities/431001/menu/{id}/edit"), &stale)
            .await;
        assert_eq!(r.status().as_u16(), 409);
        assert!(
            r.text()
                .await
                .unwrap()
                .contains("ほかの人が先にこの項目を更新しました")
        );

        // An officer of 熊本市 may not change 広島市's menu at all.
        assert_eq!(
            app.get_text(&format!("/cities/341002/menu/{id}/edit"))
                .await
                .0,
            403
        );
        assert_eq!(
            app.post_form(&format!("/cities/341002/menu/{id}/delete"), &[])
                .await
                .status()
                .as_u16(),
            403
        );

        let (status, confirm) = app
            .get_text(&format!("/cities/431001/menu/{id}/delete"))
            .await;
        assert_eq!(status, 200);
        assert!(confirm.contains("改称した補助金"));
        assert_eq!(
            app.post_form(&format!("/cities/431001/menu/{id}/delete"), &[])
                .await
                .status()
                .as_u16(),
            303
        );
        assert_eq!(
            app.get_json(&format!("/api/v1/cities/431001/menu/{id}"))
                .await
                .0,
            404
        );
    }
}

#[tokio::test]
async fn the_guide_answers_what_a_type_can_use_at_a_stage_in_a_city() {
    for app in TestApp::each(true).await {
        let (status, html) = app
            .get_text("/guide?type=manufacturer-entry&stage=5&city=341002")
            .await;
        assert_eq!(status, 200);
        for text in [
            "広島市でものづくり企業活用型の企業が段階⑤ 研究開発で使える支援",
            "新成長ビジネス事業化支援事業",
            "さいたま市医療機器研究会（連携）",
            "千葉市：",
            "医療機器等研究開発補助金",
            "AMED",
        ] {
            assert!(html.contains(text), "{}: guide lacks {text}", app.backend);
        }
        let (_, ict) = app
            .get_text("/guide?type=metro-needs-ict&stage=4&city=431001")
            .await;
        assert!(
            ict.contains("活用可能性が低い"),
            "stage ④ is of little use to type ③"
        );
        assert_eq!(
            app.get_text("/guide?type=metro-needs-ict&stage=4&city=999999")
                .await
                .0,
            404
        );
        let (status, empty) = app.get_text("/guide").await;
        assert_eq!(status, 200);
        assert!(
            !empty.contains("result-h"),
            "no result until all three are chosen"
        );
    }
}
