//! The real OpenID Connect provider of the tests: panva's `oidc-provider` (`package.json`,
//! `provider.mjs` beside this file), started with `node` on a free loopback port (it takes one
//! and says which) with the test's clients, and ended whatever the test's outcome (dropped:
//! killed and reaped; and it stops by itself when its standard input closes, so not even an
//! aborted test leaves it).
//! A person at it is a reqwest client that keeps cookies and follows redirects by hand
//! through the provider's development login and consent forms.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;

/// How long the provider may take to answer its discovery document.
const WAIT: Duration = Duration::from_secs(60);
/// How long a first start may take to say its port before it is started again.
const FIRST_WAIT: Duration = Duration::from_secs(20);

/// A client registered at the provider.
pub struct Client<'a> {
    pub id: &'a str,
    pub secret: &'a str,
    pub redirect_uris: Vec<String>,
}

/// A running provider.
pub struct Provider {
    child: Child,
    /// Held open: the provider stops when it closes.
    _stdin: Option<ChildStdin>,
    pub issuer: String,
    log: PathBuf,
    /// The provider's first line of output, until it is read.
    first_line: Option<tokio::sync::oneshot::Receiver<Option<String>>>,
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.log);
    }
}

fn folder() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/http/oidc"))
}

/// `node`, or why the tests cannot run: they never pass without the real provider.
fn node() -> String {
    let node = std::env::var("RENKEI_NODE").unwrap_or_else(|_| "node".into());
    let version = Command::new(&node).arg("--version").output();
    match version {
        Ok(out) if out.status.success() => node,
        _ => panic!(
            "Node.js not found (`{node} --version` failed): the OpenID Connect tests need it to run \
             the real provider (oidc-provider). Install Node.js 20 or later, or set RENKEI_NODE."
        ),
    }
}

impl Provider {
    /// Starts the provider with `clients`, and waits until its discovery document answers.
    pub async fn start(clients: &[Client<'_>]) -> Provider {
        renkei_app::oidc::http::install_crypto_provider();
        let node = node();
        let package = folder().join("node_modules/oidc-provider/package.json");
        assert!(
            package.exists(),
            "the npm package oidc-provider is not installed in {}: run `npm ci` there \
             (scripts/test does)",
            folder().display()
        );
        let clients: Vec<_> = clients
            .iter()
            .map(|c| {
                json!({
                    "client_id": c.id,
                    "client_secret": c.secret,
                    "redirect_uris": c.redirect_uris,
                    "grant_types": ["authorization_code"],
                    "response_types": ["code"],
                })
            })
            .collect();
        let clients = serde_json::to_string(&clients).unwrap();
        // Seen twice in CI runs of this round: node started, printed nothing and waited on a
        // futex for the whole minute. The cause is not known; a provider that has not said its
        // port within FIRST_WAIT is ended (what it showed goes to the test's output) and
        // started once more, with the full WAIT.
        let mut provider = Provider::spawn(&node, &clients);
        let port = match provider.port(FIRST_WAIT).await {
            Some(port) => port,
            None => {
                eprintln!(
                    "{}; starting it again",
                    provider.state("did not say its port")
                );
                drop(provider);
                provider = Provider::spawn(&node, &clients);
                match provider.port(WAIT).await {
                    Some(port) => port,
                    None => provider.fail("did not say its port"),
                }
            }
        };
        provider.issuer = format!("http://127.0.0.1:{port}");
        provider.wait_for_discovery().await;
        provider
    }

    /// Starts `node provider.mjs` with the clients (JSON) on a port of its own choosing.
    fn spawn(node: &str, clients: &str) -> Provider {
        let log = std::env::temp_dir().join(format!("renkei-oidc-{}.log", uuid::Uuid::new_v4()));
        // Port 0: the provider takes a free port itself (no race with another test for
        // one found free a moment before), and says which on its first line.
        let mut child = Command::new(node)
            .arg("provider.mjs")
            .current_dir(folder())
            .env("OIDC_PORT", "0")
            .env("OIDC_CLIENTS", clients)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).expect("the provider's log"))
            .spawn()
            .expect("start node provider.mjs");
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().expect("the provider's output");
        let (tx, rx) = tokio::sync::oneshot::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            let _ = tx.send(lines.next().and_then(Result::ok));
            // Read to the end, so the provider never writes to a closed pipe.
            for _ in lines {}
        });
        Provider {
            child,
            _stdin: stdin,
            issuer: String::new(),
            log,
            first_line: Some(rx),
        }
    }

    /// The port the provider says on its first line, waiting `wait` at most.
    async fn port(&mut self, wait: Duration) -> Option<u16> {
        let rx = self.first_line.take()?;
        match tokio::time::timeout(wait, rx).await {
            Ok(Ok(Some(line))) => line.trim().parse::<u16>().ok(),
            _ => None,
        }
    }

    /// Stops the test with what the provider wrote and what state its process is in.
    fn fail(&mut self, what: &str) -> ! {
        panic!("{}", self.state(what));
    }

    /// What the provider wrote and what state its process is in.
    fn state(&mut self, what: &str) -> String {
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        let ps = Command::new("ps")
            .args([
                "-o",
                "pid,stat,etime,wchan:24,cmd",
                "-p",
                &self.child.id().to_string(),
            ])
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default();
        let status = match self.child.try_wait() {
            Ok(Some(status)) => format!("ended: {status}"),
            _ => "running".into(),
        };
        format!("oidc-provider {what} in time ({status});\n{ps}\nits output:\n{log}")
    }

    async fn wait_for_discovery(&mut self) {
        let url = format!("{}/.well-known/openid-configuration", self.issuer);
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(2))
            .build()
            .unwrap();
        let start = Instant::now();
        let mut last = String::new();
        while start.elapsed() < WAIT {
            match http.get(&url).send().await {
                Ok(r) if r.status().is_success() => return,
                Ok(r) => last = format!("answered {}", r.status()),
                Err(e) => last = format!("{e:?}"),
            }
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        self.fail(&format!("did not answer {url} ({last})"));
    }
}

