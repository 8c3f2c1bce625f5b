//! Renkei's HTTP surface: server-rendered pages in Japanese (English switchable), the JSON
//! API under `/api/v1/` with its OpenAPI document, static assets, and the health check.
//!
//! Only this crate knows HTTP, HTML and JSON. [`Application::build`] does everything the
//! binary does before serving, so the tests start exactly the code the binary starts.

mod access;
pub mod api;
mod assets;
mod cache;
pub mod config;
mod csv;
pub mod demo;
mod error;
mod extract;
mod features;
mod lang;
pub mod mailer;
pub mod metrics;
mod middleware;
mod routes;
mod shared;

use std::net::SocketAddr;

use anyhow::Context;
use renkei_store::Store;
use tokio::net::TcpListener;

pub use config::Config;
pub use features::evidence::{open_data, reports};
pub use routes::{route_table, router};
pub use shared::routing::Access;

/// What every request handler shares: the store (all state that matters lives in the
/// database, so any number of nodes can serve one PostgreSQL) and the fragments this node
/// has rendered, each checked against the database's revision before it is served.
#[derive(Clone, Debug)]
pub struct AppState {
    pub store: Store,
    /// The use cases (`renkei_app`), on the same store.
    pub app: renkei_app::App,
    fragments: std::sync::Arc<cache::Fragments>,
    /// Uploaded files as read (see [`cache::Tables`]).
    pub(crate) tables: std::sync::Arc<cache::Tables>,
    /// The form tokens' key, read from the database when first needed.
    pub(crate) form_tokens: std::sync::Arc<tokio::sync::OnceCell<renkei_store::FormTokens>>,
    /// Whether cookies are marked `Secure` (see [`Config::secure_cookies`]).
    secure_cookies: bool,
    /// The address people open, without a trailing slash, for links in e-mail.
    public_url: String,
    mailer: mailer::Mailer,
    /// See [`Config::trusted_proxies`].
    pub(crate) trusted_proxies: extract::TrustedProxies,
    /// How far this node's running imports are (rows written), by upload id. Also written to
    /// the database for other nodes, where the database lets another connection write while
    /// the import's transaction is open (PostgreSQL; SQLite has one writer at a time).
    pub(crate) import_progress:
        std::sync::Arc<std::sync::Mutex<std::collections::HashMap<i64, usize>>>,
    /// This node's metrics (`/metrics`).
    pub(crate) metrics: std::sync::Arc<metrics::Metrics>,
    /// See [`Config::metrics_token`]; none: `/metrics` is not served.
    pub(crate) metrics_token: Option<std::sync::Arc<str>>,
}

impl AppState {
    pub fn new(
        store: Store,
        secure_cookies: bool,
        public_url: String,
        mailer: mailer::Mailer,
    ) -> Self {
        let public_url = public_url.trim_end_matches('/').to_owned();
        AppState {
            app: renkei_app::App::new(store.clone(), &public_url),
            store,
            fragments: Default::default(),
            tables: Default::default(),
            form_tokens: Default::default(),
            secure_cookies,
            public_url: public_url.trim_end_matches('/').to_owned(),
            mailer,
            trusted_proxies: Default::default(),
            import_progress: Default::default(),
            metrics: Default::default(),
            metrics_token: None,
        }
    }

    /// A link to `path_and_query` on this deployment, for e-mail.
    pub fn link(&self, path_and_query: &str) -> String {
        format!("{}{path_and_query}", self.public_url)
    }

    /// Tells this node's sender that a message is waiting.
    pub fn mail_queued(&self) {
        self.mailer.wake.notify_one();
    }
}

/// A holiday list read at start (kept for the life of the process), every wrong line named.
fn read_holidays(
    path: &std::path::Path,
) -> anyhow::Result<&'static renkei_domain::business_days::Holidays> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("RENKEI_HOLIDAYS: cannot read {}", path.display()))?;
    let list = renkei_domain::business_days::Holidays::parse(&text).map_err(|errors| {
        let lines: Vec<String> = errors
            .iter()
            .map(|e| e.describe(renkei_domain::Lang::Ja))
            .collect();
        anyhow::anyhow!("RENKEI_HOLIDAYS: {}: {}", path.display(), lines.join("; "))
    })?;
    Ok(Box::leak(Box::new(list)))
}

