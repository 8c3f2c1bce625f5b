//! The requests about a company, a product or a referral, pages and API, each with a body
//! that succeeds when the caller may make it.

use renkei_domain::access::Role;
use renkei_domain::referral::State;
use serde_json::json;

use super::policy::{Slot, Who};
use super::requests::{Body, Request, form};
use super::world::{OWN, World};

fn at(path: &str, id: i64, body: Body) -> Option<Request> {
    Some(Request {
        url: path.replace("{id}", &id.to_string()),
        body,
    })
}

/// The other slot: the city that receives the slot's referral.
fn other(slot: Slot) -> Slot {
    match slot {
        Slot::Own => Slot::Foreign,
        Slot::Foreign => Slot::Own,
    }
}

/// A score for every criterion of the city's rubric, as it is now.
async fn scores(world: &World, slot: Slot) -> Vec<u32> {
    let (rubric, _) = world.store.rubric_of(&world.of(slot).code).await.unwrap();
    vec![1; rubric.criteria.len()]
}

/// The form that shares a record with the third city, for a month.
fn share() -> Body {
    let until = (chrono::Utc::now() + chrono::Duration::days(30))
        .date_naive()
        .to_string();
    form(&[
        ("grantee", super::world::THIRD),
        ("purpose", "権限確認のための共有"),
        ("valid_until", &until),
    ])
}

/// The company's and its products' pages.
pub async fn company(world: &World, path: &str, method: &str, slot: Slot) -> Option<Request> {
    let facts = world.of(slot);
    let (company, product) = (facts.company.id.0, facts.product.id.0);
    let n = world.next();
    match (path, method) {
        (p, "GET") if p.starts_with("/companies/") => at(p, company, Body::None),
        (p, "GET") => at(p, product, Body::None),
        ("/companies/{id}/edit", "POST") => {
            let (c, _) = world
                .store
                .company(facts.company.id)
                .await
                .unwrap()
                .unwrap();
            let (code, version) = (c.home_city.to_string(), c.version.to_string());
            let fields = [("home_city", code.as_str()), ("name", c.name.as_str())];
            let rest = [("version", version.as_str()), ("not_a_duplicate", "1")];
            at(
                path,
                company,
                form(&[fields[0], fields[1], rest[0], rest[1]]),
            )
        }
        ("/companies/{id}/people/invite", "POST") => {
            let email = format!(
                "colleague{n}-{}@test.renkei.example",
                uuid::Uuid::new_v4().simple()
            );
            at(
                path,
                company,
                form(&[("email", &email), ("name", "招待した同僚")]),
            )
        }
        ("/companies/{id}/people/{user}/remove", "POST") => {
            let member = world.account(&[Role::CompanyUser { company }]).await;
            let path = path.replace("{user}", &member.to_string());
            at(&path, company, form(&[]))
        }
        ("/companies/{id}/grants", "POST") => at(path, company, share()),
        ("/products/{id}/grants", "POST") => at(path, product, share()),
        ("/companies/{id}/contacts", "POST") => {
            let name = format!("担当者{n}号");
            at(path, company, form(&[("contact_name", &name)]))
        }
        ("/companies/{id}/contacts/{contact}/delete", "POST") => {
            let contact = world.contact(slot).await;
            let path = path.replace("{contact}", &contact.to_string());
            at(&path, company, form(&[]))
        }
        ("/companies/{id}/merge", "POST") => {
            let duplicate = world.company(&facts.code).await;
            let into = company.to_string();
            at(path, duplicate.id.0, form(&[("into", &into)]))
        }
        ("/companies/{id}/partner-listing", "POST") => {
            let fields = [("offers", "権限確認の精密加工"), ("agree", "1")];
            at(path, company, form(&fields))
        }
        ("/companies/{id}/products/new", "POST") => {
            let name = format!("権限確認で登録した製品{n}号");
            at(path, company, form(&[("name", &name), ("stage", "5")]))
        }
        ("/products/{id}/edit", "POST") => {
            let p = world
                .store
                .product(facts.product.id)
                .await
                .unwrap()
                .unwrap();
            let version = p.version.to_string();
            let fields = [("name", p.name.as_str()), ("version", version.as_str())];
            at(path, product, form(&fields))
        }
        ("/products/{id}/stage", "POST") => {
            let fresh = world.fresh_product(slot).await.id.0;
            let fields = [("from", "5"), ("to", "6"), ("reason", "試作品が完成")];
            at(path, fresh, form(&fields))
        }
        ("/products/{id}/decision", "POST") => {
            let fields = [("decision", "continue"), ("reasons", "引き合いが多い")];
            at(path, product, form(&fields))
        }
        ("/products/{id}/evaluations", "POST") => {
            let fields = [
                ("kind", "research-group"),
                ("title", "研究会"),
                ("date", "2026-05-01"),
            ];
            at(path, product, form(&fields))
        }
        ("/products/{id}/adoptions", "POST") => {
            let fields = [("adopter", "市立病院"), ("adopter_kind", "hospital")];
            at(path, product, form(&fields))
        }
        ("/products/{id}/support", "POST") => {
            let fields = [
                ("measure", "development.grants-loans"),
                ("provider", "own"),
                ("supported_on", "2026-04-01"),
                ("outcome", "採択"),
            ];
            at(path, product, form(&fields))
        }
        ("/products/{id}/coordinator", "POST") => {
            let coordinator = facts.coordinator_account.to_string();
            at(path, product, form(&[("coordinator", &coordinator)]))
        }
        ("/products/{id}/voices", "POST") => {
            let fields = [
                ("voice_stage", "4"),
                ("topic", "regulation"),
                ("voice", "相談先が分からない"),
            ];
            at(path, product, form(&fields))
        }
        ("/products/{id}/reviews", "POST") => {
            let fresh = world.fresh_product(slot).await.id.0;
            let mut fields: Vec<(String, String)> = (scores(world, slot).await.iter())
                .enumerate()
                .map(|(i, s)| (format!("score_{i}"), s.to_string()))
                .collect();
            fields.push(("comment".into(), "権限確認".into()));
            at(path, fresh, Body::Form(fields))
        }
        ("/products/{id}/referrals/new", "POST") => {
            let fresh = world.fresh_product(slot).await.id.0;
            let receiving = facts.other.to_string();
            at(
                path,
                fresh,
                form(&[("receiving", &receiving), ("reason", "販路の拡大")]),
            )
        }
        _ => None,
    }
}

