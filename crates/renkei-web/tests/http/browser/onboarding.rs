//! A real install in the browser, as a city starts one: an empty database and the first
//! administrator made as `renkei admin create-user` makes it; from there on, pages alone,
//! typed into and clicked as people do. The administrator invites an officer of 千葉市 and of
//! 広島市; a company asks 千葉市 to register it through the public form, 千葉市's officer
//! approves it, and the applicant sets a password from the mailed link; the officer registers
//! its product and refers it to 広島市; the company consents; 広島市 accepts, registers a
//! hospital from the referral's page, invites its contact from the hospital's page and
//! introduces it; the contact answers and leaves feedback; 広島市 reports back, 千葉市
//! forwards; the company logs its sales activity, reports the outcome and leaves feedback.
//! At the end each party sees its own part. On every test database.

use thirtyfour::prelude::*;

use renkei_domain::identity::{Email, NewPassword};

use super::helpers::{
    Expect, choose, click_and_wait, contains, fill, h1, main_text, open, set_password_from_link,
    shows, sign_in_with, step, submit_and_wait, switch_to_person, with_browser,
};
use crate::helpers::{TestApp, link_in_outbox};

/// Someone who signs in: their address and the password they chose.
struct Person {
    email: &'static str,
    password: &'static str,
}

const ADMIN: Person = Person {
    email: "jimukyoku@council.example.jp",
    password: "指定都市の事務局2026",
};
const CHIBA: Person = Person {
    email: "sangyo@city.chiba.example.jp",
    password: "千葉市産業振興課2026",
};
const HIROSHIMA: Person = Person {
    email: "sangyo@city.hiroshima.example.jp",
    password: "広島市産業振興課2026",
};
const FIRM: Person = Person {
    email: "kaihatsu@chiba-medical.example.co.jp",
    password: "見守りセンサーの開発2026",
};
const CONTACT: Person = Person {
    email: "renkei@hiroshima-chuo.example.jp",
    password: "広島中央病院の地域連携2026",
};

const COMPANY: &str = "千葉メディカル工業株式会社";
const PRODUCT: &str = "見守りセンサー";
const HOSPITAL: &str = "広島中央病院";
const ACTIVITY: &str = "地域連携室と面談し、試用の日程を相談";
const FIRM_FEEDBACK: &str = "販路が開けた";
const CONTACT_FEEDBACK: &str = "市の推薦理由で意義が分かった";

/// The install the test follows: the application, the administrator's outbox (read as the
/// mailbox every message lands in), and the referral's page once it exists.
struct Install<'a> {
    app: &'a TestApp,
    mailbox: TestApp,
    path: String,
}

impl Install<'_> {
    /// The newest one-time link mailed to `to`.
    async fn link_to(&self, to: &Person) -> String {
        link_in_outbox(&self.mailbox, to.email).await
    }

    async fn become_(&self, web: &WebDriver, who: &Person) -> WebDriverResult<()> {
        switch_to_person(web, self.app, who.email, who.password).await
    }

    /// Becomes `who` and opens the referral's page, waiting for `expect`.
    async fn referral_as(
        &self,
        web: &WebDriver,
        who: &Person,
        expect: Expect,
    ) -> WebDriverResult<()> {
        self.become_(web, who).await?;
        open(web, self.app, &self.path, expect).await
    }
}

