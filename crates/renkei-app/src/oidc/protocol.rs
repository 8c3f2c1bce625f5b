//! The protocol's three exchanges with a provider, through `openidconnect`: discovery (the
//! provider's metadata and signing keys, its issuer checked against the configured one), the
//! authorization URL (code flow, PKCE S256, state and nonce), the code exchanged for tokens
//! with the PKCE verifier, and the ID token verified: signature by the provider's keys (an
//! asymmetric algorithm only), issuer, audience (the client id), expiry, nonce.

use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreGenderClaim, CoreJsonWebKey,
    CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm, CoreProviderMetadata,
};
use openidconnect::{
    AdditionalClaims, AuthorizationCode, ClaimsVerificationError, ClientId, ClientSecret,
    CsrfToken, DiscoveryError, IdToken, IdTokenVerifier, IssuerUrl, Nonce, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, RequestTokenError, Scope, TokenResponse,
};
use serde::{Deserialize, Serialize};

use super::http::{HttpClient, HttpError};
use super::{Refusal, TokenProblem};

/// Every claim of an ID token, for the one that holds the e-mail address (its name is the
/// provider's configuration).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AllClaims {
    #[serde(flatten)]
    claims: std::collections::HashMap<String, serde_json::Value>,
}

impl AdditionalClaims for AllClaims {}

type Token =
    IdToken<AllClaims, CoreGenderClaim, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm>;

/// The signature algorithms accepted: asymmetric ones only, so a token cannot be signed with
/// anything a client knows.
const ALGS: [CoreJwsSigningAlgorithm; 9] = [
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha384,
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha512,
    CoreJwsSigningAlgorithm::RsaSsaPssSha256,
    CoreJwsSigningAlgorithm::RsaSsaPssSha384,
    CoreJwsSigningAlgorithm::RsaSsaPssSha512,
    CoreJwsSigningAlgorithm::EcdsaP256Sha256,
    CoreJwsSigningAlgorithm::EcdsaP384Sha384,
    CoreJwsSigningAlgorithm::EdDsa,
];

/// A provider as its discovery document describes it, with its signing keys.
#[derive(Debug, Clone)]
pub struct Discovered {
    metadata: CoreProviderMetadata,
}

impl Discovered {
    pub fn issuer(&self) -> &str {
        self.metadata.issuer().as_str()
    }
}

fn unreachable_or_error(e: &HttpError) -> Refusal {
    tracing::warn!(error = %e, "an identity provider did not answer");
    Refusal::ProviderUnreachable
}

/// Reads `{issuer}/.well-known/openid-configuration` and the keys it names. The document's
/// issuer must be exactly the one configured.
pub async fn discover(issuer: &str) -> Result<Discovered, Refusal> {
    let issuer = IssuerUrl::new(issuer.to_owned()).map_err(|_| Refusal::ProviderError)?;
    let http = HttpClient::shared();
    match CoreProviderMetadata::discover_async(issuer, &http).await {
        Ok(metadata) => Ok(Discovered { metadata }),
        Err(DiscoveryError::Request(e)) => Err(unreachable_or_error(&e)),
        Err(e) => {
            tracing::warn!(error = %e, "an identity provider's discovery is not usable");
            Err(Refusal::ProviderError)
        }
    }
}

/// What a client is: its id, its secret (none for a public client) and where the provider
/// sends the person back.
pub struct ClientConfig<'a> {
    pub client_id: &'a str,
    pub client_secret: &'a str,
    pub redirect_uri: &'a str,
}

fn client(
    p: &Discovered,
    c: &ClientConfig<'_>,
) -> Result<
    CoreClient<
        openidconnect::EndpointSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointMaybeSet,
        openidconnect::EndpointMaybeSet,
    >,
    Refusal,
> {
    let secret = (!c.client_secret.is_empty()).then(|| ClientSecret::new(c.client_secret.into()));
    let redirect =
        RedirectUrl::new(c.redirect_uri.to_owned()).map_err(|_| Refusal::ProviderError)?;
    Ok(CoreClient::from_provider_metadata(
        p.metadata.clone(),
        ClientId::new(c.client_id.to_owned()),
        secret,
    )
    .set_redirect_uri(redirect))
}

