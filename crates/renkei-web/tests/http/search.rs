//! Search and matching: the relevance set (`relevance.tsv`) on the demo data, scoping by the
//! access policy (a grant's revocation takes effect at the next search, on any node), the
//! index following changes made on other nodes, results as one types (the page's fragment),
//! matching targets to a referral, the competing-product warning, and needs and seeds.

use renkei_domain::access::Role;
use renkei_store::Actor;
use serde_json::Value;

use crate::helpers::{TestApp, city, staff};

async fn first(app: &TestApp, q: &str) -> (u16, Value) {
    app.get_json(&format!(
        "/api/v1/search?q={}",
        url::form_urlencoded::byte_serialize(q.as_bytes()).collect::<String>()
    ))
    .await
}

#[tokio::test]
async fn the_relevance_set_ranks_what_people_mean_first() {
    for app in TestApp::each(true).await {
        let actor = Actor::system("test");
        let kumamoto = city("431001");
        app.store
            .create_need_seed(
                "need",
                &kumamoto,
                "夜間の転倒を早く知りたい",
                "病棟で夜間に患者が転倒するのを防ぎたい",
                &["看護部".into()],
                "くまもと森の都病院 看護部",
                &actor,
            )
            .await
            .unwrap();
        app.store
            .create_need_seed(
                "seed",
                &city("341002"),
                "床に敷く圧力センサーで離床と転倒を検知",
                "薄型の圧力センサーで、ベッドからの離床と転倒を知らせる",
                &["センサー".into()],
                "ひろしま精工（架空）",
                &actor,
            )
            .await
            .unwrap();
        let coordinator =
            renkei_domain::identity::Email::parse("hanako@city.chiba.example.jp").unwrap();
        app.store
            .create_user(
                &coordinator,
                "連携 花子",
                None,
                &[Role::Coordinator {
                    city: city("121002"),
                }],
                &actor,
            )
            .await
            .unwrap();
        let admin = app.another_node().await;
        admin.sign_in_admin().await;
        let mut failures = Vec::new();
        let set = include_str!("relevance.tsv");
        let mut n = 0;
        for line in set
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let [q, kind, holds] = line.split('\t').collect::<Vec<_>>()[..] else {
                panic!("bad line {line:?}");
            };
            n += 1;
            let (status, body) = first(&admin, q).await;
            assert_eq!(status, 200, "{q}");
            let top = &body["items"][0];
            let ok = top["kind"] == kind && top["title"].as_str().unwrap_or("").contains(holds);
            if !ok {
                let shown: Vec<String> = body["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .take(3)
                    .map(|i| format!("{} {}", i["kind"], i["title"]))
                    .collect();
                failures.push(format!("{q}: expected {kind} with {holds}, got {shown:?}"));
            }
        }
        assert!(n >= 25, "{n} queries");
        assert!(
            failures.is_empty(),
            "{}: {} of {n} queries rank something else first:\n{}",
            app.backend,
            failures.len(),
            failures.join("\n")
        );
    }
}

