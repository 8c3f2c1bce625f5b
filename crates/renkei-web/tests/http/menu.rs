//! A city's menu through the API: create, read, list, update, conflict, delete; validation
//! that names every wrong field and writes nothing; and city scoping.

use reqwest::Method;
use serde_json::{Value, json};

use renkei_domain::access::Role;
use renkei_domain::city::CityCode;
use renkei_domain::identity::Email;
use renkei_store::{ApiTokenRecord, UserRecord};

use crate::helpers::{TestApp, audit_actions, error_code, error_fields};

fn entry() -> Value {
    json!({
        "measure": "development.grants-loans",
        "offering": "own",
        "name": "医療機器等研究開発補助金",
        "description": "研究開発経費の一部を補助",
        "contact": "産業支援課",
        "period_start": "令和8年4月1日",
        "period_end": "２０２６/６/３０",
        "budget_yen": 20000000,
        "url": "https://www.city.chiba.jp/"
    })
}

#[tokio::test]
async fn an_entry_goes_through_its_whole_life() {
    for app in TestApp::each(false).await {
        app.sign_in_admin().await;
        let (status, created) = app
            .send_json(Method::POST, "/api/v1/cities/121002/menu", &entry())
            .await;
        assert_eq!(status, 201, "{}: {created}", app.backend);
        assert_eq!(created["period_start"], "2026-04-01", "和暦 is read");
        assert_eq!(
            created["period_end"], "2026-06-30",
            "full-width digits are read"
        );
        assert_eq!(created["stage"], 5);
        assert_eq!(created["version"], 1);
        let id = created["id"].as_i64().unwrap();
        let path = format!("/api/v1/cities/121002/menu/{id}");

        let (status, got) = app.get_json(&path).await;
        assert_eq!((status, &got["name"]), (200, &created["name"]));

        let mut changed = entry();
        changed["name"] = json!("医療機器等開発補助金（令和8年度）");
        changed["version"] = json!(1);
        let (status, updated) = app.send_json(Method::PUT, &path, &changed).await;
        assert_eq!(status, 200, "{updated}");
        assert_eq!(updated["version"], 2);

        // A second writer who read version 1 is refused, and nothing of theirs is written.
        changed["name"] = json!("上書きされてはいけない");
        let (status, conflict) = app.send_json(Method::PUT, &path, &changed).await;
        assert_eq!(
            (status, error_code(&conflict)),
            (409, "conflict".to_owned())
        );
        assert_eq!(
            app.get_json(&path).await.1["name"],
            "医療機器等開発補助金（令和8年度）"
        );

        let (status, list) = app.get_json("/api/v1/cities/121002/menu?stage=5").await;
        assert_eq!((status, list["total"].as_u64()), (200, Some(1)));
        let (_, other_stage) = app.get_json("/api/v1/cities/121002/menu?stage=1").await;
        assert_eq!(other_stage["total"], 0);

        let r = app
            .with_csrf(app.client.delete(app.url(&path)))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 204);
        let (status, gone) = app.get_json(&path).await;
        assert_eq!((status, error_code(&gone)), (404, "not_found".to_owned()));
    }
}

