//! Products with their timeline, evaluations, adoptions and support records. Every change
//! writes its timeline line (for the product page) and its audit line (for the record), in
//! one transaction. Stage moves are conditional on the stage the person saw, so two officers
//! moving one product at once cannot both win.
//!
//! `records`: the typed records these hand out, read once from the rows.

mod records;
mod support_in;

pub use records::{
    AdoptionRecord, EvaluationRecord, ProductEventKind, ProductEventRecord, ProductRecord,
    SupportRecord,
};
pub(crate) use records::{city, stage, stage_column, stage_number};

use chrono::Utc;
use renkei_domain::access::ListScope;
use renkei_domain::catalog::{CompanyType, Stage};
use renkei_domain::organization::Help;
use renkei_domain::product::{
    Adoption, Decision, Evaluation, MoveKind, Product, ProductStatus, Support,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    IntoActiveModel, Iterable, PrimaryKeyToColumn, QueryFilter, QueryOrder, Set,
};
use serde::Serialize;

use crate::audit::{Actor, AuditedTx, Change};
use crate::companies::CompanyRecord;
use crate::entity::{product, product_adoption, product_evaluation, product_event, support_record};
use crate::grants::shared_ids;
use crate::handle::Store;
use crate::kernel::{Page, PageRequest, Result, StoreError, containing};
use crate::records::{ProductId, Unreadable, readable};

/// Filters of the product list; all combine with "and".
#[derive(Debug, Clone, Default)]
pub struct ProductQuery {
    pub city: Option<renkei_domain::city::CityCode>,
    pub company: Option<i64>,
    pub stage: Option<Stage>,
    pub company_type: Option<CompanyType>,
    pub coordinator: Option<i64>,
    /// Only products in development (not withdrawn).
    pub active_only: bool,
    pub text: Option<String>,
}

async fn visible(store: &Store, scope: &ListScope) -> Result<Option<Condition>> {
    if scope.all {
        return Ok(Some(Condition::all()));
    }
    if scope.is_empty() {
        return Ok(None);
    }
    let cities: Vec<String> = scope.cities.iter().map(|c| c.to_string()).collect();
    let companies = shared_ids(store, "company", &cities).await?;
    let products = shared_ids(store, "product", &cities).await?;
    Ok(Some(
        Condition::any()
            .add(product::Column::HomeCity.is_in(cities))
            .add(product::Column::CompanyId.is_in(scope.companies.clone()))
            .add(product::Column::CompanyId.is_in(companies))
            .add(product::Column::Id.is_in(products)),
    ))
}

/// A row read by id, as its record: none, or one this version cannot read (logged), is not
/// found.
pub(crate) fn found<M, R>(row: Option<M>) -> Result<R>
where
    R: TryFrom<M, Error = Unreadable>,
{
    R::try_from(row.ok_or(StoreError::NotFound)?).map_err(|e| {
        e.warn();
        StoreError::NotFound
    })
}

/// The lines of a table of a product's history (`column`: the product's), oldest first, those
/// this version can read.
pub(crate) async fn history<E, R>(
    db: &impl ConnectionTrait,
    column: E::Column,
    product: ProductId,
) -> Result<Vec<R>>
where
    E: EntityTrait,
    R: TryFrom<E::Model, Error = Unreadable>,
{
    let mut q = E::find().filter(column.eq(product));
    for key in E::PrimaryKey::iter() {
        q = q.order_by_asc(key.into_column());
    }
    Ok(readable(q.all(db).await?))
}

