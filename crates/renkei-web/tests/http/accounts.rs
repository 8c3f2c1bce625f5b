//! Accounts through the HTTP surface, on every database: sign-in throttling and sessions
//! (the store's own account rules are tested in `renkei-store/tests/accounts.rs`).

use renkei_domain::access::Role;
use renkei_domain::city::CityCode;
use renkei_domain::identity::{Email, NewPassword};
use renkei_store::SignInError::{self, Locked, WrongCredentials};
use renkei_store::{Actor, UserRecord};

use crate::helpers::{TestApp, account, csrf_of};

#[tokio::test]
async fn sign_in_is_throttled_and_sessions_live_in_the_database() {
    for app in TestApp::each(false).await {
        let email = Email::parse("admin@council.example.jp").unwrap();
        let password = "指定都市の事務局2026";
        let hash = NewPassword::parse(password, &email).unwrap().hash();
        let user = app
            .store
            .create_user(
                &email,
                "事務局",
                Some(hash),
                &[Role::PlatformAdmin],
                &Actor::system("test"),
            )
            .await
            .unwrap();
        sign_in_locks_after_five_failures(&app, &email, password, &user).await;
        let other_node = app.another_node().await;
        sessions_are_shared_by_the_nodes(&app, &other_node, &user).await;
        sessions_expire(&app, &user).await;
        deactivation_ends_sessions_and_tokens(&app, &other_node, &user).await;
    }
}

/// Checks an address and a password with the store, as the sign-in page does.
async fn check(app: &TestApp, email: &Email, password: &str) -> Result<UserRecord, SignInError> {
    app.store
        .check_sign_in(email, password, &Actor::anonymous(None, None))
        .await
        .unwrap()
}

/// The right password signs in; an unknown address is told the same as a wrong password; the
/// fifth failure locks the account, even against the right password.
async fn sign_in_locks_after_five_failures(
    app: &TestApp,
    email: &Email,
    password: &str,
    user: &UserRecord,
) {
    assert_eq!(check(app, email, password).await.map(|u| u.id), Ok(user.id));
    let unknown = Email::parse("nobody@council.example.jp").unwrap();
    assert_eq!(
        check(app, &unknown, password).await.map(|u| u.id),
        Err(WrongCredentials)
    );
    for _ in 0..4 {
        assert_eq!(
            check(app, email, "違うパスワード").await.map(|u| u.id),
            Err(WrongCredentials)
        );
    }
    assert_eq!(
        check(app, email, "違うパスワード").await.map(|u| u.id),
        Err(Locked),
        "{}: the fifth failure locks",
        app.backend
    );
    assert_eq!(
        check(app, email, password).await.map(|u| u.id),
        Err(Locked),
        "locked even with the right password"
    );
}

/// Sessions: any node finds them, and ending one ends it everywhere.
async fn sessions_are_shared_by_the_nodes(app: &TestApp, other_node: &TestApp, user: &UserRecord) {
    let s = app
        .store
        .start_session(user.id, Some("127.0.0.1".into()))
        .await
        .unwrap();
    let seen = other_node
        .store
        .session(&s.token)
        .await
        .unwrap()
        .expect("live on another node");
    assert_eq!(
        (seen.user.id, seen.roles.clone(), seen.csrf_token.clone()),
        (user.id, vec![Role::PlatformAdmin], s.csrf_token.clone())
    );
    assert!(app.store.session("not-a-token").await.unwrap().is_none());
    let second = app.store.start_session(user.id, None).await.unwrap();
    assert_ne!(second.token, s.token, "a new token at every sign-in");
    other_node
        .store
        .end_session(&s.token, &Actor::system("test"))
        .await
        .unwrap();
    assert!(
        app.store.session(&s.token).await.unwrap().is_none(),
        "{}: signed out everywhere",
        app.backend
    );
    assert_eq!(app.store.end_sessions_of(user.id).await.unwrap(), 1);
    assert!(app.store.session(&second.token).await.unwrap().is_none());
}

