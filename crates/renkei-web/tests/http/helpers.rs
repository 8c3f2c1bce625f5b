//! `TestApp`: the application the binary runs, started on a fresh database and a free port.

use std::net::SocketAddr;
use std::sync::Once;

use renkei_store::testing::TestDatabase;
use renkei_web::{Application, Config};
use serde_json::Value;

pub use renkei_store::testing::test_databases;

/// The password of every account a test makes.
pub const TEST_PASSWORD: &str = "テスト用のパスワード2026";

static TRACING: Once = Once::new();

/// Test logs are off unless `TEST_LOG` is set (`TEST_LOG=1 cargo test`).
fn init_tracing() {
    TRACING.call_once(|| {
        if std::env::var_os("TEST_LOG").is_some() {
            let _ = tracing_subscriber::fmt()
                .with_env_filter("info,sqlx=warn")
                .with_test_writer()
                .try_init();
        }
    });
}

pub struct TestApp {
    pub addr: SocketAddr,
    pub backend: &'static str,
    pub client: reqwest::Client,
    pub store: renkei_store::Store,
    /// Owned by the first node, so that the database outlives every node of the test.
    _db: Option<TestDatabase>,
    /// The CSRF token of the session this client signed in with, sent with every write.
    csrf: std::sync::Mutex<Option<String>>,
    database_url: String,
}

impl TestApp {
    pub async fn spawn(db: TestDatabase) -> TestApp {
        let mut app = TestApp::start(db.url.clone(), db.backend).await;
        app._db = Some(db);
        app
    }

    /// Another node of the same deployment: its own process state, the same database.
    pub async fn another_node(&self) -> TestApp {
        TestApp::start(self.database_url.clone(), self.backend).await
    }

    /// Another node of the same deployment, with its settings changed by `change`.
    pub async fn node_with(&self, change: impl FnOnce(&mut Config)) -> TestApp {
        let mut config = TestApp::config(self.database_url.clone());
        change(&mut config);
        TestApp::start_with(config, self.backend).await
    }

    /// Another node of the same deployment that sends mail to `smtp_url`.
    pub async fn node_with_smtp(&self, smtp_url: &str) -> TestApp {
        self.node_with(|c| {
            c.smtp_url = Some(smtp_url.to_owned());
            c.mail_poll = std::time::Duration::from_millis(200);
        })
        .await
    }

    fn config(database_url: String) -> Config {
        Config {
            addr: "127.0.0.1:0".parse().unwrap(),
            database_url,
            db_max_connections: 5,
            ..Config::default()
        }
    }

    async fn start(database_url: String, backend: &'static str) -> TestApp {
        TestApp::start_with(TestApp::config(database_url), backend).await
    }

    async fn start_with(config: Config, backend: &'static str) -> TestApp {
        init_tracing();
        let database_url = config.database_url.clone();
        let app = Application::build(&config)
            .await
            .expect("build the application");
        let addr = app.local_addr();
        let store = app.store().clone();
        tokio::spawn(app.run_until_stopped());
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .cookie_store(true)
            .build()
            .unwrap();
        TestApp {
            addr,
            backend,
            client,
            store,
            _db: None,
            csrf: Default::default(),
            database_url,
        }
    }

    /// One app per test database, with the demo menus loaded when `demo` is set.
    pub async fn each(demo: bool) -> Vec<TestApp> {
        let mut apps = Vec::new();
        for db in test_databases().await {
            let app = TestApp::spawn(db).await;
            if demo {
                renkei_web::demo::load(&app.store).await.expect("demo data");
            }
            apps.push(app);
        }
        apps
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    /// The status of a GET of `path`.
    pub async fn status(&self, path: &str) -> u16 {
        self.get(path).await.status().as_u16()
    }

    pub async fn get_json(&self, path: &str) -> (u16, Value) {
        let r = self.get(path).await;
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn get_text(&self, path: &str) -> (u16, String) {
        let r = self.get(path).await;
        (r.status().as_u16(), r.text().await.unwrap())
    }

    pub async fn send_json(
        &self,
        method: reqwest::Method,
        path: &str,
        body: &Value,
    ) -> (u16, Value) {
        let r = self
            .with_csrf(self.client.request(method, self.url(path)))
            .json(body)
            .send()
            .await
            .expect("request");
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        let csrf = self.csrf.lock().unwrap().clone().unwrap_or_default();
        let mut form = form.to_vec();
        if !form.iter().any(|(k, _)| *k == "csrf") {
            form.push(("csrf", &csrf));
        }
        self.client
            .post(self.url(path))
            .form(&form)
            .send()
            .await
            .expect("POST")
    }

    /// Adds the session's CSRF token, once signed in, as the API expects it.
    pub fn with_csrf(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match self.csrf.lock().unwrap().clone() {
            Some(token) => request.header("x-csrf-token", token),
            None => request,
        }
    }

    /// Makes an account with `roles` and signs this client in with it through the sign-in
    /// page, as a person would. Returns the account's address.
    /// Makes an account with `roles` (through the store, as `renkei admin create-user` does)
    /// and returns its address; its password is [`TEST_PASSWORD`].
    pub async fn make_account(&self, roles: &[renkei_domain::access::Role]) -> String {
        use renkei_domain::identity::{Email, NewPassword};
        let address = format!("user{}@test.renkei.example", uuid::Uuid::new_v4().simple());
        let email = Email::parse(&address).unwrap();
        let hash = NewPassword::parse(TEST_PASSWORD, &email).unwrap().hash();
        let actor = renkei_store::Actor::system("test");
        self.store
            .create_user(&email, "テスト利用者", Some(hash), roles, &actor)
            .await
            .unwrap();
        address
    }

    pub async fn sign_in_as(&self, roles: &[renkei_domain::access::Role]) -> String {
        let address = self.make_account(roles).await;
        let password = TEST_PASSWORD;
        let (_, page) = self.get_text("/sign-in").await;
        let form = [
            ("email", address.as_str()),
            ("password", password),
            ("csrf", &csrf_of(&page)),
        ];
        let r = self
            .client
            .post(self.url("/sign-in"))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 303, "sign-in as {roles:?}");
        let (_, page) = self.get_text("/sign-in").await;
        *self.csrf.lock().unwrap() = Some(csrf_of(&page));
        address
    }

    /// Remembers the CSRF token of this client's session as it is now (after signing in
    /// other than by [`TestApp::sign_in_as`]).
    pub async fn refresh_csrf(&self) {
        let (_, page) = self.get_text("/sign-in").await;
        *self.csrf.lock().unwrap() = Some(csrf_of(&page));
    }

    /// The CSRF token of the session this client signed in with.
    pub fn csrf_token(&self) -> Option<String> {
        self.csrf.lock().unwrap().clone()
    }

    /// Signs in as a platform administrator.
    pub async fn sign_in_admin(&self) -> String {
        self.sign_in_as(&[renkei_domain::access::Role::PlatformAdmin])
            .await
    }
}

/// The `field`s of an error envelope, in order.
pub fn error_fields(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("not an error envelope: {body}"))
        .iter()
        .map(|e| e["field"].as_str().unwrap_or("").to_owned())
        .collect()
}

