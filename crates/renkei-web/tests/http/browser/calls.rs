//! A call in the browser, as its people do it: a company of 千葉市 applies to the four pilot
//! cities' wide-area award, is returned for correction and resubmits; the office accepts it,
//! takes the call to review, invites reviewers of 熊本市 and さいたま市 and assigns them in
//! bulk; each scores on the rubric, the second seeing the first's score only once their own
//! is in; the office decides and releases; the company reads its result, the reviewers'
//! comment to it and its decision letter (the PDF its page links to).

use renkei_domain::access::Role;
use renkei_domain::call::{CallDraft, EligibilityDraft, FieldDraft, Phase, PhaseMove};
use thirtyfour::prelude::*;

use super::helpers::{
    choose, click_and_wait, contains, fill, main_text, open, shows, submit_and_wait,
    switch_to_person, with_browser,
};
use crate::helpers::{TEST_PASSWORD, TestApp, city, staff};

const CHIBA: &str = "121002";
const TO_APPLICANT: &str = "販路の計画をさらに具体的に";

/// The wide-area award, open: its id.
async fn open_call(app: &TestApp) -> i64 {
    let today = (chrono::Utc::now() + chrono::Duration::hours(9)).date_naive();
    let field = |label: &str, kind: &str| FieldDraft {
        label: label.into(),
        kind: kind.into(),
        required: true,
        ..Default::default()
    };
    let input = CallDraft {
        title: "ブラウザ確認 広域ヘルスケア表彰".into(),
        kind: "wide_area_award".into(),
        measure_code: "development.grants-loans".into(),
        partner_cities: vec!["111007".into(), "431001".into(), "341002".into()],
        opens_on: (today - chrono::Duration::days(5)).to_string(),
        closes_on: (today + chrono::Duration::days(20)).to_string(),
        reviewers_per_application: "2".into(),
        eligibility: EligibilityDraft {
            home: "call_cities".into(),
            ..Default::default()
        },
        fields: vec![
            field("事業名", "short_text"),
            field("取組の概要", "long_text"),
        ],
        ..Default::default()
    }
    .validate(&city(CHIBA))
    .unwrap();
    let system = renkei_store::Actor::system("test");
    let tx = app.store.begin().await.unwrap();
    let c = app
        .store
        .save_call(&tx, &city(CHIBA), None, &input, None, &system)
        .await
        .unwrap();
    let c = app
        .store
        .write_call_phase(&tx, &c, Phase::Open, PhaseMove::Publish, &system)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    c.id
}

/// Clicks the submit button of the move form `code` and waits for the saved notice.
async fn make(web: &WebDriver, code: &str) -> WebDriverResult<()> {
    let button = By::Css(format!(
        "form:has(input[name=move][value={code}]) button[type=submit]"
    ));
    click_and_wait(web, button, shows(".notice--success")).await
}

/// A reviewer opens their one sheet, scores every criterion `score` and submits.
async fn score(web: &WebDriver, app: &TestApp, call: i64, score: &str) -> WebDriverResult<()> {
    open(web, app, &format!("/calls/{call}/review"), shows("#mine")).await?;
    click_and_wait(web, By::Css("#mine + ul a"), shows("#f-panel")).await?;
    let page = main_text(web).await?;
    assert!(page.contains("自分の評価を提出するまで"), "{page}");
    for i in 0..5 {
        let radio = format!("input[name=score_{i}][value='{score}']");
        web.find(By::Css(radio)).await?.click().await?;
    }
    fill(
        web,
        "f-applicant",
        &format!("{TO_APPLICANT}（評点{score}）"),
    )
    .await?;
    click_and_wait(
        web,
        By::Css("button[name=submit]"),
        contains("main dl", "提出済み"),
    )
    .await
}

