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
}

impl Fragments {
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

#[cfg(test)]
mod tests {
    use super::*;

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