#[tokio::test]
async fn invalid_entries_name_every_wrong_field_and_write_nothing() {
    for app in TestApp::each(false).await {
        app.sign_in_admin().await;
        let cases: Vec<(Value, Vec<&str>)> = vec![
            (
                json!({"measure": "no.such", "offering": "own", "name": "x"}),
                vec!["measure"],
            ),
            (
                json!({"measure": "development.grants-loans", "offering": "own", "name": "  "}),
                vec!["name"],
            ),
            (
                json!({"measure": "development.grants-loans", "offering": "own", "name": "x", "url": "javascript:alert(1)"}),
                vec!["url"],
            ),
            (
                json!({"measure": "development.grants-loans", "offering": "own", "name": "x", "period_start": "2026-05-01", "period_end": "2026-04-01"}),
                vec!["period_end"],
            ),
            (
                json!({"measure": "development.grants-loans", "offering": "own", "name": "x", "period_start": "2026-02-30"}),
                vec!["period_start"],
            ),
            (
                json!({"measure": "development.grants-loans", "offering": "partner-city", "name": "x"}),
                vec!["partner_city"],
            ),
            (
                json!({"measure": "development.grants-loans", "offering": "partner-city", "partner_city": "121002", "name": "x"}),
                vec!["partner_city"],
            ),
            (
                json!({"measure": "development.grants-loans", "offering": "sideways", "name": "x", "budget_yen": -1}),
                vec!["offering", "budget_yen"],
            ),
            (
                json!({"measure": "development.grants-loans", "offering": "own", "name": "あ".repeat(201)}),
                vec!["name"],
            ),
            (
                json!({"measure": "'; DROP TABLE menu_entries; --", "offering": "own", "name": "<script>alert(1)</script>"}),
                vec!["measure"],
            ),
        ];
        for (body, fields) in cases {
            let (status, err) = app
                .send_json(Method::POST, "/api/v1/cities/121002/menu", &body)
                .await;
            assert_eq!(status, 422, "{}: {body} → {err}", app.backend);
            assert_eq!(error_fields(&err), fields, "{body}");
            assert!(
                err["errors"][0]["detail"]
                    .as_str()
                    .unwrap()
                    .chars()
                    .any(|c| c > '\u{3000}'),
                "Japanese by default: {err}"
            );
        }
        let (_, list) = app.get_json("/api/v1/cities/121002/menu").await;
        assert_eq!(list["total"], 0, "nothing was written");

        // English on request.
        let r = app
            .with_csrf(app.client.post(app.url("/api/v1/cities/121002/menu")))
            .header("accept-language", "en-GB,en;q=0.9")
            .json(&json!({"measure": "development.grants-loans", "offering": "own", "name": ""}))
            .send()
            .await
            .unwrap();
        let err: Value = r.json().await.unwrap();
        assert_eq!(err["errors"][0]["detail"], "Enter a name.");

        // Malformed bodies and parameters get the same envelope.
        let r = app
            .with_csrf(app.client.post(app.url("/api/v1/cities/121002/menu")))
            .header("content-type", "application/json")
            .body("{not json")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 400);
        assert_eq!(error_code(&r.json().await.unwrap()), "bad_request");
        let mut extra = entry();
        extra["surprise"] = json!(true);
        let (status, _) = app
            .send_json(Method::POST, "/api/v1/cities/121002/menu", &extra)
            .await;
        assert_eq!(status, 400, "unknown fields are refused");
        let (status, err) = app.get_json("/api/v1/cities/121002/menu?page=abc").await;
        assert_eq!((status, error_code(&err)), (400, "bad_request".to_owned()));
        let (status, err) = app.get_json("/api/v1/measures?kind=nope").await;
        assert_eq!((status, error_fields(&err)), (400, vec!["kind".to_owned()]));
    }
}

#[tokio::test]
async fn a_city_sees_only_its_own_entries_by_id() {
    for app in TestApp::each(false).await {
        app.sign_in_admin().await;
        let (_, created) = app
            .send_json(Method::POST, "/api/v1/cities/121002/menu", &entry())
            .await;
        let id = created["id"].as_i64().unwrap();
        // The same id under another city is not found, for reading, changing and removing.
        let foreign = format!("/api/v1/cities/341002/menu/{id}");
        assert_eq!(app.get_json(&foreign).await.0, 404);
        assert_eq!(app.send_json(Method::PUT, &foreign, &entry()).await.0, 404);
        assert_eq!(
            app.with_csrf(app.client.delete(app.url(&foreign)))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16(),
            404
        );
        assert_eq!(
            app.get_json("/api/v1/cities/121002/menu").await.1["total"],
            1,
            "still there"
        );
        // Unknown and non-designated cities, and malformed ids, are not found either.
        for path in [
            "/api/v1/cities/999999/menu",
            "/api/v1/cities/012025/menu",
            "/api/v1/cities/121002/menu/abc",
        ] {
            let (status, body) = app.get_json(path).await;
            assert_eq!(
                (status, error_code(&body)),
                (404, "not_found".to_owned()),
                "{path}"
            );
        }
        let (status, body) = app
            .send_json(Method::PATCH, "/api/v1/cities/121002/menu", &entry())
            .await;
        assert_eq!(
            (status, error_code(&body)),
            (405, "method_not_allowed".to_owned())
        );
    }
}

