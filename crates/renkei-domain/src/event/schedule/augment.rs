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

use super::board::Board;
use super::solve::best_slot;

/// How many levels of meetings may be shifted to place one request.
const DEPTH: usize = 3;
/// How many sets of meetings may be taken out, in all, while placing one request.
const BUDGET: usize = 400;

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

impl Search<'_, '_> {
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
