//! The HTTP client the OpenID Connect library is given: reqwest over rustls with the `ring`
//! provider (installed once for the process), which follows no redirect (a provider's
//! address, typed by a city's officer, must not lead the server elsewhere: SSRF), gives up
//! after ten seconds and reads at most 1 MiB of an answer.

use std::future::Future;
use std::pin::Pin;
use std::sync::OnceLock;
use std::time::Duration;

use openidconnect::{AsyncHttpClient, HttpRequest, HttpResponse};

/// The longest answer read from a provider (discovery, keys, tokens are a few KiB).
const MAX_BODY: usize = 1 << 20;

/// Why a request to a provider got no answer.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    #[error("request to the provider failed: {0}")]
    Request(#[from] reqwest::Error),
    #[error("the provider's answer is larger than 1 MiB")]
    TooLarge,
    #[error("the provider's answer cannot be read: {0}")]
    Http(#[from] openidconnect::http::Error),
}

/// Installs rustls's `ring` crypto provider for the process, once (a provider already
/// installed, by this or another part of the process, is kept).
pub fn install_crypto_provider() {
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// The process's client for identity providers.
#[derive(Debug, Clone)]
pub struct HttpClient(reqwest::Client);

impl HttpClient {
    /// The one client of the process (a pool of connections, shared).
    pub fn shared() -> HttpClient {
        static CLIENT: OnceLock<HttpClient> = OnceLock::new();
        CLIENT
            .get_or_init(|| {
                install_crypto_provider();
                let client = reqwest::Client::builder()
                    .redirect(reqwest::redirect::Policy::none())
                    .connect_timeout(Duration::from_secs(5))
                    .timeout(Duration::from_secs(10))
                    .user_agent(concat!("renkei/", env!("CARGO_PKG_VERSION")))
                    .build()
                    .expect("an HTTP client with rustls and the ring provider");
                HttpClient(client)
            })
            .clone()
    }

    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, HttpError> {
        let mut response = self.0.execute(reqwest::Request::try_from(request)?).await?;
        let mut builder = openidconnect::http::Response::builder().status(response.status());
        for (name, value) in response.headers() {
            builder = builder.header(name, value);
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await? {
            if body.len() + chunk.len() > MAX_BODY {
                return Err(HttpError::TooLarge);
            }
            body.extend_from_slice(&chunk);
        }
        Ok(builder.body(body)?)
    }
}

impl<'c> AsyncHttpClient<'c> for HttpClient {
    type Error = HttpError;
    type Future = Pin<Box<dyn Future<Output = Result<HttpResponse, HttpError>> + Send + 'c>>;

    fn call(&'c self, request: HttpRequest) -> Self::Future {
        Box::pin(self.send(request))
    }
}