/// The first administrator, made with the call `renkei admin create-user --role
/// platform-admin` makes (see `crates/renkei/src/admin.rs`), on a database with no account.
async fn first_administrator(app: &TestApp) {
    let accounts = renkei_store::testing::count_rows(&app.store, "users").await;
    assert_eq!(accounts, 0, "an empty database ({})", app.backend);
    let email = Email::parse(ADMIN.email).unwrap();
    let password = NewPassword::parse(ADMIN.password, &email).unwrap();
    let actor = renkei_store::Actor::system("admin-cli");
    let roles = [renkei_domain::access::Role::PlatformAdmin];
    app.store
        .create_user(&email, "事務局", Some(password.hash()), &roles, &actor)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_fresh_install_brings_every_party_on_board_through_the_browser() {
    for app in TestApp::each(false).await {
        first_administrator(&app).await;
        let mailbox = app.another_node().await;
        let status = crate::identity::sign_in(&mailbox, ADMIN.email, ADMIN.password).await;
        assert_eq!(status, 303, "the administrator reads the outbox");
        let mut install = Install {
            app: &app,
            mailbox,
            path: String::new(),
        };
        let name = format!("onboarding-{}", app.backend);
        with_browser(&name, async |web: &WebDriver| {
            officers_invited(web, &install).await?;
            the_company_applies(web, &install).await?;
            let company = approved(web, &install).await?;
            install.path = referred(web, &install, &company).await?;
            the_company_consents(web, &install).await?;
            sent_and_accepted(web, &install).await?;
            the_hospital_introduced(web, &install).await?;
            the_contact_answers(web, &install).await?;
            reported_back_and_forwarded(web, &install).await?;
            the_company_sells_and_reports(web, &install).await?;
            each_sees_its_part(web, &install).await
        })
        .await;
    }
}

/// The administrator signs in with the password given on the command line and invites an
/// officer of each city from the invitation page; each sets a password from the mailed link.
async fn officers_invited(web: &WebDriver, s: &Install<'_>) -> WebDriverResult<()> {
    let app = s.app;
    sign_in_with(web, app, ADMIN.email, ADMIN.password).await?;
    for (officer, name, city) in [
        (&CHIBA, "千葉市 産業振興課", "121002"),
        (&HIROSHIMA, "広島市 産業振興課", "341002"),
    ] {
        open(web, app, "/admin/users/invite", shows("#f-email")).await?;
        fill(web, "f-email", officer.email).await?;
        fill(web, "f-name", name).await?;
        let role = By::Css("input[name=role][value='city-staff']");
        web.find(role).await?.click().await?;
        choose(web, "f-city", city).await?;
        let invite = "/admin/users/invite";
        submit_and_wait(web, invite, contains("main", officer.email)).await?;
    }
    for officer in [&CHIBA, &HIROSHIMA] {
        let link = s.link_to(officer).await;
        set_password_from_link(web, app, &link, officer.password).await?;
    }
    Ok(())
}

/// With no account, the company finds the public form from the sign-in page and asks 千葉市 to
/// register it.
async fn the_company_applies(web: &WebDriver, s: &Install<'_>) -> WebDriverResult<()> {
    web.delete_all_cookies().await?;
    open(web, s.app, "/sign-in", shows("a[href='/register-company']")).await?;
    let form = By::Css("main a[href='/register-company']");
    click_and_wait(web, form, h1("企業として利用を申し込む")).await?;
    choose(web, "f-city", "121002").await?;
    for (id, text) in [
        ("f-name", COMPANY),
        ("f-name_kana", "チバメディカルコウギョウ"),
        ("f-corporate_number", "7000012050002"),
        ("f-postal_code", "260-0026"),
        ("f-address", "千葉市中央区千葉港1-1"),
        ("f-industry", "医療機器製造"),
        ("f-applicant_name", "開発部 佐藤"),
        ("f-applicant_email", FIRM.email),
        ("f-department", "開発部"),
        ("f-note", "病院向けの見守りセンサーを開発しています。"),
    ] {
        fill(web, id, text).await?;
    }
    let thanks = h1("お申込みを受け付けました");
    submit_and_wait(web, "/register-company", thanks).await
}

/// 千葉市's officer finds the request from the account page and approves it; the applicant
/// sets a password from the mailed link and signs in. The company's page's address.
async fn approved(web: &WebDriver, s: &Install<'_>) -> WebDriverResult<String> {
    let app = s.app;
    s.become_(web, &CHIBA).await?;
    let list = "/cities/121002/registrations";
    let account = By::Css("a[href='/account']");
    click_and_wait(web, account, shows(&format!("a[href='{list}']"))).await?;
    let requests = By::Css(format!("main a[href='{list}']"));
    click_and_wait(web, requests, contains("h1", "企業登録の申込み")).await?;
    let request = By::XPath(format!("//main//a[contains(., '{COMPANY}')]"));
    click_and_wait(web, request, contains("h1", COMPANY)).await?;
    let duplicates = main_text(web).await?;
    assert!(
        duplicates.contains("同じ名前・法人番号の企業は見つかりませんでした"),
        "{duplicates}"
    );
    let approve = By::Css("button[name=move][value=approve]");
    let done = contains(".notice--success", "申込者にメールでお知らせしました");
    click_and_wait(web, approve, done).await?;
    let company = By::LinkText("登録した企業");
    click_and_wait(web, company, h1(COMPANY)).await?;
    let page = web.current_url().await?.path().to_owned();

    let link = s.link_to(&FIRM).await;
    set_password_from_link(web, app, &link, FIRM.password).await?;
    sign_in_with(web, app, FIRM.email, FIRM.password).await?;
    // The applicant is the company's user: its page and its people are theirs to see.
    open(web, app, &page, h1(COMPANY)).await?;
    let people = By::Css(format!("a[href='{page}/people']"));
    click_and_wait(web, people, contains("h1", "企業の利用者")).await?;
    assert!(main_text(web).await?.contains(FIRM.email));
    Ok(page)
}

/// 千葉市's officer registers the company's product from the company's page, records the
/// award that makes it eligible, and refers it to 広島市. The referral's page.
async fn referred(web: &WebDriver, s: &Install<'_>, company: &str) -> WebDriverResult<String> {
    s.become_(web, &CHIBA).await?;
    open(web, s.app, company, h1(COMPANY)).await?;
    let new = format!("{company}/products/new");
    let register = By::Css(format!("main a[href='{new}']"));
    click_and_wait(web, register, shows("#f-stage")).await?;
    fill(web, "f-name", PRODUCT).await?;
    choose(web, "f-stage", "7").await?;
    fill(web, "f-summary", "ベッドからの離床を知らせるセンサー").await?;
    submit_and_wait(web, &new, h1(PRODUCT)).await?;
    let product = web.current_url().await?.path().to_owned();

    choose(web, "f-kind", "award").await?;
    fill(web, "f-title", "千葉市ベンチャーカップ").await?;
    fill(web, "f-date", "2026-05-01").await?;
    let refer = format!("{product}/referrals/new");
    let eligible = shows(&format!("a[href='{refer}']"));
    submit_and_wait(web, &format!("{product}/evaluations"), eligible).await?;
    let refer = By::LinkText("他の指定都市に紹介する");
    click_and_wait(web, refer, h1("他都市への紹介（選定）")).await?;
    choose(web, "f-receiving", "341002").await?;
    fill(
        web,
        "f-reason",
        "千葉市ベンチャーカップの受賞製品で、市内の病院で試用が進んでいます。",
    )
    .await?;
    let selected = step("①選定（企業の同意待ち）");
    submit_and_wait(web, &format!("{product}/referrals/new"), selected).await?;
    Ok(web.current_url().await?.path().to_owned())
}

/// ② The company finds the referral in its list and consents, reading the wording.
async fn the_company_consents(web: &WebDriver, s: &Install<'_>) -> WebDriverResult<()> {
    s.become_(web, &FIRM).await?;
    let referrals = By::Css("nav a[href='/referrals']");
    click_and_wait(web, referrals, h1("指定都市間の紹介")).await?;
    let mine = By::Css(format!("main a[href='{}']", s.path));
    click_and_wait(web, mine, shows("#consent-wording")).await?;
    let wording = web.find(By::Id("consent-wording")).await?.text().await?;
    assert!(wording.contains("広島市"), "{wording}");
    web.find(By::Id("kind-hospital")).await?.click().await?;
    web.find(By::Id("f-agree")).await?.click().await?;
    let consent = format!("{}/consent", s.path);
    submit_and_wait(web, &consent, step("②同意済み（送付待ち）")).await
}

fn button(name: &str) -> By {
    By::Css(format!("button[data-move='{name}']"))
}

fn introducing() -> Expect {
    step("④⑤受入れ・販路開拓先に紹介中")
}

/// ③ 千葉市 sends the dossier; ④ 広島市 accepts it.
async fn sent_and_accepted(web: &WebDriver, s: &Install<'_>) -> WebDriverResult<()> {
    s.referral_as(web, &CHIBA, shows("button[data-move='send']"))
        .await?;
    click_and_wait(web, button("send"), step("③紹介先の市に送付済み")).await?;
    s.referral_as(web, &HIROSHIMA, shows("button[data-move='accept']"))
        .await?;
    click_and_wait(web, button("accept"), introducing()).await
}

/// ⑤ 広島市 registers a hospital from the referral's page, invites its contact from the
/// hospital's page, and adds it to the referral.
async fn the_hospital_introduced(web: &WebDriver, s: &Install<'_>) -> WebDriverResult<()> {
    let new = By::Css("main a[href='/sales-targets/new']");
    click_and_wait(web, new, shows("#f-contact_name")).await?;
    choose(web, "f-city", "341002").await?;
    choose(web, "f-kind", "hospital").await?;
    fill(web, "f-name", HOSPITAL).await?;
    fill(web, "f-departments", "地域連携室\n看護部").await?;
    fill(web, "f-contact_department", "地域連携室").await?;
    fill(web, "f-contact_name", "田中").await?;
    fill(web, "f-contact_phone", "082-000-1234").await?;
    submit_and_wait(web, "/sales-targets/new", contains("h1", HOSPITAL)).await?;
    let page = web.current_url().await?.path().to_owned();
    let people = By::Css(format!("a[href='{page}/people']"));
    click_and_wait(web, people, contains("h1", "販路開拓先の担当者")).await?;
    fill(web, "f-email", CONTACT.email).await?;
    fill(web, "f-name", "地域連携室 田中").await?;
    let invited = contains(".notice--success", "招待メールを送りました");
    submit_and_wait(web, &format!("{page}/people/invite"), invited).await?;

    open(web, s.app, &s.path, shows("#f-target")).await?;
    web.find(By::Id("f-target"))
        .await?
        .find(By::XPath(format!("./option[contains(., '{HOSPITAL}')]")))
        .await?
        .click()
        .await?;
    let add = By::Css("#add-target button[type=submit]");
    click_and_wait(web, add, introducing()).await?;
    assert!(main_text(web).await?.contains(HOSPITAL));
    Ok(())
}

/// The contact sets a password from the mailed link, finds the introduction from the account
/// page, agrees to hear from the company, and leaves feedback.
async fn the_contact_answers(web: &WebDriver, s: &Install<'_>) -> WebDriverResult<()> {
    let app = s.app;
    let link = s.link_to(&CONTACT).await;
    set_password_from_link(web, app, &link, CONTACT.password).await?;
    sign_in_with(web, app, CONTACT.email, CONTACT.password).await?;
    let account = By::Css("a[href='/account']");
    click_and_wait(web, account, shows("a[href='/introductions']")).await?;
    let introductions = By::Css("main a[href='/introductions']");
    click_and_wait(web, introductions, h1("市からの製品紹介")).await?;
    let this = By::Css(format!("main a[href='{}']", s.path));
    click_and_wait(web, this, shows("#ans-agreed")).await?;
    let reason = web.find(By::Id("reason")).await?.text().await?;
    assert!(reason.contains("ベンチャーカップ"), "{reason}");
    web.find(By::Id("ans-agreed")).await?.click().await?;
    fill(web, "f-note", "来月の会議で紹介したい").await?;
    let answer = format!("{}/targets/", s.path);
    let by = By::Css(format!(
        "form[action^='{answer}'][action$='/answer'] button"
    ));
    click_and_wait(web, by, shows("#f-rating")).await?;
    assert!(main_text(web).await?.contains("回答済み"));
    web.find(By::Id("rating-4")).await?.click().await?;
    fill(web, "f-comment", CONTACT_FEEDBACK).await?;
    let sent = contains(".notice--success", "記録しました");
    submit_and_wait(web, &format!("{}/feedback", s.path), sent).await?;
    assert!(web.find(By::Id("f-rating")).await.is_err(), "feedback once");
    Ok(())
}

/// ⑥ 広島市 sees the answer and reports back; ⑦ 千葉市 sees the hospital and forwards it.
async fn reported_back_and_forwarded(web: &WebDriver, s: &Install<'_>) -> WebDriverResult<()> {
    s.referral_as(web, &HIROSHIMA, shows("button[data-move='feed-back']"))
        .await?;
    assert!(main_text(web).await?.contains("話を聞く（同意）"));
    click_and_wait(web, button("feed-back"), step("⑥紹介元の市へ報告済み")).await?;
    s.referral_as(web, &CHIBA, shows("button[data-move='forward']"))
        .await?;
    let page = main_text(web).await?;
    assert!(
        page.contains(HOSPITAL) && page.contains("082-000-1234"),
        "{page}"
    );
    click_and_wait(web, button("forward"), step("⑦⑧企業へ伝達・販促活動中")).await
}

/// ⑧ The company logs its sales activity; ⑨ reports the outcome and leaves feedback.
async fn the_company_sells_and_reports(web: &WebDriver, s: &Install<'_>) -> WebDriverResult<()> {
    s.referral_as(web, &FIRM, shows("#f-activity-note")).await?;
    assert!(main_text(web).await?.contains("082-000-1234"));
    fill(web, "f-date", "令和8年11月30日").await?;
    choose(web, "f-kind", "meeting").await?;
    fill(web, "f-activity-note", ACTIVITY).await?;
    let activities = format!("{}/activities", s.path);
    let logged = contains("#activities + p + ul", ACTIVITY);
    submit_and_wait(web, &activities, logged).await?;
    choose(web, "f-outcome", "trial").await?;
    let reported = step("⑨企業から結果報告済み");
    click_and_wait(web, button("report-outcome"), reported).await?;
    web.find(By::Id("rating-5")).await?.click().await?;
    fill(web, "f-comment", FIRM_FEEDBACK).await?;
    let sent = contains(".notice--success", "記録しました");
    submit_and_wait(web, &format!("{}/feedback", s.path), sent).await
}

/// What each party sees at the end: the company its outcome, its activity and its feedback;
/// the contact only its own answer; 千葉市 the outcome and the feedback in its summary.
async fn each_sees_its_part(web: &WebDriver, s: &Install<'_>) -> WebDriverResult<()> {
    s.referral_as(web, &FIRM, step("⑨企業から結果報告済み"))
        .await?;
    let firm = main_text(web).await?;
    for seen in ["試用", ACTIVITY, FIRM_FEEDBACK] {
        assert!(firm.contains(seen), "the company sees {seen}: {firm}");
    }
    assert!(web.find(By::Id("f-rating")).await.is_err(), "feedback once");

    s.referral_as(web, &CONTACT, shows("#answer")).await?;
    let contact = main_text(web).await?;
    assert!(contact.contains("回答済み"), "{contact}");
    // Not the company's activity nor anyone's feedback; not the history of the cities' and
    // the company's steps, with who took them; not the receiving city's search.
    let unseen = [
        ACTIVITY,
        FIRM_FEEDBACK,
        CONTACT_FEEDBACK,
        CHIBA.email,
        HIROSHIMA.email,
        "経過",
        "販路開拓先を探しています",
    ];
    for unseen in unseen {
        assert!(
            !contact.contains(unseen),
            "the contact does not see {unseen}: {contact}"
        );
    }
    assert!(web.find(By::Id("steps")).await.is_err(), "no steps to take");

    s.become_(web, &CHIBA).await?;
    open(web, s.app, "/referrals/summary", shows("main")).await?;
    let summary = main_text(web).await?;
    assert!(
        summary.contains(FIRM_FEEDBACK) && summary.contains("試用"),
        "{summary}"
    );
    Ok(())
}
