//! The true optimum by exhaustive search, for small instances: what the tests and the
//! benchmark hold the scheduler against.
//!
//! Both searches are one branch and bound over every request's choice of a slot or none,
//! scoring a schedule by its meetings counted per priority class, compared highest class
//! first: [`exact`] puts all requests in one class (the most meetings), [`exact_by_priority`]
//! gives each priority its own (the most of the highest priority, then of the next …), which
//! is what the scheduler aims at. Exponential: meant for instances of up to a dozen requests
//! or so. Tables are alike, so a slot with a table free is all a placement needs. Requests
//! named by a locked meeting keep it; requests naming no known party are never placed.

use std::collections::HashSet;

use super::board::Board;
use super::{Instance, upper_bound};

/// The most meetings (locked ones included) any schedule of the (valid) instance has.
pub fn exact(inst: &Instance) -> usize {
    let profile = Optimum::new(inst, |_| 0, 1).run(Some(upper_bound(inst)));
    profile.first().copied().unwrap_or(0)
}

/// The best schedule by priority: as many meetings of the highest priority as can be, then
/// of the next, and so on; answered as `(priority, meetings)` per priority of the requests,
/// the highest first (locked meetings included).
pub fn exact_by_priority(inst: &Instance) -> Vec<(u32, usize)> {
    let mut classes: Vec<u32> = inst.requests.iter().map(|r| r.priority).collect();
    classes.sort_unstable_by(|a, b| b.cmp(a));
    classes.dedup();
    let rank = |p: u32| classes.iter().position(|&c| c == p).unwrap_or(0);
    let profile = Optimum::new(inst, rank, classes.len()).run(None);
    classes.iter().copied().zip(profile).collect()
}

struct Optimum<'a> {
    board: Board<'a>,
    /// The requests to choose for, with their class.
    free: Vec<(usize, usize)>,
    /// `left[i]`: the meetings per class of `free[i..]`.
    left: Vec<Vec<usize>>,
    best: Vec<usize>,
}

impl<'a> Optimum<'a> {
    fn new(inst: &'a Instance, rank: impl Fn(u32) -> usize, classes: usize) -> Self {
        let board = Board::new(inst);
        let locked_ids: HashSet<i64> = inst.locked.iter().map(|m| m.request).collect();
        let mut free: Vec<(usize, usize)> = (0..inst.requests.len())
            .filter(|&r| board.known(r) && !locked_ids.contains(&inst.requests[r].id))
            .map(|r| (r, rank(inst.requests[r].priority)))
            .collect();
        free.sort_by_key(|&(r, class)| (class, r));
        let mut left = vec![vec![0; classes]; free.len() + 1];
        for i in (0..free.len()).rev() {
            left[i] = left[i + 1].clone();
            left[i][free[i].1] += 1;
        }
        let mut best = vec![0; classes];
        for (r, slot) in board.slot_of.iter().enumerate() {
            if slot.is_some() && classes > 0 {
                best[rank(inst.requests[r].priority)] += 1;
            }
        }
        Optimum {
            board,
            free,
            left,
            best,
        }
    }

    /// The best profile; the search stops once the first class reaches `ceiling`.
    fn run(mut self, ceiling: Option<usize>) -> Vec<usize> {
        let start = self.best.clone();
        let mut now = start;
        self.search(0, &mut now, ceiling);
        self.best
    }

    fn search(&mut self, i: usize, now: &mut Vec<usize>, ceiling: Option<usize>) {
        if *now > self.best {
            self.best.clone_from(now);
        }
        if i == self.free.len() || ceiling.is_some_and(|c| self.best.first() >= Some(&c)) {
            return;
        }
        let bound: Vec<usize> = now.iter().zip(&self.left[i]).map(|(a, b)| a + b).collect();
        if bound <= self.best {
            return;
        }
        let (r, class) = self.free[i];
        for s in 0..self.board.inst.slots {
            if self.board.can_place(r, s) {
                self.board.place(r, s);
                now[class] += 1;
                self.search(i + 1, now, ceiling);
                now[class] -= 1;
                self.board.remove(r);
            }
        }
        self.search(i + 1, now, ceiling);
    }
}
