//! Sign-in through OpenID Connect: the identity providers a city configures, as typed
//! records (versioned, every change audited — without the client secret, which nothing
//! serializes), and the logins under way: what `start` must leave for `finish`, on any node.
//! A login's `state` is kept as its SHA-256; taking it is one conditional update, so a state
//! is taken once, within [`LOGIN_VALID`], whichever node the provider sends the person back to.

use chrono::{DateTime, Utc};
use renkei_domain::city::CityCode;
use renkei_domain::oidc::{Audience, LOGIN_VALID, ProviderDraft};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::Serialize;

use crate::audit::{Actor, Change};
use crate::entity::{company, identity_provider, oidc_login};
use crate::handle::Store;
use crate::kernel::{Result, StoreError};
use crate::records::{Unreadable, code, id_type, known, readable};
use crate::sessions::digest;

id_type!(
    /// An identity provider's id.
    IdentityProviderId
);

/// A client secret: shown to nobody, written in no log or audit line.
#[derive(Clone, PartialEq, Eq)]
pub struct ClientSecret(String);

impl ClientSecret {
    /// The secret, to send to the provider's token endpoint (and nowhere else).
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_set(&self) -> bool {
        !self.0.is_empty()
    }
}

impl std::fmt::Debug for ClientSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.is_set() { "<secret>" } else { "<none>" })
    }
}

/// In the audit trail, whether a secret is set: never the secret.
fn secret_set<S: serde::Serializer>(
    v: &ClientSecret,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_bool(v.is_set())
}

/// A city's identity provider, at one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IdentityProviderRecord {
    pub id: IdentityProviderId,
    pub city: CityCode,
    #[serde(serialize_with = "code")]
    pub audience: Audience,
    pub issuer: String,
    pub client_id: String,
    #[serde(rename = "client_secret_set", serialize_with = "secret_set")]
    pub client_secret: ClientSecret,
    pub email_claim: String,
    pub enabled: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

crate::records::coded!(Audience);

const TABLE: &str = "identity_providers";

impl TryFrom<identity_provider::Model> for IdentityProviderRecord {
    type Error = Unreadable;

    fn try_from(m: identity_provider::Model) -> std::result::Result<Self, Unreadable> {
        let city = known(TABLE, m.id, "city_code", &m.city_code, |c| {
            CityCode::parse(c).ok()
        })?;
        let audience = known(TABLE, m.id, "audience", &m.audience, Audience::from_code)?;
        Ok(IdentityProviderRecord {
            id: IdentityProviderId(m.id),
            city,
            audience,
            issuer: m.issuer,
            client_id: m.client_id,
            client_secret: ClientSecret(m.client_secret),
            email_claim: m.email_claim,
            enabled: m.enabled,
            version: m.version,
            created_at: m.created_at,
            updated_at: m.updated_at,
        })
    }
}

/// A login under way, as `finish` takes it.
#[derive(Clone, PartialEq, Eq)]
pub struct PendingLogin {
    pub provider: IdentityProviderId,
    pub nonce: String,
    pub pkce_verifier: String,
    pub created_at: DateTime<Utc>,
}

impl std::fmt::Debug for PendingLogin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingLogin")
            .field("provider", &self.provider)
            .field("created_at", &self.created_at)
            .finish_non_exhaustive()
    }
}

/// Why a state cannot be taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TakeError {
    /// No login was started with it (or it was forgotten, a day later).
    Unknown,
    /// Taken already: the provider's answer was replayed.
    Used,
    /// Started more than [`LOGIN_VALID`] ago.
    Expired,
}

fn unique_audience(e: sea_orm::DbErr) -> StoreError {
    match e.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => StoreError::Duplicate("audience"),
        _ => e.into(),
    }
}

impl Store {
    /// The identity providers of a city (or of every city), staff first.
    pub async fn identity_providers(
        &self,
        city: Option<&CityCode>,
    ) -> Result<Vec<IdentityProviderRecord>> {
        let mut q = identity_provider::Entity::find()
            .order_by_asc(identity_provider::Column::CityCode)
            .order_by_desc(identity_provider::Column::Audience);
        if let Some(c) = city {
            q = q.filter(identity_provider::Column::CityCode.eq(c.to_string()));
        }
        Ok(readable(q.all(&self.db).await?))
    }

