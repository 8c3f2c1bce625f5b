//! Sign-in: checking a password with throttling and lock-out, and sessions kept in the
//! database (so any node serves any request, and ending one ends it everywhere at once).
//! A session's token lives only in the person's cookie; the database keeps its SHA-256.

use chrono::{DateTime, Utc};
use renkei_domain::access::Role;
use renkei_domain::identity::{
    self, Email, LOCK_AFTER_FAILURES, LOCK_FOR, SESSION_IDLE, SESSION_MAX, THROTTLE_CLIENT_AFTER,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, Set,
};
use sha2::{Digest, Sha256};

use crate::audit::{Actor, Change};
use crate::entity::{attempt, session};
use crate::handle::Store;
use crate::kernel::Result;
use crate::users::{UserId, UserRecord, user_by_id, user_with_email};

/// Counts one attempt against a key, and forgets that key's attempts older than a day.
pub(crate) async fn record_attempt(
    db: &impl ConnectionTrait,
    kind: &str,
    key: String,
    now: DateTime<Utc>,
) -> Result<i64> {
    attempt::Entity::delete_many()
        .filter(attempt::Column::Kind.eq(kind))
        .filter(attempt::Column::Key.eq(key.clone()))
        .filter(attempt::Column::At.lt(now - chrono::Duration::days(1)))
        .exec(db)
        .await?;
    let row = attempt::ActiveModel {
        kind: Set(kind.to_owned()),
        key: Set(key),
        at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(row.id)
}

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
    /// The account is staff of a city that requires a second factor and has none confirmed:
    /// it must enrol before anything else.
    pub second_factor_due: bool,
    /// The support organisation the account works for (its staff act for a city through
    /// it), if any: read for city staff only.
    pub organization: Option<crate::OrganizationRecord>,
}

/// Why a sign-in failed. The person is told the same for a wrong address and a wrong
/// password, and an address nobody holds is locked exactly like one that exists, so addresses
/// cannot be probed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInError {
    WrongCredentials,
    /// Too many failures for this address: refused until the time has passed.
    Locked,
    /// Too many failures from this client address, whatever the account.
    Throttled,
}

/// The attempts sign-in counts: failures, per address typed and per client address.
pub(crate) const SIGN_IN_FAILURE: &str = "sign-in-failure";

pub(crate) fn email_key(email: &Email) -> String {
    format!("email:{email}")
}

pub(crate) fn client_key(client: &str) -> String {
    format!("client:{client}")
}