/// Sessions end after 30 idle minutes, and after 8 hours whatever happens.
async fn sessions_expire(app: &TestApp, user: &UserRecord) {
    use chrono::Duration;
    use renkei_store::testing::age_session;
    let idle = app.store.start_session(user.id, None).await.unwrap();
    age_session(
        &app.store,
        &idle.token,
        Duration::minutes(29),
        Duration::minutes(29),
    )
    .await;
    assert!(
        app.store.session(&idle.token).await.unwrap().is_some(),
        "29 idle minutes are fine"
    );
    age_session(
        &app.store,
        &idle.token,
        Duration::minutes(31),
        Duration::zero(),
    )
    .await;
    assert!(
        app.store.session(&idle.token).await.unwrap().is_none(),
        "{}: 31 idle minutes end it",
        app.backend
    );
    let long = app.store.start_session(user.id, None).await.unwrap();
    age_session(
        &app.store,
        &long.token,
        Duration::zero(),
        Duration::hours(8) + Duration::minutes(1),
    )
    .await;
    assert!(
        app.store.session(&long.token).await.unwrap().is_none(),
        "8 hours end it however busy"
    );
}

/// Deactivation ends every session at once, and stops the account's API tokens.
async fn deactivation_ends_sessions_and_tokens(
    app: &TestApp,
    other_node: &TestApp,
    user: &UserRecord,
) {
    let third = app.store.start_session(user.id, None).await.unwrap();
    let (_, token) = app
        .store
        .create_api_token(
            user.id,
            "連携",
            &Role::PlatformAdmin,
            &Actor::system("test"),
        )
        .await
        .unwrap();
    assert!(app.store.api_token(&token).await.unwrap().is_some());
    app.store
        .deactivate_user(user.id, &Actor::system("test"))
        .await
        .unwrap();
    assert!(
        other_node
            .store
            .session(&third.token)
            .await
            .unwrap()
            .is_none(),
        "{}: ended at once",
        app.backend
    );
    assert!(app.store.api_token(&token).await.unwrap().is_none());
    let trail = app.store.audit_log(None, 1).await.unwrap();
    assert_eq!(trail[0].action, "user.deactivate");
}

