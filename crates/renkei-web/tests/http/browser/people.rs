//! A company's person on board, in the browser: 千葉市's officer invites them from the
//! company's page; they open the mailed link, set a password, sign in with it, and give the
//! referral's consent (step ②).

use thirtyfour::prelude::*;

use renkei_domain::referral::State;

use super::helpers::{
    click_and_wait, contains, fill, goto_and_wait, h1, open, shows, sign_in, step, submit_and_wait,
    with_browser,
};
use crate::helpers::{TestApp, link_in_outbox, staff};

const PERSON: &str = "kaihatsu@browser-medical.example.co.jp";

#[tokio::test]
async fn an_invited_company_person_sets_a_password_signs_in_and_consents() {
    let app = TestApp::each(false).await.remove(0);
    let (company, product) =
        crate::referrals::eligible_product(&app.store, "ブラウザ招待の見守りセンサー").await;
    let referral = crate::referrals::referral_in(&app.store, product, State::Selected).await;
    let admin = app.another_node().await;
    admin.sign_in_admin().await;
    with_browser("people-test", async |web: &WebDriver| {
        invited(web, &app, company).await?;
        let link = link_in_outbox(&admin, PERSON).await;
        web.delete_all_cookies().await?;
        goto_and_wait(web, &app.url(&link), shows("#f-password")).await?;
        let password = "見守りセンサーの開発2026";
        fill(web, "f-password", password).await?;
        fill(web, "f-confirm", password).await?;
        submit_and_wait(web, "/account/link", shows("#f-email")).await?;
        fill(web, "f-email", PERSON).await?;
        fill(web, "f-password", password).await?;
        let signed_in = h1("理想的な支援成功モデル");
        click_and_wait(web, By::Css("main button[type=submit]"), signed_in).await?;
        let path = format!("/referrals/{}", referral.id);
        open(web, &app, &path, shows("#consent-wording")).await?;
        web.find(By::Id("kind-hospital")).await?.click().await?;
        web.find(By::Id("f-agree")).await?.click().await?;
        let consent = format!("{path}/consent");
        submit_and_wait(web, &consent, step("②同意済み（送付待ち）")).await
    })
    .await;
}

/// The officer opens the company's people from its page and invites the person as the
/// company's manager.
async fn invited(web: &WebDriver, app: &TestApp, company: i64) -> WebDriverResult<()> {
    sign_in(web, app, &[staff("121002", false)]).await?;
    let page = format!("/companies/{company}");
    open(web, app, &page, shows(&format!("a[href='{page}/people']"))).await?;
    let people = By::Css(format!("a[href='{page}/people']"));
    click_and_wait(web, people, contains("h1", "企業の利用者")).await?;
    fill(web, "f-email", PERSON).await?;
    fill(web, "f-name", "開発部 佐藤").await?;
    web.find(By::Id("f-manager")).await?.click().await?;
    let invite = format!("{page}/people/invite");
    submit_and_wait(
        web,
        &invite,
        contains(".notice--success", "招待メールを送りました"),
    )
    .await
}
