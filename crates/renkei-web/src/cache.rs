//! Rendered fragments a node keeps, each under the revision of the data it was rendered
//! from. A fragment is served only while the database still shows that revision (the caller
//! reads it first, with one small query), so a node never serves what another has changed,
//! and, for a fragment that shows where things stand in time (registration open, events to
//! come), only until the first such moment among what it shows passes.

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use chrono::{DateTime, Utc};

/// Past this many fragments the cache starts afresh: a bound on memory, not a policy.
const MAX_FRAGMENTS: usize = 4096;

/// A rendered fragment: the revision of the data it was rendered from and, when it also
/// shows where things stand in time (registration open, upcoming), the moment that changes.
type Held = (i64, Option<DateTime<Utc>>, Arc<Fragment>);

/// A fragment as a node keeps it: its text, a validator that changes whenever the text may
/// (the revision it was rendered at and the moment it stops holding), and its text gzipped,
/// made once, the first time a client that accepts gzip asks for it.
#[derive(Debug)]
pub struct Fragment {
    text: Arc<str>,
    until: Option<DateTime<Utc>>,
    tag: String,
    gzip: OnceLock<axum::body::Bytes>,
}

impl Fragment {
    fn new(text: Arc<str>, revision: i64, until: Option<DateTime<Utc>>) -> Fragment {
        let stamp = until.map_or(0, |u| u.timestamp());
        Fragment {
            text,
            until,
            tag: format!("W/\"{revision}-{stamp}\""),
            gzip: OnceLock::new(),
        }
    }

    pub fn text(&self) -> &Arc<str> {
        &self.text
    }

    /// Until when what it shows of the time holds (none: it shows nothing of the time).
    pub fn until(&self) -> Option<DateTime<Utc>> {
        self.until
    }

    /// A weak entity tag (`W/"…"`) for conditional requests.
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// The text gzipped (compressed once per fragment).
    pub fn gzip(&self) -> axum::body::Bytes {
        self.gzip
            .get_or_init(|| {
                let mut z =
                    flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
                // Writing to a Vec cannot fail.
                let _ = z.write_all(self.text.as_bytes());
                axum::body::Bytes::from(z.finish().unwrap_or_default())
            })
            .clone()
    }
}

/// A kept text as the body of an answer, without copying it.
struct Shared(Arc<str>);

impl AsRef<[u8]> for Shared {
    fn as_ref(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

/// A kept text as an answer's body, without copying it.
pub fn body(text: Arc<str>) -> axum::body::Body {
    axum::body::Body::from(axum::body::Bytes::from_owner(Shared(text)))
}

/// Whether a request's `Accept-Encoding` takes gzip.
pub fn accepts_gzip(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(axum::http::header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|e| e.split(';').next().is_some_and(|c| c.trim() == "gzip"))
        })
}

