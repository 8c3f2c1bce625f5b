//! Sign-in through a city's OpenID Connect provider: [`start`] sends the person to the
//! provider, [`finish`] takes them back. Authorization code flow with PKCE (S256); `state`
//! taken once, within ten minutes, on any node, and bound to the browser that started the
//! sign-in; the ID token's signature, issuer, audience, expiry and nonce verified. The
//! address the token names must be an account's that was invited or approved, is active and
//! is one of the people the provider is for (`renkei_domain::oidc::may_sign_in`): signing in
//! never creates an account. Every sign-in and every refusal is an audit line; the session
//! itself is started by the caller exactly as after a password.

pub mod http;
mod protocol;

use renkei_domain::Text;
use renkei_domain::access::Role;
use renkei_domain::identity::Email;
use renkei_domain::oidc::{NotAllowed, may_sign_in};
use renkei_store::{
    Actor, IdentityProviderId, IdentityProviderRecord, StoreError, TakeError, UserRecord,
};

pub use protocol::{
    ClientConfig, Discovered, Verified, authorization_url, discover, exchange, verify_id_token,
};

use crate::App;

/// Where a provider sends the person back, on this deployment.
pub const CALLBACK_PATH: &str = "/sign-in/oidc/callback";

/// What is wrong with an ID token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenProblem {
    /// Not signed by one of the provider's keys with an accepted algorithm.
    Signature,
    /// Issued for another client.
    Audience,
    /// Issued by another issuer.
    Issuer,
    Expired,
    /// Not an ID token at all.
    Malformed,
}

/// Why a sign-in through a provider was refused, each with its words for the sign-in page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No such provider, or it is switched off (404).
    ProviderUnknown,
    /// No account holds the address the provider gave: nobody is invited with it.
    Uninvited,
    /// The account was deactivated.
    Inactive,
    /// The account is not one of the people this provider is for.
    NotItsPeople,
    /// The ID token names no usable e-mail address in the configured claim.
    NoEmail,
    /// The provider says it has not verified the address.
    EmailUnverified,
    /// No sign-in was started with this state, or not in this browser.
    StateUnknown,
    /// The provider's answer was used already (a replay).
    StateUsed,
    /// The sign-in was started more than ten minutes ago.
    StateExpired,
    /// The ID token does not carry the nonce this sign-in sent.
    NonceMismatch,
    TokenInvalid(TokenProblem),
    /// The person cancelled at the provider, or refused consent.
    Cancelled,
    /// The provider answered with an error, or something not usable (502).
    ProviderError,
    /// The provider could not be reached (502).
    ProviderUnreachable,
}

/// How the web answers a refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefusalKind {
    /// 404.
    NotFound,
    /// The person chose not to sign in: the sign-in page, with a notice.
    Cancelled,
    /// 403.
    Refused,
    /// 502.
    ProviderFailed,
}

impl Refusal {
    pub fn kind(self) -> RefusalKind {
        match self {
            Refusal::ProviderUnknown => RefusalKind::NotFound,
            Refusal::Cancelled => RefusalKind::Cancelled,
            Refusal::ProviderError | Refusal::ProviderUnreachable => RefusalKind::ProviderFailed,
            _ => RefusalKind::Refused,
        }
    }

