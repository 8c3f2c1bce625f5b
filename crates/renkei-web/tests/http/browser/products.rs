//! An officer registers a company and follows its product through the model.

use thirtyfour::prelude::*;

use super::helpers::{
    choose, click_and_wait, fill, h1, main_text, open, sign_in, submit_and_wait, with_browser,
};
use crate::helpers::{TestApp, staff};

#[tokio::test]
async fn an_officer_registers_a_company_and_follows_its_product_through_the_model() {
    let app = TestApp::each(true).await.remove(0);
    let officer = [staff("121002", false)];
    with_browser("product-test", async |web: &WebDriver| {
        sign_in(web, &app, &officer).await?;
        // A company, typed the way people type: full-width letters, ㈱.
        open(web, &app, "/companies/new", h1("企業の登録")).await?;
        fill(web, "f-name", "㈱ＣＨＩＢＡ医工").await?;
        fill(web, "f-name_kana", "ちばいこう").await?;
        choose(web, "f-company_type", "manufacturer-entry").await?;
        submit_and_wait(web, "/companies/new", h1("㈱ＣＨＩＢＡ医工")).await?;
        let page = main_text(web).await?;
        assert!(
            page.contains("チバイコウ") && page.contains("保存しました"),
            "{page}"
        );

        // Its product, at ② planning.
        click_and_wait(
            web,
            By::LinkText("開発案件を登録する"),
            h1("開発案件の登録"),
        )
        .await?;
        fill(web, "f-name", "在宅用の嚥下訓練器").await?;
        choose(web, "f-stage", "2").await?;
        let product_page = || h1("在宅用の嚥下訓練器");
        click_and_wait(web, By::Css("main button[type=submit]"), product_page()).await?;
        let url = web.current_url().await?;
        let product = url.path().to_owned();

        // An idea review against the city's rubric: every criterion scored.
        for i in 0..5 {
            choose(web, &format!("f-score_{i}"), "4").await?;
        }
        fill(web, "f-comment", "市場性が高い").await?;
        submit_and_wait(web, &format!("{product}/reviews"), product_page()).await?;

        // Moved on to ③ with its reason; support recorded.
        choose(web, "f-to", "3").await?;
        fill(web, "f-reason", "アイデア検証評価で事業化可能と判断").await?;
        submit_and_wait(web, &format!("{product}/stage"), product_page()).await?;
        choose(web, "f-measure", "planning.idea-review").await?;
        submit_and_wait(web, &format!("{product}/support"), product_page()).await?;

        // The model view: the current and next stages, what was used, the timeline, the review.
        let page = main_text(web).await?;
        for expected in [
            "③ 技術認定等（現在）",
            "④ 薬事法等関連相談（次の段階）",
            "② 企画検討（通過）",
            "利用済み（1）",
            "アイデア検証評価で事業化可能と判断",
            "80.0",
        ] {
            assert!(page.contains(expected), "{expected}: {page}");
        }
        Ok(())
    })
    .await;
}