/// The `code` of the first error of an envelope.
pub fn error_code(body: &Value) -> String {
    body["errors"][0]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("not an error envelope: {body}"))
        .to_owned()
}

/// The value of the `csrf` field of a page's form.
pub fn csrf_of(html: &str) -> String {
    let marker = r#"name="csrf" value=""#;
    let at = html.find(marker).expect("a CSRF field") + marker.len();
    html[at..].split('"').next().unwrap().to_owned()
}

/// The one-time link (`/account/link?token=…`) of the newest message to `address`, read from
/// the outbox page as an administrator reads it.
pub async fn link_in_outbox(admin: &TestApp, address: &str) -> String {
    let (status, page) = admin.get_text("/admin/outbox").await;
    assert_eq!(status, 200, "the outbox page");
    let section = page
        .split(r#"<section class="mail""#)
        .skip(1)
        .find(|s| s.contains(address))
        .unwrap_or_else(|| panic!("no message to {address} in the outbox"));
    let at = section.find("/account/link?token=").expect("a link");
    section[at..at + "/account/link?token=".len() + 64].to_owned()
}

/// Uploads the file `name` to the import page, with the form's other `fields` (`city`,
/// `kind`): the status, where it leads, and the page.
pub async fn upload(
    person: &TestApp,
    name: &str,
    bytes: Vec<u8>,
    fields: &[(&str, &str)],
) -> (u16, String, String) {
    let mut form =
        reqwest::multipart::Form::new().text("csrf", person.csrf_token().unwrap_or_default());
    for (field, value) in fields {
        form = form.text(field.to_string(), value.to_string());
    }
    let file = reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned());
    let r = person
        .client
        .post(person.url("/companies/import"))
        .multipart(form.part("file", file))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let to = location(&r);
    (status, to, r.text().await.unwrap_or_default())
}

/// Asks `done` every 50 ms until it answers yes, a hundred times at most: whether it did.
pub async fn eventually<F: std::future::Future<Output = bool>>(
    mut done: impl FnMut() -> F,
) -> bool {
    for _ in 0..100 {
        if done().await {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    false
}

/// How many messages to `address` the outbox page shows.
pub async fn messages_to(admin: &TestApp, address: &str) -> usize {
    let (_, page) = admin.get_text("/admin/outbox").await;
    page.split(r#"<section class="mail""#)
        .skip(1)
        .filter(|s| s.contains(address))
        .count()
}

/// The actions of the newest `limit` lines of the audit trail (of the city of `code`, or of
/// every city), newest first.
pub async fn audit_actions(app: &TestApp, code: Option<&str>, limit: u64) -> Vec<String> {
    app.store
        .audit_log(code.map(city).as_ref(), limit)
        .await
        .unwrap()
        .into_iter()
        .map(|l| l.action)
        .collect()
}

/// The account of `address`, with its roles.
pub async fn account(
    app: &TestApp,
    address: &str,
) -> (renkei_store::UserRecord, Vec<renkei_domain::access::Role>) {
    let email = renkei_domain::identity::Email::parse(address).unwrap();
    app.store
        .user_by_email(&email)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no account {address}"))
}

/// A designated city by its code.
pub fn city(code: &str) -> renkei_domain::city::CityCode {
    renkei_domain::city::CityCode::parse(code).unwrap()
}

/// A city-staff role in the city of `code`.
pub fn staff(code: &str, read_only: bool) -> renkei_domain::access::Role {
    renkei_domain::access::Role::CityStaff {
        city: city(code),
        read_only,
    }
}

/// Where a redirect leads (empty when it is not one).
pub fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

/// The id of the record a redirect leads to, the part after `under` and before any query:
/// `/companies/7?saved=1` under `/companies/` is `7`.
pub fn id_in_location(r: &reqwest::Response, under: &str) -> String {
    location(r)
        .trim_start_matches(under)
        .split('?')
        .next()
        .unwrap()
        .to_owned()
}
