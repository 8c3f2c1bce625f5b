//! Accounts in the store, on every database: roles kept with their scopes, one account per
//! address however it is typed, and the audit trail without password hashes.

use renkei_domain::access::Role;
use renkei_domain::city::CityCode;
use renkei_domain::identity::{Email, NewPassword};
use renkei_store::{Actor, StoreError};

use crate::helpers::TestApp;

#[tokio::test]
async fn accounts_keep_their_roles_and_their_secrets() {
    for app in TestApp::each(false).await {
        let chiba = CityCode::parse("121002").unwrap();
        let email = Email::parse("Officer@City.Chiba.LG.JP").unwrap();
        let hash = NewPassword::parse("千葉市の担当者2026", &email)
            .unwrap()
            .hash();
        let roles = [
            Role::CityStaff {
                city: chiba,
                read_only: false,
            },
            Role::Coordinator { city: chiba },
        ];
        let actor = Actor::system("test");
        let user = app
            .store
            .create_user(&email, "千葉 花子", Some(hash), &roles, &actor)
            .await
            .unwrap();

        let (found, found_roles) = app
            .store
            .user_by_email(&Email::parse("ｏｆｆｉｃｅｒ＠city.chiba.lg.jp").unwrap())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(found.id, user.id, "{}", app.backend);
        assert_eq!(found_roles, roles);
        assert!(renkei_domain::identity::verify_password(
            "千葉市の担当者2026",
            found.password_hash.as_deref().unwrap()
        ));

        let again = app
            .store
            .create_user(&email, "別人", None, &[], &actor)
            .await;
        assert!(
            matches!(again, Err(StoreError::Duplicate("email"))),
            "{}: {again:?}",
            app.backend
        );
        assert_eq!(
            app.store.users().await.unwrap().len(),
            1,
            "nothing of the refused account was written"
        );

        let trail = app.store.audit_log(Some(&chiba), 10).await.unwrap();
        assert_eq!(trail.len(), 1);
        assert_eq!(trail[0].action, "user.create");
        let after = trail[0].after.as_deref().unwrap();
        assert!(
            after.contains("officer@city.chiba.lg.jp") && !after.contains("argon2"),
            "{after}"
        );
    }
}

#[tokio::test]
async fn sign_in_is_throttled_and_sessions_live_in_the_database() {
    use renkei_store::SignInError::{Locked, WrongCredentials};
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

        assert_eq!(
            app.store
                .check_sign_in(&email, password)
                .await
                .unwrap()
                .map(|u| u.id),
            Ok(user.id)
        );
        let unknown = Email::parse("nobody@council.example.jp").unwrap();
        assert_eq!(
            app.store
                .check_sign_in(&unknown, password)
                .await
                .unwrap()
                .map(|u| u.id),
            Err(WrongCredentials)
        );
        for _ in 0..4 {
            assert_eq!(
                app.store
                    .check_sign_in(&email, "違うパスワード")
                    .await
                    .unwrap()
                    .map(|u| u.id),
                Err(WrongCredentials)
            );
        }
        assert_eq!(
            app.store
                .check_sign_in(&email, "違うパスワード")
                .await
                .unwrap()
                .map(|u| u.id),
            Err(Locked),
            "{}: the fifth failure locks",
            app.backend
        );
        assert_eq!(
            app.store
                .check_sign_in(&email, password)
                .await
                .unwrap()
                .map(|u| u.id),
            Err(Locked),
            "locked even with the right password"
        );

        // Sessions: any node finds them, and ending one ends it everywhere.
        let other_node = app.another_node().await;
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
        other_node.store.end_session(&s.token).await.unwrap();
        assert!(
            app.store.session(&s.token).await.unwrap().is_none(),
            "{}: signed out everywhere",
            app.backend
        );
        assert_eq!(app.store.end_sessions_of(user.id).await.unwrap(), 1);
        assert!(app.store.session(&second.token).await.unwrap().is_none());
    }
}
