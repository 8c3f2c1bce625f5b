//! Editing a product, on its page and through the API: what describes it changes, checked
//! against the version read (a stale one changes nothing, 409), every bad field named (422),
//! audited; another city's officer is told it does not exist, a read-only officer is refused.

use reqwest::Method;
use serde_json::json;

use crate::helpers::{TestApp, error_code, error_fields, id_in_location, location, staff};

/// A company of 千葉市 and its product, registered through the pages: the product's id.
async fn a_product(app: &TestApp, officer: &TestApp) -> i64 {
    let r = officer
        .post_form(
            "/companies/new",
            &[("home_city", "121002"), ("name", "千葉編集医工株式会社")],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303, "{}", app.backend);
    let company = id_in_location(&r, "/companies/");
    let r = officer
        .post_form(
            &format!("/companies/{company}/products/new"),
            &[("name", "採血練習キット"), ("stage", "5")],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    id_in_location(&r, "/products/").parse().unwrap()
}

#[tokio::test]
async fn an_officer_edits_a_product_checked_against_the_version_read() {
    for app in TestApp::each(false).await {
        let officer = app.another_node().await;
        officer.sign_in_as(&[staff("121002", false)]).await;
        let id = a_product(&app, &officer).await;
        edited_on_its_page(&app, &officer, id).await;
        edited_through_the_api(&app, &officer, id).await;
        refused_to_others(&app, id).await;
        let trail: Vec<_> = app
            .store
            .audit_log(Some(&crate::helpers::city("121002")), 50)
            .await
            .unwrap()
            .into_iter()
            .filter(|l| l.action == "product.update" && l.object_id == id.to_string())
            .collect();
        assert_eq!(trail.len(), 2, "one line per change, page and API");
        let page_change = trail.last().unwrap();
        assert!(
            page_change
                .before
                .as_deref()
                .unwrap()
                .contains("採血練習キット")
                && page_change
                    .after
                    .as_deref()
                    .unwrap()
                    .contains("採血トレーニングキット"),
            "the line holds the product before and after"
        );
        assert!(!page_change.actor_label.is_empty());
    }
}

/// The form, prefilled; saved; a stale version shows the latest values with 409; a bad field
/// is named with 422; neither changes anything.
async fn edited_on_its_page(app: &TestApp, officer: &TestApp, id: i64) {
    let (status, page) = officer.get_text(&format!("/products/{id}")).await;
    assert_eq!(status, 200);
    assert!(page.contains(&format!("href=\"/products/{id}/edit\"")));
    let edit = format!("/products/{id}/edit");
    let (status, page) = officer.get_text(&edit).await;
    assert_eq!(status, 200, "{}", app.backend);
    assert!(
        page.contains("value=\"採血練習キット\"") && page.contains("name=\"version\" value=\"1\"")
    );
    let changed = [
        ("name", "採血トレーニングキット"),
        ("summary", "看護学生向けの採血練習用モデル"),
        ("category", "医療教育"),
        ("target_users", "看護学生"),
        ("regulatory_class", "not-medical"),
        ("regulatory_status", "該当なし"),
        ("ip_status", "pending"),
        ("version", "1"),
    ];
    let r = officer.post_form(&edit, &changed).await;
    assert_eq!(r.status().as_u16(), 303, "{}", app.backend);
    assert_eq!(location(&r), format!("/products/{id}?saved=1"));
    let (_, page) = officer.get_text(&location(&r)).await;
    assert!(
        page.contains("採血トレーニングキット")
            && page.contains("看護学生向けの採血練習用モデル")
            && page.contains("医療教育")
            && page.contains("出願中")
    );
    let p = app
        .store
        .product(renkei_store::ProductId(id))
        .await
        .unwrap()
        .unwrap();
    assert_eq!((p.version, p.stage.number()), (2, 5), "the stage stays");

    // Someone saved first: the form again with the latest values, nothing changed.
    let stale = [("name", "古い画面からの名前"), ("version", "1")];
    let r = officer.post_form(&edit, &stale).await;
    assert_eq!(r.status().as_u16(), 409);
    let page = r.text().await.unwrap();
    assert!(page.contains("ほかの人が先にこの開発案件を更新しました"));
    assert!(
        page.contains("value=\"採血トレーニングキット\"")
            && page.contains("name=\"version\" value=\"2\"")
    );
    // A bad field, named, in Japanese.
    let bad = [
        ("name", ""),
        ("regulatory_class", "class-9"),
        ("version", "2"),
    ];
    let r = officer.post_form(&edit, &bad).await;
    assert_eq!(r.status().as_u16(), 422);
    let page = r.text().await.unwrap();
    for f in ["name", "regulatory_class"] {
        assert!(page.contains(&format!("href=\"#f-{f}\"")), "{f} named");
    }
    assert!(page.contains("商品・サービス名を入力してください。"));
    let after = app
        .store
        .product(renkei_store::ProductId(id))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (after.version, after.name.as_str()),
        (2, "採血トレーニングキット")
    );
}

