//! A company asks a city to register it, through the pages on every database: the public
//! form refuses a wrong corporate number and writes nothing, then takes the request (the
//! applicant is mailed, the audit trail names them); the city's officer sees it with a likely
//! duplicate, declines one with a reason (mailed) and approves another: the company exists in
//! the city, the applicant's account is its user and manager, and the applicant sets a
//! password from the mailed link and sees their company. Another city's officer learns
//! nothing; a second approval and a stale version are refused. An applicant withdraws through
//! the link mailed with the receipt. A client address sends a few requests an hour.

use renkei_domain::access::Role;
use renkei_domain::company::CompanyDraft;
use renkei_store::{Actor, RegistrationId};

use crate::helpers::{
    TEST_PASSWORD, TestApp, account, audit_actions, city, csrf_of, link_in_outbox, location,
    messages_to, staff,
};
use crate::identity::{set_password, sign_in};

const CHIBA: &str = "121002";

/// Sends the public form with `fields` (and the page's own CSRF token).
pub(crate) async fn send(visitor: &TestApp, fields: &[(&str, &str)]) -> reqwest::Response {
    let (status, page) = visitor.get_text("/register-company").await;
    assert_eq!(status, 200);
    let csrf = csrf_of(&page);
    let mut form = fields.to_vec();
    form.push(("csrf", &csrf));
    visitor
        .client
        .post(visitor.url("/register-company"))
        .form(&form)
        .send()
        .await
        .unwrap()
}

/// A request's fields: a company of `name`, by `email`, to Chiba.
pub(crate) fn fields<'a>(
    name: &'a str,
    email: &'a str,
    number: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("city", CHIBA),
        ("name", name),
        ("name_kana", "れんけいめでぃかる"),
        ("corporate_number", number),
        ("address", "千葉市中央区千葉港1-1"),
        ("industry", "医療機器製造"),
        ("applicant_name", "申込 花子"),
        ("applicant_email", email),
        ("department", "営業部"),
    ]
}

/// The ids of the requests to Chiba, newest first.
async fn requests(app: &TestApp) -> Vec<RegistrationId> {
    app.store
        .registrations_of(&city(CHIBA))
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect()
}

