//! Each route as a real client sends it: its path filled in with records of the slot's city,
//! and a state-changing request with a body that succeeds when the caller is allowed (valid
//! fields, the current version, a record that still exists — a fresh one where the request
//! uses it up).

use renkei_domain::access::Role;
use renkei_domain::referral::State;
use serde_json::Value;

use super::policy::{Slot, Who};
use super::records::{api, company, referral};
use super::world::{OWN, World};

/// What a request carries. Forms get the session's CSRF token, API writes its header.
pub enum Body {
    None,
    Form(Vec<(String, String)>),
    Json(Value),
    /// A file for the import page, for the own city.
    Upload,
    /// A PDF file attached under a field of an application's form.
    Attach(String),
    /// A multipart form: its fields and a file under `file` (a CSR checklist's import).
    Multipart(Vec<(String, String)>, Vec<u8>),
    /// The confirmation of a second factor's enrolment: the person's factor is removed and a
    /// new enrolment started first, and the code sent is the one an app shows for its secret.
    Enrol,
    /// A form of a page that has its own CSRF token (signing in, asking for a reset): the
    /// page is opened first, and its token sent back.
    PageForm(String, Vec<(String, String)>),
}

pub struct Request {
    pub url: String,
    pub body: Body,
}

/// A form of `fields`.
pub(super) fn form(fields: &[(&str, &str)]) -> Body {
    Body::Form(
        fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
    )
}

/// `path` with the slot's city, the catalog's stage and measure, and `id`.
fn fill(path: &str, world: &World, slot: Slot, id: i64) -> String {
    path.replace("{city}", &world.of(slot).code.to_string())
        .replace("{stage}", "5")
        .replace("{code}", "development.grants-loans")
        .replace("{id}", &id.to_string())
}

/// The request for `method path` by `who`, about the slot's records.
pub async fn build(world: &World, who: Who, path: &str, method: &str, slot: Slot) -> Request {
    let get = |id: i64| Request {
        url: fill(path, world, slot, id),
        body: Body::None,
    };
    if path.starts_with("/sign-in/oidc") || path.contains("/identity-providers") {
        let found = super::providers::request(world, who, path, method, slot).await;
        return found.unwrap_or_else(|| panic!("no request written for {method} {path}"));
    }
    let by_token = [
        "/account/link",
        "/register-company/withdraw",
        "/events/registration",
    ];
    let plain = !path.contains('{') && !path.starts_with("/api/") && !by_token.contains(&path);
    if method == "GET" && plain {
        return get(0);
    }
    // The evidence reads; nothing of the slot but its city.
    let evidence = path.contains("/dashboard")
        || path.starts_with("/reports/")
        || path.starts_with("/cities/{city}/report.")
        || path.starts_with("/api/v1/open-data");
    if method == "GET" && evidence {
        return get(0);
    }
    let events = [
        "/events",
        "/cities/{city}/events",
        "/api/v1/events",
        "/api/v1/cities/{city}/events",
    ]
    .iter()
    .any(|p| path.starts_with(p));
    let cases = path.starts_with("/consultations/")
        || path.starts_with("/api/v1/consultations/")
        || (path.ends_with("/companies/{id}/consultations") && method == "POST");
    let bridges = path.starts_with("/bridges/")
        || path.starts_with("/api/v1/bridges/")
        || path.starts_with("/admin/national-bodies/")
        || path.ends_with("/bridges");
    let found = if super::csr::owns(path) {
        super::csr::request(world, who, path, method, slot).await
    } else if super::preparations::owns(path) {
        super::preparations::request(world, who, path, method, slot).await
    } else if super::training::owns(path) {
        super::training::request(world, path, method, slot).await
    } else if super::threads::owns(path) {
        super::threads::request(world, who, path, method, slot).await
    } else if super::showcase::owns(path) {
        super::showcase::request(world, who, path, method, slot).await
    } else if super::calls::owns(path) {
        super::calls::request(world, who, path, method, slot).await
    } else if path.contains("/research-groups") {
        super::research_groups::request(world, who, path, method, slot).await
    } else if bridges {
        super::bridges::request(world, who, path, method, slot).await
    } else if super::network::owns(path) {
        super::network::request(world, who, path, method, slot).await
    } else if super::partnering::owns(path) {
        super::partnering::request(world, who, path, method, slot).await
    } else if events {
        super::events::request(world, who, path, method, slot).await
    } else if super::dispatches::owns(path) {
        super::dispatches::request(world, who, path, method, slot).await
    } else if cases {
        super::consultations::request(world, who, path, method, slot).await
    } else if path.starts_with("/api/") {
        api(world, path, method, slot).await
    } else if path.starts_with("/referrals/") {
        referral(world, who, path, method, slot).await
    } else if path.starts_with("/products/") || path.starts_with("/companies/{id}") {
        company(world, path, method, slot).await
    } else {
        page(world, path, method, slot).await
    };
    found.unwrap_or_else(|| panic!("no request written for {method} {path}"))
}

