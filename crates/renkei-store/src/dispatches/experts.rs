//! A city's roster of experts for dispatch, and its yearly cap of visits per company: read,
//! added and changed with their audit lines (a change from the version the person saw, so
//! that of two people editing at once one wins and the other is told).

use chrono::{DateTime, Utc};
use renkei_domain::city::CityCode;
use renkei_domain::dispatch::{DEFAULT_YEARLY_VISITS, Field, NewExpert};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::Serialize;

use crate::audit::{self, Actor, Change};
use crate::entity::{dispatch_setting as setting, expert};
use crate::kernel::busy;
use crate::records::{Unreadable, found, joined_codes, known, readable};
use crate::{Result, Store, StoreError};

crate::records::id_type!(
    /// An expert's id.
    ExpertId
);

crate::records::coded!(Field);

/// An expert on a city's roster, at one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExpertRecord {
    pub id: ExpertId,
    pub city: CityCode,
    pub name: String,
    pub organisation: String,
    #[serde(serialize_with = "joined_codes")]
    pub fields: Vec<Field>,
    pub expertise: String,
    pub hourly_fee: i64,
    pub visit_fee: i64,
    pub availability: String,
    pub active: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<expert::Model> for ExpertRecord {
    type Error = Unreadable;

    fn try_from(m: expert::Model) -> std::result::Result<Self, Unreadable> {
        let city = known("experts", m.id, "city_code", &m.city_code, |c| {
            CityCode::parse(c).ok()
        })?;
        Ok(ExpertRecord {
            id: ExpertId(m.id),
            city,
            name: m.name,
            organisation: m.organisation,
            fields: Field::split(&m.fields),
            expertise: m.expertise,
            hourly_fee: m.hourly_fee,
            visit_fee: m.visit_fee,
            availability: m.availability,
            active: m.active,
            version: m.version,
            created_at: m.created_at,
            updated_at: m.updated_at,
        })
    }
}

async fn audit_line<T: Serialize>(
    db: &impl sea_orm::ConnectionTrait,
    actor: &Actor,
    (action, object_type, object_id): (&'static str, &'static str, String),
    city: &CityCode,
    (before, after): (Option<&T>, Option<&T>),
) -> Result<()> {
    let change = Change {
        action,
        city: Some(city),
        object_type,
        object_id,
        before,
        after,
    };
    audit::record(db, actor, change).await
}

