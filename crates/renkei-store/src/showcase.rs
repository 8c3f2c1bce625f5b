//! Products shown to every designated city (the showcase), with the consent that shows them:
//! published (or changed) and withdrawn with their audit lines, on the product in its home
//! city's trail (which the search index follows); and the lists other cities browse, filtered
//! in the query by who may see what (the network's, the public's, a company's own).

use chrono::{DateTime, Utc};
use renkei_domain::city::CityCode;
use renkei_domain::showcase::Audience;
use renkei_domain::target::TargetKind;
use sea_orm::sea_query::{OnConflict, Query};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::Serialize;

use crate::audit::{Actor, Change};
use crate::entity::{product, product_showcase as row};
use crate::kernel::busy;
use crate::products::stage_column;
use crate::records::{CompanyId, ProductId};
use crate::{CompanyRecord, Page, PageRequest, ProductRecord, Result, Store};

/// A showcased product's profile and the consent behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShowcaseRecord {
    pub product_id: ProductId,
    pub company_id: CompanyId,
    pub home_city: CityCode,
    #[serde(serialize_with = "audience_code")]
    pub audience: Audience,
    pub summary: String,
    #[serde(serialize_with = "channel_codes")]
    pub channels: Vec<TargetKind>,
    pub wording: String,
    pub wording_version: String,
    pub user_id: Option<i64>,
    pub by_label: String,
    pub published_at: DateTime<Utc>,
}

fn audience_code<S: serde::Serializer>(a: &Audience, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(a.code())
}

fn channel_codes<S: serde::Serializer>(
    c: &[TargetKind],
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.collect_seq(c.iter().map(|k| k.code()))
}

impl ShowcaseRecord {
    /// Whether anyone may read it.
    pub fn is_public(&self) -> bool {
        self.audience == Audience::Public
    }
}

fn record(m: row::Model) -> Option<ShowcaseRecord> {
    let codes: Vec<String> = serde_json::from_str(&m.channels).unwrap_or_default();
    Some(ShowcaseRecord {
        product_id: ProductId(m.product_id),
        company_id: CompanyId(m.company_id),
        home_city: CityCode::parse(&m.home_city).ok()?,
        audience: Audience::from_code(&m.audience)?,
        summary: m.summary,
        channels: codes
            .iter()
            .filter_map(|c| TargetKind::from_code(c))
            .collect(),
        wording: m.wording,
        wording_version: m.wording_version,
        user_id: m.user_id,
        by_label: m.by_label,
        published_at: m.published_at,
    })
}

/// A showcased product as a list shows it: the profile, the product and its company.
#[derive(Debug, Clone)]
pub struct ShowcaseEntry {
    pub showcase: ShowcaseRecord,
    pub product: ProductRecord,
    pub company: CompanyRecord,
}

/// Which showcased products a list holds.
#[derive(Debug, Clone, Default)]
pub struct ShowcaseFilter {
    /// Whether the caller may see those shown to the network (else only the public ones).
    pub network: bool,
    /// The companies whose own showcased products the caller sees whatever their audience.
    pub companies: Vec<i64>,
    pub city: Option<CityCode>,
    pub stage: Option<renkei_domain::catalog::Stage>,
    pub channel: Option<TargetKind>,
    /// Only these products (what a search found), when given.
    pub products: Option<Vec<i64>>,
}

/// What the showcase was, what it is now.
type Before<'a> = (Option<&'a ShowcaseRecord>, Option<&'a ShowcaseRecord>);

fn change<'a>(
    action: &'static str,
    p: &'a ProductRecord,
    what: Before<'a>,
) -> Change<'a, ShowcaseRecord> {
    Change {
        action,
        city: Some(&p.home_city),
        object_type: "product",
        object_id: p.id.to_string(),
        before: what.0,
        after: what.1,
    }
}

impl Store {
    /// A product's showcase, if it is showcased.
    pub async fn showcase(&self, product: ProductId) -> Result<Option<ShowcaseRecord>> {
        Ok(row::Entity::find_by_id(product.0)
            .one(&self.db)
            .await?
            .and_then(record))
    }

