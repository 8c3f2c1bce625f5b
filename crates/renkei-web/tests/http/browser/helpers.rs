//! The browser tests' tools: a chromedriver and a Chromium session that end whatever the
//! test's outcome, and steps that wait, for a bounded time, for the page they lead to.

use std::fmt;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use thirtyfour::prelude::*;

use crate::helpers::TestApp;

/// How long a step waits for the page or the change it expects.
const WAIT: Duration = Duration::from_secs(20);
const POLL: Duration = Duration::from_millis(100);

/// A chromedriver of our own on a free port. Dropping it ends Chromium's processes (its
/// descendants) and then chromedriver, and reaps it: nothing outlives the test.
struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let pid = self.child.id();
            // A session that quit has no Chromium left; one that did not is asked to end,
            // then made to.
            let browsers = children(pid);
            if !browsers.is_empty() {
                signal("TERM", &browsers);
                let start = Instant::now();
                while !descendants(pid).is_empty() && start.elapsed() < Duration::from_secs(5) {
                    std::thread::sleep(POLL);
                }
                signal("KILL", &descendants(pid));
            }
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

/// The parent of each process, read from /proc.
fn parents() -> Vec<(u32, u32)> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.filter_map(|entry| {
        let pid: u32 = entry.ok()?.file_name().to_str()?.parse().ok()?;
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // `pid (comm) state ppid …`; comm may hold spaces and parentheses.
        let rest = &stat[stat.rfind(')')? + 1..];
        let ppid = rest.split_whitespace().nth(1)?.parse().ok()?;
        Some((pid, ppid))
    })
    .collect()
}

fn children(pid: u32) -> Vec<u32> {
    parents()
        .into_iter()
        .filter(|&(_, parent)| parent == pid)
        .map(|(child, _)| child)
        .collect()
}

fn descendants(pid: u32) -> Vec<u32> {
    let all = parents();
    let mut found = vec![pid];
    let mut i = 0;
    while i < found.len() {
        let parent = found[i];
        found.extend(all.iter().filter(|&&(_, p)| p == parent).map(|&(c, _)| c));
        i += 1;
    }
    found.remove(0);
    found
}

fn signal(name: &str, pids: &[u32]) {
    if pids.is_empty() {
        return;
    }
    let _ = Command::new("kill")
        .arg(format!("-{name}"))
        .args(pids.iter().map(u32::to_string))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn start_driver() -> Driver {
    let path =
        std::env::var("RENKEI_CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
    assert!(
        std::path::Path::new(&path).exists(),
        "chromedriver not found at {path}: install Debian's chromium and chromium-driver (scripts/test does) \
         or set RENKEI_CHROMEDRIVER"
    );
    let port = free_port();
    let child = Command::new(&path)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let driver = Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    let start = Instant::now();
    while start.elapsed() < WAIT {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return driver;
        }
        tokio::time::sleep(POLL).await;
    }
    panic!(
        "chromedriver did not start on port {port} within {} s",
        WAIT.as_secs()
    );
}

async fn start_browser(driver: &Driver) -> WebDriver {
    let mut caps = DesiredCapabilities::chrome();
    let chromium = std::env::var("RENKEI_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    caps.set_binary(&chromium).unwrap();
    for arg in [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1400,1000",
        "--lang=ja",
    ] {
        caps.add_arg(arg).unwrap();
    }
    WebDriver::new(&driver.url, caps)
        .await
        .expect("start a browser session")
}

/// Runs `body` in a fresh headless Chromium and ends the browser and its driver whatever the
/// outcome: after an error or a panic, the page is saved as `renkei-{name}.png` in the
/// temporary folder, the session quits and the driver ends Chromium, then the test fails.
pub async fn with_browser(name: &str, body: impl AsyncFnOnce(&WebDriver) -> WebDriverResult<()>) {
    // Declared in this order, the session would be dropped (and quit) before its driver.
    let driver = start_driver().await;
    let web = start_browser(&driver).await;
    let outcome = CatchPanic(std::pin::pin!(body(&web))).await;
    if !matches!(outcome, Ok(Ok(()))) {
        let screenshot = std::env::temp_dir().join(format!("renkei-{name}.png"));
        let _ = web.screenshot(&screenshot).await;
    }
    let quit = web.quit().await;
    drop(driver);
    match outcome {
        Ok(result) => result.unwrap_or_else(|e| panic!("{name}: {e}")),
        Err(panic) => std::panic::resume_unwind(panic),
    }
    quit.expect("quit the browser session");
}

/// A future whose panic is caught and returned, so that the browser can be ended before the
/// test fails.
struct CatchPanic<F>(F);

impl<F: Future + Unpin> Future for CatchPanic<F> {
    type Output = std::thread::Result<F::Output>;

    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        let inner = &mut self.0;
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            std::pin::Pin::new(inner).poll(cx)
        })) {
            Ok(poll) => poll.map(Ok),
            Err(panic) => std::task::Poll::Ready(Err(panic)),
        }
    }
}