/// One provider for the whole test process, for tests that only need one to answer (the
/// authorization walk's sign-in button). It is never dropped: it stops when the process
/// ends and its standard input closes.
pub async fn shared() -> &'static Provider {
    static SHARED: tokio::sync::OnceCell<Provider> = tokio::sync::OnceCell::const_new();
    SHARED.get_or_init(|| Provider::start(&[])).await
}

/// A person with a browser: cookies kept, redirects followed by hand.
pub struct Browser {
    pub client: reqwest::Client,
}

impl Default for Browser {
    fn default() -> Self {
        Browser {
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .cookie_store(true)
                .build()
                .unwrap(),
        }
    }
}

fn location(r: &reqwest::Response) -> Option<String> {
    let to = r.headers().get("location")?.to_str().ok()?;
    Some(r.url().join(to).ok()?.to_string())
}

/// The `action` of the page's form, made absolute.
fn form_action(page: &str, at: &reqwest::Url) -> String {
    let marker = "action=\"";
    let start = page.find(marker).expect("a form on the provider's page") + marker.len();
    let action = &page[start..start + page[start..].find('"').unwrap()];
    at.join(&action.replace("&amp;", "&")).unwrap().to_string()
}

impl Browser {
    /// From the provider's authorization URL, signs in there as `login` and consents, until
    /// the provider sends the browser to `callback_prefix`: that URL, not yet opened.
    pub async fn through_provider(
        &self,
        authorization_url: &str,
        login: &str,
        callback_prefix: &str,
    ) -> String {
        let mut url = authorization_url.to_owned();
        for _ in 0..20 {
            if url.starts_with(callback_prefix) {
                return url;
            }
            let r = self
                .client
                .get(&url)
                .send()
                .await
                .expect("GET at the provider");
            if let Some(next) = location(&r) {
                url = next;
                continue;
            }
            let at = r.url().clone();
            let status = r.status();
            let page = r.text().await.unwrap();
            assert!(
                status.is_success(),
                "the provider answered {status} at {at}: {page}"
            );
            let action = form_action(&page, &at);
            let form: Vec<(&str, &str)> = if page.contains("name=\"login\"") {
                vec![("prompt", "login"), ("login", login), ("password", "any")]
            } else {
                vec![("prompt", "consent")]
            };
            let r = self.client.post(&action).form(&form).send().await.unwrap();
            url = location(&r).unwrap_or_else(|| panic!("no redirect after posting to {action}"));
        }
        panic!("the provider did not send the browser back to {callback_prefix}");
    }
}

/// The value of one query parameter of `url`.
pub fn query_value(url: &str, name: &str) -> Option<String> {
    let url = reqwest::Url::parse(url).ok()?;
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// `url` with the query parameter `name` set to `value`.
pub fn with_query_value(url: &str, name: &str, value: &str) -> String {
    let mut url = reqwest::Url::parse(url).unwrap();
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| {
            let v = if k == name {
                value.to_owned()
            } else {
                v.into_owned()
            };
            (k.into_owned(), v)
        })
        .collect();
    url.query_pairs_mut().clear().extend_pairs(pairs);
    url.to_string()
}
