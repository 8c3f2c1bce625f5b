//! Products through the pages: registration under a company, the model view, stage moves
//! (forward, back, ⑦ after ⑧, a stale move refused), decisions, evaluations, adoptions,
//! support, coordinators and their caseload — and another city seeing none of it.

use renkei_domain::access::Role;
use renkei_domain::catalog::Stage;
use renkei_domain::city::CityCode;
use renkei_domain::product::MoveKind;
use renkei_store::Actor;

use crate::helpers::{TestApp, account, audit_actions, id_in_location, location, staff};

#[tokio::test]
async fn an_officer_follows_a_product_through_the_stages() {
    for app in TestApp::each(true).await {
        let officer = app.another_node().await;
        officer.sign_in_as(&[staff("111007", false)]).await;
        let product = registered(&app, &officer).await;
        supported(&officer, &product).await;
        moved(&app, &officer, &product).await;
        evaluated_adopted_and_decided(&officer, &product).await;
        voiced(&officer, &product).await;
        reviewed(&app, &officer, &product).await;
        assigned_a_coordinator(&app, &officer, &product).await;
        hidden_from_another_city(&app, &product).await;
        withdrawn(&app, &officer, &product).await;
    }
}

/// A company, then its product: a form with errors names each field; registered, the product
/// shows its stage in the model. Returns the product's path.
async fn registered(app: &TestApp, officer: &TestApp) -> String {
    let r = officer
        .post_form(
            "/companies/new",
            &[
                ("home_city", "111007"),
                ("name", "さいたま医工株式会社"),
                ("company_type", "manufacturer-entry"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303, "{}", app.backend);
    let company = id_in_location(&r, "/companies/");
    let new = format!("/companies/{company}/products/new");
    assert_eq!(officer.status(&new).await, 200);
    let r = officer
        .post_form(
            &new,
            &[("name", ""), ("stage", ""), ("regulatory_class", "class-9")],
        )
        .await;
    assert_eq!(r.status().as_u16(), 422);
    let page = r.text().await.unwrap();
    for f in ["name", "stage", "regulatory_class"] {
        assert!(page.contains(&format!("href=\"#f-{f}\"")), "{f}");
    }
    let r = officer
        .post_form(
            &new,
            &[
                ("name", "採血練習キット"),
                ("stage", "⑤"),
                ("summary", "看護学生向けの採血練習用モデル"),
                ("regulatory_class", "not-medical"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let product = location(&r).split('?').next().unwrap().to_owned();
    let _id: i64 = product.trim_start_matches("/products/").parse().unwrap();
    let (status, page) = officer.get_text(&product).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("⑤ 研究開発") && page.contains("（現在）") && page.contains("（次の段階）")
    );
    assert!(
        page.contains("紹介の対象は"),
        "not yet eligible for a referral"
    );
    product
}

/// Support from the city's own menu and from a partner city.
async fn supported(officer: &TestApp, product: &str) {
    let r = officer
        .post_form(
            &format!("{product}/support"),
            &[
                ("measure", "development.grants-loans"),
                ("provider", "own"),
                ("supported_on", "令和8年4月1日"),
                ("outcome", "採択"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let r = officer
        .post_form(
            &format!("{product}/support"),
            &[
                ("measure", "development.grants-loans"),
                ("provider", "partner-city"),
            ],
        )
        .await;
    assert_eq!(
        r.status().as_u16(),
        422,
        "a partner city's measure names the city"
    );
    let (_, page) = officer.get_text(product).await;
    assert!(page.contains("利用済み") && page.contains("採択"));
}

/// Moves: forward with a reason; a move from a stage no longer current is refused.
async fn moved(app: &TestApp, officer: &TestApp, product: &str) {
    let r = officer
        .post_form(
            &format!("{product}/stage"),
            &[("from", "5"), ("to", "6"), ("reason", "")],
        )
        .await;
    assert_eq!(r.status().as_u16(), 422, "a move needs its reason");
    let r = officer
        .post_form(
            &format!("{product}/stage"),
            &[("from", "5"), ("to", "6"), ("reason", "試作品が完成")],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let r = officer
        .post_form(
            &format!("{product}/stage"),
            &[("from", "5"), ("to", "7"), ("reason", "古い画面から")],
        )
        .await;
    assert_eq!(
        r.status().as_u16(),
        409,
        "{}: someone moved it first",
        app.backend
    );
    let r = officer
        .post_form(
            &format!("{product}/stage"),
            &[
                ("from", "6"),
                ("to", "4"),
                ("reason", "治験の前に薬事相談をやり直す"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let (_, page) = officer.get_text(product).await;
    assert!(
        page.contains("試作品が完成")
            && page.contains("前の段階へ戻る")
            && page.contains("④ 薬事法等関連相談")
    );
}

/// An evaluation at home makes it eligible; an adoption is recorded; a decision too.
async fn evaluated_adopted_and_decided(officer: &TestApp, product: &str) {
    let r = officer
        .post_form(
            &format!("{product}/evaluations"),
            &[
                ("kind", "research-group"),
                ("title", "さいたま市医療機器研究会"),
                ("date", "2026-05-01"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let r = officer
        .post_form(
            &format!("{product}/adoptions"),
            &[("adopter", "市立病院"), ("adopter_kind", "hospital")],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let r = officer
        .post_form(
            &format!("{product}/decision"),
            &[("decision", ""), ("reasons", "")],
        )
        .await;
    assert_eq!(r.status().as_u16(), 422);
    let r = officer
        .post_form(
            &format!("{product}/decision"),
            &[
                ("decision", "continue"),
                ("reasons", "看護学校からの引き合いが多い"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let (_, page) = officer.get_text(product).await;
    assert!(
        page.contains("紹介の対象になります")
            && page.contains("看護学校からの引き合いが多い")
            && page.contains("市立病院")
    );
}

/// Company voices, gathered for the city per stage and topic.
async fn voiced(officer: &TestApp, product: &str) {
    let r = officer
        .post_form(
            &format!("{product}/voices"),
            &[("voice_stage", "4"), ("topic", ""), ("voice", "")],
        )
        .await;
    assert_eq!(r.status().as_u16(), 422);
    let r = officer
        .post_form(
            &format!("{product}/voices"),
            &[
                ("voice_stage", "4"),
                ("topic", "regulation"),
                ("voice", "クラス分類の判断に時間がかかる"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let (status, page) = officer.get_text("/cities/111007/voices").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("薬事・規制：1件") && page.contains("クラス分類の判断に時間がかかる"),
        "{page}"
    );
}

/// The scores of every criterion of a rubric of five, each `v`, with a comment.
fn scores(v: &str) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = (0..5)
        .map(|i| (format!("score_{i}"), v.to_owned()))
        .collect();
    f.push(("comment".into(), format!("全項目 {v}")));
    f
}

/// Posts a review of `product` as `who`.
async fn post_review(who: &TestApp, product: &str, mut f: Vec<(String, String)>) -> u16 {
    f.push(("csrf".into(), who.csrf_token().unwrap()));
    who.client
        .post(who.url(&format!("{product}/reviews")))
        .form(&f)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// Idea reviews by two officers against the city's rubric, then a rubric of its own.
async fn reviewed(app: &TestApp, officer: &TestApp, product: &str) {
    assert_eq!(
        post_review(officer, product, vec![("score_0".into(), "9".into())]).await,
        422,
        "every criterion, within the scale"
    );
    assert_eq!(post_review(officer, product, scores("5")).await, 303);
    let second = app.another_node().await;
    second.sign_in_as(&[staff("111007", false)]).await;
    assert_eq!(post_review(&second, product, scores("3")).await, 303);
    let (_, page) = officer.get_text(product).await;
    assert!(
        page.contains("2名、平均") && page.contains("<strong>80.0</strong>"),
        "(100 + 60) / 2"
    );
    let (status, page) = officer.get_text("/cities/111007/rubric").await;
    assert_eq!(status, 200);
    assert!(page.contains("ニーズ・市場性, 3"));
    let r = officer
        .post_form(
            "/cities/111007/rubric",
            &[("criteria", "市場性, 99"), ("scale", "5"), ("version", "0")],
        )
        .await;
    assert_eq!(r.status().as_u16(), 422);
    let r = officer
        .post_form(
            "/cities/111007/rubric",
            &[
                ("criteria", "市場性, 2\n看護現場での使いやすさ, 1"),
                ("scale", "3"),
                ("version", "0"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let r = second
        .post_form(
            "/cities/111007/rubric",
            &[
                ("criteria", "古い版から, 1"),
                ("scale", "3"),
                ("version", "0"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 409, "edited since");
    let (_, page) = officer.get_text(product).await;
    assert!(page.contains("看護現場での使いやすさ（重み 1）"));
}

/// A coordinator of the city takes it on and finds it in their caseload; one of another city
/// cannot be assigned.
async fn assigned_a_coordinator(app: &TestApp, officer: &TestApp, product: &str) {
    let coordinator = app.another_node().await;
    let address = coordinator
        .sign_in_as(&[Role::Coordinator {
            city: CityCode::parse("111007").unwrap(),
        }])
        .await;
    let coordinator_id = account(app, &address).await.0.id;
    let outsider = app
        .make_account(&[Role::Coordinator {
            city: CityCode::parse("431001").unwrap(),
        }])
        .await;
    let outsider_id = account(app, &outsider).await.0.id;
    let r = officer
        .post_form(
            &format!("{product}/coordinator"),
            &[("coordinator", &outsider_id.to_string())],
        )
        .await;
    assert_eq!(r.status().as_u16(), 422);
    let r = officer
        .post_form(
            &format!("{product}/coordinator"),
            &[("coordinator", &coordinator_id.to_string())],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let (_, caseload) = coordinator.get_text("/products?coordinator=me").await;
    assert!(
        caseload.contains(product) && caseload.contains("1件"),
        "{}",
        app.backend
    );
    assert_eq!(coordinator.status(product).await, 200);
    let r = coordinator
        .post_form(
            &format!("{product}/stage"),
            &[("from", "4"), ("to", "5"), ("reason", "x")],
        )
        .await;
    assert_eq!(
        r.status().as_u16(),
        403,
        "coordinators read, officers record"
    );
}

/// Another city: not in its list, not by id, not writable.
async fn hidden_from_another_city(app: &TestApp, product: &str) {
    let other = app.another_node().await;
    other.sign_in_as(&[staff("341002", false)]).await;
    assert!(!other.get_text("/products").await.1.contains(product));
    assert_eq!(other.status("/cities/111007/voices").await, 404);
    assert_eq!(other.status("/cities/111007/rubric").await, 404);
    assert_eq!(other.status(product).await, 404);
    let r = other
        .post_form(
            &format!("{product}/stage"),
            &[("from", "4"), ("to", "5"), ("reason", "x")],
        )
        .await;
    assert_eq!(r.status().as_u16(), 404);
}

/// Withdrawal is a decision with its reasons; the product stays, marked.
async fn withdrawn(app: &TestApp, officer: &TestApp, product: &str) {
    let r = officer
        .post_form(
            &format!("{product}/decision"),
            &[("decision", "withdraw"), ("reasons", "競合製品の先行")],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let (_, page) = officer.get_text(product).await;
    assert!(page.contains("（撤退）") && page.contains("競合製品の先行"));
    let trail = audit_actions(app, Some("111007"), 50).await;
    for action in [
        "product.create",
        "product.stage",
        "product.support",
        "product.evaluation",
        "product.adoption",
        "product.decision",
        "product.coordinator",
    ] {
        assert!(trail.iter().any(|a| a == action), "{action}");
    }
}

#[tokio::test]
async fn sales_may_follow_production_and_racing_moves_have_one_winner() {
    for app in TestApp::each(false).await {
        let company = renkei_domain::company::CompanyDraft {
            name: "広島工業㈱".into(),
            ..Default::default()
        }
        .validate(&CityCode::parse("341002").unwrap())
        .unwrap();
        let company = app
            .store
            .create_company(&company, &[], &Actor::system("test"))
            .await
            .unwrap();
        let product = renkei_domain::product::ProductDraft {
            name: "卓上型パーティション".into(),
            stage: "8".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        let p = app
            .store
            .create_product(&company, &product, None, &Actor::system("test"))
            .await
            .unwrap();
        assert_eq!(
            MoveKind::of(Stage::Production, Stage::Sales),
            Some(MoveKind::Forward)
        );
        let mut tasks = Vec::new();
        for i in 0..8 {
            let store = app.store.clone();
            tasks.push(tokio::spawn(async move {
                let reason = format!("販路開拓へ {i}");
                store
                    .move_stage(
                        p.id,
                        Stage::Production,
                        Stage::Sales,
                        MoveKind::Forward,
                        &reason,
                        &Actor::system("test"),
                    )
                    .await
            }));
        }
        let mut won = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(_) => won += 1,
                Err(renkei_store::StoreError::Conflict) => {}
                // SQLite may refuse a writer that waited too long: also not a win.
                Err(renkei_store::StoreError::Db(_)) if app.backend == "sqlite" => {}
                Err(e) => panic!("{}: {e}", app.backend),
            }
        }
        assert_eq!(won, 1, "{}: exactly one move wins", app.backend);
        let events = app.store.product_events(p.id).await.unwrap();
        let moves = events
            .iter()
            .filter(|e| e.kind == renkei_store::ProductEventKind::Stage(MoveKind::Forward));
        assert_eq!(moves.count(), 1);
        assert_eq!(
            app.store.product(p.id).await.unwrap().unwrap().stage,
            Stage::Sales
        );
    }
}

/// A read-only officer reads the city's rubric and expected times (no form to change them),
/// and is refused a change; a full officer sees the forms.
#[tokio::test]
async fn a_read_only_officer_reads_the_rubric_and_the_referral_times() {
    for app in TestApp::each(false).await {
        let reader = app.another_node().await;
        reader.sign_in_as(&[staff("121002", true)]).await;
        let (status, page) = reader.get_text("/cities/121002/rubric").await;
        assert_eq!(status, 200, "{}: {page}", app.backend);
        assert!(page.contains("ニーズ・市場性, 3"), "{page}");
        assert!(!page.contains("<form method=\"post\" action=\"/cities/121002/rubric\""));
        let (status, page) = reader.get_text("/cities/121002/referral-times").await;
        assert_eq!(status, 200, "{}: {page}", app.backend);
        assert!(page.contains("<td>"), "the days are listed: {page}");
        assert!(!page.contains("name=\"days_"), "no field to change them");
        let r = reader
            .post_form(
                "/cities/121002/rubric",
                &[("criteria", "市場性, 2"), ("scale", "3"), ("version", "0")],
            )
            .await;
        assert_eq!(r.status().as_u16(), 403, "reading is not writing");
        let r = reader
            .post_form("/cities/121002/referral-times", &[("days_sent", "3")])
            .await;
        assert_eq!(r.status().as_u16(), 403);
        assert_eq!(reader.status("/cities/341002/rubric").await, 404);

        let officer = app.another_node().await;
        officer.sign_in_as(&[staff("121002", false)]).await;
        let (_, page) = officer.get_text("/cities/121002/rubric").await;
        assert!(page.contains("<form method=\"post\" action=\"/cities/121002/rubric\""));
        let (_, page) = officer.get_text("/cities/121002/referral-times").await;
        assert!(page.contains("name=\"days_"));
    }
}
