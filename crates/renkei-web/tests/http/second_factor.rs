//! The second factor (TOTP, RFC 6238) through the pages, on every database: enrolling from
//! the account page, signing in with a code or a recovery code (each taken once), turning it
//! off, and a city that requires it of its staff. Codes are computed here with `totp-rs`
//! from the secret the page shows, as an authenticator app would.

use std::time::{SystemTime, UNIX_EPOCH};

use renkei_domain::access::Role;

use crate::helpers::{
    TEST_PASSWORD, TestApp, account, audit_actions, city, csrf_of, location, staff,
};

/// The city of these tests: 札幌市.
const CITY: &str = "011002";

pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// The code an app shows at `time` for the base32 `secret`.
pub fn code_at(secret: &str, time: u64) -> String {
    let secret = totp_rs::Secret::try_from_base32(secret).unwrap();
    let totp = totp_rs::Builder::new()
        .with_secret(secret.as_bytes().to_vec())
        .build()
        .unwrap();
    totp.generate(time).to_string()
}

/// Six digits that are no code of the steps around now.
fn wrong_code(secret: &str) -> String {
    let t = now();
    let near: Vec<String> = (0..5).map(|i| code_at(secret, t + i * 30 - 60)).collect();
    (0..1_000_000)
        .map(|n| format!("{n:06}"))
        .find(|c| !near.contains(c))
        .unwrap()
}

/// The text between `start` and the next `end` after it.
fn between<'a>(page: &'a str, start: &str, end: &str) -> &'a str {
    let at = page
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in the page"))
        + start.len();
    page[at..].split(end).next().unwrap()
}

/// The secret (base32) an enrolment page shows, if it shows one.
pub fn secret_in(page: &str) -> Option<String> {
    page.contains(r#"<code id="secret">"#).then(|| {
        between(page, r#"<code id="secret">"#, "</code>")
            .split_whitespace()
            .collect()
    })
}

/// Posts a form of the signed-in session (its CSRF token added).
async fn post(who: &TestApp, path: &str, form: &[(&str, &str)]) -> (u16, String, String) {
    let r = who.post_form(path, form).await;
    let status = r.status().as_u16();
    let to = location(&r);
    (status, to, r.text().await.unwrap_or_default())
}

/// Signs in with the password; where the sign-in page sends the browser.
async fn password_step(who: &TestApp, address: &str) -> String {
    let (_, page) = who.get_text("/sign-in").await;
    let form = [
        ("email", address),
        ("password", TEST_PASSWORD),
        ("csrf", &csrf_of(&page)),
    ];
    let r = who
        .client
        .post(who.url("/sign-in"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    location(&r)
}

/// Answers the second-factor prompt: the status and where it leads.
async fn answer(who: &TestApp, code: &str) -> (u16, String, String) {
    let r = who
        .client
        .post(who.url("/sign-in/second-factor"))
        .form(&[("code", code)])
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let to = location(&r);
    let page = r.text().await.unwrap_or_default();
    if status == 303 && to == "/" {
        who.refresh_csrf().await;
    }
    (status, to, page)
}

/// Signs out the session of `who`.
async fn sign_out(who: &TestApp) {
    let (_, page) = who.get_text("/sign-in").await;
    let r = who
        .client
        .post(who.url("/sign-out"))
        .form(&[("csrf", csrf_of(&page))])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&r), "/sign-in");
}

