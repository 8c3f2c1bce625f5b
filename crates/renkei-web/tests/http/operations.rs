//! What the people who run Renkei read of a node, on each test database: `/livez` and
//! `/readyz`; `/metrics` not served without a token, refused without the right one, and
//! with it the requests counted under their route's pattern (never the address asked), the
//! connection pool, the outbox's backlog as it grows, and the search index's lag.

use crate::helpers::TestApp;

/// The value of the sample whose line starts with `name` (labels included) in `text`.
fn sample(text: &str, name: &str) -> Option<f64> {
    text.lines()
        .find(|l| l.starts_with(name))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

#[tokio::test]
async fn a_node_tells_its_operators_how_it_is() {
    for app in TestApp::each(false).await {
        assert_eq!(app.status("/livez").await, 200);
        let (status, ready) = app.get_json("/readyz").await;
        assert_eq!(status, 200, "{ready}");
        assert_eq!(ready["pending_migrations"], 0);
        assert_eq!(ready["database"], app.backend);
        assert_eq!(
            app.status("/metrics").await,
            404,
            "no token set: not served"
        );

        let node = app
            .node_with(|c| c.metrics_token = Some("ops-token-2026".into()))
            .await;
        let ask = |auth: Option<&str>| {
            let mut r = node.client.get(node.url("/metrics"));
            if let Some(a) = auth {
                r = r.header("authorization", a.to_owned());
            }
            r.send()
        };
        assert_eq!(ask(None).await.unwrap().status().as_u16(), 401);
        let wrong = ask(Some("Bearer ops-token-2025")).await.unwrap();
        assert_eq!(wrong.status().as_u16(), 401);
        for _ in 0..3 {
            assert_eq!(node.status("/cities/121002").await, 200);
        }
        assert_eq!(node.status("/cities/431001").await, 200);
        assert_eq!(node.status("/no-such-page").await, 404);
        let before = ask(Some("Bearer ops-token-2026")).await.unwrap();
        assert_eq!(before.status().as_u16(), 200);
        let text = before.text().await.unwrap();
        let route =
            r#"renkei_http_requests_total{route="/cities/{city}",method="GET",status="200"}"#;
        assert_eq!(sample(&text, route), Some(4.0), "{text}");
        assert!(!text.contains("/cities/121002"), "patterns, not addresses");
        assert!(text.contains(r#"route="unmatched""#), "{text}");
        assert!(
            text.contains("renkei_http_request_duration_seconds_bucket{"),
            "{text}"
        );
        assert!(
            sample(&text, "renkei_db_pool_connections ").unwrap() >= 1.0,
            "{text}"
        );
        assert!(text.contains("renkei_search_index_lag "), "{text}");
        let backlog = sample(&text, "renkei_outbox_backlog ").unwrap();

        let mail = renkei_store::OutgoingMail {
            kind: "test",
            to: "operations@example.jp".into(),
            subject: "確認".into(),
            body: "運用の確認".into(),
        };
        app.store.enqueue_mail(&mail).await.unwrap();
        let after = ask(Some("Bearer ops-token-2026")).await.unwrap();
        let text = after.text().await.unwrap();
        assert_eq!(
            sample(&text, "renkei_outbox_backlog "),
            Some(backlog + 1.0),
            "{text}"
        );
    }
}