/// The URL that sends the person to the provider: code flow, scopes `openid email`, the
/// PKCE challenge (S256) of `verifier`, `state` and `nonce`.
pub fn authorization_url(
    p: &Discovered,
    c: &ClientConfig<'_>,
    state: &str,
    nonce: &str,
    verifier: &str,
) -> Result<String, Refusal> {
    let challenge =
        PkceCodeChallenge::from_code_verifier_sha256(&PkceCodeVerifier::new(verifier.to_owned()));
    let (state, nonce) = (state.to_owned(), nonce.to_owned());
    let (url, _, _) = client(p, c)?
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            move || CsrfToken::new(state),
            move || Nonce::new(nonce),
        )
        .add_scope(Scope::new("email".into()))
        .set_pkce_challenge(challenge)
        .url();
    Ok(url.to_string())
}

/// Exchanges the code (with the PKCE verifier) at the token endpoint: the ID token, as it
/// came, to be verified.
pub async fn exchange(
    p: &Discovered,
    c: &ClientConfig<'_>,
    code: &str,
    verifier: &str,
) -> Result<String, Refusal> {
    let http = HttpClient::shared();
    let response = client(p, c)?
        .exchange_code(AuthorizationCode::new(code.to_owned()))
        .map_err(|_| Refusal::ProviderError)?
        .set_pkce_verifier(PkceCodeVerifier::new(verifier.to_owned()))
        .request_async(&http)
        .await
        .map_err(|e| match e {
            RequestTokenError::Request(e) => unreachable_or_error(&e),
            e => {
                tracing::warn!(error = %e, "an identity provider refused the code");
                Refusal::ProviderError
            }
        })?;
    match response.id_token() {
        Some(t) => Ok(t.to_string()),
        None => {
            tracing::warn!("an identity provider answered without an ID token");
            Err(Refusal::ProviderError)
        }
    }
}

/// What a verified ID token says of the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub subject: String,
    /// The value of the configured e-mail claim, if it is a string.
    pub email: Option<String>,
    /// `email_verified`, when the token says it.
    pub email_verified: Option<bool>,
}

/// Verifies an ID token as the client `client_id` of the provider `p` expects it: signed by
/// one of the provider's keys with an asymmetric algorithm, issued by it, for this client
/// (audience), not expired, carrying `nonce`. Then reads the claim `email_claim`.
pub fn verify_id_token(
    p: &Discovered,
    client_id: &str,
    nonce: &str,
    id_token: &str,
    email_claim: &str,
) -> Result<Verified, Refusal> {
    let token: Token = id_token
        .parse()
        .map_err(|_| Refusal::TokenInvalid(TokenProblem::Malformed))?;
    let verifier: IdTokenVerifier<'_, CoreJsonWebKey> = IdTokenVerifier::new_public_client(
        ClientId::new(client_id.to_owned()),
        p.metadata.issuer().clone(),
        p.metadata.jwks().clone(),
    )
    .set_allowed_algs(ALGS);
    let claims = token
        .claims(&verifier, &Nonce::new(nonce.to_owned()))
        .map_err(|e| {
            tracing::info!(error = %e, "an ID token was refused");
            match e {
                ClaimsVerificationError::InvalidNonce(_) => Refusal::NonceMismatch,
                ClaimsVerificationError::InvalidAudience(_) => {
                    Refusal::TokenInvalid(TokenProblem::Audience)
                }
                ClaimsVerificationError::InvalidIssuer(_) => {
                    Refusal::TokenInvalid(TokenProblem::Issuer)
                }
                ClaimsVerificationError::Expired(_) => Refusal::TokenInvalid(TokenProblem::Expired),
                ClaimsVerificationError::SignatureVerification(_) => {
                    Refusal::TokenInvalid(TokenProblem::Signature)
                }
                _ => Refusal::TokenInvalid(TokenProblem::Malformed),
            }
        })?;
    let all = &claims.additional_claims().claims;
    let email = match email_claim {
        "email" => claims.email().map(|e| e.as_str().to_owned()),
        other => all.get(other).and_then(|v| v.as_str()).map(str::to_owned),
    };
    let email_verified = if email_claim == "email" {
        claims.email_verified()
    } else {
        None
    };
    Ok(Verified {
        subject: claims.subject().as_str().to_owned(),
        email,
        email_verified,
    })
}