/// Starts and confirms an enrolment for the signed-in `who`: the secret (base32) and the
/// recovery codes shown once.
async fn enrol(who: &TestApp) -> (String, String, Vec<String>) {
    let (status, to, _) = post(who, "/account/second-factor/start", &[]).await;
    assert_eq!((status, to.as_str()), (303, "/account/second-factor"));
    let (status, page) = who.get_text("/account/second-factor").await;
    assert_eq!(status, 200);
    let secret = secret_in(&page).expect("the secret on the page");
    assert!(page.contains("otpauth://totp/Renkei:"), "{page}");
    assert!(page.contains("<svg"), "the QR code, drawn on the server");
    let code = code_at(&secret, now());
    let (status, _, page) = post(who, "/account/second-factor/confirm", &[("code", &code)]).await;
    assert_eq!(status, 200, "{page}");
    let codes: Vec<String> = between(&page, r#"<ul class="recovery-codes">"#, "</ul>")
        .split("<code>")
        .skip(1)
        .map(|c| c.split("</code>").next().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 10);
    (secret, code, codes)
}

#[tokio::test]
async fn a_second_factor_is_enrolled_asked_at_sign_in_taken_once_and_turned_off_with_a_code() {
    for app in TestApp::each(false).await {
        let person = app.another_node().await;
        let address = person.sign_in_as(&[staff(CITY, false)]).await;
        let (status, page) = person.get_text("/account").await;
        assert_eq!(status, 200);
        assert!(page.contains("/account/second-factor"));

        // A wrong code at confirmation: the form again, its field named.
        let (status, _, _) = post(&person, "/account/second-factor/start", &[]).await;
        assert_eq!(status, 303);
        let (_, page) = person.get_text("/account/second-factor").await;
        let secret = secret_in(&page).unwrap();
        let (status, _, page) = post(
            &person,
            "/account/second-factor/confirm",
            &[("code", &wrong_code(&secret))],
        )
        .await;
        assert_eq!(status, 422, "{}", app.backend);
        assert!(page.contains(r##"href="#f-code""##));
        let (status, _, page) =
            post(&person, "/account/second-factor/confirm", &[("code", "12")]).await;
        assert_eq!(status, 422);
        assert!(page.contains(r##"href="#f-code""##));

        // Enrolled (a new secret: starting again replaces the one under way).
        let (secret, used, codes) = enrol(&person).await;
        let lines = app.store.audit_log(None, 50).await.unwrap();
        assert!(lines.iter().any(|l| l.action == "second-factor.enrol"));
        assert!(
            lines.iter().all(|l| {
                let text = format!("{:?} {:?} {}", l.before, l.after, l.object_id);
                !text.contains(&secret)
            }),
            "the secret is in no audit line"
        );
        let (_, page) = person.get_text("/account/second-factor").await;
        assert!(!page.contains(&secret), "the secret is not shown again");

        // Signing in now needs a code: the password alone makes no session.
        sign_out(&person).await;
        assert_eq!(
            password_step(&person, &address).await,
            "/sign-in/second-factor"
        );
        assert_eq!(person.status("/account").await, 303);
        let (status, page) = person.get_text("/sign-in/second-factor").await;
        assert_eq!(status, 200);
        assert!(page.contains(&address));
        // A wrong code, and the code used to confirm (its step is taken): refused.
        let (status, _, page) = answer(&person, &wrong_code(&secret)).await;
        assert_eq!(status, 401);
        assert!(page.contains(r##"href="#f-code""##));
        let (status, _, _) = answer(&person, &used).await;
        assert_eq!(status, 401, "a code is taken once");
        // The next step's code is right.
        let next = code_at(&secret, now() + 30);
        let (status, to, _) = answer(&person, &next).await;
        assert_eq!((status, to.as_str()), (303, "/"));
        assert_eq!(person.status("/account").await, 200);
        let actions = audit_actions(&app, None, 20).await;
        assert!(actions.contains(&"session.second-factor".to_owned()));
        assert!(actions.contains(&"session.second-factor-failure".to_owned()));

        // The same code again, at the next sign-in: refused.
        sign_out(&person).await;
        assert_eq!(
            password_step(&person, &address).await,
            "/sign-in/second-factor"
        );
        let (status, _, _) = answer(&person, &next).await;
        assert_eq!(status, 401, "the same code twice");
        // A recovery code works once.
        let (status, to, _) = answer(&person, &codes[0].to_lowercase()).await;
        assert_eq!((status, to.as_str()), (303, "/"));
        sign_out(&person).await;
        password_step(&person, &address).await;
        let (status, _, _) = answer(&person, &codes[0]).await;
        assert_eq!(status, 401, "a recovery code is used once");
        let (status, to, _) = answer(&person, &codes[1]).await;
        assert_eq!((status, to.as_str()), (303, "/"));

        // Turning it off needs a code (or the password).
        let (status, _, page) = post(&person, "/account/second-factor/disable", &[]).await;
        assert_eq!(status, 422);
        assert!(page.contains(r##"href="#f-code""##));
        let wrong = wrong_code(&secret);
        let (status, _, _) = post(
            &person,
            "/account/second-factor/disable",
            &[("code", &wrong)],
        )
        .await;
        assert_eq!(status, 422);
        let (status, _, page) = post(
            &person,
            "/account/second-factor/disable",
            &[("password", "違うパスワード")],
        )
        .await;
        assert_eq!(status, 422);
        assert!(page.contains(r##"href="#f-password""##));
        let (status, to, _) = post(
            &person,
            "/account/second-factor/disable",
            &[("code", &codes[2])],
        )
        .await;
        assert_eq!(
            (status, to.as_str()),
            (303, "/account/second-factor?saved=1")
        );
        assert!(
            audit_actions(&app, None, 5)
                .await
                .contains(&"second-factor.disable".to_owned())
        );
        sign_out(&person).await;
        assert_eq!(password_step(&person, &address).await, "/");
    }
}

#[tokio::test]
async fn a_waiting_sign_in_ends_after_five_wrong_codes_and_they_lock_the_address() {
    for app in TestApp::each(false).await {
        let person = app.another_node().await;
        let address = person.sign_in_as(&[staff(CITY, false)]).await;
        let (secret, _, _) = enrol(&person).await;
        sign_out(&person).await;
        assert_eq!(
            password_step(&person, &address).await,
            "/sign-in/second-factor"
        );
        let wrong = wrong_code(&secret);
        for _ in 0..4 {
            assert_eq!(answer(&person, &wrong).await.0, 401);
        }
        let (status, to, _) = answer(&person, &wrong).await;
        assert_eq!((status, to.as_str()), (303, "/sign-in?again=1"));
        // The waiting sign-in is gone, even with the right code.
        let (status, to, _) = answer(&person, &code_at(&secret, now() + 30)).await;
        assert_eq!((status, to.as_str()), (303, "/sign-in?again=1"));
        let (_, page) = person.get_text("/sign-in?again=1").await;
        assert!(page.contains("notice--warning"));
        // The failures counted towards the address's lock: the right password is refused.
        let (_, page) = person.get_text("/sign-in").await;
        let r = person
            .client
            .post(person.url("/sign-in"))
            .form(&[
                ("email", address.as_str()),
                ("password", TEST_PASSWORD),
                ("csrf", &csrf_of(&page)),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 429, "{}", app.backend);
    }
}

#[tokio::test]
async fn a_city_that_requires_a_second_factor_sends_its_staff_to_enrol_first() {
    for app in TestApp::each(false).await {
        let officer = app.another_node().await;
        officer.sign_in_as(&[staff(CITY, false)]).await;
        let reader = app.another_node().await;
        reader.sign_in_as(&[staff(CITY, true)]).await;
        let outsider = app.another_node().await;
        outsider.sign_in_as(&[staff("141003", false)]).await;
        let (_, page) = officer.get_text(&format!("/cities/{CITY}/users")).await;
        assert!(page.contains(&format!(r#"action="/cities/{CITY}/second-factor""#)));

        // Only those who may change the city's accounts may change it.
        let path = format!("/cities/{CITY}/second-factor");
        assert_eq!(post(&reader, &path, &[("required", "1")]).await.0, 403);
        assert_eq!(post(&outsider, &path, &[("required", "1")]).await.0, 404);
        let (status, to, _) = post(&officer, &path, &[("required", "1")]).await;
        assert_eq!(status, 303);
        assert_eq!(to, format!("/cities/{CITY}/users?saved=1"));
        assert!(
            app.store
                .city_requires_second_factor(&city(CITY))
                .await
                .unwrap()
        );
        assert!(
            audit_actions(&app, Some(CITY), 5)
                .await
                .contains(&"city-security.update".to_owned())
        );

        // The city's staff without a second factor enrol before anything else.
        assert_eq!(
            location(&officer.get(&format!("/cities/{CITY}/users")).await),
            "/account/second-factor"
        );
        let person = app.another_node().await;
        let address = app.make_account(&[staff(CITY, false)]).await;
        assert_eq!(
            password_step(&person, &address).await,
            "/account/second-factor"
        );
        assert_eq!(
            location(&person.get("/companies").await),
            "/account/second-factor"
        );
        let (status, page) = person.get_text("/account/second-factor").await;
        assert_eq!(status, 200);
        assert!(page.contains("notice--warning"));
        person.refresh_csrf().await;
        let (secret, _, _) = enrol(&person).await;
        assert_eq!(person.status("/companies").await, 200);
        // Another city's staff and other people are not concerned.
        assert_eq!(outsider.status("/companies").await, 200);
        let company_person = app.another_node().await;
        company_person
            .sign_in_as(&[Role::Coordinator { city: city(CITY) }])
            .await;
        assert_eq!(company_person.status("/companies").await, 200);

        // At the next sign-in, the code is asked, then the session starts.
        sign_out(&person).await;
        assert_eq!(
            password_step(&person, &address).await,
            "/sign-in/second-factor"
        );
        let (status, to, _) = answer(&person, &code_at(&secret, now() + 30)).await;
        assert_eq!((status, to.as_str()), (303, "/"));

        // Lost: an administrator removes it (after making sure who asks); the next sign-in
        // leads to enrolment again.
        let admin = app.another_node().await;
        admin.sign_in_admin().await;
        let (user, _) = account(&app, &address).await;
        let page = format!("/cities/{CITY}/users/{}", user.id);
        let (_, html) = admin.get_text(&page).await;
        assert!(html.contains(&format!(r#"action="{page}/second-factor""#)));
        let (status, to, _) = post(&admin, &format!("{page}/second-factor"), &[]).await;
        assert_eq!((status, to), (303, format!("{page}?changed=1")));
        assert!(
            audit_actions(&app, Some(CITY), 5)
                .await
                .contains(&"second-factor.reset".to_owned())
        );
        sign_out(&person).await;
        assert_eq!(
            password_step(&person, &address).await,
            "/account/second-factor"
        );

        // Turned off again: the officer goes on without one.
        let (status, _, _) = post(&admin, &path, &[]).await;
        assert_eq!(status, 303);
        assert!(
            !app.store
                .city_requires_second_factor(&city(CITY))
                .await
                .unwrap()
        );
        assert_eq!(officer.status(&format!("/cities/{CITY}/users")).await, 200);
    }
}
