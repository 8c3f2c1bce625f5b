//! What the binary's test files share: running the `renkei` cargo built for the tests, with
//! only the environment a test gives it, and making an account the way a script does.

// Each test file uses what it needs of this module.
#![allow(dead_code)]

use std::process::Command;

/// Runs `renkei` with `args` and the variables `env` (nothing of the caller's
/// `DATABASE_URL`, `RENKEI_ADDR` or `RUST_LOG` leaks in): whether it succeeded, and its
/// standard output followed by its standard error.
pub fn renkei(args: &[&str], env: &[(&str, &str)]) -> (bool, String) {
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

/// `renkei admin create-user` for `email`, named `name`, with `role` and its scope's
/// arguments (`["--city", …]`, `["--scope", …]` or none); the password comes from
/// `RENKEI_NEW_PASSWORD` in `env`, as a script gives it.
pub fn create_user(
    (email, name): (&str, &str),
    role: &str,
    scope: &[&str],
    env: &[(&str, &str)],
) -> (bool, String) {
    let mut args = vec![
        "admin",
        "create-user",
        "--email",
        email,
        "--name",
        name,
        "--role",
        role,
    ];
    args.extend(scope);
    renkei(&args, env)
}