/// Writes a line of the product's timeline, by the transaction's actor.
async fn event(
    txn: &AuditedTx<'_>,
    product_id: ProductId,
    kind: ProductEventKind,
    (from, to): (Option<Stage>, Option<Stage>),
    reason: &str,
) -> Result<()> {
    let actor = txn.actor();
    product_event::ActiveModel {
        product_id: Set(product_id.0),
        at: Set(Utc::now()),
        kind: Set(kind.code().to_owned()),
        from_stage: Set(from.map(stage_column)),
        to_stage: Set(to.map(stage_column)),
        detail: Set(kind.detail()),
        reason: Set(reason.to_owned()),
        actor_id: Set(actor.id),
        actor_label: Set(actor.label.clone()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// The audit line of a change of a product, or of a record on it, under its home city.
pub(crate) fn product_change<'a, T: Serialize>(
    action: &'static str,
    product: &'a ProductRecord,
    before: Option<&'a T>,
    after: Option<&'a T>,
) -> Change<'a, T> {
    Change {
        action,
        city: Some(&product.home_city),
        object_type: "product",
        object_id: product.id.to_string(),
        before,
        after,
    }
}

/// Commits a change of a product with its audit line, under its home city.
async fn commit_product<T: Serialize>(
    txn: AuditedTx<'_>,
    action: &'static str,
    product: &ProductRecord,
    before: Option<&T>,
    after: Option<&T>,
) -> Result<()> {
    txn.commit_with(product_change(action, product, before, after))
        .await
}

/// A product as it stands in the transaction.
async fn reload(txn: &impl ConnectionTrait, id: ProductId) -> Result<ProductRecord> {
    found(product::Entity::find_by_id(id.0).one(txn).await?)
}

impl Store {
    /// Inserts a record on a product (an evaluation, an adoption, support, a review) with
    /// its audit line (`action`, under the product), as `actor`; the record as read back.
    pub(crate) async fn add_to_product<A, R>(
        &self,
        product: &ProductRecord,
        action: &'static str,
        row: A,
        actor: &Actor,
    ) -> Result<R>
    where
        A: ActiveModelTrait + ActiveModelBehavior + Send,
        <A::Entity as EntityTrait>::Model: IntoActiveModel<A>,
        R: TryFrom<<A::Entity as EntityTrait>::Model, Error = Unreadable> + Serialize,
    {
        let txn = self.begin_audited(actor).await?;
        let record: R = found(Some(row.insert(&txn).await?))?;
        commit_product(txn, action, product, None, Some(&record)).await?;
        Ok(record)
    }
}

/// The row of an evaluation of `product`.
pub(crate) fn evaluation_row(
    product: &ProductRecord,
    e: &Evaluation,
) -> product_evaluation::ActiveModel {
    product_evaluation::ActiveModel {
        product_id: Set(product.id.0),
        kind: Set(e.kind.code().to_owned()),
        title: Set(e.title.clone()),
        city_code: Set(e.city.to_string()),
        awarded_on: Set(e.date),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
}

/// Inserts a product of `company` in the caller's transaction, with its timeline line and
/// its audit line.
async fn insert_product(
    txn: &AuditedTx<'_>,
    company: &CompanyRecord,
    p: &Product,
    coordinator: Option<i64>,
) -> Result<ProductRecord> {
    let now = Utc::now();
    let record = product::ActiveModel {
        company_id: Set(company.id.0),
        home_city: Set(company.home_city.to_string()),
        name: Set(p.name.clone()),
        summary: Set(p.summary.clone()),
        category: Set(p.category.clone()),
        company_type: Set(p
            .company_type
            .or(company.company_type)
            .map(|t| t.code().to_owned())),
        stage: Set(stage_column(p.stage)),
        status: Set(ProductStatus::Active.code().to_owned()),
        target_users: Set(p.target_users.clone()),
        regulatory_class: Set(p.regulatory_class.map(|c| c.code().to_owned())),
        regulatory_status: Set(p.regulatory_status.clone()),
        ip_status: Set(p.ip_status.map(|c| c.code().to_owned())),
        coordinator_id: Set(coordinator),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let record: ProductRecord = found(Some(record))?;
    let created = ProductEventKind::Created;
    event(txn, record.id, created, (None, Some(p.stage)), "").await?;
    txn.record(product_change(
        "product.create",
        &record,
        None,
        Some(&record),
    ))
    .await?;
    Ok(record)
}

impl Store {
    /// Registers a product of a company, at its current stage.
    pub async fn create_product(
        &self,
        company: &CompanyRecord,
        p: &Product,
        coordinator: Option<i64>,
        actor: &Actor,
    ) -> Result<ProductRecord> {
        let txn = self.begin_audited(actor).await?;
        let record = insert_product(&txn, company, p, coordinator).await?;
        txn.commit().await?;
        Ok(record)
    }

    /// Imports products (already checked, every row) in one transaction: all or none.
    pub async fn import_products(
        &self,
        rows: &[(CompanyRecord, Product)],
        actor: &Actor,
        progress: impl Fn(usize),
    ) -> Result<usize> {
        self.import_rows(actor, rows, progress, async |txn, (company, p)| {
            insert_product(txn, company, p, None).await
        })
        .await
    }

    /// A product (none if there is none, or this version cannot read it).
    pub async fn product(&self, id: ProductId) -> Result<Option<ProductRecord>> {
        match reload(&self.db, id).await {
            Err(StoreError::NotFound) => Ok(None),
            p => p.map(Some),
        }
    }

    /// The products of some ids, by id, in one query (for lists of referrals).
    pub async fn products_by_id(
        &self,
        ids: impl IntoIterator<Item = ProductId>,
    ) -> Result<std::collections::HashMap<ProductId, ProductRecord>> {
        let mut ids: Vec<i64> = ids.into_iter().map(|id| id.0).collect();
        ids.sort_unstable();
        ids.dedup();
        let rows = product::Entity::find()
            .filter(product::Column::Id.is_in(ids))
            .all(&self.db)
            .await?;
        Ok(readable::<_, ProductRecord>(rows)
            .into_iter()
            .map(|p| (p.id, p))
            .collect())
    }

    /// One page of the products the caller can see.
    pub async fn products(
        &self,
        scope: &ListScope,
        query: &ProductQuery,
        page: PageRequest,
    ) -> Result<Page<ProductRecord>> {
        let Some(visible) = visible(self, scope).await? else {
            return Ok(page.empty());
        };
        let mut q = product::Entity::find().filter(visible);
        if let Some(c) = &query.city {
            q = q.filter(product::Column::HomeCity.eq(c.to_string()));
        }
        if let Some(c) = query.company {
            q = q.filter(product::Column::CompanyId.eq(c));
        }
        if let Some(s) = query.stage {
            q = q.filter(product::Column::Stage.eq(stage_column(s)));
        }
        if let Some(t) = query.company_type {
            q = q.filter(product::Column::CompanyType.eq(t.code()));
        }
        if let Some(c) = query.coordinator {
            q = q.filter(product::Column::CoordinatorId.eq(c));
        }
        if query.active_only {
            q = q.filter(product::Column::Status.eq(ProductStatus::Active.code()));
        }
        if let Some(text) = query
            .text
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            let t = renkei_domain::text::fold(text);
            q = q.filter(
                Condition::any()
                    .add(product::Column::Name.like(containing(&t)))
                    .add(product::Column::Summary.like(containing(&t)))
                    .add(product::Column::Category.like(containing(&t))),
            );
        }
        let q = q
            .order_by_asc(product::Column::Stage)
            .order_by_asc(product::Column::Id);
        let p = page.fetch(q, &self.db).await?;
        Ok(page.of(readable(p.items), p.total))
    }

    /// Moves a product from the stage the person saw (`from`) to another, with the reason.
    /// If the product is no longer at `from` (someone moved it first), nothing changes and
    /// the answer is [`StoreError::Conflict`].
    pub async fn move_stage(
        &self,
        id: ProductId,
        from: Stage,
        to: Stage,
        kind: MoveKind,
        reason: &str,
        actor: &Actor,
    ) -> Result<ProductRecord> {
        let txn = self.begin_audited(actor).await?;
        let before = reload(&txn, id).await?;
        let moved = product::Entity::update_many()
            .col_expr(product::Column::Stage, Expr::value(stage_column(to)))
            .col_expr(product::Column::Version, Expr::value(before.version + 1))
            .col_expr(product::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(product::Column::Id.eq(id))
            .filter(product::Column::Stage.eq(stage_column(from)))
            .filter(product::Column::Version.eq(before.version))
            .exec(&txn)
            .await?
            .rows_affected;
        if moved != 1 {
            return Err(StoreError::Conflict);
        }
        let kind = ProductEventKind::Stage(kind);
        event(&txn, id, kind, (Some(from), Some(to)), reason).await?;
        let after = reload(&txn, id).await?;
        commit_product(txn, "product.stage", &after, Some(&before), Some(&after)).await?;
        Ok(after)
    }

    /// Records a continue-or-withdraw decision; withdrawing ends the development (the product
    /// stays, with its history).
    pub async fn decide_product(
        &self,
        id: ProductId,
        decision: Decision,
        reasons: &str,
        actor: &Actor,
    ) -> Result<ProductRecord> {
        let txn = self.begin_audited(actor).await?;
        let before = reload(&txn, id).await?;
        let status = match decision {
            Decision::Continue => ProductStatus::Active,
            Decision::Withdraw => ProductStatus::Withdrawn,
        };
        product::Entity::update_many()
            .col_expr(product::Column::Status, Expr::value(status.code()))
            .col_expr(product::Column::Version, Expr::value(before.version + 1))
            .col_expr(product::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(product::Column::Id.eq(id))
            .exec(&txn)
            .await?;
        let stage = Some(before.stage);
        let kind = ProductEventKind::Decision(decision);
        event(&txn, id, kind, (stage, stage), reasons).await?;
        let after = reload(&txn, id).await?;
        commit_product(txn, "product.decision", &after, Some(&before), Some(&after)).await?;
        Ok(after)
    }

    /// Changes what describes a product (its name, summary, category, target users,
    /// regulatory class and status, IP status) from the version the person read; its stage,
    /// status and type move otherwise. A stale `version` changes nothing and is
    /// [`StoreError::Conflict`].
    pub async fn update_product(
        &self,
        id: ProductId,
        version: i64,
        p: &Product,
        actor: &Actor,
    ) -> Result<ProductRecord> {
        let txn = self.begin_audited(actor).await?;
        let before = reload(&txn, id).await?;
        if before.version != version {
            return Err(StoreError::Conflict);
        }
        let text = |v: &str| Expr::value(v.to_owned());
        let code = |v: Option<&str>| Expr::value(v.map(str::to_owned));
        let updated = product::Entity::update_many()
            .col_expr(product::Column::Name, text(&p.name))
            .col_expr(product::Column::Summary, text(&p.summary))
            .col_expr(product::Column::Category, text(&p.category))
            .col_expr(product::Column::TargetUsers, text(&p.target_users))
            .col_expr(
                product::Column::RegulatoryClass,
                code(p.regulatory_class.map(|c| c.code())),
            )
            .col_expr(
                product::Column::RegulatoryStatus,
                text(&p.regulatory_status),
            )
            .col_expr(
                product::Column::IpStatus,
                code(p.ip_status.map(|c| c.code())),
            )
            .col_expr(product::Column::Version, Expr::value(version + 1))
            .col_expr(product::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(product::Column::Id.eq(id))
            .filter(product::Column::Version.eq(version))
            .exec(&txn)
            .await?
            .rows_affected;
        if updated != 1 {
            return Err(StoreError::Conflict);
        }
        let after = reload(&txn, id).await?;
        commit_product(txn, "product.update", &after, Some(&before), Some(&after)).await?;
        Ok(after)
    }

    /// Assigns the product's coordinator (or none).
    pub async fn assign_coordinator(
        &self,
        id: ProductId,
        coordinator: Option<i64>,
        actor: &Actor,
    ) -> Result<ProductRecord> {
        let txn = self.begin_audited(actor).await?;
        let before = reload(&txn, id).await?;
        product::Entity::update_many()
            .col_expr(product::Column::CoordinatorId, Expr::value(coordinator))
            .col_expr(product::Column::Version, Expr::value(before.version + 1))
            .filter(product::Column::Id.eq(id))
            .exec(&txn)
            .await?;
        let kind = ProductEventKind::Coordinator(coordinator);
        event(&txn, id, kind, (None, None), "").await?;
        let after = reload(&txn, id).await?;
        commit_product(
            txn,
            "product.coordinator",
            &after,
            Some(&before),
            Some(&after),
        )
        .await?;
        Ok(after)
    }

    pub async fn add_evaluation(
        &self,
        product: &ProductRecord,
        e: &Evaluation,
        actor: &Actor,
    ) -> Result<EvaluationRecord> {
        let row = evaluation_row(product, e);
        self.add_to_product(product, "product.evaluation", row, actor)
            .await
    }

    pub async fn add_adoption(
        &self,
        product: &ProductRecord,
        a: &Adoption,
        actor: &Actor,
    ) -> Result<AdoptionRecord> {
        let row = product_adoption::ActiveModel {
            product_id: Set(product.id.0),
            adopter: Set(a.adopter.clone()),
            adopter_kind: Set(a.adopter_kind.code().to_owned()),
            adopted_on: Set(a.date),
            created_at: Set(Utc::now()),
            ..Default::default()
        };
        self.add_to_product(product, "product.adoption", row, actor)
            .await
    }

    /// Records support the product received, at the stage it is at, with who helped (the
    /// caller checked they are the home city's organisation and coordinator).
    pub async fn add_support(
        &self,
        product: &ProductRecord,
        s: &Support,
        help: Help,
        actor: &Actor,
    ) -> Result<SupportRecord> {
        let row = support_record::ActiveModel {
            product_id: Set(product.id.0),
            measure_code: Set(s.measure.code.to_owned()),
            provider: Set(s.provider.code().to_owned()),
            provider_city: Set(s.provider_city.map(|c| c.to_string())),
            menu_entry_id: Set(None),
            supported_on: Set(s.date),
            stage: Set(stage_column(product.stage)),
            coordinator_id: Set(help.coordinator),
            organization_id: Set(help.organization),
            outcome: Set(s.outcome.clone()),
            notes: Set(s.notes.clone()),
            actor_id: Set(actor.id),
            actor_label: Set(actor.label.clone()),
            created_at: Set(Utc::now()),
            ..Default::default()
        };
        self.add_to_product(product, "product.support", row, actor)
            .await
    }

    /// A product's timeline, oldest first.
    pub async fn product_events(&self, id: ProductId) -> Result<Vec<ProductEventRecord>> {
        history::<product_event::Entity, _>(&self.db, product_event::Column::ProductId, id).await
    }

    pub async fn product_evaluations(&self, id: ProductId) -> Result<Vec<EvaluationRecord>> {
        let column = product_evaluation::Column::ProductId;
        history::<product_evaluation::Entity, _>(&self.db, column, id).await
    }

    pub async fn product_adoptions(&self, id: ProductId) -> Result<Vec<AdoptionRecord>> {
        let column = product_adoption::Column::ProductId;
        history::<product_adoption::Entity, _>(&self.db, column, id).await
    }

    pub async fn product_support(&self, id: ProductId) -> Result<Vec<SupportRecord>> {
        let column = support_record::Column::ProductId;
        history::<support_record::Entity, _>(&self.db, column, id).await
    }

    /// Every product a query selects among those the caller may see, each with its company:
    /// for exports.
    pub async fn all_products(
        &self,
        scope: &ListScope,
        query: &ProductQuery,
    ) -> Result<Vec<(ProductRecord, Option<CompanyRecord>)>> {
        let mut out = Vec::new();
        let mut page = 1;
        loop {
            let p = self
                .products(
                    scope,
                    query,
                    PageRequest::new(page, PageRequest::MAX_PER_PAGE),
                )
                .await?;
            let last = p.page * p.per_page >= p.total;
            let companies = self
                .companies_by_id(p.items.iter().map(|r| r.company_id))
                .await?;
            for r in p.items {
                let company = companies.get(&r.company_id).cloned();
                out.push((r, company));
            }
            if last {
                return Ok(out);
            }
            page += 1;
        }
    }

    /// Every product a query selects among those the caller may see, as export rows
    /// ([`product_row`]): what the pages' download and the command line's export write.
    pub async fn product_rows(
        &self,
        scope: &ListScope,
        query: &ProductQuery,
    ) -> Result<Vec<Vec<String>>> {
        Ok(self
            .all_products(scope, query)
            .await?
            .iter()
            .map(|(p, c)| product_row(p, c.as_ref()))
            .collect())
    }
}

/// A product as an export row, in the order of `renkei_domain::import::PRODUCT_FIELDS`, so
/// that an export imports again: the company by its corporate number (or name).
pub fn product_row(p: &ProductRecord, company: Option<&CompanyRecord>) -> Vec<String> {
    vec![
        company
            .map(|c| {
                c.corporate_number
                    .as_ref()
                    .map_or(c.name.as_str(), |n| n.as_str())
                    .to_owned()
            })
            .unwrap_or_default(),
        p.name.clone(),
        p.stage.number().to_string(),
        p.summary.clone(),
        p.category.clone(),
        p.company_type.map_or("", |t| t.code()).to_owned(),
        p.target_users.clone(),
        p.regulatory_class.map_or("", |c| c.code()).to_owned(),
        p.regulatory_status.clone(),
        p.ip_status.map_or("", |s| s.code()).to_owned(),
    ]
}
