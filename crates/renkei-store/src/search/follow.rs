//! Catching up on the audit trail: every change writes its audit line in its transaction, so
//! a node that reads the lines after the last it applied knows which records to read again.
//! Ids not yet visible (a PostgreSQL transaction that took its id and has not committed) are
//! kept as missing ranges and read when they appear; a reindex line rebuilds the index.

use std::collections::HashMap;
use std::time::Instant;

use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::index::{DocKind, coordinator_key};
use crate::audit::Actor;
use crate::entity::{audit_log, consultation, product, referral, thread};
use crate::handle::Store;
use crate::kernel::Result;

/// The audit-trail action that asks every node to rebuild its index.
pub const REINDEX_ACTION: &str = "search.reindex";

/// The ids of the rows of `E` whose `column` is `value` (the records that show another's text).
async fn ids_where<E: EntityTrait>(
    db: &impl ConnectionTrait,
    (id, column): (E::Column, E::Column),
    value: i64,
) -> Result<Vec<i64>> {
    Ok(E::find()
        .select_only()
        .column(id)
        .filter(column.eq(value))
        .into_tuple()
        .all(db)
        .await?)
}

/// The documents that show the text of a changed one of `kind`, by kind: a referral's title
/// is its product's name; a product's and a case's text have its company's name, and a
/// company's change can be a merge (its products and referrals move to the company it merged
/// into).
async fn showing_text_of(
    db: &impl ConnectionTrait,
    kind: DocKind,
    object: i64,
) -> Result<Vec<(DocKind, Vec<i64>)>> {
    let by = |column| (referral::Column::Id, column);
    Ok(match kind {
        DocKind::Product => vec![(
            DocKind::Referral,
            ids_where::<referral::Entity>(db, by(referral::Column::ProductId), object).await?,
        )],
        DocKind::Company => vec![
            (
                DocKind::Referral,
                ids_where::<referral::Entity>(db, by(referral::Column::CompanyId), object).await?,
            ),
            (
                DocKind::Product,
                ids_where::<product::Entity>(
                    db,
                    (product::Column::Id, product::Column::CompanyId),
                    object,
                )
                .await?,
            ),
            (
                DocKind::Case,
                ids_where::<consultation::Entity>(
                    db,
                    (consultation::Column::Id, consultation::Column::CompanyId),
                    object,
                )
                .await?,
            ),
        ],
        _ => vec![],
    })
}

impl Store {
    /// The last audit id this node's index applied, once it is built; none while it is being
    /// built or caught up (the caller does not wait for that).
    pub fn search_index_position(&self) -> Option<i64> {
        let follow = self.search.follow.try_lock().ok()?;
        follow.built.then_some(follow.seen)
    }