/// A menu entry's fields, valid.
fn menu_fields(world: &World, version: &str) -> Body {
    let name = format!("権限確認で書いた施策{}号", world.next());
    form(&[
        ("measure", "development.grants-loans"),
        ("offering", "own"),
        ("name", &name),
        ("version", version),
    ])
}

/// The pages that are not about a company, a product or a referral.
async fn page(world: &World, path: &str, method: &str, slot: Slot) -> Option<Request> {
    let n = world.next();
    if let Some(request) = behind_a_token(world, path, method, slot).await {
        return Some(request);
    }
    let asked = Asked {
        world,
        path,
        method,
        slot,
        n,
    };
    let (id, body) = match accounts_and_menus(asked).await {
        Some(found) => found,
        None => records_and_settings(asked).await?,
    };
    Some(Request {
        url: fill(path, world, slot, id),
        body,
    })
}

/// The pages reached by a token or a link of their own: a one-time link, a target's
/// introduction, the person's own upload.
async fn behind_a_token(world: &World, path: &str, method: &str, slot: Slot) -> Option<Request> {
    let get_or = |body: Body| if method == "GET" { Body::None } else { body };
    match path {
        "/account/link" => {
            let token = world.invitation().await;
            let url = format!("/account/link?token={token}");
            let password = crate::helpers::TEST_PASSWORD;
            let body = get_or(form(&[
                ("token", &token),
                ("password", password),
                ("confirm", password),
            ]));
            Some(Request { url, body })
        }
        "/register-company/withdraw" => {
            let (_, token) = registration(world, slot, world.next()).await;
            let body = get_or(form(&[("token", &token), ("version", "1")]));
            let url = format!("/register-company/withdraw?token={token}");
            Some(Request { url, body })
        }
        "/introductions/{token}" => {
            let fresh = world.referral(slot, State::Accepted, true, false).await;
            let (_, _, token) = fresh.row.unwrap();
            let body = get_or(form(&[("answer", "agreed"), ("note", "話を聞きます")]));
            let url = format!("/introductions/{token}");
            Some(Request { url, body })
        }
        "/sales-targets/{id}/people/{user}/remove" => {
            let organization = world.of(slot).target.id.0;
            let member = world.account(&[Role::TargetContact { organization }]).await;
            let url = format!("/sales-targets/{organization}/people/{member}/remove");
            Some(Request {
                url,
                body: form(&[]),
            })
        }
        "/companies/import/{id}" => {
            // The person's own upload (see `Person::upload`).
            let body = get_or(form(&[("commit", "1")]));
            let url = "/companies/import/{upload}".to_owned();
            Some(Request { url, body })
        }
        _ => None,
    }
}

/// A page's request as `page` is asked for it, with the number of the request.
#[derive(Clone, Copy)]
struct Asked<'a> {
    world: &'a World,
    path: &'a str,
    method: &'a str,
    slot: Slot,
    n: usize,
}

