//! Accounts and their roles. The accounts are typed records (`records`).

mod people;
mod records;

use chrono::Utc;
use renkei_domain::access::Role;
use renkei_domain::city::CityCode;
use renkei_domain::identity::Email;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    Unchanged,
};

use crate::audit::{Actor, AuditedTx, Change};
use crate::entity::{session, user, user_role};
use crate::handle::Store;
use crate::kernel::{Result, StoreError};
use crate::records::{found, readable};

pub use people::Invited;
pub use records::{UserId, UserRecord};

/// An account by id: none when there is none, or when it cannot be read.
pub(crate) async fn user_by_id(
    db: &impl ConnectionTrait,
    id: UserId,
) -> Result<Option<UserRecord>> {
    Ok(found(user::Entity::find_by_id(id.0).one(db).await?).ok())
}

/// An account by its address: none when there is none, or when it cannot be read.
pub(crate) async fn user_with_email(
    db: &impl ConnectionTrait,
    email: &Email,
) -> Result<Option<UserRecord>> {
    let row = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(db)
        .await?;
    Ok(found(row).ok())
}

/// Writes some of an account's columns (`change` says which) and reads it back.
pub(crate) async fn update_user(
    db: &impl ConnectionTrait,
    id: UserId,
    change: user::ActiveModel,
) -> Result<UserRecord> {
    let row = user::ActiveModel {
        id: Unchanged(id.0),
        ..change
    }
    .update(db)
    .await?;
    found(Some(row))
}

/// The stored form of a role: its name, and its scope.
pub(crate) fn to_row(role: &Role) -> (&'static str, Option<String>, bool, Option<i64>) {
    match role {
        Role::PlatformAdmin => ("platform-admin", None, false, None),
        Role::CityStaff { city, read_only } => {
            ("city-staff", Some(city.to_string()), *read_only, None)
        }
        Role::Coordinator { city } => ("coordinator", Some(city.to_string()), false, None),
        Role::CompanyUser { company } => ("company-user", None, false, Some(*company)),
        Role::TargetContact { organization } => {
            ("target-contact", None, false, Some(*organization))
        }
        Role::CompanyManager { company } => ("company-manager", None, false, Some(*company)),
        Role::Reviewer { call } => ("reviewer", None, false, Some(*call)),
    }
}

/// A role read back; `None` for a row this version does not understand (it then grants
/// nothing, rather than something).
fn from_row(r: &user_role::Model) -> Option<Role> {
    role_from_parts(&r.role, r.city_code.as_deref(), r.read_only, r.scope_id)
}

/// A role from its stored parts (accounts' roles and API tokens store them alike).
pub(crate) fn role_from_parts(
    role: &str,
    city: Option<&str>,
    read_only: bool,
    scope: Option<i64>,
) -> Option<Role> {
    let city = || city.and_then(|c| CityCode::parse(c).ok());
    Some(match role {
        "platform-admin" => Role::PlatformAdmin,
        "city-staff" => Role::CityStaff {
            city: city()?,
            read_only,
        },
        "coordinator" => Role::Coordinator { city: city()? },
        "company-user" => Role::CompanyUser { company: scope? },
        "target-contact" => Role::TargetContact {
            organization: scope?,
        },
        "company-manager" => Role::CompanyManager { company: scope? },
        // The reviewer role was first called jury member.
        "reviewer" | "jury-member" => Role::Reviewer { call: scope? },
        _ => return None,
    })
}

/// The city a set of roles belongs to, for the audit trail's city-scoped views.
fn city_of(roles: &[Role]) -> Option<CityCode> {
    roles.iter().find_map(|r| match r {
        Role::CityStaff { city, .. } | Role::Coordinator { city } => Some(*city),
        _ => None,
    })
}

/// Inserts an account with its roles in the caller's transaction, recorded in the audit
/// trail (without its password hash). An address already in use is [`StoreError::Duplicate`].
pub(crate) async fn insert_user(
    txn: &AuditedTx<'_>,
    email: &Email,
    display_name: &str,
    password_hash: Option<String>,
    roles: &[Role],
) -> Result<UserRecord> {
    insert_user_as(txn, txn.actor(), email, display_name, password_hash, roles).await
}

/// [`insert_user`] in a transaction held by the caller, its audit line as `actor`'s.
pub(crate) async fn insert_user_as(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    email: &Email,
    display_name: &str,
    password_hash: Option<String>,
    roles: &[Role],
) -> Result<UserRecord> {
    let taken = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(txn)
        .await?
        .is_some();
    if taken {
        return Err(StoreError::Duplicate("email"));
    }
    let now = Utc::now();
    let row = user::ActiveModel {
        email: Set(email.to_string()),
        display_name: Set(display_name.trim().to_owned()),
        password_hash: Set(password_hash),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await
    // Two creators racing past the check meet the unique index.
    .map_err(|e| match e.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => StoreError::Duplicate("email"),
        _ => e.into(),
    })?;
    let record: UserRecord = found(Some(row))?;
    insert_roles(txn, record.id, roles).await?;
    let city = city_of(roles);
    let change = Change {
        action: "user.create",
        city: city.as_ref(),
        object_type: "user",
        object_id: record.id.to_string(),
        before: None,
        after: Some(&UserView::new(&record, roles)),
    };
    crate::audit::record(txn, actor, change).await?;
    Ok(record)
}

