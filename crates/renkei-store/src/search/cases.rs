//! Consultation cases (相談窓口) as search records: the subject, then the question, the
//! closing summary, the kind, the company's name and the city, under the desk's city and the
//! company (seen by the desk's city's staff and coordinators and by the company's people,
//! as the case itself). The state shows in the detail line; a case's notes are not searched.

use std::collections::HashMap;

use renkei_domain::consultation::{Kind, State};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::index::{DocKind, Draft};
use crate::entity::{company, consultation};
use crate::handle::Store;
use crate::kernel::Result;

impl Store {
    /// Consultation cases (those of `ids`, or all).
    pub(super) async fn case_drafts(&self, ids: Option<&[i64]>) -> Result<Vec<Draft>> {
        let city = |code: &str| self.city_name(code);
        let mut q = consultation::Entity::find();
        if let Some(ids) = ids {
            q = q.filter(consultation::Column::Id.is_in(ids.iter().copied()));
        }
        let cases = q.all(&self.db).await?;
        let mut companies: Vec<i64> = cases.iter().map(|c| c.company_id).collect();
        companies.sort_unstable();
        companies.dedup();
        let mut names: HashMap<i64, String> = HashMap::new();
        for chunk in companies.chunks(1000) {
            let rows = company::Entity::find()
                .filter(company::Column::Id.is_in(chunk.iter().copied()))
                .all(&self.db)
                .await?;
            names.extend(rows.into_iter().map(|c| (c.id, c.name)));
        }
        let mut out = Vec::with_capacity(cases.len());
        for c in cases {
            let link = format!("/consultations/{}", c.id);
            let mut d = Draft::new(DocKind::Case, c.id, &c.subject, link);
            let kind = Kind::from_code(&c.kind)
                .map(|k| k.name().ja)
                .unwrap_or_default();
            let state = State::from_code(&c.state)
                .map(|s| s.name().ja)
                .unwrap_or_default();
            let company = names.get(&c.company_id).cloned().unwrap_or_default();
            d.detail = format!("{company} {kind} {state}");
            d.body = vec![
                c.detail.chars().take(2000).collect(),
                c.summary.unwrap_or_default(),
                kind.to_owned(),
                company,
                city(&c.city_code),
            ];
            d.city = Some(c.city_code);
            d.company = Some(c.company_id);
            out.push(d);
        }
        Ok(out)
    }
}
