//! The second factor of a sign-in: an account's TOTP secret (enrolment under way, then
//! confirmed), its recovery codes (kept as SHA-256, each used once), the sign-ins waiting for
//! their second factor after a right password (a token in the browser's cookie, kept as
//! SHA-256, taken once, a few wrong codes at most, each counted towards the address's lock),
//! and each city's requirement that its staff use one. The secret is never serialized: no
//! audit line, log or record holds it; the audit trail says only that a factor was enrolled,
//! used or removed. Which codes are right is the domain's (`renkei_domain::second_factor`).

use chrono::Utc;
use renkei_domain::access::Role;
use renkei_domain::city::CityCode;
use renkei_domain::identity::{LOCK_AFTER_FAILURES, LOCK_FOR};
use renkei_domain::second_factor::{
    Answer, PENDING_ATTEMPTS, PENDING_VALID, RECOVERY_BYTES, RECOVERY_CODES, SECRET_BYTES,
    TotpSecret, recovery_code,
};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
};
use serde::Serialize;

use crate::audit::{Actor, Change};
use crate::entity::{city_security, pending_sign_in, recovery_code as code_row, second_factor};
use crate::handle::Store;
use crate::kernel::{Result, StoreError};
use crate::sessions::{
    SIGN_IN_FAILURE, client_key, digest, email_key, random_token, record_attempt,
};
use crate::users::{UserId, UserRecord, user_by_id};

/// An account's second factor, without its secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecondFactorStatus {
    /// When it was confirmed; `None` while the enrolment is under way.
    pub confirmed_at: Option<chrono::DateTime<Utc>>,
    /// Recovery codes not used yet.
    pub recovery_left: u64,
}

/// What answering a waiting sign-in came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PendingOutcome {
    /// The code was right: the sign-in is taken, a session may start.
    Accepted(UserRecord),
    /// The code was wrong (or used already); `ended` once the sign-in took its last try.
    Wrong { ended: bool },
    /// No such sign-in waits (unknown, expired, taken, out of tries), or the address is
    /// locked: sign in again.
    Gone,
}

/// A city's requirement, for the audit trail.
#[derive(Debug, Serialize)]
struct Requirement {
    require_second_factor: bool,
}

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).expect("the operating system's random number generator");
    bytes
}

fn unix_now() -> u64 {
    u64::try_from(Utc::now().timestamp()).unwrap_or_default()
}