    /// The audit trail's action for it.
    pub fn audit_action(self) -> &'static str {
        match self {
            Refusal::ProviderUnknown => "session.oidc-provider-unknown",
            Refusal::Uninvited => "session.oidc-uninvited",
            Refusal::Inactive => "session.oidc-inactive",
            Refusal::NotItsPeople => "session.oidc-not-its-people",
            Refusal::NoEmail => "session.oidc-no-email",
            Refusal::EmailUnverified => "session.oidc-email-unverified",
            Refusal::StateUnknown => "session.oidc-state-unknown",
            Refusal::StateUsed => "session.oidc-state-used",
            Refusal::StateExpired => "session.oidc-state-expired",
            Refusal::NonceMismatch => "session.oidc-nonce-mismatch",
            Refusal::TokenInvalid(TokenProblem::Signature) => "session.oidc-token-signature",
            Refusal::TokenInvalid(TokenProblem::Audience) => "session.oidc-token-audience",
            Refusal::TokenInvalid(TokenProblem::Issuer) => "session.oidc-token-issuer",
            Refusal::TokenInvalid(TokenProblem::Expired) => "session.oidc-token-expired",
            Refusal::TokenInvalid(TokenProblem::Malformed) => "session.oidc-token-malformed",
            Refusal::Cancelled => "session.oidc-cancelled",
            Refusal::ProviderError => "session.oidc-provider-error",
            Refusal::ProviderUnreachable => "session.oidc-provider-unreachable",
        }
    }

    /// What the sign-in page says, in both languages.
    pub fn message(self) -> Text {
        match self {
            Refusal::ProviderUnknown => Text::new(
                "このIDプロバイダーは設定されていないか、停止されています。",
                "This identity provider is not configured or is switched off.",
            ),
            Refusal::Uninvited => Text::new(
                "このメールアドレスのアカウントはありません。IDプロバイダーでのサインインは、招待または承認されたアカウントにだけ使えます。市の担当者に招待を依頼してください。",
                "No account has this e-mail address. Signing in with an identity provider works only for an account that was invited or approved: ask the city's officer for an invitation.",
            ),
            Refusal::Inactive => Text::new(
                "このアカウントは停止されています。",
                "This account has been deactivated.",
            ),
            Refusal::NotItsPeople => Text::new(
                "このIDプロバイダーでは、このアカウントにサインインできません。対象の市の職員（または事業者）のアカウントではないためです。パスワードでサインインしてください。",
                "This identity provider cannot sign in this account: it is not one of the people the provider is for (the city's staff, or its companies' people). Sign in with your password.",
            ),
            Refusal::NoEmail => Text::new(
                "IDプロバイダーからメールアドレスを受け取れませんでした。IDプロバイダーの設定（メールアドレスのクレーム）を市の担当者に確認してください。",
                "The identity provider gave no e-mail address. Ask the city's officer to check the provider's e-mail claim.",
            ),
            Refusal::EmailUnverified => Text::new(
                "IDプロバイダーでメールアドレスが確認されていません。確認してから、もう一度サインインしてください。",
                "The identity provider has not verified the e-mail address. Verify it there, then sign in again.",
            ),
            Refusal::StateUnknown => Text::new(
                "このサインインは、この画面から始められたものではありません。もう一度サインインしてください。",
                "This sign-in was not started here. Please sign in again.",
            ),
            Refusal::StateUsed => Text::new(
                "このサインインはすでに使われています。もう一度サインインしてください。",
                "This sign-in has been used already. Please sign in again.",
            ),
            Refusal::StateExpired => Text::new(
                "サインインの有効期限（10分）が切れました。もう一度サインインしてください。",
                "The sign-in took longer than 10 minutes. Please sign in again.",
            ),
            Refusal::NonceMismatch => Text::new(
                "IDプロバイダーの応答が、このサインインのものと一致しません（nonce）。もう一度サインインしてください。",
                "The identity provider's answer does not belong to this sign-in (nonce). Please sign in again.",
            ),
            Refusal::TokenInvalid(p) => match p {
                TokenProblem::Signature => Text::new(
                    "IDトークンの署名を確認できませんでした。",
                    "The ID token's signature could not be verified.",
                ),
                TokenProblem::Audience => Text::new(
                    "IDトークンがこのサービス宛てではありません（audience）。",
                    "The ID token was not issued for this service (audience).",
                ),
                TokenProblem::Issuer => Text::new(
                    "IDトークンの発行者が設定と異なります（issuer）。",
                    "The ID token's issuer is not the configured one.",
                ),
                TokenProblem::Expired => Text::new(
                    "IDトークンの有効期限が切れています。",
                    "The ID token has expired.",
                ),
                TokenProblem::Malformed => Text::new(
                    "IDトークンを読み取れませんでした。",
                    "The ID token could not be read.",
                ),
            },
            Refusal::Cancelled => Text::new(
                "IDプロバイダーでのサインインは取り消されました。",
                "Signing in at the identity provider was cancelled.",
            ),
            Refusal::ProviderError => Text::new(
                "IDプロバイダーがエラーを返しました。しばらくしてからお試しいただくか、パスワードでサインインしてください。",
                "The identity provider answered with an error. Try again later, or sign in with your password.",
            ),
            Refusal::ProviderUnreachable => Text::new(
                "IDプロバイダーに接続できませんでした。しばらくしてからお試しいただくか、パスワードでサインインしてください。",
                "The identity provider could not be reached. Try again later, or sign in with your password.",
            ),
        }
    }
}

/// Why a sign-in stopped: a refusal, or the database.
enum Stop {
    Refused(Refusal),
    Store(StoreError),
}

impl From<Refusal> for Stop {
    fn from(r: Refusal) -> Self {
        Stop::Refused(r)
    }
}

impl From<StoreError> for Stop {
    fn from(e: StoreError) -> Self {
        Stop::Store(e)
    }
}

/// A sign-in sent to its provider.
#[derive(Debug, Clone)]
pub struct Started {
    /// Where to send the person.
    pub url: String,
    /// The state sent, for the browser's cookie (the callback must come back to the same
    /// browser).
    pub state: String,
}

