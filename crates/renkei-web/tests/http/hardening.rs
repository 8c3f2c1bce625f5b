//! What a security probe of the demo found, each closed and kept closed: hostile files at
//! the import page (made by `scripts/hostile-files`), private answers a cache could keep, an
//! off-site language link, HSTS over TLS.

use crate::helpers::{TestApp, audit_actions, staff, upload};
use renkei_store::testing::test_databases;

const HOSTILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/http/data/hostile");

fn hostile(name: &str) -> Vec<u8> {
    std::fs::read(format!("{HOSTILE}/{name}")).expect("scripts/hostile-files has written it")
}

/// Each hostile file is refused with a message saying what is wrong, and the node goes on
/// answering; a sheet whose two cells lie far apart but within the columns is two rows.
#[tokio::test]
async fn hostile_files_are_refused_and_the_node_goes_on() {
    for db in test_databases().await {
        let app = TestApp::spawn(db).await;
        app.sign_in_as(&[staff("121002", false)]).await;
        let wide = format!("企業名{}\r\n", ",x".repeat(1_000_000));
        let refused: [(&str, Vec<u8>, &str); 4] = [
            (
                "corners.xlsx",
                hostile("corners.xlsx"),
                "1048576行目の16384列目に値があります",
            ),
            ("bomb.xlsx", hostile("bomb.xlsx"), "展開後の上限 100 MB"),
            (
                "understated.xlsx",
                hostile("understated.xlsx"),
                "Excelファイル",
            ),
            (
                "wide.csv",
                wide.into_bytes(),
                "1行目の1000001列目に値があります",
            ),
        ];
        for (name, bytes, says) in refused {
            let (status, _, page) = upload(&app, name, bytes, &[("city", "121002")]).await;
            assert_eq!(status, 422, "{} {name}", app.backend);
            assert!(page.contains(says), "{} {name}: {page}", app.backend);
            assert_eq!(app.status("/healthz").await, 200, "{name}");
        }
        let (status, to, _) = upload(
            &app,
            "far-rows.xlsx",
            hostile("far-rows.xlsx"),
            &[("city", "121002")],
        )
        .await;
        assert_eq!(status, 303, "{}", app.backend);
        let (status, page) = app.get_text(&to).await;
        assert_eq!(status, 200);
        assert!(
            page.contains("1048576"),
            "the row as the sheet numbers it: {page}"
        );
    }
}

/// Whatever depends on who is signed in — pages, exports, the API — is kept by no cache; the
/// stylesheet may be.
#[tokio::test]
async fn private_answers_are_not_kept_by_caches() {
    for db in test_databases().await {
        let app = TestApp::spawn(db).await;
        app.sign_in_as(&[staff("121002", false)]).await;
        for path in [
            "/companies",
            "/companies.csv",
            "/products.xlsx",
            "/api/v1/companies",
            "/account",
        ] {
            let r = app.get(path).await;
            assert!(r.status().is_success(), "{path}: {}", r.status());
            assert_eq!(
                r.headers()
                    .get("cache-control")
                    .map(|v| v.to_str().unwrap()),
                Some("no-store"),
                "{path}"
            );
        }
        let sheet = app.get("/assets/app.css").await;
        assert_ne!(
            sheet
                .headers()
                .get("cache-control")
                .map(|v| v.to_str().unwrap()),
            Some("no-store")
        );
    }
}

/// The language switch of any page, the not-found page included, stays on this site.
#[tokio::test]
async fn the_language_switch_never_leads_off_site() {
    let db = test_databases().await.remove(0);
    let app = TestApp::spawn(db).await;
    for path in ["//evil.example/", "/\\evil.example/", "///evil.example/x"] {
        let r = app
            .client
            .get(format!("{}{path}", app.url("")))
            .send()
            .await
            .unwrap();
        let page = r.text().await.unwrap();
        assert!(page.contains("?lang=en"), "{path}: the switch is there");
        for bad in ["href=\"//", "href=\"/\\", "href=\"/&#x5c;"] {
            assert!(!page.contains(bad), "{path}: {bad} in the page");
        }
    }
}

