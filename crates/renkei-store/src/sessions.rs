//! Sign-in: checking a password with throttling and lock-out, and sessions kept in the
//! database (so any node serves any request, and ending one ends it everywhere at once).
//! A session's token lives only in the person's cookie; the database keeps its SHA-256.

use chrono::Utc;
use renkei_domain::access::Role;
use renkei_domain::identity::{
    self, Email, LOCK_AFTER_FAILURES, LOCK_FOR, SESSION_IDLE, SESSION_MAX,
};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use sha2::{Digest, Sha256};

use crate::entity::{session, user};
use crate::{Result, Store, UserRecord};

/// A new session: the token for the cookie and the CSRF token for its forms.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token: String,
    pub csrf_token: String,
}

/// A live session, with who it belongs to.
#[derive(Debug, Clone)]
pub struct SessionInfo {
    pub user: UserRecord,
    pub roles: Vec<Role>,
    pub csrf_token: String,
}

/// Why a sign-in failed. The person is told the same for a wrong address and a wrong
/// password, so addresses cannot be probed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInError {
    WrongCredentials,
    /// Too many failures: locked until the time has passed.
    Locked,
}

/// 256 random bits as 64 hex characters.
pub(crate) fn random_token() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

pub(crate) fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A hash of a random password, verified against when the address is unknown so that both
/// answers take the same time.
fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| {
        let email = Email::parse("nobody@renkei.invalid").expect("a valid address");
        identity::NewPassword::parse(&random_token(), &email)
            .expect("a random password")
            .hash()
    })
}

impl Store {
    /// Checks an address and password. Failures are counted; after
    /// [`LOCK_AFTER_FAILURES`] in a row the account is locked for [`LOCK_FOR`], and a locked
    /// account is refused even with the right password.
    pub async fn check_sign_in(
        &self,
        email: &Email,
        password: &str,
    ) -> Result<Result<UserRecord, SignInError>> {
        let found = user::Entity::find()
            .filter(user::Column::Email.eq(email.as_str()))
            .one(&self.db)
            .await?;
        let Some(u) = found.filter(|u| u.active) else {
            identity::verify_password(password, dummy_hash());
            return Ok(Err(SignInError::WrongCredentials));
        };
        let now = Utc::now();
        if u.locked_until.is_some_and(|t| t > now) {
            return Ok(Err(SignInError::Locked));
        }
        let ok = u
            .password_hash
            .as_deref()
            .is_some_and(|h| identity::verify_password(password, h));
        let failures = if ok { 0 } else { u.failed_sign_ins + 1 };
        let locked_until = (failures >= LOCK_AFTER_FAILURES).then(|| now + LOCK_FOR);
        let mut m = u.clone().into_active_model();
        m.failed_sign_ins = Set(if locked_until.is_some() { 0 } else { failures });
        m.locked_until = Set(locked_until);
        m.updated_at = Set(now);
        let u = m.update(&self.db).await?;
        Ok(match (ok, locked_until) {
            (true, _) => Ok(u),
            (false, Some(_)) => Err(SignInError::Locked),
            (false, None) => Err(SignInError::WrongCredentials),
        })
    }

    /// Starts a session for a person who has just signed in: always a new token.
    pub async fn start_session(
        &self,
        user_id: i64,
        client_address: Option<String>,
    ) -> Result<NewSession> {
        let (token, csrf_token) = (random_token(), random_token());
        let now = Utc::now();
        session::ActiveModel {
            id_hash: Set(digest(&token)),
            user_id: Set(user_id),
            csrf_token: Set(csrf_token.clone()),
            created_at: Set(now),
            last_seen_at: Set(now),
            client_address: Set(client_address),
        }
        .insert(&self.db)
        .await?;
        Ok(NewSession { token, csrf_token })
    }

    /// The live session of a token: none when unknown, idle past [`SESSION_IDLE`], older than
    /// [`SESSION_MAX`], or its account deactivated. Each use keeps it alive.
    pub async fn session(&self, token: &str) -> Result<Option<SessionInfo>> {
        let Some(s) = session::Entity::find_by_id(digest(token))
            .one(&self.db)
            .await?
        else {
            return Ok(None);
        };
        let now = Utc::now();
        if now - s.last_seen_at > SESSION_IDLE || now - s.created_at > SESSION_MAX {
            session::Entity::delete_by_id(s.id_hash)
                .exec(&self.db)
                .await?;
            return Ok(None);
        }
        let Some(user) = user::Entity::find_by_id(s.user_id)
            .one(&self.db)
            .await?
            .filter(|u| u.active)
        else {
            return Ok(None);
        };
        // Written at most once a minute: enough for a 30-minute idle limit.
        let csrf_token = s.csrf_token.clone();
        if now - s.last_seen_at > chrono::Duration::minutes(1) {
            let mut m = s.into_active_model();
            m.last_seen_at = Set(now);
            m.update(&self.db).await?;
        }
        let roles = self.roles_of(user.id).await?;
        Ok(Some(SessionInfo {
            user,
            roles,
            csrf_token,
        }))
    }

    /// Ends one session (sign-out).
    pub async fn end_session(&self, token: &str) -> Result<()> {
        session::Entity::delete_by_id(digest(token))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// Ends every session of an account (deactivation, password change); returns how many.
    pub async fn end_sessions_of(&self, user_id: i64) -> Result<u64> {
        Ok(session::Entity::delete_many()
            .filter(session::Column::UserId.eq(user_id))
            .exec(&self.db)
            .await?
            .rows_affected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_stored_only_as_digests() {
        let (a, b) = (random_token(), random_token());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(digest(&a).len(), 64);
        assert_ne!(digest(&a), a);
        assert!(dummy_hash().starts_with("$argon2id$"));
        assert!(!identity::verify_password("anything", dummy_hash()));
    }
}
