//! Support and evaluations recorded in the caller's transaction, for a use case that records
//! them with another change (an event's check-in counts as support for the company's product;
//! a released award is support and an evaluation): the company's active products, and the
//! record with its audit line under the product's city.

use chrono::Utc;
use renkei_domain::product::{Evaluation, ProductStatus, Support};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use super::{
    EvaluationRecord, ProductRecord, SupportRecord, evaluation_row, product_change, stage_column,
};
use crate::audit::Actor;
use crate::entity::{product, support_record};
use crate::records::{CompanyId, found, readable};
use crate::tx::Tx;
use crate::{Result, Store};

async fn active_products(
    db: &impl sea_orm::ConnectionTrait,
    company: CompanyId,
) -> Result<Vec<ProductRecord>> {
    let rows = product::Entity::find()
        .filter(product::Column::CompanyId.eq(company.0))
        .filter(product::Column::Status.eq(ProductStatus::Active.code()))
        .order_by_asc(product::Column::Id)
        .all(db)
        .await?;
    Ok(readable(rows))
}

impl Store {
    /// A company's active products, read in a transaction, the first made first.
    pub async fn company_products_in(
        &self,
        tx: &Tx,
        company: CompanyId,
    ) -> Result<Vec<ProductRecord>> {
        active_products(tx.conn(), company).await
    }

    /// A company's active products, the first made first.
    pub async fn company_products(&self, company: CompanyId) -> Result<Vec<ProductRecord>> {
        active_products(&self.db, company).await
    }

    /// Records support the product received (at the stage it is at, through a menu entry if
    /// one is named) in the caller's transaction, with its audit line.
    pub async fn add_support_in(
        &self,
        tx: &Tx,
        product: &ProductRecord,
        s: &Support,
        menu_entry: Option<i64>,
        actor: &Actor,
    ) -> Result<SupportRecord> {
        let help = renkei_domain::organization::Help::default();
        self.add_helped_support_in(tx, product, (s, help), menu_entry, actor)
            .await
    }

    /// [`Store::add_support_in`] naming who helped (an organisation, a coordinator).
    pub async fn add_helped_support_in(
        &self,
        tx: &Tx,
        product: &ProductRecord,
        (s, help): (&Support, renkei_domain::organization::Help),
        menu_entry: Option<i64>,
        actor: &Actor,
    ) -> Result<SupportRecord> {
        let row = support_record::ActiveModel {
            product_id: Set(product.id.0),
            measure_code: Set(s.measure.code.to_owned()),
            provider: Set(s.provider.code().to_owned()),
            provider_city: Set(s.provider_city.map(|c| c.to_string())),
            menu_entry_id: Set(menu_entry),
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
        }
        .insert(tx.conn())
        .await?;
        let record: SupportRecord = found(Some(row))?;
        let change = product_change("product.support", product, None, Some(&record));
        tx.record(actor, change).await?;
        Ok(record)
    }

    /// Records an evaluation of the product in the caller's transaction, with its audit line.
    pub async fn add_evaluation_in(
        &self,
        tx: &Tx,
        product: &ProductRecord,
        e: &Evaluation,
        actor: &Actor,
    ) -> Result<EvaluationRecord> {
        let row = evaluation_row(product, e).insert(tx.conn()).await?;
        let record: EvaluationRecord = found(Some(row))?;
        let change = product_change("product.evaluation", product, None, Some(&record));
        tx.record(actor, change).await?;
        Ok(record)
    }
}
