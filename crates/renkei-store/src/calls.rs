//! Calls (公募) of a city, in their first, small form: the records the reviewer role is
//! scoped to.
//!
//! The store hands them out with the city as `CityCode`, read once from the rows; a row
//! whose city this version does not know is left out (see `crate::records`). They serialize
//! (for the audit trail) with the rows' field names and codes.

use chrono::{DateTime, NaiveDate, Utc};
use renkei_domain::city::CityCode;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::Serialize;

use crate::audit::Actor;
use crate::entity::call;
use crate::handle::Store;
use crate::kernel::Result;
use crate::records::{Unreadable, found, known, readable};

/// A call of a city.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallRecord {
    pub id: i64,
    pub city_code: CityCode,
    /// The measure of the catalog it funds (`renkei_domain::catalog::measure`).
    pub measure_code: String,
    pub title: String,
    pub opens_on: Option<NaiveDate>,
    pub closes_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}

impl TryFrom<call::Model> for CallRecord {
    type Error = Unreadable;

    fn try_from(m: call::Model) -> Result<Self, Unreadable> {
        let city_code = known("calls", m.id, "city_code", &m.city_code, |c| {
            CityCode::parse(c).ok()
        })?;
        Ok(CallRecord {
            id: m.id,
            city_code,
            measure_code: m.measure_code,
            title: m.title,
            opens_on: m.opens_on,
            closes_on: m.closes_on,
            created_at: m.created_at,
        })
    }
}

crate::audited::audited!(CallRecord, "call", city_code);

impl Store {
    /// Opens a call of a city.
    pub async fn create_call(
        &self,
        city: &CityCode,
        measure_code: &str,
        title: &str,
        actor: &Actor,
    ) -> Result<CallRecord> {
        let txn = self.begin_audited(actor).await?;
        let row = call::ActiveModel {
            city_code: Set(city.to_string()),
            measure_code: Set(measure_code.to_owned()),
            title: Set(title.to_owned()),
            opens_on: Set(None),
            closes_on: Set(None),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let record: CallRecord = found(Some(row))?;
        txn.record_change("call.create", None, &record).await?;
        txn.commit().await?;
        Ok(record)
    }

    /// A city's calls, oldest first.
    pub async fn calls_of(&self, city: &CityCode) -> Result<Vec<CallRecord>> {
        let rows = call::Entity::find()
            .filter(call::Column::CityCode.eq(city.to_string()))
            .order_by_asc(call::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// Every city's calls, by city and then oldest first.
    pub async fn calls(&self) -> Result<Vec<CallRecord>> {
        let rows = call::Entity::find()
            .order_by_asc(call::Column::CityCode)
            .order_by_asc(call::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }
}
