//! The authorization matrix: every route of the router (`renkei_web::route_table()`: the
//! page routes as registered, the API operations of the OpenAPI document), for every role,
//! about the records of its own city and of another, answers what `docs/access-policy.md`
//! says — the expected answers are written by hand from the document ([`policy`]), not taken
//! from the code that decides them. An allowed request must succeed: a 2xx, or the 303 a form
//! answers on success, with a valid body against records that exist ([`requests`],
//! [`records`], made from [`world`]).

mod bridges;
mod calls;
mod consultations;
mod csr;
mod dispatches;
mod events;
mod meetings;
mod network;
mod partnering;
mod policy;
mod preparations;
mod providers;
mod records;
mod requests;
mod research_groups;
mod routes;
mod routes_api;
mod showcase;
mod threads;
mod training;
mod world;

use renkei_domain::access::Role;
use renkei_domain::city::CityCode;

use crate::helpers::{TEST_PASSWORD, TestApp, csrf_of};
use policy::{Answer, EVERYONE, Slot, Thing, Who};
use requests::{Body, Request};
use world::{OWN, World};

/// Signing out and in are asked last, as they change the session the rest is asked with.
const SESSION: [(&str, &str); 2] = [("/sign-out", "POST"), ("/sign-in", "POST")];

/// A person of the walk: their own node and session.
struct Person {
    who: Who,
    node: TestApp,
    email: String,
    csrf: String,
    /// Their own file on the import page, once uploaded.
    upload: Option<i64>,
}

impl Person {
    async fn new(app: &TestApp, world: &World, who: Who) -> Person {
        let own = CityCode::parse(OWN).unwrap();
        let roles = match who {
            Who::Anonymous => vec![],
            Who::Admin => vec![Role::PlatformAdmin],
            Who::Staff | Who::StaffRo => vec![Role::CityStaff {
                city: own,
                read_only: who == Who::StaffRo,
            }],
            Who::Coordinator => vec![Role::Coordinator { city: own }],
            Who::Company => vec![world.company_user()],
            Who::Target => vec![world.target_contact()],
            Who::Reviewer => vec![Role::Reviewer { call: 1 }],
        };
        let node = app.another_node().await;
        let email = if roles.is_empty() {
            // Signs in only at the end, with an account of its own.
            app.make_account(&[Role::Reviewer { call: 1 }]).await
        } else {
            node.sign_in_as(&roles).await
        };
        let csrf = node.csrf_token().unwrap_or_default();
        Person {
            who,
            node,
            email,
            csrf,
            upload: None,
        }
    }

    async fn send(&self, method: &str, url: &str, body: Body) -> reqwest::Response {
        let method: reqwest::Method = method.parse().unwrap();
        let mut r = self.node.client.request(method, self.node.url(url));
        if url.starts_with("/api/") && !self.csrf.is_empty() {
            r = r.header("x-csrf-token", &self.csrf);
        }
        let r = match body {
            Body::None => r,
            Body::Json(v) => r.json(&v),
            Body::Form(mut fields) => {
                fields.push(("csrf".into(), self.csrf.clone()));
                r.form(&fields)
            }
            Body::Enrol => {
                let disable = [("password", TEST_PASSWORD), ("csrf", &self.csrf)];
                let url = self.node.url("/account/second-factor/disable");
                self.node
                    .client
                    .post(url)
                    .form(&disable)
                    .send()
                    .await
                    .unwrap();
                let start = self.node.url("/account/second-factor/start");
                let csrf = [("csrf", &self.csrf)];
                self.node
                    .client
                    .post(start)
                    .form(&csrf)
                    .send()
                    .await
                    .unwrap();
                let (_, page) = self.node.get_text("/account/second-factor").await;
                let code = crate::second_factor::secret_in(&page)
                    .map(|s| crate::second_factor::code_at(&s, crate::second_factor::now()))
                    .unwrap_or_default();
                r.form(&[("code", code), ("csrf", self.csrf.clone())])
            }
            Body::PageForm(page, mut fields) => {
                let (_, page) = self.node.get_text(&page).await;
                fields.push(("csrf".into(), csrf_of(&page)));
                r.form(&fields)
            }
            Body::Upload => {
                let file = format!("企業名\n権限確認で取り込んだ企業{}\n", uuid::Uuid::new_v4());
                let part = reqwest::multipart::Part::bytes(file.into_bytes()).file_name("企業.csv");
                let form = reqwest::multipart::Form::new()
                    .text("csrf", self.csrf.clone())
                    .text("city", OWN)
                    .part("file", part);
                r.multipart(form)
            }
            Body::Multipart(fields, bytes) => {
                let mut form = reqwest::multipart::Form::new().text("csrf", self.csrf.clone());
                for (k, v) in fields {
                    form = form.text(k, v);
                }
                let part = reqwest::multipart::Part::bytes(bytes).file_name("checklist.xlsx");
                r.multipart(form.part("file", part))
            }
            Body::Attach(field) => {
                let part =
                    reqwest::multipart::Part::bytes(b"%PDF-1.4".to_vec()).file_name("見積書.pdf");
                let form = reqwest::multipart::Form::new()
                    .text("csrf", self.csrf.clone())
                    .text("field", field)
                    .part("file", part);
                r.multipart(form)
            }
        };
        r.send().await.unwrap()
    }