/// What a step waits for.
pub enum Expect {
    /// The page's heading reads exactly this.
    H1(String),
    /// The referral page's step (`#referral-state`) reads exactly this.
    Step(String),
    /// An element matching this CSS selector is on the page.
    Shows(String),
    /// The element matching the CSS selector holds the text.
    Contains(String, String),
}

pub fn h1(text: &str) -> Expect {
    Expect::H1(text.to_owned())
}

pub fn step(text: &str) -> Expect {
    Expect::Step(text.to_owned())
}

pub fn shows(css: &str) -> Expect {
    Expect::Shows(css.to_owned())
}

pub fn contains(css: &str, text: &str) -> Expect {
    Expect::Contains(css.to_owned(), text.to_owned())
}

impl fmt::Display for Expect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expect::H1(text) => write!(f, "h1 「{text}」"),
            Expect::Step(text) => write!(f, "step 「{text}」"),
            Expect::Shows(css) => write!(f, "{css}"),
            Expect::Contains(css, text) => write!(f, "{css} holding 「{text}」"),
        }
    }
}

/// The text of the first element matching `css`, if there is one.
async fn text_of(web: &WebDriver, css: &str) -> Option<String> {
    web.find(By::Css(css)).await.ok()?.text().await.ok()
}

impl Expect {
    /// `Ok` when the page shows what is expected; otherwise what it shows instead.
    async fn check(&self, web: &WebDriver) -> Result<(), String> {
        let (css, wanted) = match self {
            Expect::H1(text) => ("h1", text),
            Expect::Step(text) => ("#referral-state", text),
            Expect::Shows(css) => {
                return match web.find(By::Css(css)).await {
                    Ok(_) => Ok(()),
                    Err(_) => Err(match text_of(web, "h1").await {
                        Some(h1) => format!("no {css} (h1 「{h1}」)"),
                        None => format!("no {css} and no h1"),
                    }),
                };
            }
            Expect::Contains(css, text) => {
                return match text_of(web, css).await {
                    Some(seen) if seen.contains(text.as_str()) => Ok(()),
                    Some(seen) => Err(format!("{css} 「{seen}」")),
                    None => Err(format!("no {css}")),
                };
            }
        };
        match text_of(web, css).await {
            Some(seen) if &seen == wanted => Ok(()),
            Some(seen) => Err(format!("{css} 「{seen}」")),
            None => Err(format!("no {css}")),
        }
    }
}

/// Marks the document the browser shows, so that a wait can tell the next one from it.
async fn mark_page(web: &WebDriver) -> WebDriverResult<()> {
    web.execute("window.__renkeiPreviousPage = true;", vec![])
        .await
        .map(drop)
}

/// Whether the browser shows a document loaded since [`mark_page`] (a script fails while a
/// page is being replaced: not yet, then).
async fn on_new_page(web: &WebDriver) -> bool {
    let script =
        "return window.__renkeiPreviousPage !== true && document.readyState === 'complete';";
    match web.execute(script, vec![]).await {
        Ok(ret) => ret.convert::<bool>().unwrap_or(false),
        Err(_) => false,
    }
}

/// Waits up to [`WAIT`] for `expect`, on a new document when `navigation` is set; `after`
/// says what the step did, for the error.
async fn wait(
    web: &WebDriver,
    expect: &Expect,
    after: &str,
    navigation: bool,
) -> WebDriverResult<()> {
    let start = Instant::now();
    loop {
        let fresh = !navigation || on_new_page(web).await;
        let seen = match expect.check(web).await {
            Ok(()) if fresh => return Ok(()),
            Ok(()) => "it, but on the page before".to_owned(),
            Err(seen) if fresh => seen,
            Err(seen) => format!("the page before: {seen}"),
        };
        if start.elapsed() >= WAIT {
            let url = match web.current_url().await {
                Ok(url) => url.to_string(),
                Err(e) => format!("(no address: {e})"),
            };
            return Err(WebDriverError::Timeout(format!(
                "waited {} s for {expect} after {after}; saw {seen} at {url}",
                WAIT.as_secs()
            )));
        }
        tokio::time::sleep(POLL).await;
    }
}

/// Waits for `expect` on the page the browser shows, with no navigation: a page that changes
/// by itself (`after` says what set it off).
pub async fn wait_for(web: &WebDriver, expect: Expect, after: &str) -> WebDriverResult<()> {
    wait(web, &expect, after, false).await
}

/// Opens `url` and waits for the page to show `expect`.
pub async fn goto_and_wait(web: &WebDriver, url: &str, expect: Expect) -> WebDriverResult<()> {
    mark_page(web).await?;
    web.goto(url).await?;
    wait(web, &expect, &format!("opening {url}"), true).await
}

