//! The sites each coordinator can introduce for trials and verification (紹介できる治験・
//! 実証先), kept for the coordinator's city: read per coordinator or all together, added and
//! removed with their audit lines in that city's trail.

use chrono::{DateTime, Utc};
use renkei_domain::city::CityCode;
use renkei_domain::network::sites::{FacilityKind, Site};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::Serialize;

use crate::audit::{Actor, Change};
use crate::entity::coordinator_site as row;
use crate::kernel::busy;
use crate::records::{Unreadable, code, coded, found, known, readable};
use crate::{Result, Store, UserId};

crate::records::id_type!(
    /// A coordinator's site's id.
    SiteId
);

coded!(FacilityKind);

/// A site a coordinator can introduce.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SiteRecord {
    pub id: SiteId,
    /// The coordinator who can introduce it.
    pub user_id: UserId,
    pub city: CityCode,
    pub name: String,
    #[serde(serialize_with = "code")]
    pub kind: FacilityKind,
    pub offers: String,
    pub by_label: String,
    pub created_at: DateTime<Utc>,
}

impl SiteRecord {
    /// The site the domain's rules read.
    pub fn site(&self) -> Site {
        Site {
            name: self.name.clone(),
            kind: self.kind,
            offers: self.offers.clone(),
        }
    }
}

impl TryFrom<row::Model> for SiteRecord {
    type Error = Unreadable;

    fn try_from(m: row::Model) -> std::result::Result<Self, Unreadable> {
        const T: &str = "coordinator_sites";
        Ok(SiteRecord {
            id: SiteId(m.id),
            user_id: UserId(m.user_id),
            city: known(T, m.id, "city_code", &m.city_code, |c| {
                CityCode::parse(c).ok()
            })?,
            name: m.name,
            kind: known(T, m.id, "kind", &m.kind, FacilityKind::from_code)?,
            offers: m.offers,
            by_label: m.by_label,
            created_at: m.created_at,
        })
    }
}

fn change<'a>(
    action: &'static str,
    r: &'a SiteRecord,
    (before, after): (Option<&'a SiteRecord>, Option<&'a SiteRecord>),
) -> Change<'a, SiteRecord> {
    Change {
        action,
        city: Some(&r.city),
        object_type: "coordinator_site",
        object_id: r.id.to_string(),
        before,
        after,
    }
}

impl Store {
    /// The sites one coordinator can introduce, oldest first.
    pub async fn coordinator_sites(&self, user: UserId) -> Result<Vec<SiteRecord>> {
        let rows = row::Entity::find()
            .filter(row::Column::UserId.eq(user.0))
            .order_by_asc(row::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// Every coordinator's sites, oldest first.
    pub async fn network_sites(&self) -> Result<Vec<SiteRecord>> {
        let rows = row::Entity::find()
            .order_by_asc(row::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// One site, if it is kept (and readable).
    pub async fn network_site(&self, id: SiteId) -> Result<Option<SiteRecord>> {
        let row = row::Entity::find_by_id(id.0).one(&self.db).await?;
        Ok(readable(row.into_iter().collect()).pop())
    }

    /// Adds a site a coordinator can introduce, for their city, with its audit line.
    pub async fn add_coordinator_site(
        &self,
        (user, city): (UserId, &CityCode),
        site: &Site,
        actor: &Actor,
    ) -> Result<SiteRecord> {
        let txn = self.begin_audited(actor).await?;
        let m = row::ActiveModel {
            user_id: Set(user.0),
            city_code: Set(city.to_string()),
            name: Set(site.name.clone()),
            kind: Set(site.kind.code().to_owned()),
            offers: Set(site.offers.clone()),
            by_user_id: Set(actor.id),
            by_label: Set(actor.label.clone()),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(busy)?;
        let after: SiteRecord = found(Some(m))?;
        txn.commit_with(change("coordinator_site.add", &after, (None, Some(&after))))
            .await?;
        Ok(after)
    }

    /// Removes a site (nothing to do if it is gone already), with its audit line.
    pub async fn remove_coordinator_site(&self, site: &SiteRecord, actor: &Actor) -> Result<()> {
        let txn = self.begin_audited(actor).await?;
        let gone = row::Entity::delete_by_id(site.id.0)
            .exec(&txn)
            .await
            .map_err(busy)?
            .rows_affected;
        if gone == 0 {
            return Ok(());
        }
        txn.commit_with(change("coordinator_site.remove", site, (Some(site), None)))
            .await
    }
}
