//! Support organisations of a city (`renkei_domain::organization`) and who works for which:
//! registered by the city's officers, each change audited; an account belongs to at most one
//! (an invited person may be made a member with the invitation), and what its holder does is
//! recorded as done through it (the web adds its name to the actor's label). Who may be named
//! as having helped a step or a support of a city (its organisations and coordinators), and
//! their names.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use renkei_domain::access::Role;
use renkei_domain::city::CityCode;
use renkei_domain::identity::Email;
use renkei_domain::organization::{Help, Organization, OrganizationKind};
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::Serialize;

use crate::audit::{Actor, AuditedTx, Change};
use crate::entity::{organization, organization_member, user};
use crate::handle::Store;
use crate::kernel::{Result, StoreError};
use crate::links::{LinkPurpose, new_link};
use crate::mail::{self, OutgoingMail};
use crate::records::{Unreadable, code, coded, found, id_type, known, readable};
use crate::users::{UserId, UserRecord, insert_user, user_by_id};

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
        join(&txn, user, city, to).await?;
        txn.commit().await
    }

    /// Invites a person of `city` with `roles` (see `invite_user`) who works for `to`, an
    /// organisation of `city`: the account, its roles, its membership (audited), the link and
    /// the message in one transaction. An organisation of another city is
    /// [`StoreError::NotFound`], and nothing is written.
    pub async fn invite_member(
        &self,
        (email, display_name): (&Email, &str),
        roles: &[Role],
        (city, to): (&CityCode, OrganizationId),
        actor: &Actor,
        compose: impl FnOnce(&UserRecord, &str) -> OutgoingMail,
    ) -> Result<UserRecord> {
        let txn = self.begin_audited(actor).await?;
        let record = insert_user(&txn, email, display_name, None, roles).await?;
        join(&txn, record.id, city, Some(to)).await?;
        let token = new_link(&txn, LinkPurpose::Invitation, record.id).await?;
        mail::enqueue(&txn, &compose(&record, &token)).await?;
        txn.commit().await?;
        Ok(record)
    }

    /// Who may be named as having helped a step or a support of `city`: its organisations
    /// (by name) and its active coordinators (oldest account first).
    pub async fn helpers_of(
        &self,
        city: &CityCode,
    ) -> Result<(Vec<OrganizationRecord>, Vec<UserRecord>)> {
        let organizations = self.organizations_of(city).await?;
        let coordinator = Role::Coordinator { city: *city };
        let coordinators = self
            .users_with_roles(Some(city))
            .await?
            .into_iter()
            .filter(|(u, roles)| u.active && roles.contains(&coordinator))
            .map(|(u, _)| u)
            .collect();
        Ok((organizations, coordinators))
    }

    /// The names of the organisations and the people named as having helped: two queries,
    /// whichever city they are of (a history shows who helped even after they left).
    pub async fn helper_names(&self, organizations: &[i64], people: &[i64]) -> Result<HelperNames> {
        let orgs = organization::Entity::find()
            .filter(organization::Column::Id.is_in(organizations.iter().copied()))
            .all(&self.db)
            .await?;
        let users = user::Entity::find()
            .filter(user::Column::Id.is_in(people.iter().copied()))
            .all(&self.db)
            .await?;
        Ok(HelperNames {
            organizations: orgs.into_iter().map(|o| (o.id, o.name)).collect(),
            people: users.into_iter().map(|u| (u.id, u.display_name)).collect(),
        })
    }
}

/// The names of who helped, by id.
#[derive(Debug, Clone, Default)]
pub struct HelperNames {
    pub organizations: HashMap<i64, String>,
    pub people: HashMap<i64, String>,
}

impl HelperNames {
    /// Who helped, in words: the organisation, then the coordinator (`千葉市産業振興財団・山田
    /// 花子`); `None` when nobody was named.
    pub fn label(&self, help: Help) -> Option<String> {
        let names: Vec<&str> = [
            help.organization.and_then(|id| self.organizations.get(&id)),
            help.coordinator.and_then(|id| self.people.get(&id)),
        ]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
        (!names.is_empty()).then(|| names.join("・"))
    }
}

/// Makes `user` work for `to` (an organisation of `city`) or for none, with its audit line,
/// in the caller's transaction. An organisation of another city is [`StoreError::NotFound`].
async fn join(
    txn: &AuditedTx<'_>,
    user: UserId,
    city: &CityCode,
    to: Option<OrganizationId>,
) -> Result<()> {
    if let Some(id) = to {
        let row = organization::Entity::find_by_id(id.0).one(txn).await?;
        let o: OrganizationRecord = found(row)?;
        if o.city_code != *city {
            return Err(StoreError::NotFound);
        }
    }
    let before = organization_of(txn, user).await?.map(|o| o.id);
    organization_member::Entity::delete_by_id(user.0)
        .exec(txn)
        .await?;
    if let Some(id) = to {
        organization_member::ActiveModel {
            user_id: Set(user.0),
            organization_id: Set(id.0),
            created_at: Set(Utc::now()),
        }
        .insert(txn)
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
    txn.record(change).await
}
