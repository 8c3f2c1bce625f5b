//! What a node tells the people who run it: `/metrics` in the Prometheus text format
//! (requests and their latency by route, the connection pool, the outbox's backlog, how far
//! the search index is behind the audit trail, reminders sent), open only with the bearer
//! token `RENKEI_METRICS_TOKEN` names (unset, it is not served: 404); `/livez` (the process
//! answers) and `/readyz` (the database answers and its schema is this version's), for a
//! load balancer or an orchestrator.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::AppState;
use crate::error::AppError;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    /// The route's pattern (`/products/{id}`), never the address asked, so the series stay
    /// few; `unmatched` for addresses no route serves.
    route: String,
    method: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
    method: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct WhatLabels {
    what: String,
}

fn latency() -> Histogram {
    // 0.5 ms to about 8 s.
    Histogram::new(exponential_buckets(0.0005, 2.0, 15))
}

/// A node's metrics.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram, fn() -> Histogram>,
    reminders: Family<WhatLabels, Counter>,
    pool_size: Gauge,
    pool_idle: Gauge,
    outbox: Gauge,
    index_lag: Gauge,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("renkei");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<RouteLabels, Histogram, fn() -> Histogram>::new_with_constructor(
            latency as fn() -> Histogram,
        );
        let reminders = Family::<WhatLabels, Counter>::default();
        let (pool_size, pool_idle, outbox, index_lag) = Default::default();
        registry.register("http_requests", "HTTP requests answered", requests.clone());
        registry.register(
            "http_request_duration_seconds",
            "Time to answer a request, by route",
            latency.clone(),
        );
        registry.register(
            "reminders_sent",
            "Reminders and digests sent by this node, by what they were about",
            reminders.clone(),
        );
        registry.register(
            "db_pool_connections",
            "Connections the database pool holds",
            Gauge::clone(&pool_size),
        );
        registry.register(
            "db_pool_idle_connections",
            "Connections of the pool not in use",
            Gauge::clone(&pool_idle),
        );
        registry.register(
            "outbox_backlog",
            "Messages in the outbox not sent yet",
            Gauge::clone(&outbox),
        );
        registry.register(
            "search_index_lag",
            "Audit lines this node's search index has not applied yet (-1 while it is built)",
            Gauge::clone(&index_lag),
        );
        Metrics {
            registry,
            requests,
            latency,
            reminders,
            pool_size,
            pool_idle,
            outbox,
            index_lag,
        }
    }
}

impl Metrics {
    /// Counts reminders (or digests) sent about `what`.
    pub fn reminded(&self, what: &str, n: usize) {
        let labels = WhatLabels { what: what.into() };
        self.reminders
            .get_or_create(&labels)
            .inc_by(u64::try_from(n).unwrap_or(u64::MAX));
    }

    fn answered(&self, route: String, method: String, status: u16, seconds: f64) {
        let labels = RouteLabels { route, method };
        self.latency.get_or_create(&labels).observe(seconds);
        let RouteLabels { route, method } = labels;
        let labels = RequestLabels {
            route,
            method,
            status,
        };
        self.requests.get_or_create(&labels).inc();
    }
}

/// Counts each request under its route's pattern, with the time it took to answer.
pub async fn track(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let seconds = started.elapsed().as_secs_f64();
    metrics.answered(route, method, response.status().as_u16(), seconds);
    response
}

/// Whether `sent` (an `Authorization` header) holds the bearer token `token`, compared in
/// time that does not depend on where they differ.
fn holds(sent: Option<&str>, token: &str) -> bool {
    let Some(sent) = sent.and_then(|s| s.strip_prefix("Bearer ")) else {
        return false;
    };
    let (a, b) = (sent.trim().as_bytes(), token.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

/// `/metrics`: the node's metrics, read now, for whoever holds the metrics token.
pub async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(token) = state.metrics_token.as_deref() else {
        return AppError::NotFound.into_response();
    };
    let sent = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    if !holds(sent, token) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
        )
            .into_response();
    }
    let m = &state.metrics;
    let pool = state.store.pool_use();
    m.pool_size.set(i64::from(pool.size));
    m.pool_idle.set(i64::from(pool.idle));
    match state.store.outbox_backlog().await {
        Ok(n) => {
            m.outbox.set(i64::try_from(n).unwrap_or(i64::MAX));
        }
        Err(e) => tracing::warn!(error = %e, "metrics: cannot count the outbox"),
    }
    match state.store.search_index_lag().await {
        Ok(lag) => {
            m.index_lag.set(lag.unwrap_or(-1));
        }
        Err(e) => tracing::warn!(error = %e, "metrics: cannot read the audit trail's end"),
    }
    let mut text = String::new();
    if let Err(e) = prometheus_client::encoding::text::encode(&mut text, &m.registry) {
        return AppError::Internal(anyhow::anyhow!("metrics: {e}")).into_response();
    }
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        text,
    )
        .into_response()
}

/// `/livez`: the process answers (nothing else is asked, so a busy database does not get
/// the node restarted).
pub async fn livez() -> Response {
    axum::Json(serde_json::json!({"status": "alive"})).into_response()
}

/// `/readyz`: 200 when the database answers and holds this version's schema (no migration
/// pending), so the node may be sent requests; 503 otherwise, with what is missing.
pub async fn readyz(State(state): State<AppState>) -> Response {
    let backend = state.store.backend_name();
    let database = state.store.ping().await.is_ok();
    let pending = match state.store.pending_migrations().await {
        Ok(list) => Some(list.len()),
        Err(_) => None,
    };
    let index = state.store.search_index_position().is_some();
    let ready = database && pending == Some(0);
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = serde_json::json!({
        "status": if ready { "ready" } else { "unavailable" },
        "database": backend,
        "database_answers": database,
        "pending_migrations": pending,
        "search_index_built": index,
    });
    (status, axum::Json(body)).into_response()
}

#[cfg(test)]
mod tests {
    use super::holds;

    #[test]
    fn only_the_bearer_token_itself_opens_the_metrics() {
        assert!(holds(Some("Bearer s3cret"), "s3cret"));
        assert!(!holds(Some("Bearer s3cre"), "s3cret"));
        assert!(!holds(Some("Bearer s3cretX"), "s3cret"));
        assert!(!holds(Some("s3cret"), "s3cret"));
        assert!(!holds(Some("Basic s3cret"), "s3cret"));
        assert!(!holds(None, "s3cret"));
    }
}