/// Accounts, the password reset, grants and the menu: the record's id and the body.
async fn accounts_and_menus(asked: Asked<'_>) -> Option<(i64, Body)> {
    let (world, slot, n) = (asked.world, asked.slot, asked.n);
    let facts = world.of(slot);
    Some(match (asked.path, asked.method) {
        ("/password-reset", "POST") => {
            let email = vec![("email".into(), "nobody@test.renkei.example".into())];
            (0, Body::PageForm("/password-reset".into(), email))
        }
        ("/register-company", "POST") => {
            let (name, email) = (
                format!("権限確認で申し込んだ企業{n}号"),
                format!(
                    "applicant{n}-{}@test.renkei.example",
                    uuid::Uuid::new_v4().simple()
                ),
            );
            let fields = [
                ("city", OWN),
                ("name", name.as_str()),
                ("applicant_name", "申込 太郎"),
                ("applicant_email", email.as_str()),
            ];
            let fields = fields
                .iter()
                .map(|(k, v)| ((*k).into(), (*v).into()))
                .collect();
            (0, Body::PageForm("/register-company".into(), fields))
        }
        ("/account/second-factor/confirm", "POST") => (0, Body::Enrol),
        ("/account/second-factor/disable", "POST") => {
            (0, form(&[("password", crate::helpers::TEST_PASSWORD)]))
        }
        ("/cities/{city}/menu/new", "GET") => (0, Body::None),
        ("/cities/{city}/menu/new", "POST") => (0, menu_fields(world, "")),
        (p, "GET") if p.starts_with("/cities/{city}/menu/{id}") => (facts.menu_entry, Body::None),
        ("/cities/{city}/menu/{id}/edit", "POST") => {
            (world.menu_entry(&facts.code).await, menu_fields(world, "1"))
        }
        ("/cities/{city}/menu/{id}/delete", "POST") => {
            (world.menu_entry(&facts.code).await, form(&[]))
        }
        ("/cities/{city}/users/invite", "POST") => {
            let email = format!(
                "invite{n}-{}@test.renkei.example",
                uuid::Uuid::new_v4().simple()
            );
            let code = facts.code.to_string();
            let fields = [
                ("email", email.as_str()),
                ("name", "招待"),
                ("role", "coordinator"),
            ];
            (0, form(&[fields[0], fields[1], fields[2], ("city", &code)]))
        }
        ("/cities/{city}/users/{id}", "GET") | ("/admin/users/{id}", "GET") => {
            (facts.staff_account, Body::None)
        }
        ("/cities/{city}/users/{id}/role", "POST") => (
            world.staff_account(slot).await,
            form(&[("role", "city-staff-read-only")]),
        ),
        ("/cities/{city}/users/{id}/deactivate", "POST")
        | ("/admin/users/{id}/deactivate", "POST") => (world.staff_account(slot).await, form(&[])),
        ("/cities/{city}/users/{id}/reinvite", "POST") => (facts.staff_account, form(&[])),
        ("/cities/{city}/users/{id}/organization", "POST") => (
            world.staff_account(slot).await,
            form(&[("organization", "")]),
        ),
        ("/cities/{city}/organizations", "POST") => {
            let name = format!("権限確認で登録した財団{n}号");
            (0, form(&[("name", &name), ("kind", "foundation")]))
        }
        ("/cities/{city}/users/{id}/second-factor", "POST") => {
            (world.staff_account(slot).await, form(&[]))
        }
        ("/cities/{city}/grants/{id}/revoke", "POST") => (
            world.grant(slot).await,
            form(&[("reason", "権限確認のための取り消し")]),
        ),
        ("/admin/users/invite", "POST") => {
            let email = format!(
                "admin-invite{n}-{}@test.renkei.example",
                uuid::Uuid::new_v4().simple()
            );
            (
                0,
                form(&[
                    ("email", &email),
                    ("name", "招待"),
                    ("role", "coordinator"),
                    ("city", OWN),
                ]),
            )
        }
        _ => return None,
    })
}

