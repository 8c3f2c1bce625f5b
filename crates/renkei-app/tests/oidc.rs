//! The store's side of sign-in through OpenID Connect, on real databases: a sign-in under
//! way is taken once (replayed: refused; from two nodes at once: exactly one gets it), not
//! after ten minutes, not when nobody started it; a city has one provider per audience, and
//! a change from a stale version is refused while an empty secret keeps the stored one.
//! SQLite always; PostgreSQL too when `RENKEI_TEST_POSTGRES` is set.

use renkei_domain::city::CityCode;
use renkei_domain::oidc::ProviderInput;
use renkei_store::testing::{age_oidc_logins, test_databases};
use renkei_store::{Actor, Store, StoreError, TakeError};

fn input(audience: &str, secret: &str) -> ProviderInput {
    ProviderInput {
        audience: audience.into(),
        issuer: "https://id.city.chiba.example.lg.jp".into(),
        client_id: "renkei".into(),
        client_secret: secret.into(),
        email_claim: String::new(),
        enabled: true,
    }
}

async fn store(url: &str) -> Store {
    let store = Store::connect(url, 8).await.expect("connect");
    store.migrate().await.expect("migrate");
    store
}

#[tokio::test]
async fn a_sign_in_under_way_is_taken_once_on_any_node_within_ten_minutes() {
    for db in test_databases().await {
        let (a, b) = (store(&db.url).await, store(&db.url).await);
        let chiba = CityCode::parse("121002").unwrap();
        let actor = Actor::system("test");
        let draft = input("staff", "s3cret").validate(false).unwrap();
        let p = a
            .create_identity_provider(&chiba, &draft, &actor)
            .await
            .unwrap();

        a.begin_oidc_login(p.id, "state-1", "nonce-1", "verifier-1")
            .await
            .unwrap();
        let taken = b.take_oidc_login("state-1").await.unwrap().unwrap();
        assert_eq!((taken.provider, taken.nonce.as_str()), (p.id, "nonce-1"));
        assert_eq!(taken.pkce_verifier, "verifier-1");
        for node in [&a, &b] {
            let again = node.take_oidc_login("state-1").await.unwrap();
            assert_eq!(again.unwrap_err(), TakeError::Used, "{}", db.backend);
        }
        let unknown = a.take_oidc_login("never-started").await.unwrap();
        assert_eq!(unknown.unwrap_err(), TakeError::Unknown);

        // Two nodes take one state at once: exactly one gets it.
        for round in 0..5 {
            let state = format!("race-{round}");
            a.begin_oidc_login(p.id, &state, "n", "v").await.unwrap();
            let (x, y) = tokio::join!(a.take_oidc_login(&state), b.take_oidc_login(&state));
            let won = [x.unwrap(), y.unwrap()]
                .iter()
                .filter(|r| r.is_ok())
                .count();
            assert_eq!(won, 1, "{}: round {round}", db.backend);
        }

        // Eleven minutes later: expired, and still refused after.
        a.begin_oidc_login(p.id, "state-late", "n", "v")
            .await
            .unwrap();
        age_oidc_logins(&a, chrono::Duration::minutes(11)).await;
        let late = b.take_oidc_login("state-late").await.unwrap();
        assert_eq!(late.unwrap_err(), TakeError::Expired, "{}", db.backend);
        let late = b.take_oidc_login("state-late").await.unwrap();
        assert_eq!(late.unwrap_err(), TakeError::Expired);
    }
}

#[tokio::test]
async fn a_city_has_one_provider_per_audience_changed_from_the_version_read() {
    for db in test_databases().await {
        let s = store(&db.url).await;
        let chiba = CityCode::parse("121002").unwrap();
        let osaka = CityCode::parse("271004").unwrap();
        let actor = Actor::system("test");
        let staff = input("staff", "s3cret").validate(false).unwrap();
        let p = s
            .create_identity_provider(&chiba, &staff, &actor)
            .await
            .unwrap();
        let again = s.create_identity_provider(&chiba, &staff, &actor).await;
        assert!(
            matches!(again, Err(StoreError::Duplicate("audience"))),
            "{}",
            db.backend
        );
        // Another city, or the other audience: fine.
        s.create_identity_provider(&osaka, &staff, &actor)
            .await
            .unwrap();
        let companies = input("companies", "").validate(false).unwrap();
        let c = s
            .create_identity_provider(&chiba, &companies, &actor)
            .await
            .unwrap();
        assert!(!c.client_secret.is_set());

        // Changed without a secret: the stored one stays.
        let mut change = input("staff", "").validate(true).unwrap();
        change.client_id = "renkei-2".into();
        let after = s
            .update_identity_provider(&chiba, p.id, 1, &change, &actor)
            .await
            .unwrap();
        assert_eq!((after.version, after.client_id.as_str()), (2, "renkei-2"));
        assert_eq!(after.client_secret.expose(), "s3cret");
        let stale = s
            .update_identity_provider(&chiba, p.id, 1, &change, &actor)
            .await;
        assert!(matches!(stale, Err(StoreError::Conflict)));
        // Not another city's; not to an audience the city has already.
        let foreign = s
            .update_identity_provider(&osaka, p.id, 2, &change, &actor)
            .await;
        assert!(matches!(foreign, Err(StoreError::NotFound)));
        let taken = input("companies", "").validate(true).unwrap();
        let clash = s
            .update_identity_provider(&chiba, p.id, 2, &taken, &actor)
            .await;
        assert!(matches!(clash, Err(StoreError::Duplicate("audience"))));
        // Staff first, then companies; every city's or one city's.
        let listed = s.identity_providers(Some(&chiba)).await.unwrap();
        assert_eq!(listed.len(), 2);
        assert_eq!(listed[0].audience.code(), "staff");
        assert_eq!(s.identity_providers(None).await.unwrap().len(), 3);
    }
}
