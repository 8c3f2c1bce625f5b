//! Each city's menu of measures. Every query takes the city: an entry of another city is
//! "not found", never someone else's row. The entries are typed records (`records`).
//!
//! Reading a city's menu costs one small query: each change to a menu bumps the city's
//! revision (`menu_revisions`) in the same transaction, and each node keeps the menus it has
//! read together with the revision it read first (`cache`). A node serves what it holds only
//! while the database still shows that revision, so every node sees every committed change at
//! once.

pub(crate) mod cache;
mod records;

use std::sync::Arc;

use chrono::Utc;
use renkei_domain::catalog::Scope;
use renkei_domain::city::CityCode;
use renkei_domain::menu::MenuEntry;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, JoinType, QueryFilter, QueryOrder,
    QuerySelect, RelationTrait, Set,
};

use crate::audit::{Actor, Change};
use crate::entity::{measure, menu_entry};
use crate::handle::Store;
use crate::kernel::{Page, PageRequest, Result, StoreError};
use crate::migration::m::MenuRevisions;
use crate::records::{found, readable};
use cache::Menu;

pub use records::{MenuEntryId, MenuRecord};

/// What to list of a city's menu.
#[derive(Debug, Clone, Copy, Default)]
pub struct MenuQuery {
    /// Only the entries for measures of this stage (or of the all-stages row).
    pub scope: Option<Scope>,
    pub page: PageRequest,
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

/// An entry of `city`'s menu (one of another city, or one this version cannot read, is not
/// found).
async fn entry_of(
    db: &impl ConnectionTrait,
    city: &CityCode,
    id: MenuEntryId,
) -> Result<MenuRecord> {
    found(
        menu_entry::Entity::find_by_id(id.0)
            .filter(menu_entry::Column::CityCode.eq(city.to_string()))
            .one(db)
            .await?,
    )
}

/// Bumps a city's menu revision; called in the transaction of every menu change.
async fn bump_revision(txn: &impl ConnectionTrait, city: &CityCode) -> Result<()> {
    let stmt = Query::update()
        .table(MenuRevisions::Table)
        .value(
            MenuRevisions::Revision,
            Expr::col(MenuRevisions::Revision).add(1),
        )
        .and_where(Expr::col(MenuRevisions::CityCode).eq(city.to_string()))
        .to_owned();
    txn.execute(&stmt).await?;
    Ok(())
}

/// Reads a city's menu revision from the database; `None` for a city without a menu.
async fn read_revision(db: &sea_orm::DatabaseConnection, city: String) -> Result<Option<i64>> {
    let stmt = Query::select()
        .column(MenuRevisions::Revision)
        .from(MenuRevisions::Table)
        .and_where(Expr::col(MenuRevisions::CityCode).eq(city))
        .to_owned();
    crate::kernel::read_number(db, &stmt).await
}

impl Store {
    /// The revision of a city's menu, as committed: it changes with every change to the menu.
    /// Anything derived from a menu read after this call is at least this new. Concurrent
    /// callers share database reads (`coalesce.rs`) without losing that guarantee.
    pub async fn menu_revision(&self, city: &CityCode) -> Result<i64> {
        let db = self.db.clone();
        self.revisions
            .read(city.to_string(), move |city| {
                let db = db.clone();
                async move { read_revision(&db, city).await.map_err(|e| e.to_string()) }
            })
            .await
            .map_err(|e| StoreError::Db(sea_orm::DbErr::Custom(e)))?
            .ok_or(StoreError::NotFound)
    }

    /// A city's whole menu in the catalog's order: from this node's cache while the revision
    /// in the database is the one it was read at, else from the database.
    async fn city_menu(&self, city: &CityCode) -> Result<Menu> {
        // The revision is read before the rows: rows read after it are at least that new,
        // so the cache never holds rows older than the revision they are kept under.
        let revision = self.menu_revision(city).await?;
        if let Some(menu) = self.menu_cache.get(city, revision) {
            return Ok(menu);
        }
        let rows = menu_entry::Entity::find()
            .filter(menu_entry::Column::CityCode.eq(city.to_string()))
            .join(JoinType::InnerJoin, menu_entry::Relation::Measure.def())
            .order_by_asc(measure::Column::Position)
            .order_by_asc(menu_entry::Column::Id)
            .all(&self.db)
            .await?;
        let menu = Arc::new(readable(rows));
        self.menu_cache.put(*city, revision, menu.clone());
        Ok(menu)
    }

