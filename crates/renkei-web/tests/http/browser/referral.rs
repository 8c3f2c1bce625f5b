//! One inter-city referral through its nine steps, each party in its own session.

use thirtyfour::prelude::*;

use renkei_domain::access::Role;

use super::helpers::{
    Expect, choose, click_and_wait, fill, goto_and_wait, h1, main_text, open, shows, sign_in, step,
    submit_and_wait, visit_as, with_browser,
};
use crate::helpers::{TestApp, staff};

/// The referral the test follows: who acts on it (the sending city 千葉市, the receiving
/// city 広島市, a city with no part in it 熊本市, and the company), its page and its id.
struct Scene<'a> {
    app: &'a TestApp,
    sending: [Role; 1],
    receiving: [Role; 1],
    other: [Role; 1],
    firm: [Role; 1],
    path: String,
    id: String,
}

/// The button of the step `name`.
fn button(name: &str) -> By {
    By::Css(format!("button[data-move='{name}']"))
}

fn not_found() -> Expect {
    h1("ページが見つかりません")
}

fn introducing() -> Expect {
    step("④⑤受入れ・販路開拓先に紹介中")
}

fn selling() -> Expect {
    step("⑦⑧企業へ伝達・販促活動中")
}

#[tokio::test]
async fn one_referral_goes_through_the_nine_steps_and_each_party_sees_only_its_part() {
    let app = TestApp::each(true).await.remove(0);
    let (company, product) =
        crate::referrals::eligible_product(&app.store, "ブラウザ試験の褥瘡予防マット").await;
    let target = renkei_domain::target::TargetDraft {
        kind: "hospital".into(),
        name: "広島ブラウザ試験病院（架空）".into(),
        departments: "看護部".into(),
        contact_name: "看護部長 広島".into(),
        contact_phone: "082-000-0000".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    app.store
        .create_sales_target(
            &crate::helpers::city("341002"),
            &target,
            &renkei_store::Actor::system("test"),
        )
        .await
        .unwrap();
    let mut s = Scene {
        app: &app,
        sending: [staff("121002", false)],
        receiving: [staff("341002", false)],
        other: [staff("431001", false)],
        firm: [Role::CompanyUser { company }],
        path: String::new(),
        id: String::new(),
    };
    with_browser("referral-test", async |web: &WebDriver| {
        selected(web, &mut s, product).await?;
        consented(web, &s).await?;
        sent_and_accepted(web, &s).await?;
        let link = introduced(web, &s).await?;
        the_target_agrees(web, &link).await?;
        reported_back_and_forwarded(web, &s).await?;
        sold_reported_and_closed(web, &s).await
    })
    .await;
}

/// ① 千葉市 selects the product for 広島市, saying why; 広島市 and 熊本市 know nothing of it
/// yet. Sets the referral's path and id.
async fn selected(web: &WebDriver, s: &mut Scene<'_>, product: i64) -> WebDriverResult<()> {
    let (app, sending, receiving, other) = (s.app, &s.sending, &s.receiving, &s.other);
    sign_in(web, app, sending).await?;
    let product_page = format!("/products/{product}");
    open(web, app, &product_page, h1("ブラウザ試験の褥瘡予防マット")).await?;
    let refer = By::LinkText("他の指定都市に紹介する");
    click_and_wait(web, refer, h1("他都市への紹介（選定）")).await?;
    choose(web, "f-receiving", "341002").await?;
    fill(
        web,
        "f-reason",
        "千葉市ベンチャーカップでグランプリを受賞し、市内の病院で試用が進んでいます。",
    )
    .await?;
    let new = format!("/products/{product}/referrals/new");
    submit_and_wait(web, &new, step("①選定（企業の同意待ち）")).await?;
    let url = web.current_url().await?;
    let path = url.path().to_owned();
    let id = path.trim_start_matches("/referrals/").to_owned();

    for who in [&receiving[..], &other[..]] {
        visit_as(web, app, who, &path, not_found()).await?;
    }
    s.path = path;
    s.id = id;
    Ok(())
}

/// ② The company confirms the channel (hospitals) and consents, reading the wording.
async fn consented(web: &WebDriver, s: &Scene<'_>) -> WebDriverResult<()> {
    let Scene {
        app,
        firm,
        path,
        id,
        ..
    } = s;
    visit_as(web, app, firm, path, shows("#consent-wording")).await?;
    let wording = web.find(By::Id("consent-wording")).await?.text().await?;
    assert!(
        wording.contains("広島市") && wording.contains("撤回"),
        "{wording}"
    );
    web.find(By::Id("kind-hospital")).await?.click().await?;
    web.find(By::Id("f-agree")).await?.click().await?;
    let consent = format!("/referrals/{id}/consent");
    submit_and_wait(web, &consent, step("②同意済み（送付待ち）")).await?;
    assert!(web.find(By::Id("consent-record")).await.is_ok());
    // Sending is not the company's step: there is no such button for it.
    assert!(web.find(button("send")).await.is_err());
    Ok(())
}

/// ③ 千葉市 sends the dossier. ④ 広島市 now reads the dossier and the reason, and accepts;
/// 熊本市 still sees nothing.
async fn sent_and_accepted(web: &WebDriver, s: &Scene<'_>) -> WebDriverResult<()> {
    let Scene {
        app,
        sending,
        receiving,
        other,
        path,
        ..
    } = s;
    visit_as(web, app, sending, path, shows("button[data-move='send']")).await?;
    click_and_wait(web, button("send"), step("③紹介先の市に送付済み")).await?;
    visit_as(web, app, other, path, not_found()).await?;
    visit_as(web, app, receiving, path, shows("#reason")).await?;
    let reason = web.find(By::Id("reason")).await?.text().await?;
    assert!(reason.contains("グランプリ"), "{reason}");
    click_and_wait(web, button("accept"), introducing()).await?;
    Ok(())
}

/// ⑤ It adds one of its hospitals and gives it the information (a one-time link), which the
/// sending city does not see before 広島市 reports back. Returns the link.
async fn introduced(web: &WebDriver, s: &Scene<'_>) -> WebDriverResult<String> {
    let Scene {
        app,
        sending,
        path,
        id,
        ..
    } = s;
    web.find(By::Id("f-target"))
        .await?
        .find(By::XPath("./option[contains(., '広島ブラウザ試験病院')]"))
        .await?
        .click()
        .await?;
    let add = By::Css("#add-target button[type=submit]");
    click_and_wait(web, add, introducing()).await?;
    // The ranking of the city's targets for the product is on the page, with reasons.
    let ranking = web.find(By::Id("matches")).await;
    assert!(
        ranking.is_ok(),
        "the receiving city sees its targets ranked"
    );
    let provide = By::Css(format!(
        "form[action^='/referrals/{id}/targets/'][action$='/provide'] button"
    ));
    click_and_wait(web, provide, shows("#new-link code")).await?;
    let link = web.find(By::Css("#new-link code")).await?.text().await?;
    assert!(link.contains("/introductions/"), "{link}");

    visit_as(web, app, sending, path, introducing()).await?;
    assert!(!main_text(web).await?.contains("広島ブラウザ試験病院"));
    Ok(link)
}

/// The target, with no account, reads why the city recommends it and agrees; the link works
/// once.
async fn the_target_agrees(web: &WebDriver, link: &str) -> WebDriverResult<()> {
    web.delete_all_cookies().await?;
    goto_and_wait(web, link, shows("#ans-agreed")).await?;
    let intro = main_text(web).await?;
    assert!(
        intro.contains("市がこの製品を紹介する理由") && intro.contains("グランプリ"),
        "{intro}"
    );
    web.find(By::Id("ans-agreed")).await?.click().await?;
    let answer = By::Css("main button[type=submit]");
    click_and_wait(web, answer, h1("回答を受け付けました")).await?;
    // The link works once.
    goto_and_wait(web, link, h1("このリンクは使えません")).await?;
    Ok(())
}

/// ⑥ 広島市 sees the answer and reports back. ⑦ 千葉市 now sees the target that agreed, with
/// its contact, and forwards it.
async fn reported_back_and_forwarded(web: &WebDriver, s: &Scene<'_>) -> WebDriverResult<()> {
    let Scene {
        app,
        sending,
        receiving,
        path,
        ..
    } = s;
    sign_in(web, app, receiving).await?;
    open(web, app, path, shows("button[data-move='feed-back']")).await?;
    assert!(main_text(web).await?.contains("話を聞く（同意）"));
    click_and_wait(web, button("feed-back"), step("⑥紹介元の市へ報告済み")).await?;
    visit_as(
        web,
        app,
        sending,
        path,
        shows("button[data-move='forward']"),
    )
    .await?;
    let page = main_text(web).await?;
    assert!(
        page.contains("広島ブラウザ試験病院") && page.contains("082-000-0000"),
        "{page}"
    );
    click_and_wait(web, button("forward"), selling()).await?;
    Ok(())
}

/// ⑧ The company sees the contact and logs its sales work. ⑨ The company reports the outcome;
/// 千葉市 closes; the receiving city sees the end; 熊本市 never saw any of it.
async fn sold_reported_and_closed(web: &WebDriver, s: &Scene<'_>) -> WebDriverResult<()> {
    let Scene {
        app,
        sending,
        receiving,
        other,
        firm,
        path,
        id,
    } = s;
    visit_as(web, app, firm, path, shows("#f-date")).await?;
    assert!(main_text(web).await?.contains("082-000-0000"));
    fill(web, "f-date", "令和8年12月1日").await?;
    choose(web, "f-kind", "meeting").await?;
    fill(web, "f-activity-note", "看護部長と面談し、試用を相談").await?;
    submit_and_wait(web, &format!("/referrals/{id}/activities"), selling()).await?;
    assert!(
        main_text(web)
            .await?
            .contains("看護部長と面談し、試用を相談")
    );

    // ⑨ The company reports the outcome; 千葉市 closes; the company's 感想.
    choose(web, "f-outcome", "trial").await?;
    let reported = step("⑨企業から結果報告済み");
    click_and_wait(web, button("report-outcome"), reported).await?;
    visit_as(web, app, sending, path, shows("button[data-move='close']")).await?;
    click_and_wait(web, button("close"), step("完了")).await?;
    // The receiving city sees the end; the target's agreement and the outcome are on it.
    visit_as(web, app, receiving, path, step("完了")).await?;
    assert!(main_text(web).await?.contains("試用"));
    // 熊本市 never saw any of it.
    visit_as(web, app, other, "/referrals/summary", shows("h1")).await?;
    assert!(
        !main_text(web)
            .await?
            .contains("ブラウザ試験の褥瘡予防マット")
    );
    Ok(())
}
