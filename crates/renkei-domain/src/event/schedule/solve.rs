//! The scheduler itself: greedy by priority, augmenting moves, compaction, tables (the
//! module's doc describes each step).

use std::cmp::Reverse;
use std::collections::HashSet;

use super::augment::{augment, bump};
use super::board::Board;
use super::{Instance, Meeting, Schedule, upper_bound};

/// How many times the augmenting pass runs at most (it stops earlier once a pass places
/// nothing).
const AUGMENT_PASSES: usize = 3;
/// How many times the exchange pass runs at most (it stops earlier once a pass gains
/// nothing).
const EXCHANGE_PASSES: usize = 2;
/// How many times the compaction runs at most (it stops earlier once a round moves nothing).
const COMPACT_ROUNDS: usize = 8;

pub(super) fn solve(inst: &Instance) -> Schedule {
    let mut board = Board::new(inst);
    let locked_ids: HashSet<i64> = inst.locked.iter().map(|m| m.request).collect();
    let order = order(&board, &locked_ids);

    for &r in &order {
        if let Some(s) = best_slot(&board, r, None) {
            board.place(r, s);
        }
    }
    // Once as many are placed as the bound allows, no move can place more.
    let ceiling = upper_bound(inst);
    for _ in 0..AUGMENT_PASSES {
        let mut placed = false;
        for &r in &order {
            if board.placed() >= ceiling {
                break;
            }
            if board.slot_of[r].is_none() && augment(&mut board, r) {
                placed = true;
            }
        }
        if !placed {
            break;
        }
    }
    // Bumping: a request still unplaced takes the place of lower priorities; the meetings
    // left out are tried again by one more augmenting pass.
    let mut bumped = false;
    for &r in &order {
        if board.slot_of[r].is_none() && bump(&mut board, r) {
            bumped = true;
        }
    }
    if bumped {
        for &r in &order {
            if board.slot_of[r].is_none() {
                augment(&mut board, r);
            }
        }
    }
    for _ in 0..EXCHANGE_PASSES {
        if board.placed() >= ceiling || !exchange(&mut board, &order) {
            break;
        }
    }
    compact(&mut board);
    answer(&board, &locked_ids)
}

/// The requests to place (known, not locked), in the order they are tried: priority
/// (highest first), then the fewest slots both parties are available in, then their order.
fn order(board: &Board, locked_ids: &HashSet<i64>) -> Vec<usize> {
    let inst = board.inst;
    let mut order: Vec<(Reverse<u32>, usize, usize)> = (0..inst.requests.len())
        .filter(|&r| board.known(r) && !locked_ids.contains(&inst.requests[r].id))
        .map(|r| {
            let options = (0..inst.slots).filter(|&s| board.available(r, s)).count();
            (Reverse(inst.requests[r].priority), options, r)
        })
        .collect();
    order.sort_unstable();
    order.into_iter().map(|(_, _, r)| r).collect()
}

/// The slot where the request fits now with the fewest idle gaps for its parties, then the
/// most free tables, then the earliest; never `except`.
pub(super) fn best_slot(board: &Board, r: usize, except: Option<usize>) -> Option<usize> {
    (0..board.inst.slots)
        .filter(|&s| Some(s) != except && board.can_place(r, s))
        .min_by_key(|&s| (board.gaps(r, Some(s)), Reverse(board.tables_left(s)), s))
}

/// One for two: each meeting that is not locked is taken out, and the unplaced requests that
/// share one party with it (not both: such a request would only take its place) and have at
/// least its priority are placed, with augmenting moves, where they can; if two or more get
/// in, the exchange stands (and the meeting taken out gets back in if it still can),
/// otherwise the board is put back as it was. Answers whether any exchange stood. Each one
/// places more requests of the same or a higher priority than it drops, so the priorities
/// are still served first.
fn exchange(board: &mut Board, order: &[usize]) -> bool {
    let inst = board.inst;
    let requests = &inst.requests;
    let mut gained = false;
    for m in 0..requests.len() {
        if board.locked[m] || board.slot_of[m].is_none() {
            continue;
        }
        let (b, v) = board.parties(m);
        let candidates: Vec<usize> = order
            .iter()
            .copied()
            .filter(|&r| {
                board.slot_of[r].is_none()
                    && requests[r].priority >= requests[m].priority
                    && (requests[r].buyer == b) != (requests[r].seller == v)
            })
            .collect();
        if candidates.len() < 2 {
            continue;
        }
        let saved = board.clone();
        board.remove(m);
        let mut placed = 0;
        for r in candidates {
            if augment(board, r) {
                placed += 1;
            }
        }
        if placed >= 2 {
            augment(board, m);
            gained = true;
        } else {
            *board = saved;
        }
    }
    gained
}

