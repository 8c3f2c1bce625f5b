//! Each city's menu of measures. Every query takes the city: an entry of another city is
//! "not found", never someone else's row.

use chrono::Utc;
use renkei_domain::catalog::{self, Scope};
use renkei_domain::city::CityCode;
use renkei_domain::menu::MenuEntry;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, JoinType, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, RelationTrait, Set, TransactionTrait,
};

use crate::entity::{measure, menu_entry};
use crate::{MenuRecord, Page, PageRequest, Result, Store, StoreError};

/// What to list of a city's menu.
#[derive(Debug, Clone, Copy, Default)]
pub struct MenuQuery {
    /// Only the entries for measures of this stage (or of the all-stages row).
    pub scope: Option<Scope>,
    pub page: PageRequest,
}

fn measure_codes(scope: Scope) -> Vec<&'static str> {
    catalog::measures_in(scope).map(|m| m.code).collect()
}

fn apply(model: &mut menu_entry::ActiveModel, e: &MenuEntry) {
    model.measure_code = Set(e.measure.code.to_owned());
    model.offering = Set(e.offering.code().to_owned());
    model.partner_city_code = Set(e.partner_city.map(|c| c.to_string()));
    model.name = Set(e.name.clone());
    model.description = Set(e.description.clone());
    model.contact = Set(e.contact.clone());
    model.period_start = Set(e.period_start);
    model.period_end = Set(e.period_end);
    model.budget_yen = Set(e.budget_yen);
    model.url = Set(e.url.clone());
}

impl Store {
    /// One page of a city's menu, in the catalog's order.
    pub async fn menu(&self, city: &CityCode, q: MenuQuery) -> Result<Page<MenuRecord>> {
        let mut select = menu_entry::Entity::find()
            .filter(menu_entry::Column::CityCode.eq(city.to_string()))
            .join(JoinType::InnerJoin, menu_entry::Relation::Measure.def())
            .order_by_asc(measure::Column::Position)
            .order_by_asc(menu_entry::Column::Id);
        if let Some(scope) = q.scope {
            select = select.filter(menu_entry::Column::MeasureCode.is_in(measure_codes(scope)));
        }
        let total = select.clone().count(&self.db).await?;
        let items = select
            .offset(q.page.offset())
            .limit(q.page.per_page)
            .all(&self.db)
            .await?;
        Ok(Page {
            items,
            total,
            page: q.page.page,
            per_page: q.page.per_page,
        })
    }

    /// Every city's entries for the given measures, for "where else is this offered".
    pub async fn entries_for_measures(&self, codes: &[&str]) -> Result<Vec<MenuRecord>> {
        Ok(menu_entry::Entity::find()
            .filter(menu_entry::Column::MeasureCode.is_in(codes.iter().copied()))
            .join(JoinType::InnerJoin, menu_entry::Relation::Measure.def())
            .order_by_asc(measure::Column::Position)
            .order_by_asc(menu_entry::Column::CityCode)
            .order_by_asc(menu_entry::Column::Id)
            .all(&self.db)
            .await?)
    }

    /// Number of menu entries per city code.
    pub async fn menu_counts(&self) -> Result<Vec<(String, i64)>> {
        Ok(menu_entry::Entity::find()
            .select_only()
            .column(menu_entry::Column::CityCode)
            .column_as(menu_entry::Column::Id.count(), "n")
            .group_by(menu_entry::Column::CityCode)
            .into_tuple::<(String, i64)>()
            .all(&self.db)
            .await?)
    }

    pub async fn menu_entry(&self, city: &CityCode, id: i64) -> Result<MenuRecord> {
        menu_entry::Entity::find_by_id(id)
            .filter(menu_entry::Column::CityCode.eq(city.to_string()))
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)
    }

    pub async fn create_menu_entry(&self, city: &CityCode, e: &MenuEntry) -> Result<MenuRecord> {
        let now = Utc::now();
        let mut model = menu_entry::ActiveModel {
            city_code: Set(city.to_string()),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        apply(&mut model, e);
        Ok(model.insert(&self.db).await?)
    }

    /// Replaces an entry. When `expected_version` is given and the entry has moved on since,
    /// nothing is written and the caller gets [`StoreError::Conflict`].
    pub async fn update_menu_entry(
        &self,
        city: &CityCode,
        id: i64,
        expected_version: Option<i32>,
        e: &MenuEntry,
    ) -> Result<MenuRecord> {
        let txn = self.db.begin().await?;
        let current = menu_entry::Entity::find_by_id(id)
            .filter(menu_entry::Column::CityCode.eq(city.to_string()))
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        if expected_version.is_some_and(|v| v != current.version) {
            return Err(StoreError::Conflict);
        }
        let mut model = menu_entry::ActiveModel {
            version: Set(current.version + 1),
            updated_at: Set(Utc::now()),
            ..Default::default()
        };
        apply(&mut model, e);
        // The version in the WHERE clause makes the check and the write one step, even
        // when two nodes update the same entry at once.
        let updated = menu_entry::Entity::update_many()
            .set(model)
            .filter(menu_entry::Column::Id.eq(id))
            .filter(menu_entry::Column::Version.eq(current.version))
            .exec(&txn)
            .await?;
        if updated.rows_affected != 1 {
            return Err(StoreError::Conflict);
        }
        let record = menu_entry::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        txn.commit().await?;
        Ok(record)
    }

    pub async fn delete_menu_entry(&self, city: &CityCode, id: i64) -> Result<()> {
        let deleted = menu_entry::Entity::delete_many()
            .filter(menu_entry::Column::Id.eq(id))
            .filter(menu_entry::Column::CityCode.eq(city.to_string()))
            .exec(&self.db)
            .await?;
        if deleted.rows_affected == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
}
