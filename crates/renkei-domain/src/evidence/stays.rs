//! How long a record stayed at each step (a referral's step, a product's stage), from its
//! history: where it started and when, then each move with its time. A record that went back
//! to a step it had left stays there twice; the dashboards count a step's time per record as
//! the sum of its stays that ended (a stay still under way has no end yet).

use chrono::{DateTime, Utc};

/// One stay at a step: entered at `from`, left at `until` (none while it is still there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stay<S> {
    pub step: S,
    pub from: DateTime<Utc>,
    pub until: Option<DateTime<Utc>>,
}

impl<S> Stay<S> {
    /// Seconds at the step, for a stay that ended.
    pub fn seconds(&self) -> Option<i64> {
        self.until.map(|u| (u - self.from).num_seconds().max(0))
    }
}

/// The stays of a record that started at `start` (its first step, when) and then moved
/// (`moves`: when, and to which step; in the order they were made).
pub fn stays<S: Copy>(start: (S, DateTime<Utc>), moves: &[(DateTime<Utc>, S)]) -> Vec<Stay<S>> {
    let mut out = Vec::with_capacity(moves.len() + 1);
    let mut current = Stay {
        step: start.0,
        from: start.1,
        until: None,
    };
    for &(at, to) in moves {
        current.until = Some(at);
        out.push(current);
        current = Stay {
            step: to,
            from: at,
            until: None,
        };
    }
    out.push(current);
    out
}

/// A record's time at each step it left, its stays at the same step added up (in seconds),
/// in the order the steps were first entered.
pub fn time_per_step<S: Copy + PartialEq>(stays: &[Stay<S>]) -> Vec<(S, i64)> {
    let mut out: Vec<(S, i64)> = Vec::new();
    for s in stays {
        let Some(secs) = s.seconds() else { continue };
        match out.iter_mut().find(|(step, _)| *step == s.step) {
            Some((_, total)) => *total += secs,
            None => out.push((s.step, secs)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> DateTime<Utc> {
        use chrono::TimeZone;
        Utc.with_ymd_and_hms(2026, 5, d, 0, 0, 0).unwrap()
    }

    #[test]
    fn a_step_gone_back_to_counts_both_stays() {
        // 1 → 2 (day 3) → 3 (day 5) → back to 2 (day 6) → 3 (day 10), still at 3.
        let s = stays(
            (1, day(1)),
            &[(day(3), 2), (day(5), 3), (day(6), 2), (day(10), 3)],
        );
        assert_eq!(s.len(), 5);
        assert_eq!(s[4].until, None);
        let t = time_per_step(&s);
        let d = 86_400;
        assert_eq!(t, vec![(1, 2 * d), (2, 2 * d + 4 * d), (3, d)]);
    }

    #[test]
    fn a_record_that_never_moved_has_no_time_yet() {
        assert!(time_per_step(&stays(("a", day(1)), &[])).is_empty());
    }
}