/// A built application: database migrated, port bound, ready to serve.
pub struct Application {
    listener: TcpListener,
    state: AppState,
    mail_poll: std::time::Duration,
}

impl Application {
    /// Connects to the database, applies migrations, and binds the address.
    pub async fn build(config: &Config) -> anyhow::Result<Application> {
        // TLS for every HTTP client of the process (identity providers): rustls with `ring`.
        renkei_app::oidc::http::install_crypto_provider();
        let store = Store::connect(&config.database_url, config.db_max_connections)
            .await
            .with_context(|| {
                format!(
                    "DATABASE_URL: cannot open {}",
                    config.redacted_database_url()
                )
            })?;
        store
            .migrate()
            .await
            .context("cannot migrate the database")?;
        let mailer = mailer::Mailer::new(config.smtp_url.as_deref(), &config.mail_from)?;
        if let Some(url) = &config.public_url {
            url::Url::parse(url)
                .ok()
                .filter(|u| matches!(u.scheme(), "http" | "https"))
                .with_context(|| format!("RENKEI_PUBLIC_URL: not an http(s) address: {url}"))?;
        }
        let listener = TcpListener::bind(config.addr)
            .await
            .with_context(|| format!("RENKEI_ADDR: cannot listen on {}", config.addr))?;
        let bound = listener.local_addr()?;
        let public_url = config
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{bound}"));
        let mut state = AppState::new(store, config.secure_cookies, public_url, mailer);
        if let Some(path) = &config.holidays_file {
            state.app = state.app.with_holidays(read_holidays(path)?);
        }
        state.trusted_proxies =
            extract::TrustedProxies(std::sync::Arc::new(config.trusted_proxies.clone()));
        state.metrics_token = config
            .metrics_token
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(std::sync::Arc::from);
        if let Some(t) = &state.metrics_token {
            anyhow::ensure!(
                t.bytes().all(|b| b.is_ascii_graphic()),
                "RENKEI_METRICS_TOKEN: use letters, digits and ASCII signs only (it is sent in an HTTP header)"
            );
        }
        Ok(Application {
            listener,
            state,
            mail_poll: config.mail_poll,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("bound listener has an address")
    }

    pub fn store(&self) -> &Store {
        &self.state.store
    }

    /// Serves until Ctrl-C or SIGTERM, then finishes the requests in flight.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let sender = tokio::spawn(
            self.state
                .mailer
                .clone()
                .run(self.state.store.clone(), self.mail_poll),
        );
        let reminders = tokio::spawn(remind(self.state.clone()));
        let events = tokio::spawn(event_work(self.state.clone()));
        let imports = tokio::spawn(watch_imports(self.state.clone()));
        // The search index is built in the background, so the first search need not wait.
        let store = self.state.store.clone();
        tokio::spawn(async move {
            let started = std::time::Instant::now();
            match store.catch_up_search_index().await {
                Ok(()) => tracing::info!(
                    ms = started.elapsed().as_millis() as u64,
                    "search index ready"
                ),
                Err(e) => tracing::error!(error = %e, "cannot build the search index"),
            }
        });
        let app = router(self.state);
        let served = axum::serve(
            self.listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown_signal())
        .await;
        sender.abort();
        reminders.abort();
        events.abort();
        imports.abort();
        served
    }
}

