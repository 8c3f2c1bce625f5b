//! API tokens for machine clients. A token acts with one role (and its scope), answers to the
//! account that made it, is shown once and kept only as its SHA-256, and can be revoked.
//!
//! A token is handed out as a typed record ([`ApiTokenRecord`]: its role as the domain's
//! `Role`), converted once where rows are read; a row whose role this version does not
//! understand is `Unreadable` (see `crate::records`) and acts as no token. It serializes (for
//! the audit trail) as its row did, without its hash.

use chrono::{DateTime, Utc};
use renkei_domain::access::Role;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, Unchanged};
use serde::{Serialize, Serializer};

use crate::audit::{Actor, Change};
use crate::entity::api_token;
use crate::handle::Store;
use crate::kernel::{Result, StoreError};
use crate::records::{Unreadable, found, id_type};
use crate::sessions::{digest, random_token};
use crate::users::{UserId, UserRecord, role_from_parts, to_row, user_by_id};

id_type!(
    /// An API token's id.
    ApiTokenId
);

/// An API token (never the token itself, nor its hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiTokenRecord {
    pub id: ApiTokenId,
    /// What it is for, as its maker named it.
    pub name: String,
    /// The account it answers to.
    pub user_id: UserId,
    /// The one role it acts with.
    pub role: Role,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
}

/// What a presented token may do, and for whom it acts.
#[derive(Debug, Clone)]
pub struct TokenInfo {
    pub token: ApiTokenRecord,
    pub user: UserRecord,
    pub role: Role,
}

/// Tokens start with this, so that a leaked one is easy to recognise and to scan for.
pub const TOKEN_PREFIX: &str = "rnk_";

impl TryFrom<api_token::Model> for ApiTokenRecord {
    type Error = Unreadable;

    fn try_from(m: api_token::Model) -> Result<Self, Unreadable> {
        let role = role_from_parts(&m.role, m.city_code.as_deref(), m.read_only, m.scope_id)
            .ok_or_else(|| Unreadable {
                table: "api_tokens",
                id: m.id,
                field: "role",
                code: m.role.clone(),
            })?;
        Ok(ApiTokenRecord {
            id: ApiTokenId(m.id),
            name: m.name,
            user_id: UserId(m.user_id),
            role,
            created_at: m.created_at,
            revoked_at: m.revoked_at,
            last_used_at: m.last_used_at,
        })
    }
}

/// The row's fields, as the audit trail has them.
#[derive(Serialize)]
struct TokenRow<'a> {
    id: ApiTokenId,
    name: &'a str,
    user_id: UserId,
    role: &'static str,
    city_code: Option<String>,
    read_only: bool,
    scope_id: Option<i64>,
    created_at: DateTime<Utc>,
    revoked_at: Option<DateTime<Utc>>,
    last_used_at: Option<DateTime<Utc>>,
}

impl Serialize for ApiTokenRecord {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let (role, city_code, read_only, scope_id) = to_row(&self.role);
        TokenRow {
            id: self.id,
            name: &self.name,
            user_id: self.user_id,
            role,
            city_code,
            read_only,
            scope_id,
            created_at: self.created_at,
            revoked_at: self.revoked_at,
            last_used_at: self.last_used_at,
        }
        .serialize(s)
    }
}