/// The provider's answer, as it came back to the callback.
#[derive(Debug, Clone, Default)]
pub struct Callback {
    pub state: Option<String>,
    pub code: Option<String>,
    /// The provider's error code (`access_denied` …) instead of a code.
    pub error: Option<String>,
    /// RFC 9207's `iss`, when the provider sends it.
    pub iss: Option<String>,
    /// The state the browser's cookie holds.
    pub browser_state: Option<String>,
}

/// A person signed in through a provider; the caller starts the session.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub user: UserRecord,
    pub provider: IdentityProviderRecord,
}

/// The providers a sign-in page offers: every one that is switched on.
pub async fn offered(app: &App) -> Result<Vec<IdentityProviderRecord>, StoreError> {
    let mut all = app.store().identity_providers(None).await?;
    all.retain(|p| p.enabled);
    Ok(all)
}

fn client_of<'a>(p: &'a IdentityProviderRecord, redirect: &'a str) -> ClientConfig<'a> {
    ClientConfig {
        client_id: &p.client_id,
        client_secret: p.client_secret.expose(),
        redirect_uri: redirect,
    }
}

/// Starts a sign-in with the provider `id`: reads its metadata, makes a PKCE verifier, a
/// state and a nonce, keeps them for [`finish`], and answers where to send the person. A
/// refusal is an audit line.
pub async fn start(
    app: &App,
    id: IdentityProviderId,
    actor: &Actor,
) -> Result<Result<Started, Refusal>, StoreError> {
    let provider = app
        .store()
        .identity_provider(id)
        .await?
        .filter(|p| p.enabled);
    let outcome = async {
        let p = provider.as_ref().ok_or(Refusal::ProviderUnknown)?;
        let discovered = discover(&p.issuer).await?;
        let (state, nonce, verifier) = (
            renkei_store::new_token(),
            renkei_store::new_token(),
            renkei_store::new_token(),
        );
        let redirect = app.link(CALLBACK_PATH);
        let url = authorization_url(
            &discovered,
            &client_of(p, &redirect),
            &state,
            &nonce,
            &verifier,
        )?;
        Ok::<_, Stop>((url, state, nonce, verifier))
    }
    .await;
    match outcome {
        Ok((url, state, nonce, verifier)) => {
            app.store()
                .begin_oidc_login(id, &state, &nonce, &verifier)
                .await?;
            Ok(Ok(Started { url, state }))
        }
        Err(Stop::Store(e)) => Err(e),
        Err(Stop::Refused(r)) => {
            audit_refusal(app, actor, r, provider.as_ref(), None).await?;
            Ok(Err(r))
        }
    }
}

/// What a sign-in learned before it ended, for its audit line.
#[derive(Default)]
struct Seen {
    provider: Option<IdentityProviderRecord>,
    email: Option<String>,
}

/// Finishes a sign-in with the provider's answer: takes the sign-in it names (once, in this
/// browser, within ten minutes), exchanges the code, verifies the ID token, and finds the
/// account its address names, if the provider may sign it in. The success and every
/// refusal are audit lines.
pub async fn finish(
    app: &App,
    callback: &Callback,
    actor: &Actor,
) -> Result<Result<SignedIn, Refusal>, StoreError> {
    let mut seen = Seen::default();
    match attempt(app, callback, &mut seen).await {
        Ok(signed_in) => {
            let who = Actor {
                id: Some(signed_in.user.id.0),
                label: signed_in.user.email.to_string(),
                ..actor.clone()
            };
            let p = &signed_in.provider;
            app.store()
                .record_event(
                    &who,
                    "session.sign-in-oidc",
                    Some(&p.city),
                    "identity-provider",
                    &p.id.to_string(),
                )
                .await?;
            Ok(Ok(signed_in))
        }
        Err(Stop::Store(e)) => Err(e),
        Err(Stop::Refused(r)) => {
            audit_refusal(app, actor, r, seen.provider.as_ref(), seen.email.as_deref()).await?;
            Ok(Err(r))
        }
    }
}

async fn audit_refusal(
    app: &App,
    actor: &Actor,
    refusal: Refusal,
    provider: Option<&IdentityProviderRecord>,
    email: Option<&str>,
) -> Result<(), StoreError> {
    let (object_type, object_id) = match (email, provider) {
        (Some(e), _) => ("email", e.to_owned()),
        (None, Some(p)) => ("identity-provider", p.id.to_string()),
        (None, None) => ("identity-provider", String::new()),
    };
    app.store()
        .record_event(
            actor,
            refusal.audit_action(),
            provider.map(|p| &p.city),
            object_type,
            &object_id,
        )
        .await
}

/// Whether two secrets are equal, every byte compared (no early exit on a common prefix).
fn same_secret(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut diff = a.len() ^ b.len();
    for i in 0..a.len().max(b.len()) {
        diff |= usize::from(a.get(i).copied().unwrap_or(0) ^ b.get(i).copied().unwrap_or(0));
    }
    std::hint::black_box(diff) == 0
}

