//! One-time links: invitations and password resets. The token is only in the message the
//! person receives; the database keeps its SHA-256. A link is used at most once — the use is
//! one conditional update, so two clicks racing cannot both set a password — and it expires.

use chrono::Utc;
use renkei_domain::access::Role;
use renkei_domain::identity::{
    Email, INVITATION_VALID, RESET_REQUESTS_PER_CLIENT_PER_HOUR, RESET_REQUESTS_PER_HOUR,
    RESET_VALID,
};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

use crate::audit::{Actor, Change};
use crate::entity::{attempt, one_time_link, session, user};
use crate::handle::Store;
use crate::kernel::{Result, StoreError};
use crate::mail::{self, OutgoingMail};
use crate::sessions::{digest, random_token, record_attempt};
use crate::users::{UserId, UserRecord, insert_user, update_user, user_by_id, user_with_email};

/// What a link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkPurpose {
    /// Sets the first password of an invited account.
    Invitation,
    /// Sets a new password for an account whose holder forgot it.
    PasswordReset,
}

impl LinkPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkPurpose::Invitation => "invitation",
            LinkPurpose::PasswordReset => "password-reset",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "invitation" => Some(LinkPurpose::Invitation),
            "password-reset" => Some(LinkPurpose::PasswordReset),
            _ => None,
        }
    }
}

/// Why a link cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkError {
    /// No such link (or its account is deactivated).
    Unknown,
    Expired,
    /// Already used, or replaced by a newer link.
    Used,
}

/// A link that can still be used, with its account.
#[derive(Debug, Clone)]
pub struct ValidLink {
    pub purpose: LinkPurpose,
    pub user: UserRecord,
}

const RESET_REQUEST: &str = "reset-request";

