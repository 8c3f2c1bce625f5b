//! `renkei backup`: the embedded database copied while a node serves from it and writes to
//! it, the copy checked and then used as a database of its own (restored: the accounts and
//! the schema are there, a node serves from it); an existing file is never overwritten; on
//! PostgreSQL the command refuses and names the tools to use.

mod common;

use std::time::Duration;

use common::{create_user, renkei};

fn remove(file: &std::path::Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_embedded_database_is_copied_while_it_serves_and_the_copy_serves() {
    let dir = std::env::temp_dir();
    let id = std::process::id();
    let (live, copy) = (
        dir.join(format!("renkei-backup-live-{id}.sqlite")),
        dir.join(format!("renkei-backup-copy-{id}.sqlite")),
    );
    remove(&live);
    remove(&copy);
    let url = format!("sqlite://{}?mode=rwc", live.display());
    let env = [
        ("DATABASE_URL", url.as_str()),
        ("RENKEI_NEW_PASSWORD", "指定都市の事務局2026"),
    ];
    let (ok, text) = create_user(
        ("admin@council.example.jp", "事務局 太郎"),
        "platform-admin",
        &[],
        &env,
    );
    assert!(ok, "{text}");

    // A node serves from the live database and writes to it while the copy is taken.
    let config = renkei_web::config::Config {
        addr: "127.0.0.1:0".parse().unwrap(),
        database_url: url.clone(),
        ..Default::default()
    };
    let node = renkei_web::Application::build(&config).await.unwrap();
    let store = node.store().clone();
    let served = tokio::spawn(node.run_until_stopped());
    let writer = tokio::spawn(async move {
        let actor = renkei_store::Actor::system("backup-test");
        for n in 0..40 {
            let draft = renkei_domain::company::CompanyDraft {
                name: format!("バックアップ中の会社{n}"),
                ..Default::default()
            }
            .validate(&renkei_domain::city::CityCode::parse("121002").unwrap())
            .unwrap();
            store.create_company(&draft, &[], &actor).await.unwrap();
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    });
    let out = copy.display().to_string();
    let live_url = url.clone();
    let backup = tokio::task::spawn_blocking(move || {
        renkei(&["backup", "--out", &out], &[("DATABASE_URL", &url)])
    });
    let (ok, text) = backup.await.unwrap();
    writer.await.unwrap();
    served.abort();
    assert!(ok && text.contains("integrity ok"), "{text}");

    // The copy is a database of its own: its schema is whole and the account is there.
    let restored = format!("sqlite://{}?mode=rwc", copy.display());
    let (ok, text) = renkei(&["migrate"], &[("DATABASE_URL", &restored)]);
    assert!(ok && text.contains("none pending"), "{text}");
    let (ok, list) = renkei(&["admin", "list-users"], &[("DATABASE_URL", &restored)]);
    assert!(ok && list.contains("admin@council.example.jp"), "{list}");
    let store = renkei_store::Store::connect(&restored, 1).await.unwrap();
    store.integrity_check().await.unwrap();
    let (ok, csv) = renkei(&["export", "companies"], &[("DATABASE_URL", &restored)]);
    assert!(ok, "{csv}");
    let copied = csv.matches("バックアップ中の会社").count();
    let (_, all) = renkei(&["export", "companies"], &[("DATABASE_URL", &live_url)]);
    assert_eq!(all.matches("バックアップ中の会社").count(), 40);
    assert!(
        copied <= 40,
        "a moment's copy, no more than were written: {copied}"
    );

    // An existing file is never overwritten.
    let out = copy.display().to_string();
    let (ok, text) = renkei(&["backup", "--out", &out], &[("DATABASE_URL", &restored)]);
    assert!(!ok && text.contains("exists already"), "{text}");
    remove(&live);
    remove(&copy);
}

#[test]
fn postgresql_is_backed_up_with_its_own_tools() {
    let Ok(url) = std::env::var("RENKEI_TEST_POSTGRES") else {
        return;
    };
    let out = std::env::temp_dir().join(format!("renkei-backup-pg-{}.sqlite", std::process::id()));
    let (ok, text) = renkei(
        &["backup", "--out", &out.display().to_string()],
        &[("DATABASE_URL", &url)],
    );
    assert!(!ok && text.contains("pg_dump"), "{text}");
    assert!(!out.exists(), "nothing written");
}