impl Store {
    /// A city's roster, by name (those no longer active too, when `all`).
    pub async fn experts_of(&self, city: &CityCode, all: bool) -> Result<Vec<ExpertRecord>> {
        let mut find = expert::Entity::find().filter(expert::Column::CityCode.eq(city.to_string()));
        if !all {
            find = find.filter(expert::Column::Active.eq(true));
        }
        let rows = find
            .order_by_asc(expert::Column::Name)
            .order_by_asc(expert::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// An expert, whoever asks (the caller asks the policy of its city).
    pub async fn expert(&self, id: ExpertId) -> Result<ExpertRecord> {
        found(expert::Entity::find_by_id(id.0).one(&self.db).await?)
    }

    /// Puts an expert on a city's roster, with its audit line.
    pub async fn insert_expert(
        &self,
        city: &CityCode,
        x: &NewExpert,
        actor: &Actor,
    ) -> Result<ExpertRecord> {
        let tx = self.begin().await?;
        let now = Utc::now();
        let row = expert::ActiveModel {
            city_code: Set(city.to_string()),
            name: Set(x.name.clone()),
            organisation: Set(x.organisation.clone()),
            fields: Set(Field::join(&x.fields)),
            expertise: Set(x.expertise.clone()),
            hourly_fee: Set(x.hourly_fee),
            visit_fee: Set(x.visit_fee),
            availability: Set(x.availability.clone()),
            active: Set(x.active),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(tx.conn())
        .await?;
        let record: ExpertRecord = found(Some(row))?;
        let what = ("expert.create", "expert", record.id.to_string());
        audit_line(tx.conn(), actor, what, city, (None, Some(&record))).await?;
        tx.commit().await?;
        Ok(record)
    }

    /// Changes an expert from the version the person saw ([`StoreError::Conflict`] if someone
    /// else changed it first), with its audit line.
    pub async fn update_expert(
        &self,
        before: &ExpertRecord,
        seen_version: i64,
        x: &NewExpert,
        actor: &Actor,
    ) -> Result<ExpertRecord> {
        let tx = self.begin().await?;
        let changed = expert::Entity::update_many()
            .col_expr(expert::Column::Name, Expr::value(x.name.clone()))
            .col_expr(
                expert::Column::Organisation,
                Expr::value(x.organisation.clone()),
            )
            .col_expr(expert::Column::Fields, Expr::value(Field::join(&x.fields)))
            .col_expr(expert::Column::Expertise, Expr::value(x.expertise.clone()))
            .col_expr(expert::Column::HourlyFee, Expr::value(x.hourly_fee))
            .col_expr(expert::Column::VisitFee, Expr::value(x.visit_fee))
            .col_expr(
                expert::Column::Availability,
                Expr::value(x.availability.clone()),
            )
            .col_expr(expert::Column::Active, Expr::value(x.active))
            .col_expr(expert::Column::Version, Expr::value(seen_version + 1))
            .col_expr(expert::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(expert::Column::Id.eq(before.id.0))
            .filter(expert::Column::Version.eq(seen_version))
            .exec(tx.conn())
            .await
            .map_err(busy)?
            .rows_affected;
        if changed != 1 {
            return Err(StoreError::Conflict);
        }
        let after: ExpertRecord = found(
            expert::Entity::find_by_id(before.id.0)
                .one(tx.conn())
                .await?,
        )?;
        let what = ("expert.update", "expert", after.id.to_string());
        audit_line(
            tx.conn(),
            actor,
            what,
            &after.city,
            (Some(before), Some(&after)),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// A city's yearly cap of visits per company (the default until it sets one).
    pub async fn dispatch_cap(&self, city: &CityCode) -> Result<i32> {
        Ok(setting::Entity::find_by_id(city.to_string())
            .one(&self.db)
            .await?
            .map_or(DEFAULT_YEARLY_VISITS, |s| s.yearly_visits))
    }

    /// A city's yearly cap, read in the caller's transaction with the city's settings row
    /// locked (made with the default if the city has set none): approvals of the city's
    /// dispatches wait for each other here, so that two at once cannot both pass the cap.
    pub async fn lock_dispatch_cap(&self, tx: &crate::Tx, city: &CityCode) -> Result<i32> {
        setting::Entity::insert(setting::ActiveModel {
            city_code: Set(city.to_string()),
            yearly_visits: Set(DEFAULT_YEARLY_VISITS),
            updated_at: Set(Utc::now()),
        })
        .on_conflict(
            // A write that changes nothing, for the row's lock.
            OnConflict::column(setting::Column::CityCode)
                .value(
                    setting::Column::YearlyVisits,
                    Expr::col((setting::Entity, setting::Column::YearlyVisits)),
                )
                .to_owned(),
        )
        .exec(tx.conn())
        .await
        .map_err(busy)?;
        Ok(setting::Entity::find_by_id(city.to_string())
            .one(tx.conn())
            .await?
            .map_or(DEFAULT_YEARLY_VISITS, |s| s.yearly_visits))
    }

    /// Sets a city's yearly cap of visits per company, with its audit line.
    pub async fn set_dispatch_cap(
        &self,
        city: &CityCode,
        visits: i32,
        actor: &Actor,
    ) -> Result<()> {
        let before = self.dispatch_cap(city).await?;
        let tx = self.begin().await?;
        setting::Entity::insert(setting::ActiveModel {
            city_code: Set(city.to_string()),
            yearly_visits: Set(visits),
            updated_at: Set(Utc::now()),
        })
        .on_conflict(
            OnConflict::column(setting::Column::CityCode)
                .update_columns([setting::Column::YearlyVisits, setting::Column::UpdatedAt])
                .to_owned(),
        )
        .exec(tx.conn())
        .await
        .map_err(busy)?;
        let what = ("dispatch.cap", "dispatch_settings", city.to_string());
        audit_line(tx.conn(), actor, what, city, (Some(&before), Some(&visits))).await?;
        tx.commit().await?;
        Ok(())
    }
}
