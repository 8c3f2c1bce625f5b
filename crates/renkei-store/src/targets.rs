//! Sales-channel targets (販路開拓先) of a city: registered one by one or imported from a
//! list, found by kind and name, and changed with optimistic concurrency.

use chrono::Utc;
use renkei_domain::city::CityCode;
use renkei_domain::target::Target;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    Set,
};

use crate::audit::{Actor, AuditedTx, Change};
use crate::entity::sales_target;
use crate::handle::Store;
use crate::kernel::{Page, PageRequest, Result, StoreError};

pub use sales_target::Model as SalesTargetRecord;

/// What a list of targets holds.
#[derive(Debug, Clone, Default)]
pub struct TargetQuery {
    pub city: Option<CityCode>,
    pub kind: Option<String>,
    /// Words in the name, its reading, the address, departments or interests.
    pub text: Option<String>,
}

fn fill(m: &mut sales_target::ActiveModel, t: &Target) {
    m.kind = Set(t.kind.code().to_owned());
    m.name = Set(t.name.clone());
    m.name_kana = Set(t.name_kana.clone());
    m.postal_code = Set(t.postal_code.clone());
    m.address = Set(t.address.clone());
    m.departments = Set(t.departments.join("\n"));
    m.size = Set(t.size);
    m.interests = Set(t.interests.join("\n"));
    m.contact_name = Set(t.contact_name.clone());
    m.contact_department = Set(t.contact_department.clone());
    m.contact_email = Set(t.contact_email.clone());
    m.contact_phone = Set(t.contact_phone.clone());
    m.source_code = Set(t.source_code.clone());
}

async fn insert_target(
    txn: &AuditedTx<'_>,
    city: &CityCode,
    t: &Target,
) -> Result<SalesTargetRecord> {
    let now = Utc::now();
    let mut m = sales_target::ActiveModel {
        city_code: Set(city.to_string()),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    fill(&mut m, t);
    let record = m.insert(txn).await?;
    let change = Change {
        action: "sales_target.create",
        city: Some(city),
        object_type: "sales_target",
        object_id: record.id.to_string(),
        before: None,
        after: Some(&record),
    };
    txn.record(change).await?;
    Ok(record)
}

impl Store {
    /// Registers a sales-channel target of `city` (already validated).
    pub async fn create_sales_target(
        &self,
        city: &CityCode,
        t: &Target,
        actor: &Actor,
    ) -> Result<SalesTargetRecord> {
        let txn = self.begin_audited(actor).await?;
        let record = insert_target(&txn, city, t).await?;
        txn.commit().await?;
        Ok(record)
    }

    /// Changes a target if it is still at the version the person saw; otherwise
    /// [`StoreError::Conflict`].
    pub async fn update_sales_target(
        &self,
        id: i64,
        version: i64,
        t: &Target,
        actor: &Actor,
    ) -> Result<SalesTargetRecord> {
        let txn = self.begin_audited(actor).await?;
        let before = sales_target::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        if before.version != version {
            return Err(StoreError::Conflict);
        }
        let mut m: sales_target::ActiveModel = before.clone().into();
        fill(&mut m, t);
        m.version = Set(version + 1);
        m.updated_at = Set(Utc::now());
        let after = m.update(&txn).await?;
        let city = CityCode::parse(&after.city_code).ok();
        let change = Change {
            action: "sales_target.update",
            city: city.as_ref(),
            object_type: "sales_target",
            object_id: id.to_string(),
            before: Some(&before),
            after: Some(&after),
        };
        txn.commit_with(change).await?;
        Ok(after)
    }

    pub async fn sales_target(&self, id: i64) -> Result<Option<SalesTargetRecord>> {
        Ok(sales_target::Entity::find_by_id(id).one(&self.db).await?)
    }

    /// Targets by id, in one query.
    pub async fn sales_targets_by_id(&self, ids: &[i64]) -> Result<Vec<SalesTargetRecord>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        Ok(sales_target::Entity::find()
            .filter(sales_target::Column::Id.is_in(ids.iter().copied()))
            .all(&self.db)
            .await?)
    }

    /// A city's sales-channel targets, oldest first.
    pub async fn sales_targets_of(&self, city: &CityCode) -> Result<Vec<SalesTargetRecord>> {
        Ok(sales_target::Entity::find()
            .filter(sales_target::Column::CityCode.eq(city.to_string()))
            .order_by_asc(sales_target::Column::Id)
            .all(&self.db)
            .await?)
    }

    /// One page of targets, by name.
    pub async fn sales_targets(
        &self,
        q: &TargetQuery,
        page: PageRequest,
    ) -> Result<Page<SalesTargetRecord>> {
        let mut query = sales_target::Entity::find();
        if let Some(city) = &q.city {
            query = query.filter(sales_target::Column::CityCode.eq(city.to_string()));
        }
        if let Some(kind) = &q.kind {
            query = query.filter(sales_target::Column::Kind.eq(kind.as_str()));
        }
        if let Some(text) = &q.text {
            for word in text.split_whitespace() {
                let like = format!("%{}%", word.replace(['%', '_'], ""));
                query = query.filter(
                    Condition::any()
                        .add(sales_target::Column::Name.like(&like))
                        .add(sales_target::Column::NameKana.like(&like))
                        .add(sales_target::Column::Address.like(&like))
                        .add(sales_target::Column::Departments.like(&like))
                        .add(sales_target::Column::Interests.like(&like)),
                );
            }
        }
        let query = query
            .order_by_asc(sales_target::Column::NameKana)
            .order_by_asc(sales_target::Column::Name)
            .order_by_asc(sales_target::Column::Id);
        page.fetch(query, &self.db).await
    }

    /// The source codes of `city`'s targets already imported from a list.
    pub async fn target_source_codes(&self, city: &CityCode) -> Result<Vec<String>> {
        Ok(sales_target::Entity::find()
            .select_only()
            .column(sales_target::Column::SourceCode)
            .filter(sales_target::Column::CityCode.eq(city.to_string()))
            .filter(Expr::col(sales_target::Column::SourceCode).ne(""))
            .into_tuple::<String>()
            .all(&self.db)
            .await?)
    }

    /// Imports targets (already checked, every row) in one transaction: all of them or none.
    /// `progress` is told how many are written, every 1,000 and at the end.
    pub async fn import_sales_targets(
        &self,
        rows: &[(CityCode, Target)],
        actor: &Actor,
        progress: impl Fn(usize),
    ) -> Result<usize> {
        self.import_rows(actor, rows, progress, async |txn, (city, t)| {
            insert_target(txn, city, t).await
        })
        .await
    }
}
