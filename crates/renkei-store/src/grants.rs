//! Grants between cities (see `renkei_domain::grant`): given, revoked, and asked about. A
//! grant is never deleted; revoking it records who, when and why, and both appear in the
//! audit trail. A grant is in force from its making until it is revoked or expires; the
//! look-ups of what is shared ask for the grants in force at the moment they read.
//!
//! A grant is handed out as a typed record ([`GrantRecord`]: its cities as `CityCode`, who
//! granted it as a `UserId`), converted once where rows are read; a row naming a city this
//! version does not know is `Unreadable` (see `crate::records`). It serializes (for the audit
//! trail) as its row did.

use chrono::{DateTime, Utc};
use renkei_domain::city::CityCode;
use renkei_domain::grant::GrantDraft;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Select, Set, Unchanged,
};
use serde::Serialize;

use crate::audit::{Actor, Change};
use crate::entity::grant;
use crate::handle::Store;
use crate::kernel::{Result, StoreError};
use crate::records::{Unreadable, found, known, readable};
use crate::users::UserId;

/// A record a city shares with another city.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GrantRecord {
    pub id: i64,
    /// The kind of record shared, e.g. `referral`.
    pub object_type: String,
    pub object_id: String,
    pub owner_city: CityCode,
    pub grantee_city: CityCode,
    /// What the grantee may do with it: `read` (the only permission there is).
    pub permission: String,
    pub purpose: String,
    pub granted_by: Option<UserId>,
    pub granted_by_label: String,
    pub created_at: DateTime<Utc>,
    pub valid_until: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub revoked_by_label: Option<String>,
    pub revoke_reason: Option<String>,
}

impl GrantRecord {
    /// Whether it is in force at `now`: not revoked, and not expired.
    pub fn in_force(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none() && self.valid_until.is_none_or(|t| t > now)
    }
}

impl TryFrom<grant::Model> for GrantRecord {
    type Error = Unreadable;

    fn try_from(m: grant::Model) -> std::result::Result<Self, Unreadable> {
        let city =
            |field, code: &str| known("grants", m.id, field, code, |c| CityCode::parse(c).ok());
        Ok(GrantRecord {
            id: m.id,
            owner_city: city("owner_city", &m.owner_city)?,
            grantee_city: city("grantee_city", &m.grantee_city)?,
            object_type: m.object_type,
            object_id: m.object_id,
            permission: m.permission,
            purpose: m.purpose,
            granted_by: m.granted_by.map(UserId),
            granted_by_label: m.granted_by_label,
            created_at: m.created_at,
            valid_until: m.valid_until,
            revoked_at: m.revoked_at,
            revoked_by_label: m.revoked_by_label,
            revoke_reason: m.revoke_reason,
        })
    }
}

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
        let row = grant::ActiveModel {
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
        let record: GrantRecord = found(Some(row))?;
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
        let before: GrantRecord = found(
            grant::Entity::find_by_id(id)
                .filter(grant::Column::OwnerCity.eq(owner.to_string()))
                .one(&txn)
                .await?,
        )?;
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
        let revoked = grant::ActiveModel {
            id: Unchanged(id),
            revoked_at: Set(Some(Utc::now())),
            revoked_by_label: Set(Some(actor.label.clone())),
            revoke_reason: Set(Some(reason.trim().chars().take(1000).collect())),
            ..Default::default()
        };
        let after: GrantRecord = found(Some(revoked.update(&txn).await?))?;
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
        let rows = grant::Entity::find()
            .filter(
                Condition::any()
                    .add(grant::Column::OwnerCity.eq(city.to_string()))
                    .add(grant::Column::GranteeCity.eq(city.to_string())),
            )
            .order_by_desc(grant::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// The cities a record is shared with by grants in force now (not revoked, not expired).
    /// Asked at every read, so a revoked grant takes effect at once on every node.
    pub async fn shared_with(&self, object_type: &str, object_id: &str) -> Result<Vec<CityCode>> {
        let rows = in_force()
            .filter(grant::Column::ObjectType.eq(object_type))
            .filter(grant::Column::ObjectId.eq(object_id))
            .all(&self.db)
            .await?;
        Ok(readable::<_, GrantRecord>(rows)
            .into_iter()
            .map(|g| g.grantee_city)
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_serializes_as_its_row_did() {
        let at = DateTime::<Utc>::from_timestamp(1_700_000_000, 0).unwrap();
        let row = grant::Model {
            id: 2,
            object_type: "company".into(),
            object_id: "7".into(),
            owner_city: "121002".into(),
            grantee_city: "341002".into(),
            permission: "read".into(),
            purpose: "共有".into(),
            granted_by: Some(3),
            granted_by_label: "officer@example.jp".into(),
            created_at: at,
            valid_until: None,
            revoked_at: Some(at),
            revoked_by_label: Some("officer@example.jp".into()),
            revoke_reason: Some("終わり".into()),
        };
        let typed = GrantRecord::try_from(row.clone()).unwrap();
        assert_eq!(
            serde_json::to_string(&typed).unwrap(),
            serde_json::to_string(&row).unwrap()
        );
        assert!(!typed.in_force(at));
        let unknown = grant::Model {
            grantee_city: "99999".into(),
            ..row
        };
        assert!(GrantRecord::try_from(unknown).is_err());
    }
}
