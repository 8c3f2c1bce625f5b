//! The people of a company or of a sales-channel target: the accounts holding a role scoped
//! to it, an invitation that makes a new account or gives an existing one the role, and the
//! removal of those roles. Each change is one transaction with its audit line and its mail.

use renkei_domain::access::Role;
use renkei_domain::identity::Email;
use sea_orm::sea_query::Condition;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::{
    UserId, UserRecord, UserView, add_roles_as, city_of, insert_user, roles_in, to_row, with_roles,
};
use crate::audit::{Actor, AuditedTx, Change};
use crate::entity::{user, user_role};
use crate::handle::Store;
use crate::kernel::{Result, StoreError};
use crate::links::{LinkPurpose, new_link};
use crate::mail::{self, OutgoingMail};
use crate::records::readable;

/// What an invitation did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invited {
    /// A new account, with its invitation link mailed.
    New(UserRecord),
    /// An existing account was given the roles, and told by mail.
    Added(UserRecord),
    /// The account already held every role: nothing changed.
    AlreadyHeld(UserRecord),
    /// The address is an account that was deactivated: nothing changed.
    Inactive(UserRecord),
}

/// Rows of `user_roles` holding one of `roles` (the same name and scope).
fn holding(roles: &[Role]) -> Condition {
    roles.iter().fold(Condition::any(), |any, role| {
        let (name, city, read_only, scope) = to_row(role);
        let mut one = Condition::all()
            .add(user_role::Column::Role.eq(name))
            .add(user_role::Column::ReadOnly.eq(read_only));
        one = match city {
            Some(c) => one.add(user_role::Column::CityCode.eq(c)),
            None => one.add(user_role::Column::CityCode.is_null()),
        };
        one = match scope {
            Some(s) => one.add(user_role::Column::ScopeId.eq(s)),
            None => one.add(user_role::Column::ScopeId.is_null()),
        };
        any.add(one)
    })
}

/// Writes the change of an account's roles from `before` to what it holds now.
async fn record_roles(
    txn: &AuditedTx<'_>,
    user: &UserRecord,
    before: &[Role],
    action: &'static str,
) -> Result<()> {
    let after = roles_in(txn, user.id).await?;
    let city = city_of(&after).or_else(|| city_of(before));
    txn.record(Change {
        action,
        city: city.as_ref(),
        object_type: "user",
        object_id: user.id.to_string(),
        before: Some(&UserView::new(user, before)),
        after: Some(&UserView::new(user, &after)),
    })
    .await
}

impl Store {
    /// The accounts holding any of `roles` (the people of a company or a target), oldest
    /// first, each with all its roles.
    pub async fn people_holding(&self, roles: &[Role]) -> Result<Vec<(UserRecord, Vec<Role>)>> {
        let ids: Vec<i64> = user_role::Entity::find()
            .filter(holding(roles))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|r| r.user_id)
            .collect();
        let users: Vec<UserRecord> = readable(
            user::Entity::find()
                .filter(user::Column::Id.is_in(ids))
                .order_by_asc(user::Column::Id)
                .all(&self.db)
                .await?,
        );
        with_roles(&self.db, users).await
    }

    /// Invites a person with `roles`: a new account with an invitation link (`invite` writes
    /// the message around the token), or, for an address that already has an account, the
    /// roles it lacks and a message saying so (`added`). One transaction, audited.
    pub async fn invite_or_add(
        &self,
        email: &Email,
        display_name: &str,
        roles: &[Role],
        actor: &Actor,
        invite: impl FnOnce(&UserRecord, &str) -> OutgoingMail,
        added: impl FnOnce(&UserRecord) -> OutgoingMail,
    ) -> Result<Invited> {
        let txn = self.begin_audited(actor).await?;
        let Some(existing) = super::user_with_email(&txn, email).await? else {
            let record = insert_user(&txn, email, display_name, None, roles).await?;
            let token = new_link(&txn, LinkPurpose::Invitation, record.id).await?;
            mail::enqueue(&txn, &invite(&record, &token)).await?;
            txn.commit().await?;
            return Ok(Invited::New(record));
        };
        if !existing.active {
            return Ok(Invited::Inactive(existing));
        }
        if !add_roles_as(&txn, txn.actor(), &existing, roles, None).await? {
            return Ok(Invited::AlreadyHeld(existing));
        }
        mail::enqueue(&txn, &added(&existing)).await?;
        txn.commit().await?;
        Ok(Invited::Added(existing))
    }

    /// Takes `roles` from an account (a person leaving a company or a target), audited. The
    /// account stays, with its other roles. [`StoreError::NotFound`] when it held none.
    pub async fn remove_roles(&self, user_id: UserId, roles: &[Role], actor: &Actor) -> Result<()> {
        let txn = self.begin_audited(actor).await?;
        let user = super::user_by_id(&txn, user_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        let before = roles_in(&txn, user_id).await?;
        let removed = user_role::Entity::delete_many()
            .filter(user_role::Column::UserId.eq(user_id))
            .filter(holding(roles))
            .exec(&txn)
            .await?;
        if removed.rows_affected == 0 {
            return Err(StoreError::NotFound);
        }
        record_roles(&txn, &user, &before, "user.roles.remove").await?;
        txn.commit().await?;
        Ok(())
    }
}
