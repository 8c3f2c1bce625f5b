//! Invitations, password resets, mail, account administration, the audit trail's pages and
//! grants — through the pages, on every database, with hostile input where it matters.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use renkei_domain::access::Role;
use renkei_domain::grant::GrantDraft;
use renkei_domain::identity::Email;
use renkei_store::testing::{count_rows, execute_raw};
use renkei_store::{Actor, SignInError};

use crate::helpers::{
    TEST_PASSWORD, TestApp, account, audit_actions, city, csrf_of, link_in_outbox, location,
    messages_to, staff,
};

/// Signs `client` in with an address and password through the sign-in page; the status.
pub(crate) async fn sign_in(client: &TestApp, address: &str, password: &str) -> u16 {
    let (_, page) = client.get_text("/sign-in").await;
    let form = [
        ("email", address),
        ("password", password),
        ("csrf", &csrf_of(&page)),
    ];
    client
        .client
        .post(client.url("/sign-in"))
        .form(&form)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// Posts a one-time link's form: its token, a password and the password again.
pub(crate) async fn set_password(
    who: &TestApp,
    token: &str,
    password: &str,
    confirm: &str,
) -> reqwest::Response {
    let form = [
        ("token", token),
        ("password", password),
        ("confirm", confirm),
    ];
    who.client
        .post(who.url("/account/link"))
        .form(&form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_officer_invites_a_person_who_sets_a_password_once() {
    for app in TestApp::each(false).await {
        let officer = app.another_node().await;
        officer.sign_in_as(&[staff("121002", false)]).await;
        let admin = app.another_node().await;
        admin.sign_in_admin().await;
        an_invitation_refused_without_csrf_or_with_wrong_input(&app, &officer).await;
        a_person_invited(&app, &officer).await;
        let person = app.another_node().await;
        a_password_set_once(&app, &admin, &person).await;
        let trail = audit_actions(&app, Some("121002"), 50).await;
        assert!(trail.contains(&"user.create".to_owned()), "{trail:?}");
        let all = audit_actions(&app, None, 100).await;
        assert!(
            all.contains(&"user.invitation-accept".to_owned()),
            "{all:?}"
        );
        assert!(all.contains(&"access.csrf-refused".to_owned()), "{all:?}");
    }
}

/// Without the session's CSRF token, with a stale one, or with wrong input: refused, every
/// problem listed, nothing written.
async fn an_invitation_refused_without_csrf_or_with_wrong_input(app: &TestApp, officer: &TestApp) {
    let (status, page) = officer.get_text("/cities/121002/users/invite").await;
    assert_eq!(status, 200);
    assert!(page.contains("招待メールを送る"));

    let users_before = count_rows(&app.store, "users").await;
    let outbox_before = count_rows(&app.store, "outbox").await;
    let good = [
        ("email", "new.person@city.chiba.lg.jp"),
        ("name", "千葉 次郎"),
        ("role", "city-staff"),
    ];
    // Without the session's CSRF token, or with a stale one: refused, nothing written.
    for csrf in [
        "",
        "0000000000000000000000000000000000000000000000000000000000000000",
    ] {
        let mut form = good.to_vec();
        form.push(("csrf", csrf));
        let r = officer
            .post_form("/cities/121002/users/invite", &form)
            .await;
        assert_eq!(r.status().as_u16(), 403, "{}: csrf {csrf:?}", app.backend);
    }
    // Wrong input: every problem listed, nothing written.
    let long = "名".repeat(201);
    for (form, fields) in [
        (
            vec![("email", ""), ("name", ""), ("role", "")],
            vec!["f-email", "f-name", "f-role"],
        ),
        (
            vec![
                ("email", "not-an-address"),
                ("name", long.as_str()),
                ("role", "emperor"),
            ],
            vec!["f-email", "f-name", "f-role"],
        ),
        (
            // An officer cannot make an administrator.
            vec![
                ("email", "x@city.chiba.lg.jp"),
                ("name", "x"),
                ("role", "platform-admin"),
            ],
            vec!["f-city"],
        ),
    ] {
        let r = officer
            .post_form("/cities/121002/users/invite", &form)
            .await;
        assert_eq!(r.status().as_u16(), 422, "{}: {form:?}", app.backend);
        let page = r.text().await.unwrap();
        for f in fields {
            assert!(
                page.contains(&format!("href=\"#{f}\"")),
                "{f} listed: {form:?}"
            );
        }
    }
    assert_eq!(count_rows(&app.store, "users").await, users_before);
    assert_eq!(count_rows(&app.store, "outbox").await, outbox_before);
}

/// Injection strings are data: stored as typed, shown escaped; the same address again (typed
/// differently): refused.
async fn a_person_invited(app: &TestApp, officer: &TestApp) {
    // Injection strings are data: stored as typed, shown escaped.
    let hostile = "<script>alert(1)</script>'; DROP TABLE users;--";
    let r = officer
        .post_form(
            "/cities/121002/users/invite",
            &[
                ("email", "ｎｅｗ．ｐｅｒｓｏｎ＠city.chiba.lg.jp"),
                ("name", hostile),
                ("role", "city-staff"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303, "{}", app.backend);
    let user_page = location(&r);
    assert!(
        user_page.starts_with("/cities/121002/users/"),
        "{user_page}"
    );
    let (_, page) = officer.get_text(&user_page).await;
    assert!(page.contains("alert(1)") && !page.contains("<script>alert"));
    assert!(page.contains("招待中"));
    // The same address again (typed differently): refused.
    let r = officer
        .post_form(
            "/cities/121002/users/invite",
            &[
                ("email", "NEW.person@city.chiba.lg.jp"),
                ("name", "二重"),
                ("role", "coordinator"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("すでにあります"));
}

/// The person follows the link in the message: a password too weak or not confirmed is
/// refused; set, the link is used once.
async fn a_password_set_once(app: &TestApp, admin: &TestApp, person: &TestApp) {
    // The person follows the link in the message.
    let address = "new.person@city.chiba.lg.jp";
    let (good, other) = ("長くて良いパスワード2026", "別のパスワード2026");
    let link = link_in_outbox(admin, address).await;
    let (status, page) = person.get_text(&link).await;
    assert_eq!(status, 200, "{}", app.backend);
    assert!(page.contains("パスワードの設定（招待）"));
    let token = link.rsplit('=').next().unwrap().to_owned();
    for (password, confirm, field) in [
        ("short", "short", "f-password"),
        ("password", "password", "f-password"),
        (good, "違うパスワード", "f-confirm"),
    ] {
        let r = set_password(person, &token, password, confirm).await;
        assert_eq!(r.status().as_u16(), 422, "{password}");
        assert!(
            r.text()
                .await
                .unwrap()
                .contains(&format!("href=\"#{field}\""))
        );
    }
    assert_eq!(sign_in(person, address, good).await, 401);
    let r = set_password(person, &token, good, good).await;
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(location(&r), "/sign-in?done=1");
    // Used once: the link, followed or posted again, is gone and changes nothing.
    let r = set_password(person, &token, other, other).await;
    assert_eq!(r.status().as_u16(), 410);
    assert!(r.text().await.unwrap().contains("すでに使われた"));
    assert_eq!(person.status(&link).await, 410);
    let (status, _) = person.get_text("/account/link?token=zz").await;
    assert_eq!(status, 410, "a malformed token");
    assert_eq!(sign_in(person, address, other).await, 401);
    assert_eq!(sign_in(person, address, good).await, 303);
    let (status, page) = person.get_text("/account").await;
    assert_eq!(status, 200);
    assert!(page.contains("千葉市 職員（更新可）"), "the invited role");
}

#[tokio::test]
async fn password_resets_answer_the_same_expire_and_end_sessions() {
    for app in TestApp::each(false).await {
        let admin = app.another_node().await;
        admin.sign_in_admin().await;
        let holder = app.another_node().await;
        let address = holder.sign_in_as(&[staff("111007", false)]).await;
        let anyone = app.another_node().await;

        let ask = |address: String| {
            let anyone = &anyone;
            async move {
                let (_, page) = anyone.get_text("/password-reset").await;
                let form = [("email", address.as_str()), ("csrf", &csrf_of(&page))];
                let r = anyone
                    .client
                    .post(anyone.url("/password-reset"))
                    .form(&form)
                    .send()
                    .await
                    .unwrap();
                (r.status().as_u16(), r.text().await.unwrap())
            }
        };
        let requests = || async {
            let trail = audit_actions(&app, None, 1000).await;
            trail
                .iter()
                .filter(|a| *a == "user.password-reset-request")
                .count()
        };
        let unknown = ask("nobody@city.saitama.lg.jp".into()).await;
        assert_eq!(
            requests().await,
            1,
            "an address with no account is recorded as a registered one is"
        );
        let known = ask(address.clone()).await;
        assert_eq!(requests().await, 2);
        assert_eq!((unknown.0, known.0), (200, 200), "{}", app.backend);
        let said = |page: &str| page.contains("登録されている場合は");
        assert!(
            said(&unknown.1) && said(&known.1),
            "the same answer either way"
        );
        assert_eq!(messages_to(&admin, &address).await, 1);
        assert_eq!(messages_to(&admin, "nobody@city.saitama.lg.jp").await, 0);
        // Without the form's CSRF cookie: refused, nothing sent.
        let r = anyone
            .client
            .post(anyone.url("/password-reset"))
            .form(&[("email", address.as_str()), ("csrf", "forged")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 403);
        assert_eq!(messages_to(&admin, &address).await, 1);

        // An expired link is refused with the reason.
        let first = link_in_outbox(&admin, &address).await;
        execute_raw(
            &app.store,
            "UPDATE one_time_links SET expires_at = created_at",
        )
        .await
        .unwrap();
        let (status, page) = anyone.get_text(&first).await;
        assert_eq!(status, 410);
        assert!(page.contains("有効期限"), "{page}");

        // A new request replaces it; using it sets the password and ends every session.
        ask(address.clone()).await;
        let second = link_in_outbox(&admin, &address).await;
        assert_ne!(first, second);
        assert_eq!(holder.status("/account").await, 200, "signed in before");
        let token = second.rsplit('=').next().unwrap();
        let r = set_password(
            &anyone,
            token,
            "再設定したパスワード",
            "再設定したパスワード",
        )
        .await;
        assert_eq!(r.status().as_u16(), 303, "{}", app.backend);
        let r = holder.get("/account").await;
        assert_eq!(
            (r.status().as_u16(), location(&r)),
            (303, "/sign-in".into()),
            "the old session ended"
        );
        assert_eq!(sign_in(&anyone, &address, TEST_PASSWORD).await, 401);
        assert_eq!(
            sign_in(&anyone, &address, "再設定したパスワード").await,
            303
        );

        // A reset lifts the lock someone else's guesses put on the address.
        let guesser = app.another_node().await;
        for _ in 0..5 {
            sign_in(&guesser, &address, "誰かの当てずっぽう").await;
        }
        assert_eq!(
            sign_in(&guesser, &address, "再設定したパスワード").await,
            429,
            "locked by the guesses"
        );
        ask(address.clone()).await;
        let third = link_in_outbox(&admin, &address).await;
        let token = third.rsplit('=').next().unwrap();
        let r = set_password(
            &anyone,
            token,
            "もう一度決めたパスワード",
            "もう一度決めたパスワード",
        )
        .await;
        assert_eq!(r.status().as_u16(), 303);
        assert_eq!(
            sign_in(&guesser, &address, "もう一度決めたパスワード").await,
            303,
            "{}: the new password signs in at once",
            app.backend
        );

        // At most three messages an hour to one address, whatever is asked.
        ask(address.clone()).await;
        assert_eq!(messages_to(&admin, &address).await, 3);
    }
}

#[tokio::test]
async fn unknown_addresses_lock_like_known_ones_and_busy_clients_are_throttled() {
    for app in TestApp::each(false).await {
        let address = app.make_account(&[staff("431001", false)]).await;
        let email = Email::parse(&address).unwrap();
        let here = Actor::anonymous(Some("198.51.100.1".into()), None);
        let nobody = Email::parse("nobody@city.kumamoto.lg.jp").unwrap();
        let mut answers = Vec::new();
        for _ in 0..6 {
            answers.push(
                app.store
                    .check_sign_in(&nobody, "wrong-password", &here)
                    .await
                    .unwrap()
                    .err(),
            );
        }
        use SignInError::*;
        assert_eq!(
            answers,
            [
                Some(WrongCredentials),
                Some(WrongCredentials),
                Some(WrongCredentials),
                Some(WrongCredentials),
                Some(Locked),
                Some(Locked)
            ],
            "{}: an address nobody holds locks like any other",
            app.backend
        );
        // Guesses fired at once, from many clients and several connections, are counted
        // before they are checked: together they get no more than the limit.
        let target = app.make_account(&[staff("431001", true)]).await;
        let target = Email::parse(&target).unwrap();
        let mut tasks = Vec::new();
        for i in 0..20 {
            let (store, target) = (app.store.clone(), target.clone());
            tasks.push(tokio::spawn(async move {
                let from = Actor::anonymous(Some(format!("192.0.2.{i}")), None);
                store
                    .check_sign_in(&target, "wrong-password", &from)
                    .await
                    .unwrap()
                    .err()
            }));
        }
        let mut checked = 0;
        for t in tasks {
            if t.await.unwrap() == Some(WrongCredentials) {
                checked += 1;
            }
        }
        // Then one at a time until locked: the burst and these together had at most four
        // wrong passwords checked before the fifth locked the address.
        loop {
            let answer = app
                .store
                .check_sign_in(&target, "wrong-password", &here)
                .await
                .unwrap()
                .err();
            if answer == Some(WrongCredentials) {
                checked += 1;
                assert!(checked < 5, "{}: {checked} passwords checked", app.backend);
            } else {
                assert_eq!(answer, Some(Locked));
                break;
            }
        }
        let r = app
            .store
            .check_sign_in(&target, TEST_PASSWORD, &here)
            .await
            .unwrap();
        assert_eq!(
            r.err(),
            Some(Locked),
            "locked, even with the right password"
        );

        // Guessing across many addresses from one client address stops that client only.
        let busy = Actor::anonymous(Some("203.0.113.7".into()), None);
        for i in 0..30 {
            let e = Email::parse(&format!("guess{i}@example.jp")).unwrap();
            let r = app
                .store
                .check_sign_in(&e, "wrong-password", &busy)
                .await
                .unwrap();
            assert_eq!(r.err(), Some(WrongCredentials), "guess {i}");
        }
        let r = app
            .store
            .check_sign_in(&email, TEST_PASSWORD, &busy)
            .await
            .unwrap();
        assert_eq!(r.err(), Some(Throttled), "{}", app.backend);
        let r = app
            .store
            .check_sign_in(&email, TEST_PASSWORD, &here)
            .await
            .unwrap();
        assert!(r.is_ok(), "another client still signs in");
        let trail: Vec<String> = app
            .store
            .audit_log(None, 200)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.action)
            .collect();
        for action in [
            "session.sign-in",
            "session.sign-in-failure",
            "session.sign-in-locked",
            "session.sign-in-throttled",
        ] {
            assert!(trail.iter().any(|a| a == action), "{action} recorded");
        }
    }
}

#[tokio::test]
async fn mail_goes_out_through_smtp_with_its_japanese_intact() {
    let python = std::env::var("RENKEI_TEST_PYTHON").unwrap_or_else(|_| "/usr/bin/python3".into());
    for app in TestApp::each(false).await {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir =
            std::env::temp_dir().join(format!("renkei-smtp-{}", uuid::Uuid::new_v4().simple()));
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/http/smtp_sink.py");
        let mut sink = Command::new(&python)
            .args([script, &port.to_string(), dir.to_str().unwrap()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 for the SMTP sink");
        let mut ready = String::new();
        BufReader::new(sink.stdout.take().unwrap())
            .read_line(&mut ready)
            .unwrap();
        assert_eq!(
            ready.trim(),
            "ready",
            "the SMTP sink needs Debian's python3-aiosmtpd (scripts/test installs it)"
        );

        let node = app
            .node_with_smtp(&format!("smtp://127.0.0.1:{port}"))
            .await;
        node.sign_in_admin().await;
        let r = node
            .post_form(
                "/admin/users/invite",
                &[
                    ("email", "tanaka@city.kumamoto.lg.jp"),
                    ("name", "田中 じょう子"),
                    ("role", "coordinator"),
                    ("city", "431001"),
                ],
            )
            .await;
        assert_eq!(r.status().as_u16(), 303, "{}", app.backend);

        let file = dir.join("1.json");
        for _ in 0..200 {
            if file.exists() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let got: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(&file).expect("the message reached the SMTP sink"),
        )
        .unwrap();
        assert_eq!(got["to"], serde_json::json!(["tanaka@city.kumamoto.lg.jp"]));
        assert_eq!(
            got["subject"],
            "【Renkei】アカウントへの招待 / Invitation to Renkei"
        );
        let raw = got["raw_subject"].as_str().unwrap().to_ascii_lowercase();
        assert!(raw.contains("=?utf-8?"), "an RFC 2047 encoded word: {raw}");
        assert_eq!(got["charset"], "utf-8");
        let body = got["body"].as_str().unwrap();
        assert!(
            body.contains("田中 じょう子 様") && body.contains("/account/link?token="),
            "{body}"
        );
        let mut sent = false;
        for _ in 0..100 {
            if node.get_text("/admin/outbox").await.1.contains("送信済み") {
                sent = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(sent, "the outbox shows the message as sent");
        drop(sink.stdin.take());
        let _ = sink.wait();
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[tokio::test]
async fn officers_administer_their_own_citys_accounts_only() {
    for app in TestApp::each(false).await {
        let officer = app.another_node().await;
        let officer_address = officer.sign_in_as(&[staff("121002", false)]).await;
        let colleague = app.another_node().await;
        let colleague_address = colleague.sign_in_as(&[staff("121002", false)]).await;
        let shared = app
            .make_account(&[
                Role::Coordinator {
                    city: city("121002"),
                },
                staff("341002", false),
            ])
            .await;
        let foreign = app.make_account(&[staff("341002", false)]).await;
        let (colleague_id, shared_id, foreign_id) = (
            account(&app, &colleague_address).await.0.id,
            account(&app, &shared).await.0.id,
            account(&app, &foreign).await.0.id,
        );

        let (status, page) = officer.get_text("/cities/121002/users").await;
        assert_eq!(status, 200, "{}", app.backend);
        assert!(
            page.contains(&colleague_address) && page.contains(&shared) && !page.contains(&foreign)
        );
        assert_eq!(officer.status("/cities/341002/users").await, 404);
        assert_eq!(
            officer
                .status(&format!("/cities/121002/users/{foreign_id}"))
                .await,
            404,
            "another city's account, guessed by id"
        );
        assert_eq!(officer.status("/admin/users").await, 403);

        // A role change takes effect at the person's next request.
        let r = officer
            .post_form(
                &format!("/cities/121002/users/{colleague_id}/role"),
                &[("role", "city-staff-read-only")],
            )
            .await;
        assert_eq!(r.status().as_u16(), 303);
        assert_eq!(
            app.store.user(colleague_id).await.unwrap().unwrap().1,
            vec![staff("121002", true)]
        );
        assert_eq!(
            colleague.status("/cities/121002/users/invite").await,
            403,
            "now read-only"
        );
        let r = colleague
            .post_form(
                &format!("/cities/121002/users/{shared_id}/role"),
                &[("role", "none")],
            )
            .await;
        assert_eq!(r.status().as_u16(), 403);

        // An account that also works for another city is not the officer's to deactivate.
        let r = officer
            .post_form(&format!("/cities/121002/users/{shared_id}/deactivate"), &[])
            .await;
        assert_eq!(r.status().as_u16(), 400);
        assert!(app.store.user(shared_id).await.unwrap().unwrap().0.active);
        // Deactivation ends the person's session at once.
        assert_eq!(colleague.status("/account").await, 200);
        let r = officer
            .post_form(
                &format!("/cities/121002/users/{colleague_id}/deactivate"),
                &[],
            )
            .await;
        assert_eq!(r.status().as_u16(), 303);
        let r = colleague.get("/account").await;
        assert_eq!(
            (r.status().as_u16(), location(&r)),
            (303, "/sign-in".into())
        );
        assert_eq!(
            sign_in(&colleague, &colleague_address, TEST_PASSWORD).await,
            401
        );

        // The city's audit trail, on the page and as CSV; not another city's, not all of it.
        let (status, page) = officer.get_text("/cities/121002/audit?action=user.").await;
        assert_eq!(status, 200);
        assert!(page.contains("user.roles") && page.contains("user.deactivate"));
        assert!(
            !page.contains(&foreign),
            "another city's account creation is not in this city's part"
        );
        assert_eq!(officer.status("/cities/341002/audit").await, 404);
        assert_eq!(officer.status("/audit").await, 403);
        let (status, _) = officer
            .get_text("/cities/121002/audit?from=yesterday")
            .await;
        assert_eq!(status, 422, "a date that is not one");
        let r = officer.get("/cities/121002/audit.csv?action=user.").await;
        assert_eq!(r.status().as_u16(), 200);
        assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
        let csv = r.text().await.unwrap();
        assert!(csv.starts_with('\u{feff}'), "a BOM, so Excel reads UTF-8");
        assert!(
            csv.contains("\"user.roles\"")
                && csv.contains("\"user.deactivate\"")
                && !csv.contains(&foreign)
        );
        assert_eq!(
            csv.lines().next().unwrap().matches(',').count(),
            9,
            "ten columns"
        );
        let r = officer.get("/cities/121002/audit.xlsx?action=user.").await;
        let xlsx = renkei_io::read(&r.bytes().await.unwrap()).unwrap();
        assert_eq!(xlsx.headers.len(), 10);
        assert!(
            xlsx.rows
                .iter()
                .any(|row| row.cells.contains(&"user.deactivate".to_owned()))
        );

        // Refusals are in the trail too, with who asked.
        let admin = app.another_node().await;
        admin.sign_in_admin().await;
        let (_, page) = admin.get_text("/audit?action=access.denied").await;
        assert!(page.contains(&officer_address), "{}", app.backend);
        let (status, page) = admin.get_text("/admin/users").await;
        assert_eq!(status, 200);
        assert!(page.contains(&foreign) && page.contains(&officer_address));
    }
}

#[tokio::test]
async fn grants_share_a_record_with_one_city_until_revoked() {
    for app in TestApp::each(false).await {
        let chiba = app.another_node().await;
        chiba.sign_in_as(&[staff("121002", false)]).await;
        let hiroshima = app.another_node().await;
        hiroshima.sign_in_as(&[staff("341002", false)]).await;
        let draft = GrantDraft {
            object_type: "referral",
            object_id: "1".into(),
            owner: city("121002"),
            grantee: city("341002"),
            purpose: "販路開拓先の紹介のため、紹介資料を共有する".into(),
            valid_until: None,
        };
        let grant = app
            .store
            .grant(
                draft.clone().validate(chrono::Utc::now()).unwrap(),
                &Actor::system("test"),
            )
            .await
            .unwrap();
        assert_eq!(
            app.store.shared_with("referral", "1").await.unwrap(),
            vec![city("341002")]
        );
        let (status, page) = hiroshima.get_text("/cities/341002/grants").await;
        assert_eq!(status, 200, "{}", app.backend);
        assert!(
            page.contains("受領")
                && page.contains("販路開拓先の紹介のため")
                && !page.contains("取り消す")
        );
        let (_, page) = chiba.get_text("/cities/121002/grants").await;
        assert!(page.contains("付与") && page.contains("取り消す"));
        assert_eq!(hiroshima.status("/cities/121002/grants").await, 404);

        let revoke = format!("/cities/341002/grants/{}/revoke", grant.id);
        let r = hiroshima
            .post_form(&revoke, &[("reason", "受け取った側からの取り消し")])
            .await;
        assert_eq!(r.status().as_u16(), 404, "only the granting city revokes");
        let revoke = format!("/cities/121002/grants/{}/revoke", grant.id);
        let r = chiba.post_form(&revoke, &[("reason", "  ")]).await;
        assert_eq!(r.status().as_u16(), 422, "a reason is needed");
        assert_eq!(
            app.store.shared_with("referral", "1").await.unwrap().len(),
            1
        );
        let r = chiba
            .post_form(&revoke, &[("reason", "紹介を取り下げたため")])
            .await;
        assert_eq!(r.status().as_u16(), 303);
        assert!(
            app.store
                .shared_with("referral", "1")
                .await
                .unwrap()
                .is_empty(),
            "revoked at once"
        );

        // A grant past its end shares nothing.
        let until = GrantDraft {
            object_id: "2".into(),
            valid_until: Some(chrono::Utc::now() + chrono::Duration::days(30)),
            ..draft
        };
        app.store
            .grant(
                until.validate(chrono::Utc::now()).unwrap(),
                &Actor::system("test"),
            )
            .await
            .unwrap();
        assert_eq!(
            app.store.shared_with("referral", "2").await.unwrap().len(),
            1
        );
        execute_raw(&app.store, "UPDATE grants SET valid_until = created_at")
            .await
            .unwrap();
        assert!(
            app.store
                .shared_with("referral", "2")
                .await
                .unwrap()
                .is_empty()
        );

        let trail: Vec<String> = app
            .store
            .audit_log(Some(&city("121002")), 50)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.action)
            .collect();
        assert!(
            trail.contains(&"grant.create".into()) && trail.contains(&"grant.revoke".into()),
            "{trail:?}"
        );
        assert!(
            execute_raw(&app.store, "DELETE FROM audit_log")
                .await
                .is_err(),
            "append-only"
        );
    }
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_forwarded_client_is_throttled_and_recorded() {
    for app in TestApp::each(false).await {
        let behind = app
            .node_with(|c| c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()])
            .await;
        let direct = app.another_node().await;
        for (node, forwarded, recorded) in [
            (&behind, "198.51.100.77", "198.51.100.77"),
            (&direct, "198.51.100.88", "127.0.0.1"),
        ] {
            let (_, page) = node.get_text("/sign-in").await;
            let form = [
                ("email", "someone@example.jp"),
                ("password", "wrong-password"),
                ("csrf", &csrf_of(&page)),
            ];
            let r = node
                .client
                .post(node.url("/sign-in"))
                .header("x-forwarded-for", forwarded)
                .form(&form)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status().as_u16(), 401);
            let line = app.store.audit_log(None, 1).await.unwrap().remove(0);
            assert_eq!(line.action, "session.sign-in-failure");
            assert_eq!(
                line.client_address.as_deref(),
                Some(recorded),
                "{}: {forwarded}",
                app.backend
            );
        }
    }
}

#[tokio::test]
async fn cookies_are_secure_when_served_over_tls_and_password_fields_are_masked() {
    for app in TestApp::each(false).await {
        let behind_tls = app.node_with(|c| c.secure_cookies = true).await;
        for (node, secure) in [(&behind_tls, true), (&app, false)] {
            let r = node.get("/sign-in").await;
            let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
            assert!(
                cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
                "{cookie}"
            );
            assert_eq!(cookie.contains("; Secure"), secure, "{cookie}");
            let page = r.text().await.unwrap();
            assert!(
                page.contains(r#"type="password" id="f-password""#),
                "masked"
            );
        }
    }
}