#[tokio::test]
async fn lists_are_paginated() {
    for app in TestApp::each(true).await {
        let (_, page1) = app.get_json("/api/v1/cities/121002/menu?per_page=2").await;
        let (_, page3) = app
            .get_json("/api/v1/cities/121002/menu?per_page=2&page=3")
            .await;
        assert_eq!(page1["total"], 5, "{}", app.backend);
        assert_eq!(page1["items"].as_array().unwrap().len(), 2);
        assert_eq!(page3["items"].as_array().unwrap().len(), 1);
        assert_eq!(
            page1["items"][0]["measure"], "discovery.entry-seminar",
            "catalog order"
        );
        let (_, huge) = app.get_json("/api/v1/measures?per_page=100000").await;
        assert_eq!(huge["per_page"], 200, "page size is capped");
        let (_, stages) = app.get_json("/api/v1/stages?per_page=3&page=3").await;
        assert_eq!(stages["items"].as_array().unwrap().len(), 2);
        assert_eq!(stages["total"], 8);
    }
}

#[tokio::test]
async fn every_node_sees_a_change_made_on_another_at_once() {
    for a in TestApp::each(true).await {
        let b = a.another_node().await;
        a.sign_in_admin().await;
        b.sign_in_admin().await;
        let path = "/api/v1/cities/121002/menu?per_page=200";
        // Both nodes read (and keep) the menu first.
        let (_, before_a) = a.get_json(path).await;
        let (_, before_b) = b.get_json(path).await;
        assert_eq!(before_a["total"], before_b["total"], "{}", a.backend);
        let n = before_a["total"].as_u64().unwrap();

        let (status, created) = a
            .send_json(Method::POST, "/api/v1/cities/121002/menu", &entry())
            .await;
        assert_eq!(status, 201);
        assert_eq!(
            b.get_json(path).await.1["total"],
            n + 1,
            "{}: node B sees node A's new entry",
            a.backend
        );

        let id = created["id"].as_i64().unwrap();
        // Node A keeps the whole page, plain and gzipped, before node B changes the entry.
        let (_, html) = a.get_text("/cities/121002").await;
        assert!(!html.contains("ノードBで改称"));
        assert!(
            !gzipped(&a, "/cities/121002")
                .await
                .contains("ノードBで改称")
        );
        let mut changed = entry();
        changed["name"] = json!("ノードBで改称");
        let (status, _) = b
            .send_json(
                Method::PUT,
                &format!("/api/v1/cities/121002/menu/{id}"),
                &changed,
            )
            .await;
        assert_eq!(status, 200);
        let (_, html) = a.get_text("/cities/121002").await;
        assert!(
            html.contains("ノードBで改称"),
            "{}: node A's page shows node B's change",
            a.backend
        );
        assert_eq!(
            gzipped(&a, "/cities/121002").await,
            html,
            "the same page gzipped"
        );

        let r = b
            .with_csrf(
                b.client
                    .delete(b.url(&format!("/api/v1/cities/121002/menu/{id}"))),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 204);
        assert_eq!(
            a.get_json(path).await.1["total"],
            n,
            "{}: and its removal",
            a.backend
        );
        // Other cities' menus are untouched by it.
        assert_eq!(a.get_json("/api/v1/cities/431001/menu").await.1["total"], 4);
    }
}

