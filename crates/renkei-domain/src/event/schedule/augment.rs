//! Augmenting moves: an unplaced request is put in a slot by shifting the meetings in its way
//! to other slots, those meetings in turn shifting the ones in theirs, a few levels deep.
//!
//! To place request `r` (`settle`): if a slot takes it as the board stands, it goes into the
//! best one (`best_slot`). Otherwise, for each slot both its parties are available in (the
//! fewest idle gaps first), the meetings in the way are taken out — the buyer's and the
//! seller's meetings in that slot or, when only the tables are full, any one meeting there —
//! `r` goes in, and each meeting taken out is settled again the same way, one level deeper,
//! never back into the slot it left. Locked meetings never move. A search that fails puts
//! every meeting back (the moves are journaled and undone in reverse).
//!
//! The depth and the number of ejections tried per request are bounded (`DEPTH`, `BUDGET`),
//! counted in steps rather than time, so the result does not depend on the machine.
//!
//! Bumping (`bump`) is for a request the augmenting moves cannot place: in one of its slots
//! it takes the place of meetings of a lower priority — those in its way there, the lowest
//! of a party's that has all the meetings it takes, the lowest in the slot when its tables are
//! full — and each meeting taken out is settled again elsewhere if it can be. Of its slots, it
//! takes the one where the meetings left out are fewest, from the highest priority down.
//! Only lower priorities ever give way, so each bump serves the priorities better.

use super::board::Board;
use super::solve::best_slot;

/// How many levels of meetings may be shifted to place one request.
const DEPTH: usize = 3;
/// How many sets of meetings may be taken out, in all, while placing one request.
const BUDGET: usize = 400;

/// How many sets of meetings may be taken out while settling again one bumped meeting, and
/// how many levels deep.
const BUMP_BUDGET: usize = 50;
const BUMP_DEPTH: usize = 2;

/// A change to the board, to undo it.
enum Op {
    Placed(usize),
    Removed(usize, usize),
}

struct Search<'b, 'a> {
    board: &'b mut Board<'a>,
    journal: Vec<Op>,
    budget: usize,
}

/// Places the unplaced request, shifting meetings out of its way if needed; answers whether
/// it did. On failure the board is as it was.
pub(super) fn augment(board: &mut Board, r: usize) -> bool {
    let mut search = Search {
        board,
        journal: Vec::new(),
        budget: BUDGET,
    };
    search.settle(r, None, DEPTH)
}

/// Places the unplaced request by bumping meetings of lower priorities (see the module's
/// doc); answers whether it did. On failure the board is as it was.
pub(super) fn bump(board: &mut Board, r: usize) -> bool {
    let mut slots: Vec<usize> = (0..board.inst.slots)
        .filter(|&s| board.available(r, s))
        .collect();
    slots.sort_by_key(|&s| (board.gaps(r, Some(s)), s));
    let mut best: Option<(Vec<u32>, usize)> = None;
    for s in slots {
        let mut search = Search {
            board: &mut *board,
            journal: Vec::new(),
            budget: 0,
        };
        if let Some(lost) = search.take(r, s)
            && best.as_ref().is_none_or(|(fewest, _)| lost < *fewest)
        {
            best = Some((lost, s));
        }
        search.undo(0);
    }
    let Some((_, s)) = best else {
        return false;
    };
    let mut search = Search {
        board,
        journal: Vec::new(),
        budget: 0,
    };
    if search.take(r, s).is_some() {
        return true;
    }
    search.undo(0);
    false
}