impl Store {
    /// Makes a token for `user_id` acting as `role`, a role the account holds
    /// ([`StoreError::RoleNotHeld`] otherwise). Returns the record and the token itself, which
    /// is not kept and cannot be shown again.
    pub async fn create_api_token(
        &self,
        user_id: UserId,
        name: &str,
        role: &Role,
        actor: &Actor,
    ) -> Result<(ApiTokenRecord, String)> {
        if !self.roles_of(user_id).await?.contains(role) {
            return Err(StoreError::RoleNotHeld);
        }
        let token = format!("{TOKEN_PREFIX}{}", random_token());
        let (role_name, city, read_only, scope) = to_row(role);
        let txn = self.begin_audited(actor).await?;
        let row = api_token::ActiveModel {
            token_hash: Set(digest(&token)),
            name: Set(name.trim().to_owned()),
            user_id: Set(user_id.0),
            role: Set(role_name.to_owned()),
            city_code: Set(city),
            read_only: Set(read_only),
            scope_id: Set(scope),
            created_at: Set(Utc::now()),
            revoked_at: Set(None),
            last_used_at: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let record: ApiTokenRecord = found(Some(row))?;
        let change = Change {
            action: "api_token.create",
            city: None,
            object_type: "api_token",
            object_id: record.id.to_string(),
            before: None,
            after: Some(&record),
        };
        txn.commit_with(change).await?;
        Ok((record, token))
    }

    /// The live token presented by a client: none when unknown, revoked, its account
    /// deactivated, its role not understood, or its role no longer held by its account.
    pub async fn api_token(&self, token: &str) -> Result<Option<TokenInfo>> {
        if !token.starts_with(TOKEN_PREFIX) {
            return Ok(None);
        }
        let row = api_token::Entity::find()
            .filter(api_token::Column::TokenHash.eq(digest(token)))
            .filter(api_token::Column::RevokedAt.is_null())
            .one(&self.db)
            .await?;
        let Ok(t) = found::<_, ApiTokenRecord>(row) else {
            return Ok(None);
        };
        let Some(user) = user_by_id(&self.db, t.user_id).await?.filter(|u| u.active) else {
            return Ok(None);
        };
        // A token acts with a role its account still holds: taking the role from the person
        // takes it from their tokens too.
        if !self.roles_of(user.id).await?.contains(&t.role) {
            return Ok(None);
        }
        let now = Utc::now();
        let token = if t
            .last_used_at
            .is_none_or(|at| now - at > chrono::Duration::minutes(1))
        {
            let used = api_token::ActiveModel {
                id: Unchanged(t.id.0),
                last_used_at: Set(Some(now)),
                ..Default::default()
            };
            found(Some(used.update(&self.db).await?))?
        } else {
            t
        };
        let role = token.role.clone();
        Ok(Some(TokenInfo { token, user, role }))
    }

    /// Revokes a token for good, recorded in the audit trail.
    pub async fn revoke_api_token(&self, id: ApiTokenId, actor: &Actor) -> Result<()> {
        let txn = self.begin_audited(actor).await?;
        let before: ApiTokenRecord = found(api_token::Entity::find_by_id(id.0).one(&txn).await?)?;
        let revoked = api_token::ActiveModel {
            id: Unchanged(id.0),
            revoked_at: Set(Some(Utc::now())),
            ..Default::default()
        };
        let after: ApiTokenRecord = found(Some(revoked.update(&txn).await?))?;
        let change = Change {
            action: "api_token.revoke",
            city: None,
            object_type: "api_token",
            object_id: id.to_string(),
            before: Some(&before),
            after: Some(&after),
        };
        txn.commit_with(change).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_serializes_as_its_row_did_without_its_hash() {
        let at = DateTime::<Utc>::from_timestamp(1_700_000_000, 0).unwrap();
        let row = api_token::Model {
            id: 3,
            token_hash: "secret-digest".into(),
            name: "庁内システム".into(),
            user_id: 9,
            role: "city-staff".into(),
            city_code: Some("121002".into()),
            read_only: true,
            scope_id: None,
            created_at: at,
            revoked_at: None,
            last_used_at: Some(at),
        };
        let typed = ApiTokenRecord::try_from(row.clone()).unwrap();
        let json = serde_json::to_string(&typed).unwrap();
        assert_eq!(json, serde_json::to_string(&row).unwrap());
        assert!(!json.contains("secret-digest"));
        let unknown = api_token::Model {
            role: "emperor".into(),
            ..row
        };
        assert!(ApiTokenRecord::try_from(unknown).is_err());
    }
}