#[tokio::test]
async fn every_change_is_audited_and_the_trail_cannot_be_rewritten() {
    for app in TestApp::each(false).await {
        let who = app.sign_in_admin().await;
        let chiba = renkei_domain::city::CityCode::parse("121002").unwrap();
        let (_, created) = app
            .send_json(Method::POST, "/api/v1/cities/121002/menu", &entry())
            .await;
        let id = created["id"].as_i64().unwrap();
        let path = format!("/api/v1/cities/121002/menu/{id}");
        let mut changed = entry();
        changed["name"] = json!("改称後の名称");
        let r = app
            .with_csrf(app.client.put(app.url(&path)))
            .header("x-request-id", "audit-test-1")
            .json(&changed)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 200);
        changed["version"] = json!(1);
        assert_eq!(
            app.send_json(Method::PUT, &path, &changed).await.0,
            409,
            "a refused change"
        );
        assert_eq!(
            app.send_json(
                Method::POST,
                "/api/v1/cities/121002/menu",
                &json!({"name": ""})
            )
            .await
            .0,
            400
        );
        assert_eq!(
            app.with_csrf(app.client.delete(app.url(&path)))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16(),
            204
        );

        let trail = app.store.audit_log(Some(&chiba), 10).await.unwrap();
        let actions: Vec<&str> = trail.iter().map(|a| a.action.as_str()).collect();
        assert_eq!(
            actions,
            [
                "menu_entry.delete",
                "menu_entry.update",
                "menu_entry.create"
            ],
            "{}: only what was written",
            app.backend
        );
        let update = &trail[1];
        assert_eq!(update.object_id, id.to_string());
        assert_eq!(update.request_id.as_deref(), Some("audit-test-1"));
        assert_eq!(update.client_address.as_deref(), Some("127.0.0.1"));
        assert_eq!(update.actor_label, who, "the signed-in person");
        assert!(update.actor_id.is_some());
        assert!(
            update
                .before
                .as_deref()
                .unwrap()
                .contains("医療機器等研究開発補助金")
        );
        assert!(update.after.as_deref().unwrap().contains("改称後の名称"));
        assert!(
            trail[0].after.is_none() && trail[0].before.is_some(),
            "a removal keeps what was removed"
        );
        assert!(trail[2].before.is_none() && trail[2].after.is_some());
        assert!(
            app.store
                .audit_log(
                    Some(&renkei_domain::city::CityCode::parse("341002").unwrap()),
                    10
                )
                .await
                .unwrap()
                .is_empty()
        );

        // The database itself refuses to change or remove audit lines.
        use renkei_store::testing::execute_raw;
        let update = execute_raw(
            &app.store,
            "UPDATE audit_log SET actor_label = 'someone else'",
        )
        .await;
        assert!(
            update.unwrap_err().contains("append-only"),
            "{}",
            app.backend
        );
        let delete = execute_raw(&app.store, "DELETE FROM audit_log").await;
        assert!(
            delete.unwrap_err().contains("append-only"),
            "{}",
            app.backend
        );
        assert_eq!(
            app.store.audit_log(Some(&chiba), 10).await.unwrap(),
            trail,
            "unchanged"
        );
    }
}

async fn add_entry(app: &TestApp) -> (u16, Value) {
    app.send_json(Method::POST, "/api/v1/cities/121002/menu", &entry())
        .await
}

