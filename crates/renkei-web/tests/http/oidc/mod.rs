//! Sign-in through a city's OpenID Connect provider, against the real provider
//! (`provider.rs`: panva's oidc-provider, started by each test): a city's administrator
//! configures it on the city's page, an invited account signs in with it and its session
//! works; an uninvited address, a replayed state, a callback in another browser, a bad nonce
//! and a token for another client are refused. Through the HTTP surface, on every database.

pub mod provider;

use renkei_app::oidc::{self, ClientConfig, Refusal, TokenProblem};
use renkei_store::testing::count_rows;

use crate::helpers::{TestApp, city, csrf_of, location};
use provider::{Browser, Client, Provider, query_value, with_query_value};

const CALLBACK: &str = "/sign-in/oidc/callback";
const CHIBA: &str = "121002";
const SECRET: &str = "renkei-client-secret-for-tests";

/// A deployment with an administrator signed in, the real provider (clients `renkei`, this
/// deployment's, and `other`), and 千葉市's staff provider configured on its page.
struct Setup {
    admin: TestApp,
    provider: Provider,
    id: i64,
}

impl Setup {
    async fn new(app: &TestApp) -> Setup {
        let admin = app.another_node().await;
        admin.sign_in_admin().await;
        // The provider sends people back to the node that started the sign-in: `app`.
        let redirect = vec![app.url(CALLBACK)];
        let provider = Provider::start(&[
            Client {
                id: "renkei",
                secret: SECRET,
                redirect_uris: redirect.clone(),
            },
            Client {
                id: "other",
                secret: "other-secret",
                redirect_uris: redirect,
            },
        ])
        .await;
        let page = format!("/cities/{CHIBA}/identity-providers");
        let (status, html) = admin.get_text(&page).await;
        assert_eq!(status, 200, "{html}");
        let form = [
            ("audience", "staff"),
            ("issuer", provider.issuer.as_str()),
            ("client_id", "renkei"),
            ("client_secret", SECRET),
            ("email_claim", ""),
            ("enabled", "1"),
            ("csrf", &csrf_of(&html)),
        ];
        let r = admin.post_form(&page, &form).await;
        assert_eq!(r.status().as_u16(), 303, "{}", r.text().await.unwrap());
        let providers = app
            .store
            .identity_providers(Some(&city(CHIBA)))
            .await
            .unwrap();
        let id = providers[0].id.0;
        Setup {
            admin,
            provider,
            id,
        }
    }

    /// Invites a person with `role` in 千葉市 through the city's page: the address.
    async fn invite(&self, role: &str) -> String {
        let address = format!(
            "oidc-{}@city.chiba.example.lg.jp",
            uuid::Uuid::new_v4().simple()
        );
        let page = format!("/cities/{CHIBA}/users/invite");
        let form = [
            ("email", address.as_str()),
            ("name", "千葉 花子"),
            ("role", role),
        ];
        let r = self.admin.post_form(&page, &form).await;
        assert_eq!(r.status().as_u16(), 303, "invite {address}");
        address
    }
}

