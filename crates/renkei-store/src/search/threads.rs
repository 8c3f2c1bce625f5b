//! Discussion threads as search records: the thread's title, then every post's text and
//! author, linked to the thread's page. Whether every city's staff and coordinators see it
//! (a topic, a showcased product's thread) is the record's `public`; otherwise its cities
//! are the record's `city` and `receiving` (a referral's receiving city once the dossier
//! was sent), as `Store::thread_facts` gives them for the policy.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::index::{DocKind, Draft};
use crate::entity::{thread, thread_post};
use crate::handle::Store;
use crate::kernel::Result;
use crate::network::threads::ThreadRecord;
use crate::records::readable;

impl Store {
    /// Threads (those of `ids`, or all), with their posts.
    pub(super) async fn thread_drafts(&self, ids: Option<&[i64]>) -> Result<Vec<Draft>> {
        let mut q = thread::Entity::find();
        let mut posts = thread_post::Entity::find();
        if let Some(ids) = ids {
            q = q.filter(thread::Column::Id.is_in(ids.iter().copied()));
            posts = posts.filter(thread_post::Column::ThreadId.is_in(ids.iter().copied()));
        }
        let threads: Vec<ThreadRecord> = readable(q.all(&self.db).await?);
        if threads.is_empty() {
            return Ok(Vec::new());
        }
        let mut bodies: HashMap<i64, Vec<String>> = HashMap::new();
        for p in posts
            .order_by_asc(thread_post::Column::Id)
            .all(&self.db)
            .await?
        {
            let b = bodies.entry(p.thread_id).or_default();
            b.push(p.body);
            b.push(p.author_label);
        }
        let facts = self.thread_facts(&threads).await?;
        let mut out = Vec::new();
        for (t, f) in threads.into_iter().zip(facts) {
            let mut d = Draft::new(
                DocKind::Thread,
                t.id.0,
                &t.title,
                format!("/threads/{}", t.id),
            );
            let cities: Vec<String> = f
                .cities
                .iter()
                .map(|c| self.city_name(&c.to_string()))
                .collect();
            d.detail = format!("{} {}", t.kind.name().ja, cities.join("・"))
                .trim()
                .to_owned();
            d.body = bodies.remove(&t.id.0).unwrap_or_default();
            d.public = f.network;
            if !f.network {
                d.city = f.cities.first().map(ToString::to_string);
                d.receiving = f.cities.get(1).map(ToString::to_string);
            }
            out.push(d);
        }
        Ok(out)
    }
}