pub(crate) async fn new_link(
    db: &impl sea_orm::ConnectionTrait,
    purpose: LinkPurpose,
    user_id: UserId,
) -> Result<String> {
    let token = random_token();
    let now = Utc::now();
    let valid = match purpose {
        LinkPurpose::Invitation => INVITATION_VALID,
        LinkPurpose::PasswordReset => RESET_VALID,
    };
    // A new link replaces the account's earlier unused ones.
    one_time_link::Entity::update_many()
        .col_expr(one_time_link::Column::UsedAt, Expr::value(now))
        .filter(one_time_link::Column::UserId.eq(user_id))
        .filter(one_time_link::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    one_time_link::ActiveModel {
        token_hash: Set(digest(&token)),
        purpose: Set(purpose.as_str().to_owned()),
        user_id: Set(user_id.0),
        created_at: Set(now),
        expires_at: Set(now + valid),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

impl Store {
    /// Invites a person: creates the account (no password yet) with its roles, an invitation
    /// link, and the message carrying it (`compose` writes it around the token), in one
    /// transaction, recorded in the audit trail.
    pub async fn invite_user(
        &self,
        email: &Email,
        display_name: &str,
        roles: &[Role],
        actor: &Actor,
        compose: impl FnOnce(&UserRecord, &str) -> OutgoingMail,
    ) -> Result<UserRecord> {
        let txn = self.begin_audited(actor).await?;
        let record = insert_user(&txn, email, display_name, None, roles).await?;
        let token = new_link(&txn, LinkPurpose::Invitation, record.id).await?;
        mail::enqueue(&txn, &compose(&record, &token)).await?;
        txn.commit().await?;
        Ok(record)
    }

    /// Sends an invitation again (a new link; the old one stops working).
    pub async fn reinvite_user(
        &self,
        user_id: UserId,
        actor: &Actor,
        compose: impl FnOnce(&UserRecord, &str) -> OutgoingMail,
    ) -> Result<()> {
        let txn = self.begin_audited(actor).await?;
        let u = user_by_id(&txn, user_id)
            .await?
            .filter(|u| u.active)
            .ok_or(StoreError::NotFound)?;
        let token = new_link(&txn, LinkPurpose::Invitation, u.id).await?;
        mail::enqueue(&txn, &compose(&u, &token)).await?;
        let change: Change<'_, ()> = Change {
            action: "user.reinvite",
            city: None,
            object_type: "user",
            object_id: u.id.to_string(),
            before: None,
            after: None,
        };
        txn.commit_with(change).await?;
        Ok(())
    }

    /// A password reset asked for an address. Whatever happens the caller answers the same
    /// ("if the address is registered, a message is on its way"); a message is queued only
    /// for an active account, and at most [`RESET_REQUESTS_PER_HOUR`] per address and per
    /// client address ([`RESET_REQUESTS_PER_CLIENT_PER_HOUR`]). Returns whether a message was
    /// queued.
    pub async fn request_password_reset(
        &self,
        email: &Email,
        actor: &Actor,
        compose: impl FnOnce(&UserRecord, &str) -> OutgoingMail,
    ) -> Result<bool> {
        let now = Utc::now();
        let hour_ago = now - chrono::Duration::hours(1);
        let keys: Vec<(String, u64)> = [Some((format!("email:{email}"), RESET_REQUESTS_PER_HOUR))]
            .into_iter()
            .chain([actor
                .client_address
                .as_ref()
                .map(|c| (format!("client:{c}"), RESET_REQUESTS_PER_CLIENT_PER_HOUR))])
            .flatten()
            .collect();
        for (key, limit) in &keys {
            if self.attempts_since(RESET_REQUEST, key, hour_ago).await? >= *limit {
                return Ok(false);
            }
        }
        let txn = self.begin_audited(actor).await?;
        for (key, _) in keys {
            record_attempt(&txn, RESET_REQUEST, key, now).await?;
        }
        let found = user_with_email(&txn, email).await?.filter(|u| u.active);
        // An address with no account is recorded too, so that the trail shows the probing
        // and the request costs about what one for a registered address does.
        let object_id = found
            .as_ref()
            .map_or_else(String::new, |u| u.id.to_string());
        let queued = if let Some(u) = &found {
            let token = new_link(&txn, LinkPurpose::PasswordReset, u.id).await?;
            mail::enqueue(&txn, &compose(u, &token)).await?;
            true
        } else {
            false
        };
        let change: Change<'_, ()> = Change {
            action: "user.password-reset-request",
            city: None,
            object_type: "user",
            object_id,
            before: None,
            after: None,
        };
        txn.record(change).await?;
        txn.commit().await?;
        Ok(queued)
    }

    /// The link of a token, if it can still be used.
    pub async fn link(&self, token: &str) -> Result<Result<ValidLink, LinkError>> {
        let Some(link) = one_time_link::Entity::find()
            .filter(one_time_link::Column::TokenHash.eq(digest(token)))
            .one(&self.db)
            .await?
        else {
            return Ok(Err(LinkError::Unknown));
        };
        if link.used_at.is_some() {
            return Ok(Err(LinkError::Used));
        }
        if link.expires_at <= Utc::now() {
            return Ok(Err(LinkError::Expired));
        }
        let user = user_by_id(&self.db, UserId(link.user_id))
            .await?
            .filter(|u| u.active);
        Ok(match (user, LinkPurpose::parse(&link.purpose)) {
            (Some(user), Some(purpose)) => Ok(ValidLink { purpose, user }),
            _ => Err(LinkError::Unknown),
        })
    }

    /// Uses a link: sets the account's password (already checked against the policy and
    /// hashed by the caller), ends every session the account had, and marks the link used —
    /// all in one transaction, recorded in the audit trail. A link used, expired or unknown
    /// changes nothing.
    pub async fn redeem_link(
        &self,
        token: &str,
        password_hash: String,
        actor: &Actor,
    ) -> Result<Result<UserRecord, LinkError>> {
        let txn = self.begin_audited(actor).await?;
        let now = Utc::now();
        let hash = digest(token);
        let won = one_time_link::Entity::update_many()
            .col_expr(one_time_link::Column::UsedAt, Expr::value(now))
            .filter(one_time_link::Column::TokenHash.eq(hash.clone()))
            .filter(one_time_link::Column::UsedAt.is_null())
            .filter(one_time_link::Column::ExpiresAt.gt(now))
            .exec(&txn)
            .await?
            .rows_affected
            == 1;
        if !won {
            txn.rollback().await?;
            return Ok(Err(match self.link(token).await? {
                Err(e) => e,
                Ok(_) => LinkError::Used,
            }));
        }
        let link = one_time_link::Entity::find()
            .filter(one_time_link::Column::TokenHash.eq(hash))
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let Some(before) = user_by_id(&txn, UserId(link.user_id))
            .await?
            .filter(|u| u.active)
        else {
            txn.rollback().await?;
            return Ok(Err(LinkError::Unknown));
        };
        let change = user::ActiveModel {
            password_hash: Set(Some(password_hash)),
            updated_at: Set(now),
            ..Default::default()
        };
        let after = update_user(&txn, before.id, change).await?;
        session::Entity::delete_many()
            .filter(session::Column::UserId.eq(after.id))
            .exec(&txn)
            .await?;
        // Whoever holds the address may sign in again at once: a lock kept by someone
        // guessing is lifted by the new password.
        attempt::Entity::delete_many()
            .filter(attempt::Column::Kind.eq(crate::sessions::SIGN_IN_FAILURE))
            .filter(attempt::Column::Key.eq(format!("email:{}", after.email)))
            .exec(&txn)
            .await?;
        let action = match LinkPurpose::parse(&link.purpose) {
            Some(LinkPurpose::Invitation) => "user.invitation-accept",
            _ => "user.password-reset",
        };
        // The line is the account holder's own: the link showed who they are.
        let holder = Actor {
            id: Some(after.id.0),
            label: after.email.to_string(),
            ..actor.clone()
        };
        let change = Change {
            action,
            city: None,
            object_type: "user",
            object_id: after.id.to_string(),
            before: Some(&before),
            after: Some(&after),
        };
        txn.acting_as(&holder).commit_with(change).await?;
        Ok(Ok(after))
    }
}