/// Sends `browser` from the app's sign-in button to the provider: its authorization URL.
async fn authorization_url(app: &TestApp, browser: &Browser, provider: i64) -> String {
    let r = browser
        .client
        .get(app.url(&format!("/sign-in/oidc/{provider}")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status().as_u16(),
        303,
        "the sign-in button leads to the provider"
    );
    location(&r)
}

/// Signs in at the provider as `login` from the app's button; the callback URL it sends the
/// browser back with (not yet opened).
async fn through(app: &TestApp, browser: &Browser, provider: i64, login: &str) -> String {
    let url = authorization_url(app, browser, provider).await;
    browser
        .through_provider(&url, login, &app.url(CALLBACK))
        .await
}

async fn open(browser: &Browser, url: &str) -> (u16, String, String) {
    let r = browser.client.get(url).send().await.unwrap();
    let status = r.status().as_u16();
    let to = location(&r);
    (status, to, r.text().await.unwrap())
}

/// Whether `browser` has a session on `app` (the account page opens).
async fn signed_in_as(app: &TestApp, browser: &Browser) -> Option<String> {
    let r = browser
        .client
        .get(app.url("/account"))
        .send()
        .await
        .unwrap();
    if r.status().as_u16() == 200 {
        r.text().await.ok()
    } else {
        None
    }
}

#[tokio::test]
async fn an_invited_account_signs_in_through_its_citys_provider_and_its_session_works() {
    for app in TestApp::each(false).await {
        let setup = Setup::new(&app).await;
        // The sign-in page offers the city's provider.
        let (_, page) = app.get_text("/sign-in").await;
        assert!(page.contains("千葉市の職員IDでサインイン"), "{page}");
        assert!(page.contains(&format!("href=\"/sign-in/oidc/{}\"", setup.id)));

        let address = setup.invite("city-staff").await;
        let users = count_rows(&app.store, "users").await;
        let browser = Browser::default();
        let url = authorization_url(&app, &browser, setup.id).await;
        // The code flow with PKCE (S256), a state and a nonce, for this client.
        assert!(url.starts_with(&setup.provider.issuer), "{url}");
        for (name, value) in [
            ("response_type", Some("code")),
            ("client_id", Some("renkei")),
            ("code_challenge_method", Some("S256")),
        ] {
            assert_eq!(query_value(&url, name).as_deref(), value, "{name}");
        }
        for name in ["state", "nonce", "code_challenge", "redirect_uri"] {
            assert!(query_value(&url, name).is_some(), "{name}");
        }
        let callback = browser
            .through_provider(&url, &address, &app.url(CALLBACK))
            .await;
        let (status, to, _) = open(&browser, &callback).await;
        assert_eq!(
            (status, to.as_str()),
            (303, "/"),
            "{}: signed in",
            app.backend
        );
        let account = signed_in_as(&app, &browser).await.expect("a session");
        assert!(account.contains(&address), "{account}");
        // The session is a staff member's: the city's accounts page opens.
        let r = browser
            .client
            .get(app.url(&format!("/cities/{CHIBA}/users")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 200);
        assert_eq!(
            count_rows(&app.store, "users").await,
            users,
            "no account made"
        );

        // The sign-in is in the audit trail; the client secret is in no page.
        let (_, audit) = setup.admin.get_text("/audit").await;
        assert!(audit.contains("session.sign-in-oidc"), "{}", app.backend);
        assert!(audit.contains("identity-provider.create"));
        let (_, list) = setup
            .admin
            .get_text(&format!("/cities/{CHIBA}/identity-providers"))
            .await;
        let (_, edit) = setup
            .admin
            .get_text(&format!("/cities/{CHIBA}/identity-providers/{}", setup.id))
            .await;
        for page in [&audit, &list, &edit] {
            assert!(!page.contains(SECRET), "the secret shows");
        }
        assert!(list.contains(&setup.provider.issuer) && list.contains("設定済み"));
    }
}

#[tokio::test]
async fn an_uninvited_address_or_someone_the_provider_is_not_for_is_refused() {
    for app in TestApp::each(false).await {
        let setup = Setup::new(&app).await;
        let users = count_rows(&app.store, "users").await;
        let browser = Browser::default();
        let stranger = "nobody.invited@example.com";
        let callback = through(&app, &browser, setup.id, stranger).await;
        let (status, _, page) = open(&browser, &callback).await;
        assert_eq!(status, 403, "{}: {page}", app.backend);
        assert!(page.contains(Refusal::Uninvited.message().ja), "{page}");
        assert!(signed_in_as(&app, &browser).await.is_none());
        assert_eq!(
            count_rows(&app.store, "users").await,
            users,
            "no account made"
        );
        let email = renkei_domain::identity::Email::parse(stranger).unwrap();
        assert!(app.store.user_by_email(&email).await.unwrap().is_none());

        // A coordinator of another city is not one of 千葉市's staff provider's people.
        let address = format!("osaka-{}@example.com", uuid::Uuid::new_v4().simple());
        let form = [
            ("email", address.as_str()),
            ("name", "大阪 太郎"),
            ("role", "coordinator"),
            ("city", "271004"),
        ];
        let r = setup.admin.post_form("/admin/users/invite", &form).await;
        assert_eq!(r.status().as_u16(), 303);
        let browser = Browser::default();
        let callback = through(&app, &browser, setup.id, &address).await;
        let (status, _, page) = open(&browser, &callback).await;
        assert_eq!(status, 403);
        assert!(page.contains(Refusal::NotItsPeople.message().ja), "{page}");
        assert!(signed_in_as(&app, &browser).await.is_none());
        let (_, audit) = setup.admin.get_text("/audit").await;
        assert!(audit.contains("session.oidc-uninvited"));
        assert!(audit.contains("session.oidc-not-its-people"));
    }
}

#[tokio::test]
async fn a_replayed_state_and_a_callback_in_another_browser_are_refused() {
    for app in TestApp::each(false).await {
        let setup = Setup::new(&app).await;
        let address = setup.invite("coordinator").await;
        let browser = Browser::default();
        let callback = through(&app, &browser, setup.id, &address).await;
        let (status, _, _) = open(&browser, &callback).await;
        assert_eq!(status, 303, "{}: the first answer signs in", app.backend);
        // The same answer again, even from the browser that started it: refused.
        let (status, _, page) = open(&browser, &callback).await;
        assert_eq!(status, 403, "{}: a replay", app.backend);
        assert!(page.contains(Refusal::StateUsed.message().ja), "{page}");
        // On another node of the deployment too.
        let node = app.another_node().await;
        let elsewhere = callback.replace(&app.url(""), &node.url(""));
        let (status, _, _) = open(&browser, &elsewhere).await;
        assert_eq!(status, 403);

        // The provider's answer opened in a browser that did not start the sign-in (login
        // CSRF): refused, and the sign-in it names is used up.
        let started = Browser::default();
        let callback = through(&app, &started, setup.id, &address).await;
        let other = Browser::default();
        let (status, _, page) = open(&other, &callback).await;
        assert_eq!(status, 403);
        assert!(page.contains(Refusal::StateUnknown.message().ja), "{page}");
        assert!(signed_in_as(&app, &other).await.is_none());
        let (status, _, _) = open(&started, &callback).await;
        assert_eq!(status, 403, "taken once, whoever took it");

        // A state nobody started, and an answer without any.
        let forged = with_query_value(&callback, "state", &"0".repeat(64));
        let (status, _, page) = open(&started, &forged).await;
        assert_eq!(status, 403);
        assert!(page.contains(Refusal::StateUnknown.message().ja));
        let (status, _, _) = open(&started, &app.url(CALLBACK)).await;
        assert_eq!(status, 403);
        // The person cancels at the provider: the sign-in page, with a notice.
        let (status, _, page) = open(
            &started,
            &app.url(&format!("{CALLBACK}?error=access_denied")),
        )
        .await;
        assert_eq!(status, 200);
        assert!(page.contains(Refusal::Cancelled.message().ja));
    }
}

#[tokio::test]
async fn a_bad_nonce_is_refused() {
    for app in TestApp::each(false).await {
        let setup = Setup::new(&app).await;
        let address = setup.invite("city-staff").await;
        let browser = Browser::default();
        let url = authorization_url(&app, &browser, setup.id).await;
        // The nonce the provider puts in the ID token is not the one this sign-in keeps.
        let altered = with_query_value(&url, "nonce", &"f".repeat(64));
        let callback = browser
            .through_provider(&altered, &address, &app.url(CALLBACK))
            .await;
        let (status, _, page) = open(&browser, &callback).await;
        assert_eq!(status, 403, "{}: {page}", app.backend);
        assert!(page.contains(Refusal::NonceMismatch.message().ja), "{page}");
        assert!(signed_in_as(&app, &browser).await.is_none());
        let (_, audit) = setup.admin.get_text("/audit").await;
        assert!(audit.contains("session.oidc-nonce-mismatch"));
    }
}

#[tokio::test]
async fn a_token_issued_for_another_client_is_refused() {
    for app in TestApp::each(false).await {
        let setup = Setup::new(&app).await;
        let address = setup.invite("city-staff").await;
        // The real provider issues an ID token to the client `other`, for this address.
        let discovered = oidc::discover(&setup.provider.issuer).await.unwrap();
        let redirect = app.url(CALLBACK);
        let other = ClientConfig {
            client_id: "other",
            client_secret: "other-secret",
            redirect_uri: &redirect,
        };
        let (state, nonce, verifier) = ("s".repeat(43), "n".repeat(43), "v".repeat(64));
        let url = oidc::authorization_url(&discovered, &other, &state, &nonce, &verifier).unwrap();
        let browser = Browser::default();
        let callback = browser.through_provider(&url, &address, &redirect).await;
        let code = query_value(&callback, "code").expect("a code");
        let token = oidc::exchange(&discovered, &other, &code, &verifier)
            .await
            .unwrap();
        // It verifies for the client it was issued to …
        let verified =
            oidc::verify_id_token(&discovered, "other", &nonce, &token, "email").unwrap();
        assert_eq!(verified.email.as_deref(), Some(address.as_str()));
        // … and not for this deployment's client (audience), nor with another nonce, nor
        // altered.
        let refused = oidc::verify_id_token(&discovered, "renkei", &nonce, &token, "email");
        assert_eq!(
            refused.unwrap_err(),
            Refusal::TokenInvalid(TokenProblem::Audience),
            "{}",
            app.backend
        );
        let refused = oidc::verify_id_token(&discovered, "other", "another", &token, "email");
        assert_eq!(refused.unwrap_err(), Refusal::NonceMismatch);
        // A character inside the signature changed (the last one may carry only padding).
        let mut forged: Vec<char> = token.chars().collect();
        let at = forged.len() - 10;
        forged[at] = if forged[at] == 'A' { 'B' } else { 'A' };
        let forged: String = forged.into_iter().collect();
        let refused = oidc::verify_id_token(&discovered, "other", &nonce, &forged, "email");
        assert_eq!(
            refused.unwrap_err(),
            Refusal::TokenInvalid(TokenProblem::Signature)
        );

        // Through the pages: the authorization URL's client altered to `other`. The
        // provider's code is `other`'s, which this deployment cannot redeem: refused, no
        // session.
        let browser = Browser::default();
        let url = authorization_url(&app, &browser, setup.id).await;
        let altered = with_query_value(&url, "client_id", "other");
        let callback = browser
            .through_provider(&altered, &address, &redirect)
            .await;
        let (status, _, page) = open(&browser, &callback).await;
        assert_eq!(status, 502, "{}: {page}", app.backend);
        assert!(page.contains(Refusal::ProviderError.message().ja));
        assert!(signed_in_as(&app, &browser).await.is_none());
    }
}

#[tokio::test]
async fn the_providers_page_checks_what_is_typed_and_keeps_the_secret() {
    for app in TestApp::each(false).await {
        let admin = app.another_node().await;
        admin.sign_in_admin().await;
        let page = format!("/cities/{CHIBA}/identity-providers");
        let before = count_rows(&app.store, "identity_providers").await;
        let form = [
            ("audience", "emperors"),
            ("issuer", "http://id.example.com"),
            ("client_id", ""),
            ("client_secret", "a b"),
            ("email_claim", "e mail"),
        ];
        let r = admin.post_form(&page, &form).await;
        assert_eq!(r.status().as_u16(), 422);
        let html = r.text().await.unwrap();
        for field in [
            "audience",
            "issuer",
            "client_id",
            "client_secret",
            "email_claim",
        ] {
            assert!(
                html.contains(&format!("href=\"#f-{field}\"")),
                "{field}: {html}"
            );
        }
        assert!(html.contains("https:// で始まるURL"));
        assert_eq!(count_rows(&app.store, "identity_providers").await, before);

        let good = [
            ("audience", "companies"),
            ("issuer", "https://id.example.com"),
            ("client_id", "renkei"),
            ("client_secret", SECRET),
            ("enabled", "1"),
        ];
        assert_eq!(admin.post_form(&page, &good).await.status().as_u16(), 303);
        // One per audience and city.
        let r = admin.post_form(&page, &good).await;
        assert_eq!(r.status().as_u16(), 422);
        let p = &app
            .store
            .identity_providers(Some(&city(CHIBA)))
            .await
            .unwrap()[0];
        // Changed without a secret: the stored one stays; from a stale version: 409.
        let edit = format!("{page}/{}", p.id);
        let change = [
            ("audience", "companies"),
            ("issuer", "https://id2.example.com"),
            ("client_id", "renkei2"),
            ("client_secret", ""),
            ("email_claim", "mail"),
            ("version", "1"),
        ];
        assert_eq!(admin.post_form(&edit, &change).await.status().as_u16(), 303);
        let after = app.store.identity_provider(p.id).await.unwrap().unwrap();
        assert_eq!(after.client_secret.expose(), SECRET);
        assert_eq!((after.version, after.enabled), (2, false));
        assert_eq!(after.email_claim, "mail");
        let r = admin.post_form(&edit, &change).await;
        assert_eq!(r.status().as_u16(), 409);
        // Switched off, it is not offered and cannot be started.
        let (_, signin) = app.get_text("/sign-in").await;
        assert!(!signin.contains("事業者ID"));
        let r = app.get(&format!("/sign-in/oidc/{}", p.id)).await;
        assert_eq!(r.status().as_u16(), 404);
        // Another city's officer finds neither the page nor the provider.
        let osaka = app.another_node().await;
        osaka
            .sign_in_as(&[crate::helpers::staff("271004", false)])
            .await;
        assert_eq!(osaka.get(&page).await.status().as_u16(), 404);
        assert_eq!(osaka.get(&edit).await.status().as_u16(), 404);
    }
}

/// Posts a form of the browser's session (its CSRF token read from the sign-in page).
async fn session_form(
    app: &TestApp,
    browser: &Browser,
    path: &str,
    fields: &[(&str, &str)],
) -> (u16, String) {
    let (_, _, page) = open(browser, &app.url("/sign-in")).await;
    let csrf = csrf_of(&page);
    let mut fields = fields.to_vec();
    fields.push(("csrf", &csrf));
    let r = browser
        .client
        .post(app.url(path))
        .form(&fields)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), location(&r))
}

