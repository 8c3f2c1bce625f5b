//! The evidence in the browser: a 千葉市 officer opens the city's dashboard (charts drawn on
//! the server beside their tables, no WCAG A/AA violation by axe-core), changes the fiscal
//! year in the filter's form, and downloads the referral pilot's report with the browser's
//! own session.

use thirtyfour::prelude::*;

use super::accessibility::accessibility_violations;
use super::helpers::{
    contains, fill, main_text, open, shows, submit_and_wait, switch_to, with_browser,
};
use crate::evidence_fixture::{CHIBA, load};
use crate::helpers::{TestApp, staff};

#[tokio::test]
async fn an_officer_opens_the_city_dashboard_changes_the_year_and_downloads_the_pilot_report() {
    let app = TestApp::each(false).await.remove(0);
    load(&app).await;
    let dashboard = format!("/cities/{CHIBA}/dashboard");
    with_browser("evidence", async |web: &WebDriver| {
        switch_to(web, &app, &[staff(CHIBA, false)]).await?;
        let first = format!("{dashboard}?year=2026");
        open(
            web,
            &app,
            &first,
            shows("#t-products-by-stage svg[role=img]"),
        )
        .await?;
        let text = main_text(web).await?;
        assert!(text.contains("2026年度（令和8年度）"), "{text}");
        let violations = accessibility_violations(web).await?;
        assert!(violations.is_empty(), "{violations:#?}");
        // The year before, in 和暦 too.
        web.find(By::Id("f-year")).await?.clear().await?;
        fill(web, "f-year", "令和7").await?;
        submit_and_wait(
            web,
            &dashboard,
            contains("#dashboard-year", "2025年度（令和7年度）"),
        )
        .await?;
        let funnel = web
            .find(By::Css("table[data-table=referral-funnel] tbody tr td"))
            .await?
            .text()
            .await?;
        assert_eq!(funnel, "0", "千葉市 had no referral in 2025");
        // The pilot's report, fetched by the browser with its session.
        let link = web.find(By::Id("pilot-report")).await?;
        let href = link.attr("href").await?.unwrap_or_default();
        assert!(
            href.contains("year=%E4%BB%A4%E5%92%8C7") || href.contains("year=令和7"),
            "{href}"
        );
        let got = web
            .execute(
                r#"return fetch(arguments[0]).then(async r => {
                     const head = new Uint8Array(await r.arrayBuffer()).slice(0, 5);
                     return [r.status, r.headers.get('content-type'), String.fromCharCode(...head)];
                   });"#,
                vec![serde_json::json!(href)],
            )
            .await?;
        let got: (u16, String, String) = got.convert()?;
        assert_eq!(got, (200, "application/pdf".to_owned(), "%PDF-".to_owned()));
        Ok(())
    })
    .await;
}
