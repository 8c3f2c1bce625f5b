//! Browser tests in headless Chromium (Debian's chromium and chromium-driver): what a person
//! sees on the model overview and on a city's menu.

use std::process::Stdio;
use std::time::Duration;

use thirtyfour::prelude::*;
use tokio::process::{Child, Command};

use crate::helpers::TestApp;

/// A chromedriver of our own on a free port, killed when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn start_driver() -> Driver {
    let path =
        std::env::var("RENKEI_CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
    assert!(
        std::path::Path::new(&path).exists(),
        "chromedriver not found at {path}: install Debian's chromium and chromium-driver (scripts/test does) \
         or set RENKEI_CHROMEDRIVER"
    );
    let port = free_port();
    let child = Command::new(&path)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("start chromedriver");
    let url = format!("http://127.0.0.1:{port}");
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return Driver { child, url };
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not start on port {port}");
}

async fn browser(driver: &Driver) -> WebDriver {
    let mut caps = DesiredCapabilities::chrome();
    let chromium = std::env::var("RENKEI_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    caps.set_binary(&chromium).unwrap();
    for arg in [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1400,1000",
        "--lang=ja",
    ] {
        caps.add_arg(arg).unwrap();
    }
    WebDriver::new(&driver.url, caps)
        .await
        .expect("start a browser session")
}

/// Waits for the page's heading to read `expected`: a click returns before the next page has
/// loaded, so reading at once could see the old page.
async fn wait_for_h1(web: &WebDriver, expected: &str) -> WebDriverResult<()> {
    let mut seen = String::new();
    for _ in 0..100 {
        if let Ok(h1) = web.find(By::Tag("h1")).await {
            seen = h1.text().await.unwrap_or_default();
            if seen == expected {
                return Ok(());
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("expected the heading {expected:?}, saw {seen:?}");
}

/// Makes an account with `roles` and signs in with it through the sign-in page, typing as a
/// person would.
async fn sign_in(
    web: &WebDriver,
    app: &TestApp,
    roles: &[renkei_domain::access::Role],
) -> WebDriverResult<()> {
    let address = app.make_account(roles).await;
    let password = crate::helpers::TEST_PASSWORD;
    web.goto(app.url("/sign-in?lang=ja")).await?;
    web.find(By::Id("f-email"))
        .await?
        .send_keys(&address)
        .await?;
    web.find(By::Id("f-password"))
        .await?
        .send_keys(password)
        .await?;
    web.find(By::Css("main button[type=submit]"))
        .await?
        .click()
        .await?;
    wait_for_h1(web, "理想的な支援成功モデル").await
}

#[tokio::test]
async fn a_person_sees_the_model_and_a_city_menu() {
    let app = TestApp::each(true).await.remove(0);
    let driver = start_driver().await;
    let web = browser(&driver).await;
    let kumamoto = renkei_domain::city::CityCode::parse("431001").unwrap();
    let officer = [renkei_domain::access::Role::CityStaff {
        city: kumamoto,
        read_only: false,
    }];
    let result = async {
        sign_in(&web, &app, &officer).await?;
        web.goto(app.url("/")).await?;
        let h1 = web.find(By::Tag("h1")).await?.text().await?;
        assert_eq!(h1, "理想的な支援成功モデル");
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
        web.find(By::Css(".lang-switch")).await?.click().await?;
        wait_for_h1(&web, "Ideal support success model").await?;
        let cities = web.find(By::LinkText("Cities' menus")).await?;
        cities.click().await?;
        wait_for_h1(&web, "Cities' menus").await?;
        web.find(By::LinkText("熊本市")).await?.click().await?;
        wait_for_h1(&web, "熊本市: support menu").await?;
        web.goto(app.url("/cities/431001?lang=ja")).await?;
        wait_for_h1(&web, "熊本市の支援メニュー").await?;

        let entries = web.find_all(By::Css(".entry__name")).await?;
        let mut names = Vec::new();
        for e in &entries {
            names.push(e.text().await?);
        }
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
        let add = web.find(By::LinkText("メニューに施策を追加")).await?;
        add.click().await?;
        wait_for_h1(&web, "熊本市：支援メニューの追加").await?;
        let label = web
            .find(By::Css(r#"label[for="f-name"]"#))
            .await?
            .text()
            .await?;
        assert!(label.starts_with("名称"));
        web.find(By::Css("button[type=submit]"))
            .await?
            .click()
            .await?;
        let summary = web
            .query(By::Id("error-summary"))
            .first()
            .await?
            .text()
            .await?;
        assert!(
            summary.contains("名称を入力してください")
                && summary.contains("支援施策が見つかりません"),
            "{summary}"
        );
        WebDriverResult::Ok(())
    }
    .await;
    let screenshot = std::env::temp_dir().join("renkei-browser-test.png");
    let _ = web.screenshot(&screenshot).await;
    web.quit().await.ok();
    result.expect("browser test");
}

/// The accessibility rules engine axe-core (MPL-2.0), run inside the page.
const AXE: &str = include_str!("vendor/axe-core/axe.min.js");

/// Runs axe-core's WCAG 2.x A and AA rules on the page the browser shows, and returns the
/// violations as `rule (impact): help [where]` lines.
async fn accessibility_violations(web: &WebDriver) -> WebDriverResult<Vec<String>> {
    web.execute(AXE, vec![]).await?;
    let result = web
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
               axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
                 .then(r => done(r.violations.map(v => `${v.id} (${v.impact}): ${v.help} [${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}]`)))
                 .catch(e => done(['axe failed: ' + e]));"#,
            vec![],
        )
        .await?;
    result.convert()
}

#[tokio::test]
async fn every_page_passes_the_wcag_aa_rules_of_axe_core() {
    let app = TestApp::each(true).await.remove(0);
    let driver = start_driver().await;
    let web = browser(&driver).await;
    let admin = [renkei_domain::access::Role::PlatformAdmin];
    // An invited person (their link read as the message carries it) and a grant, so that the
    // administration pages have something to show.
    let chiba = renkei_domain::city::CityCode::parse("121002").unwrap();
    let token = std::sync::Mutex::new(String::new());
    let invited = app
        .store
        .invite_user(
            &renkei_domain::identity::Email::parse("invited@city.chiba.lg.jp").unwrap(),
            "千葉 招待",
            &[renkei_domain::access::Role::CityStaff {
                city: chiba,
                read_only: false,
            }],
            &renkei_store::Actor::system("test"),
            |user, t| {
                *token.lock().unwrap() = t.to_owned();
                renkei_web::mailer::invitation(user, "事務局", &format!("/account/link?token={t}"))
            },
        )
        .await
        .unwrap();
    let draft = renkei_domain::grant::GrantDraft {
        object_type: "referral",
        object_id: "1".into(),
        owner: chiba,
        grantee: renkei_domain::city::CityCode::parse("341002").unwrap(),
        purpose: "販路開拓先への紹介のため".into(),
        valid_until: None,
    };
    app.store
        .grant(
            draft.validate(chrono::Utc::now()).unwrap(),
            &renkei_store::Actor::system("test"),
        )
        .await
        .unwrap();
    let link = format!("/account/link?token={}", token.lock().unwrap());
    let invited_page = format!("/cities/121002/users/{}", invited.id);
    let admin_user_page = format!("/admin/users/{}", invited.id);
    let result = async {
        web.goto(app.url(&link)).await?;
        let mut failures = Vec::new();
        for v in accessibility_violations(&web).await? {
            failures.push(format!("{link}: {v}"));
        }
        web.goto(app.url("/password-reset")).await?;
        for v in accessibility_violations(&web).await? {
            failures.push(format!("/password-reset: {v}"));
        }
        sign_in(&web, &app, &admin).await?;
        let pages = [
            "/account",
            "/admin/users",
            "/admin/users/invite",
            admin_user_page.as_str(),
            "/admin/outbox",
            "/audit",
            "/cities/121002/users",
            "/cities/121002/users/invite",
            invited_page.as_str(),
            "/cities/121002/audit",
            "/cities/121002/grants",
            "/companies",
            "/companies/new",
            "/companies/1",
            "/companies/1/edit",
            "/companies/1/products/new",
            "/products",
            "/products/1",
            "/companies/import",
            "/cities/121002/voices",
            "/cities/121002/rubric",
            "/",
            "/?lang=en",
            "/stages/4",
            "/stages/common",
            "/cities",
            "/cities/431001",
            "/cities/431001/menu/new",
            "/cities/431001/menu/1/edit",
            "/cities/431001/menu/1/delete",
            "/guide",
            "/guide?type=manufacturer-entry&stage=5&city=341002",
            "/sign-in",
            "/no/such/page",
            "/referrals",
            "/referrals/1",
            "/referrals/summary",
            "/referrals/overdue",
            "/sales-targets",
            "/sales-targets/new",
            "/sales-targets/1",
            "/sales-targets/1/edit",
            "/notifications",
            "/cities/121002/referral-times",
            "/products/1/referrals/new",
            "/search?q=%E8%A4%A5%E7%98%A1",
            "/needs-seeds",
        ];
        for page in pages {
            web.goto(app.url(page)).await?;
            for v in accessibility_violations(&web).await? {
                failures.push(format!("{page}: {v}"));
            }
        }
        // A form shown again with its errors, as a person who left it empty sees it.
        web.goto(app.url("/cities/431001/menu/new?lang=ja")).await?;
        web.find(By::Css("button[type=submit]"))
            .await?
            .click()
            .await?;
        web.query(By::Id("error-summary")).first().await?;
        for v in accessibility_violations(&web).await? {
            failures.push(format!("form with errors: {v}"));
        }
        web.goto(app.url("/companies/new")).await?;
        web.find(By::Css("button[type=submit]"))
            .await?
            .click()
            .await?;
        web.query(By::Id("error-summary")).first().await?;
        for v in accessibility_violations(&web).await? {
            failures.push(format!("company form with errors: {v}"));
        }
        // An import checked, with its problems listed, as a person uploading a file sees it.
        let file = std::env::temp_dir().join(format!("renkei-axe-{}.csv", std::process::id()));
        std::fs::write(&file, "企業名,法人番号\n,123\nちば医工㈱,\n").unwrap();
        web.goto(app.url("/companies/import")).await?;
        web.find(By::Id("f-file"))
            .await?
            .send_keys(file.to_str().unwrap())
            .await?;
        web.find(By::Css("main button[type=submit]"))
            .await?
            .click()
            .await?;
        web.query(By::Id("errors-caption")).first().await?;
        for v in accessibility_violations(&web).await? {
            failures.push(format!("import check: {v}"));
        }
        // A referral's page as each party sees it with its forms: the company's consent,
        // the receiving city's targets, the target's own page behind its link.
        let (company, product) =
            crate::referrals::eligible_product(&app.store, "アクセシビリティ確認の製品").await;
        let selected =
            crate::referrals::referral_in(&app.store, product, renkei_domain::referral::State::Selected)
                .await;
        switch_to(&web, &app, &[renkei_domain::access::Role::CompanyUser { company }]).await?;
        web.goto(app.url(&format!("/referrals/{}", selected.id))).await?;
        web.find(By::Id("consent-wording")).await?;
        for v in accessibility_violations(&web).await? {
            failures.push(format!("consent form: {v}"));
        }
        let actor = renkei_store::Actor::system("test");
        renkei_app::testing::step(
            &app.store,
            &selected,
            renkei_domain::referral::Party::Company,
            renkei_domain::referral::Move::Withdraw,
        )
        .await;
        let accepted =
            crate::referrals::referral_in(&app.store, product, renkei_domain::referral::State::Accepted)
                .await;
        let hospital = app
            .store
            .sales_targets_of(&renkei_domain::city::CityCode::parse("341002").unwrap())
            .await
            .unwrap()
            .remove(0);
        let row = app
            .store
            .add_referral_target(accepted.id, &hospital, &actor)
            .await
            .unwrap()
            .unwrap();
        let token = renkei_app::referrals::provide_to_target(
            &renkei_app::testing::app(&app.store),
            &accepted,
            row.id,
            &actor,
        )
        .await
        .unwrap()
        .unwrap();
        switch_to(&web, &app, &[crate::helpers::staff("341002", false)]).await?;
        web.goto(app.url(&format!("/referrals/{}", accepted.id))).await?;
        web.find(By::Id("f-target")).await?;
        for v in accessibility_violations(&web).await? {
            failures.push(format!("receiving city's referral page: {v}"));
        }
        web.delete_all_cookies().await?;
        web.goto(app.url(&format!("/introductions/{token}"))).await?;
        web.find(By::Id("f-answer")).await?;
        for v in accessibility_violations(&web).await? {
            failures.push(format!("target's page: {v}"));
        }
        assert!(
            failures.is_empty(),
            "accessibility violations:\n{}",
            failures.join("\n")
        );
        // The check itself can fail: an image without a text alternative is caught.
        let img = r#"document.querySelector('main').insertAdjacentHTML('beforeend', '<img src="/assets/app.css">')"#;
        web.execute(img, vec![]).await?;
        let caught = accessibility_violations(&web).await?;
        assert!(
            caught.iter().any(|v| v.starts_with("image-alt")),
            "axe must catch a missing alt: {caught:?}"
        );
        WebDriverResult::Ok(())
    }
    .await;
    web.quit().await.ok();
    result.expect("accessibility test");
}

#[tokio::test]
async fn a_person_signs_in_sees_only_their_citys_records_is_refused_another_city_and_signs_out() {
    let app = TestApp::each(true).await.remove(0);
    let driver = start_driver().await;
    let web = browser(&driver).await;
    let kumamoto = renkei_domain::city::CityCode::parse("431001").unwrap();
    let officer = [renkei_domain::access::Role::CityStaff {
        city: kumamoto,
        read_only: false,
    }];
    let result = async {
        // Not signed in: adding to a menu leads to the sign-in page.
        web.goto(app.url("/cities/431001/menu/new?lang=ja")).await?;
        wait_for_h1(&web, "サインイン").await?;

        sign_in(&web, &app, &officer).await?;
        web.goto(app.url("/cities/431001/menu/new")).await?;
        wait_for_h1(&web, "熊本市：支援メニューの追加").await?;

        // Another city's menu: refused, and told why.
        web.goto(app.url("/cities/341002/menu/new")).await?;
        let refusal = web.find(By::Tag("main")).await?.text().await?;
        assert!(
            refusal.contains("この操作を行う権限がありません"),
            "{refusal}"
        );
        // Reading it stays open: menus are the cities' public offerings.
        web.goto(app.url("/cities/341002")).await?;
        wait_for_h1(&web, "広島市の支援メニュー").await?;

        // Companies: the officer's list holds Kumamoto's pilot company and no other city's;
        // Chiba's pilot company (the demo's first), asked for by id, does not exist for them.
        web.goto(app.url("/companies")).await?;
        wait_for_h1(&web, "企業").await?;
        let list = web.find(By::Tag("main")).await?.text().await?;
        assert!(list.contains("ゼロシステム㈱"), "{list}");
        assert!(
            !list.contains("アミンファーマ") && !list.contains("畑林工業"),
            "{list}"
        );
        web.goto(app.url("/companies/1")).await?;
        wait_for_h1(&web, "ページが見つかりません").await?;
        // Their account page lists what their role opens, and not the administrators' pages.
        web.goto(app.url("/account")).await?;
        wait_for_h1(&web, "アカウント").await?;
        let account = web.find(By::Tag("main")).await?.text().await?;
        assert!(
            account.contains("熊本市 職員（更新可）") && account.contains("熊本市 の監査ログ"),
            "{account}"
        );
        assert!(!account.contains("全アカウント"), "{account}");

        // Sign out from the sign-in page; the session is gone, so adding needs signing in again.
        web.goto(app.url("/sign-in")).await?;
        web.find(By::Css("main button[type=submit]"))
            .await?
            .click()
            .await?;
        wait_for_h1(&web, "サインイン").await?;
        web.goto(app.url("/cities/431001/menu/new")).await?;
        wait_for_h1(&web, "サインイン").await?;
        assert!(web.find(By::Id("f-password")).await.is_ok());
        WebDriverResult::Ok(())
    }
    .await;
    web.quit().await.ok();
    result.expect("sign-in browser test");
}

/// Clicks the submit button of the form whose action is `action`.
async fn submit(web: &WebDriver, action: &str) -> WebDriverResult<()> {
    web.find(By::Css(format!(
        "form[action='{action}'] button[type=submit]"
    )))
    .await?
    .click()
    .await
}

/// Chooses the option with value `value` of the select `id`.
async fn choose(web: &WebDriver, id: &str, value: &str) -> WebDriverResult<()> {
    web.find(By::Css(format!("select#{id} option[value='{value}']")))
        .await?
        .click()
        .await
}

#[tokio::test]
async fn an_officer_registers_a_company_and_follows_its_product_through_the_model() {
    let app = TestApp::each(true).await.remove(0);
    let driver = start_driver().await;
    let web = browser(&driver).await;
    let chiba = renkei_domain::city::CityCode::parse("121002").unwrap();
    let officer = [renkei_domain::access::Role::CityStaff {
        city: chiba,
        read_only: false,
    }];
    let result = async {
        sign_in(&web, &app, &officer).await?;
        // A company, typed the way people type: full-width letters, ㈱.
        web.goto(app.url("/companies/new")).await?;
        wait_for_h1(&web, "企業の登録").await?;
        web.find(By::Id("f-name"))
            .await?
            .send_keys("㈱ＣＨＩＢＡ医工")
            .await?;
        web.find(By::Id("f-name_kana"))
            .await?
            .send_keys("ちばいこう")
            .await?;
        choose(&web, "f-company_type", "manufacturer-entry").await?;
        submit(&web, "/companies/new").await?;
        wait_for_h1(&web, "㈱ＣＨＩＢＡ医工").await?;
        let page = web.find(By::Tag("main")).await?.text().await?;
        assert!(
            page.contains("チバイコウ") && page.contains("保存しました"),
            "{page}"
        );

        // Its product, at ② planning.
        web.find(By::LinkText("開発案件を登録する"))
            .await?
            .click()
            .await?;
        wait_for_h1(&web, "開発案件の登録").await?;
        web.find(By::Id("f-name"))
            .await?
            .send_keys("在宅用の嚥下訓練器")
            .await?;
        choose(&web, "f-stage", "2").await?;
        web.find(By::Css("main button[type=submit]"))
            .await?
            .click()
            .await?;
        wait_for_h1(&web, "在宅用の嚥下訓練器").await?;
        let url = web.current_url().await?;
        let product = url.path().to_owned();

        // An idea review against the city's rubric: every criterion scored.
        for i in 0..5 {
            choose(&web, &format!("f-score_{i}"), "4").await?;
        }
        web.find(By::Id("f-comment"))
            .await?
            .send_keys("市場性が高い")
            .await?;
        submit(&web, &format!("{product}/reviews")).await?;
        wait_for_h1(&web, "在宅用の嚥下訓練器").await?;

        // Moved on to ③ with its reason; support recorded.
        choose(&web, "f-to", "3").await?;
        web.find(By::Id("f-reason"))
            .await?
            .send_keys("アイデア検証評価で事業化可能と判断")
            .await?;
        submit(&web, &format!("{product}/stage")).await?;
        wait_for_h1(&web, "在宅用の嚥下訓練器").await?;
        choose(&web, "f-measure", "planning.idea-review").await?;
        submit(&web, &format!("{product}/support")).await?;
        wait_for_h1(&web, "在宅用の嚥下訓練器").await?;

        // The model view: the current and next stages, what was used, the timeline, the review.
        let page = web.find(By::Tag("main")).await?.text().await?;
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
        WebDriverResult::Ok(())
    }
    .await;
    web.quit().await.ok();
    result.expect("officer's product browser test");
}

/// The text of the page's main content.
async fn main_text(web: &WebDriver) -> WebDriverResult<String> {
    web.find(By::Tag("main")).await?.text().await
}

/// Becomes another person: the old session's cookie goes, and the new person signs in.
async fn switch_to(
    web: &WebDriver,
    app: &TestApp,
    roles: &[renkei_domain::access::Role],
) -> WebDriverResult<()> {
    web.delete_all_cookies().await?;
    sign_in(web, app, roles).await
}

/// Waits for the referral page's step to read `expected`.
async fn wait_for_step(web: &WebDriver, expected: &str) -> WebDriverResult<()> {
    let mut seen = String::new();
    for _ in 0..100 {
        if let Ok(e) = web.find(By::Id("referral-state")).await {
            seen = e.text().await.unwrap_or_default();
            if seen == expected {
                return Ok(());
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("expected the step {expected:?}, saw {seen:?}");
}

#[tokio::test]
async fn one_referral_goes_through_the_nine_steps_and_each_party_sees_only_its_part() {
    use renkei_domain::access::Role;
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
    let sending = [crate::helpers::staff("121002", false)];
    let receiving = [crate::helpers::staff("341002", false)];
    let other = [crate::helpers::staff("431001", false)];
    let firm = [Role::CompanyUser { company }];
    let driver = start_driver().await;
    let web = browser(&driver).await;
    let result = async {
        // ① 千葉市 selects the product for 広島市, saying why.
        sign_in(&web, &app, &sending).await?;
        web.goto(app.url(&format!("/products/{product}"))).await?;
        web.find(By::LinkText("他の指定都市に紹介する"))
            .await?
            .click()
            .await?;
        wait_for_h1(&web, "他都市への紹介（選定）").await?;
        choose(&web, "f-receiving", "341002").await?;
        web.find(By::Id("f-reason"))
            .await?
            .send_keys(
                "千葉市ベンチャーカップでグランプリを受賞し、市内の病院で試用が進んでいます。",
            )
            .await?;
        submit(&web, &format!("/products/{product}/referrals/new")).await?;
        wait_for_step(&web, "①選定（企業の同意待ち）").await?;
        let url = web.current_url().await?;
        let path = url.path().to_owned();
        let id = path.trim_start_matches("/referrals/").to_owned();

        // 広島市 and 熊本市 know nothing of it yet.
        for who in [&receiving[..], &other[..]] {
            switch_to(&web, &app, who).await?;
            web.goto(app.url(&path)).await?;
            wait_for_h1(&web, "ページが見つかりません").await?;
        }

        // ② The company confirms the channel (hospitals) and consents, reading the wording.
        switch_to(&web, &app, &firm).await?;
        web.goto(app.url(&path)).await?;
        let wording = web.find(By::Id("consent-wording")).await?.text().await?;
        assert!(
            wording.contains("広島市") && wording.contains("撤回"),
            "{wording}"
        );
        web.find(By::Id("kind-hospital")).await?.click().await?;
        web.find(By::Id("f-agree")).await?.click().await?;
        submit(&web, &format!("/referrals/{id}/consent")).await?;
        wait_for_step(&web, "②同意済み（送付待ち）").await?;
        assert!(web.find(By::Id("consent-record")).await.is_ok());
        // Sending is not the company's step: there is no such button for it.
        assert!(web.find(By::Css("button[data-move='send']")).await.is_err());

        // ③ 千葉市 sends the dossier.
        switch_to(&web, &app, &sending).await?;
        web.goto(app.url(&path)).await?;
        web.find(By::Css("button[data-move='send']"))
            .await?
            .click()
            .await?;
        wait_for_step(&web, "③紹介先の市に送付済み").await?;

        // ④ 広島市 now reads the dossier and the reason, and accepts; 熊本市 still sees nothing.
        switch_to(&web, &app, &other).await?;
        web.goto(app.url(&path)).await?;
        wait_for_h1(&web, "ページが見つかりません").await?;
        switch_to(&web, &app, &receiving).await?;
        web.goto(app.url(&path)).await?;
        let reason = web.find(By::Id("reason")).await?.text().await?;
        assert!(reason.contains("グランプリ"), "{reason}");
        web.find(By::Css("button[data-move='accept']"))
            .await?
            .click()
            .await?;
        wait_for_step(&web, "④⑤受入れ・販路開拓先に紹介中").await?;

        // ⑤ It adds one of its hospitals and gives it the information (a one-time link).
        web.find(By::Id("f-target"))
            .await?
            .find(By::XPath("./option[contains(., '広島ブラウザ試験病院')]"))
            .await?
            .click()
            .await?;
        web.find(By::Css("#add-target button[type=submit]"))
            .await?
            .click()
            .await?;
        wait_for_step(&web, "④⑤受入れ・販路開拓先に紹介中").await?;
        // The ranking of the city's targets for the product is on the page, with reasons.
        let ranking = web.find(By::Id("matches")).await;
        assert!(
            ranking.is_ok(),
            "the receiving city sees its targets ranked"
        );
        web.find(By::Css(format!(
            "form[action^='/referrals/{id}/targets/'][action$='/provide'] button"
        )))
        .await?
        .click()
        .await?;
        let link = web.find(By::Css("#new-link code")).await?.text().await?;
        assert!(link.contains("/introductions/"), "{link}");

        // The sending city does not see the target before 広島市 reports back.
        switch_to(&web, &app, &sending).await?;
        web.goto(app.url(&path)).await?;
        wait_for_step(&web, "④⑤受入れ・販路開拓先に紹介中").await?;
        assert!(!main_text(&web).await?.contains("広島ブラウザ試験病院"));

        // The target, with no account, reads why the city recommends it and agrees.
        web.delete_all_cookies().await?;
        web.goto(&link).await?;
        let intro = main_text(&web).await?;
        assert!(
            intro.contains("市がこの製品を紹介する理由") && intro.contains("グランプリ"),
            "{intro}"
        );
        web.find(By::Id("ans-agreed")).await?.click().await?;
        web.find(By::Css("main button[type=submit]"))
            .await?
            .click()
            .await?;
        wait_for_h1(&web, "回答を受け付けました").await?;
        // The link works once.
        web.goto(&link).await?;
        wait_for_h1(&web, "このリンクは使えません").await?;

        // ⑥ 広島市 sees the answer and reports back.
        sign_in(&web, &app, &receiving).await?;
        web.goto(app.url(&path)).await?;
        assert!(main_text(&web).await?.contains("話を聞く（同意）"));
        web.find(By::Css("button[data-move='feed-back']"))
            .await?
            .click()
            .await?;
        wait_for_step(&web, "⑥紹介元の市へ報告済み").await?;

        // ⑦ 千葉市 now sees the target that agreed, with its contact, and forwards it.
        switch_to(&web, &app, &sending).await?;
        web.goto(app.url(&path)).await?;
        let page = main_text(&web).await?;
        assert!(
            page.contains("広島ブラウザ試験病院") && page.contains("082-000-0000"),
            "{page}"
        );
        web.find(By::Css("button[data-move='forward']"))
            .await?
            .click()
            .await?;
        wait_for_step(&web, "⑦⑧企業へ伝達・販促活動中").await?;

        // ⑧ The company sees the contact and logs its sales work.
        switch_to(&web, &app, &firm).await?;
        web.goto(app.url(&path)).await?;
        assert!(main_text(&web).await?.contains("082-000-0000"));
        web.find(By::Id("f-date"))
            .await?
            .send_keys("令和8年12月1日")
            .await?;
        choose(&web, "f-kind", "meeting").await?;
        web.find(By::Id("f-activity-note"))
            .await?
            .send_keys("看護部長と面談し、試用を相談")
            .await?;
        submit(&web, &format!("/referrals/{id}/activities")).await?;
        wait_for_step(&web, "⑦⑧企業へ伝達・販促活動中").await?;
        assert!(
            main_text(&web)
                .await?
                .contains("看護部長と面談し、試用を相談")
        );

        // ⑨ The company reports the outcome; 千葉市 closes; the company's 感想.
        choose(&web, "f-outcome", "trial").await?;
        web.find(By::Css("button[data-move='report-outcome']"))
            .await?
            .click()
            .await?;
        wait_for_step(&web, "⑨企業から結果報告済み").await?;
        switch_to(&web, &app, &sending).await?;
        web.goto(app.url(&path)).await?;
        web.find(By::Css("button[data-move='close']"))
            .await?
            .click()
            .await?;
        wait_for_step(&web, "完了").await?;
        // The receiving city sees the end; the target's agreement and the outcome are on it.
        switch_to(&web, &app, &receiving).await?;
        web.goto(app.url(&path)).await?;
        wait_for_step(&web, "完了").await?;
        assert!(main_text(&web).await?.contains("試用"));
        // 熊本市 never saw any of it.
        switch_to(&web, &app, &other).await?;
        web.goto(app.url("/referrals/summary")).await?;
        assert!(
            !main_text(&web)
                .await?
                .contains("ブラウザ試験の褥瘡予防マット")
        );
        WebDriverResult::Ok(())
    }
    .await;
    let screenshot = std::env::temp_dir().join("renkei-referral-test.png");
    let _ = web.screenshot(&screenshot).await;
    web.quit().await.ok();
    result.expect("referral browser test");
}

#[tokio::test]
async fn results_appear_as_a_person_types() {
    let app = TestApp::each(true).await.remove(0);
    let driver = start_driver().await;
    let web = browser(&driver).await;
    let officer = [crate::helpers::staff("431001", false)];
    let result = async {
        sign_in(&web, &app, &officer).await?;
        web.goto(app.url("/search")).await?;
        wait_for_h1(&web, "検索").await?;
        web.find(By::Id("f-q"))
            .await?
            .send_keys("じょくそう")
            .await?;
        // No button pressed: the results region fills in by itself.
        let mut seen = String::new();
        for _ in 0..100 {
            seen = web.find(By::Id("search-results")).await?.text().await?;
            if seen.contains("褥瘡") {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
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
        web.find(By::Id("f-q"))
            .await?
            .send_keys("アミンファーマ")
            .await?;
        for _ in 0..100 {
            seen = web.find(By::Id("search-results")).await?.text().await?;
            if seen.contains("アミンファーマ") && seen.contains("0件") {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(seen.contains("0件"), "{seen}");
        WebDriverResult::Ok(())
    }
    .await;
    web.quit().await.ok();
    result.expect("search browser test");
}
