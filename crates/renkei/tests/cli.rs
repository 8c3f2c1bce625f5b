//! The binary's start-up: a bad setting stops it with a message that names the setting, and
//! `migrate` prepares a fresh database.

use std::process::Command;

fn renkei(args: &[&str], env: &[(&str, &str)]) -> (bool, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_renkei"));
    cmd.args(args)
        .env_remove("DATABASE_URL")
        .env_remove("RENKEI_ADDR")
        .env_remove("RUST_LOG");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run renkei");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

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
