//! Published calls (公募) as search records: the title, then the description, kind, phase
//! and the owning cities, under the lead city, with the stage of the measure they deliver. A
//! draft has no record (its publication is an audit line of the call, so the record comes
//! with it).

use renkei_domain::call::Phase;
use renkei_domain::catalog::Scope;

use super::index::{DocKind, Draft};
use crate::handle::Store;
use crate::kernel::Result;

impl Store {
    /// Published calls (those of `ids`, or all).
    pub(super) async fn call_drafts(&self, ids: Option<&[i64]>) -> Result<Vec<Draft>> {
        let calls = match ids {
            Some(ids) => {
                let mut out = Vec::new();
                for id in ids {
                    match self.call(*id).await {
                        Ok(c) => out.push(c),
                        Err(crate::StoreError::NotFound) => {}
                        Err(e) => return Err(e),
                    }
                }
                out
            }
            None => self.calls().await?,
        };
        let mut out = Vec::new();
        for c in calls.into_iter().filter(|c| c.phase != Phase::Draft) {
            let cities: Vec<String> = c
                .cities
                .iter()
                .map(|x| self.city_name(&x.to_string()))
                .collect();
            let mut d = Draft::new(DocKind::Call, c.id, &c.title, format!("/calls/{}", c.id));
            d.detail = format!(
                "{} {} {}",
                cities.join("・"),
                c.kind.name().ja,
                c.phase.name().ja
            );
            d.body = vec![
                c.description.chars().take(2000).collect(),
                c.kind.name().ja.to_owned(),
                cities.join(" "),
            ];
            d.stage =
                renkei_domain::catalog::measure(&c.measure_code).and_then(|m| match m.scope {
                    Scope::Stage(s) => Some(s.number() as i16),
                    Scope::AllStages => None,
                });
            d.city = Some(c.city_code.to_string());
            out.push(d);
        }
        Ok(out)
    }
}