impl Search<'_, '_> {
    /// Puts `r` into slot `s` in place of meetings of lower priorities, which are settled
    /// again where they can be; answers the priorities of those left out, highest first, or
    /// nothing when `r` cannot go there (the caller undoes what was done).
    fn take(&mut self, r: usize, s: usize) -> Option<Vec<u32>> {
        let inst = self.board.inst;
        let priority = |m: usize| inst.requests[m].priority;
        let below = priority(r);
        let lowest = |board: &Board, day: &[Option<usize>]| {
            day.iter()
                .flatten()
                .copied()
                .filter(|&m| !board.locked[m] && priority(m) < below)
                .min_by_key(|&m| (priority(m), m))
        };
        let mut out = Vec::new();
        let (a, b) = self.board.blockers(r, s);
        for m in [a, b].into_iter().flatten() {
            if self.board.locked[m] || priority(m) >= below {
                return None;
            }
            self.remove(m);
            out.push(m);
        }
        let (buyer, seller) = self.board.parties(r);
        let full = [
            self.board
                .buyer_full(buyer)
                .then(|| lowest(self.board, self.board.buyer_day(buyer))),
            self.board
                .seller_full(seller)
                .then(|| lowest(self.board, self.board.seller_day(seller))),
        ];
        for m in full.into_iter().flatten() {
            let m = m?;
            if self.board.slot_of[m].is_some() {
                self.remove(m);
                out.push(m);
            }
        }
        if self.board.tables_left(s) == 0 {
            let in_slot: Vec<Option<usize>> =
                self.board.in_slot[s].iter().map(|&m| Some(m)).collect();
            let m = lowest(self.board, &in_slot)?;
            self.remove(m);
            out.push(m);
        }
        if !self.board.can_place(r, s) {
            return None;
        }
        self.place(r, s);
        let mut lost = Vec::new();
        for m in out {
            self.budget = BUMP_BUDGET;
            if !self.settle(m, None, BUMP_DEPTH) {
                lost.push(priority(m));
            }
        }
        lost.sort_unstable_by(|x, y| y.cmp(x));
        Some(lost)
    }

    fn place(&mut self, r: usize, s: usize) {
        self.board.place(r, s);
        self.journal.push(Op::Placed(r));
    }

    fn remove(&mut self, r: usize) {
        if let Some(s) = self.board.remove(r) {
            self.journal.push(Op::Removed(r, s));
        }
    }

    /// Undoes the moves made since the journal was `mark` long.
    fn undo(&mut self, mark: usize) {
        while self.journal.len() > mark {
            match self.journal.pop() {
                Some(Op::Placed(r)) => {
                    self.board.remove(r);
                }
                Some(Op::Removed(r, s)) => self.board.place(r, s),
                None => break,
            }
        }
    }

    /// Puts the unplaced request somewhere but `except`, shifting up to `depth` levels of
    /// meetings; on failure the board is as it was.
    fn settle(&mut self, r: usize, except: Option<usize>, depth: usize) -> bool {
        if !self.board.under_limits(r) {
            return false;
        }
        if let Some(s) = best_slot(self.board, r, except) {
            self.place(r, s);
            return true;
        }
        if depth == 0 {
            return false;
        }
        let board = &*self.board;
        let mut slots: Vec<usize> = (0..board.inst.slots)
            .filter(|&s| Some(s) != except && board.available(r, s))
            .collect();
        slots.sort_by_key(|&s| (board.gaps(r, Some(s)), s));
        for s in slots {
            for ejected in self.in_the_way(r, s) {
                if self.budget == 0 {
                    return false;
                }
                self.budget -= 1;
                let mark = self.journal.len();
                for &m in &ejected {
                    self.remove(m);
                }
                if self.board.can_place(r, s) {
                    self.place(r, s);
                    if ejected.iter().all(|&m| self.settle(m, Some(s), depth - 1)) {
                        return true;
                    }
                }
                self.undo(mark);
            }
        }
        false
    }

    /// The sets of meetings whose leaving would let `r` into slot `s`: its parties' meetings
    /// there, or, when the tables alone are full, each other meeting there on its own. None
    /// when a locked meeting is in the way.
    fn in_the_way(&self, r: usize, s: usize) -> Vec<Vec<usize>> {
        let board = &*self.board;
        let (a, b) = board.blockers(r, s);
        let blockers: Vec<usize> = [a, b].into_iter().flatten().collect();
        if blockers.iter().any(|&m| board.locked[m]) {
            return Vec::new();
        }
        if !blockers.is_empty() {
            return vec![blockers];
        }
        board.in_slot[s]
            .iter()
            .copied()
            .filter(|&m| !board.locked[m])
            .map(|m| vec![m])
            .collect()
    }
}
