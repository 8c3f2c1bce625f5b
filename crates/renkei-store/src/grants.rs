//! Grants between cities (see `renkei_domain::grant`): given, revoked, and asked about. A
//! grant is never deleted; revoking it records who, when and why, and both appear in the
//! audit trail. A grant is in force from its making until it is revoked or expires; the
//! look-ups of what is shared ask for the grants in force at the moment they read.

use chrono::Utc;
use renkei_domain::city::CityCode;
use renkei_domain::grant::GrantDraft;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, QuerySelect, Select, Set,
};

use crate::audit::{Actor, Change};
use crate::entity::grant;
use crate::handle::Store;
use crate::kernel::{Result, StoreError};

pub use grant::Model as GrantRecord;

/// The grants in force now: not revoked, and not expired.
fn in_force() -> Select<grant::Entity> {
    grant::Entity::find()
        .filter(grant::Column::RevokedAt.is_null())
        .filter(
            Condition::any()
                .add(grant::Column::ValidUntil.is_null())
                .add(grant::Column::ValidUntil.gt(Utc::now())),
        )
}

/// The ids of records of a kind shared with any of `cities` by grants in force.
pub(crate) async fn shared_ids(
    store: &Store,
    object_type: &str,
    cities: &[String],
) -> Result<Vec<i64>> {
    Ok(in_force()
        .filter(grant::Column::ObjectType.eq(object_type))
        .filter(grant::Column::GranteeCity.is_in(cities.to_vec()))
        .all(&store.db)
        .await?
        .iter()
        .filter_map(|g| g.object_id.parse().ok())
        .collect())
}

/// The records of every kind shared with any of `cities` by grants in force, as (object
/// type, object id).
pub(crate) async fn shared_with_cities(
    db: &impl ConnectionTrait,
    cities: &[String],
) -> Result<Vec<(String, String)>> {
    Ok(in_force()
        .select_only()
        .column(grant::Column::ObjectType)
        .column(grant::Column::ObjectId)
        .filter(grant::Column::GranteeCity.is_in(cities.to_vec()))
        .into_tuple()
        .all(db)
        .await?)
}

impl Store {
    /// Gives a grant (already validated), recorded in the audit trail under the owner city.
    pub async fn grant(&self, draft: GrantDraft, actor: &Actor) -> Result<GrantRecord> {
        let txn = self.begin_audited(actor).await?;
        let record = grant::ActiveModel {
            object_type: Set(draft.object_type.to_owned()),
            object_id: Set(draft.object_id),
            owner_city: Set(draft.owner.to_string()),
            grantee_city: Set(draft.grantee.to_string()),
            permission: Set("read".to_owned()),
            purpose: Set(draft.purpose),
            granted_by: Set(actor.id),
            granted_by_label: Set(actor.label.clone()),
            created_at: Set(Utc::now()),
            valid_until: Set(draft.valid_until),
            revoked_at: Set(None),
            revoked_by_label: Set(None),
            revoke_reason: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let change = Change {
            action: "grant.create",
            city: Some(&draft.owner),
            object_type: "grant",
            object_id: record.id.to_string(),
            before: None,
            after: Some(&record),
        };
        txn.commit_with(change).await?;
        Ok(record)
    }

    /// Revokes a grant `owner` gave; a grant of another city is not found. Revoking twice
    /// changes nothing the second time.
    pub async fn revoke_grant(
        &self,
        id: i64,
        owner: &CityCode,
        reason: &str,
        actor: &Actor,
    ) -> Result<GrantRecord> {
        let txn = self.begin_audited(actor).await?;
        let before = grant::Entity::find_by_id(id)
            .filter(grant::Column::OwnerCity.eq(owner.to_string()))
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        if before.revoked_at.is_some() {
            return Ok(before);
        }
        // A referral's grant ends with the referral's withdrawal, where the company and the
        // receiving city are told; revoked alone, it would strand the referral.
        if before.object_type == "referral"
            && let Ok(referral) = before.object_id.parse::<i64>()
            && crate::entity::referral::Entity::find_by_id(referral)
                .one(&txn)
                .await?
                .is_some()
        {
            return Err(StoreError::WorkflowGrant);
        }
        let mut m = before.clone().into_active_model();
        m.revoked_at = Set(Some(Utc::now()));
        m.revoked_by_label = Set(Some(actor.label.clone()));
        m.revoke_reason = Set(Some(reason.trim().chars().take(1000).collect()));
        let after = m.update(&txn).await?;
        let change = Change {
            action: "grant.revoke",
            city: Some(owner),
            object_type: "grant",
            object_id: id.to_string(),
            before: Some(&before),
            after: Some(&after),
        };
        txn.commit_with(change).await?;
        Ok(after)
    }

    /// The grants a city has given or received, newest first, in force or not.
    pub async fn grants_of_city(&self, city: &CityCode) -> Result<Vec<GrantRecord>> {
        Ok(grant::Entity::find()
            .filter(
                Condition::any()
                    .add(grant::Column::OwnerCity.eq(city.to_string()))
                    .add(grant::Column::GranteeCity.eq(city.to_string())),
            )
            .order_by_desc(grant::Column::Id)
            .all(&self.db)
            .await?)
    }

    /// The cities a record is shared with by grants in force now (not revoked, not expired).
    /// Asked at every read, so a revoked grant takes effect at once on every node.
    pub async fn shared_with(&self, object_type: &str, object_id: &str) -> Result<Vec<CityCode>> {
        Ok(in_force()
            .filter(grant::Column::ObjectType.eq(object_type))
            .filter(grant::Column::ObjectId.eq(object_id))
            .all(&self.db)
            .await?
            .iter()
            .filter_map(|g| CityCode::parse(&g.grantee_city).ok())
            .collect())
    }
}
