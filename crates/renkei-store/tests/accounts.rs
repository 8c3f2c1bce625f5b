//! Accounts in the store, on every database: roles kept with their scopes, one account per
//! address however it is typed, and the audit trail without password hashes. SQLite always;
//! PostgreSQL too when `RENKEI_TEST_POSTGRES` is set.

use renkei_domain::access::Role;
use renkei_domain::city::CityCode;
use renkei_domain::identity::{Email, NewPassword};
use renkei_store::testing::{TestDatabase, test_databases};
use renkei_store::{Actor, Store, StoreError};

/// A migrated store on one test database, named by its backend.
struct Open {
    store: Store,
    backend: &'static str,
}

impl Open {
    async fn new(db: &TestDatabase) -> Open {
        let store = Store::connect(&db.url, 4).await.expect("connect");
        store.migrate().await.expect("migrate");
        Open {
            store,
            backend: db.backend,
        }
    }
}

#[tokio::test]
async fn accounts_keep_their_roles_and_their_secrets() {
    for db in test_databases().await {
        let app = Open::new(&db).await;
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