/// A referral's page and its steps, each on a referral where its party may take it.
pub async fn referral(
    world: &World,
    who: Who,
    path: &str,
    method: &str,
    slot: Slot,
) -> Option<Request> {
    if method == "GET" {
        return at(path, world.referrals[&slot].r.id.0, Body::None);
    }
    let state = match path {
        "/referrals/{id}/consent" => State::Selected,
        "/referrals/{id}/activities" => State::Forwarded,
        "/referrals/{id}/feedback" => State::Reported,
        _ => State::Accepted,
    };
    let fresh = world.referral(slot, state, true, false).await;
    let version = fresh.r.version.to_string();
    let (row, row_version, _) = fresh.row.clone().unwrap_or_default();
    let path = path.replace("{target}", &row.to_string());
    let body = match path.rsplit('/').next().unwrap() {
        "consent" => form(&[
            ("kind_hospital", "on"),
            ("agree", "on"),
            ("version", &version),
        ]),
        "move" => {
            // The receiving city reports back; the sending city and the company withdraw.
            let m = if who == Who::Staff && slot == Slot::Foreign {
                "feed-back"
            } else {
                "withdraw"
            };
            form(&[("move", m), ("version", &version)])
        }
        "targets" => {
            let target = world.of(other(slot)).second_target.id.to_string();
            form(&[("target", &target)])
        }
        "provide" => form(&[]),
        "answer" => {
            let v = row_version.to_string();
            form(&[
                ("answer", "agreed"),
                ("version", &v),
                ("note", "話を聞きます"),
            ])
        }
        "activities" => form(&[
            ("date", "2026-05-01"),
            ("kind", "meeting"),
            ("note", "面談"),
        ]),
        "feedback" => form(&[("rating", "4"), ("comment", "円滑でした")]),
        _ => return None,
    };
    at(&path, fresh.r.id.0, body)
}

