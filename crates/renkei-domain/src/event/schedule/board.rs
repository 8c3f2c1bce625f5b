//! The board the scheduler and the exhaustive search work on: who is busy in which slot, how
//! many tables each slot has left, each party's number of meetings and each request's slot.
//! Requests are known by their index in [`Instance::requests`].

use std::collections::HashMap;

use super::Instance;

/// The state of a schedule under construction.
#[derive(Clone)]
pub(super) struct Board<'a> {
    pub inst: &'a Instance,
    /// `[buyer][slot]`: the request met then.
    buyer_at: Vec<Vec<Option<usize>>>,
    seller_at: Vec<Vec<Option<usize>>>,
    buyer_load: Vec<usize>,
    seller_load: Vec<usize>,
    /// Per slot: the tables no meeting holds yet.
    free_tables: Vec<usize>,
    /// Per slot: the tables a locked meeting holds.
    pub locked_tables: Vec<Vec<bool>>,
    /// Per request: its slot, once placed.
    pub slot_of: Vec<Option<usize>>,
    /// Per request: whether its meeting is locked.
    pub locked: Vec<bool>,
    /// Per slot: the requests placed in it.
    pub in_slot: Vec<Vec<usize>>,
}

impl<'a> Board<'a> {
    /// An empty board with the instance's locked meetings on it. A locked meeting naming an
    /// unknown request, or outside the grid, takes no place on the board (the instance is
    /// invalid and [`super::validate`] says so); one clashing with another keeps the first.
    pub fn new(inst: &'a Instance) -> Self {
        let slots = inst.slots;
        let mut board = Board {
            inst,
            buyer_at: vec![vec![None; slots]; inst.buyers.len()],
            seller_at: vec![vec![None; slots]; inst.sellers.len()],
            buyer_load: vec![0; inst.buyers.len()],
            seller_load: vec![0; inst.sellers.len()],
            free_tables: vec![inst.tables; slots],
            locked_tables: vec![vec![false; inst.tables]; slots],
            slot_of: vec![None; inst.requests.len()],
            locked: vec![false; inst.requests.len()],
            in_slot: vec![Vec::new(); slots],
        };
        let mut index = HashMap::with_capacity(inst.requests.len());
        for (i, r) in inst.requests.iter().enumerate() {
            index.entry(r.id).or_insert(i);
        }
        for m in &inst.locked {
            let Some(&r) = index.get(&m.request) else {
                continue;
            };
            if m.slot >= slots || m.table >= inst.tables || !board.known(r) {
                continue;
            }
            if board.slot_of[r].is_some() || board.locked_tables[m.slot][m.table] {
                continue;
            }
            let req = &inst.requests[r];
            if board.buyer_at[req.buyer][m.slot].is_some()
                || board.seller_at[req.seller][m.slot].is_some()
            {
                continue;
            }
            board.locked_tables[m.slot][m.table] = true;
            board.locked[r] = true;
            board.place(r, m.slot);
        }
        board
    }

    /// Whether the request names a buyer and a seller that exist.
    pub fn known(&self, r: usize) -> bool {
        let req = &self.inst.requests[r];
        req.buyer < self.inst.buyers.len() && req.seller < self.inst.sellers.len()
    }

    /// Whether both the request's parties are available in the slot (not whether free).
    pub fn available(&self, r: usize, s: usize) -> bool {
        let req = &self.inst.requests[r];
        let b = &self.inst.buyers[req.buyer];
        let v = &self.inst.sellers[req.seller];
        b.available.get(s) == Some(&true) && v.available.get(s) == Some(&true)
    }

    /// Whether both the request's parties may take one more meeting.
    pub fn under_limits(&self, r: usize) -> bool {
        let req = &self.inst.requests[r];
        self.buyer_load[req.buyer] < self.inst.buyers[req.buyer].max_meetings
            && self.seller_load[req.seller] < self.inst.sellers[req.seller].max_meetings
    }

    /// Whether the (unplaced, known) request can go into the slot now.
    pub fn can_place(&self, r: usize, s: usize) -> bool {
        let req = &self.inst.requests[r];
        self.free_tables[s] > 0
            && self.buyer_at[req.buyer][s].is_none()
            && self.seller_at[req.seller][s].is_none()
            && self.available(r, s)
            && self.under_limits(r)
    }