async fn attempt(app: &App, cb: &Callback, seen: &mut Seen) -> Result<SignedIn, Stop> {
    let state = cb.state.as_deref().filter(|s| !s.is_empty());
    if let Some(error) = cb.error.as_deref() {
        // The provider answers an error instead of a code: the sign-in it names ends here.
        if let Some(state) = state {
            let _ = app.store().take_oidc_login(state).await?;
        }
        return Err(if error == "access_denied" {
            Refusal::Cancelled
        } else {
            tracing::info!(error, "an identity provider answered an error");
            Refusal::ProviderError
        }
        .into());
    }
    let state = state.ok_or(Refusal::StateUnknown)?;
    let pending = app
        .store()
        .take_oidc_login(state)
        .await?
        .map_err(|e| match e {
            TakeError::Unknown => Refusal::StateUnknown,
            TakeError::Used => Refusal::StateUsed,
            TakeError::Expired => Refusal::StateExpired,
        })?;
    let provider = app.store().identity_provider(pending.provider).await?;
    seen.provider = provider.clone();
    if !cb
        .browser_state
        .as_deref()
        .is_some_and(|b| same_secret(b, state))
    {
        return Err(Refusal::StateUnknown.into());
    }
    let provider = provider
        .filter(|p| p.enabled)
        .ok_or(Refusal::ProviderUnknown)?;
    if cb.iss.as_deref().is_some_and(|iss| iss != provider.issuer) {
        return Err(Refusal::TokenInvalid(TokenProblem::Issuer).into());
    }
    let code = cb
        .code
        .as_deref()
        .filter(|c| !c.is_empty())
        .ok_or(Refusal::ProviderError)?;
    let discovered = discover(&provider.issuer).await?;
    let redirect = app.link(CALLBACK_PATH);
    let client = client_of(&provider, &redirect);
    let id_token = exchange(&discovered, &client, code, &pending.pkce_verifier).await?;
    let verified = verify_id_token(
        &discovered,
        &provider.client_id,
        &pending.nonce,
        &id_token,
        &provider.email_claim,
    )?;
    let email = verified
        .email
        .as_deref()
        .and_then(|e| Email::parse(e).ok())
        .ok_or(Refusal::NoEmail)?;
    seen.email = Some(email.to_string());
    if verified.email_verified == Some(false) {
        return Err(Refusal::EmailUnverified.into());
    }
    let (user, roles) = app
        .store()
        .user_by_email(&email)
        .await?
        .ok_or(Refusal::Uninvited)?;
    let companies: Vec<i64> = roles
        .iter()
        .filter_map(|r| match r {
            Role::CompanyUser { company } => Some(*company),
            _ => None,
        })
        .collect();
    let homes = app.store().company_home_cities(&companies).await?;
    may_sign_in(
        provider.audience,
        &provider.city,
        user.active,
        &roles,
        &homes,
    )
    .map_err(|n| match n {
        NotAllowed::Inactive => Refusal::Inactive,
        NotAllowed::NotItsPeople => Refusal::NotItsPeople,
    })?;
    Ok(SignedIn { user, provider })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_has_words_in_both_languages_and_an_audit_action() {
        use TokenProblem::*;
        let all = [
            Refusal::ProviderUnknown,
            Refusal::Uninvited,
            Refusal::Inactive,
            Refusal::NotItsPeople,
            Refusal::NoEmail,
            Refusal::EmailUnverified,
            Refusal::StateUnknown,
            Refusal::StateUsed,
            Refusal::StateExpired,
            Refusal::NonceMismatch,
            Refusal::TokenInvalid(Signature),
            Refusal::TokenInvalid(Audience),
            Refusal::TokenInvalid(Issuer),
            Refusal::TokenInvalid(Expired),
            Refusal::TokenInvalid(Malformed),
            Refusal::Cancelled,
            Refusal::ProviderError,
            Refusal::ProviderUnreachable,
        ];
        let mut actions = std::collections::HashSet::new();
        for r in all {
            let m = r.message();
            assert!(!m.ja.is_empty() && !m.en.is_empty(), "{r:?}");
            assert!(actions.insert(r.audit_action()), "{r:?}");
            assert!(r.audit_action().starts_with("session.oidc-"));
        }
        assert_eq!(
            Refusal::ProviderUnreachable.kind(),
            RefusalKind::ProviderFailed
        );
        assert_eq!(Refusal::StateUsed.kind(), RefusalKind::Refused);
        assert_eq!(Refusal::ProviderUnknown.kind(), RefusalKind::NotFound);
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "abcd"));
        assert!(!same_secret("", "a"));
    }
}