    /// Applies the audit lines written since this node last looked (building the index
    /// first, if this node has none yet).
    pub async fn catch_up_search_index(&self) -> Result<()> {
        let begun = Instant::now();
        let fresh = || {
            self.search
                .read_since
                .lock()
                .expect("catch-up clock")
                .is_some_and(|t| t >= begun)
        };
        if fresh() {
            return Ok(());
        }
        let mut follow = self.search.follow.lock().await;
        // Another request may have caught up while this one waited.
        if fresh() {
            return Ok(());
        }
        let reading = Instant::now();
        if !follow.built {
            self.rebuild_locked(&mut follow).await?;
        }
        // The lines after the last seen, and any that were missing below it.
        let mut wanted = Condition::any().add(audit_log::Column::Id.gt(follow.seen));
        for (first, last) in follow.missing.iter().take(50) {
            wanted = wanted.add(audit_log::Column::Id.between(*first, *last));
        }
        let rows: Vec<(i64, String, String, String)> = audit_log::Entity::find()
            .select_only()
            .column(audit_log::Column::Id)
            .column(audit_log::Column::Action)
            .column(audit_log::Column::ObjectType)
            .column(audit_log::Column::ObjectId)
            .filter(wanted)
            .order_by_asc(audit_log::Column::Id)
            .limit(50_000)
            .into_tuple()
            .all(&self.db)
            .await?;
        let now = Instant::now();
        follow.expire(now);
        if rows.is_empty() {
            *self.search.read_since.lock().expect("catch-up clock") = Some(reading);
            return Ok(());
        }
        let mut changed: HashMap<DocKind, Vec<i64>> = HashMap::new();
        let mut rebuild = false;
        for (id, action, object_type, object_id) in &rows {
            follow.mark(*id, now);
            if action == REINDEX_ACTION {
                rebuild = true;
            }
            let kind = match object_type.as_str() {
                "company" => Some(DocKind::Company),
                "product" => Some(DocKind::Product),
                "sales_target" => Some(DocKind::Target),
                "referral" => Some(DocKind::Referral),
                "user" => Some(DocKind::Coordinator),
                "event" => Some(DocKind::Event),
                "consultation" => Some(DocKind::Case),
                "call" => Some(DocKind::Call),
                "thread" => Some(DocKind::Thread),
                "need_seed" => None,
                _ => continue,
            };
            let Ok(object) = object_id.parse::<i64>() else {
                continue;
            };
            match kind {
                Some(k) => changed.entry(k).or_default().push(object),
                None => {
                    changed.entry(DocKind::Need).or_default().push(object);
                    changed.entry(DocKind::Seed).or_default().push(object);
                }
            }
            if let Some(k) = kind {
                for (shown_in, ids) in showing_text_of(&self.db, k, object).await? {
                    changed.entry(shown_in).or_default().extend(ids);
                }
            }
        }
        // A product's showcase shows its text (and its company's name).
        if let Some(ids) = changed.get(&DocKind::Product).cloned() {
            changed.entry(DocKind::Showcase).or_default().extend(ids);
        }
        // Who reads a product's or a referral's threads follows its showcase and its sending.
        let mut about = Vec::new();
        for (kind, column) in [
            (DocKind::Product, thread::Column::ProductId),
            (DocKind::Referral, thread::Column::ReferralId),
        ] {
            if let Some(ids) = changed.get(&kind).filter(|ids| !ids.is_empty()) {
                about.extend(
                    thread::Entity::find()
                        .select_only()
                        .column(thread::Column::Id)
                        .filter(column.is_in(ids.iter().copied()))
                        .into_tuple::<i64>()
                        .all(&self.db)
                        .await?,
                );
            }
        }
        if !about.is_empty() {
            changed.entry(DocKind::Thread).or_default().extend(about);
        }
        if rebuild {
            self.rebuild_locked(&mut follow).await?;
            *self.search.read_since.lock().expect("catch-up clock") = Some(reading);
            return Ok(());
        }
        for (kind, mut ids) in changed {
            ids.sort_unstable();
            ids.dedup();
            for chunk in ids.chunks(1000) {
                let drafts = self.drafts(kind, Some(chunk)).await?;
                let mut inner = self.search.inner.write().expect("index lock");
                for id in chunk {
                    if kind == DocKind::Coordinator {
                        for city in renkei_domain::city::DESIGNATED_CITIES {
                            inner.remove(kind, coordinator_key(*id, city));
                        }
                    } else {
                        inner.remove(kind, *id);
                    }
                }
                for d in drafts {
                    inner.put(d.finish());
                }
            }
        }
        *self.search.read_since.lock().expect("catch-up clock") = Some(reading);
        Ok(())
    }

    /// Asks every node to rebuild its index from the database (an audit line they follow),
    /// and rebuilds this one. Returns how many records it holds.
    pub async fn request_reindex(&self, actor: &Actor) -> Result<usize> {
        self.record_event(actor, REINDEX_ACTION, None, "search", "")
            .await?;
        self.rebuild_search_index().await
    }
}