    /// The person's own upload, or (for those who may not upload) an administrator's.
    async fn upload(&mut self, fallback: i64) -> i64 {
        if self.upload.is_none() {
            let r = self.send("POST", "/companies/import", Body::Upload).await;
            let id = crate::helpers::location(&r)
                .trim_start_matches("/companies/import/")
                .parse()
                .unwrap_or(fallback);
            self.upload = Some(id);
        }
        self.upload.unwrap()
    }

    /// Signs in again through the sign-in page (after signing out).
    fn sign_in_form(&self) -> Body {
        let fields = vec![
            ("email".into(), self.email.clone()),
            ("password".into(), TEST_PASSWORD.into()),
        ];
        Body::PageForm("/sign-in".into(), fields)
    }
}

/// What the walk saw, by answer.
#[derive(Debug, Default)]
struct Counts {
    requests: usize,
    allowed: usize,
    forbidden: usize,
    not_found: usize,
    failures: Vec<String>,
    /// The [`policy::DISAGREEMENTS`] seen, by index.
    known: Vec<(usize, String)>,
}

/// What a response was, as the policy's answers: `None` for anything else (a 422, a 500 …).
async fn answer_of(r: reqwest::Response, who: Who, url: &str, method: &str) -> Option<Answer> {
    let status = r.status().as_u16();
    let to = crate::helpers::location(&r);
    let api = url.starts_with("/api/");
    match status {
        // Signing out leads to the sign-in page; any other redirect there is "sign in first".
        303 if to == "/sign-in" && url == "/sign-out" => Some(Answer::Allow),
        303 if to == "/sign-in" && !api && who == Who::Anonymous => Some(Answer::Forbidden),
        303 if to == "/sign-in" => None,
        303 => Some(Answer::Allow),
        200..=299 if method == "GET" || api => Some(Answer::Allow),
        // A form shown again with its errors listed is not a success.
        200..=299 => {
            let page = r.text().await.unwrap_or_default();
            let errors = ["id=\"error-summary\"", "href=\"#f-", "field--error"];
            (!errors.iter().any(|e| page.contains(e))).then_some(Answer::Allow)
        }
        401 if api && who == Who::Anonymous => Some(Answer::Forbidden),
        403 if who != Who::Anonymous => Some(Answer::Forbidden),
        404 => Some(Answer::NotFound),
        _ => None,
    }
}

fn thing_of(path: &str, method: &str) -> Option<Thing> {
    policy::routes()
        .find(|(p, m, _)| *p == path && *m == method)
        .map(|(_, _, t)| *t)
}

impl Counts {
    /// Sends one request and compares its answer with the policy's.
    async fn check(
        &mut self,
        person: &Person,
        (route, method): (&str, &str),
        request: Request,
        expected: Answer,
    ) {
        let url = request.url.clone();
        let r = person.send(method, &url, request.body).await;
        let status = r.status().as_u16();
        let got = answer_of(r, person.who, &url, method).await;
        self.requests += 1;
        match got {
            Some(Answer::Allow) => self.allowed += 1,
            Some(Answer::Forbidden) => self.forbidden += 1,
            Some(Answer::NotFound) => self.not_found += 1,
            None => {}
        }
        if got == Some(expected) {
            return;
        }
        let line = format!(
            "{:?} {method} {url}: expected {expected:?}, got {status}",
            person.who
        );
        let known = policy::DISAGREEMENTS.iter().position(|(who, m, r, s, _)| {
            *who == person.who && *m == method && *r == route && *s == status
        });
        match known {
            Some(i) => self.known.push((i, line)),
            None => self.failures.push(line),
        }
    }
}

