//! Configuration, typed. Every setting is documented here and in the README's table; the
//! binary reads them from flags and environment variables (flags win), and a bad value stops
//! start-up with a message that names the setting.

use std::net::SocketAddr;

/// The default database: an SQLite file under `./renkei-data/`, created on first start.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://./renkei-data/renkei.sqlite?mode=rwc";

/// The default address: loopback only, so a fresh install is not exposed by accident.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

#[derive(Debug, Clone)]
pub struct Config {
    /// `RENKEI_ADDR` / `--addr`: where to listen, as `host:port`.
    pub addr: SocketAddr,
    /// `DATABASE_URL` / `--database-url`: `sqlite://path?mode=rwc` or `postgres://user@host/db`.
    pub database_url: String,
    /// `RENKEI_DB_MAX_CONNECTIONS` / `--db-max-connections`: connection pool size (1–1000).
    pub db_max_connections: u32,
    /// `RENKEI_SECURE_COOKIES` / `--secure-cookies`: mark cookies `Secure`, for a node served
    /// over TLS (usually behind a TLS-terminating proxy).
    pub secure_cookies: bool,
    /// `RENKEI_PUBLIC_URL` / `--public-url`: the address people open, for the links in
    /// e-mail (e.g. `https://renkei.city.example.lg.jp`); by default `http://` and the
    /// address the node listens on.
    pub public_url: Option<String>,
    /// `RENKEI_SMTP_URL` / `--smtp-url`: where mail is sent, e.g.
    /// `smtp://mail.example.lg.jp:25`, `smtp://user:pass@host:587?tls=required` (STARTTLS) or
    /// `smtps://user:pass@host` (TLS). Unset, messages stay in the outbox, shown to
    /// administrators at `/admin/outbox`.
    pub smtp_url: Option<String>,
    /// `RENKEI_MAIL_FROM` / `--mail-from`: the sender of Renkei's mail.
    pub mail_from: String,
    /// How often the outbox is looked at (the sender also wakes when a message is queued).
    pub mail_poll: std::time::Duration,
    /// `RENKEI_TRUSTED_PROXIES` / `--trusted-proxies`: the addresses of the reverse proxies in
    /// front of the node. A request from one of them is taken to come from the address its
    /// `X-Forwarded-For` names (the nearest one that is not a trusted proxy); from anyone
    /// else, the header is ignored. Throttling and the audit trail use that address.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// `RENKEI_HOLIDAYS` / `--holidays`: a newer list of national holidays (`YYYY-MM-DD: 名称`
    /// lines, as `data/holidays-jp.yml`) to count open days (開庁日) with, in place of the one
    /// compiled in; read at start, refused with every wrong line named.
    pub holidays_file: Option<std::path::PathBuf>,
    /// `RENKEI_METRICS_TOKEN` / `--metrics-token`: the bearer token a metrics collector sends
    /// to read `/metrics`; unset, the node does not serve it.
    pub metrics_token: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            addr: DEFAULT_ADDR.parse().expect("a valid default address"),
            database_url: DEFAULT_DATABASE_URL.to_owned(),
            db_max_connections: 10,
            secure_cookies: false,
            public_url: None,
            smtp_url: None,
            mail_from: DEFAULT_MAIL_FROM.to_owned(),
            mail_poll: std::time::Duration::from_secs(10),
            trusted_proxies: Vec::new(),
            holidays_file: None,
            metrics_token: None,
        }
    }
}

/// The default sender.
pub const DEFAULT_MAIL_FROM: &str = "Renkei <no-reply@renkei.invalid>";

impl Config {
    /// The database URL with any password replaced, for messages and logs.
    pub fn redacted_database_url(&self) -> String {
        redact(&self.database_url)
    }
}

/// Replaces the password of a `scheme://user:password@host` URL with `***`.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.split_once('@') {
        Some((userinfo, host)) if userinfo.contains(':') => {
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}")
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn hides_passwords() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(
            redact("sqlite://./x.sqlite?mode=rwc"),
            "sqlite://./x.sqlite?mode=rwc"
        );
    }
}
