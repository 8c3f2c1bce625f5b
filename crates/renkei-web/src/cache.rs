//! Rendered fragments a node keeps, each under the revision of the data it was rendered
//! from. A fragment is served only while the database still shows that revision (the caller
//! reads it first, with one small query), so a node never serves what another has changed.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Past this many fragments the cache starts afresh: a bound on memory, not a policy.
const MAX_FRAGMENTS: usize = 4096;

#[derive(Debug, Default)]
pub struct Fragments {
    map: Mutex<HashMap<String, (i64, Arc<str>)>>,
    /// One gate per key: a fragment missing from the cache is rendered by one request while
    /// the others asking for it wait and take its result (no herd of identical renders).
    gates: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

impl Fragments {
    /// The fragment kept under `key` at `revision`, or the one `render` makes: rendered by one
    /// caller at a time per key, the others waiting for it and then served from the cache.
    pub async fn get_or_render<E, Fut>(
        &self,
        key: String,
        revision: i64,
        render: impl FnOnce() -> Fut,
    ) -> Result<Arc<str>, E>
    where
        Fut: std::future::Future<Output = Result<String, E>>,
    {
        if let Some(f) = self.get(&key, revision) {
            return Ok(f);
        }
        let gate = {
            let mut gates = self.gates.lock().expect("fragment gate lock");
            if gates.len() >= MAX_FRAGMENTS && !gates.contains_key(&key) {
                gates.clear();
            }
            gates.entry(key.clone()).or_default().clone()
        };
        let _rendering = gate.lock().await;
        if let Some(f) = self.get(&key, revision) {
            return Ok(f);
        }
        let fragment: Arc<str> = render().await?.into();
        self.put(key, revision, fragment.clone());
        Ok(fragment)
    }

    pub fn get(&self, key: &str, revision: i64) -> Option<Arc<str>> {
        let map = self.map.lock().expect("fragment cache lock");
        map.get(key)
            .filter(|(r, _)| *r == revision)
            .map(|(_, f)| f.clone())
    }

    /// Keeps `fragment`, rendered from data at least as new as `revision`, unless a newer
    /// revision is already held.
    pub fn put(&self, key: String, revision: i64, fragment: Arc<str>) {
        let mut map = self.map.lock().expect("fragment cache lock");
        if map.len() >= MAX_FRAGMENTS && !map.contains_key(&key) {
            map.clear();
        }
        if map.get(&key).is_none_or(|(r, _)| *r < revision) {
            map.insert(key, (revision, fragment));
        }
    }
}

/// A revision that also turns over every minute, for a fragment that shows what is open or
/// upcoming *now* as well as the data: what it shows of the time is never a minute old (forms
/// take times to the minute). Newer data or a later minute always gives a greater value.
pub fn by_minute(revision: i64, now: chrono::DateTime<chrono::Utc>) -> i64 {
    (revision << 32) | (now.timestamp().div_euclid(60) & 0xFFFF_FFFF)
}

/// Past this many cells the uploads read are dropped and read again when next viewed.
const MAX_TABLE_CELLS: usize = 4_000_000;

/// Uploaded files as read, by upload id. An upload's file never changes, so a node reads it
/// once (off the async workers), not at every view of its check page.
#[derive(Debug, Default)]
pub struct Tables {
    map: Mutex<HashMap<i64, Arc<renkei_io::Table>>>,
}

fn cells(table: &renkei_io::Table) -> usize {
    table.headers.len() + table.rows.iter().map(|r| r.cells.len()).sum::<usize>()
}

impl Tables {
    pub fn get(&self, upload: i64) -> Option<Arc<renkei_io::Table>> {
        let map = self.map.lock().expect("table cache lock");
        map.get(&upload).cloned()
    }

    /// Forgets an upload's file (once it is imported, it is not needed again).
    pub fn remove(&self, upload: i64) {
        self.map.lock().expect("table cache lock").remove(&upload);
    }

    pub fn put(&self, upload: i64, table: Arc<renkei_io::Table>) {
        let size = cells(&table);
        let mut map = self.map.lock().expect("table cache lock");
        let held: usize = map.values().map(|t| cells(t)).sum();
        if held + size > MAX_TABLE_CELLS {
            map.clear();
        }
        if size <= MAX_TABLE_CELLS {
            map.insert(upload, table);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn callers_missing_at_once_wait_for_one_render() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let cache = Arc::new(Fragments::default());
        let renders = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..16 {
            let (cache, renders) = (cache.clone(), renders.clone());
            tasks.push(tokio::spawn(async move {
                cache
                    .get_or_render("k".to_owned(), 1, || async move {
                        renders.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                        Ok::<_, ()>("rendered".to_owned())
                    })
                    .await
                    .unwrap()
            }));
        }
        for t in tasks {
            assert_eq!(&*t.await.unwrap(), "rendered");
        }
        assert_eq!(
            renders.load(Ordering::SeqCst),
            1,
            "one render for sixteen callers"
        );
        let again = cache
            .get_or_render("k".to_owned(), 2, || async {
                Ok::<_, ()>("newer".to_owned())
            })
            .await
            .unwrap();
        assert_eq!(&*again, "newer", "a newer revision renders again");
    }

    #[test]
    fn a_minute_or_a_change_makes_a_new_revision() {
        use chrono::TimeZone;
        let t = chrono::Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 30).unwrap();
        let same_minute = t + chrono::Duration::seconds(29);
        let next_minute = t + chrono::Duration::seconds(30);
        assert_eq!(by_minute(7, t), by_minute(7, same_minute));
        assert!(by_minute(7, next_minute) > by_minute(7, t));
        assert!(by_minute(8, t) > by_minute(7, next_minute + chrono::Duration::days(3650)));
    }

    #[test]
    fn serves_only_the_revision_it_holds_and_never_goes_back() {
        let f = Fragments::default();
        f.put("k".into(), 2, "two".into());
        assert_eq!(f.get("k", 2).as_deref(), Some("two"));
        assert_eq!(
            f.get("k", 3),
            None,
            "a newer revision in the database means re-render"
        );
        f.put("k".into(), 1, "one".into());
        assert_eq!(
            f.get("k", 2).as_deref(),
            Some("two"),
            "an older render does not replace a newer"
        );
        f.put("k".into(), 3, "three".into());
        assert_eq!(f.get("k", 3).as_deref(), Some("three"));
    }
}
