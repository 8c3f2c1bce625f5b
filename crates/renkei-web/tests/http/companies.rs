//! Companies through the pages: registration with every error listed and the duplicate
//! warning, edits checked against the version read, and tenancy — another city's officer can
//! neither open, list, search, export nor guess a company until it is shared with their city.

use renkei_domain::access::Role;
use renkei_domain::grant::GrantDraft;
use renkei_store::Actor;

use crate::helpers::{TestApp, account, city, eventually, id_in_location, location, staff, upload};

/// The id of the company a redirect leads to.
fn id_of(r: &reqwest::Response) -> i64 {
    id_in_location(r, "/companies/").parse().unwrap()
}

#[tokio::test]
async fn an_officer_registers_a_company_and_other_cities_cannot_find_it() {
    for app in TestApp::each(false).await {
        let chiba = app.another_node().await;
        chiba.sign_in_as(&[staff("121002", false)]).await;
        let hiroshima = app.another_node().await;
        hiroshima.sign_in_as(&[staff("341002", false)]).await;
        let first = registered_with_every_error_listed(&app, &chiba).await;
        hidden_from_another_city(&app, &chiba, &hiroshima, first).await;
        contacts_and_a_merge(&app, &chiba, first).await;
        shared_by_a_grant(&app, &hiroshima, first).await;
        read_only_officers_and_company_people(&app, first).await;
    }
}