fn user_change(action: &'static str, user: UserId) -> Change<'static, ()> {
    Change {
        action,
        city: None,
        object_type: "user",
        object_id: user.to_string(),
        before: None,
        after: None,
    }
}

/// Takes a right answer: a TOTP code of a step later than the last accepted (one conditional
/// update), or an unused recovery code (one conditional update). `false` for a wrong one.
async fn take_answer(db: &impl ConnectionTrait, user: UserId, answer: &Answer) -> Result<bool> {
    let Some(row) = second_factor::Entity::find_by_id(user.0).one(db).await? else {
        return Ok(false);
    };
    if row.confirmed_at.is_none() {
        return Ok(false);
    }
    match answer {
        Answer::Totp(code) => {
            let Some(secret) = TotpSecret::from_base32(&row.secret) else {
                return Ok(false);
            };
            let Some(step) = secret.accept(code, unix_now(), row.last_step) else {
                return Ok(false);
            };
            let taken = second_factor::Entity::update_many()
                .col_expr(second_factor::Column::LastStep, Expr::value(step))
                .col_expr(second_factor::Column::UpdatedAt, Expr::value(Utc::now()))
                .filter(second_factor::Column::UserId.eq(user.0))
                .filter(
                    sea_orm::Condition::any()
                        .add(second_factor::Column::LastStep.is_null())
                        .add(second_factor::Column::LastStep.lt(step)),
                )
                .exec(db)
                .await?;
            Ok(taken.rows_affected == 1)
        }
        Answer::Recovery(code) => {
            let taken = code_row::Entity::update_many()
                .col_expr(code_row::Column::UsedAt, Expr::value(Some(Utc::now())))
                .filter(code_row::Column::UserId.eq(user.0))
                .filter(code_row::Column::CodeHash.eq(digest(code)))
                .filter(code_row::Column::UsedAt.is_null())
                .exec(db)
                .await?;
            Ok(taken.rows_affected == 1)
        }
    }
}

impl Store {
    /// An account's second factor, if it has one (confirmed or under way).
    pub async fn second_factor(&self, user: UserId) -> Result<Option<SecondFactorStatus>> {
        let Some(row) = second_factor::Entity::find_by_id(user.0)
            .one(&self.db)
            .await?
        else {
            return Ok(None);
        };
        let recovery_left = code_row::Entity::find()
            .filter(code_row::Column::UserId.eq(user.0))
            .filter(code_row::Column::UsedAt.is_null())
            .count(&self.db)
            .await?;
        Ok(Some(SecondFactorStatus {
            confirmed_at: row.confirmed_at,
            recovery_left,
        }))
    }

    /// The secret of an enrolment under way, to show its owner while they enrol (never once
    /// it is confirmed).
    pub async fn enrolment_secret(&self, user: UserId) -> Result<Option<TotpSecret>> {
        let row = second_factor::Entity::find_by_id(user.0)
            .one(&self.db)
            .await?;
        Ok(row
            .filter(|r| r.confirmed_at.is_none())
            .and_then(|r| TotpSecret::from_base32(&r.secret)))
    }

    /// Starts (or starts again) an enrolment with a new secret. `false`, and nothing changes,
    /// if the account has a confirmed second factor.
    pub async fn start_enrolment(&self, user: UserId, actor: &Actor) -> Result<bool> {
        let txn = self.begin_audited(actor).await?;
        let existing = second_factor::Entity::find_by_id(user.0).one(&txn).await?;
        if existing.as_ref().is_some_and(|r| r.confirmed_at.is_some()) {
            return Ok(false);
        }
        let now = Utc::now();
        let secret = TotpSecret::from_bytes(random_bytes::<SECRET_BYTES>()).to_base32();
        if existing.is_some() {
            second_factor::Entity::delete_by_id(user.0)
                .exec(&txn)
                .await?;
        }
        second_factor::ActiveModel {
            user_id: Set(user.0),
            secret: Set(secret),
            confirmed_at: Set(None),
            last_step: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await?;
        txn.commit_with(user_change("second-factor.start", user))
            .await?;
        Ok(true)
    }

    /// Confirms the enrolment under way with a code of its secret: the factor is on, and the
    /// account gets [`RECOVERY_CODES`] new recovery codes, returned here once (as shown) and
    /// kept only as hashes. `None` for a wrong code, or no enrolment under way.
    pub async fn confirm_enrolment(
        &self,
        user: UserId,
        code: &str,
        actor: &Actor,
    ) -> Result<Option<Vec<String>>> {
        let txn = self.begin_audited(actor).await?;
        let Some(row) = second_factor::Entity::find_by_id(user.0).one(&txn).await? else {
            return Ok(None);
        };
        let step = TotpSecret::from_base32(&row.secret)
            .filter(|_| row.confirmed_at.is_none())
            .and_then(|s| s.accept(code, unix_now(), row.last_step));
        let Some(step) = step else {
            return Ok(None);
        };
        let now = Utc::now();
        let confirmed = second_factor::Entity::update_many()
            .col_expr(second_factor::Column::ConfirmedAt, Expr::value(Some(now)))
            .col_expr(second_factor::Column::LastStep, Expr::value(step))
            .col_expr(second_factor::Column::UpdatedAt, Expr::value(now))
            .filter(second_factor::Column::UserId.eq(user.0))
            .filter(second_factor::Column::ConfirmedAt.is_null())
            .filter(second_factor::Column::Secret.eq(row.secret.clone()))
            .exec(&txn)
            .await?;
        if confirmed.rows_affected != 1 {
            return Err(StoreError::Conflict);
        }
        code_row::Entity::delete_many()
            .filter(code_row::Column::UserId.eq(user.0))
            .exec(&txn)
            .await?;
        let mut shown = Vec::with_capacity(RECOVERY_CODES);
        for _ in 0..RECOVERY_CODES {
            let (code, normalized) = recovery_code(random_bytes::<RECOVERY_BYTES>());
            code_row::ActiveModel {
                user_id: Set(user.0),
                code_hash: Set(digest(&normalized)),
                used_at: Set(None),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            shown.push(code);
        }
        txn.commit_with(user_change("second-factor.enrol", user))
            .await?;
        Ok(Some(shown))
    }

    /// Whether `answer` is right for the account's confirmed factor, taking it (a step, or a
    /// recovery code, is taken once).
    pub async fn check_second_factor(&self, user: UserId, answer: &Answer) -> Result<bool> {
        take_answer(&self.db, user, answer).await
    }

    /// Removes an account's second factor (confirmed or under way) and its recovery codes;
    /// audited when there was one. Whoever calls this has checked a code or the password.
    pub async fn remove_second_factor(&self, user: UserId, actor: &Actor) -> Result<bool> {
        self.remove_factor(user, "second-factor.disable", None, actor)
            .await
    }

    /// Removes the second factor of one of a city's people who lost it, as someone who
    /// manages the city's accounts: the line `second-factor.reset` in the city's trail.
    pub async fn reset_second_factor(
        &self,
        user: UserId,
        city: &CityCode,
        actor: &Actor,
    ) -> Result<bool> {
        self.remove_factor(user, "second-factor.reset", Some(city), actor)
            .await
    }

    async fn remove_factor(
        &self,
        user: UserId,
        action: &'static str,
        city: Option<&CityCode>,
        actor: &Actor,
    ) -> Result<bool> {
        let txn = self.begin_audited(actor).await?;
        code_row::Entity::delete_many()
            .filter(code_row::Column::UserId.eq(user.0))
            .exec(&txn)
            .await?;
        let removed = second_factor::Entity::delete_by_id(user.0)
            .exec(&txn)
            .await?
            .rows_affected;
        if removed == 0 {
            txn.commit().await?;
            return Ok(false);
        }
        let change: Change<'_, ()> = Change {
            city,
            ..user_change(action, user)
        };
        txn.commit_with(change).await?;
        Ok(true)
    }

    /// A sign-in waiting for its second factor, after a right password: the token for the
    /// browser's cookie. Waiting sign-ins older than a day are forgotten.
    pub async fn start_pending_sign_in(&self, user: UserId) -> Result<String> {
        let token = random_token();
        pending_sign_in::Entity::delete_many()
            .filter(pending_sign_in::Column::CreatedAt.lt(Utc::now() - chrono::Duration::days(1)))
            .exec(&self.db)
            .await?;
        pending_sign_in::ActiveModel {
            token_hash: Set(digest(&token)),
            user_id: Set(user.0),
            attempts: Set(0),
            created_at: Set(Utc::now()),
            used_at: Set(None),
            ..Default::default()
        }
        .insert(&self.db)
        .await?;
        Ok(token)
    }

    /// The account a waiting sign-in is of, if it still waits (not taken, not expired, tries
    /// left, the account active).
    pub async fn pending_sign_in(&self, token: &str) -> Result<Option<UserRecord>> {
        let Some(row) = self.live_pending(token).await? else {
            return Ok(None);
        };
        Ok(user_by_id(&self.db, UserId(row.user_id))
            .await?
            .filter(|u| u.active))
    }

    async fn live_pending(&self, token: &str) -> Result<Option<pending_sign_in::Model>> {
        let row = pending_sign_in::Entity::find()
            .filter(pending_sign_in::Column::TokenHash.eq(digest(token)))
            .one(&self.db)
            .await?;
        let now = Utc::now();
        Ok(row.filter(|r| {
            r.used_at.is_none()
                && now - r.created_at <= PENDING_VALID
                && r.attempts < PENDING_ATTEMPTS
        }))
    }

    /// Answers a waiting sign-in. A right answer takes it (once, on any node) and is the
    /// account holder's audit line `session.second-factor`; a wrong one counts a try and a
    /// failed sign-in of the address and of the client address (towards their locks) and is
    /// the line `session.second-factor-failure`.
    pub async fn answer_pending_sign_in(
        &self,
        token: &str,
        answer: &Answer,
        actor: &Actor,
    ) -> Result<PendingOutcome> {
        let Some(row) = self.live_pending(token).await? else {
            return Ok(PendingOutcome::Gone);
        };
        let Some(user) = user_by_id(&self.db, UserId(row.user_id))
            .await?
            .filter(|u| u.active)
        else {
            return Ok(PendingOutcome::Gone);
        };
        let now = Utc::now();
        let locked = self
            .attempts_since(SIGN_IN_FAILURE, &email_key(&user.email), now - LOCK_FOR)
            .await?
            >= LOCK_AFTER_FAILURES;
        if locked {
            return Ok(PendingOutcome::Gone);
        }
        let actor = Actor {
            id: Some(user.id.0),
            label: user.email.to_string(),
            ..actor.clone()
        };
        let txn = self.begin_audited(&actor).await?;
        if take_answer(&txn, user.id, answer).await? {
            let taken = pending_sign_in::Entity::update_many()
                .col_expr(pending_sign_in::Column::UsedAt, Expr::value(Some(now)))
                .filter(pending_sign_in::Column::Id.eq(row.id))
                .filter(pending_sign_in::Column::UsedAt.is_null())
                .exec(&txn)
                .await?;
            if taken.rows_affected != 1 {
                return Ok(PendingOutcome::Gone);
            }
            txn.commit_with(user_change("session.second-factor", user.id))
                .await?;
            return Ok(PendingOutcome::Accepted(user));
        }
        pending_sign_in::Entity::update_many()
            .col_expr(
                pending_sign_in::Column::Attempts,
                Expr::col(pending_sign_in::Column::Attempts).add(1),
            )
            .filter(pending_sign_in::Column::Id.eq(row.id))
            .exec(&txn)
            .await?;
        let keys = [
            Some(email_key(&user.email)),
            actor.client_address.as_deref().map(client_key),
        ];
        for key in keys.into_iter().flatten() {
            record_attempt(&txn, SIGN_IN_FAILURE, key, now).await?;
        }
        txn.commit_with(user_change("session.second-factor-failure", user.id))
            .await?;
        Ok(PendingOutcome::Wrong {
            ended: row.attempts + 1 >= PENDING_ATTEMPTS,
        })
    }

    /// Whether a city requires its staff to use a second factor.
    pub async fn city_requires_second_factor(&self, city: &CityCode) -> Result<bool> {
        let row = city_security::Entity::find_by_id(city.to_string())
            .one(&self.db)
            .await?;
        Ok(row.is_some_and(|r| r.require_second_factor))
    }

    /// Turns a city's requirement on or off, audited (before and after) in the city's trail.
    pub async fn set_city_second_factor(
        &self,
        city: &CityCode,
        required: bool,
        actor: &Actor,
    ) -> Result<()> {
        let txn = self.begin_audited(actor).await?;
        let now = Utc::now();
        let existing = city_security::Entity::find_by_id(city.to_string())
            .one(&txn)
            .await?;
        let before = Requirement {
            require_second_factor: existing.as_ref().is_some_and(|r| r.require_second_factor),
        };
        match existing {
            Some(row) => {
                let version = row.version;
                let changed = city_security::Entity::update_many()
                    .col_expr(
                        city_security::Column::RequireSecondFactor,
                        Expr::value(required),
                    )
                    .col_expr(city_security::Column::Version, Expr::value(version + 1))
                    .col_expr(city_security::Column::UpdatedAt, Expr::value(now))
                    .filter(city_security::Column::CityCode.eq(city.to_string()))
                    .filter(city_security::Column::Version.eq(version))
                    .exec(&txn)
                    .await?;
                if changed.rows_affected != 1 {
                    return Err(StoreError::Conflict);
                }
            }
            None => {
                city_security::ActiveModel {
                    city_code: Set(city.to_string()),
                    require_second_factor: Set(required),
                    version: Set(1),
                    created_at: Set(now),
                    updated_at: Set(now),
                }
                .insert(&txn)
                .await?;
            }
        }
        let after = Requirement {
            require_second_factor: required,
        };
        let change = Change {
            action: "city-security.update",
            city: Some(city),
            object_type: "city",
            object_id: city.to_string(),
            before: Some(&before),
            after: Some(&after),
        };
        txn.commit_with(change).await
    }

    /// Whether an account must enrol a second factor before anything else: it is staff of a
    /// city that requires one, and has none confirmed.
    pub async fn second_factor_due(&self, user: UserId, roles: &[Role]) -> Result<bool> {
        let cities: Vec<String> = roles
            .iter()
            .filter_map(|r| match r {
                Role::CityStaff { city, .. } => Some(city.to_string()),
                _ => None,
            })
            .collect();
        if cities.is_empty() {
            return Ok(false);
        }
        let requiring = city_security::Entity::find()
            .filter(city_security::Column::CityCode.is_in(cities))
            .filter(city_security::Column::RequireSecondFactor.eq(true))
            .count(&self.db)
            .await?
            > 0;
        if !requiring {
            return Ok(false);
        }
        let confirmed = second_factor::Entity::find_by_id(user.0)
            .one(&self.db)
            .await?
            .is_some_and(|r| r.confirmed_at.is_some());
        Ok(renkei_domain::second_factor::must_enrol(
            requiring, confirmed,
        ))
    }
}
