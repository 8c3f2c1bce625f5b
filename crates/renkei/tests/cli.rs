//! The binary's start-up: a bad setting stops it with a message that names the setting, and
//! `migrate` prepares a fresh database.

mod common;

use common::{create_user, renkei};

/// Arguments, environment, and the setting the message must name.
type Case = (
    &'static [&'static str],
    &'static [(&'static str, &'static str)],
    &'static str,
);

#[test]
fn a_bad_setting_stops_start_up_and_names_the_setting() {
    let cases: [Case; 5] = [
        (&["serve"], &[("RENKEI_ADDR", "not-an-address")], "--addr"),
        (
            &["serve", "--db-max-connections", "0"],
            &[],
            "--db-max-connections",
        ),
        (
            &["migrate"],
            &[("DATABASE_URL", "nosuchdb://x")],
            "DATABASE_URL",
        ),
        (&["migrate"], &[("RUST_LOG", "info,[[[")], "RUST_LOG"),
        (&["serve", "--log-format", "xml"], &[], "--log-format"),
    ];
    for (args, env, setting) in cases {
        let (ok, text) = renkei(args, env);
        assert!(!ok, "{args:?} {env:?} should fail");
        assert!(
            text.contains(setting),
            "{args:?} {env:?}: the message should name {setting}: {text}"
        );
    }
}

#[test]
fn migrate_prepares_a_fresh_database_and_is_idempotent() {
    let file = std::env::temp_dir().join(format!("renkei-cli-{}.sqlite", std::process::id()));
    let url = format!("sqlite://{}?mode=rwc", file.display());
    let (ok, text) = renkei(&["migrate"], &[("DATABASE_URL", &url)]);
    assert!(ok, "{text}");
    assert!(
        text.contains("m20261124_000001_catalog_and_menus"),
        "{text}"
    );
    let (ok, again) = renkei(&["migrate"], &[("DATABASE_URL", &url)]);
    assert!(ok && again.contains("none pending"), "{again}");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
    }
}

#[test]
fn the_first_administrator_is_made_from_the_command_line() {
    let file = std::env::temp_dir().join(format!("renkei-cli-admin-{}.sqlite", std::process::id()));
    let url = format!("sqlite://{}?mode=rwc", file.display());
    let db = [("DATABASE_URL", url.as_str())];
    let create = |email: &str, role: &str, city: Option<&str>, password: &str| {
        let scope = city.map_or(vec![], |c| vec!["--city", c]);
        create_user(
            (email, "事務局 太郎"),
            role,
            &scope,
            &[db[0], ("RENKEI_NEW_PASSWORD", password)],
        )
    };
    let (ok, text) = create(
        "ＡＤＭＩＮ＠council.example.jp",
        "platform-admin",
        None,
        "指定都市の事務局2026",
    );
    assert!(
        ok && text.contains("created user #1 admin@council.example.jp"),
        "{text}"
    );
    let (ok, text) = create(
        "admin@council.example.jp",
        "platform-admin",
        None,
        "指定都市の事務局2026",
    );
    assert!(!ok && text.contains("already has an account"), "{text}");
    let (ok, text) = create(
        "officer@city.chiba.lg.jp",
        "city-staff",
        Some("121002"),
        "password123",
    );
    assert!(!ok && text.contains("推測されやすい"), "{text}");
    let (ok, text) = create(
        "officer@city.chiba.lg.jp",
        "city-staff",
        Some("012025"),
        "千葉市の担当者2026",
    );
    assert!(!ok && text.contains("--city"), "{text}");
    let (ok, text) = create(
        "officer@city.chiba.lg.jp",
        "city-staff",
        Some("121002"),
        "千葉市の担当者2026",
    );
    assert!(ok, "{text}");
    let (ok, list) = renkei(&["admin", "list-users"], &db);
    assert!(ok, "{list}");
    assert!(
        list.contains("admin@council.example.jp") && list.contains("PlatformAdmin"),
        "{list}"
    );
    assert!(
        list.contains("officer@city.chiba.lg.jp") && list.contains("CityStaff"),
        "{list}"
    );
    assert!(!list.contains("argon2"), "no password hash is ever printed");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
    }
}

#[test]
fn api_tokens_are_made_shown_once_and_revoked_from_the_command_line() {
    let file = std::env::temp_dir().join(format!("renkei-cli-token-{}.sqlite", std::process::id()));
    let url = format!("sqlite://{}?mode=rwc", file.display());
    let db = ("DATABASE_URL", url.as_str());
    let (ok, text) = renkei(
        &[
            "admin",
            "create-user",
            "--email",
            "it@city.chiba.lg.jp",
            "--name",
            "情報政策課",
            "--role",
            "city-staff",
            "--city",
            "121002",
        ],
        &[db, ("RENKEI_NEW_PASSWORD", "千葉市情報政策課2026")],
    );
    assert!(ok, "{text}");
    let (ok, text) = renkei(
        &[
            "admin",
            "create-token",
            "--email",
            "it@city.chiba.lg.jp",
            "--name",
            "庁内システム",
            "--role",
            "city-staff",
            "--city",
            "121002",
        ],
        &[db],
    );
    assert!(ok && text.contains("created API token #1"), "{text}");
    assert!(
        text.lines().any(|l| l.starts_with("rnk_") && l.len() == 68),
        "{text}"
    );
    let (ok, text) = renkei(
        &[
            "admin",
            "create-token",
            "--email",
            "nobody@city.chiba.lg.jp",
            "--name",
            "x",
            "--role",
            "platform-admin",
        ],
        &[db],
    );
    assert!(!ok && text.contains("--email"), "{text}");
    let (ok, text) = renkei(
        &["admin", "deactivate-user", "--email", "IT@city.chiba.lg.jp"],
        &[db],
    );
    assert!(ok && text.contains("deactivated user #1"), "{text}");
    let (ok, text) = renkei(&["admin", "revoke-token", "--id", "1"], &[db]);
    assert!(ok && text.contains("revoked API token #1"), "{text}");
    let (ok, text) = renkei(&["admin", "revoke-token", "--id", "99"], &[db]);
    assert!(!ok && text.contains("--id"), "{text}");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
    }
}

#[test]
fn help_describes_each_command_under_its_own_name() {
    let (ok, text) = renkei(&["--help"], &[]);
    assert!(ok, "{text}");
    let line = |command: &str| {
        text.lines()
            .find(|l| l.split_whitespace().next() == Some(command))
            .unwrap_or_else(|| panic!("no {command} in {text}"))
            .to_owned()
    };
    let reindex = line("reindex");
    assert!(
        reindex.contains("Rebuild the search index") && !reindex.contains("demo"),
        "{reindex}"
    );
    let demo = line("demo");
    assert!(
        demo.contains("Serve on a fresh embedded database"),
        "{demo}"
    );
}