#[tokio::test]
async fn only_the_citys_own_staff_and_administrators_change_its_menu() {
    use renkei_domain::access::Role;
    use renkei_domain::city::CityCode;
    let (chiba, hiroshima) = (
        CityCode::parse("121002").unwrap(),
        CityCode::parse("341002").unwrap(),
    );
    for app in TestApp::each(false).await {
        // Nobody signed in: the API says so, and pages send the person to the sign-in page.
        let (status, body) = add_entry(&app).await;
        assert_eq!(
            (status, error_code(&body)),
            (401, "sign_in_required".to_owned()),
            "{}",
            app.backend
        );
        let r = app.get("/cities/121002/menu/new").await;
        assert_eq!(
            (
                r.status().as_u16(),
                r.headers()["location"].to_str().unwrap()
            ),
            (303, "/sign-in")
        );
        // Reading stays open: menus are the cities' public offerings.
        assert_eq!(app.get_json("/api/v1/cities/121002/menu").await.0, 200);

        let cases: [(Vec<Role>, u16, &str); 4] = [
            (
                vec![Role::CityStaff {
                    city: hiroshima,
                    read_only: false,
                }],
                403,
                "forbidden",
            ),
            (
                vec![Role::CityStaff {
                    city: chiba,
                    read_only: true,
                }],
                403,
                "forbidden",
            ),
            (vec![Role::Coordinator { city: chiba }], 403, "forbidden"),
            (
                vec![Role::CityStaff {
                    city: chiba,
                    read_only: false,
                }],
                201,
                "",
            ),
        ];
        for (roles, status, code) in cases {
            let person = app.another_node().await;
            person.sign_in_as(&roles).await;
            let (got, body) = add_entry(&person).await;
            assert_eq!(got, status, "{}: {roles:?} → {body}", app.backend);
            if !code.is_empty() {
                assert_eq!(error_code(&body), code);
            }
        }
        assert_eq!(
            app.get_json("/api/v1/cities/121002/menu").await.1["total"],
            1,
            "only the allowed write landed"
        );

        // A signed-in request without the session's CSRF token is refused, and writes nothing.
        let officer = app.another_node().await;
        officer
            .sign_in_as(&[Role::CityStaff {
                city: chiba,
                read_only: false,
            }])
            .await;
        let r = officer
            .client
            .post(officer.url("/api/v1/cities/121002/menu"))
            .json(&entry())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 403);
        assert_eq!(error_code(&r.json().await.unwrap()), "csrf");
        let r = officer
            .client
            .post(officer.url("/cities/121002/menu/new"))
            .form(&[
                ("measure", "development.grants-loans"),
                ("offering", "own"),
                ("name", "x"),
                ("csrf", "forged"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 403);
        assert_eq!(
            app.get_json("/api/v1/cities/121002/menu").await.1["total"],
            1
        );
    }
}

#[tokio::test]
async fn machine_clients_write_with_revocable_api_tokens() {
    let (chiba, hiroshima) = (
        CityCode::parse("121002").unwrap(),
        CityCode::parse("341002").unwrap(),
    );
    for app in TestApp::each(false).await {
        let email = Email::parse("system-owner@city.chiba.lg.jp").unwrap();
        let owner = app
            .store
            .create_user(
                &email,
                "連携システム担当",
                None,
                &[
                    Role::CityStaff {
                        city: chiba,
                        read_only: false,
                    },
                    Role::CityStaff {
                        city: hiroshima,
                        read_only: false,
                    },
                ],
                &renkei_store::Actor::system("test"),
            )
            .await
            .unwrap();
        let (record, token) = app
            .store
            .create_api_token(
                owner.id,
                "庁内システム",
                &Role::CityStaff {
                    city: chiba,
                    read_only: false,
                },
                &renkei_store::Actor::system("test"),
            )
            .await
            .unwrap();
        assert!(token.starts_with("rnk_") && token.len() > 60);
        a_token_is_enough(&app, &owner, &record, &token).await;
        let other_city = a_token_acts_only_with_its_role(&app, &owner).await;
        the_accounts_roles_bound_its_tokens(&app, &owner, &other_city, &token).await;
        a_revoked_token_is_refused_at_once(&app, &record, &token).await;
    }
}

/// A POST of a new entry to 千葉市's menu with the API token `token`.
fn post_entry(app: &TestApp, token: &str) -> reqwest::RequestBuilder {
    app.client
        .post(app.url("/api/v1/cities/121002/menu"))
        .bearer_auth(token)
        .json(&entry())
}

/// No cookie, no CSRF token: a token is enough, and the change is its account's.
async fn a_token_is_enough(
    app: &TestApp,
    owner: &UserRecord,
    record: &ApiTokenRecord,
    token: &str,
) {
    let chiba = CityCode::parse("121002").unwrap();
    let r = post_entry(app, token).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 201, "{}", app.backend);
    let trail = app.store.audit_log(Some(&chiba), 1).await.unwrap();
    assert_eq!(trail[0].actor_id, Some(owner.id));
    assert!(
        trail[0]
            .actor_label
            .contains(&format!("token #{}", record.id)),
        "{}",
        trail[0].actor_label
    );
}

