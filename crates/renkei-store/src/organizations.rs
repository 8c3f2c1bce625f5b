//! Support organisations of a city (`renkei_domain::organization`) and who works for which:
//! registered by the city's officers, each change audited; an account belongs to at most one,
//! and what its holder does is recorded as done through it (the web adds its name to the
//! actor's label).

use chrono::{DateTime, Utc};
use renkei_domain::city::CityCode;
use renkei_domain::organization::{Organization, OrganizationKind};
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::Serialize;

use crate::audit::{Actor, Change};
use crate::entity::{organization, organization_member};
use crate::handle::Store;
use crate::kernel::{Result, StoreError};
use crate::records::{Unreadable, code, coded, found, id_type, known, readable};
use crate::users::{UserId, user_by_id};

id_type!(
    /// A support organisation's id.
    OrganizationId
);

coded!(OrganizationKind);

/// A support organisation of a city.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrganizationRecord {
    pub id: OrganizationId,
    pub city_code: CityCode,
    pub name: String,
    #[serde(serialize_with = "code")]
    pub kind: OrganizationKind,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<organization::Model> for OrganizationRecord {
    type Error = Unreadable;

    fn try_from(m: organization::Model) -> Result<Self, Unreadable> {
        let city_code = known("organizations", m.id, "city_code", &m.city_code, |c| {
            CityCode::parse(c).ok()
        })?;
        let kind = known(
            "organizations",
            m.id,
            "kind",
            &m.kind,
            OrganizationKind::from_code,
        )?;
        Ok(OrganizationRecord {
            id: OrganizationId(m.id),
            city_code,
            name: m.name,
            kind,
            version: m.version,
            created_at: m.created_at,
            updated_at: m.updated_at,
        })
    }
}

crate::audited::audited!(OrganizationRecord, "organization", city_code);

/// Who works for an organisation, as the audit trail records it.
#[derive(Debug, Serialize)]
struct Membership {
    user_id: UserId,
    organization: Option<OrganizationId>,
}

/// The organisation an account works for, if any: one query (it is read at every request of
/// a city's staff).
pub(crate) async fn organization_of(
    db: &impl ConnectionTrait,
    user: UserId,
) -> Result<Option<OrganizationRecord>> {
    let member = Query::select()
        .column(organization_member::Column::OrganizationId)
        .from(organization_member::Entity)
        .and_where(organization_member::Column::UserId.eq(user.0))
        .to_owned();
    let row = organization::Entity::find()
        .filter(organization::Column::Id.in_subquery(member))
        .one(db)
        .await?;
    Ok(row.and_then(|r| found(Some(r)).ok()))
}

impl Store {
    /// Registers a support organisation of `city` (already checked).
    pub async fn create_organization(
        &self,
        city: &CityCode,
        o: &Organization,
        actor: &Actor,
    ) -> Result<OrganizationRecord> {
        let txn = self.begin_audited(actor).await?;
        let now = Utc::now();
        let row = organization::ActiveModel {
            city_code: Set(city.to_string()),
            name: Set(o.name.clone()),
            kind: Set(o.kind.code().to_owned()),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let record: OrganizationRecord = found(Some(row))?;
        txn.record_change("organization.create", None, &record)
            .await?;
        txn.commit().await?;
        Ok(record)
    }

    /// A city's organisations, by name.
    pub async fn organizations_of(&self, city: &CityCode) -> Result<Vec<OrganizationRecord>> {
        let rows = organization::Entity::find()
            .filter(organization::Column::CityCode.eq(city.to_string()))
            .order_by_asc(organization::Column::Name)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// The organisation an account works for, if any.
    pub async fn organization_of(&self, user: UserId) -> Result<Option<OrganizationRecord>> {
        organization_of(&self.db, user).await
    }

    /// Says which organisation of `city` an account works for, or none; audited. An
    /// organisation of another city is [`StoreError::NotFound`].
    pub async fn set_organization(
        &self,
        user: UserId,
        city: &CityCode,
        to: Option<OrganizationId>,
        actor: &Actor,
    ) -> Result<()> {
        let txn = self.begin_audited(actor).await?;
        user_by_id(&txn, user).await?.ok_or(StoreError::NotFound)?;
        if let Some(id) = to {
            let row = organization::Entity::find_by_id(id.0).one(&txn).await?;
            let o: OrganizationRecord = found(row)?;
            if o.city_code != *city {
                return Err(StoreError::NotFound);
            }
        }
        let before = organization_of(&txn, user).await?.map(|o| o.id);
        organization_member::Entity::delete_by_id(user.0)
            .exec(&txn)
            .await?;
        if let Some(id) = to {
            organization_member::ActiveModel {
                user_id: Set(user.0),
                organization_id: Set(id.0),
                created_at: Set(Utc::now()),
            }
            .insert(&txn)
            .await?;
        }
        let change = Change {
            action: "user.organization",
            city: Some(city),
            object_type: "user",
            object_id: user.to_string(),
            before: Some(&Membership {
                user_id: user,
                organization: before,
            }),
            after: Some(&Membership {
                user_id: user,
                organization: to,
            }),
        };
        txn.commit_with(change).await?;
        Ok(())
    }
}
