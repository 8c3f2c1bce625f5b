//! Sharing a company or a product with another city from its page: the form names every bad
//! field in Japanese (422) and grants nothing; a grant lets the other city's staff read the
//! record (not change it), appears on the grants page and in the audit trail, and once
//! revoked the record is hidden again. Only those who may change the record and its city's
//! grants share it.

use chrono::{Duration, Utc};

use crate::helpers::{TestApp, audit_actions, city, location, staff};

/// The last day `days` from today, as the form takes it.
fn in_days(days: i64) -> String {
    (Utc::now() + Duration::days(days)).date_naive().to_string()
}

/// A company of 千葉市 and its product, registered through the pages: their paths.
async fn registered(app: &TestApp, officer: &TestApp) -> (String, String) {
    let r = officer
        .post_form(
            "/companies/new",
            &[("home_city", "121002"), ("name", "千葉共有医工株式会社")],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303, "{}", app.backend);
    let company = location(&r).split('?').next().unwrap().to_owned();
    let r = officer
        .post_form(
            &format!("{company}/products/new"),
            &[("name", "共有する採血キット"), ("stage", "5")],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let product = location(&r).split('?').next().unwrap().to_owned();
    (company, product)
}

#[tokio::test]
async fn an_officer_shares_a_company_and_a_product_with_another_city() {
    for app in TestApp::each(false).await {
        let chiba = app.another_node().await;
        chiba.sign_in_as(&[staff("121002", false)]).await;
        let hiroshima = app.another_node().await;
        hiroshima.sign_in_as(&[staff("341002", false)]).await;
        let (company, product) = registered(&app, &chiba).await;
        assert_eq!(hiroshima.status(&company).await, 404, "{}", app.backend);
        assert_eq!(hiroshima.status(&product).await, 404);
        refused_with_every_field_named(&app, &chiba, &company, &product).await;
        refused_to_those_who_may_not(&app, &hiroshima, &company).await;

        // Shared: the other city reads the company and its products, and changes nothing.
        let until = in_days(30);
        let share = [
            ("grantee", "341002"),
            ("purpose", "販路開拓の紹介のため"),
            ("valid_until", until.as_str()),
        ];
        let r = chiba.post_form(&format!("{company}/grants"), &share).await;
        assert_eq!(r.status().as_u16(), 303, "{}", app.backend);
        assert_eq!(location(&r), format!("{company}?saved=1"));
        let (_, page) = chiba.get_text(&location(&r)).await;
        assert!(page.contains("保存しました。") && page.contains("いま共有している市"));
        assert!(
            page.contains("広島市：販路開拓の紹介のため"),
            "listed on its page"
        );
        assert_eq!(hiroshima.status(&company).await, 200);
        assert_eq!(hiroshima.status(&product).await, 200);
        assert_eq!(hiroshima.status(&format!("{company}/edit")).await, 403);
        let r = hiroshima
            .post_form(&format!("{company}/grants"), &share)
            .await;
        assert_eq!(
            r.status().as_u16(),
            403,
            "shared with them, not theirs to share"
        );
        assert!(
            audit_actions(&app, Some("121002"), 5)
                .await
                .contains(&"grant.create".to_owned())
        );
        let (status, grants) = chiba.get_text("/cities/121002/grants").await;
        assert_eq!(status, 200);
        assert!(grants.contains("販路開拓の紹介のため") && grants.contains("広島市"));
        assert!(
            grants.contains(&format!("href=\"{company}\"")),
            "the record is linked"
        );
        let (_, received) = hiroshima.get_text("/cities/341002/grants").await;
        assert!(
            received.contains("販路開拓の紹介のため"),
            "listed as received"
        );

        // Revoked on the grants page: hidden again at once.
        let grant = app.store.grants_of_city(&city("121002")).await.unwrap()[0].id;
        let r = chiba
            .post_form(
                &format!("/cities/121002/grants/{grant}/revoke"),
                &[("reason", "紹介が終わったため")],
            )
            .await;
        assert_eq!(r.status().as_u16(), 303);
        assert_eq!(hiroshima.status(&company).await, 404);
        assert_eq!(hiroshima.status(&product).await, 404);
        assert!(
            !chiba
                .get_text(&company)
                .await
                .1
                .contains("いま共有している市")
        );

        // The product alone: the product is read, its company stays hidden.
        let r = chiba.post_form(&format!("{product}/grants"), &share).await;
        assert_eq!(r.status().as_u16(), 303);
        assert_eq!(location(&r), format!("{product}?saved=1"));
        assert_eq!(hiroshima.status(&product).await, 200);
        assert_eq!(hiroshima.status(&company).await, 404);
        let actions = audit_actions(&app, Some("121002"), 10).await;
        assert_eq!(
            actions.iter().filter(|a| *a == "grant.create").count(),
            2,
            "{actions:?}"
        );
    }
}

/// Every bad field named, in Japanese, on the page it was sent from; nothing granted.
async fn refused_with_every_field_named(
    app: &TestApp,
    chiba: &TestApp,
    company: &str,
    product: &str,
) {
    let (_, page) = chiba.get_text(company).await;
    assert!(page.contains("id=\"f-grantee\"") && page.contains("id=\"f-valid_until\""));
    assert!(
        !page.contains("<option value=\"121002\""),
        "not with its own city"
    );
    assert!(page.contains("<option value=\"341002\""));
    let empty = [("grantee", ""), ("purpose", " "), ("valid_until", "")];
    let r = chiba.post_form(&format!("{company}/grants"), &empty).await;
    assert_eq!(r.status().as_u16(), 422);
    let page = r.text().await.unwrap();
    for (field, message) in [
        ("grantee", "共有先の市を選んでください。"),
        ("purpose", "共有の目的を入力してください。"),
        ("valid_until", "共有の期限（終了日）を入力してください。"),
    ] {
        assert!(
            page.contains(&format!("href=\"#f-{field}\"")),
            "{field} named"
        );
        assert!(page.contains(message), "{message}");
    }
    let past = in_days(-1);
    let far = in_days(400);
    for (grantee, until, field, message) in [
        (
            "121002",
            in_days(30),
            "grantee",
            "共有先には自市以外の市を選んでください。",
        ),
        (
            "341002",
            past,
            "valid_until",
            "有効期限は未来の日時にしてください。",
        ),
        (
            "341002",
            far,
            "valid_until",
            "共有の期限は1年以内にしてください。",
        ),
        (
            "341002",
            "来月".to_owned(),
            "valid_until",
            "日付で入力してください",
        ),
    ] {
        let form = [
            ("grantee", grantee),
            ("purpose", "紹介のため"),
            ("valid_until", until.as_str()),
        ];
        let r = chiba.post_form(&format!("{product}/grants"), &form).await;
        assert_eq!(r.status().as_u16(), 422, "{field} {until}");
        let page = r.text().await.unwrap();
        assert!(page.contains(&format!("href=\"#f-{field}\"")), "{field}");
        assert!(page.contains(message), "{message}");
        assert!(
            page.contains("value=\"紹介のため\"") || page.contains(">紹介のため<"),
            "kept as typed"
        );
    }
    assert!(
        app.store
            .grants_of_city(&city("121002"))
            .await
            .unwrap()
            .is_empty(),
        "nothing granted"
    );
}

/// A read-only officer is refused; another city's officer is told it does not exist; an
/// anonymous caller is asked to sign in. Nothing is granted.
async fn refused_to_those_who_may_not(app: &TestApp, hiroshima: &TestApp, company: &str) {
    let read_only = app.another_node().await;
    read_only.sign_in_as(&[staff("121002", true)]).await;
    let (_, page) = read_only.get_text(company).await;
    assert!(!page.contains("id=\"f-grantee\""), "no form for them");
    let until = in_days(30);
    let share = [
        ("grantee", "341002"),
        ("purpose", "紹介のため"),
        ("valid_until", until.as_str()),
    ];
    let r = read_only
        .post_form(&format!("{company}/grants"), &share)
        .await;
    assert_eq!(r.status().as_u16(), 403);
    let r = hiroshima
        .post_form(&format!("{company}/grants"), &share)
        .await;
    assert_eq!(r.status().as_u16(), 404);
    let anonymous = app.another_node().await;
    let r = anonymous
        .post_form(&format!("{company}/grants"), &share)
        .await;
    assert_eq!(location(&r), "/sign-in");
    assert!(
        app.store
            .grants_of_city(&city("121002"))
            .await
            .unwrap()
            .is_empty()
    );
}
