//! The OpenAPI document stays true: a snapshot of it, and every path it lists is served
//! (and every API route is listed, since the document is generated from the routes).

use crate::helpers::TestApp;

#[tokio::test]
async fn openapi_document_is_stable_and_every_listed_path_answers() {
    let app = TestApp::each(false).await.remove(0);
    let (status, doc) = app.get_json("/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    assert_eq!(
        doc["openapi"].as_str().map(|v| v.starts_with("3.")),
        Some(true)
    );
    insta::assert_json_snapshot!("openapi", doc);

    let paths = doc["paths"].as_object().unwrap();
    assert!(paths.len() >= 10);
    for (path, ops) in paths {
        let concrete = path
            .replace("{stage}", "5")
            .replace("{code}", "development.software-support")
            .replace("{city}", "121002")
            .replace("{id}", "999999");
        for method in ops.as_object().unwrap().keys() {
            let m = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let r = app
                .client
                .request(m.clone(), app.url(&concrete))
                .json(&serde_json::json!({}))
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            assert!(
                status != 405 && status < 500,
                "{method} {path} answered {status}"
            );
            let documented: Vec<String> = ops[method]["responses"]
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect();
            assert!(
                documented.contains(&status.to_string()),
                "{method} {path} answered {status}, documented {documented:?}"
            );
        }
    }
    // The reference page is served from the binary, with no script from elsewhere.
    let (status, html) = app.get_text("/api/docs/").await;
    assert_eq!(status, 200);
    assert!(html.contains("swagger-ui"));
    assert!(
        !html.contains("https://"),
        "the API reference must work offline"
    );
}
