//! The benchmark's yardstick: a bare axum handler that answers a fixed string, nothing else.
//! `scripts/bench` measures it in the same run as Renkei's pages, so that Renkei's figures can
//! be read as a share of what the machine can do.
//!
//! Run: `cargo run --release -p renkei-web --example bare -- 127.0.0.1:18081`

use axum::Router;
use axum::routing::get;

#[tokio::main]
async fn main() {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:18081".into());
    let app = Router::new().route("/", get(|| async { "ok" }));
    let listener = tokio::net::TcpListener::bind(&addr).await.expect("bind");
    println!("bare axum handler on http://{addr}/");
    axum::serve(listener, app).await.expect("serve");
}
