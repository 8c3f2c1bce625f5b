//! The authorization matrix: every route of the router (pages as registered, API operations
//! as the OpenAPI document lists them), for every role, in the caller's own city and in a
//! foreign one, answers what the access policy decides — taken from the router itself, so a
//! new route cannot be forgotten.

use renkei_domain::access::{Decision, Role, Subject};
use renkei_domain::city::CityCode;
use renkei_web::Access;
use serde_json::{Value, json};

use crate::helpers::TestApp;

fn entry() -> Value {
    json!({"measure": "development.grants-loans", "offering": "own", "name": "権限確認用の施策"})
}

/// A path of the table with its parameters filled in: a company's pages get the company of
/// `city`, every other `{id}` one that does not exist.
fn concrete(path: &str, city: &str, entry: i64, records: Records) -> String {
    let id = if path.contains("companies/") {
        records.company
    } else if path.contains("products/") {
        records.product
    } else if path.contains("referrals/") {
        records.referral
    } else if path.contains("sales-targets/") {
        records.target
    } else {
        entry
    };
    path.replace("{city}", city)
        .replace("{id}", &id.to_string())
        .replace("{contact}", "999999")
        .replace("{target}", "999999")
        .replace("{token}", "not-a-link")
        .replace("{stage}", "5")
        .replace("{code}", "development.grants-loans")
}

/// The records of one city the matrix asks about.
#[derive(Debug, Clone, Copy)]
struct Records {
    company: i64,
    product: i64,
    /// Of that product, sent to the other city.
    referral: i64,
    target: i64,
}

