//! Calls (公募) of a city, in their first, small form: the records the jury-member role is
//! scoped to.

use chrono::Utc;
use renkei_domain::city::CityCode;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::audit::{Actor, Change};
use crate::entity::call;
use crate::handle::Store;
use crate::kernel::Result;

pub use call::Model as CallRecord;

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
        let record = call::ActiveModel {
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
        let change = Change {
            action: "call.create",
            city: Some(city),
            object_type: "call",
            object_id: record.id.to_string(),
            before: None,
            after: Some(&record),
        };
        txn.commit_with(change).await?;
        Ok(record)
    }

    /// A city's calls, oldest first.
    pub async fn calls_of(&self, city: &CityCode) -> Result<Vec<CallRecord>> {
        Ok(call::Entity::find()
            .filter(call::Column::CityCode.eq(city.to_string()))
            .order_by_asc(call::Column::Id)
            .all(&self.db)
            .await?)
    }
}