#[tokio::test]
async fn a_company_applies_is_returned_resubmits_is_reviewed_by_two_cities_and_reads_its_result() {
    let app = TestApp::each(true).await.remove(0);
    let call = open_call(&app).await;
    let (company, _) = crate::consultations::company(&app, "ブラウザ公募医工株式会社").await;
    let firm = app
        .make_account(&[Role::CompanyUser {
            company: company.id.0,
        }])
        .await;
    let desk = app.make_account(&[staff(CHIBA, false)]).await;
    let kumamoto = app.make_account(&[Role::Reviewer { call }]).await;
    let saitama = app.make_account(&[Role::Reviewer { call }]).await;
    let as_person =
        async |web: &WebDriver, who: &str| switch_to_person(web, &app, who, TEST_PASSWORD).await;
    with_browser("calls", async |web: &WebDriver| {
        // The company reads every question, starts, fills in and submits.
        as_person(web, &firm).await?;
        open(web, &app, &format!("/calls/{call}"), shows("#apply")).await?;
        submit_and_wait(web, &format!("/calls/{call}/applications"), shows("#f-q1")).await?;
        let application = web.current_url().await?.path().to_owned();
        fill(web, "f-q1", "在宅介護の見守りセンサー").await?;
        fill(web, "f-q2", "市内の介護施設で実証する。").await?;
        click_and_wait(
            web,
            By::Css("button[value=submit]"),
            contains("main dl", "受付"),
        )
        .await?;

        // The office returns it for correction; the company corrects and resubmits.
        as_person(web, &desk).await?;
        open(web, &app, &application, shows("#screening")).await?;
        fill(web, "f-return-reason", "実証の規模を書き加えてください").await?;
        fill(web, "f-return-due", "2099-12-20").await?;
        make(web, "return").await?;
        as_person(web, &firm).await?;
        open(web, &app, &application, shows("#f-q2")).await?;
        assert!(
            main_text(web)
                .await?
                .contains("実証の規模を書き加えてください")
        );
        fill(web, "f-q2", "（3施設・利用者30名）").await?;
        click_and_wait(
            web,
            By::Css("button[value=submit]"),
            contains("main dl", "受付"),
        )
        .await?;

        // The office accepts it, takes the call to review, invites and assigns the panel.
        as_person(web, &desk).await?;
        open(web, &app, &application, shows("#screening")).await?;
        make(web, "accept").await?;
        let page = format!("/calls/{call}");
        for m in ["end_applications", "start_review"] {
            open(web, &app, &page, shows("main h1")).await?;
            make(web, m).await?;
        }
        let review = format!("/calls/{call}/review");
        for (address, code) in [(&kumamoto, "431001"), (&saitama, "111007")] {
            open(web, &app, &review, shows("#f-email")).await?;
            fill(web, "f-email", address).await?;
            fill(web, "f-name", &format!("審査員 {code}")).await?;
            choose(web, "f-city", code).await?;
            submit_and_wait(web, &format!("{review}/reviewers"), shows("#panel-caption")).await?;
        }
        submit_and_wait(
            web,
            &format!("{review}/assign"),
            contains("#figures-caption", "平均点"),
        )
        .await?;
        assert!(
            main_text(web).await?.contains("0/2"),
            "two reviewers assigned"
        );

        // Each reviewer scores; the second sees the first's score once their own is in.
        as_person(web, &kumamoto).await?;
        score(web, &app, call, "5").await?;
        as_person(web, &saitama).await?;
        score(web, &app, call, "3").await?;
        assert!(
            main_text(web).await?.contains("100.0"),
            "the other sheet, after one's own"
        );

        // The office decides and releases the results.
        as_person(web, &desk).await?;
        open(web, &app, &review, contains("#figures-caption", "平均点")).await?;
        assert!(
            main_text(web).await?.contains("80.0"),
            "the mean of 100 and 60"
        );
        open(web, &app, &application, shows("#decide")).await?;
        fill(web, "f-decide-reason", "地域の課題に応える取組").await?;
        make(web, "decide").await?;
        open(web, &app, &page, shows("main h1")).await?;
        make(web, "release").await?;

        // The company reads its result and the reviewers' comments to it.
        as_person(web, &firm).await?;
        open(web, &app, &application, contains("#decision", "採択")).await?;
        let text = main_text(web).await?;
        assert!(
            text.contains(TO_APPLICANT) && text.contains("地域の課題に応える取組"),
            "{text}"
        );
        Ok(())
    })
    .await;
}