/// Opens `path` of `app`, as [`goto_and_wait`].
pub async fn open(
    web: &WebDriver,
    app: &TestApp,
    path: &str,
    expect: Expect,
) -> WebDriverResult<()> {
    goto_and_wait(web, &app.url(path), expect).await
}

/// Clicks the element `by` finds (a link or a submit button) and waits for the next page to
/// show `expect`.
pub async fn click_and_wait(web: &WebDriver, by: By, expect: Expect) -> WebDriverResult<()> {
    let element = web.find(by.clone()).await?;
    let label = element.text().await.unwrap_or_default();
    let after = format!("clicking 「{}」 ({by})", label.trim());
    mark_page(web).await?;
    element.click().await?;
    wait(web, &expect, &after, true).await
}

/// Submits the form whose action is `action` with its submit button, and waits for the next
/// page to show `expect`.
pub async fn submit_and_wait(web: &WebDriver, action: &str, expect: Expect) -> WebDriverResult<()> {
    let by = By::Css(format!("form[action='{action}'] button[type=submit]"));
    let button = web.find(by).await?;
    mark_page(web).await?;
    button.click().await?;
    wait(web, &expect, &format!("submitting the form {action}"), true).await
}

/// Types `text` into the field `id`.
pub async fn fill(web: &WebDriver, id: &str, text: &str) -> WebDriverResult<()> {
    web.find(By::Id(id)).await?.send_keys(text).await
}

/// Chooses the option with value `value` of the select `id`.
pub async fn choose(web: &WebDriver, id: &str, value: &str) -> WebDriverResult<()> {
    web.find(By::Css(format!("select#{id} option[value='{value}']")))
        .await?
        .click()
        .await
}

/// The text of the page's main content.
pub async fn main_text(web: &WebDriver) -> WebDriverResult<String> {
    web.find(By::Tag("main")).await?.text().await
}

/// The texts of every element matching `css`, in order.
pub async fn texts(web: &WebDriver, css: &str) -> WebDriverResult<Vec<String>> {
    let mut texts = Vec::new();
    for e in web.find_all(By::Css(css)).await? {
        texts.push(e.text().await?);
    }
    Ok(texts)
}

/// Makes an account with `roles` and signs in with it through the sign-in page, typing as a
/// person would.
pub async fn sign_in(
    web: &WebDriver,
    app: &TestApp,
    roles: &[renkei_domain::access::Role],
) -> WebDriverResult<()> {
    let address = app.make_account(roles).await;
    sign_in_with(web, app, &address, crate::helpers::TEST_PASSWORD).await
}

/// Signs in with an address and a password through the sign-in page, typing as a person
/// would, and waits for the page a signed-in person lands on.
pub async fn sign_in_with(
    web: &WebDriver,
    app: &TestApp,
    address: &str,
    password: &str,
) -> WebDriverResult<()> {
    open(web, app, "/sign-in?lang=ja", shows("#f-email")).await?;
    fill(web, "f-email", address).await?;
    fill(web, "f-password", password).await?;
    click_and_wait(
        web,
        By::Css("main button[type=submit]"),
        h1("理想的な支援成功モデル"),
    )
    .await
}

/// Becomes the person of `address`: the old session's cookie goes, and they sign in.
pub async fn switch_to_person(
    web: &WebDriver,
    app: &TestApp,
    address: &str,
    password: &str,
) -> WebDriverResult<()> {
    web.delete_all_cookies().await?;
    sign_in_with(web, app, address, password).await
}

/// With no session, opens a mailed one-time link (`/account/link?token=…`), sets `password`
/// on its page, and waits for the sign-in page it leads to.
pub async fn set_password_from_link(
    web: &WebDriver,
    app: &TestApp,
    link: &str,
    password: &str,
) -> WebDriverResult<()> {
    web.delete_all_cookies().await?;
    goto_and_wait(web, &app.url(link), shows("#f-password")).await?;
    fill(web, "f-password", password).await?;
    fill(web, "f-confirm", password).await?;
    submit_and_wait(web, "/account/link", shows("#f-email")).await
}

/// Becomes another person: the old session's cookie goes, and the new person signs in.
pub async fn switch_to(
    web: &WebDriver,
    app: &TestApp,
    roles: &[renkei_domain::access::Role],
) -> WebDriverResult<()> {
    web.delete_all_cookies().await?;
    sign_in(web, app, roles).await
}

/// Becomes another person and opens `path` as them.
pub async fn visit_as(
    web: &WebDriver,
    app: &TestApp,
    roles: &[renkei_domain::access::Role],
    path: &str,
    expect: Expect,
) -> WebDriverResult<()> {
    switch_to(web, app, roles).await?;
    open(web, app, path, expect).await
}
