//! The business-meeting (商談会) scheduler: the accepted meeting requests between buyers and
//! sellers placed on a grid of time slots × tables.
//!
//! An [`Instance`] is the event: its slots and tables, each buyer's and seller's available
//! slots and most meetings, the accepted [`Request`]s (a buyer, a seller and a priority) and
//! the meetings already fixed ([`Instance::locked`]: agreed by hand, or published and not to be
//! moved). [`schedule`] answers a [`Schedule`]: a [`Meeting`] (slot and table) for as many
//! requests as it can, and the requests it could not place.
//!
//! The rules a schedule keeps ([`violations`] lists every one a schedule breaks):
//!
//! - every locked meeting stays where it is;
//! - in a slot, no buyer, no seller and no table has two meetings;
//! - a meeting is only in a slot both its buyer and its seller are available;
//! - no party has more meetings than its `max_meetings`;
//! - a request has at most one meeting; each request is either placed or listed unplaced.
//!
//! What it aims for, in order: as many requests placed as it can, the higher priorities
//! first; then as few idle gaps as it can in each party's day (a slot left empty between two
//! of a party's meetings).
//!
//! The algorithm (`solve`), deterministic (every search is bounded in steps, not time):
//!
//! 1. **Locked meetings** are put on the board first, as they are.
//! 2. **Greedy.** The other requests are taken by priority (highest first); among equal
//!    priorities, the one with the fewest slots both its parties are available in goes first
//!    (the most constrained), then the order of the requests. Each goes into the free slot
//!    (both parties free and available, a table free, both under their limits) that adds the
//!    fewest idle gaps to its two parties' days; ties go to the slot with the most free tables,
//!    then the earliest.
//! 3. **Augmenting moves** (`augment`). For each request still unplaced, by the same order,
//!    and each slot both its parties are available in: the meetings in the way (the buyer's
//!    and the seller's in that slot or, when only the tables are full, any one meeting there)
//!    are shifted to other slots, shifting in turn the meetings in their way, up to three
//!    levels deep; if they all find a slot, the request takes its own, otherwise everything is
//!    put back. Locked meetings never move. Passes repeat while they place something (at most
//!    three), and stop once [`upper_bound`] is reached. No placed meeting is dropped.
//! 4. **Bumping.** A request still unplaced may take a slot from meetings of lower
//!    priorities (those in its way, the lowest of a party that has all its meetings, the
//!    lowest in the slot when its tables are full), which are then settled elsewhere if they
//!    can be; of its slots it takes the one that leaves out the fewest, from the highest
//!    priority down. Then one more augmenting pass for those left out.
//! 5. **Exchanges, one for two.** Each meeting that is not locked is taken out, and the
//!    unplaced requests sharing one of its parties (not both), of its priority or higher,
//!    are tried with augmenting moves; if at least two get in, the exchange stands (the
//!    meeting taken out gets back in if it can), otherwise the board is put back. At most two
//!    passes.
//! 6. **Compaction.** Each meeting that is not locked moves to the free slot that makes its
//!    two parties' idle gaps fewest, when strictly fewer; then two meetings swap slots when
//!    that makes their parties' gaps strictly fewer (the only way to close a gap once the
//!    tables are full). Rounds repeat while something moves (at most eight); the total of
//!    gaps falls at each move, so they end.
//! 7. **Tables.** Tables are alike, so a slot's meetings get the tables its locked meetings do
//!    not hold, lowest first, in the order of the requests.
//!
//! Steps 3 to 5 never give up a meeting of one priority except for more of the same or one
//! of a higher: what is served is, from the highest priority down, as many as the search
//! finds. Steps 6 and 7 change no one's meetings, only when and where they are.
//!
//! [`upper_bound`] gives a number no schedule can exceed, [`exact`] the most meetings and
//! [`exact_by_priority`] the best by priority, both by exhaustive search for small instances:
//! the tests and the benchmark hold the scheduler against them. [`validate`] checks an
//! instance before it is scheduled (its indexes, its availability lists, its locked
//! meetings); a schedule of a valid instance breaks no rule.

mod augment;
mod board;
mod check;
mod exact;
mod solve;

#[cfg(test)]
mod tests;

pub use check::{upper_bound, validate, violations};
pub use exact::{exact, exact_by_priority};

/// A business-meeting event to schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instance {
    /// The number of time slots (0 .. slots).
    pub slots: usize,
    /// The number of tables (0 .. tables), each holding one meeting per slot.
    pub tables: usize,
    pub buyers: Vec<Party>,
    pub sellers: Vec<Party>,
    /// The accepted meeting requests.
    pub requests: Vec<Request>,
    /// Meetings fixed beforehand, kept as they are.
    pub locked: Vec<Meeting>,
}

/// A buyer or a seller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    pub id: i64,
    /// One entry per slot: whether the party can meet then (its length is `slots`).
    pub available: Vec<bool>,
    /// The most meetings the party takes.
    pub max_meetings: usize,
}

/// An accepted meeting request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub id: i64,
    /// The buyer's index in [`Instance::buyers`].
    pub buyer: usize,
    /// The seller's index in [`Instance::sellers`].
    pub seller: usize,
    /// Higher is placed first.
    pub priority: u32,
}

/// A request's place: its slot and table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    /// The request's id.
    pub request: i64,
    pub slot: usize,
    pub table: usize,
}

/// The answer: the meetings (locked ones included) and the requests left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    /// Sorted by slot, then table.
    pub meetings: Vec<Meeting>,
    /// The ids of the requests without a meeting, the highest priority first.
    pub unplaced: Vec<i64>,
}

/// Schedules the instance (see the module's doc for the rules and the algorithm). It never
/// fails: on an instance [`validate`] refuses it still answers, keeping the locked meetings
/// as given and leaving out requests that name no known party, but the rules hold only for a
/// valid instance.
pub fn schedule(inst: &Instance) -> Schedule {
    solve::solve(inst)
}