/// Moves each meeting that is not locked to the slot that makes its parties' idle gaps
/// fewest, when strictly fewer, then swaps the slots of two meetings when that makes their
/// parties' idle gaps strictly fewer (the only way to close a gap once the tables are full);
/// while that helps.
fn compact(board: &mut Board) {
    for _ in 0..COMPACT_ROUNDS {
        let mut moved = false;
        for r in 0..board.inst.requests.len() {
            if board.locked[r] {
                continue;
            }
            let Some(from) = board.remove(r) else {
                continue;
            };
            let now = board.gaps(r, Some(from));
            match best_slot(board, r, Some(from)) {
                Some(to) if board.gaps(r, Some(to)) < now => {
                    board.place(r, to);
                    moved = true;
                }
                _ => board.place(r, from),
            }
        }
        moved |= swaps(board);
        if !moved {
            break;
        }
    }
}

/// One round of swaps (see [`compact`]); answers whether any was made.
fn swaps(board: &mut Board) -> bool {
    let mut swapped = false;
    for m in 0..board.inst.requests.len() {
        let Some(a) = board.slot_of[m] else {
            continue;
        };
        if board.locked[m] {
            continue;
        }
        // Only slots that close some of `m`'s parties' gaps are tried; a swap that helps the
        // other meeting's parties alone is found from that meeting.
        let own = board.gaps(m, None);
        if own == 0 {
            continue;
        }
        board.remove(m);
        let better: Vec<usize> = (0..board.inst.slots)
            .filter(|&b| b != a && board.available(m, b) && board.gaps(m, Some(b)) < own)
            .collect();
        board.place(m, a);
        'slots: for b in better {
            let others: Vec<usize> = board.in_slot[b]
                .iter()
                .copied()
                .filter(|&o| !board.locked[o] && board.available(o, a))
                .collect();
            for o in others {
                let before = own + board.gaps(o, None);
                if swap(board, (m, a), (o, b), before) {
                    swapped = true;
                    break 'slots;
                }
            }
        }
    }
    swapped
}

/// Swaps meeting `m` (in slot `a`) with `o` (in `b`) if both fit and their parties' idle
/// gaps fall below `before`; otherwise leaves them.
fn swap(board: &mut Board, (m, a): (usize, usize), (o, b): (usize, usize), before: usize) -> bool {
    board.remove(m);
    board.remove(o);
    if board.can_place(m, b) {
        board.place(m, b);
        if board.can_place(o, a) {
            board.place(o, a);
            if board.gaps(m, None) + board.gaps(o, None) < before {
                return true;
            }
            board.remove(o);
        }
        board.remove(m);
    }
    board.place(m, a);
    board.place(o, b);
    false
}

/// The schedule: the locked meetings as given; the others on the tables their slot's locked
/// meetings leave, lowest first, in the order of the requests; the unplaced by priority.
fn answer(board: &Board, locked_ids: &HashSet<i64>) -> Schedule {
    let inst = board.inst;
    let mut meetings = inst.locked.clone();
    for (s, placed) in board.in_slot.iter().enumerate() {
        let mut placed: Vec<usize> = placed
            .iter()
            .copied()
            .filter(|&r| !board.locked[r])
            .collect();
        placed.sort_unstable();
        let free = (0..inst.tables).filter(|&t| !board.locked_tables[s][t]);
        for (r, table) in placed.into_iter().zip(free) {
            meetings.push(Meeting {
                request: inst.requests[r].id,
                slot: s,
                table,
            });
        }
    }
    meetings.sort_by_key(|m| (m.slot, m.table, m.request));

    let mut unplaced: Vec<(Reverse<u32>, usize)> = (0..inst.requests.len())
        .filter(|&r| board.slot_of[r].is_none() && !locked_ids.contains(&inst.requests[r].id))
        .map(|r| (Reverse(inst.requests[r].priority), r))
        .collect();
    unplaced.sort_unstable();
    Schedule {
        meetings,
        unplaced: unplaced
            .into_iter()
            .map(|(_, r)| inst.requests[r].id)
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::schedule::{Party, Request};

    /// One table, three slots, full: the buyer's meetings in slots 0 and 2 leave a gap that
    /// no single move can close (no table is free); swapping the meeting in slot 1 with the
    /// buyer's in slot 2 does.
    #[test]
    fn a_swap_closes_a_gap_when_the_tables_are_full() {
        let open = |id| Party {
            id,
            available: vec![true; 3],
            max_meetings: 3,
        };
        let inst = Instance {
            slots: 3,
            tables: 1,
            buyers: vec![open(1), open(2)],
            sellers: vec![open(3), open(4), open(5)],
            requests: [(0, 0), (1, 1), (0, 2)]
                .into_iter()
                .enumerate()
                .map(|(i, (buyer, seller))| Request {
                    id: 10 + i as i64,
                    buyer,
                    seller,
                    priority: 0,
                })
                .collect(),
            locked: vec![],
        };
        let mut board = Board::new(&inst);
        for (r, s) in [(0, 0), (1, 1), (2, 2)] {
            board.place(r, s);
        }
        assert_eq!(board.gaps(0, None), 1);
        compact(&mut board);
        assert_eq!(board.gaps(0, None), 0);
        assert_eq!(board.placed(), 3);
    }
}