#[tokio::test]
async fn a_person_signs_in_and_out_through_the_pages() {
    for app in TestApp::each(false).await {
        let email = Email::parse("officer@city.chiba.lg.jp").unwrap();
        let hash = NewPassword::parse("千葉市の担当者2026", &email)
            .unwrap()
            .hash();
        let chiba = CityCode::parse("121002").unwrap();
        let roles = [Role::CityStaff {
            city: chiba,
            read_only: false,
        }];
        app.store
            .create_user(
                &email,
                "千葉 花子",
                Some(hash),
                &roles,
                &Actor::system("test"),
            )
            .await
            .unwrap();

        let (status, page) = app.get_text("/sign-in").await;
        assert_eq!(status, 200);
        assert!(page.contains(r#"autocomplete="current-password""#));
        assert_eq!(
            csrf_of(&page).len(),
            129,
            "a fresh token in the form, signed"
        );
        let sign_in = |csrf: String, password: &'static str| {
            let form = [
                ("email", "Officer@City.Chiba.lg.jp".to_owned()),
                ("password", password.to_owned()),
                ("csrf", csrf),
            ];
            app.client.post(app.url("/sign-in")).form(&form).send()
        };

        // A form without the token of its cookie is refused before the password is looked at.
        let r = sign_in("forged".into(), "千葉市の担当者2026")
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 403, "{}", app.backend);
        let page = r.text().await.unwrap();
        assert!(page.contains("画面の有効期限が切れました"));
        let csrf = csrf_of(&page);

        let r = sign_in(csrf, "まちがいのパスワード").await.unwrap();
        assert_eq!(r.status().as_u16(), 401);
        let page = r.text().await.unwrap();
        assert!(page.contains("メールアドレスまたはパスワードが正しくありません"));
        assert!(
            page.contains(r#"value="Officer@City.Chiba.lg.jp""#),
            "the address typed is kept"
        );
        assert!(
            !page.contains("まちがいのパスワード"),
            "the password is never echoed"
        );

        let r = sign_in(csrf_of(&page), "千葉市の担当者2026").await.unwrap();
        assert_eq!(r.status().as_u16(), 303);
        let set_cookies: Vec<String> = r
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        let session = set_cookies
            .iter()
            .find(|c| c.starts_with("renkei_session="))
            .expect("a session cookie");
        assert!(
            session.contains("HttpOnly")
                && session.contains("SameSite=Lax")
                && session.contains("Path=/"),
            "{session}"
        );
        let token = session
            .trim_start_matches("renkei_session=")
            .split(';')
            .next()
            .unwrap()
            .to_owned();
        assert!(app.store.session(&token).await.unwrap().is_some());

        let (_, page) = app.get_text("/sign-in").await;
        assert!(
            page.contains("千葉 花子") && page.contains("サインアウト"),
            "{}",
            app.backend
        );
        let r = app
            .client
            .post(app.url("/sign-out"))
            .form(&[("csrf", "forged")])
            .send()
            .await
            .unwrap();
        assert_eq!(
            r.status().as_u16(),
            400,
            "sign-out needs the session's CSRF token"
        );
        assert!(app.store.session(&token).await.unwrap().is_some());
        let r = app
            .client
            .post(app.url("/sign-out"))
            .form(&[("csrf", csrf_of(&page))])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 303);
        assert_eq!(
            r.headers()["clear-site-data"],
            "\"cache\", \"storage\"",
            "the browser is asked to forget the person's pages"
        );
        assert!(
            app.store.session(&token).await.unwrap().is_none(),
            "the session ends on the server"
        );
        let (_, page) = app.get_text("/sign-in").await;
        assert!(
            page.contains(r#"autocomplete="current-password""#),
            "signed out"
        );
    }
}

#[tokio::test]
async fn the_demo_has_one_account_per_role_in_each_pilot_city() {
    let app = TestApp::each(true).await.remove(0);
    let accounts = renkei_web::demo::load_accounts(&app.store).await.unwrap();
    assert_eq!(
        accounts.len(),
        1 + 6 * 4,
        "an administrator, and six people in each pilot city"
    );
    for (address, _) in &accounts {
        let email = Email::parse(address).unwrap();
        let signed_in = app
            .store
            .check_sign_in(
                &email,
                renkei_web::demo::DEMO_PASSWORD,
                &Actor::anonymous(None, None),
            )
            .await
            .unwrap();
        assert!(signed_in.is_ok(), "{address}");
    }
    for code in renkei_domain::city::PILOT_CITIES {
        let city = CityCode::parse(code).unwrap();
        let roles_of = |kind: &str| {
            let address = format!("{kind}.{code}@demo.renkei.example");
            let app = &app;
            async move { account(app, &address).await.1 }
        };
        assert_eq!(
            roles_of("officer").await,
            [Role::CityStaff {
                city,
                read_only: false
            }]
        );
        assert_eq!(
            roles_of("viewer").await,
            [Role::CityStaff {
                city,
                read_only: true
            }]
        );
        assert_eq!(roles_of("coordinator").await, [Role::Coordinator { city }]);
        let [Role::CompanyUser { company }] = roles_of("company").await[..] else {
            panic!("a company user in {code}");
        };
        let (company, _) = app
            .store
            .company(renkei_store::CompanyId(company))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            company.home_city.to_string(),
            code,
            "the pilot company of {code}"
        );
        let [Role::TargetContact { organization }] = roles_of("target").await[..] else {
            panic!("a target contact in {code}");
        };
        let targets = app.store.sales_targets_of(&city).await.unwrap();
        assert!(targets.iter().any(|t| t.id.0 == organization));
        let [Role::Reviewer { call }] = roles_of("reviewer").await[..] else {
            panic!("a reviewer in {code}");
        };
        assert!(
            app.store
                .calls_of(&city)
                .await
                .unwrap()
                .iter()
                .any(|c| c.id == call)
        );
    }
}
