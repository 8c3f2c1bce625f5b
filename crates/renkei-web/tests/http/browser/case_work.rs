//! Case work in the browser, as the people do it: a company asks its city's desk a
//! 薬事 question about its product; the desk dispatches an expert (approved, visited, closed
//! with the report) and bridges the case to PMDA; the company consents to what is shared;
//! the desk records the request sent, PMDA's reply and the outcome; the product's model view
//! shows both as support.

use renkei_domain::access::Role;
use thirtyfour::prelude::*;

use super::helpers::{
    choose, click_and_wait, contains, fill, main_text, open, shows, submit_and_wait, switch_to,
    with_browser,
};
use crate::helpers::{TestApp, staff};

const REPORT: &str = "クラスⅡの認証基準に適合する見込みと助言した";
const REPLY: &str = "事前面談の日程を調整します";

/// Clicks the submit button of the move form `code` on a workflow's page and waits for the
/// page to say it was recorded.
async fn make(web: &WebDriver, code: &str) -> WebDriverResult<()> {
    let button = By::Css(format!(
        "form:has(input[name=move][value={code}]) button[type=submit]"
    ));
    click_and_wait(web, button, shows(".notice--success")).await
}

#[tokio::test]
async fn a_regulatory_question_is_worked_with_an_expert_and_bridged_to_pmda() {
    let app = TestApp::each(true).await.remove(0);
    let (company, product) =
        crate::consultations::company(&app, "ブラウザ橋渡し医工株式会社").await;
    let x = renkei_domain::dispatch::ExpertDraft {
        name: "薬事 花子".into(),
        fields: vec!["regulatory".into()],
        hourly_fee: "15000".into(),
        active: true,
        ..Default::default()
    }
    .validate()
    .unwrap();
    let code = crate::helpers::city("121002");
    let system = renkei_store::Actor::system("test");
    let expert = app.store.insert_expert(&code, &x, &system).await.unwrap();
    let firm = [Role::CompanyUser {
        company: company.id.0,
    }];
    let desk = [staff("121002", false)];
    with_browser("case-work", async |web: &WebDriver| {
        // The company asks.
        switch_to(web, &app, &firm).await?;
        let cases = format!("/companies/{}/consultations", company.id);
        open(web, &app, &cases, shows("#f-kind")).await?;
        choose(web, "f-kind", "regulatory").await?;
        fill(web, "f-subject", "認証基準への適合の相談").await?;
        choose(web, "f-product", &product.id.0.to_string()).await?;
        submit_and_wait(web, &cases, shows("#dispatches")).await?;
        let case = web.current_url().await?.path().to_owned();

        // The desk dispatches the expert: asked, approved, visited, closed with the report.
        switch_to(web, &app, &desk).await?;
        open(web, &app, &case, shows("#dispatches")).await?;
        web.find(By::Css("#dispatches ~ details summary"))
            .await?
            .click()
            .await?;
        choose(web, "f-expert", &expert.id.0.to_string()).await?;
        choose(web, "f-field", "regulatory").await?;
        fill(web, "f-purpose", "認証基準の適合性の確認").await?;
        submit_and_wait(web, &format!("{case}/dispatches"), shows("#visits")).await?;
        make(web, "approve").await?;
        fill(web, "f-date", "2026-11-27").await?;
        fill(web, "f-hours", "2").await?;
        let dispatch = web.current_url().await?.path().to_owned();
        submit_and_wait(
            web,
            &format!("{dispatch}/visits"),
            contains("#visits-caption", "30,000"),
        )
        .await?;
        fill(web, "f-close", REPORT).await?;
        make(web, "close").await?;

        // The desk bridges the case to PMDA and asks the company's consent.
        open(web, &app, &case, shows("#f-target")).await?;
        submit_and_wait(web, &format!("{case}/bridges"), contains("h1", "橋渡し")).await?;
        make(web, "ask_consent").await?;
        let bridge = web.current_url().await?.path().to_owned();

        // The company consents, sharing the record with AMED too.
        switch_to(web, &app, &firm).await?;
        open(web, &app, &bridge, shows("#f-amed")).await?;
        for field in web.find_all(By::Css("input[name=shared]")).await? {
            field.click().await?;
        }
        web.find(By::Id("f-amed")).await?.click().await?;
        make(web, "consent").await?;
        assert!(
            main_text(web)
                .await?
                .contains("申込書（PDF）をダウンロード")
        );

        // The desk records it sent, PMDA's reply and the outcome.
        switch_to(web, &app, &desk).await?;
        open(web, &app, &bridge, shows("#f-date")).await?;
        fill(web, "f-date", "2026-11-30").await?;
        make(web, "mark_sent").await?;
        fill(web, "f-date", "2026-12-01").await?;
        fill(web, "f-text", REPLY).await?;
        make(web, "record_reply").await?;
        choose(web, "f-outcome", "held").await?;
        make(web, "close").await?;
        let page = main_text(web).await?;
        assert!(page.contains(REPLY) && page.contains("相談実施"), "{page}");

        // The product's model view shows both as support.
        let product_page = format!("/products/{}", product.id);
        open(web, &app, &product_page, shows("main h1")).await?;
        let page = main_text(web).await?;
        for expected in [REPORT, "専門家派遣（薬事）", "薬事法に係る橋渡し支援"]
        {
            assert!(page.contains(expected), "{expected}: {page}");
        }
        Ok(())
    })
    .await;
}