#[tokio::test]
async fn after_the_provider_an_account_with_a_second_factor_is_asked_for_its_code() {
    use crate::second_factor::{code_at, now, secret_in};
    for app in TestApp::each(false).await {
        let setup = Setup::new(&app).await;
        let address = setup.invite("city-staff").await;
        let browser = Browser::default();
        let callback = through(&app, &browser, setup.id, &address).await;
        assert_eq!(open(&browser, &callback).await.1, "/");
        // Enrols from its account page, in the session the provider gave.
        assert_eq!(
            session_form(&app, &browser, "/account/second-factor/start", &[])
                .await
                .0,
            303
        );
        let (_, _, page) = open(&browser, &app.url("/account/second-factor")).await;
        let secret = secret_in(&page).expect("the secret");
        let code = code_at(&secret, now());
        let confirmed = session_form(
            &app,
            &browser,
            "/account/second-factor/confirm",
            &[("code", &code)],
        )
        .await;
        assert_eq!(confirmed.0, 200);
        session_form(&app, &browser, "/sign-out", &[]).await;
        assert!(signed_in_as(&app, &browser).await.is_none());

        // Through the provider again: no session until the code.
        let callback = through(&app, &browser, setup.id, &address).await;
        let (status, to, _) = open(&browser, &callback).await;
        assert_eq!((status, to.as_str()), (303, "/sign-in/second-factor"));
        assert!(signed_in_as(&app, &browser).await.is_none());
        let r = browser
            .client
            .post(app.url("/sign-in/second-factor"))
            .form(&[("code", code_at(&secret, now() + 30))])
            .send()
            .await
            .unwrap();
        assert_eq!((r.status().as_u16(), location(&r).as_str()), (303, "/"));
        let account = signed_in_as(&app, &browser).await.expect("a session");
        assert!(account.contains(&address), "{}", app.backend);
    }
}

