//! Companies listed as possible partners for other cities (連携候補としての公開), with the
//! consent that lists them: set (or changed) and withdrawn with their audit lines, in the
//! company's city's trail.

use chrono::{DateTime, Utc};
use renkei_domain::city::CityCode;
use sea_orm::sea_query::OnConflict;
use sea_orm::{EntityTrait, Set};
use serde::Serialize;

use crate::CompanyRecord;
use crate::audit::{Actor, Change};
use crate::entity::partner_listing as row;
use crate::kernel::busy;
use crate::records::CompanyId;
use crate::{Result, Store};

/// A company's listing and the consent behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListingRecord {
    pub company_id: CompanyId,
    /// What it offers, as its people wrote it.
    pub offers: String,
    pub wording: String,
    pub wording_version: String,
    pub user_id: Option<i64>,
    pub by_label: String,
    pub listed_at: DateTime<Utc>,
}

impl From<row::Model> for ListingRecord {
    fn from(m: row::Model) -> Self {
        ListingRecord {
            company_id: CompanyId(m.company_id),
            offers: m.offers,
            wording: m.wording,
            wording_version: m.wording_version,
            user_id: m.user_id,
            by_label: m.by_label,
            listed_at: m.listed_at,
        }
    }
}

fn change<'a>(
    action: &'static str,
    city: &'a CityCode,
    company: CompanyId,
    (before, after): (Option<&'a ListingRecord>, Option<&'a ListingRecord>),
) -> Change<'a, ListingRecord> {
    Change {
        action,
        city: Some(city),
        object_type: "company",
        object_id: company.to_string(),
        before,
        after,
    }
}

impl Store {
    /// A company's listing, if it is listed.
    pub async fn partner_listing(&self, company: CompanyId) -> Result<Option<ListingRecord>> {
        Ok(row::Entity::find_by_id(company.0)
            .one(&self.db)
            .await?
            .map(Into::into))
    }

    /// Every listed company.
    pub async fn partner_listings(&self) -> Result<Vec<ListingRecord>> {
        let rows = row::Entity::find().all(&self.db).await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// Lists a company (or changes what it offers) with its consent, and the audit line.
    pub async fn set_partner_listing(
        &self,
        company: &CompanyRecord,
        (offers, wording, version): (&str, &str, &str),
        actor: &Actor,
    ) -> Result<ListingRecord> {
        let before = self.partner_listing(company.id).await?;
        let txn = self.begin_audited(actor).await?;
        let record = ListingRecord {
            company_id: company.id,
            offers: offers.to_owned(),
            wording: wording.to_owned(),
            wording_version: version.to_owned(),
            user_id: actor.id,
            by_label: actor.label.clone(),
            listed_at: Utc::now(),
        };
        row::Entity::insert(row::ActiveModel {
            company_id: Set(company.id.0),
            offers: Set(record.offers.clone()),
            wording: Set(record.wording.clone()),
            wording_version: Set(record.wording_version.clone()),
            user_id: Set(record.user_id),
            by_label: Set(record.by_label.clone()),
            listed_at: Set(record.listed_at),
        })
        .on_conflict(
            OnConflict::column(row::Column::CompanyId)
                .update_columns([
                    row::Column::Offers,
                    row::Column::Wording,
                    row::Column::WordingVersion,
                    row::Column::UserId,
                    row::Column::ByLabel,
                    row::Column::ListedAt,
                ])
                .to_owned(),
        )
        .exec(&txn)
        .await
        .map_err(busy)?;
        let what = (before.as_ref(), Some(&record));
        let line = change(
            "company.partner_listing.set",
            &company.home_city,
            company.id,
            what,
        );
        txn.commit_with(line).await?;
        Ok(record)
    }

    /// Withdraws a company's listing (nothing to do if it is not listed), with the audit
    /// line.
    pub async fn remove_partner_listing(
        &self,
        company: &CompanyRecord,
        actor: &Actor,
    ) -> Result<()> {
        let Some(before) = self.partner_listing(company.id).await? else {
            return Ok(());
        };
        let txn = self.begin_audited(actor).await?;
        row::Entity::delete_by_id(company.id.0)
            .exec(&txn)
            .await
            .map_err(busy)?;
        let line = change(
            "company.partner_listing.remove",
            &company.home_city,
            company.id,
            (Some(&before), None),
        );
        txn.commit_with(line).await?;
        Ok(())
    }
}
