//! The second factor in the store, on every database: a code (a time step) and a recovery
//! code are each taken once, even by two nodes at the same moment; the secret is in no audit
//! line; a city's requirement applies to its staff until they enrol. SQLite always;
//! PostgreSQL too when `RENKEI_TEST_POSTGRES` is set.

use std::time::{SystemTime, UNIX_EPOCH};

use renkei_domain::access::Role;
use renkei_domain::city::CityCode;
use renkei_domain::identity::Email;
use renkei_domain::second_factor::{Answer, parse_answer};
use renkei_store::testing::test_databases;
use renkei_store::{Actor, Store};

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

#[tokio::test]
async fn codes_are_taken_once_by_racing_nodes_and_the_secret_stays_out_of_the_trail() {
    for db in test_databases().await {
        let one = Store::connect(&db.url, 4).await.expect("connect");
        one.migrate().await.expect("migrate");
        let two = Store::connect(&db.url, 4).await.expect("connect");
        let chiba = CityCode::parse("121002").unwrap();
        let actor = Actor::system("test");
        let email = Email::parse("second-factor@city.chiba.lg.jp").unwrap();
        let roles = [Role::CityStaff {
            city: chiba,
            read_only: false,
        }];
        let user = one
            .create_user(&email, "千葉 太郎", None, &roles, &actor)
            .await
            .unwrap();

        // A requiring city's staff must enrol, until they have.
        assert!(!one.second_factor_due(user.id, &roles).await.unwrap());
        one.set_city_second_factor(&chiba, true, &actor)
            .await
            .unwrap();
        assert!(
            one.second_factor_due(user.id, &roles).await.unwrap(),
            "{}",
            db.backend
        );

        assert!(one.start_enrolment(user.id, &actor).await.unwrap());
        let secret = one.enrolment_secret(user.id).await.unwrap().unwrap();
        let code = secret.code_at(now());
        let codes = one
            .confirm_enrolment(user.id, &code, &actor)
            .await
            .unwrap()
            .expect("confirmed");
        assert_eq!(codes.len(), 10);
        assert!(!one.second_factor_due(user.id, &roles).await.unwrap());
        assert!(one.enrolment_secret(user.id).await.unwrap().is_none());
        assert!(
            !one.start_enrolment(user.id, &actor).await.unwrap(),
            "on already"
        );

        // The next step's code, raced by two nodes: one takes it.
        let next = Answer::Totp(secret.code_at(now() + 30));
        let (a, b) = tokio::join!(
            one.check_second_factor(user.id, &next),
            two.check_second_factor(user.id, &next)
        );
        assert_eq!(
            [a.unwrap(), b.unwrap()].iter().filter(|t| **t).count(),
            1,
            "{}",
            db.backend
        );
        // A recovery code, raced: one takes it.
        let recovery = parse_answer(&codes[0]).unwrap();
        let (a, b) = tokio::join!(
            one.check_second_factor(user.id, &recovery),
            two.check_second_factor(user.id, &recovery)
        );
        assert_eq!([a.unwrap(), b.unwrap()].iter().filter(|t| **t).count(), 1);
        let status = one.second_factor(user.id).await.unwrap().unwrap();
        assert_eq!(status.recovery_left, 9);

        // The trail says what happened, never the secret.
        let lines = one.audit_log(None, 100).await.unwrap();
        let text = format!("{lines:?}");
        assert!(text.contains("second-factor.enrol"));
        assert!(text.contains("city-security.update"));
        assert!(!text.contains(&secret.to_base32()), "{}", db.backend);

        assert!(one.remove_second_factor(user.id, &actor).await.unwrap());
        assert!(one.second_factor(user.id).await.unwrap().is_none());
        assert!(one.second_factor_due(user.id, &roles).await.unwrap());
    }
}