#[tokio::test]
async fn search_shows_only_what_the_caller_may_see_at_every_moment_on_every_node() {
    for app in TestApp::each(false).await {
        let actor = Actor::system("test");
        let chiba = city("121002");
        let company = renkei_domain::company::CompanyDraft {
            name: "ちば検索確認メディカル㈱".into(),
            ..Default::default()
        }
        .validate(&chiba)
        .unwrap();
        let hiroshima = app.another_node().await;
        hiroshima.sign_in_as(&[staff("341002", false)]).await;
        let chiba_officer = app.another_node().await;
        chiba_officer.sign_in_as(&[staff("121002", false)]).await;
        // Written on one node, found on another at once (it follows the audit trail).
        let record = app
            .store
            .create_company(&company, &[], &actor)
            .await
            .unwrap();
        let (_, body) = first(&chiba_officer, "検索確認メディカル").await;
        assert_eq!(body["total"], 1, "{}: {body}", app.backend);
        // Another city: not found, not counted.
        let (_, body) = first(&hiroshima, "検索確認メディカル").await;
        assert_eq!(body["total"], 0, "{}", app.backend);
        assert_eq!(body["kinds"].as_array().unwrap().len(), 0);
        // Shared by a grant: found; revoked: gone at the next search.
        let draft = renkei_domain::grant::GrantDraft {
            object_type: "company",
            object_id: record.id.to_string(),
            owner: chiba,
            grantee: city("341002"),
            purpose: "検索の確認".into(),
            valid_until: None,
        };
        let g = app
            .store
            .grant(draft.validate(chrono::Utc::now()).unwrap(), &actor)
            .await
            .unwrap();
        let (_, body) = first(&hiroshima, "検索確認メディカル").await;
        assert_eq!(body["total"], 1, "{}", app.backend);
        app.store
            .revoke_grant(g.id, &chiba, "確認終わり", &actor)
            .await
            .unwrap();
        let (_, body) = first(&hiroshima, "検索確認メディカル").await;
        assert_eq!(body["total"], 0, "{}: revoked, gone", app.backend);
        // A renamed record is found by its new name, not its old one.
        let mut changed = renkei_domain::company::CompanyDraft {
            name: "ちば改名後テクノ㈱".into(),
            ..Default::default()
        }
        .validate(&chiba)
        .unwrap();
        changed.name_kana = String::new();
        app.store
            .update_company(record.id, record.version, &changed, &actor)
            .await
            .unwrap();
        let (_, body) = first(&chiba_officer, "改名後テクノ").await;
        assert_eq!(body["total"], 1, "{}", app.backend);
        let (_, body) = first(&chiba_officer, "検索確認メディカル").await;
        assert_eq!(body["total"], 0, "{}", app.backend);
        // A company user sees its own company, not another.
        let firm = app.another_node().await;
        firm.sign_in_as(&[Role::CompanyUser {
            company: record.id.0,
        }])
        .await;
        let (_, body) = first(&firm, "改名後テクノ").await;
        assert_eq!(body["total"], 1);
        // Not signed in: refused.
        let stranger = app.another_node().await;
        let (status, _) = first(&stranger, "テクノ").await;
        assert_eq!(status, 401);
        // The page, and its results alone for results as one types.
        let (status, page) = chiba_officer
            .get_text("/search?q=%E6%94%B9%E5%90%8D%E5%BE%8C")
            .await;
        assert_eq!(status, 200);
        assert!(page.contains("ちば改名後テクノ㈱") && page.contains("search.js"));
        let (_, part) = chiba_officer
            .get_text("/search?q=%E6%94%B9%E5%90%8D%E5%BE%8C&partial=1")
            .await;
        assert!(part.contains("ちば改名後テクノ㈱") && !part.contains("<html"));
        // Facets: counts per kind and city, with the other filters applied.
        let (_, body) = chiba_officer
            .get_json("/api/v1/search?q=%E3%81%A1%E3%81%B0&kind=company")
            .await;
        assert!(
            body["kinds"]
                .as_array()
                .unwrap()
                .iter()
                .any(|k| k["value"] == "company")
        );
        // A coordinator of two cities is found in each, and gone once deactivated.
        let both = renkei_domain::identity::Email::parse("futari@example.jp").unwrap();
        let coordinator = app
            .store
            .create_user(
                &both,
                "二都市 調整",
                None,
                &[
                    Role::Coordinator {
                        city: city("121002"),
                    },
                    Role::Coordinator {
                        city: city("341002"),
                    },
                ],
                &actor,
            )
            .await
            .unwrap();
        let (_, body) = first(&chiba_officer, "二都市 調整").await;
        assert_eq!(body["total"], 2, "{}: {body}", app.backend);
        assert_eq!(body["items"][0]["id"], coordinator.id.0);
        app.store
            .deactivate_user(coordinator.id, &actor)
            .await
            .unwrap();
        let (_, body) = first(&chiba_officer, "二都市 調整").await;
        assert_eq!(body["total"], 0, "{}", app.backend);
        // Rebuilt from the database, the same is found.
        app.store
            .request_reindex(&Actor::system("test"))
            .await
            .unwrap();
        let (_, body) = first(&chiba_officer, "改名後テクノ").await;
        assert_eq!(body["total"], 1, "{}", app.backend);
    }
}