/// How often each node looks for overdue referral steps. Every node may: a step is reminded
/// once, whichever node gets there first (`renkei_app::referrals::remind`).
const REMIND_EVERY: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// Reminds the owners of overdue referral steps, the cities of overdue registration
/// decisions, the 商談会 participants of meeting requests left unanswered, whoever an
/// overdue consultation case or application waits on, on a schedule, until the process ends.
async fn remind(state: AppState) {
    let mut tick = tokio::time::interval(REMIND_EVERY);
    loop {
        tick.tick().await;
        let app = &state.app;
        let now = chrono::Utc::now();
        let sent = [
            (
                "referral steps",
                renkei_app::referrals::remind(app, now).await,
            ),
            (
                "registration decisions",
                renkei_app::registrations::remind(app, now).await,
            ),
            (
                "meeting requests",
                renkei_app::events::meetings::remind(app, now).await,
            ),
            (
                "consultation steps",
                renkei_app::consultations::remind(app, now).await,
            ),
            (
                "dispatch steps",
                renkei_app::dispatches::remind(app, now).await,
            ),
            ("bridge steps", renkei_app::bridges::remind(app, now).await),
            (
                "partner candidates",
                renkei_app::partnering::remind(app, now).await,
            ),
            (
                "application steps",
                renkei_app::calls::remind(app, now).await,
            ),
            (
                "requests for help",
                renkei_app::network::help::remind(app, now).await,
            ),
            (
                "referral preparations",
                renkei_app::referrals::preparations::remind(app, now).await,
            ),
            (
                "CSR certification renewals",
                renkei_app::csr::certification::remind_renewals(app, now).await,
            ),
            (
                "CSR certifications whose term ended",
                renkei_app::csr::certification::lapse_ended(app, now).await,
            ),
            (
                "weekly digests of threads",
                renkei_app::network::threads::digest(app, now).await,
            ),
        ];
        for (what, result) in sent {
            match result {
                Ok(0) => {}
                Ok(n) => {
                    tracing::info!(reminders = n, what, "overdue steps reminded");
                    state.metrics.reminded(what, n);
                    state.mail_queued();
                }
                Err(e) => tracing::error!(error = %e, what, "cannot send reminders"),
            }
        }
    }
}

/// How often a running import's heart beats (`heartbeat_upload`).
pub(crate) const IMPORT_BEATS_EVERY: std::time::Duration = std::time::Duration::from_secs(10);
/// How long an import's heart may stay silent before another node calls it dead.
const IMPORT_STALLS_AFTER: chrono::Duration = chrono::Duration::seconds(120);

/// Marks failed, once a minute, the imports whose node stopped midway (their heart silent for
/// [`IMPORT_STALLS_AFTER`]; never those this node runs), so they can be started again. At a
/// node's start this also frees what it was importing when it died.
async fn watch_imports(state: AppState) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
    loop {
        tick.tick().await;
        let mine: Vec<i64> = match state.import_progress.lock() {
            Ok(m) => m.keys().copied().collect(),
            Err(_) => continue,
        };
        let before = chrono::Utc::now() - IMPORT_STALLS_AFTER;
        match state.store.fail_stalled_uploads(before, &mine).await {
            Ok(0) => {}
            Ok(n) => tracing::warn!(imports = n, "imports whose node stopped marked failed"),
            Err(e) => tracing::error!(error = %e, "cannot look for stalled imports"),
        }
    }
}

/// How often each node runs the events' timed work (`renkei_app::events::tick`): offers that
/// lapse, free places offered to those waiting, reminders before an event. Each piece is done
/// once whichever node gets there first.
const EVENTS_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

async fn event_work(state: AppState) {
    let mut tick = tokio::time::interval(EVENTS_EVERY);
    loop {
        tick.tick().await;
        match renkei_app::events::tick::tick(&state.app, chrono::Utc::now()).await {
            Ok(t) if t == renkei_app::events::tick::Ticked::default() => {}
            Ok(t) => {
                tracing::info!(
                    lapsed = t.lapsed,
                    offered = t.offered,
                    reminded = t.reminded,
                    surveyed = t.surveyed,
                    "events' waiting lists, reminders and surveys"
                );
                state.mail_queued();
            }
            Err(e) => tracing::error!(error = %e, "cannot run the events' timed work"),
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