/// Served over TLS, a node tells browsers to keep to HTTPS and marks the language cookie
/// Secure like the others.
#[tokio::test]
async fn over_tls_browsers_are_told_to_keep_to_https() {
    let db = test_databases().await.remove(0);
    let app = TestApp::spawn(db).await;
    let plain = app.get("/?lang=en").await;
    assert!(plain.headers().get("strict-transport-security").is_none());
    let tls = app.node_with(|c| c.secure_cookies = true).await;
    let r = tls.get("/?lang=en").await;
    assert!(
        r.headers()
            .get("strict-transport-security")
            .is_some_and(|v| v.to_str().unwrap() == "max-age=31536000; includeSubDomains"),
    );
    let cookie = r.headers().get("set-cookie").unwrap().to_str().unwrap();
    assert!(cookie.contains("; Secure"), "{cookie}");
}

/// `%` and `_` typed into a list's search are those characters, not wildcards.
#[tokio::test]
async fn wildcards_typed_into_a_search_are_characters() {
    for app in TestApp::each(true).await {
        app.sign_in_admin().await;
        let total = |path: &'static str| {
            let app = &app;
            async move {
                let (status, body) = app.get_json(path).await;
                assert_eq!(status, 200, "{path}: {body}");
                body["total"].as_u64().unwrap()
            }
        };
        assert!(total("/api/v1/companies").await > 0);
        for path in [
            "/api/v1/companies?q=%25",
            "/api/v1/companies?q=_",
            "/api/v1/products?q=%25",
            "/api/v1/products?q=_",
        ] {
            assert_eq!(total(path).await, 0, "{} {path}", app.backend);
        }
        let rows = |page: String| {
            page.matches("<th scope=\"row\"><a href=\"/sales-targets/")
                .count()
        };
        let (_, all) = app.get_text("/sales-targets").await;
        assert!(rows(all) > 0);
        for q in ["%25", "_"] {
            let (_, page) = app.get_text(&format!("/sales-targets?q={q}")).await;
            assert_eq!(rows(page), 0, "{} {q}", app.backend);
        }
    }
}

/// Another city's record and a record that was never made answer alike — the same 404 and
/// the same line in the audit trail — so an officer cannot tell which ids exist elsewhere.
#[tokio::test]
async fn another_citys_ids_cannot_be_told_from_missing_ones() {
    for app in TestApp::each(true).await {
        app.sign_in_admin().await;
        let (_, list) = app.get_json("/api/v1/companies?city=121002").await;
        let chiba = list["items"][0]["id"]
            .as_i64()
            .expect("a company of 千葉市");
        let officer = app.another_node().await;
        officer.sign_in_as(&[staff("341002", false)]).await;
        for path in [
            format!("/companies/{chiba}"),
            "/companies/99999999".to_owned(),
        ] {
            let denied = || async {
                let lines = audit_actions(&app, None, 100_000).await;
                lines.iter().filter(|a| *a == "access.denied").count()
            };
            let before = denied().await;
            let (status, page) = officer.get_text(&path).await;
            assert_eq!(status, 404, "{} {path}", app.backend);
            assert_eq!(denied().await, before + 1, "{} {path}", app.backend);
            assert!(!page.contains("千葉"), "{path}");
        }
    }
}

/// The forms filled in before signing in take only a form token the server issued: a value
/// someone chose, set as the cookie and put in the form alike, is refused; the one the page
/// gave is taken. Served over TLS, the cookies' names start with `__Host-`.
#[tokio::test]
async fn a_form_token_the_server_did_not_issue_is_refused() {
    for db in test_databases().await {
        let app = TestApp::spawn(db).await;
        let chosen = "a".repeat(64);
        for (path, fields) in [
            (
                "/sign-in",
                &[("email", "x@example.jp"), ("password", "a-password-2026")][..],
            ),
            ("/password-reset", &[("email", "x@example.jp")][..]),
        ] {
            let mut form = fields.to_vec();
            form.push(("csrf", &chosen));
            let r = app
                .client
                .post(app.url(path))
                .header("cookie", format!("renkei_csrf={chosen}"))
                .form(&form)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status().as_u16(), 403, "{} {path}", app.backend);
        }
        let (_, page) = app.get_text("/sign-in").await;
        let issued = crate::helpers::csrf_of(&page);
        assert!(issued.contains('.'), "a signed token: {issued}");
        let r = app
            .post_form(
                "/sign-in",
                &[
                    ("email", "x@example.jp"),
                    ("password", "a-password-2026"),
                    ("csrf", &issued),
                ],
            )
            .await;
        assert_eq!(
            r.status().as_u16(),
            401,
            "{}: past the token, a wrong password",
            app.backend
        );
        let tls = app.node_with(|c| c.secure_cookies = true).await;
        let r = tls.get("/sign-in").await;
        let cookie = r.headers()["set-cookie"].to_str().unwrap();
        assert!(cookie.starts_with("__Host-renkei_csrf="), "{cookie}");
    }
}