/// 256 bits from the operating system's CSPRNG, as 64 hex characters.
pub(crate) fn random_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random number generator");
    hex::encode(bytes)
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
    /// Checks an address and password, as `actor` (anonymous, with the client address).
    /// Failures are counted per address typed and per client address: after
    /// [`LOCK_AFTER_FAILURES`] within [`LOCK_FOR`] the address is locked (a locked address is
    /// refused even with the right password), and after [`THROTTLE_CLIENT_AFTER`] the client
    /// address is. Every success and failure is written to the audit trail.
    pub async fn check_sign_in(
        &self,
        email: &Email,
        password: &str,
        actor: &Actor,
    ) -> Result<Result<UserRecord, SignInError>> {
        let now = Utc::now();
        let since = now - LOCK_FOR;
        let client = actor.client_address.as_deref().map(client_key);
        // Every attempt counts as a failure before its password is checked, and is forgiven
        // if the password is right: attempts made at the same moment, on any node, each see
        // the others, so together they cannot get past the limit.
        let mut pending = Vec::new();
        for key in [Some(email_key(email)), client.clone()]
            .into_iter()
            .flatten()
        {
            pending.push(record_attempt(&self.db, SIGN_IN_FAILURE, key, now).await?);
        }
        let by_client = match &client {
            Some(c) => self.attempts_since(SIGN_IN_FAILURE, c, since).await?,
            None => 0,
        };
        let by_email = self
            .attempts_since(SIGN_IN_FAILURE, &email_key(email), since)
            .await?;
        let checked = by_client <= THROTTLE_CLIENT_AFTER && by_email <= LOCK_AFTER_FAILURES;
        let outcome = if by_client > THROTTLE_CLIENT_AFTER {
            Err(SignInError::Throttled)
        } else if by_email > LOCK_AFTER_FAILURES {
            Err(SignInError::Locked)
        } else {
            let found = user_with_email(&self.db, email).await?.filter(|u| u.active);
            let hash = found
                .as_ref()
                .and_then(|u| u.password_hash.clone())
                .unwrap_or_else(|| dummy_hash().to_owned());
            // Argon2id takes tens of milliseconds of CPU: off the async workers.
            let candidate = password.to_owned();
            let verified =
                tokio::task::spawn_blocking(move || identity::verify_password(&candidate, &hash))
                    .await
                    .unwrap_or(false);
            match found {
                Some(u) if verified && u.password_hash.is_some() => Ok(u),
                _ if by_email >= LOCK_AFTER_FAILURES => Err(SignInError::Locked),
                _ => Err(SignInError::WrongCredentials),
            }
        };
        // A success is the account holder's own line.
        let (action, actor) = match &outcome {
            Ok(u) => (
                "session.sign-in",
                Actor {
                    id: Some(u.id.0),
                    label: u.email.to_string(),
                    ..actor.clone()
                },
            ),
            Err(SignInError::WrongCredentials) => ("session.sign-in-failure", actor.clone()),
            Err(SignInError::Locked) => ("session.sign-in-locked", actor.clone()),
            Err(SignInError::Throttled) => ("session.sign-in-throttled", actor.clone()),
        };
        let txn = self.begin_audited(&actor).await?;
        match &outcome {
            _ if !checked => {
                // Refused unchecked: not counted, so a lock ends 15 minutes after the
                // failures that caused it, however often someone knocks.
                attempt::Entity::delete_many()
                    .filter(attempt::Column::Id.is_in(pending.clone()))
                    .exec(&txn)
                    .await?;
            }
            Ok(_) => {
                // Forgiven: the address's failures are cleared, and this attempt is not one.
                attempt::Entity::delete_many()
                    .filter(attempt::Column::Kind.eq(SIGN_IN_FAILURE))
                    .filter(
                        sea_orm::Condition::any()
                            .add(attempt::Column::Key.eq(email_key(email)))
                            .add(attempt::Column::Id.is_in(pending.clone())),
                    )
                    .exec(&txn)
                    .await?;
            }
            Err(_) => {}
        }
        let change: Change<'_, ()> = Change {
            action,
            city: None,
            object_type: "email",
            object_id: email.as_str().chars().take(80).collect(),
            before: None,
            after: None,
        };
        txn.commit_with(change).await?;
        Ok(outcome)
    }

    /// How many attempts of a kind counted against a key since a time.
    pub(crate) async fn attempts_since(
        &self,
        kind: &str,
        key: &str,
        since: DateTime<Utc>,
    ) -> Result<u64> {
        self.attempts_since_in(&self.db, kind, key, since).await
    }

    async fn attempts_since_in(
        &self,
        db: &impl ConnectionTrait,
        kind: &str,
        key: &str,
        since: DateTime<Utc>,
    ) -> Result<u64> {
        Ok(attempt::Entity::find()
            .filter(attempt::Column::Kind.eq(kind))
            .filter(attempt::Column::Key.eq(key))
            .filter(attempt::Column::At.gt(since))
            .count(db)
            .await?)
    }

    /// Starts a session for a person who has just signed in: always a new token.
    pub async fn start_session(
        &self,
        user_id: UserId,
        client_address: Option<String>,
    ) -> Result<NewSession> {
        let (token, csrf_token) = (random_token(), random_token());
        let now = Utc::now();
        session::ActiveModel {
            id_hash: Set(digest(&token)),
            user_id: Set(user_id.0),
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
        let Some(user) = user_by_id(&self.db, UserId(s.user_id))
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
        let second_factor_due = self.second_factor_due(user.id, &roles).await?;
        let staff = roles.iter().any(|r| matches!(r, Role::CityStaff { .. }));
        let organization = if staff {
            crate::organizations::organization_of(&self.db, user.id).await?
        } else {
            None
        };
        Ok(Some(SessionInfo {
            user,
            roles,
            csrf_token,
            second_factor_due,
            organization,
        }))
    }

    /// Ends one session (sign-out), recorded in the audit trail as `actor`'s.
    pub async fn end_session(&self, token: &str, actor: &Actor) -> Result<()> {
        let txn = self.begin_audited(actor).await?;
        let ended = session::Entity::delete_by_id(digest(token))
            .exec(&txn)
            .await?
            .rows_affected;
        if ended > 0 {
            let change: Change<'_, ()> = Change {
                action: "session.sign-out",
                city: None,
                object_type: "user",
                object_id: actor.id.map(|id| id.to_string()).unwrap_or_default(),
                before: None,
                after: None,
            };
            txn.record(change).await?;
        }
        txn.commit().await?;
        Ok(())
    }

    /// Ends every session of an account (deactivation, password change); returns how many.
    pub async fn end_sessions_of(&self, user_id: UserId) -> Result<u64> {
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