/// The applicant's link (`/register-company/withdraw?token=…`) of the newest message to
/// `address`, read from the outbox page.
async fn applicant_link(admin: &TestApp, address: &str) -> String {
    let (_, page) = admin.get_text("/admin/outbox").await;
    let section = page
        .split(r#"<section class="mail""#)
        .skip(1)
        .find(|s| s.contains(address))
        .unwrap_or_else(|| panic!("no message to {address} in the outbox"));
    let path = "/register-company/withdraw?token=";
    let at = section.find(path).expect("the applicant's link");
    section[at..at + path.len() + 64].to_owned()
}

/// A third applicant withdraws through the link of the mail that said it was received; the
/// city can no longer decide, and the link cannot withdraw it twice.
async fn withdrawn_by_its_link(
    app: &TestApp,
    admin: &TestApp,
    visitor: &TestApp,
    officer: &TestApp,
    list: &str,
) {
    let approve = [("move", "approve"), ("version", "1")];
    let third = format!("third-{}@example.co.jp", uuid::Uuid::new_v4().simple());
    let r = send(visitor, &fields("取り下げる工業株式会社", &third, "")).await;
    assert_eq!(r.status().as_u16(), 303);
    let withdrawn = requests(app).await[0];
    let link = applicant_link(admin, &third).await;
    let (status, page) = visitor.get_text(&link).await;
    assert_eq!(status, 200);
    assert!(page.contains("取り下げる工業株式会社"));
    let token = link.trim_start_matches("/register-company/withdraw?token=");
    let withdraw = [("token", token), ("version", "1")];
    let r = visitor
        .post_form("/register-company/withdraw", &withdraw)
        .await;
    assert_eq!(r.status().as_u16(), 303, "{}", app.backend);
    assert_eq!(location(&r), "/register-company/withdrawn");
    let r = visitor
        .post_form("/register-company/withdraw", &withdraw)
        .await;
    assert_eq!(r.status().as_u16(), 409);
    let r = officer
        .post_form(&format!("{list}/{withdrawn}/move"), &approve)
        .await;
    assert_eq!(r.status().as_u16(), 409);
    let line = app.store.audit_log(Some(&city(CHIBA)), 1).await.unwrap();
    assert_eq!(line[0].action, "company_registration.withdraw");
    assert_eq!(line[0].actor_label, format!("applicant <{third}>"));
    let unknown = format!("/register-company/withdraw?token={}", "0".repeat(64));
    assert_eq!(visitor.status(&unknown).await, 410);
}

#[tokio::test]
async fn a_company_asks_a_city_which_declines_one_and_approves_another() {
    for app in TestApp::each(false).await {
        let admin = app.another_node().await;
        admin.sign_in_admin().await;
        let existing = CompanyDraft {
            name: "既存メディカル株式会社".to_owned(),
            corporate_number: "7000012050002".to_owned(),
            ..Default::default()
        }
        .validate(&city(CHIBA))
        .unwrap();
        let existing = app
            .store
            .create_company(&existing, &[], &Actor::system("test"))
            .await
            .unwrap();

        // The sign-in page leads to the form.
        let visitor = app.another_node().await;
        let (_, page) = visitor.get_text("/sign-in").await;
        assert!(page.contains(r#"href="/register-company""#));

        // A wrong check digit: the form again naming the field; nothing written or mailed.
        let applicant = format!("applicant-{}@example.co.jp", uuid::Uuid::new_v4().simple());
        let wrong = fields("レンケイメディカル株式会社", &applicant, "8000012050002");
        let r = send(&visitor, &wrong).await;
        assert_eq!(r.status().as_u16(), 422, "{}", app.backend);
        let page = r.text().await.unwrap();
        assert!(page.contains(r#"id="e-corporate_number""#), "{page}");
        assert!(requests(&app).await.is_empty());
        assert_eq!(messages_to(&admin, &applicant).await, 0);

        // Right: the thank-you page; the applicant is mailed; the audit trail names them.
        let right = fields("レンケイメディカル株式会社", &applicant, "7000012050002");
        let r = send(&visitor, &right).await;
        assert_eq!(r.status().as_u16(), 303, "{}", app.backend);
        assert_eq!(location(&r), "/register-company/thanks");
        assert_eq!(visitor.status("/register-company/thanks").await, 200);
        let approved = requests(&app).await[0];
        assert_eq!(messages_to(&admin, &applicant).await, 1);
        let line = app.store.audit_log(Some(&city(CHIBA)), 1).await.unwrap();
        assert_eq!(line[0].action, "company_registration.submit");
        assert_eq!(line[0].actor_label, format!("applicant <{applicant}>"));

        let other = format!("other-{}@example.co.jp", uuid::Uuid::new_v4().simple());
        let r = send(&visitor, &fields("断られる商事株式会社", &other, "")).await;
        assert_eq!(r.status().as_u16(), 303);
        let declined = requests(&app).await[0];

        // The city's officer sees both, and the likely duplicate of the first.
        let officer = app.another_node().await;
        officer.sign_in_as(&[staff(CHIBA, false)]).await;
        let list = format!("/cities/{CHIBA}/registrations");
        let (status, page) = officer.get_text(&list).await;
        assert_eq!(status, 200);
        assert!(
            page.contains("レンケイメディカル株式会社") && page.contains("断られる商事株式会社")
        );
        let first = format!("{list}/{approved}");
        let (status, page) = officer.get_text(&first).await;
        assert_eq!(status, 200);
        assert!(
            page.contains(&format!(r#"href="/companies/{}""#, existing.id)),
            "{page}"
        );

        // Another city's officer learns nothing, in its own city's path or in this one.
        let hiroshima = app.another_node().await;
        hiroshima.sign_in_as(&[staff("341002", false)]).await;
        assert_eq!(hiroshima.status(&first).await, 404);
        let theirs = format!("/cities/341002/registrations/{approved}");
        assert_eq!(hiroshima.status(&theirs).await, 404);
        let r = hiroshima
            .post_form(
                &format!("{first}/move"),
                &[("move", "approve"), ("version", "1")],
            )
            .await;
        assert_eq!(r.status().as_u16(), 404);

        // A decline needs its reason; with one, the applicant is told it.
        let second = format!("{list}/{declined}");
        let r = officer
            .post_form(
                &format!("{second}/move"),
                &[("move", "decline"), ("reason", " "), ("version", "1")],
            )
            .await;
        assert_eq!(r.status().as_u16(), 422);
        assert!(r.text().await.unwrap().contains(r#"id="e-reason""#));
        let reason = "市内に事業所が確認できないため";
        let r = officer
            .post_form(
                &format!("{second}/move"),
                &[("move", "decline"), ("reason", reason), ("version", "1")],
            )
            .await;
        assert_eq!(r.status().as_u16(), 303, "{}", app.backend);
        assert_eq!(messages_to(&admin, &other).await, 2);
        let (_, outbox) = admin.get_text("/admin/outbox").await;
        assert!(outbox.contains(reason));
        assert!(
            audit_actions(&app, Some(CHIBA), 3)
                .await
                .contains(&"company_registration.decline".to_owned())
        );

        // A stale version is refused; the current one approves.
        let approve = |version: &'static str| [("move", "approve"), ("version", version)];
        let r = officer
            .post_form(&format!("{first}/move"), &approve("0"))
            .await;
        assert_eq!(r.status().as_u16(), 409, "{}", app.backend);
        let r = officer
            .post_form(&format!("{first}/move"), &approve("1"))
            .await;
        assert_eq!(r.status().as_u16(), 303, "{}", app.backend);
        assert_eq!(location(&r), format!("{first}?saved=1"));
        let done = app.store.registration(approved).await.unwrap();
        let company = done.company_id.expect("the company made");
        let (made, _) = app.store.company(company).await.unwrap().unwrap();
        assert_eq!(made.home_city, city(CHIBA));
        assert_eq!(made.name, "レンケイメディカル株式会社");
        let (_, roles) = account(&app, &applicant).await;
        assert_eq!(
            roles,
            [
                Role::CompanyUser { company: company.0 },
                Role::CompanyManager { company: company.0 }
            ]
        );
        let actions = audit_actions(&app, Some(CHIBA), 6).await;
        for action in ["company_registration.approve", "company.create"] {
            assert!(actions.contains(&action.to_owned()), "{actions:?}");
        }

        // A second approval is refused, whatever version it names.
        let r = officer
            .post_form(&format!("{first}/move"), &approve("2"))
            .await;
        assert_eq!(r.status().as_u16(), 409);
        let r = officer
            .post_form(&format!("{first}/move"), &approve("1"))
            .await;
        assert_eq!(r.status().as_u16(), 409);

        withdrawn_by_its_link(&app, &admin, &visitor, &officer, &list).await;

        // The applicant sets a password from the mailed link and sees their company.
        let link = link_in_outbox(&admin, &applicant).await;
        let token = link.trim_start_matches("/account/link?token=");
        let person = app.another_node().await;
        let r = set_password(&person, token, TEST_PASSWORD, TEST_PASSWORD).await;
        assert_eq!(r.status().as_u16(), 303);
        assert_eq!(sign_in(&person, &applicant, TEST_PASSWORD).await, 303);
        let (status, page) = person.get_text(&format!("/companies/{company}")).await;
        assert_eq!(status, 200);
        assert!(page.contains("レンケイメディカル株式会社"));
    }
}

#[tokio::test]
async fn a_client_address_sends_a_few_requests_an_hour() {
    for app in TestApp::each(false).await {
        let visitor = app.another_node().await;
        for n in 0..renkei_store::REGISTRATIONS_PER_CLIENT_PER_HOUR {
            let (name, email) = (
                format!("申込み{n}号株式会社"),
                format!("flood{n}@example.co.jp"),
            );
            let r = send(&visitor, &fields(&name, &email, "")).await;
            assert_eq!(r.status().as_u16(), 303, "{}", app.backend);
        }
        let r = send(
            &visitor,
            &fields("多すぎる株式会社", "flood@example.co.jp", ""),
        )
        .await;
        assert_eq!(r.status().as_u16(), 429, "{}", app.backend);
        let count = requests(&app).await.len() as u64;
        assert_eq!(count, renkei_store::REGISTRATIONS_PER_CLIENT_PER_HOUR);
    }
}

#[tokio::test]
async fn the_city_is_reminded_once_of_a_decision_overdue() {
    for app in TestApp::each(false).await {
        let officer = app.another_node().await;
        officer.sign_in_as(&[staff(CHIBA, false)]).await;
        let visitor = app.another_node().await;
        let r = send(
            &visitor,
            &fields("待たされる株式会社", "wait@example.co.jp", ""),
        )
        .await;
        assert_eq!(r.status().as_u16(), 303);
        let (_, notices) = officer.get_text("/notifications").await;
        assert!(
            notices.contains("待たされる株式会社"),
            "the city is told of it"
        );

        let core = renkei_app::testing::app(&app.store);
        let now = chrono::Utc::now();
        let soon = renkei_app::registrations::remind(&core, now).await.unwrap();
        assert_eq!(soon, 0, "not overdue today");
        let later = now + chrono::Duration::days(11);
        let sent = renkei_app::registrations::remind(&core, later)
            .await
            .unwrap();
        assert_eq!(sent, 1, "{}", app.backend);
        let again = renkei_app::registrations::remind(&core, later)
            .await
            .unwrap();
        assert_eq!(again, 0, "never twice");
        let (_, notices) = officer.get_text("/notifications").await;
        assert!(notices.contains("予定の期間を過ぎています"), "{notices}");
    }
}

#[tokio::test]
async fn an_applicant_with_an_account_is_given_the_new_companys_roles() {
    for app in TestApp::each(false).await {
        let (other_company, _) =
            renkei_app::testing::eligible_product(&app.store, "既存の製品").await;
        let person = app.another_node().await;
        let address = person
            .sign_in_as(&[Role::CompanyUser {
                company: other_company,
            }])
            .await;
        let visitor = app.another_node().await;
        let r = send(&visitor, &fields("二社目の株式会社", &address, "")).await;
        assert_eq!(r.status().as_u16(), 303);
        let id = requests(&app).await[0];
        let officer = app.another_node().await;
        officer.sign_in_as(&[staff(CHIBA, false)]).await;
        let path = format!("/cities/{CHIBA}/registrations/{id}/move");
        let r = officer
            .post_form(&path, &[("move", "approve"), ("version", "1")])
            .await;
        assert_eq!(r.status().as_u16(), 303, "{}", app.backend);
        let company = app
            .store
            .registration(id)
            .await
            .unwrap()
            .company_id
            .unwrap();
        let (_, roles) = account(&app, &address).await;
        assert_eq!(
            roles,
            [
                Role::CompanyUser {
                    company: other_company
                },
                Role::CompanyUser { company: company.0 },
                Role::CompanyManager { company: company.0 }
            ],
            "{}",
            app.backend
        );
        assert!(
            audit_actions(&app, Some(CHIBA), 4)
                .await
                .contains(&"user.roles.add".to_owned())
        );
        assert_eq!(person.status(&format!("/companies/{company}")).await, 200);
    }
}
