//! The true optimum by exhaustive search, for small instances: what the tests and the
//! benchmark hold the scheduler against.

use super::Instance;
use super::board::Board;

/// The most meetings (locked ones included) any schedule of the instance has, found by
/// branch and bound over every request's choice of a slot or none. Exponential: meant for
/// instances of up to a dozen requests or so, in tests and benchmarks. Tables are alike, so a
/// slot with a table free is all a placement needs. Requests named by a locked meeting keep
/// it; requests naming no known party are never placed.
pub fn exact(inst: &Instance) -> usize {
    let mut board = Board::new(inst);
    let locked_ids: std::collections::HashSet<i64> =
        inst.locked.iter().map(|m| m.request).collect();
    let free: Vec<usize> = (0..inst.requests.len())
        .filter(|&r| board.known(r) && !locked_ids.contains(&inst.requests[r].id))
        .collect();
    let ceiling = super::upper_bound(inst);
    let mut best = board.placed();
    let placed = best;
    search(&mut board, &free, placed, ceiling, &mut best);
    best
}

fn search(board: &mut Board, free: &[usize], placed: usize, ceiling: usize, best: &mut usize) {
    *best = (*best).max(placed);
    let Some((&r, rest)) = free.split_first() else {
        return;
    };
    if placed + free.len() <= *best || *best >= ceiling {
        return;
    }
    for s in 0..board.inst.slots {
        if board.can_place(r, s) {
            board.place(r, s);
            search(board, rest, placed + 1, ceiling, best);
            board.remove(r);
        }
    }
    search(board, rest, placed, ceiling, best);
}
