//! The model overview, a city's menu, signing in and out, and the live search.

use thirtyfour::prelude::*;

use super::helpers::{
    click_and_wait, contains, fill, h1, main_text, open, shows, sign_in, texts, wait_for,
    with_browser,
};
use crate::helpers::{TestApp, staff};

#[tokio::test]
async fn a_person_sees_the_model_and_a_city_menu() {
    let app = TestApp::each(true).await.remove(0);
    let officer = [staff("431001", false)];
    with_browser("browser-test", async |web: &WebDriver| {
        sign_in(web, &app, &officer).await?;
        open(web, &app, "/", h1("理想的な支援成功モデル")).await?;
        let h1_text = web.find(By::Tag("h1")).await?.text().await?;
        assert_eq!(h1_text, "理想的な支援成功モデル");
        assert_eq!(web.title().await?, "理想的な支援成功モデル | Renkei");

        // The new measures are marked in every type's row: 12 of the stages' measures, in
        // three rows, plus the coordinators' row.
        let marks = web
            .find_all(By::Css(".model-table tbody .badge--new"))
            .await?;
        assert_eq!(marks.len(), 12 * 3 + 1);
        let first = web
            .find(By::Css(
                r#"#type-manufacturer-entry [data-measure="discovery.maker-tour"]"#,
            ))
            .await?;
        assert!(first.text().await?.contains("新"));

        // Type ③ (都市圏内ニーズ活用型): little use at stages ④, ⑥ and ⑧.
        let cells = web.find_all(By::Css("#type-metro-needs-ict td")).await?;
        let mut levels = Vec::new();
        for c in &cells {
            levels.push(c.attr("data-level").await?.unwrap_or_default());
        }
        assert_eq!(
            levels,
            ["high", "high", "high", "low", "high", "low", "high", "low"]
        );
        let low_cell_text = cells[3].text().await?;
        assert!(
            low_cell_text.starts_with("低い"),
            "a person reads 低い in the cell: {low_cell_text}"
        );

        // Switch to English with the header link; the choice holds on the next page.
        click_and_wait(
            web,
            By::Css(".lang-switch"),
            h1("Ideal support success model"),
        )
        .await?;
        click_and_wait(web, By::LinkText("Cities' menus"), h1("Cities' menus")).await?;
        click_and_wait(web, By::LinkText("熊本市"), h1("熊本市: support menu")).await?;
        open(
            web,
            &app,
            "/cities/431001?lang=ja",
            h1("熊本市の支援メニュー"),
        )
        .await?;

        let names = texts(web, ".entry__name").await?;
        assert!(
            names.contains(&"熊本市ものづくり大賞".to_owned()),
            "{names:?}"
        );
        assert!(names.contains(&"指定都市間連携による販路開拓支援".to_owned()));
        let joint = web
            .find(By::Css(r#"section[aria-labelledby="stage-7"] .entry"#))
            .await?
            .text()
            .await?;
        assert!(
            joint.contains("指定都市間連携") && joint.contains("新"),
            "{joint}"
        );

        // The form is reachable and labelled for keyboard and screen-reader users.
        click_and_wait(
            web,
            By::LinkText("メニューに施策を追加"),
            h1("熊本市：支援メニューの追加"),
        )
        .await?;
        let label = web
            .find(By::Css(r#"label[for="f-name"]"#))
            .await?
            .text()
            .await?;
        assert!(label.starts_with("名称"));
        click_and_wait(web, By::Css("button[type=submit]"), shows("#error-summary")).await?;
        let summary = web.find(By::Id("error-summary")).await?.text().await?;
        assert!(
            summary.contains("名称を入力してください")
                && summary.contains("支援施策が見つかりません"),
            "{summary}"
        );
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn a_person_signs_in_sees_only_their_citys_records_is_refused_another_city_and_signs_out() {
    let app = TestApp::each(true).await.remove(0);
    let officer = [staff("431001", false)];
    with_browser("sign-in-test", async |web: &WebDriver| {
        // Not signed in: adding to a menu leads to the sign-in page.
        open(
            web,
            &app,
            "/cities/431001/menu/new?lang=ja",
            h1("サインイン"),
        )
        .await?;

        sign_in(web, &app, &officer).await?;
        open(
            web,
            &app,
            "/cities/431001/menu/new",
            h1("熊本市：支援メニューの追加"),
        )
        .await?;

        // Another city's menu: refused, and told why.
        let refused = "この操作を行う権限がありません";
        open(
            web,
            &app,
            "/cities/341002/menu/new",
            contains("main", refused),
        )
        .await?;
        let refusal = main_text(web).await?;
        assert!(refusal.contains(refused), "{refusal}");
        // Reading it stays open: menus are the cities' public offerings.
        open(web, &app, "/cities/341002", h1("広島市の支援メニュー")).await?;

        // Companies: the officer's list holds Kumamoto's pilot company and no other city's;
        // Chiba's pilot company (the demo's first), asked for by id, does not exist for them.
        open(web, &app, "/companies", h1("企業")).await?;
        let list = main_text(web).await?;
        assert!(list.contains("ゼロシステム㈱"), "{list}");
        assert!(
            !list.contains("アミンファーマ") && !list.contains("畑林工業"),
            "{list}"
        );
        open(web, &app, "/companies/1", h1("ページが見つかりません")).await?;
        // Their account page lists what their role opens, and not the administrators' pages.
        open(web, &app, "/account", h1("アカウント")).await?;
        let account = main_text(web).await?;
        assert!(
            account.contains("熊本市 職員（更新可）") && account.contains("熊本市 の監査ログ"),
            "{account}"
        );
        assert!(!account.contains("全アカウント"), "{account}");

        // Sign out from the sign-in page; the session is gone, so adding needs signing in again.
        open(web, &app, "/sign-in", shows("main button[type=submit]")).await?;
        click_and_wait(web, By::Css("main button[type=submit]"), h1("サインイン")).await?;
        open(web, &app, "/cities/431001/menu/new", h1("サインイン")).await?;
        assert!(web.find(By::Id("f-password")).await.is_ok());
        Ok(())
    })
    .await;
}

#[tokio::test]
async fn results_appear_as_a_person_types() {
    let app = TestApp::each(true).await.remove(0);
    let officer = [staff("431001", false)];
    with_browser("search-test", async |web: &WebDriver| {
        sign_in(web, &app, &officer).await?;
        open(web, &app, "/search", h1("検索")).await?;
        fill(web, "f-q", "じょくそう").await?;
        // No button pressed: the results region fills in by itself.
        let typed = "typing 「じょくそう」";
        wait_for(web, contains("#search-results", "褥瘡"), typed).await?;
        let seen = web.find(By::Id("search-results")).await?.text().await?;
        assert!(
            seen.contains("床擦れ（褥瘡［じょくそう］）予防管理システム"),
            "{seen}"
        );
        assert!(
            web.current_url().await?.query().is_none(),
            "the page did not reload"
        );
        // 熊本市's officer does not find 千葉市's company.
        web.find(By::Id("f-q")).await?.clear().await?;
        fill(web, "f-q", "アミンファーマ").await?;
        let typed = "typing 「アミンファーマ」";
        wait_for(web, contains("#search-results", "アミンファーマ"), typed).await?;
        wait_for(web, contains("#search-results", "0件"), typed).await?;
        let seen = web.find(By::Id("search-results")).await?.text().await?;
        assert!(seen.contains("0件"), "{seen}");
        Ok(())
    })
    .await;
}

/// The filter and search forms: each text input is as high as the selects beside it, and in a
/// row of fields as wide as they are (the design system's form controls).
#[tokio::test]
async fn text_inputs_match_the_selects_beside_them() {
    let app = TestApp::each(true).await.remove(0);
    let officer = [staff("431001", false)];
    with_browser("filter-forms-test", async |web: &WebDriver| {
        sign_in(web, &app, &officer).await?;
        let size = r#"const r = document.querySelector(arguments[0]).getBoundingClientRect();
            return [Math.round(r.width), Math.round(r.height)];"#;
        for (path, select, same_row) in [
            ("/companies", "#f-city", true),
            ("/products", "#f-stage", true),
            ("/sales-targets", "#f-kind", true),
            ("/search?q=%E8%A1%80", "#f-kind", false),
        ] {
            open(web, &app, path, shows("#f-q")).await?;
            let mut sizes = Vec::new();
            for css in ["#f-q", select] {
                let v = web.execute(size, vec![serde_json::json!(css)]).await?;
                let (w, h): (i64, i64) = v.convert()?;
                sizes.push((w, h));
            }
            let [(input_w, input_h), (select_w, select_h)] = sizes[..] else {
                unreachable!()
            };
            assert_eq!(input_h, select_h, "{path}: heights");
            assert!(
                input_h >= 40,
                "{path}: a control of the design system's size"
            );
            if same_row {
                assert!((input_w - select_w).abs() <= 1, "{path}: widths {sizes:?}");
            }
        }
        Ok(())
    })
    .await;
}
