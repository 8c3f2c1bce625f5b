//! Every page, as each kind of person sees it, against axe-core's WCAG 2.x A and AA rules.

use thirtyfour::prelude::*;

use renkei_domain::access::Role;
use renkei_domain::referral::{Move, Party, State};

use super::helpers::{choose, click_and_wait, open, shows, sign_in, switch_to, with_browser};
use crate::helpers::{TestApp, city, staff};

/// The accessibility rules engine axe-core (MPL-2.0), run inside the page.
const AXE: &str = include_str!("../vendor/axe-core/axe.min.js");

/// Runs axe-core's WCAG 2.x A and AA rules on the page the browser shows, and returns the
/// violations as `rule (impact): help [where]` lines.
pub(super) async fn accessibility_violations(web: &WebDriver) -> WebDriverResult<Vec<String>> {
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

/// Adds the violations of the page the browser shows to `failures`, each after `label`.
pub(super) async fn audit(
    web: &WebDriver,
    label: &str,
    failures: &mut Vec<String>,
) -> WebDriverResult<()> {
    for v in accessibility_violations(web).await? {
        failures.push(format!("{label}: {v}"));
    }
    Ok(())
}

#[tokio::test]
async fn every_page_passes_the_wcag_aa_rules_of_axe_core() {
    let app = TestApp::each(true).await.remove(0);
    let admin = [Role::PlatformAdmin];
    let (link, invited_page, admin_user_page) = an_invitation_and_a_grant(&app).await;
    let (request_page, applicant_link) = a_registration_request(&app).await;
    with_browser("accessibility-test", async |web: &WebDriver| {
        let mut failures = Vec::new();
        open(web, &app, &link, shows("h1")).await?;
        audit(web, &link, &mut failures).await?;
        open(web, &app, "/password-reset", shows("h1")).await?;
        audit(web, "/password-reset", &mut failures).await?;
        open(web, &app, &applicant_link, shows("h1")).await?;
        audit(web, "the applicant's link", &mut failures).await?;
        let (registrant, check_in) = an_event_registration(&app).await;
        open(web, &app, "/events/1", shows("#f-name")).await?;
        audit(web, "an event's page with the public form", &mut failures).await?;
        let register = By::Css("form[action='/events/1/register'] button[type=submit]");
        click_and_wait(web, register, shows("#error-summary")).await?;
        audit(web, "the event's form with errors", &mut failures).await?;
        open(web, &app, &registrant, shows("h1")).await?;
        audit(web, "a registrant's link", &mut failures).await?;
        open(web, &app, "/register-company", shows("#f-name")).await?;
        audit(web, "/register-company", &mut failures).await?;
        let send = By::Css("form[action='/register-company'] button[type=submit]");
        click_and_wait(web, send, shows("#error-summary")).await?;
        audit(web, "registration form with errors", &mut failures).await?;
        sign_in(web, &app, &admin).await?;
        let extra = [
            admin_user_page.as_str(),
            invited_page.as_str(),
            "/cities/121002/registrations",
            request_page.as_str(),
        ];
        pages_audited(web, &app, extra, &mut failures).await?;
        open(web, &app, &check_in, shows("h1")).await?;
        audit(web, "the check-in page of a QR code", &mut failures).await?;
        forms_with_errors_audited(web, &app, &mut failures).await?;
        second_factor_audited(web, &app, &mut failures).await?;
        consultation_pages_audited(web, &app, &mut failures).await?;
        referral_pages_audited(web, &app, &mut failures).await?;
        assert!(
            failures.is_empty(),
            "accessibility violations:\n{}",
            failures.join("\n")
        );
        // The check itself can fail: an image without a text alternative is caught.
        let img = r#"document.querySelector('main').insertAdjacentHTML('beforeend', '<img src="/assets/app.css">')"#;
        web.execute(img, vec![]).await?;
        let caught = accessibility_violations(web).await?;
        assert!(
            caught.iter().any(|v| v.starts_with("image-alt")),
            "axe must catch a missing alt: {caught:?}"
        );
        Ok(())
    })
    .await;
}

/// The demo seminar's first registrant: their link's page, and the check-in page its QR
/// code opens.
async fn an_event_registration(app: &TestApp) -> (String, String) {
    let r = &app
        .store
        .event_registrations(renkei_store::EventId(1))
        .await
        .unwrap()[0];
    let (token, code) = app.store.event_registration_tokens(r.id).await.unwrap();
    (
        format!("/events/registration?token={token}"),
        format!("/cities/121002/events/1/check-in?code={code}"),
    )
}

/// An invited person (their link read as the message carries it) and a grant, so that the
/// administration pages have something to show. Returns the invitation's link and the invited
/// person's pages for the city and for the administrator.
async fn an_invitation_and_a_grant(app: &TestApp) -> (String, String, String) {
    let chiba = city("121002");
    let actor = renkei_store::Actor::system("test");
    let token = std::sync::Mutex::new(String::new());
    let invited = app
        .store
        .invite_user(
            &renkei_domain::identity::Email::parse("invited@city.chiba.lg.jp").unwrap(),
            "千葉 招待",
            &[staff("121002", false)],
            &actor,
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
        grantee: city("341002"),
        purpose: "販路開拓先への紹介のため".into(),
        valid_until: None,
    };
    app.store
        .grant(draft.validate(chrono::Utc::now()).unwrap(), &actor)
        .await
        .unwrap();
    let link = format!("/account/link?token={}", token.lock().unwrap());
    let invited_page = format!("/cities/121002/users/{}", invited.id);
    let admin_user_page = format!("/admin/users/{}", invited.id);
    (link, invited_page, admin_user_page)
}

/// Every page, as the administrator sees it; `extra`: the invited person's pages for the
/// administrator and for the city.
async fn pages_audited(
    web: &WebDriver,
    app: &TestApp,
    extra: [&str; 4],
    failures: &mut Vec<String>,
) -> WebDriverResult<()> {
    let [admin_user_page, invited_page, registrations, request_page] = extra;
    let pages = [
        "/account",
        "/account/second-factor",
        "/admin/users",
        "/admin/users/invite",
        admin_user_page,
        "/admin/outbox",
        "/audit",
        "/cities/121002/users",
        "/cities/121002/users/invite",
        invited_page,
        "/cities/121002/audit",
        "/cities/121002/grants",
        registrations,
        request_page,
        "/companies",
        "/companies/new",
        "/companies/1",
        "/companies/1/edit",
        "/companies/1/people",
        "/companies/1/products/new",
        "/products",
        "/products/1",
        "/products/1/edit",
        "/companies/import",
        "/cities/121002/voices",
        "/cities/121002/rubric",
        "/cities/121002/call-letters",
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
        "/sales-targets/1/people",
        "/notifications",
        "/cities/121002/referral-times",
        "/products/1/referrals/new",
        "/search?q=%E8%A4%A5%E7%98%A1",
        "/needs-seeds",
        "/events",
        "/events/1",
        "/cities/121002/events",
        "/cities/121002/events/new",
        "/cities/121002/events/1/edit",
        "/cities/121002/events/1/registrations",
        "/cities/121002/events/1/check-in",
        "/cities/111007/events/2/registrations",
        "/calls",
        "/calls/1",
        "/calls/1/edit",
        "/calls/5/review",
        "/calls/winners",
        "/cities/121002/calls",
        "/cities/121002/calls/new",
        "/cities/121002/calls/winners",
    ];
    for page in pages {
        open(web, app, page, shows("h1")).await?;
        audit(web, page, failures).await?;
    }
    Ok(())
}

/// A form shown again with its errors, as a person who left it empty sees it; an import
/// checked, with its problems listed, as a person uploading a file sees it.
async fn forms_with_errors_audited(
    web: &WebDriver,
    app: &TestApp,
    failures: &mut Vec<String>,
) -> WebDriverResult<()> {
    let errors = || shows("#error-summary");
    let submit = || By::Css("button[type=submit]");
    open(
        web,
        app,
        "/cities/431001/menu/new?lang=ja",
        shows("#f-name"),
    )
    .await?;
    click_and_wait(web, submit(), errors()).await?;
    audit(web, "form with errors", failures).await?;
    open(web, app, "/companies/new", shows("#f-name")).await?;
    click_and_wait(web, submit(), errors()).await?;
    audit(web, "company form with errors", failures).await?;
    open(web, app, "/cities/121002/call-letters", shows("#f-issuer")).await?;
    web.find(By::Id("f-issuer")).await?.clear().await?;
    let save = By::Css("form[action$='/call-letters'] button[type=submit]");
    click_and_wait(web, save, errors()).await?;
    audit(web, "decision letters' settings with errors", failures).await?;
    let share = || By::Css("form[action$='/grants'] button[type=submit]");
    for record in ["/companies/1", "/products/1"] {
        open(web, app, record, shows("#f-grantee")).await?;
        click_and_wait(web, share(), errors()).await?;
        audit(web, &format!("{record}: share form with errors"), failures).await?;
    }
    let file = std::env::temp_dir().join(format!("renkei-axe-{}.csv", std::process::id()));
    std::fs::write(&file, "企業名,法人番号\n,123\nちば医工㈱,\n").unwrap();
    open(web, app, "/companies/import", shows("#f-file")).await?;
    web.find(By::Id("f-file"))
        .await?
        .send_keys(file.to_str().unwrap())
        .await?;
    let check = By::Css("main button[type=submit]");
    click_and_wait(web, check, shows("#errors-caption")).await?;
    audit(web, "import check", failures).await?;
    // A list of pharmacies whose kind values wait for their mapping.
    let file = std::env::temp_dir().join(format!("renkei-axe-{}-targets.csv", std::process::id()));
    std::fs::write(&file, include_bytes!("../data/kumamoto-pharmacies.csv")).unwrap();
    open(web, app, "/companies/import", shows("#f-file")).await?;
    web.find(By::Id("f-file"))
        .await?
        .send_keys(file.to_str().unwrap())
        .await?;
    web.find(By::Css("input[name=kind][value=targets]"))
        .await?
        .click()
        .await?;
    choose(web, "f-city", "431001").await?;
    let check = By::Css("main button[type=submit]");
    click_and_wait(web, check, shows("#kind-values-caption")).await?;
    audit(web, "import check with kind values", failures).await?;
    Ok(())
}

/// The second factor's enrolment under way (its key and QR code), and its confirmation
/// with a code left empty.
async fn second_factor_audited(
    web: &WebDriver,
    app: &TestApp,
    failures: &mut Vec<String>,
) -> WebDriverResult<()> {
    open(web, app, "/account/second-factor", shows("h1")).await?;
    let start = By::Css("form[action='/account/second-factor/start'] button[type=submit]");
    click_and_wait(web, start, shows("#secret")).await?;
    audit(web, "second factor enrolment", failures).await?;
    let confirm = By::Css("form[action='/account/second-factor/confirm'] button[type=submit]");
    click_and_wait(web, confirm, shows("#error-summary")).await?;
    audit(web, "second factor enrolment with errors", failures).await?;
    Ok(())
}

/// The consultation desk's pages as an administrator (the desk) sees them: the list, a
/// company's cases with the form to open one (and with its errors), a case with its moves
/// and notes (and the hand-over refused for want of a handler).
async fn consultation_pages_audited(
    web: &WebDriver,
    app: &TestApp,
    failures: &mut Vec<String>,
) -> WebDriverResult<()> {
    let errors = || shows("#error-summary");
    let open_case = By::Css("form[action='/companies/1/consultations'] button[type=submit]");
    open(web, app, "/companies/1/consultations", shows("#f-kind")).await?;
    audit(web, "a company's cases", failures).await?;
    click_and_wait(web, open_case, errors()).await?;
    audit(web, "a case's form with errors", failures).await?;
    choose(web, "f-kind", "regulatory").await?;
    web.find(By::Id("f-subject"))
        .await?
        .send_keys("アクセシビリティ確認の相談")
        .await?;
    let open_case = By::Css("form[action='/companies/1/consultations'] button[type=submit]");
    click_and_wait(web, open_case, shows("#f-handler")).await?;
    audit(web, "a case waiting to be taken in", failures).await?;
    let case = web.current_url().await?.path().to_owned();
    let take_in = By::Css("form[action$='/move'] button[type=submit]");
    click_and_wait(web, take_in, errors()).await?;
    audit(web, "a case taken in without a handler", failures).await?;
    open(web, app, "/cities/121002/consultations", shows("h1")).await?;
    audit(web, "the desk's list", failures).await?;
    dispatch_pages_audited(web, app, &case, failures).await
}

/// The roster (with its form's errors), a case's dispatch form, a dispatch's page and the
/// city's counts.
async fn dispatch_pages_audited(
    web: &WebDriver,
    app: &TestApp,
    case: &str,
    failures: &mut Vec<String>,
) -> WebDriverResult<()> {
    let add = By::Css("form[action='/cities/121002/experts'] button[type=submit]");
    open(web, app, "/cities/121002/experts", shows("#f-name")).await?;
    audit(web, "the roster of experts", failures).await?;
    click_and_wait(web, add.clone(), shows("#error-summary")).await?;
    audit(web, "the roster's form with errors", failures).await?;
    web.find(By::Id("f-name"))
        .await?
        .send_keys("確認 花子")
        .await?;
    web.find(By::Id("f-field-regulatory"))
        .await?
        .click()
        .await?;
    web.find(By::Id("f-hourly_fee"))
        .await?
        .send_keys("15000")
        .await?;
    click_and_wait(web, add, shows(".notice--success")).await?;
    open(web, app, case, shows("#dispatches")).await?;
    web.find(By::Css("#dispatches ~ details summary"))
        .await?
        .click()
        .await?;
    audit(web, "a case's dispatch form", failures).await?;
    let options = web.find_all(By::Css("#f-expert option")).await?;
    let expert = options[1].value().await?.unwrap_or_default();
    choose(web, "f-expert", &expert).await?;
    choose(web, "f-field", "regulatory").await?;
    web.find(By::Id("f-purpose"))
        .await?
        .send_keys("認証基準の確認")
        .await?;
    let ask = By::Css("form[action$='/dispatches'] button[type=submit]");
    click_and_wait(web, ask, shows("#visits")).await?;
    audit(web, "a dispatch waiting for approval", failures).await?;
    open(web, app, "/cities/121002/dispatches", shows("#f-year")).await?;
    audit(web, "the city's dispatches", failures).await?;
    partner_pages_audited(web, app, case, failures).await?;
    research_group_pages_audited(web, app, failures).await
}

/// A city's research groups with the form to add one (and its errors), a group's page with
/// its forms, and a meeting's page.
async fn research_group_pages_audited(
    web: &WebDriver,
    app: &TestApp,
    failures: &mut Vec<String>,
) -> WebDriverResult<()> {
    let list = "/cities/121002/research-groups";
    let add = By::Css("form[action='/cities/121002/research-groups'] button[type=submit]");
    open(web, app, list, shows("#f-name")).await?;
    audit(web, "a city's research groups", failures).await?;
    click_and_wait(web, add.clone(), shows("#error-summary")).await?;
    audit(web, "the research group form with errors", failures).await?;
    web.find(By::Id("f-name"))
        .await?
        .send_keys("確認のための研究会")
        .await?;
    choose(web, "f-field", "medical-device").await?;
    click_and_wait(web, add, shows("#members")).await?;
    audit(web, "a research group's page", failures).await?;
    web.find(By::Id("f-held_on"))
        .await?
        .send_keys("2026-11-20")
        .await?;
    web.find(By::Id("f-title"))
        .await?
        .send_keys("第1回 例会")
        .await?;
    let record = By::Css("form[action$='/meetings'] button[type=submit]");
    click_and_wait(web, record, shows("#documents")).await?;
    audit(web, "a research group's meeting", failures).await?;
    Ok(())
}

/// A partner request opened from the case, its page (and its candidate form's errors) and
/// the counts.
async fn partner_pages_audited(
    web: &WebDriver,
    app: &TestApp,
    case: &str,
    failures: &mut Vec<String>,
) -> WebDriverResult<()> {
    open(web, app, case, shows("#partners")).await?;
    audit(web, "a case's partner request forms", failures).await?;
    web.find(By::Id("f-b-detail"))
        .await?
        .send_keys("量産の協力先")
        .await?;
    let start = By::Css("form[action$='/partner-requests'] button[type=submit]");
    click_and_wait(web, start, shows("#candidates")).await?;
    audit(web, "a partner request", failures).await?;
    let add = By::Css("form[action$='/candidates']:not(.form--inline) button[type=submit]");
    click_and_wait(web, add, shows("#error-summary")).await?;
    audit(web, "a partner request's form with errors", failures).await?;
    web.find(By::Id("f-name"))
        .await?
        .send_keys("確認用の候補（例）")
        .await?;
    let add = By::Css("form[action$='/candidates']:not(.form--inline) button[type=submit]");
    click_and_wait(web, add, shows(".candidate")).await?;
    audit(
        web,
        "a partner request with a candidate and its moves",
        failures,
    )
    .await?;
    open(web, app, "/partner-requests", shows("#f-fy")).await?;
    audit(web, "the partner requests' counts", failures).await?;
    Ok(())
}

/// A referral's page as each party sees it with its forms: the company's consent, the
/// receiving city's targets, the target's own page behind its link.
async fn referral_pages_audited(
    web: &WebDriver,
    app: &TestApp,
    failures: &mut Vec<String>,
) -> WebDriverResult<()> {
    let actor = renkei_store::Actor::system("test");
    let (company, product) =
        crate::referrals::eligible_product(&app.store, "アクセシビリティ確認の製品").await;
    let selected = crate::referrals::referral_in(&app.store, product, State::Selected).await;
    switch_to(web, app, &[Role::CompanyUser { company }]).await?;
    let referral = format!("/referrals/{}", selected.id);
    open(web, app, &referral, shows("#consent-wording")).await?;
    audit(web, "consent form", failures).await?;
    renkei_app::testing::step(&app.store, &selected, Party::Company, Move::Withdraw).await;
    let accepted = crate::referrals::referral_in(&app.store, product, State::Accepted).await;
    let hospital = app
        .store
        .sales_targets_of(&city("341002"))
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
    switch_to(web, app, &[staff("341002", false)]).await?;
    let referral = format!("/referrals/{}", accepted.id);
    open(web, app, &referral, shows("#f-target")).await?;
    audit(web, "receiving city's referral page", failures).await?;
    web.delete_all_cookies().await?;
    open(
        web,
        app,
        &format!("/introductions/{token}"),
        shows("#f-answer"),
    )
    .await?;
    audit(web, "target's page", failures).await?;
    // A read-only officer's view of the city's rubric, expected times and letters' settings.
    switch_to(web, app, &[staff("121002", true)]).await?;
    for page in [
        "/cities/121002/rubric",
        "/cities/121002/referral-times",
        "/cities/121002/call-letters",
    ] {
        open(web, app, page, shows("h1")).await?;
        audit(web, &format!("{page} read only"), failures).await?;
    }
    Ok(())
}

/// A request to register a company sent to 千葉市: its page for the city, and the applicant's
/// link.
async fn a_registration_request(app: &TestApp) -> (String, String) {
    let request = renkei_domain::registration::RegistrationDraft {
        company: renkei_domain::company::CompanyDraft {
            name: "申込みメディカル株式会社".to_owned(),
            ..Default::default()
        },
        applicant_name: "申込 花子".to_owned(),
        applicant_email: "applicant@example.co.jp".to_owned(),
        city: "121002".to_owned(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    let tx = app.store.begin().await.unwrap();
    let actor = renkei_store::Actor::system("test");
    let (r, token) = app
        .store
        .insert_registration(&tx, &request, &actor)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    (
        format!("/cities/121002/registrations/{}", r.id),
        format!("/register-company/withdraw?token={token}"),
    )
}
