//! The people of a company and of a sales-channel target, through the pages on every
//! database: an officer invites a company's manager, who sets a password from the mailed link
//! and invites a colleague; a plain company user may not; an existing account is given the
//! role rather than a second account; a person is removed; a target's contact is invited from
//! the target's page; another city's officer learns nothing.

use renkei_domain::access::Role;
use renkei_domain::target::TargetDraft;
use renkei_store::Actor;

use crate::helpers::{
    TEST_PASSWORD, TestApp, account, audit_actions, city, csrf_of, link_in_outbox, location,
    messages_to, staff,
};
use crate::identity::{set_password, sign_in};

/// Posts the invitation form of `people` (a people page) as `who`, with the page's token.
async fn invite(who: &TestApp, people: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let (status, page) = who.get_text(people).await;
    assert_eq!(status, 200, "{people}");
    let csrf = csrf_of(&page);
    let mut form = fields.to_vec();
    form.push(("csrf", &csrf));
    who.client
        .post(who.url(&format!("{people}/invite")))
        .form(&form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_officer_invites_a_manager_who_invites_a_colleague() {
    for app in TestApp::each(false).await {
        let (company, _) =
            renkei_app::testing::eligible_product(&app.store, "見守りセンサー").await;
        let people = format!("/companies/{company}/people");
        let officer = app.another_node().await;
        officer.sign_in_as(&[staff("121002", false)]).await;
        let admin = app.another_node().await;
        admin.sign_in_admin().await;
        let (_, page) = officer.get_text(&format!("/companies/{company}")).await;
        assert!(
            page.contains(&people),
            "the company's page links to its people"
        );

        // Wrong input: the form again with both fields named, nothing made, nothing mailed.
        let r = invite(
            &officer,
            &people,
            &[("email", "not-an-address"), ("name", " ")],
        )
        .await;
        assert_eq!(r.status().as_u16(), 422, "{}", app.backend);
        let page = r.text().await.unwrap();
        assert!(page.contains(r#"id="e-email""#) && page.contains(r#"id="e-name""#));
        assert!(page.contains("氏名を入力してください。"), "{page}");

        let manager = format!("manager-{company}@example.co.jp");
        let fields = [
            ("email", manager.as_str()),
            ("name", "佐藤 花子"),
            ("manager", "1"),
        ];
        let r = invite(&officer, &people, &fields).await;
        assert_eq!(r.status().as_u16(), 303);
        assert_eq!(location(&r), format!("{people}?done=invited"));
        let (_, roles) = account(&app, &manager).await;
        assert_eq!(
            roles,
            [
                Role::CompanyUser { company },
                Role::CompanyManager { company }
            ]
        );

        // The manager sets a password from the mailed link and signs in.
        let link = link_in_outbox(&admin, &manager).await;
        let token = link.trim_start_matches("/account/link?token=");
        let person = app.another_node().await;
        let r = set_password(&person, token, TEST_PASSWORD, TEST_PASSWORD).await;
        assert_eq!(r.status().as_u16(), 303);
        assert_eq!(sign_in(&person, &manager, TEST_PASSWORD).await, 303);
        assert_eq!(person.status(&format!("/companies/{company}")).await, 200);

        // … and invites a colleague, who is not a manager.
        let colleague = format!("colleague-{company}@example.co.jp");
        let fields = [("email", colleague.as_str()), ("name", "鈴木 一郎")];
        let r = invite(&person, &people, &fields).await;
        assert_eq!(r.status().as_u16(), 303);
        let (colleague_account, roles) = account(&app, &colleague).await;
        assert_eq!(roles, [Role::CompanyUser { company }]);
        assert_eq!(messages_to(&admin, &colleague).await, 1);

        // A plain company user reads the people and may not invite.
        let plain = app.another_node().await;
        plain.sign_in_as(&[Role::CompanyUser { company }]).await;
        let (status, page) = plain.get_text(&people).await;
        assert_eq!(status, 200);
        assert!(page.contains("鈴木 一郎") && !page.contains("/invite"));
        let r = plain.post_form(&format!("{people}/invite"), &fields).await;
        assert_eq!(r.status().as_u16(), 403);

        // Another city's officer learns nothing.
        let stranger = app.another_node().await;
        stranger.sign_in_as(&[staff("341002", false)]).await;
        assert_eq!(stranger.status(&people).await, 404);

        // The officer removes the colleague: the account stays, without the role.
        let remove = format!("{people}/{}/remove", colleague_account.id);
        let r = officer.post_form(&remove, &[]).await;
        assert_eq!(r.status().as_u16(), 303);
        let (_, roles) = account(&app, &colleague).await;
        assert!(roles.is_empty(), "{roles:?}");
        assert_eq!(officer.post_form(&remove, &[]).await.status().as_u16(), 404);

        let trail = audit_actions(&app, None, 100).await;
        for action in ["user.create", "user.invitation-accept", "user.roles.remove"] {
            assert!(trail.contains(&action.to_owned()), "{action}: {trail:?}");
        }
    }
}

#[tokio::test]
async fn an_existing_account_is_given_the_role_and_told() {
    for app in TestApp::each(false).await {
        let (company, _) = renkei_app::testing::eligible_product(&app.store, "歩行アシスト").await;
        let people = format!("/companies/{company}/people");
        let officer = app.another_node().await;
        officer.sign_in_as(&[staff("121002", false)]).await;
        let admin = app.another_node().await;
        admin.sign_in_admin().await;
        let existing = app
            .make_account(&[Role::TargetContact { organization: 1 }])
            .await;
        let fields = [("email", existing.as_str()), ("name", "別名")];
        let r = invite(&officer, &people, &fields).await;
        assert_eq!(
            location(&r),
            format!("{people}?done=added"),
            "{}",
            app.backend
        );
        let (user, roles) = account(&app, &existing).await;
        assert_eq!(
            roles,
            [
                Role::TargetContact { organization: 1 },
                Role::CompanyUser { company }
            ]
        );
        assert_eq!(user.display_name, "テスト利用者", "the name stays");
        assert_eq!(messages_to(&admin, &existing).await, 1);
        // Once more: nothing changes, nothing is mailed.
        let r = invite(&officer, &people, &fields).await;
        assert_eq!(location(&r), format!("{people}?done=held"));
        assert_eq!(messages_to(&admin, &existing).await, 1);
        let trail = audit_actions(&app, None, 20).await;
        assert!(trail.contains(&"user.roles.add".to_owned()), "{trail:?}");
    }
}

#[tokio::test]
async fn an_officer_invites_a_target_contact_from_the_target_page() {
    for app in TestApp::each(false).await {
        let draft = TargetDraft {
            kind: "hospital".into(),
            name: "千葉中央病院".into(),
            ..Default::default()
        };
        let target = app
            .store
            .create_sales_target(
                &city("121002"),
                &draft.validate().unwrap(),
                &Actor::system("test"),
            )
            .await
            .unwrap();
        let people = format!("/sales-targets/{}/people", target.id);
        let officer = app.another_node().await;
        officer.sign_in_as(&[staff("121002", false)]).await;
        let (_, page) = officer
            .get_text(&format!("/sales-targets/{}", target.id))
            .await;
        assert!(
            page.contains(&people),
            "the target's page links to its contacts"
        );
        let contact = format!("contact-{}@hospital.example.jp", target.id);
        let fields = [("email", contact.as_str()), ("name", "地域連携室 田中")];
        let r = invite(&officer, &people, &fields).await;
        assert_eq!(r.status().as_u16(), 303, "{}", app.backend);
        let (_, roles) = account(&app, &contact).await;
        assert_eq!(
            roles,
            [Role::TargetContact {
                organization: target.id.0
            }]
        );
        // A read-only officer sees the contacts and may not invite.
        let reader = app.another_node().await;
        reader.sign_in_as(&[staff("121002", true)]).await;
        let (status, page) = reader.get_text(&people).await;
        assert_eq!(status, 200);
        assert!(page.contains("地域連携室 田中") && !page.contains("/invite"));
        let r = reader.post_form(&format!("{people}/invite"), &fields).await;
        assert_eq!(r.status().as_u16(), 403);
        let stranger = app.another_node().await;
        stranger.sign_in_as(&[staff("341002", false)]).await;
        assert_eq!(stranger.status(&people).await, 404);
    }
}

#[tokio::test]
async fn an_administrator_invites_reviewers_of_a_call_from_any_city() {
    for app in TestApp::each(false).await {
        let call = app
            .store
            .create_call(
                &city("121002"),
                "certification.business-plan-award",
                "千葉市ビジネスプランコンテスト",
                &Actor::system("test"),
            )
            .await
            .unwrap();
        let admin = app.another_node().await;
        admin.sign_in_admin().await;
        let (_, page) = admin.get_text("/admin/users/invite").await;
        assert!(
            page.contains("千葉市：千葉市ビジネスプランコンテスト"),
            "{page}"
        );

        // Without a call: the form again, the call named.
        let fields = [
            ("email", "shinsa@univ.example.ac.jp"),
            ("name", "審査 太郎"),
            ("role", "reviewer"),
        ];
        let r = admin.post_form("/admin/users/invite", &fields).await;
        assert_eq!(r.status().as_u16(), 422, "{}", app.backend);
        assert!(r.text().await.unwrap().contains(r#"id="e-call""#));

        // A new person, and an officer of another city who already has an account.
        let id = call.id.to_string();
        let officer = app.make_account(&[staff("341002", false)]).await;
        for address in ["shinsa@univ.example.ac.jp", officer.as_str()] {
            let mut form = vec![
                ("email", address),
                ("name", "審査 太郎"),
                ("role", "reviewer"),
            ];
            form.push(("call", &id));
            let r = admin.post_form("/admin/users/invite", &form).await;
            assert_eq!(r.status().as_u16(), 303, "{address}");
            assert_eq!(messages_to(&admin, address).await, 1, "{address}");
        }
        let (_, roles) = account(&app, "shinsa@univ.example.ac.jp").await;
        assert_eq!(roles, [Role::Reviewer { call: call.id }]);
        let (_, roles) = account(&app, &officer).await;
        assert_eq!(
            roles,
            [staff("341002", false), Role::Reviewer { call: call.id }]
        );
    }
}