/// PUT with the version read; stale: 409 and nothing changes; bad fields: 422, each named.
async fn edited_through_the_api(app: &TestApp, officer: &TestApp, id: i64) {
    let path = format!("/api/v1/products/{id}");
    let (status, body) = officer.get_json(&path).await;
    assert_eq!((status, body["version"].as_i64()), (200, Some(2)));
    let change = json!({
        "name": "採血トレーニングキット改",
        "summary": "看護学生向け",
        "regulatory_class": "not-medical",
        "ip_status": "granted",
        "version": 2,
    });
    let (status, body) = officer.send_json(Method::PUT, &path, &change).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["name"], "採血トレーニングキット改");
    assert_eq!(
        (body["version"].as_i64(), body["stage"].as_i64()),
        (Some(3), Some(5))
    );
    assert_eq!(body["ip_status"], "granted");
    let (status, body) = officer.send_json(Method::PUT, &path, &change).await;
    assert_eq!((status, error_code(&body)), (409, "conflict".into()));
    let bad = json!({"name": "", "ip_status": "maybe", "version": 3});
    let (status, body) = officer.send_json(Method::PUT, &path, &bad).await;
    assert_eq!(status, 422);
    assert_eq!(error_fields(&body), ["name", "ip_status"]);
    let (status, body) = officer
        .send_json(Method::PUT, &path, &json!({"name": "版なし"}))
        .await;
    assert_eq!(
        (status, error_fields(&body)),
        (422, vec!["version".to_owned()])
    );
    let p = app
        .store
        .product(renkei_store::ProductId(id))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (p.version, p.name.as_str()),
        (3, "採血トレーニングキット改")
    );
}

/// Another city's officer: not found; a read-only officer of the city: forbidden.
async fn refused_to_others(app: &TestApp, id: i64) {
    let edit = format!("/products/{id}/edit");
    let api = format!("/api/v1/products/{id}");
    let change = json!({"name": "越境の変更", "version": 3});
    let hiroshima = app.another_node().await;
    hiroshima.sign_in_as(&[staff("341002", false)]).await;
    let read_only = app.another_node().await;
    read_only.sign_in_as(&[staff("121002", true)]).await;
    for (who, status) in [(&hiroshima, 404), (&read_only, 403)] {
        assert_eq!(who.status(&edit).await, status);
        let r = who
            .post_form(&edit, &[("name", "越境の変更"), ("version", "3")])
            .await;
        assert_eq!(r.status().as_u16(), status);
        let (got, _) = who.send_json(Method::PUT, &api, &change).await;
        assert_eq!(got, status);
    }
    assert_eq!(read_only.status(&format!("/products/{id}")).await, 200);
    let p = app
        .store
        .product(renkei_store::ProductId(id))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(p.version, 3, "nothing changed");
}
