//! Published events as search records: the title, then the description, venue, kind and
//! organising city, under the organising city, with the stage of the measure they deliver.
//! A draft or a cancelled event has no record (a change of status is an audit line, so the
//! record goes when the event is no longer published).

use renkei_domain::catalog::Scope;
use renkei_domain::event::{Kind, Status};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::index::{DocKind, Draft};
use crate::entity::event;
use crate::handle::Store;
use crate::kernel::Result;

impl Store {
    /// Published events (those of `ids`, or all).
    pub(super) async fn event_drafts(&self, ids: Option<&[i64]>) -> Result<Vec<Draft>> {
        let city = |code: &str| self.city_name(code);
        let mut q =
            event::Entity::find().filter(event::Column::Status.eq(Status::Published.code()));
        if let Some(ids) = ids {
            q = q.filter(event::Column::Id.is_in(ids.iter().copied()));
        }
        let mut out = Vec::new();
        for e in q.all(&self.db).await? {
            let mut d = Draft::new(DocKind::Event, e.id, &e.title, format!("/events/{}", e.id));
            let kind = Kind::from_code(&e.kind)
                .map(|k| k.name().ja)
                .unwrap_or_default();
            let day = e
                .starts_at
                .with_timezone(&renkei_domain::event::jst())
                .format("%Y年%-m月%-d日");
            d.detail = format!("{day} {} {kind}", city(&e.city_code));
            d.body = vec![
                e.description.chars().take(2000).collect(),
                e.venue,
                kind.to_owned(),
                city(&e.city_code),
            ];
            d.stage = e
                .measure_code
                .as_deref()
                .and_then(renkei_domain::catalog::measure)
                .and_then(|m| match m.scope {
                    Scope::Stage(s) => Some(s.number() as i16),
                    Scope::AllStages => None,
                });
            d.city = Some(e.city_code);
            out.push(d);
        }
        Ok(out)
    }
}