/// Walks every route for one person, in both slots, then signs out and in.
async fn walk(
    world: &World,
    person: &mut Person,
    table: &[(String, &str)],
    fallback: i64,
) -> Counts {
    let mut counts = Counts::default();
    for (path, method) in table {
        if SESSION.contains(&(path.as_str(), *method)) {
            continue;
        }
        let thing = thing_of(path, method).unwrap();
        for slot in [Slot::Own, Slot::Foreign] {
            let expected = policy::expect(thing, person.who, slot);
            let mut request = requests::build(world, person.who, path, method, slot).await;
            if request.url.contains("{upload}") {
                let id = person.upload(fallback).await;
                request.url = request.url.replace("{upload}", &id.to_string());
            }
            counts
                .check(person, (path, method), request, expected)
                .await;
        }
    }
    for slot in [Slot::Own, Slot::Foreign] {
        for (path, method) in SESSION {
            let expected = policy::expect(thing_of(path, method).unwrap(), person.who, slot);
            let body = if path == "/sign-in" {
                person.sign_in_form()
            } else {
                Body::Form(vec![])
            };
            let url = path.to_owned();
            let request = Request { url, body };
            counts
                .check(person, (path, method), request, expected)
                .await;
        }
        // The new session's token, for the next sign-out.
        let (_, page) = person.node.get_text("/sign-in").await;
        person.csrf = csrf_of(&page);
    }
    counts
}

#[tokio::test]
async fn every_route_answers_what_the_access_policy_says_for_every_role_in_both_cities() {
    let table: Vec<(String, &str)> = renkei_web::route_table()
        .into_iter()
        .map(|(p, m, _)| (p, m))
        .collect();
    let unlisted: Vec<_> = table
        .iter()
        .filter(|(p, m)| thing_of(p, m).is_none())
        .collect();
    assert!(
        unlisted.is_empty(),
        "routes without a row in the expectation table (policy.rs): {unlisted:?}"
    );
    let stale: Vec<_> = policy::routes()
        .filter(|(p, m, _)| !table.iter().any(|(tp, tm)| tp == p && tm == m))
        .collect();
    assert!(
        stale.is_empty(),
        "rows for routes the router does not have: {stale:?}"
    );
    for app in TestApp::each(false).await {
        let world = World::build(&app.store).await;
        let mut admin = Person::new(&app, &world, Who::Admin).await;
        let fallback = admin.upload(0).await;
        let mut total = Counts::default();
        for who in EVERYONE {
            let mut person = Person::new(&app, &world, who).await;
            let counts = walk(&world, &mut person, &table, fallback).await;
            total.requests += counts.requests;
            total.allowed += counts.allowed;
            total.forbidden += counts.forbidden;
            total.not_found += counts.not_found;
            total.failures.extend(counts.failures);
            total.known.extend(counts.known);
        }
        println!(
            "{}: {} requests: {} allowed, {} forbidden (403, or sign in first), {} not found (404)",
            app.backend, total.requests, total.allowed, total.forbidden, total.not_found
        );
        for (i, (who, method, route, status, why)) in policy::DISAGREEMENTS.iter().enumerate() {
            let seen: Vec<_> = total.known.iter().filter(|(k, _)| *k == i).collect();
            println!(
                "{}: known disagreement, {who:?} {method} {route} answers {status}: {why} ({} requests)",
                app.backend,
                seen.len()
            );
            assert!(
                !seen.is_empty(),
                "{}: {who:?} {method} {route} now answers as the document says: remove its row from DISAGREEMENTS",
                app.backend
            );
        }
        assert!(
            total.failures.is_empty(),
            "{}: {} of {} answers differ from the access policy:\n{}",
            app.backend,
            total.failures.len(),
            total.requests,
            total.failures.join("\n")
        );
        assert_eq!(total.requests, table.len() * 2 * EVERYONE.len());
    }
}