    /// The requests in the way of the request in the slot: the buyer's and the seller's
    /// meetings then (one if it is the same).
    pub fn blockers(&self, r: usize, s: usize) -> (Option<usize>, Option<usize>) {
        let req = &self.inst.requests[r];
        let b = self.buyer_at[req.buyer][s];
        let v = self.seller_at[req.seller][s];
        (b, if v == b { None } else { v })
    }

    /// The buyer's meetings, by slot.
    pub fn buyer_day(&self, b: usize) -> &[Option<usize>] {
        &self.buyer_at[b]
    }

    /// The seller's meetings, by slot.
    pub fn seller_day(&self, v: usize) -> &[Option<usize>] {
        &self.seller_at[v]
    }

    /// Whether the buyer has all the meetings it takes.
    pub fn buyer_full(&self, b: usize) -> bool {
        self.buyer_load[b] >= self.inst.buyers[b].max_meetings
    }

    /// Whether the seller has all the meetings it takes.
    pub fn seller_full(&self, v: usize) -> bool {
        self.seller_load[v] >= self.inst.sellers[v].max_meetings
    }

    pub fn tables_left(&self, s: usize) -> usize {
        self.free_tables[s]
    }

    /// Puts the request in the slot (the caller has checked it can go there).
    pub fn place(&mut self, r: usize, s: usize) {
        let (b, v) = self.parties(r);
        self.buyer_at[b][s] = Some(r);
        self.seller_at[v][s] = Some(r);
        self.buyer_load[b] += 1;
        self.seller_load[v] += 1;
        self.free_tables[s] -= 1;
        self.slot_of[r] = Some(s);
        self.in_slot[s].push(r);
    }

    /// Takes the (placed) request off the board; answers the slot it was in.
    pub fn remove(&mut self, r: usize) -> Option<usize> {
        let s = self.slot_of[r].take()?;
        let (b, v) = self.parties(r);
        self.buyer_at[b][s] = None;
        self.seller_at[v][s] = None;
        self.buyer_load[b] -= 1;
        self.seller_load[v] -= 1;
        self.free_tables[s] += 1;
        self.in_slot[s].retain(|&x| x != r);
        Some(s)
    }

    /// The request's buyer and seller (their indexes).
    pub fn parties(&self, r: usize) -> (usize, usize) {
        let req = &self.inst.requests[r];
        (req.buyer, req.seller)
    }

    /// The idle gaps of the request's two parties, with `extra` counted as a meeting of
    /// theirs (when given).
    pub fn gaps(&self, r: usize, extra: Option<usize>) -> usize {
        let (b, v) = self.parties(r);
        gaps(&self.buyer_at[b], extra) + gaps(&self.seller_at[v], extra)
    }

    /// How many requests are placed.
    pub fn placed(&self) -> usize {
        self.in_slot.iter().map(Vec::len).sum()
    }
}

/// The empty slots between a party's first and last meeting, `extra` counted as a meeting.
fn gaps(day: &[Option<usize>], extra: Option<usize>) -> usize {
    let busy = |s: usize| day[s].is_some() || Some(s) == extra;
    let mut first = None;
    let mut last = 0;
    let mut count = 0;
    for s in (0..day.len()).filter(|&s| busy(s)) {
        first.get_or_insert(s);
        last = s;
        count += 1;
    }
    first.map_or(0, |f| last + 1 - f - count)
}

#[cfg(test)]
mod tests {
    use super::gaps;

    #[test]
    fn gaps_count_the_empty_slots_inside_a_day() {
        let d = [None, Some(1), None, None, Some(2), None];
        assert_eq!(gaps(&d, None), 2);
        assert_eq!(gaps(&d, Some(2)), 1);
        assert_eq!(gaps(&d, Some(5)), 2);
        assert_eq!(gaps(&d, Some(0)), 2);
        assert_eq!(gaps(&[None, None], None), 0);
        assert_eq!(gaps(&[None, None], Some(1)), 0);
    }
}
