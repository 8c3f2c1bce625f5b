//! The CSR challenge certification in the browser, as the people use it: さいたま市's
//! company self-assesses over two sittings and applies; the city's officer checks the
//! evidence, records the interview, certifies with the committee's reasons and publishes;
//! anyone finds the company in the public registry; the company records a contribution tied
//! to the support it received, which the city confirms, and it shows on the company's page.
//! Each of the certification's pages passes axe-core's WCAG AA rules.

use renkei_domain::access::Role;
use renkei_domain::csr::checklist::{Category, Checklist, Evidence, Item, Kind, Thresholds};
use renkei_store::Actor;
use thirtyfour::prelude::*;

use super::accessibility::audit;
use super::helpers::{
    choose, click_and_wait, fill, main_text, open, shows, submit_and_wait, switch_to, with_browser,
};
use crate::helpers::{TestApp, city, staff};

const SAITAMA: &str = "111007";
const NAME: &str = "ブラウザCSR認証株式会社";

fn checklist() -> Checklist {
    let item = |key: &str, kind, category: &str, text: &str, required| Item {
        key: key.into(),
        category: category.into(),
        kind,
        text: text.into(),
        required,
        evidence: if required {
            Evidence::Note
        } else {
            Evidence::None
        },
        example: true,
    };
    Checklist {
        categories: vec![
            Category {
                name: "企業統治".into(),
                kind: Kind::Protect,
            },
            Category {
                name: "地域志向".into(),
                kind: Kind::Grow,
            },
            Category {
                name: "財務基準".into(),
                kind: Kind::Financial,
            },
        ],
        items: vec![
            item(
                "守-01",
                Kind::Protect,
                "企業統治",
                "法令を守る方針がある",
                true,
            ),
            item(
                "伸-01",
                Kind::Grow,
                "地域志向",
                "地元から採用している",
                false,
            ),
            item(
                "財-01",
                Kind::Financial,
                "財務基準",
                "債務超過でない",
                false,
            ),
        ],
    }
}

/// Clicks the submit button of the move form `code` and waits for the page to say so.
async fn make(web: &WebDriver, code: &str) -> WebDriverResult<()> {
    let button = By::Css(format!(
        "form:has(input[name=move][value={code}]) button[type=submit]"
    ));
    click_and_wait(web, button, shows(".notice--success")).await
}

/// Picks an item's answer.
async fn pick(web: &WebDriver, key: &str, answer: &str) -> WebDriverResult<()> {
    let radio = By::Css(format!("input[name='a_{key}'][value='{answer}']"));
    web.find(radio).await?.click().await
}

#[tokio::test]
async fn csr_a_company_self_assesses_is_certified_appears_in_the_registry_and_gives_back() {
    let app = TestApp::each(true).await.remove(0);
    let system = Actor::system("test");
    let saitama = city(SAITAMA);
    let (c, product) = crate::brokering::company(&app, NAME, SAITAMA).await;
    let support = renkei_domain::product::SupportDraft {
        measure: "development.grants-loans".into(),
        provider: "own".into(),
        outcome: "販路開拓事業補助金に採択".into(),
        ..Default::default()
    }
    .validate(&saitama)
    .unwrap();
    let s = app
        .store
        .add_support(&product, &support, Default::default(), &system)
        .await
        .unwrap();
    let t = Thresholds {
        protect_all: true,
        grow_min: 1,
        term_years: 2,
    };
    app.store
        .insert_checklist(
            &saitama,
            ("さいたま市CSRチェックリスト", &checklist(), &t),
            &system,
        )
        .await
        .unwrap();
    let firm = [Role::CompanyUser { company: c.id.0 }];
    let officer = [staff(SAITAMA, false)];
    let mut failures = Vec::new();
    with_browser("csr", async |web: &WebDriver| {
        let failures = &mut failures;
        // The company reads every question and starts; the first sitting answers one item.
        switch_to(web, &app, &firm).await?;
        let scheme = format!("/cities/{SAITAMA}/csr");
        open(web, &app, &scheme, shows("#checklist")).await?;
        assert!(main_text(web).await?.contains("債務超過でない"));
        audit(web, "the scheme's page", failures).await?;
        let start = format!("/cities/{SAITAMA}/csr/certifications");
        submit_and_wait(web, &start, shows("#answers")).await?;
        let page = web.current_url().await?.path().to_owned();
        let id = page.rsplit('/').next().unwrap().to_owned();
        pick(web, "守-01", "yes").await?;
        fill(web, "n-守-01", "コンプライアンス方針を社内に掲示").await?;
        let answers = format!("/csr/certifications/{id}/answers");
        submit_and_wait(web, &answers, shows(".notice--success")).await?;

        // The second sitting, later: the first answer kept; the rest answered; applied.
        open(web, &app, "/", shows("h1")).await?;
        open(web, &app, &page, shows("#answers")).await?;
        let kept = web
            .find(By::Css("input[name='a_守-01'][value='yes']"))
            .await?;
        assert!(kept.is_selected().await?);
        assert!(main_text(web).await?.contains("1/3"));
        audit(web, "the self-assessment", failures).await?;
        pick(web, "伸-01", "yes").await?;
        pick(web, "財-01", "yes").await?;
        submit_and_wait(web, &answers, shows(".notice--success")).await?;
        make(web, "apply").await?;

        // The officer checks, interviews, certifies and publishes.
        switch_to(web, &app, &officer).await?;
        open(web, &app, &page, shows("#moves")).await?;
        audit(web, "the application, for the officer", failures).await?;
        make(web, "check").await?;
        let today = chrono::Utc::now().date_naive().to_string();
        fill(web, "f-held_on", &today).await?;
        fill(web, "f-attendees", "代表取締役、市の担当者").await?;
        fill(web, "f-notes", "2時間の面談で取組を確認した").await?;
        make(web, "interview").await?;
        fill(web, "f-certify-text", "守るCSRのすべてと地域での採用を評価").await?;
        make(web, "certify").await?;
        make(web, "publish").await?;
        assert!(main_text(web).await?.contains("CSR-R"));

        // Anyone finds it in the registry.
        web.delete_all_cookies().await?;
        open(web, &app, "/csr/registry", shows("table")).await?;
        assert!(main_text(web).await?.contains(NAME));
        audit(web, "the registry", failures).await?;

        // The company records its contribution, tied to the support it received.
        switch_to(web, &app, &firm).await?;
        let giving = format!("/companies/{}/contributions", c.id);
        open(web, &app, &giving, shows("#f-kind")).await?;
        audit(web, "the contributions' page", failures).await?;
        choose(web, "f-kind", "mentoring").await?;
        fill(web, "f-title", "創業企業への薬事の助言").await?;
        fill(web, "f-happened_on", "2026-11-20").await?;
        choose(web, "f-support", &s.id.to_string()).await?;
        submit_and_wait(web, &giving, shows(".notice--success")).await?;

        // The city confirms it; the company's page shows it.
        switch_to(web, &app, &officer).await?;
        open(web, &app, &giving, shows("h1")).await?;
        make(web, "confirm").await?;
        open(web, &app, "/csr/community", shows("h1")).await?;
        audit(web, "the community", failures).await?;
        open(
            web,
            &app,
            &format!("/companies/{}", c.id),
            shows("#giving-back"),
        )
        .await?;
        assert!(main_text(web).await?.contains("創業企業への薬事の助言"));
        Ok(())
    })
    .await;
    assert!(failures.is_empty(), "{failures:#?}");
    let made = app.store.contributions_of_company(c.id).await.unwrap();
    assert_eq!(
        made[0].state,
        renkei_domain::csr::contribution::State::Confirmed
    );
}