/// Companies, imports, targets, needs and the cities' settings, and the pages with no
/// record: the record's id and the body.
async fn records_and_settings(asked: Asked<'_>) -> Option<(i64, Body)> {
    let (world, path, n) = (asked.world, asked.path, asked.n);
    let facts = world.of(asked.slot);
    Some(match (path, asked.method) {
        ("/companies/new", "POST") => {
            let name = format!("権限確認で登録した企業{n}号");
            (
                0,
                form(&[
                    ("home_city", OWN),
                    ("name", &name),
                    ("not_a_duplicate", "1"),
                ]),
            )
        }
        ("/companies/import", "POST") => (0, Body::Upload),
        ("/sales-targets/new", "POST") => {
            let name = format!("権限確認で登録した病院{n}号");
            (
                0,
                form(&[("city", OWN), ("kind", "hospital"), ("name", &name)]),
            )
        }
        ("/cities/{city}/rubric", "POST") => {
            let (_, version) = world.store.rubric_of(&facts.code).await.unwrap();
            let version = version.to_string();
            (
                0,
                form(&[
                    ("criteria", "市場性, 2\n使いやすさ, 1"),
                    ("scale", "5"),
                    ("version", &version),
                ]),
            )
        }
        ("/cities/{city}/referral-times", "POST") => {
            let fields: Vec<(String, String)> = State::ALL
                .iter()
                .map(|s| (format!("days_{}", s.code()), "14".to_owned()))
                .collect();
            (0, Body::Form(fields))
        }
        ("/sales-targets/{id}", "GET")
        | ("/sales-targets/{id}/edit", "GET")
        | ("/sales-targets/{id}/people", "GET") => (facts.target.id.0, Body::None),
        ("/sales-targets/{id}/people/invite", "POST") => {
            let email = format!(
                "contact{n}-{}@test.renkei.example",
                uuid::Uuid::new_v4().simple()
            );
            let body = form(&[("email", &email), ("name", "招待した担当者")]);
            (facts.target.id.0, body)
        }

        ("/sales-targets/{id}/edit", "POST") => {
            let t = world
                .store
                .sales_target(facts.second_target.id)
                .await
                .unwrap()
                .unwrap();
            let version = t.version.to_string();
            let code = facts.code.to_string();
            let fields = [
                ("city", code.as_str()),
                ("kind", "hospital"),
                ("name", t.name.as_str()),
            ];
            (
                t.id.0,
                form(&[fields[0], fields[1], fields[2], ("version", &version)]),
            )
        }
        ("/needs-seeds", "POST") => {
            let title = format!("権限確認で記録したニーズ{n}号");
            let fields = [("kind", "need"), ("city", OWN), ("title", title.as_str())];
            (
                0,
                form(&[
                    fields[0],
                    fields[1],
                    fields[2],
                    ("description", "夜間の見守り"),
                ]),
            )
        }
        ("/needs-seeds/{id}", "GET") => (facts.need, Body::None),
        ("/cities/{city}/registrations/{id}", "GET") => {
            (registration(world, asked.slot, n).await.0, Body::None)
        }
        ("/cities/{city}/registrations/{id}/move", "POST") => {
            let (id, _) = registration(world, asked.slot, n).await;
            let body = form(&[
                ("move", "decline"),
                ("reason", "権限確認"),
                ("version", "1"),
            ]);
            (id, body)
        }
        (_, "POST") if !path.contains("{id}") => (0, form(&[])),
        (_, "GET") if !path.contains("{id}") => (0, Body::None),
        _ => return None,
    })
}

/// A fresh request to register a company, sent to the slot's city, and its applicant's token.
async fn registration(world: &World, slot: Slot, n: usize) -> (i64, String) {
    let draft = renkei_domain::registration::RegistrationDraft {
        company: renkei_domain::company::CompanyDraft {
            name: format!("権限確認で申し込まれた企業{n}号"),
            ..Default::default()
        },
        applicant_name: "申込 花子".to_owned(),
        applicant_email: format!(
            "applied{n}-{}@test.renkei.example",
            uuid::Uuid::new_v4().simple()
        ),
        city: world.of(slot).code.to_string(),
        ..Default::default()
    };
    let request = draft.validate().unwrap();
    let tx = world.store.begin().await.unwrap();
    let actor = renkei_store::Actor::system("walk");
    let (r, token) = world
        .store
        .insert_registration(&tx, &request, &actor)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    (r.id.0, token)
}