/// A token acts only with its role: not in the other city of its account; and not at all
/// when it is not one. Returns a token of that other city.
async fn a_token_acts_only_with_its_role(app: &TestApp, owner: &UserRecord) -> String {
    let hiroshima = CityCode::parse("341002").unwrap();
    let (_, other_city) = app
        .store
        .create_api_token(
            owner.id,
            "広島用",
            &Role::CityStaff {
                city: hiroshima,
                read_only: false,
            },
            &renkei_store::Actor::system("test"),
        )
        .await
        .unwrap();
    assert_eq!(
        post_entry(app, &other_city)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        403,
        "a token acts only with its role"
    );
    assert_eq!(
        post_entry(app, "rnk_not-a-token")
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        401
    );
    other_city
}

/// Taking the role from the account takes it from its tokens; a token is made only for a role
/// the account holds.
async fn the_accounts_roles_bound_its_tokens(
    app: &TestApp,
    owner: &UserRecord,
    other_city: &str,
    token: &str,
) {
    let hiroshima = CityCode::parse("341002").unwrap();
    app.store
        .replace_roles(
            owner.id,
            Some(&hiroshima),
            &[],
            &renkei_store::Actor::system("test"),
        )
        .await
        .unwrap();
    assert!(app.store.api_token(other_city).await.unwrap().is_none());
    assert!(matches!(
        app.store
            .create_api_token(
                owner.id,
                "広島用",
                &Role::CityStaff {
                    city: hiroshima,
                    read_only: false
                },
                &renkei_store::Actor::system("test"),
            )
            .await,
        Err(renkei_store::StoreError::RoleNotHeld)
    ));
    assert!(app.store.api_token(token).await.unwrap().is_some());
}

/// A revoked token is refused at once, and all this is in the audit trail.
async fn a_revoked_token_is_refused_at_once(app: &TestApp, record: &ApiTokenRecord, token: &str) {
    app.store
        .revoke_api_token(record.id, &renkei_store::Actor::system("test"))
        .await
        .unwrap();
    let r = post_entry(app, token).send().await.unwrap();
    assert_eq!(
        r.status().as_u16(),
        401,
        "{}: a revoked token is refused at once",
        app.backend
    );
    assert_eq!(error_code(&r.json().await.unwrap()), "sign_in_required");
    let trail = audit_actions(app, None, 20).await;
    for action in [
        "api_token.create",
        "api_token.revoke",
        "access.token-refused",
    ] {
        assert!(trail.iter().any(|a| a == action), "{action}: {trail:?}");
    }
    assert_eq!(
        app.get_json("/api/v1/cities/121002/menu").await.1["total"],
        1
    );
}

/// A page asked for gzipped: checked to come gzipped, and unzipped.
async fn gzipped(node: &TestApp, path: &str) -> String {
    use std::io::Read;
    let r = node
        .client
        .get(node.url(path))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.headers()["content-encoding"], "gzip", "{path}");
    let bytes = r.bytes().await.unwrap();
    let mut text = String::new();
    flate2::read::GzDecoder::new(&bytes[..])
        .read_to_string(&mut text)
        .unwrap();
    text
}