    /// One page of a city's menu, in the catalog's order.
    pub async fn menu(&self, city: &CityCode, q: MenuQuery) -> Result<Page<MenuRecord>> {
        let menu = self.city_menu(city).await?;
        let in_scope = |r: &&MenuRecord| q.scope.is_none_or(|s| r.entry.measure.scope == s);
        let total = menu.iter().filter(in_scope).count() as u64;
        let items = menu
            .iter()
            .filter(in_scope)
            .skip(q.page.offset() as usize)
            .take(q.page.per_page as usize)
            .cloned()
            .collect();
        Ok(q.page.of(items, total))
    }

    /// Every city's entries for the given measures, for "where else is this offered".
    pub async fn entries_for_measures(&self, codes: &[&str]) -> Result<Vec<MenuRecord>> {
        let rows = menu_entry::Entity::find()
            .filter(menu_entry::Column::MeasureCode.is_in(codes.iter().copied()))
            .join(JoinType::InnerJoin, menu_entry::Relation::Measure.def())
            .order_by_asc(measure::Column::Position)
            .order_by_asc(menu_entry::Column::CityCode)
            .order_by_asc(menu_entry::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// Number of menu entries per city.
    pub async fn menu_counts(&self) -> Result<Vec<(CityCode, i64)>> {
        Ok(menu_entry::Entity::find()
            .select_only()
            .column(menu_entry::Column::CityCode)
            .column_as(menu_entry::Column::Id.count(), "n")
            .group_by(menu_entry::Column::CityCode)
            .into_tuple::<(String, i64)>()
            .all(&self.db)
            .await?
            .into_iter()
            .filter_map(|(city, n)| Some((CityCode::parse(&city).ok()?, n)))
            .collect())
    }

    pub async fn menu_entry(&self, city: &CityCode, id: MenuEntryId) -> Result<MenuRecord> {
        entry_of(&self.db, city, id).await
    }

    pub async fn create_menu_entry(
        &self,
        city: &CityCode,
        actor: &Actor,
        e: &MenuEntry,
    ) -> Result<MenuRecord> {
        let now = Utc::now();
        let mut model = menu_entry::ActiveModel {
            city_code: Set(city.to_string()),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        apply(&mut model, e);
        let txn = self.begin_audited(actor).await?;
        let record: MenuRecord = found(Some(model.insert(&txn).await?))?;
        bump_revision(&txn, city).await?;
        let change = Change {
            action: "menu_entry.create",
            city: Some(city),
            object_type: "menu_entry",
            object_id: record.id.to_string(),
            before: None,
            after: Some(&record),
        };
        txn.commit_with(change).await?;
        Ok(record)
    }

    /// Replaces an entry. When `expected_version` is given and the entry has moved on since,
    /// nothing is written and the caller gets [`StoreError::Conflict`].
    pub async fn update_menu_entry(
        &self,
        city: &CityCode,
        id: MenuEntryId,
        expected_version: Option<i32>,
        actor: &Actor,
        e: &MenuEntry,
    ) -> Result<MenuRecord> {
        let txn = self.begin_audited(actor).await?;
        let current = entry_of(&txn, city, id).await?;
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
        bump_revision(&txn, city).await?;
        let record = entry_of(&txn, city, id).await?;
        let change = Change {
            action: "menu_entry.update",
            city: Some(city),
            object_type: "menu_entry",
            object_id: id.to_string(),
            before: Some(&current),
            after: Some(&record),
        };
        txn.commit_with(change).await?;
        Ok(record)
    }

    pub async fn delete_menu_entry(
        &self,
        city: &CityCode,
        id: MenuEntryId,
        actor: &Actor,
    ) -> Result<()> {
        let txn = self.begin_audited(actor).await?;
        let current = entry_of(&txn, city, id).await?;
        let deleted = menu_entry::Entity::delete_many()
            .filter(menu_entry::Column::Id.eq(id))
            .filter(menu_entry::Column::CityCode.eq(city.to_string()))
            .exec(&txn)
            .await?;
        if deleted.rows_affected == 0 {
            return Err(StoreError::NotFound);
        }
        bump_revision(&txn, city).await?;
        let change = Change {
            action: "menu_entry.delete",
            city: Some(city),
            object_type: "menu_entry",
            object_id: id.to_string(),
            before: Some(&current),
            after: None,
        };
        txn.commit_with(change).await?;
        Ok(())
    }
}
