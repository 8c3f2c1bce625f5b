//! Showcased products as search records: the product's name, then the introduction its
//! company wrote for other cities, the product's own summary, the channel kinds it wants, its
//! company and its city, under the home city, linked to the showcase's page (the product's
//! own page is its city's). Whether anyone or only the network sees it is the record's
//! `public`; a product whose development ended, or that is not showcased, has no record.

use renkei_domain::showcase::Audience;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::index::{DocKind, Draft};
use crate::entity::product_showcase;
use crate::handle::Store;
use crate::kernel::Result;
use crate::products::stage_column;
use crate::records::ProductId;

impl Store {
    /// Showcased products (those of `ids`, or all).
    pub(super) async fn showcase_drafts(&self, ids: Option<&[i64]>) -> Result<Vec<Draft>> {
        let mut q = product_showcase::Entity::find();
        if let Some(ids) = ids {
            q = q.filter(product_showcase::Column::ProductId.is_in(ids.iter().copied()));
        }
        let rows = q.all(&self.db).await?;
        // Most changed products are not showcased: nothing more to read for them.
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let products = self
            .products_by_id(rows.iter().map(|r| ProductId(r.product_id)))
            .await?;
        let companies = self
            .companies_by_id(products.values().map(|p| p.company_id))
            .await?;
        let mut out = Vec::new();
        for r in rows {
            let Some(p) = products.get(&ProductId(r.product_id)) else {
                continue;
            };
            if p.is_withdrawn() {
                continue;
            }
            let company = companies
                .get(&p.company_id)
                .map(|c| c.name.clone())
                .unwrap_or_default();
            let home = p.home_city.to_string();
            let city = self.city_name(&home);
            let channels: Vec<String> = serde_json::from_str::<Vec<String>>(&r.channels)
                .unwrap_or_default()
                .iter()
                .filter_map(|c| renkei_domain::target::TargetKind::from_code(c))
                .map(|k| k.name().ja.to_owned())
                .collect();
            let mut d = Draft::new(
                DocKind::Showcase,
                p.id.0,
                &p.name,
                format!("/showcase/{}", p.id),
            );
            d.detail = format!("{company} {city}");
            d.body = vec![
                r.summary,
                p.summary.clone(),
                p.target_users.clone(),
                channels.join(" "),
                company,
                city,
            ];
            d.tags = super::build::lines(&p.category);
            d.city = Some(home);
            d.company = Some(p.company_id.0);
            d.stage = Some(stage_column(p.stage));
            d.company_type = p.company_type.map(|t| t.code().to_owned());
            d.public = r.audience == Audience::Public.code();
            out.push(d);
        }
        Ok(out)
    }
}