/// The form refuses a stale CSRF token, another city and every wrong field, writing nothing;
/// then registers; the same company typed another way is a warning until confirmed. Returns
/// the company's id.
async fn registered_with_every_error_listed(app: &TestApp, chiba: &TestApp) -> i64 {
    let (status, page) = chiba.get_text("/companies/new").await;
    assert_eq!(status, 200, "{}", app.backend);
    assert!(page.contains("本拠地の市"));
    let before = renkei_store::testing::count_rows(&app.store, "companies").await;
    let r = chiba
        .post_form(
            "/companies/new",
            &[("home_city", "121002"), ("name", "x"), ("csrf", "stale")],
        )
        .await;
    assert_eq!(r.status().as_u16(), 403, "a stale CSRF token");
    let r = chiba
        .post_form(
            "/companies/new",
            &[("home_city", "341002"), ("name", "越境株式会社")],
        )
        .await;
    assert_eq!(r.status().as_u16(), 404, "not in another city");
    let r = chiba
        .post_form(
            "/companies/new",
            &[
                ("home_city", "121002"),
                ("name", ""),
                ("name_kana", "漢字"),
                ("corporate_number", "1234567890123"),
                ("postal_code", "12"),
                ("website", "javascript:alert(1)"),
                ("contact_email", "no-at-sign"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 422);
    let page = r.text().await.unwrap();
    for f in [
        "name",
        "name_kana",
        "corporate_number",
        "postal_code",
        "website",
        "contact_name",
        "contact_email",
    ] {
        assert!(page.contains(&format!("href=\"#f-{f}\"")), "{f} listed");
    }
    assert_eq!(
        renkei_store::testing::count_rows(&app.store, "companies").await,
        before
    );

    let r = chiba
        .post_form(
            "/companies/new",
            &[
                ("home_city", "121002"),
                ("name", "株式会社テスト医工"),
                ("name_kana", "てすといこう"),
                ("corporate_number", "７０００－０１２０－５０００２"),
                ("postal_code", "260-8722"),
                ("company_type", "manufacturer-entry"),
                ("contact_name", "医工 太郎"),
                ("contact_email", "Taro@Example.JP"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303, "{}", app.backend);
    let first = id_of(&r);
    let (status, page) = chiba.get_text(&format!("/companies/{first}")).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("テストイコウ")
            && page.contains("7000012050002")
            && page.contains("taro@example.jp")
    );

    // The same company typed another way: a warning with the existing record.
    let again = [("home_city", "121002"), ("name", "（株）テスト医工")];
    let r = chiba.post_form("/companies/new", &again).await;
    assert_eq!(r.status().as_u16(), 409);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains(&format!("/companies/{first}"))
    );
    let mut confirmed = again.to_vec();
    confirmed.push(("not_a_duplicate", "1"));
    let r = chiba.post_form("/companies/new", &confirmed).await;
    assert_eq!(r.status().as_u16(), 303, "registered once confirmed");
    first
}

/// Another city: not in its list, its search, its export; not by id either.
async fn hidden_from_another_city(app: &TestApp, chiba: &TestApp, hiroshima: &TestApp, first: i64) {
    let (_, list) = chiba.get_text("/companies?q=テスト医工").await;
    assert!(list.contains(&format!("/companies/{first}")));
    let (_, list) = hiroshima.get_text("/companies?q=テスト医工").await;
    assert!(
        !list.contains(&format!("/companies/{first}")) && list.contains("0社"),
        "{}",
        app.backend
    );
    let (_, csv) = hiroshima.get_text("/companies.csv").await;
    assert!(!csv.contains("テスト医工"));
    for path in [
        format!("/companies/{first}"),
        format!("/companies/{first}/edit"),
    ] {
        assert_eq!(hiroshima.status(&path).await, 404, "{path}");
    }
    let r = hiroshima
        .post_form(
            &format!("/companies/{first}/edit"),
            &[("name", "乗っ取り"), ("version", "1")],
        )
        .await;
    assert_eq!(r.status().as_u16(), 404);
    let anonymous = app.another_node().await;
    for path in [
        format!("/companies/{first}"),
        "/companies/999999".into(),
        "/companies".into(),
    ] {
        let r = anonymous.get(&path).await;
        assert_eq!(
            (r.status().as_u16(), location(&r)),
            (303, "/sign-in".into()),
            "{path}"
        );
    }
}

/// Contacts are added and removed; a likely duplicate is merged, keeping both histories.
async fn contacts_and_a_merge(app: &TestApp, chiba: &TestApp, first: i64) {
    let r = chiba
        .post_form(
            &format!("/companies/{first}/contacts"),
            &[("contact_name", ""), ("contact_email", "x")],
        )
        .await;
    assert_eq!(r.status().as_u16(), 422);
    let r = chiba
        .post_form(
            &format!("/companies/{first}/contacts"),
            &[("contact_name", "医工 次郎"), ("contact_role", "営業部長")],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let (_, page) = chiba.get_text(&format!("/companies/{first}")).await;
    assert!(page.contains("医工 次郎（営業部長）"));
    let second = first + 1;
    let (_, page) = chiba.get_text(&format!("/companies/{second}")).await;
    assert!(
        page.contains("重複している可能性のある企業")
            && page.contains(&format!("value=\"{first}\"")),
        "the first is offered"
    );
    let person = app
        .make_account(&[Role::CompanyUser { company: second }])
        .await;
    let r = chiba
        .post_form(
            &format!("/companies/{second}/merge"),
            &[("into", &second.to_string())],
        )
        .await;
    assert_eq!(r.status().as_u16(), 422, "not into itself");
    let r = chiba
        .post_form(
            &format!("/companies/{second}/merge"),
            &[("into", &first.to_string())],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let (_, page) = chiba.get_text(&format!("/companies/{second}")).await;
    assert!(
        page.contains("この企業は次の企業に統合されました"),
        "the merged record stays"
    );
    let (_, list) = chiba.get_text("/companies?q=テスト医工").await;
    assert!(list.contains("1社"), "merged companies leave the list");
    let roles = account(app, &person).await.1;
    assert_eq!(
        roles,
        [Role::CompanyUser { company: first }],
        "its people now belong to the keeper"
    );
    let trail: Vec<_> = app
        .store
        .audit_log(Some(&city("121002")), 20)
        .await
        .unwrap()
        .into_iter()
        .filter(|l| l.action == "company.merge")
        .map(|l| l.object_id)
        .collect();
    assert_eq!(trail.len(), 2, "recorded under both companies");
}

/// Shared by a grant: readable, not writable; revoked: gone again.
async fn shared_by_a_grant(app: &TestApp, hiroshima: &TestApp, first: i64) {
    let grant = app
        .store
        .grant(
            GrantDraft {
                object_type: "company",
                object_id: first.to_string(),
                owner: city("121002"),
                grantee: city("341002"),
                purpose: "販路開拓の紹介のため".into(),
                valid_until: None,
            }
            .validate(chrono::Utc::now())
            .unwrap(),
            &Actor::system("test"),
        )
        .await
        .unwrap();
    assert_eq!(hiroshima.status(&format!("/companies/{first}")).await, 200);
    assert!(
        hiroshima
            .get_text("/companies")
            .await
            .1
            .contains("テスト医工")
    );
    assert_eq!(
        hiroshima.status(&format!("/companies/{first}/edit")).await,
        403
    );
    app.store
        .revoke_grant(
            grant.id,
            &city("121002"),
            "紹介終了",
            &Actor::system("test"),
        )
        .await
        .unwrap();
    assert_eq!(hiroshima.status(&format!("/companies/{first}")).await, 404);
}

/// A read-only officer reads; the company's own person sees only their company.
async fn read_only_officers_and_company_people(app: &TestApp, first: i64) {
    let viewer = app.another_node().await;
    viewer.sign_in_as(&[staff("121002", true)]).await;
    assert_eq!(viewer.status(&format!("/companies/{first}")).await, 200);
    assert_eq!(
        viewer.status(&format!("/companies/{first}/edit")).await,
        403
    );
    assert_eq!(viewer.status("/companies/new").await, 403);
    let person = app.another_node().await;
    person
        .sign_in_as(&[Role::CompanyUser { company: first }])
        .await;
    let (_, list) = person.get_text("/companies").await;
    assert!(
        list.contains(&format!("/companies/{first}")) && list.contains("1社"),
        "only their own"
    );
    assert_eq!(
        person.status(&format!("/companies/{}", first + 1)).await,
        404
    );
    assert_eq!(
        person.status(&format!("/companies/{first}/edit")).await,
        403
    );
}

#[tokio::test]
async fn edits_are_checked_against_the_version_read_and_exports_are_formula_safe() {
    for app in TestApp::each(false).await {
        let officer = app.another_node().await;
        officer.sign_in_as(&[staff("431001", false)]).await;
        let r = officer
            .post_form(
                "/companies/new",
                &[
                    ("home_city", "431001"),
                    ("name", "=HYPERLINK(\"http://example.com\")"),
                ],
            )
            .await;
        assert_eq!(r.status().as_u16(), 303, "{}", app.backend);
        let id = id_of(&r);
        let edit = format!("/companies/{id}/edit");
        let r = officer
            .post_form(&edit, &[("name", "くまもと医工株式会社"), ("version", "1")])
            .await;
        assert_eq!(r.status().as_u16(), 303);
        let r = officer
            .post_form(&edit, &[("name", "古い画面からの更新"), ("version", "1")])
            .await;
        assert_eq!(r.status().as_u16(), 409, "a stale version");
        let page = r.text().await.unwrap();
        assert!(page.contains("ほかの人が先に") && page.contains("くまもと医工株式会社"));
        let (_, shown) = officer.get_text(&format!("/companies/{id}")).await;
        assert!(shown.contains("くまもと医工株式会社") && !shown.contains("古い画面"));

        officer
            .post_form(
                "/companies/new",
                &[("home_city", "431001"), ("name", "@SUM(1+1)")],
            )
            .await;
        let r = officer.get("/companies.csv").await;
        assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
        let csv = r.text().await.unwrap();
        assert!(csv.starts_with('\u{feff}'));
        assert!(csv.contains("\"'@SUM(1+1)\""), "{csv}");
        assert!(csv.contains("くまもと医工株式会社"));
        let r = officer.get("/companies.xlsx").await;
        assert_eq!(r.status().as_u16(), 200);
        let xlsx = renkei_io::read(&r.bytes().await.unwrap()).unwrap();
        assert_eq!(xlsx.format, renkei_io::Format::Xlsx);
        assert!(
            xlsx.rows
                .iter()
                .any(|row| row.cells.contains(&"@SUM(1+1)".to_owned())),
            "kept as text"
        );
    }
}

#[tokio::test]
async fn the_api_registers_companies_and_moves_products_under_the_same_policy() {
    use serde_json::json;
    for app in TestApp::each(false).await {
        let officer = app.another_node().await;
        officer.sign_in_as(&[staff("341002", false)]).await;
        let post = reqwest::Method::POST;
        let company = json!({"home_city": "341002", "name": "㈱ひろしま医工", "corporate_number": "7000012050002",
            "contact": {"name": "広島 花子", "email": "hanako@example.jp"}});
        let (status, body) = officer
            .send_json(post.clone(), "/api/v1/companies", &company)
            .await;
        assert_eq!(status, 201, "{}: {body}", app.backend);
        let id = body["id"].as_i64().unwrap();
        let (status, body) = officer
            .send_json(
                post.clone(),
                "/api/v1/companies",
                &json!({"home_city": "341002", "name": "ひろしま医工株式会社"}),
            )
            .await;
        assert_eq!(status, 409, "a likely duplicate: {body}");
        assert_eq!(body[0]["id"], id);
        let (status, body) = officer
            .send_json(
                post.clone(),
                "/api/v1/companies",
                &json!({"home_city": "341002", "name": "", "corporate_number": "123"}),
            )
            .await;
        assert_eq!(status, 422);
        assert_eq!(
            crate::helpers::error_fields(&body),
            ["name", "corporate_number"]
        );

        let (status, body) = officer
            .send_json(
                post.clone(),
                &format!("/api/v1/companies/{id}/products"),
                &json!({"name": "卓上型パーティション", "stage": "⑧"}),
            )
            .await;
        assert_eq!(status, 201, "{body}");
        let product = body["id"].as_i64().unwrap();
        let stage = format!("/api/v1/products/{product}/stage");
        let (status, body) = officer
            .send_json(
                post.clone(),
                &stage,
                &json!({"from": 8, "to": "7", "reason": "販路開拓を再開"}),
            )
            .await;
        assert_eq!((status, body["stage"].as_i64()), (200, Some(7)));
        let (status, _) = officer
            .send_json(
                post.clone(),
                &stage,
                &json!({"from": 8, "to": "6", "reason": "古い情報から"}),
            )
            .await;
        assert_eq!(status, 409, "moved since");

        // Support, an idea review and the model view, as a machine client records and reads them.
        let support = format!("/api/v1/products/{product}/support");
        let (status, body) = officer.send_json(post.clone(), &support, &json!({"measure": "sales.exhibition-subsidy", "provider": "own", "date": "令和8年6月1日"})).await;
        assert_eq!(status, 201, "{body}");
        assert_eq!(
            (body["stage"].as_i64(), body["supported_on"].as_str()),
            (Some(7), Some("2026-06-01"))
        );
        let (status, body) = officer
            .send_json(
                post.clone(),
                &support,
                &json!({"measure": "nope", "provider": "partner-city"}),
            )
            .await;
        assert_eq!(status, 422);
        assert_eq!(
            crate::helpers::error_fields(&body),
            ["measure", "provider_city"]
        );
        let reviews = format!("/api/v1/products/{product}/reviews");
        let (status, body) = officer
            .send_json(
                post.clone(),
                &reviews,
                &json!({"scores": [5, 5, 5, 5, 5], "comment": "有望"}),
            )
            .await;
        assert_eq!(
            (status, body["total"].as_f64()),
            (201, Some(100.0)),
            "{body}"
        );
        let (status, body) = officer
            .send_json(post.clone(), &reviews, &json!({"scores": [1, 1, 1, 1, 1]}))
            .await;
        assert_eq!((status, body["mean"].as_f64()), (201, Some(60.0)), "{body}");
        let (status, _) = officer
            .send_json(post.clone(), &reviews, &json!({"scores": [9]}))
            .await;
        assert_eq!(status, 422);
        let (status, model) = officer
            .get_json(&format!("/api/v1/products/{product}/model"))
            .await;
        assert_eq!(status, 200);
        let sales = &model.as_array().unwrap()[6];
        assert_eq!(
            (sales["stage"].as_u64(), sales["current"].as_bool()),
            (Some(7), Some(true))
        );
        let used: Vec<&str> = sales["measures"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["used"].as_u64() == Some(1))
            .map(|m| m["code"].as_str().unwrap())
            .collect();
        assert_eq!(used, ["sales.exhibition-subsidy"]);

        // Another city, and nobody: nothing to see.
        let other = app.another_node().await;
        other.sign_in_as(&[staff("121002", false)]).await;
        for path in [
            format!("/api/v1/companies/{id}"),
            format!("/api/v1/products/{product}"),
        ] {
            assert_eq!(other.get_json(&path).await.0, 404, "{path}");
            assert_eq!(app.get_json(&path).await.0, 401, "{path}");
        }
        let (_, list) = other.get_json("/api/v1/companies").await;
        assert_eq!(list["total"], 0);
        let (_, list) = officer.get_json("/api/v1/products?stage=7").await;
        assert_eq!(list["total"], 1);
        let (status, _) = other
            .send_json(
                post.clone(),
                &stage,
                &json!({"from": 7, "to": "8", "reason": "x"}),
            )
            .await;
        assert_eq!(status, 404);
    }
}

#[tokio::test]
async fn a_file_is_checked_on_the_page_and_imported_whole() {
    for app in TestApp::each(false).await {
        let officer = app.another_node().await;
        officer.sign_in_as(&[staff("121002", false)]).await;
        let before = renkei_store::testing::count_rows(&app.store, "companies").await;
        refused_whole_while_rows_are_wrong(&app, &officer, before).await;
        imported_whole_once_corrected(&app, &officer, before).await;
        let page = products_imported(&app, &officer).await;
        others_uploads_and_unreadable_files(&app, &page).await;
    }
}

/// Shift_JIS from Excel, a header nobody maps, and two wrong rows: once the person says which
/// column holds the name, the rows' own problems show, and the file is refused whole.
async fn refused_whole_while_rows_are_wrong(app: &TestApp, officer: &TestApp, before: i64) {
    let text = "事業所名,法人番号,メール\r\n㈱ちば医工,,a@example.jp\r\n,,b@example.jp\r\nちば精機㈱,1234567890123,c@example.jp\r\n";
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(text);
    let (status, page, _) = upload(
        officer,
        "千葉.csv",
        sjis.into_owned(),
        &[("city", "121002")],
    )
    .await;
    assert_eq!(status, 303, "{}", app.backend);
    let (status, body) = officer.get_text(&page).await;
    assert_eq!(status, 200);
    assert!(
        body.contains("CSV (Shift_JIS)") && body.contains("3行"),
        "{body}"
    );
    assert!(
        body.contains("<td>見出し行</td><td>企業名</td><td>「企業名」にあたる列がありません"),
        "no name column yet, a problem of the header row: {body}"
    );
    assert!(
        !body.contains("name=\"commit\""),
        "nothing to import while problems remain"
    );

    let mapped = [
        ("map_0", "name"),
        ("map_1", "corporate_number"),
        ("map_2", "contact_email"),
        ("check", "1"),
    ];
    let r = officer.post_form(&page, &mapped).await;
    assert_eq!(r.status().as_u16(), 422);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("<td>3行目</td><td>事業所名</td>")
            && body.contains("<td>4行目</td><td>法人番号</td>"),
        "{body}"
    );
    let mut commit = mapped.to_vec();
    commit.push(("commit", "1"));
    let r = officer.post_form(&page, &commit).await;
    assert_eq!(r.status().as_u16(), 422, "refused whole");
    assert_eq!(
        renkei_store::testing::count_rows(&app.store, "companies").await,
        before
    );
}

/// The corrected file, as XLSX: imported whole, the progress page ends in "done".
async fn imported_whole_once_corrected(app: &TestApp, officer: &TestApp, before: i64) {
    let rows = vec![
        vec!["㈱ちば医工".to_owned(), String::new()],
        vec!["ちば精機㈱".to_owned(), "7000012050002".to_owned()],
    ];
    let xlsx = renkei_io::write_xlsx("企業", &["事業所名", "法人番号"], rows.into_iter()).unwrap();
    let (status, page, _) = upload(officer, "千葉.xlsx", xlsx, &[("city", "121002")]).await;
    assert_eq!(status, 303);
    let commit = [
        ("map_0", "name"),
        ("map_1", "corporate_number"),
        ("commit", "1"),
    ];
    let r = officer.post_form(&page, &commit).await;
    assert_eq!((r.status().as_u16(), location(&r)), (303, page.clone()));
    let done = eventually(|| async {
        let (_, body) = officer.get_text(&page).await;
        body.contains("件の企業を取り込みました")
    })
    .await;
    assert!(done, "{}: the import finished", app.backend);
    assert_eq!(
        renkei_store::testing::count_rows(&app.store, "companies").await,
        before + 2
    );
}

/// Products of those companies, from a file that names each company. Returns the upload's
/// page.
async fn products_imported(app: &TestApp, officer: &TestApp) -> String {
    let file = "企業,製品名,段階\n7000012050002,精密採血針,5\nちば医工,在宅嚥下計,2\n";
    let (status, page, _) = upload(
        officer,
        "products.csv",
        file.as_bytes().to_vec(),
        &[("kind", "products")],
    )
    .await;
    assert_eq!(status, 303);
    let (_, body) = officer.get_text(&page).await;
    assert!(
        body.contains("開発案件の一括取り込み") && body.contains("2件の開発案件を取り込めます"),
        "{body}"
    );
    let r = officer.post_form(&page, &[("commit", "1")]).await;
    assert_eq!(r.status().as_u16(), 303);
    eventually(|| async { renkei_store::testing::count_rows(&app.store, "products").await == 2 })
        .await;
    assert_eq!(
        renkei_store::testing::count_rows(&app.store, "products").await,
        2,
        "{}",
        app.backend
    );
    let r = officer.get("/products.xlsx").await;
    let xlsx = renkei_io::read(&r.bytes().await.unwrap()).unwrap();
    assert_eq!(xlsx.rows.len(), 2);
    page
}

/// Someone else's upload is not theirs to see; an unreadable file is refused.
async fn others_uploads_and_unreadable_files(app: &TestApp, page: &str) {
    let other = app.another_node().await;
    other.sign_in_as(&[staff("121002", false)]).await;
    assert_eq!(other.status(page).await, 404);
    let (status, _, body) = upload(
        &other,
        "x.csv",
        vec![0x82, 0xa0, 0xff, 0xfe, 0x00, 0x81],
        &[("city", "")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(body.contains("文字コードを判別できません"), "{body}");
}

/// 熊本市's list of pharmacies (業務種別, 名称, 所在地, 開設者氏名, 有効期間 in 和暦) as
/// sales-channel targets: its headers are recognised, the period and the opener are not
/// read, and once the person says what the kind values that are no kind mean, it imports.
#[tokio::test]
async fn a_pharmacy_list_imports_once_its_kind_values_are_mapped() {
    let file = include_bytes!("data/kumamoto-pharmacies.csv").to_vec();
    for app in TestApp::each(false).await {
        let officer = app.another_node().await;
        officer.sign_in_as(&[staff("431001", false)]).await;
        let fields = [("city", "431001"), ("kind", "targets")];
        let (status, page, _) = upload(&officer, "薬局一覧.csv", file.clone(), &fields).await;
        assert_eq!(status, 303, "{}", app.backend);
        let (status, body) = officer.get_text(&page).await;
        assert_eq!(status, 200);
        let chosen = |i: usize| {
            let select = body
                .split(&format!("name=\"map_{i}\">"))
                .nth(1)
                .unwrap_or("");
            let select = select.split("</select>").next().unwrap_or("");
            select
                .split("<option value=\"")
                .find(|o| o.contains("\" selected>"))
                .and_then(|o| o.split('"').next())
                .map(str::to_owned)
        };
        let columns: Vec<_> = (0..5).map(chosen).collect();
        assert_eq!(
            columns,
            [
                Some("kind"),
                Some("name"),
                Some("address"),
                Some(""),
                Some("")
            ]
            .map(|c| c.map(String::from)),
            "業務種別, 名称, 所在地 recognised; the opener and the 和暦 period not read"
        );
        assert!(
            body.contains("<td>4行目</td><td>業務種別</td>")
                && body.contains("<td>5行目</td><td>業務種別</td>")
                && !body.contains("<td>2行目</td>"),
            "薬局 is a kind; the others wait for their mapping: {body}"
        );
        assert!(
            body.contains("name=\"kind_value_0\" value=\"店舗販売業\"")
                && body.contains("name=\"kind_value_1\" value=\"薬局・店舗販売業\""),
            "{body}"
        );
        assert!(!body.contains("name=\"commit\""));
        let mut form = vec![
            ("kind_value_0", "店舗販売業"),
            ("kind_0", "other"),
            ("kind_value_1", "薬局・店舗販売業"),
            ("kind_1", "pharmacy"),
        ];
        let r = officer.post_form(&page, &form).await;
        assert_eq!(r.status().as_u16(), 200);
        let body = r.text().await.unwrap();
        assert!(body.contains("5件の販路開拓先を取り込めます"), "{body}");
        assert!(body.contains("<option value=\"pharmacy\" selected>"));
        form.push(("commit", "1"));
        let r = officer.post_form(&page, &form).await;
        assert_eq!((r.status().as_u16(), location(&r)), (303, page.clone()));
        let done = eventually(|| async {
            let (_, body) = officer.get_text(&page).await;
            body.contains("件の販路開拓先を取り込みました")
        })
        .await;
        assert!(done, "{}: the import finished", app.backend);
        let targets = app.store.sales_targets_of(&city("431001")).await.unwrap();
        let mut kinds: Vec<_> = targets
            .iter()
            .map(|t| (t.name.as_str(), t.kind.code()))
            .collect();
        kinds.sort();
        assert_eq!(
            kinds,
            [
                ("くまもと中央薬局", "pharmacy"),
                ("ドラッグ熊本東店", "other"),
                ("ドラッグ熊本西店", "other"),
                ("水前寺さくら薬局", "pharmacy"),
                ("白川ファーマシー", "pharmacy"),
            ]
        );
        assert!(
            targets
                .iter()
                .any(|t| t.address == "熊本市中央区手取本町1-1")
        );

        // The list's kind filter and the target form offer the new kinds.
        let (_, list) = officer
            .get_text("/sales-targets?kind=pharmacy&city=431001")
            .await;
        assert!(
            list.contains("<option value=\"pharmacy\" selected>"),
            "{list}"
        );
        assert!(
            list.contains("白川ファーマシー") && !list.contains("ドラッグ熊本東店"),
            "{list}"
        );
        let (_, form) = officer.get_text("/sales-targets/new").await;
        for kind in [
            "pharmacy",
            "dental-clinic",
            "university",
            "care-provider",
            "public-body",
        ] {
            assert!(
                form.contains(&format!("<option value=\"{kind}\"")),
                "{kind}"
            );
        }

        // In English, the header row and the rows are named alike.
        assert_eq!(officer.status("/companies/import?lang=en").await, 200);
        let file = "所在地,種別\n熊本市中央区,薬局\n".as_bytes().to_vec();
        let (_, page, _) = upload(&officer, "no-name.csv", file, &fields).await;
        let (_, body) = officer.get_text(&page).await;
        assert!(body.contains("<td>header row</td>"), "{body}");
        let file = "名称,種別\n青葉薬局,薬局\n白川,銀行\n".as_bytes().to_vec();
        let (_, page, _) = upload(&officer, "bank.csv", file, &fields).await;
        let (_, body) = officer.get_text(&page).await;
        assert!(
            body.contains("<td>row 3</td><td>種別</td>") && body.contains(">Row</th>"),
            "{body}"
        );
    }
}

#[tokio::test]
async fn an_import_whose_node_stopped_midway_is_marked_failed_and_can_be_run_again() {
    use chrono::{Duration, Utc};
    for app in TestApp::each(false).await {
        let officer = app.another_node().await;
        officer.sign_in_as(&[staff("121002", false)]).await;
        let before = renkei_store::testing::count_rows(&app.store, "companies").await;
        let rows = vec![vec!["中断テスト医工㈱".to_owned(), String::new()]];
        let xlsx =
            renkei_io::write_xlsx("企業", &["事業所名", "法人番号"], rows.into_iter()).unwrap();
        let (status, page, _) = upload(&officer, "中断.xlsx", xlsx, &[("city", "121002")]).await;
        assert_eq!(status, 303);
        let id: i64 = page.rsplit('/').next().unwrap().parse().unwrap();

        // A node took the import up and died before its transaction committed: the upload
        // says running, and no heart beats for it.
        assert!(app.store.start_upload(id, 1).await.unwrap());
        let sweep = |before: chrono::DateTime<Utc>, except: Vec<i64>| {
            let store = app.store.clone();
            async move { store.fail_stalled_uploads(before, &except).await.unwrap() }
        };
        // Within the time a heart may stay silent, or run by the sweeping node itself: kept.
        assert_eq!(sweep(Utc::now() - Duration::seconds(120), vec![]).await, 0);
        assert_eq!(sweep(Utc::now() + Duration::seconds(1), vec![id]).await, 0);
        // Past it: marked failed, once, with nothing written, and the page says so.
        assert_eq!(
            sweep(Utc::now() + Duration::seconds(1), vec![]).await,
            1,
            "{}",
            app.backend
        );
        assert_eq!(sweep(Utc::now() + Duration::seconds(1), vec![]).await, 0);
        let (_, body) = officer.get_text(&page).await;
        assert!(
            body.contains("取り込みの途中で処理が止まりました"),
            "{body}"
        );
        assert_eq!(
            renkei_store::testing::count_rows(&app.store, "companies").await,
            before
        );

        // Started again: imported whole.
        let commit = [
            ("map_0", "name"),
            ("map_1", "corporate_number"),
            ("commit", "1"),
        ];
        let r = officer.post_form(&page, &commit).await;
        assert_eq!(r.status().as_u16(), 303, "{}", app.backend);
        let done = eventually(|| async {
            let (_, body) = officer.get_text(&page).await;
            body.contains("件の企業を取り込みました")
        })
        .await;
        assert!(done, "{}: the import ran again", app.backend);
        assert_eq!(
            renkei_store::testing::count_rows(&app.store, "companies").await,
            before + 1
        );
    }
}
