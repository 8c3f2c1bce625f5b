//! API tokens for machine clients. A token acts with one role (and its scope), answers to the
//! account that made it, is shown once and kept only as its SHA-256, and can be revoked.

use chrono::Utc;
use renkei_domain::access::Role;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};

use crate::audit::{Actor, Change};
use crate::entity::{api_token, user};
use crate::handle::Store;
use crate::kernel::{Result, StoreError};
use crate::sessions::{digest, random_token};
use crate::users::{UserRecord, role_from_parts, to_row};

pub use api_token::Model as ApiTokenRecord;

/// What a presented token may do, and for whom it acts.
#[derive(Debug, Clone)]
pub struct TokenInfo {
    pub token: ApiTokenRecord,
    pub user: UserRecord,
    pub role: Role,
}

/// Tokens start with this, so that a leaked one is easy to recognise and to scan for.
pub const TOKEN_PREFIX: &str = "rnk_";

impl Store {
    /// Makes a token for `user_id` acting as `role`, a role the account holds
    /// ([`StoreError::RoleNotHeld`] otherwise). Returns the record and the token itself, which
    /// is not kept and cannot be shown again.
    pub async fn create_api_token(
        &self,
        user_id: i64,
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
        let record = api_token::ActiveModel {
            token_hash: Set(digest(&token)),
            name: Set(name.trim().to_owned()),
            user_id: Set(user_id),
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
        let Some(t) = api_token::Entity::find()
            .filter(api_token::Column::TokenHash.eq(digest(token)))
            .filter(api_token::Column::RevokedAt.is_null())
            .one(&self.db)
            .await?
        else {
            return Ok(None);
        };
        let Some(user) = user::Entity::find_by_id(t.user_id)
            .one(&self.db)
            .await?
            .filter(|u| u.active)
        else {
            return Ok(None);
        };
        let Some(role) = role_from_parts(&t.role, t.city_code.as_deref(), t.read_only, t.scope_id)
        else {
            return Ok(None);
        };
        // A token acts with a role its account still holds: taking the role from the person
        // takes it from their tokens too.
        if !self.roles_of(user.id).await?.contains(&role) {
            return Ok(None);
        }
        let now = Utc::now();
        let token = if t
            .last_used_at
            .is_none_or(|at| now - at > chrono::Duration::minutes(1))
        {
            let mut m = t.into_active_model();
            m.last_used_at = Set(Some(now));
            m.update(&self.db).await?
        } else {
            t
        };
        Ok(Some(TokenInfo { token, user, role }))
    }

    /// Revokes a token for good, recorded in the audit trail.
    pub async fn revoke_api_token(&self, id: i64, actor: &Actor) -> Result<()> {
        let txn = self.begin_audited(actor).await?;
        let before = api_token::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut m = before.clone().into_active_model();
        m.revoked_at = Set(Some(Utc::now()));
        let after = m.update(&txn).await?;
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