async fn insert_roles(txn: &impl ConnectionTrait, user_id: UserId, roles: &[Role]) -> Result<()> {
    let now = Utc::now();
    for role in roles {
        let (name, city, read_only, scope) = to_row(role);
        user_role::ActiveModel {
            user_id: Set(user_id.0),
            role: Set(name.to_owned()),
            city_code: Set(city),
            read_only: Set(read_only),
            scope_id: Set(scope),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}

/// The roles an account holds, in the order they were given.
async fn roles_in(db: &impl ConnectionTrait, user_id: UserId) -> Result<Vec<Role>> {
    Ok(user_role::Entity::find()
        .filter(user_role::Column::UserId.eq(user_id))
        .order_by_asc(user_role::Column::Id)
        .all(db)
        .await?
        .iter()
        .filter_map(from_row)
        .collect())
}

/// Gives an existing account the `roles` it lacks, in a transaction held by the caller, with
/// the audit line of the change as `actor`'s (`user.roles.add`, in the trail of `city`, or of
/// the city its roles name). Whether it lacked any: when it held them all, nothing is written.
pub(crate) async fn add_roles_as(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    user: &UserRecord,
    roles: &[Role],
    city: Option<&CityCode>,
) -> Result<bool> {
    let before = roles_in(txn, user.id).await?;
    let missing: Vec<Role> = roles
        .iter()
        .filter(|r| !before.contains(r))
        .cloned()
        .collect();
    if missing.is_empty() {
        return Ok(false);
    }
    insert_roles(txn, user.id, &missing).await?;
    let after = roles_in(txn, user.id).await?;
    let city = city
        .copied()
        .or_else(|| city_of(&after))
        .or_else(|| city_of(&before));
    let change = Change {
        action: "user.roles.add",
        city: city.as_ref(),
        object_type: "user",
        object_id: user.id.to_string(),
        before: Some(&UserView::new(user, &before)),
        after: Some(&UserView::new(user, &after)),
    };
    crate::audit::record(txn, actor, change).await?;
    Ok(true)
}

/// Each of `users` with the roles it holds, in the order given; one query for all the roles.
async fn with_roles(
    db: &impl ConnectionTrait,
    users: Vec<UserRecord>,
) -> Result<Vec<(UserRecord, Vec<Role>)>> {
    let ids: Vec<i64> = users.iter().map(|u| u.id.0).collect();
    let mut roles: std::collections::HashMap<i64, Vec<Role>> = Default::default();
    for r in user_role::Entity::find()
        .filter(user_role::Column::UserId.is_in(ids))
        .order_by_asc(user_role::Column::Id)
        .all(db)
        .await?
    {
        if let Some(role) = from_row(&r) {
            roles.entry(r.user_id).or_default().push(role);
        }
    }
    Ok(users
        .into_iter()
        .map(|u| {
            let r = roles.remove(&u.id.0).unwrap_or_default();
            (u, r)
        })
        .collect())
}

/// An account and its roles as the audit trail records them.
#[derive(Debug, serde::Serialize)]
struct UserView<'a> {
    #[serde(flatten)]
    user: &'a UserRecord,
    roles: Vec<String>,
}

impl<'a> UserView<'a> {
    fn new(user: &'a UserRecord, roles: &[Role]) -> Self {
        UserView {
            user,
            roles: roles.iter().map(role_label).collect(),
        }
    }
}

/// A role as one short string: `city-staff:121002`, `city-staff-read-only:121002`,
/// `company-user:7` …
pub fn role_label(role: &Role) -> String {
    match to_row(role) {
        (name, Some(city), true, _) => format!("{name}-read-only:{city}"),
        (name, Some(city), false, _) => format!("{name}:{city}"),
        (name, None, _, Some(scope)) => format!("{name}:{scope}"),
        (name, None, _, None) => name.to_owned(),
    }
}

impl Store {
    /// Creates an account with its roles, in one transaction, recorded in the audit trail
    /// (without its password hash). An address already in use is [`StoreError::Duplicate`].
    pub async fn create_user(
        &self,
        email: &Email,
        display_name: &str,
        password_hash: Option<String>,
        roles: &[Role],
        actor: &Actor,
    ) -> Result<UserRecord> {
        let txn = self.begin_audited(actor).await?;
        let record = insert_user(&txn, email, display_name, password_hash, roles).await?;
        txn.commit().await?;
        Ok(record)
    }

    /// An account by id, with its roles.
    pub async fn user(&self, user_id: UserId) -> Result<Option<(UserRecord, Vec<Role>)>> {
        let Some(u) = user_by_id(&self.db, user_id).await? else {
            return Ok(None);
        };
        let roles = self.roles_of(u.id).await?;
        Ok(Some((u, roles)))
    }

    /// Every account with its roles, oldest first; only those holding a role in `city` when
    /// one is given.
    pub async fn users_with_roles(
        &self,
        city: Option<&CityCode>,
    ) -> Result<Vec<(UserRecord, Vec<Role>)>> {
        let mut q = user::Entity::find().order_by_asc(user::Column::Id);
        if let Some(c) = city {
            let ids: Vec<i64> = user_role::Entity::find()
                .filter(user_role::Column::CityCode.eq(c.to_string()))
                .all(&self.db)
                .await?
                .into_iter()
                .map(|r| r.user_id)
                .collect();
            q = q.filter(user::Column::Id.is_in(ids));
        }
        let users: Vec<UserRecord> = readable(q.all(&self.db).await?);
        with_roles(&self.db, users).await
    }

    /// Replaces the roles an account holds in `city` (a city officer's view of the account)
    /// — or all its roles when `city` is `None` (an administrator's) — in one transaction,
    /// recorded in the audit trail with the roles before and after. The account's sessions
    /// see the new roles at their next request.
    pub async fn replace_roles(
        &self,
        user_id: UserId,
        city: Option<&CityCode>,
        roles: &[Role],
        actor: &Actor,
    ) -> Result<Vec<Role>> {
        let txn = self.begin_audited(actor).await?;
        let u = user_by_id(&txn, user_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        let before = roles_in(&txn, user_id).await?;
        let mut delete =
            user_role::Entity::delete_many().filter(user_role::Column::UserId.eq(user_id));
        if let Some(c) = city {
            delete = delete.filter(user_role::Column::CityCode.eq(c.to_string()));
        }
        delete.exec(&txn).await?;
        insert_roles(&txn, user_id, roles).await?;
        let after = roles_in(&txn, user_id).await?;
        let city = city
            .copied()
            .or_else(|| city_of(&after))
            .or_else(|| city_of(&before));
        let change = Change {
            action: "user.roles",
            city: city.as_ref(),
            object_type: "user",
            object_id: user_id.to_string(),
            before: Some(&UserView::new(&u, &before)),
            after: Some(&UserView::new(&u, &after)),
        };
        txn.commit_with(change).await?;
        Ok(after)
    }

    /// An account by its address, with its roles.
    pub async fn user_by_email(&self, email: &Email) -> Result<Option<(UserRecord, Vec<Role>)>> {
        let Some(u) = user_with_email(&self.db, email).await? else {
            return Ok(None);
        };
        let roles = self.roles_of(u.id).await?;
        Ok(Some((u, roles)))
    }

    /// The roles an account holds.
    pub async fn roles_of(&self, user_id: UserId) -> Result<Vec<Role>> {
        roles_in(&self.db, user_id).await
    }

    /// Deactivates an account: it can no longer sign in, and every session it has ends at once
    /// (in the same transaction). Its API tokens stop working too. Recorded in the audit trail.
    pub async fn deactivate_user(&self, user_id: UserId, actor: &Actor) -> Result<UserRecord> {
        let txn = self.begin_audited(actor).await?;
        let before = user_by_id(&txn, user_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        let change = user::ActiveModel {
            active: Set(false),
            updated_at: Set(Utc::now()),
            ..Default::default()
        };
        let after = update_user(&txn, user_id, change).await?;
        session::Entity::delete_many()
            .filter(session::Column::UserId.eq(user_id))
            .exec(&txn)
            .await?;
        let city = city_of(&roles_in(&txn, user_id).await?);
        let change = Change {
            action: "user.deactivate",
            city: city.as_ref(),
            object_type: "user",
            object_id: user_id.to_string(),
            before: Some(&before),
            after: Some(&after),
        };
        txn.commit_with(change).await?;
        Ok(after)
    }

    /// Every account, oldest first.
    pub async fn users(&self) -> Result<Vec<UserRecord>> {
        let rows = user::Entity::find()
            .order_by_asc(user::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_survives_the_round_trip() {
        let chiba = CityCode::parse("121002").unwrap();
        for role in [
            Role::PlatformAdmin,
            Role::CityStaff {
                city: chiba,
                read_only: true,
            },
            Role::CityStaff {
                city: chiba,
                read_only: false,
            },
            Role::Coordinator { city: chiba },
            Role::CompanyUser { company: 7 },
            Role::TargetContact { organization: 8 },
            Role::CompanyManager { company: 7 },
            Role::Reviewer { call: 9 },
        ] {
            let (name, city_code, read_only, scope_id) = to_row(&role);
            let row = user_role::Model {
                id: 1,
                user_id: 1,
                role: name.to_owned(),
                city_code,
                read_only,
                scope_id,
                created_at: Utc::now(),
            };
            assert_eq!(from_row(&row), Some(role));
        }
        let unknown = user_role::Model {
            id: 1,
            user_id: 1,
            role: "emperor".into(),
            city_code: None,
            read_only: false,
            scope_id: None,
            created_at: Utc::now(),
        };
        assert_eq!(from_row(&unknown), None, "an unknown role grants nothing");
    }
}
