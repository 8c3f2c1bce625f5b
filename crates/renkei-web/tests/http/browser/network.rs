//! The coordinator network in the browser, as the people use it: a 熊本市
//! coordinator asks the network for regulatory help with a product; a さいたま市
//! coordinator takes the request, advises in the thread and concludes it; the help shows on
//! the product's model view as support from a partner city; a 千葉市 officer finds a
//! product 広島市's company showcased and asks for it to be referred to 千葉市.

use renkei_domain::access::Role;
use renkei_domain::product::EvaluationDraft;
use renkei_domain::showcase::Audience;
use renkei_domain::target::TargetKind;
use renkei_store::Actor;
use thirtyfour::prelude::*;

use super::helpers::{
    choose, click_and_wait, fill, main_text, open, shows, submit_and_wait, switch_to, with_browser,
};
use crate::helpers::{TestApp, city, staff};

const KUMAMOTO: &str = "431001";
const SAITAMA: &str = "111007";
const CHIBA: &str = "121002";
const HIROSHIMA: &str = "341002";
const ADVICE: &str =
    "クラスⅡの認証は登録認証機関の選定から。電気安全とEMCの試験計画を先に固めること。";
const SUMMARY: &str = "登録認証機関の候補と試験計画の立て方を助言した";

/// Clicks the submit button of the move form `code` on a workflow's page and waits for the
/// page to say it was recorded.
async fn make(web: &WebDriver, code: &str) -> WebDriverResult<()> {
    let button = By::Css(format!(
        "form:has(input[name=move][value={code}]) button[type=submit]"
    ));
    click_and_wait(web, button, shows(".notice--success")).await
}

#[tokio::test]
async fn coordinators_help_across_cities_and_an_officer_asks_for_a_showcased_product() {
    let app = TestApp::each(true).await.remove(0);
    let system = Actor::system("test");
    let (_, product) = crate::brokering::company(&app, "ブラウザ褥瘡ケア株式会社", KUMAMOTO).await;
    let (_, shown) =
        crate::brokering::company(&app, "ブラウザ広島パーテーション株式会社", HIROSHIMA).await;
    let award = EvaluationDraft {
        kind: "award".into(),
        title: "広島市ものづくり大賞".into(),
        ..Default::default()
    }
    .validate(&city(HIROSHIMA))
    .unwrap();
    app.store
        .add_evaluation(&shown, &award, &system)
        .await
        .unwrap();
    let showing = (
        "卓上で使える飛沫防止パーティション",
        &[TargetKind::Hospital][..],
        Audience::Network,
    );
    app.store
        .set_showcase(&shown, showing, ("文言", "test"), &system)
        .await
        .unwrap();
    // 熊本市's company shows its product to the network: the other cities may discuss it.
    let mine = (
        "床擦れの予防と早期回復を支援するシステム",
        &[TargetKind::Hospital][..],
        Audience::Network,
    );
    app.store
        .set_showcase(&product, mine, ("文言", "test"), &system)
        .await
        .unwrap();
    let asker = [Role::Coordinator {
        city: city(KUMAMOTO),
    }];
    let helper = [Role::Coordinator {
        city: city(SAITAMA),
    }];
    with_browser("network", async |web: &WebDriver| {
        // 熊本市's coordinator asks the network (nobody named) for regulatory help.
        switch_to(web, &app, &asker).await?;
        let ask = format!("/help-requests/new?product={}", product.id);
        open(web, &app, &ask, shows("#f-question")).await?;
        choose(web, "f-field", "regulatory").await?;
        choose(web, "f-class", "class-2").await?;
        fill(
            web,
            "f-question",
            "クラスⅡの認証に向けて、登録認証機関の選び方を相談したい",
        )
        .await?;
        submit_and_wait(web, "/help-requests/new", shows("#history")).await?;
        let request = web.current_url().await?.path().to_owned();

        // さいたま市's coordinator takes it and advises in the thread.
        switch_to(web, &app, &helper).await?;
        open(web, &app, &request, shows("#moves")).await?;
        make(web, "accept").await?;
        let thread = format!("/threads/new?product={}", product.id);
        open(web, &app, &thread, shows("#f-body")).await?;
        fill(web, "f-title", "クラスⅡの認証の進め方").await?;
        fill(web, "f-body", ADVICE).await?;
        submit_and_wait(web, "/threads/new", shows("#posts")).await?;
        assert!(main_text(web).await?.contains(ADVICE));
        open(web, &app, &request, shows("#moves")).await?;

        // Concluded: the outcome becomes support on the product, from a partner city.
        fill(web, "f-conclude-text", SUMMARY).await?;
        make(web, "conclude").await?;
        switch_to(web, &app, &[staff(KUMAMOTO, false)]).await?;
        let page = format!("/products/{}", product.id);
        open(web, &app, &page, shows("h1")).await?;
        let text = main_text(web).await?;
        assert!(
            text.contains(SUMMARY) && text.contains("さいたま市"),
            "{text}"
        );

        // 千葉市's officer finds 広島市's showcased product and asks for it.
        switch_to(web, &app, &[staff(CHIBA, false)]).await?;
        open(web, &app, "/showcase?q=パーティション", shows("table")).await?;
        let link = By::Css(format!("a[href='/showcase/{}']", shown.id));
        click_and_wait(web, link, shows("#f-reason")).await?;
        fill(web, "f-reason", "市内の病院の外来で飛沫対策の需要がある").await?;
        let action = format!("/showcase/{}/referral-request", shown.id);
        submit_and_wait(web, &action, shows(".notice--success")).await?;
        Ok(())
    })
    .await;
    // The request started a referral at ① in 広島市, to 千葉市.
    let all = renkei_domain::access::ListScope {
        all: true,
        ..Default::default()
    };
    let q = renkei_store::ReferralQuery {
        product: Some(shown.id),
        ..Default::default()
    };
    let page = renkei_store::PageRequest::new(1, 10);
    let made = app.store.referrals(&all, &q, page).await.unwrap().items;
    assert_eq!(made.len(), 1);
    assert_eq!(made[0].receiving_city, city(CHIBA));
    assert_eq!(made[0].state, renkei_domain::referral::State::Selected);
}