#[tokio::test]
async fn a_citys_company_provider_signs_in_the_people_of_its_companies_only() {
    for app in TestApp::each(false).await {
        let setup = Setup::new(&app).await;
        // 千葉市 configures a second provider, for its companies' people (as gBizID would be).
        let page = format!("/cities/{CHIBA}/identity-providers");
        let (_, html) = setup.admin.get_text(&page).await;
        let form = [
            ("audience", "companies"),
            ("issuer", setup.provider.issuer.as_str()),
            ("client_id", "renkei"),
            ("client_secret", SECRET),
            ("email_claim", ""),
            ("enabled", "1"),
            ("csrf", &csrf_of(&html)),
        ];
        let r = setup.admin.post_form(&page, &form).await;
        assert_eq!(r.status().as_u16(), 303, "{}", r.text().await.unwrap());
        let companies = app
            .store
            .identity_providers(Some(&city(CHIBA)))
            .await
            .unwrap()
            .into_iter()
            .find(|p| p.id.0 != setup.id)
            .expect("the company provider")
            .id
            .0;

        // A company's person, invited from the company's page.
        let (company, _) =
            renkei_app::testing::eligible_product(&app.store, "認証連携の製品").await;
        let person = format!("gbiz-{}@example.co.jp", uuid::Uuid::new_v4().simple());
        let people = format!("/companies/{company}/people");
        let (_, html) = setup.admin.get_text(&people).await;
        let invite = [
            ("email", person.as_str()),
            ("name", "事業者 太郎"),
            ("csrf", &csrf_of(&html)),
        ];
        let r = setup
            .admin
            .post_form(&format!("{people}/invite"), &invite)
            .await;
        assert_eq!(r.status().as_u16(), 303);

        // Through the company provider: signed in; through the staff provider: refused.
        let browser = Browser::default();
        let callback = through(&app, &browser, companies, &person).await;
        let (status, to, _) = open(&browser, &callback).await;
        assert_eq!((status, to.as_str()), (303, "/"), "{}", app.backend);
        assert!(signed_in_as(&app, &browser).await.is_some());
        let browser = Browser::default();
        let callback = through(&app, &browser, setup.id, &person).await;
        let (status, _, page) = open(&browser, &callback).await;
        assert_eq!(status, 403);
        assert!(page.contains(Refusal::NotItsPeople.message().ja), "{page}");

        // A staff member is not one of the company provider's people.
        let officer = setup.invite("city-staff").await;
        let browser = Browser::default();
        let callback = through(&app, &browser, companies, &officer).await;
        let (status, _, page) = open(&browser, &callback).await;
        assert_eq!(status, 403);
        assert!(page.contains(Refusal::NotItsPeople.message().ja), "{page}");
        assert!(signed_in_as(&app, &browser).await.is_none());
    }
}
