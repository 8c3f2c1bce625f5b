//! A transaction that reads first and writes later, while another connection writes in
//! between, on every database. On SQLite a deferred transaction could not then take the
//! writer's lock ("database is locked" at once, a spurious conflict under load); the
//! store's transactions take it at `BEGIN` (`IMMEDIATE`), so the other writer waits its turn
//! and both changes are kept. SQLite always; PostgreSQL too when `RENKEI_TEST_POSTGRES` is
//! set.

use renkei_domain::city::CityCode;
use renkei_domain::company::CompanyDraft;
use renkei_domain::organization::Help;
use renkei_domain::product::ProductDraft;
use renkei_store::testing::test_databases;
use renkei_store::{Actor, Store};

#[tokio::test]
async fn a_transaction_that_reads_then_writes_is_not_refused_by_a_write_in_between() {
    for db in test_databases().await {
        let store = Store::connect(&db.url, 4).await.expect("connect");
        store.migrate().await.expect("migrate");
        let actor = Actor::system("test");
        let chiba = CityCode::parse("121002").unwrap();
        let draft = CompanyDraft {
            name: "取引テスト株式会社".into(),
            ..Default::default()
        }
        .validate(&chiba)
        .unwrap();
        let c = store.create_company(&draft, &[], &actor).await.unwrap();
        let p = ProductDraft {
            name: "見守りセンサー".into(),
            stage: "5".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        let p = store.create_product(&c, &p, None, &actor).await.unwrap();

        // The transaction reads; another connection writes meanwhile; the transaction writes.
        let tx = store.begin().await.unwrap();
        let products = store.company_products_in(&tx, c.id).await.unwrap();
        assert_eq!(products.len(), 1, "{}", db.backend);
        let other = store.clone();
        let between = tokio::spawn(async move {
            other
                .record_event(&Actor::system("other"), "test.between", None, "test", "1")
                .await
        });
        // Let the other write go as far as it can before this one writes.
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        let saitama = CityCode::parse("111007").unwrap();
        let r = store
            .insert_referral(&tx, p.id, &saitama, "取引の確認", Help::default(), &actor)
            .await;
        assert!(r.is_ok(), "{}: {r:?}", db.backend);
        tx.commit().await.unwrap();
        let written = between.await.unwrap();
        assert!(written.is_ok(), "{}: {written:?}", db.backend);
        let actions: Vec<String> = store
            .audit_log(None, 20)
            .await
            .unwrap()
            .into_iter()
            .map(|a| a.action)
            .collect();
        assert!(actions.iter().any(|a| a == "test.between"), "{actions:?}");
    }
}