    /// One identity provider.
    pub async fn identity_provider(
        &self,
        id: IdentityProviderId,
    ) -> Result<Option<IdentityProviderRecord>> {
        let row = identity_provider::Entity::find_by_id(id.0)
            .one(&self.db)
            .await?;
        Ok(row.and_then(|m| {
            IdentityProviderRecord::try_from(m)
                .inspect_err(Unreadable::warn)
                .ok()
        }))
    }

    /// Adds a city's identity provider, audited (without its secret). A city has one per
    /// audience: a second is [`StoreError::Duplicate`] (`audience`).
    pub async fn create_identity_provider(
        &self,
        city: &CityCode,
        draft: &ProviderDraft,
        actor: &Actor,
    ) -> Result<IdentityProviderRecord> {
        let txn = self.begin_audited(actor).await?;
        let now = Utc::now();
        let row = identity_provider::ActiveModel {
            city_code: Set(city.to_string()),
            audience: Set(draft.audience.code().to_owned()),
            issuer: Set(draft.issuer.clone()),
            client_id: Set(draft.client_id.clone()),
            client_secret: Set(draft.client_secret.clone().unwrap_or_default()),
            email_claim: Set(draft.email_claim.clone()),
            enabled: Set(draft.enabled),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(unique_audience)?;
        let record = IdentityProviderRecord::try_from(row).map_err(|_| StoreError::NotFound)?;
        let change = Change {
            action: "identity-provider.create",
            city: Some(city),
            object_type: "identity-provider",
            object_id: record.id.to_string(),
            before: None,
            after: Some(&record),
        };
        txn.commit_with(change).await?;
        Ok(record)
    }

    /// Changes a city's identity provider, checked against the version the caller read (a
    /// stale one is [`StoreError::Conflict`]); a draft without a secret keeps the stored one.
    pub async fn update_identity_provider(
        &self,
        city: &CityCode,
        id: IdentityProviderId,
        version: i64,
        draft: &ProviderDraft,
        actor: &Actor,
    ) -> Result<IdentityProviderRecord> {
        let txn = self.begin_audited(actor).await?;
        let before = identity_provider::Entity::find_by_id(id.0)
            .filter(identity_provider::Column::CityCode.eq(city.to_string()))
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let secret = draft
            .client_secret
            .clone()
            .unwrap_or_else(|| before.client_secret.clone());
        let col = identity_provider::Column::Audience;
        let updated = identity_provider::Entity::update_many()
            .col_expr(col, Expr::value(draft.audience.code()))
            .col_expr(
                identity_provider::Column::Issuer,
                Expr::value(draft.issuer.clone()),
            )
            .col_expr(
                identity_provider::Column::ClientId,
                Expr::value(draft.client_id.clone()),
            )
            .col_expr(identity_provider::Column::ClientSecret, Expr::value(secret))
            .col_expr(
                identity_provider::Column::EmailClaim,
                Expr::value(draft.email_claim.clone()),
            )
            .col_expr(
                identity_provider::Column::Enabled,
                Expr::value(draft.enabled),
            )
            .col_expr(identity_provider::Column::Version, Expr::value(version + 1))
            .col_expr(
                identity_provider::Column::UpdatedAt,
                Expr::value(Utc::now()),
            )
            .filter(identity_provider::Column::Id.eq(id.0))
            .filter(identity_provider::Column::Version.eq(version))
            .exec(&txn)
            .await
            .map_err(unique_audience)?
            .rows_affected;
        if updated != 1 {
            return Err(StoreError::Conflict);
        }
        let after = identity_provider::Entity::find_by_id(id.0)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let (before, after) = match (before.try_into(), after.try_into()) {
            (Ok(b), Ok(a)) => (b, a),
            _ => return Err(StoreError::NotFound),
        };
        let before: IdentityProviderRecord = before;
        let after: IdentityProviderRecord = after;
        let change = Change {
            action: "identity-provider.update",
            city: Some(city),
            object_type: "identity-provider",
            object_id: id.to_string(),
            before: Some(&before),
            after: Some(&after),
        };
        txn.commit_with(change).await?;
        Ok(after)
    }

    /// Keeps what `finish` will need of a login just started: the state (as its digest), the
    /// nonce and the PKCE verifier. Logins started more than a day ago are forgotten.
    pub async fn begin_oidc_login(
        &self,
        provider: IdentityProviderId,
        state: &str,
        nonce: &str,
        pkce_verifier: &str,
    ) -> Result<()> {
        let now = Utc::now();
        oidc_login::Entity::delete_many()
            .filter(oidc_login::Column::CreatedAt.lt(now - chrono::Duration::days(1)))
            .exec(&self.db)
            .await?;
        oidc_login::ActiveModel {
            state_hash: Set(digest(state)),
            provider_id: Set(provider.0),
            nonce: Set(nonce.to_owned()),
            pkce_verifier: Set(pkce_verifier.to_owned()),
            created_at: Set(now),
            used_at: Set(None),
            ..Default::default()
        }
        .insert(&self.db)
        .await?;
        Ok(())
    }

    /// Takes the login a provider's answer names by its `state`: one conditional update (not
    /// yet used, started within [`LOGIN_VALID`]), so of two answers with one state, on any
    /// nodes, exactly one gets it. Otherwise, why not.
    pub async fn take_oidc_login(
        &self,
        state: &str,
    ) -> Result<std::result::Result<PendingLogin, TakeError>> {
        let hash = digest(state);
        let now = Utc::now();
        let taken = oidc_login::Entity::update_many()
            .col_expr(oidc_login::Column::UsedAt, Expr::value(Some(now)))
            .filter(oidc_login::Column::StateHash.eq(hash.clone()))
            .filter(oidc_login::Column::UsedAt.is_null())
            .filter(oidc_login::Column::CreatedAt.gt(now - LOGIN_VALID))
            .exec(&self.db)
            .await?
            .rows_affected;
        let row = oidc_login::Entity::find()
            .filter(oidc_login::Column::StateHash.eq(hash))
            .one(&self.db)
            .await?;
        Ok(match row {
            Some(r) if taken == 1 => Ok(PendingLogin {
                provider: IdentityProviderId(r.provider_id),
                nonce: r.nonce,
                pkce_verifier: r.pkce_verifier,
                created_at: r.created_at,
            }),
            None => Err(TakeError::Unknown),
            Some(r) if r.used_at.is_some() && r.created_at > now - LOGIN_VALID => {
                Err(TakeError::Used)
            }
            Some(_) => Err(TakeError::Expired),
        })
    }

    /// The home city of each of these companies that exists.
    pub async fn company_home_cities(&self, ids: &[i64]) -> Result<Vec<(i64, CityCode)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        Ok(company::Entity::find()
            .filter(company::Column::Id.is_in(ids.to_vec()))
            .all(&self.db)
            .await?
            .into_iter()
            .filter_map(|c| Some((c.id, CityCode::parse(&c.home_city).ok()?)))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_audit_json_says_whether_a_secret_is_set_never_the_secret() {
        let now = Utc::now();
        let record = IdentityProviderRecord {
            id: IdentityProviderId(1),
            city: CityCode::parse("121002").unwrap(),
            audience: Audience::Staff,
            issuer: "https://id.example.com".into(),
            client_id: "renkei".into(),
            client_secret: ClientSecret("very-secret-value".into()),
            email_claim: "email".into(),
            enabled: true,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        let json = serde_json::to_string(&record).unwrap();
        assert!(!json.contains("very-secret-value"), "{json}");
        assert!(json.contains("\"client_secret_set\":true"), "{json}");
        assert!(json.contains("\"audience\":\"staff\""), "{json}");
        assert!(!format!("{record:?}").contains("very-secret-value"));
    }
}