#[tokio::test]
async fn every_route_answers_what_the_policy_says_for_every_role_and_city() {
    let (own, foreign) = (
        CityCode::parse("121002").unwrap(),
        CityCode::parse("341002").unwrap(),
    );
    let roles: Vec<(&str, Vec<Role>)> = vec![
        ("anonymous", vec![]),
        ("admin", vec![Role::PlatformAdmin]),
        (
            "staff",
            vec![Role::CityStaff {
                city: own,
                read_only: false,
            }],
        ),
        (
            "staff-ro",
            vec![Role::CityStaff {
                city: own,
                read_only: true,
            }],
        ),
        ("coordinator", vec![Role::Coordinator { city: own }]),
        ("company", vec![Role::CompanyUser { company: 1 }]),
        ("target", vec![Role::TargetContact { organization: 1 }]),
        ("jury", vec![Role::JuryMember { call: 1 }]),
    ];
    // Signing in and out come last, so that signing out does not end the session the other
    // routes are asked with.
    let mut table = renkei_web::route_table();
    table.sort_by_key(|(_, _, access)| *access == Access::Account);
    assert!(
        table
            .iter()
            .any(|(p, m, _)| p == "/cities/{city}/menu/new" && *m == "POST")
    );
    assert!(
        table
            .iter()
            .any(|(p, m, _)| p == "/api/v1/cities/{city}/menu/{id}" && *m == "DELETE")
    );
    for app in TestApp::each(true).await {
        // Entries of both cities that no request below can remove: deletions are asked for
        // an id that does not exist, so only the policy's answer is seen.
        // A company in each city: the first is company 1, the company user's own.
        let mut companies = std::collections::HashMap::new();
        for city in [&own, &foreign] {
            let company = renkei_domain::company::CompanyDraft {
                name: format!("権限確認用の企業 {city}"),
                ..Default::default()
            }
            .validate(city)
            .unwrap();
            let record = app
                .store
                .create_company(&company, &[], &renkei_store::Actor::system("test"))
                .await
                .unwrap();
            let product = renkei_domain::product::ProductDraft {
                name: format!("権限確認用の製品 {city}"),
                stage: "5".into(),
                ..Default::default()
            }
            .validate()
            .unwrap();
            let product = app
                .store
                .create_product(
                    &record,
                    &product,
                    None,
                    &renkei_store::Actor::system("test"),
                )
                .await
                .unwrap();
            let target = renkei_domain::target::TargetDraft {
                kind: "hospital".into(),
                name: format!("権限確認用の病院 {city}"),
                ..Default::default()
            }
            .validate()
            .unwrap();
            let target = app
                .store
                .create_sales_target(city, &target, &renkei_store::Actor::system("test"))
                .await
                .unwrap();
            companies.insert(*city, (record.id, product.id, target.id));
        }
        // A referral of each city's product to the other city, sent.
        let mut records = std::collections::HashMap::new();
        for (city, other) in [(&own, &foreign), (&foreign, &own)] {
            let (company, product, target) = companies[city];
            let system = renkei_store::Actor::system("test");
            let r = renkei_app::referrals::select(
                &renkei_app::testing::app(&app.store),
                product,
                other,
                "権限確認",
                &system,
            )
            .await
            .unwrap();
            let consent = renkei_store::Consent {
                kinds: vec![renkei_domain::target::TargetKind::Hospital],
                items: "items".into(),
                purpose: "purpose".into(),
                wording: "wording".into(),
                wording_version: "v".into(),
            };
            use renkei_domain::referral::{Move, Party};
            let r = renkei_app::referrals::move_as(
                &renkei_app::testing::app(&app.store),
                r.id,
                r.version,
                Party::Company,
                &Move::Consent,
                &renkei_app::referrals::MoveInput {
                    note: String::new(),
                    consent: Some(consent),
                },
                &system,
            )
            .await
            .unwrap()
            .unwrap();
            let r = renkei_app::testing::step(&app.store, &r, Party::SendingCity, Move::Send).await;
            records.insert(
                *city,
                Records {
                    company,
                    product,
                    referral: r.id,
                    target,
                },
            );
        }
        let (mut checked, mut failures) = (0, Vec::new());
        for (name, roles) in &roles {
            let person = app.another_node().await;
            if !roles.is_empty() {
                person.sign_in_as(roles).await;
            }
            let subject = Subject {
                roles: roles.clone(),
            };
            for (path, method, access) in &table {
                for (city, other) in [(&own, &foreign), (&foreign, &own)] {
                    let rec = records[city];
                    let url = concrete(path, &city.to_string(), 999_999, rec);
                    let expected = access.decision(&subject, city, other, rec.company);
                    let request = person
                        .client
                        .request(method.parse().unwrap(), person.url(&url));
                    let request = if path.starts_with("/api/") {
                        // A well-formed entry, as a real client would send.
                        person.with_csrf(request).json(&entry())
                    } else if *method == "POST" {
                        // Forms carry the session's CSRF token, as the pages' forms do.
                        let csrf = person.csrf_token().unwrap_or_default();
                        request.form(&[("csrf", csrf.as_str())])
                    } else {
                        request
                    };
                    let r = request.send().await.unwrap();
                    let status = r.status().as_u16();
                    let to_sign_in = status == 303
                        && r.headers().get("location").is_some_and(|l| l == "/sign-in");
                    let ok = match expected {
                        // Signing in and out answer for themselves (a form without its
                        // CSRF token is refused); the policy does not govern them.
                        Decision::Allow if *access == Access::Account => status < 500,
                        Decision::Allow => !(matches!(status, 401 | 403) || to_sign_in),
                        Decision::Forbidden if roles.is_empty() => {
                            if path.starts_with("/api/") {
                                status == 401
                            } else {
                                to_sign_in
                            }
                        }
                        Decision::Forbidden => status == 403,
                        Decision::NotFound => status == 404,
                    };
                    checked += 1;
                    if !ok {
                        failures.push(format!(
                            "{name} {method} {url}: expected {expected:?}, got {status}"
                        ));
                    }
                }
            }
        }
        assert!(
            failures.is_empty(),
            "{}: {} of {checked} answers differ from the policy:\n{}",
            app.backend,
            failures.len(),
            failures.join("\n")
        );
        assert!(checked >= 8 * 2 * 20, "{checked} answers checked");
    }
}