/// An upload's file is read once per node: later views of its check page use what the first
/// read, so a file that is costly to read costs it once (the stored copy is made unreadable
/// here to show that it is not read again).
#[tokio::test]
async fn an_upload_is_read_once_per_node() {
    for db in test_databases().await {
        let app = TestApp::spawn(db).await;
        app.sign_in_as(&[staff("121002", false)]).await;
        let csv = "企業名,所在地\r\n株式会社一度読み,千葉市中央区\r\n";
        let (status, to, _) = upload(
            &app,
            "once.csv",
            csv.as_bytes().to_vec(),
            &[("city", "121002")],
        )
        .await;
        assert_eq!(status, 303, "{}", app.backend);
        let garbage = if app.backend == "sqlite" {
            "UPDATE import_uploads SET content = X'82A0FFFE0081'"
        } else {
            "UPDATE import_uploads SET content = decode('82a0fffe0081', 'hex')"
        };
        renkei_store::testing::execute_raw(&app.store, garbage)
            .await
            .unwrap();
        for _ in 0..2 {
            let (status, page) = app.get_text(&to).await;
            assert_eq!(status, 200, "{}: {page}", app.backend);
            assert!(page.contains("株式会社一度読み"), "{}", app.backend);
        }
    }
}

/// Every answer — a page, the not-found page, the API, the API reference — carries the
/// security headers: no sniffing, no referrer off the site, and a content security policy
/// that keeps it out of frames and from plugins and a changed base.
#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let db = test_databases().await.remove(0);
    let app = TestApp::spawn(db).await;
    for path in ["/", "/no-such-page", "/api/v1/cities", "/api/docs/"] {
        let r = app.get(path).await;
        let h = |name: &str| {
            r.headers()
                .get(name)
                .map(|v| v.to_str().unwrap().to_owned())
                .unwrap_or_default()
        };
        assert_eq!(h("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(h("referrer-policy"), "same-origin", "{path}");
        let csp = h("content-security-policy");
        for directive in [
            "frame-ancestors 'none'",
            "object-src 'none'",
            "base-uri 'none'",
        ] {
            assert!(csp.contains(directive), "{path}: {csp}");
        }
        if !path.starts_with("/api/docs") {
            assert!(csp.contains("default-src 'self'"), "{path}: {csp}");
        }
    }
}

/// An upload's name must say what it holds: an Excel file named `.csv`, a CSV named `.xlsx`
/// or a file named `.exe` is refused, whatever it holds.
#[tokio::test]
async fn an_upload_whose_name_does_not_fit_its_content_is_refused() {
    let db = test_databases().await.remove(0);
    let app = TestApp::spawn(db).await;
    app.sign_in_as(&[staff("121002", false)]).await;
    let csv = "企業名\r\n株式会社名前違い\r\n".as_bytes().to_vec();
    for (name, bytes) in [
        ("企業.csv", hostile("far-rows.xlsx")),
        ("企業.xlsx", csv.clone()),
        ("企業.exe", csv.clone()),
    ] {
        let (status, _, page) = upload(&app, name, bytes, &[("city", "121002")]).await;
        assert_eq!(status, 422, "{name}");
        assert!(page.contains("ファイル名の拡張子と中身"), "{name}: {page}");
    }
    let (status, _, _) = upload(&app, "企業.CSV", csv, &[("city", "121002")]).await;
    assert_eq!(status, 303, "the extension's letters in either case");
}