#[tokio::test]
async fn a_receiving_city_sees_its_targets_ranked_with_reasons_and_its_competing_products() {
    for app in TestApp::each(false).await {
        let actor = Actor::system("test");
        let hiroshima = city("341002");
        let (_, product) =
            crate::referrals::eligible_product(&app.store, "床擦れ（褥瘡）予防マット").await;
        for (kind, name, departments) in [
            ("hospital", "広島皮膚科病院（架空）", "皮膚科\n看護部"),
            ("hospital", "広島眼科病院（架空）", "眼科"),
            ("special-needs-school", "広島支援学校（架空）", "小学部"),
        ] {
            let t = renkei_domain::target::TargetDraft {
                kind: kind.into(),
                name: name.into(),
                departments: departments.into(),
                interests: if kind == "hospital" && departments.contains("看護") {
                    "褥瘡予防".into()
                } else {
                    String::new()
                },
                ..Default::default()
            }
            .validate()
            .unwrap();
            app.store
                .create_sales_target(&hiroshima, &t, &actor)
                .await
                .unwrap();
        }
        // A company of 広島市 with a product like it.
        let local = renkei_domain::company::CompanyDraft {
            name: "広島ケア用品㈱".into(),
            ..Default::default()
        }
        .validate(&hiroshima)
        .unwrap();
        let local = app.store.create_company(&local, &[], &actor).await.unwrap();
        let rival = renkei_domain::product::ProductDraft {
            name: "褥瘡予防マット".into(),
            summary: "褥瘡の予防を支援する".into(),
            stage: "8".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        app.store
            .create_product(&local, &rival, None, &actor)
            .await
            .unwrap();
        let r = crate::referrals::referral_in(
            &app.store,
            product,
            renkei_domain::referral::State::Accepted,
        )
        .await;
        let ranked = app
            .store
            .match_targets(product, "341002", &["hospital".into()], 10)
            .await
            .unwrap();
        assert_eq!(ranked[0].name, "広島皮膚科病院（架空）", "{}", app.backend);
        assert!(ranked[0].reasons.len() >= 2, "{:?}", ranked[0].reasons);
        assert!(
            ranked.iter().position(|m| m.name.contains("眼科"))
                < ranked.iter().position(|m| m.name.contains("支援学校"))
                || !ranked.iter().any(|m| m.name.contains("支援学校")),
            "a wanted kind ranks above another kind"
        );
        // On the receiving city's page: the ranking with its reasons, and the warning.
        let officer = app.another_node().await;
        officer.sign_in_as(&[staff("341002", false)]).await;
        let (_, page) = officer.get_text(&format!("/referrals/{}", r.id)).await;
        let at = page.find("id=\"matches\"").expect("the ranking is shown");
        let after = &page[at..];
        assert!(after.find("広島皮膚科病院") < after.find("広島眼科病院"));
        assert!(after.contains("企業が希望する販路の種別"));
        assert!(page.contains("id=\"competing\"") && page.contains("褥瘡予防マット"));
        // The sending city does not see the receiving city's products.
        let sender = app.another_node().await;
        sender.sign_in_as(&[staff("121002", false)]).await;
        let (_, page) = sender.get_text(&format!("/referrals/{}", r.id)).await;
        assert!(!page.contains("id=\"competing\""));
    }
}

#[tokio::test]
async fn needs_and_seeds_are_recorded_and_shown_their_counterparts_across_cities() {
    for app in TestApp::each(false).await {
        let coordinator = app.another_node().await;
        coordinator
            .sign_in_as(&[Role::Coordinator {
                city: city("431001"),
            }])
            .await;
        let r = coordinator
            .post_form(
                "/needs-seeds",
                &[("kind", "need"), ("city", "431001"), ("title", "")],
            )
            .await;
        assert_eq!(r.status().as_u16(), 422);
        assert!(r.text().await.unwrap().contains("件名を入力してください"));
        let r = coordinator
            .post_form(
                "/needs-seeds",
                &[
                    ("kind", "need"),
                    ("city", "431001"),
                    ("title", "夜間の転倒を早く知りたい"),
                    (
                        "description",
                        "病棟で夜間に患者が転倒するのを早く知らせたい",
                    ),
                    ("fields", "看護部"),
                ],
            )
            .await;
        assert_eq!(r.status().as_u16(), 303, "{}", app.backend);
        let need = crate::helpers::location(&r);
        // Another city's officer records seeds; the matching one is shown first.
        let officer = app.another_node().await;
        officer.sign_in_as(&[staff("341002", false)]).await;
        for (title, description) in [
            (
                "圧力センサーで離床と転倒を検知",
                "ベッドからの離床と転倒を知らせる薄型センサー",
            ),
            ("抗菌コーティング", "手すりの抗菌加工"),
        ] {
            let r = officer
                .post_form(
                    "/needs-seeds",
                    &[
                        ("kind", "seed"),
                        ("city", "341002"),
                        ("title", title),
                        ("description", description),
                    ],
                )
                .await;
            assert_eq!(r.status().as_u16(), 303);
        }
        // Not in a city the officer does not record for.
        let r = officer
            .post_form(
                "/needs-seeds",
                &[("kind", "seed"), ("city", "121002"), ("title", "越権")],
            )
            .await;
        assert_eq!(r.status().as_u16(), 422);
        let (_, page) = coordinator.get_text(&need).await;
        let at = page.find("id=\"counterparts\"").unwrap();
        let list = &page[at..];
        let first = list
            .find("圧力センサーで離床と転倒を検知")
            .expect("the seed is shown");
        assert!(list.find("抗菌コーティング").is_none_or(|i| i > first));
        // Not for a company's people.
        let firm = app.another_node().await;
        firm.sign_in_as(&[Role::CompanyUser { company: 1 }]).await;
        assert_eq!(firm.get(&need).await.status().as_u16(), 404);
        assert_eq!(firm.get("/needs-seeds").await.status().as_u16(), 403);
    }
}