/// A menu entry as the API takes it.
fn entry(world: &World, version: Option<i32>) -> serde_json::Value {
    let name = format!("権限確認で書いた施策{}号", world.next());
    let mut e = json!({"measure": "development.grants-loans", "offering": "own", "name": name});
    if let Some(v) = version {
        e["version"] = json!(v);
    }
    e
}

/// The API's operations.
pub async fn api(world: &World, path: &str, method: &str, slot: Slot) -> Option<Request> {
    let facts = world.of(slot);
    let (company, product) = (facts.company.id.0, facts.product.id.0);
    let code = facts.code.to_string();
    let path = path
        .replace("{city}", &code)
        .replace("{stage}", "5")
        .replace("{code}", "development.grants-loans");
    let p = path.as_str();
    let json = Body::Json;
    match (p, method) {
        ("/api/v1/search", "GET") => at("/api/v1/search?q=権限確認", 0, Body::None),
        (p, "GET") if p.starts_with("/api/v1/companies/") => at(p, company, Body::None),
        (p, "GET") if p.starts_with("/api/v1/products/") => at(p, product, Body::None),
        (p, "GET") if p.starts_with("/api/v1/referrals/") => {
            at(p, world.referrals[&slot].r.id.0, Body::None)
        }
        (p, "GET") => at(p, facts.menu_entry, Body::None),
        (p, "POST") if p.ends_with("/menu") => at(p, 0, json(entry(world, None))),
        (p, "PUT") if p.contains("/menu/") => {
            let fresh = world.menu_entry(&facts.code).await;
            at(p, fresh, json(entry(world, Some(1))))
        }
        (p, "DELETE") => at(p, world.menu_entry(&facts.code).await, Body::None),
        ("/api/v1/companies", "POST") => {
            let name = format!("権限確認で登録した企業{}号", world.next());
            let body = json!({"home_city": OWN, "name": name, "not_a_duplicate": true});
            at(p, 0, json(body))
        }
        ("/api/v1/companies/{id}", "PUT") => {
            let (c, _) = world
                .store
                .company(facts.company.id)
                .await
                .unwrap()
                .unwrap();
            let body = json!({"home_city": c.home_city, "name": c.name, "version": c.version});
            at(p, company, json(body))
        }
        ("/api/v1/companies/{id}/products", "POST") => {
            let name = format!("権限確認で登録した製品{}号", world.next());
            at(p, company, json(json!({"name": name, "stage": "5"})))
        }
        ("/api/v1/products/{id}", "PUT") => {
            let current = world
                .store
                .product(facts.product.id)
                .await
                .unwrap()
                .unwrap();
            let body = json!({"name": current.name, "summary": current.summary, "version": current.version});
            at(p, product, json(body))
        }
        ("/api/v1/products/{id}/stage", "POST") => {
            let fresh = world.fresh_product(slot).await.id.0;
            let body = json!({"from": 5, "to": "6", "reason": "試作品が完成"});
            at(p, fresh, json(body))
        }
        ("/api/v1/products/{id}/support", "POST") => {
            let body = json!({"measure": "development.grants-loans", "provider": "own", "date": "2026-04-01"});
            at(p, product, json(body))
        }
        ("/api/v1/products/{id}/reviews", "POST") => {
            let fresh = world.fresh_product(slot).await.id.0;
            let body = json!({"scores": scores(world, slot).await, "comment": "権限確認"});
            at(p, fresh, json(body))
        }
        _ => None,
    }
}