    /// Shows a product (or changes what it shows, or to whom) with its company's consent in
    /// the wording given, and the audit line.
    pub async fn set_showcase(
        &self,
        p: &ProductRecord,
        (summary, channels, audience): (&str, &[TargetKind], Audience),
        (wording, version): (&str, &str),
        actor: &Actor,
    ) -> Result<ShowcaseRecord> {
        let before = self.showcase(p.id).await?;
        let txn = self.begin_audited(actor).await?;
        let record = ShowcaseRecord {
            product_id: p.id,
            company_id: p.company_id,
            home_city: p.home_city,
            audience,
            summary: summary.to_owned(),
            channels: channels.to_vec(),
            wording: wording.to_owned(),
            wording_version: version.to_owned(),
            user_id: actor.id,
            by_label: actor.label.clone(),
            published_at: Utc::now(),
        };
        let codes: Vec<&str> = channels.iter().map(|k| k.code()).collect();
        row::Entity::insert(row::ActiveModel {
            product_id: Set(p.id.0),
            company_id: Set(p.company_id.0),
            home_city: Set(p.home_city.to_string()),
            audience: Set(audience.code().to_owned()),
            summary: Set(record.summary.clone()),
            channels: Set(serde_json::to_string(&codes).unwrap_or_default()),
            wording: Set(record.wording.clone()),
            wording_version: Set(record.wording_version.clone()),
            user_id: Set(record.user_id),
            by_label: Set(record.by_label.clone()),
            published_at: Set(record.published_at),
        })
        .on_conflict(
            OnConflict::column(row::Column::ProductId)
                .update_columns([
                    row::Column::Audience,
                    row::Column::Summary,
                    row::Column::Channels,
                    row::Column::Wording,
                    row::Column::WordingVersion,
                    row::Column::UserId,
                    row::Column::ByLabel,
                    row::Column::PublishedAt,
                ])
                .to_owned(),
        )
        .exec(&txn)
        .await
        .map_err(busy)?;
        let line = change("product.showcase.set", p, (before.as_ref(), Some(&record)));
        txn.commit_with(line).await?;
        Ok(record)
    }

    /// Withdraws a product from the showcase (nothing to do if it is not shown), with the
    /// audit line.
    pub async fn remove_showcase(&self, p: &ProductRecord, actor: &Actor) -> Result<()> {
        let Some(before) = self.showcase(p.id).await? else {
            return Ok(());
        };
        let txn = self.begin_audited(actor).await?;
        row::Entity::delete_by_id(p.id.0)
            .exec(&txn)
            .await
            .map_err(busy)?;
        let line = change("product.showcase.remove", p, (Some(&before), None));
        txn.commit_with(line).await?;
        Ok(())
    }

    /// One page of the showcased products `filter` holds, the latest published first.
    pub async fn showcases(
        &self,
        filter: &ShowcaseFilter,
        page: PageRequest,
    ) -> Result<Page<ShowcaseEntry>> {
        let mut seen = Condition::any().add(row::Column::Audience.eq(Audience::Public.code()));
        if filter.network {
            seen = seen.add(row::Column::Audience.eq(Audience::Network.code()));
        }
        if !filter.companies.is_empty() {
            seen = seen.add(row::Column::CompanyId.is_in(filter.companies.iter().copied()));
        }
        let mut q = row::Entity::find().filter(seen);
        if let Some(city) = &filter.city {
            q = q.filter(row::Column::HomeCity.eq(city.to_string()));
        }
        // A product whose development ended is shown no more.
        let mut active = Query::select()
            .column(product::Column::Id)
            .from(product::Entity)
            .and_where(
                product::Column::Status.eq(renkei_domain::product::ProductStatus::Active.code()),
            )
            .to_owned();
        if let Some(stage) = filter.stage {
            active.and_where(product::Column::Stage.eq(stage_column(stage)));
        }
        q = q.filter(row::Column::ProductId.in_subquery(active));
        if let Some(kind) = filter.channel {
            q = q.filter(row::Column::Channels.contains(format!("\"{}\"", kind.code())));
        }
        if let Some(ids) = &filter.products {
            q = q.filter(row::Column::ProductId.is_in(ids.iter().copied()));
        }
        let total = q.clone().count(&self.db).await?;
        let rows = q
            .order_by_desc(row::Column::PublishedAt)
            .order_by_desc(row::Column::ProductId)
            .offset(page.offset())
            .limit(page.per_page)
            .all(&self.db)
            .await?;
        let showcases: Vec<ShowcaseRecord> = rows.into_iter().filter_map(record).collect();
        let products = self
            .products_by_id(showcases.iter().map(|s| s.product_id))
            .await?;
        // A merged company's products are its successor's: the product says whose it is.
        let companies = self
            .companies_by_id(products.values().map(|p| p.company_id))
            .await?;
        let items = showcases
            .into_iter()
            .filter_map(|s| {
                let product = products.get(&s.product_id)?.clone();
                let company = companies.get(&product.company_id)?.clone();
                Some(ShowcaseEntry {
                    showcase: s,
                    product,
                    company,
                })
            })
            .collect();
        Ok(Page {
            items,
            total,
            page: page.page,
            per_page: page.per_page,
        })
    }
}
