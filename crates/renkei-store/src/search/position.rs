//! Where a node is in the audit trail: the highest audit id its index has applied, and the
//! ids below it not applied yet (a transaction that has not committed, or one that rolled
//! back and is given up on after [`GAP_PATIENCE`]). Held by the index, moved by `follow`.

use std::collections::{BTreeSet, HashMap};
use std::time::Instant;

/// How long an audit id may be missing before it is taken as rolled back (longer than the
/// longest import transaction).
pub(super) const GAP_PATIENCE: std::time::Duration = std::time::Duration::from_secs(30 * 60);

/// Where a node is in the audit trail.
#[derive(Default)]
pub(super) struct Follow {
    /// The highest audit id applied.
    pub(super) seen: i64,
    /// Ids below `seen` not applied yet, as ranges (first, last) with when they were first
    /// missed: a transaction that took its ids and has not committed (a long import), or one
    /// that rolled back (given up on after [`GAP_PATIENCE`]).
    pub(super) missing: BTreeSet<(i64, i64)>,
    pub(super) missed_at: HashMap<(i64, i64), Instant>,
    pub(super) built: bool,
}

impl Follow {
    /// Marks `id` applied: advances `seen` (ids jumped over become missing) or fills a gap.
    pub(super) fn mark(&mut self, id: i64, now: Instant) {
        if id > self.seen {
            if id > self.seen + 1 {
                let range = (self.seen + 1, id - 1);
                self.missing.insert(range);
                self.missed_at.insert(range, now);
            }
            self.seen = id;
            return;
        }
        let Some(&range) = self.missing.iter().find(|(a, b)| *a <= id && id <= *b) else {
            return;
        };
        self.missing.remove(&range);
        let since = self.missed_at.remove(&range).unwrap_or(now);
        for part in [(range.0, id - 1), (id + 1, range.1)] {
            if part.0 <= part.1 {
                self.missing.insert(part);
                self.missed_at.insert(part, since);
            }
        }
    }

    /// Gives up on gaps missing for longer than the patience allows.
    pub(super) fn expire(&mut self, now: Instant) {
        let old: Vec<(i64, i64)> = self
            .missed_at
            .iter()
            .filter(|(_, t)| now.duration_since(**t) >= GAP_PATIENCE)
            .map(|(r, _)| *r)
            .collect();
        for r in old {
            self.missing.remove(&r);
            self.missed_at.remove(&r);
        }
    }
}
