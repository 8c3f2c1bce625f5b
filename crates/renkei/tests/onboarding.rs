//! A real install, as a city starts one: an empty database, `renkei migrate` and the first
//! administrator made on the command line; from there on, pages alone. The administrator
//! invites an officer of each city; 千葉市's officer registers a company and its product and
//! invites the company's person, who sets a password from the mailed link and consents to the
//! referral; 広島市's officer accepts it, registers a hospital, invites its contact from the
//! hospital's page and introduces it; the contact answers and leaves feedback; the company
//! logs its sales activity, reports the outcome and leaves feedback. On every test database.

mod common;

use renkei_store::testing::test_databases;
use renkei_web::{Application, Config};

const ADMIN: &str = "jimukyoku@council.example.jp";
const PASSWORD: &str = "指定都市の事務局2026";

/// A person at a browser: a client keeping its cookies, and the session's CSRF token.
struct Person {
    base: String,
    client: reqwest::Client,
    csrf: String,
}

impl Person {
    fn new(base: &str) -> Person {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .cookie_store(true)
            .build()
            .unwrap();
        Person {
            base: base.to_owned(),
            client,
            csrf: String::new(),
        }
    }

    async fn get(&self, path: &str) -> (u16, String) {
        let r = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }

    /// Posts a form with the session's token: the status and where it leads.
    async fn post(&self, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
        let mut form = fields.to_vec();
        form.push(("csrf", self.csrf.as_str()));
        let r = self
            .client
            .post(format!("{}{path}", self.base))
            .form(&form)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let to = r
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_owned())
            .unwrap_or_default();
        if status >= 400 {
            let body = r.text().await.unwrap_or_default();
            panic!("POST {path}: {status}\n{body}");
        }
        (status, to)
    }

    async fn sign_in(base: &str, email: &str, password: &str) -> Person {
        let mut p = Person::new(base);
        let (_, page) = p.get("/sign-in").await;
        p.csrf = csrf_of(&page);
        let (status, _) = p
            .post("/sign-in", &[("email", email), ("password", password)])
            .await;
        assert_eq!(status, 303, "sign-in of {email}");
        let (_, page) = p.get("/sign-in").await;
        p.csrf = csrf_of(&page);
        p
    }
}

fn csrf_of(html: &str) -> String {
    let marker = r#"name="csrf" value=""#;
    let at = html.find(marker).expect("a CSRF field") + marker.len();
    html[at..].split('"').next().unwrap().to_owned()
}