#[derive(Debug, Default)]
pub struct Fragments {
    map: Mutex<HashMap<String, Held>>,
    /// One gate per key: a fragment missing from the cache is rendered by one request while
    /// the others asking for it wait and take its result (no herd of identical renders).
    gates: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

/// A fragment as rendered: its text and until when what it shows of the time holds (none:
/// it shows nothing of the time).
pub struct Rendered {
    pub text: String,
    pub until: Option<DateTime<Utc>>,
}

impl Fragments {
    /// The fragment kept under `key` at `revision` and still true at `now`, or the one
    /// `render` makes: rendered by one caller at a time per key, the others waiting for it
    /// and then served from the cache.
    pub async fn get_or_render<E, Fut>(
        &self,
        key: String,
        revision: i64,
        now: DateTime<Utc>,
        render: impl FnOnce() -> Fut,
    ) -> Result<Arc<Fragment>, E>
    where
        Fut: std::future::Future<Output = Result<Rendered, E>>,
    {
        if let Some(f) = self.held(&key, revision, now) {
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
        if let Some(f) = self.held(&key, revision, now) {
            return Ok(f);
        }
        let rendered = render().await?;
        Ok(self.put(key, revision, rendered.until, rendered.text.into()))
    }

    fn held(&self, key: &str, revision: i64, now: DateTime<Utc>) -> Option<Arc<Fragment>> {
        let map = self.map.lock().expect("fragment cache lock");
        map.get(key)
            .filter(|(r, until, _)| *r == revision && until.is_none_or(|u| now < u))
            .map(|(_, _, f)| f.clone())
    }

    /// The text kept under `key` at `revision` and still true at `now`.
    #[cfg(test)]
    pub fn get(&self, key: &str, revision: i64, now: DateTime<Utc>) -> Option<Arc<str>> {
        self.held(key, revision, now).map(|f| f.text.clone())
    }

    /// Keeps `text`, rendered from data at least as new as `revision`, unless a newer
    /// revision is already held; the fragment made of it.
    pub fn put(
        &self,
        key: String,
        revision: i64,
        until: Option<DateTime<Utc>>,
        text: Arc<str>,
    ) -> Arc<Fragment> {
        let fragment = Arc::new(Fragment::new(text, revision, until));
        let mut map = self.map.lock().expect("fragment cache lock");
        if map.len() >= MAX_FRAGMENTS && !map.contains_key(&key) {
            map.clear();
        }
        if map.get(&key).is_none_or(|(r, _, _)| *r <= revision) {
            map.insert(key, (revision, until, fragment.clone()));
        }
        fragment
    }
}

/// The first of `moments` after `now`: until then, a fragment that shows where those
/// moments stand (registration opens or closes, an event starts or ends) stays true.
pub fn first_after(
    moments: impl IntoIterator<Item = DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    moments.into_iter().filter(|m| *m > now).min()
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

    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, h, m, 0).unwrap()
    }

    fn rendered(text: &str, until: Option<DateTime<Utc>>) -> Rendered {
        Rendered {
            text: text.to_owned(),
            until,
        }
    }

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
                    .get_or_render("k".to_owned(), 1, at(9, 0), || async move {
                        renders.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                        Ok::<_, ()>(rendered("rendered", None))
                    })
                    .await
                    .unwrap()
            }));
        }
        for t in tasks {
            assert_eq!(&**t.await.unwrap().text(), "rendered");
        }
        assert_eq!(
            renders.load(Ordering::SeqCst),
            1,
            "one render for sixteen callers"
        );
        let again = cache
            .get_or_render("k".to_owned(), 2, at(9, 0), || async {
                Ok::<_, ()>(rendered("newer", None))
            })
            .await
            .unwrap();
        assert_eq!(&**again.text(), "newer", "a newer revision renders again");
    }

    #[test]
    fn a_fragment_showing_the_time_is_true_until_its_moment() {
        let f = Fragments::default();
        f.put("k".into(), 7, Some(at(10, 0)), "open".into());
        assert_eq!(f.get("k", 7, at(9, 59)).as_deref(), Some("open"));
        assert_eq!(
            f.get("k", 7, at(10, 0)),
            None,
            "registration closed at 10:00"
        );
        f.put("k".into(), 7, None, "closed".into());
        assert_eq!(
            f.get("k", 7, at(23, 0)).as_deref(),
            Some("closed"),
            "rendered again at the same revision, it replaces the one that expired"
        );
        assert_eq!(
            first_after([at(8, 0), at(12, 0), at(10, 30)], at(9, 0)),
            Some(at(10, 30))
        );
        assert_eq!(first_after([at(8, 0)], at(9, 0)), None);
    }

    #[test]
    fn serves_only_the_revision_it_holds_and_never_goes_back() {
        let now = at(9, 0);
        let f = Fragments::default();
        f.put("k".into(), 2, None, "two".into());
        assert_eq!(f.get("k", 2, now).as_deref(), Some("two"));
        assert_eq!(
            f.get("k", 3, now),
            None,
            "a newer revision in the database means re-render"
        );
        f.put("k".into(), 1, None, "one".into());
        assert_eq!(
            f.get("k", 2, now).as_deref(),
            Some("two"),
            "an older render does not replace a newer"
        );
        f.put("k".into(), 3, None, "three".into());
        assert_eq!(f.get("k", 3, now).as_deref(), Some("three"));
    }
}