/// The first number after `prefix` in `text`.
fn id_after(text: &str, prefix: &str) -> i64 {
    let at = text
        .find(prefix)
        .unwrap_or_else(|| panic!("{prefix} in {text}"))
        + prefix.len();
    let digits: String = text[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().unwrap()
}

/// The version a referral page's step forms carry.
fn version_of(page: &str) -> String {
    let marker = r#"name="version" value=""#;
    let at = page.find(marker).expect("a step form") + marker.len();
    page[at..].split('"').next().unwrap().to_owned()
}

fn renkei(args: &[&str], url: &str) -> (bool, String) {
    common::renkei(
        args,
        &[("DATABASE_URL", url), ("RENKEI_NEW_PASSWORD", PASSWORD)],
    )
}

/// The administrator invites someone through the invitation page, reads the link in the
/// outbox, and the person sets a password and signs in.
async fn invited_and_signed_in(
    admin: &Person,
    base: &str,
    email: &str,
    role: &str,
    city: &str,
) -> Person {
    let fields = [
        ("email", email),
        ("name", "市 担当"),
        ("role", role),
        ("city", city),
    ];
    let (status, _) = admin.post("/admin/users/invite", &fields).await;
    assert_eq!(status, 303);
    accepted(admin, base, email).await
}

/// The person of `email` sets a password from the newest link mailed to them, and signs in.
async fn accepted(admin: &Person, base: &str, email: &str) -> Person {
    let (_, outbox) = admin.get("/admin/outbox").await;
    let section = outbox
        .split(r#"<section class="mail""#)
        .skip(1)
        .find(|s| s.contains(email))
        .unwrap_or_else(|| panic!("no message to {email}"));
    let at = section.find("/account/link?token=").expect("a link") + "/account/link?token=".len();
    let token = &section[at..at + 64];
    let person = Person::new(base);
    let form = [
        ("token", token),
        ("password", PASSWORD),
        ("confirm", PASSWORD),
    ];
    let r = person
        .client
        .post(format!("{base}/account/link"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303, "{email} sets a password");
    Person::sign_in(base, email, PASSWORD).await
}

#[tokio::test]
async fn a_fresh_install_closes_the_referral_loop_through_its_pages() {
    for db in test_databases().await {
        let (ok, text) = renkei(&["migrate"], &db.url);
        assert!(ok, "{text}");
        let first = [
            "admin",
            "create-user",
            "--email",
            ADMIN,
            "--name",
            "事務局",
            "--role",
            "platform-admin",
        ];
        let (ok, text) = renkei(&first, &db.url);
        assert!(ok, "{text}");
        let config = Config {
            addr: "127.0.0.1:0".parse().unwrap(),
            database_url: db.url.clone(),
            db_max_connections: 5,
            ..Config::default()
        };
        let app = Application::build(&config).await.unwrap();
        let base = format!("http://{}", app.local_addr());
        tokio::spawn(app.run_until_stopped());
        the_loop_closes(&base).await;
    }
}

/// 千葉市 registers a company and its product, with the award that makes it eligible, and
/// invites the company's person from the company's page, who sets a password from the mail:
/// the product's id, and the person signed in.
async fn registered(admin: &Person, chiba: &Person, base: &str) -> (i64, Person) {
    let company = [
        ("home_city", "121002"),
        ("name", "千葉メディカル工業株式会社"),
        ("not_a_duplicate", "1"),
    ];
    let (_, to) = chiba.post("/companies/new", &company).await;
    let company = id_after(&to, "/companies/");
    let product = [("name", "見守りセンサー"), ("stage", "7")];
    let (_, to) = chiba
        .post(&format!("/companies/{company}/products/new"), &product)
        .await;
    let product = id_after(&to, "/products/");
    let award = [
        ("kind", "award"),
        ("title", "千葉市ベンチャーカップ"),
        ("date", "2026-05-01"),
    ];
    chiba
        .post(&format!("/products/{product}/evaluations"), &award)
        .await;

    // Its person is invited from the company's page and sets a password from the mail.
    let firm_address = "kaihatsu@chiba-medical.example.co.jp";
    let invite = [
        ("email", firm_address),
        ("name", "開発部 佐藤"),
        ("manager", "1"),
    ];
    chiba
        .post(&format!("/companies/{company}/people/invite"), &invite)
        .await;
    let firm = accepted(admin, base, firm_address).await;

    (product, firm)
}

async fn the_loop_closes(base: &str) {
    let admin = Person::sign_in(base, ADMIN, PASSWORD).await;
    let chiba = invited_and_signed_in(
        &admin,
        base,
        "sangyo@city.chiba.example.jp",
        "city-staff",
        "121002",
    )
    .await;
    let hiroshima = invited_and_signed_in(
        &admin,
        base,
        "sangyo@city.hiroshima.example.jp",
        "city-staff",
        "341002",
    )
    .await;

    let (product, firm) = registered(&admin, &chiba, base).await;

    // ① Selected; ② the company consents; ③ sent; ④ accepted.
    let reason = [
        ("receiving", "341002"),
        ("reason", "千葉市ベンチャーカップの受賞製品です。"),
    ];
    let (_, to) = chiba
        .post(&format!("/products/{product}/referrals/new"), &reason)
        .await;
    let id = id_after(&to, "/referrals/");
    let path = format!("/referrals/{id}");
    let (_, page) = firm.get(&path).await;
    let v = version_of(&page);
    let consent = [
        ("kind_hospital", "on"),
        ("agree", "on"),
        ("version", v.as_str()),
    ];
    firm.post(&format!("{path}/consent"), &consent).await;
    let (_, page) = chiba.get(&path).await;
    chiba
        .post(
            &format!("{path}/move"),
            &[("move", "send"), ("version", version_of(&page).as_str())],
        )
        .await;
    let (_, page) = hiroshima.get(&path).await;
    hiroshima
        .post(
            &format!("{path}/move"),
            &[("move", "accept"), ("version", version_of(&page).as_str())],
        )
        .await;

    // ⑤ 広島市 registers a hospital, invites its contact from its page, and introduces it.
    let hospital = [
        ("city", "341002"),
        ("kind", "hospital"),
        ("name", "広島中央病院"),
    ];
    let (_, to) = hiroshima.post("/sales-targets/new", &hospital).await;
    let target = id_after(&to, "/sales-targets/");
    let contact_address = "renkei@hiroshima-chuo.example.jp";
    let invite = [("email", contact_address), ("name", "地域連携室 田中")];
    hiroshima
        .post(&format!("/sales-targets/{target}/people/invite"), &invite)
        .await;
    let contact = accepted(&admin, base, contact_address).await;
    hiroshima
        .post(
            &format!("{path}/targets"),
            &[("target", target.to_string().as_str())],
        )
        .await;

    // The contact answers with their account, then 広島市 reports back and 千葉市 forwards.
    let (status, page) = contact.get(&path).await;
    assert_eq!(status, 200, "the contact sees the introduction");
    let row = id_after(&page, &format!("{path}/targets/"));
    let v = version_of(&page);
    let answer = [("answer", "agreed"), ("version", v.as_str())];
    contact
        .post(&format!("{path}/targets/{row}/answer"), &answer)
        .await;
    contact
        .post(
            &format!("{path}/feedback"),
            &[("rating", "4"), ("comment", "意義が分かった")],
        )
        .await;
    let (_, page) = hiroshima.get(&path).await;
    hiroshima
        .post(
            &format!("{path}/move"),
            &[
                ("move", "feed-back"),
                ("version", version_of(&page).as_str()),
            ],
        )
        .await;
    let (_, page) = chiba.get(&path).await;
    chiba
        .post(
            &format!("{path}/move"),
            &[("move", "forward"), ("version", version_of(&page).as_str())],
        )
        .await;

    // ⑧ The company logs its activity; ⑨ reports the outcome; everyone leaves feedback.
    let activity = [
        ("date", "R8.11.30"),
        ("kind", "meeting"),
        ("note", "地域連携室と面談"),
    ];
    firm.post(&format!("{path}/activities"), &activity).await;
    let (_, page) = firm.get(&path).await;
    let v = version_of(&page);
    let outcome = [
        ("move", "report-outcome"),
        ("outcome", "trial"),
        ("version", v.as_str()),
    ];
    firm.post(&format!("{path}/move"), &outcome).await;
    firm.post(
        &format!("{path}/feedback"),
        &[("rating", "5"), ("comment", "販路が開けた")],
    )
    .await;

    let (_, summary) = chiba.get("/referrals/summary").await;
    assert!(
        summary.contains("販路が開けた") && summary.contains("試用"),
        "{summary}"
    );
}
