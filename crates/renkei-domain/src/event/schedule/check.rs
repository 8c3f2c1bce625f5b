//! The checks around the scheduler: an instance's ([`validate`]), a schedule's
//! ([`violations`]) and a bound no schedule can exceed ([`upper_bound`]).
//!
//! The locked meetings of an instance and the meetings of a schedule are checked by the same
//! function (`problems`), so an instance [`validate`] accepts has locked meetings that break
//! none of the rules [`violations`] holds a schedule to.

use std::collections::{HashMap, HashSet};
use std::fmt;

use super::{Instance, Meeting, Schedule};
use crate::FieldError;

/// A rule a list of meetings breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Problem {
    UnknownRequest(i64),
    Twice(i64),
    OutOfGrid(i64),
    TableClash {
        slot: usize,
        table: usize,
    },
    PartyClash {
        side: &'static str,
        id: i64,
        slot: usize,
    },
    Unavailable {
        request: i64,
        slot: usize,
    },
    OverMax {
        side: &'static str,
        id: i64,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::UnknownRequest(r) => write!(f, "meeting for unknown request {r}"),
            Problem::Twice(r) => write!(f, "request {r} has more than one meeting"),
            Problem::OutOfGrid(r) => write!(f, "request {r}'s meeting is outside the grid"),
            Problem::TableClash { slot, table } => {
                write!(f, "table {table} has two meetings in slot {slot}")
            }
            Problem::PartyClash { side, id, slot } => {
                write!(f, "{side} {id} has two meetings in slot {slot}")
            }
            Problem::Unavailable { request, slot } => {
                write!(
                    f,
                    "request {request} is in slot {slot}, when a party is unavailable"
                )
            }
            Problem::OverMax { side, id } => {
                write!(f, "{side} {id} has more meetings than its maximum")
            }
        }
    }
}

impl Problem {
    /// The problem, found among an instance's locked meetings, as a field error.
    fn field_error(&self) -> FieldError {
        let (ja, en) = match self {
            Problem::UnknownRequest(_) => (
                "確定済みの商談に、存在しない商談申込みのものがあります。",
                "A fixed meeting names a request that does not exist.",
            ),
            Problem::Twice(_) => (
                "同じ商談申込みに確定済みの商談が複数あります。",
                "A request has more than one fixed meeting.",
            ),
            Problem::OutOfGrid(_) => (
                "確定済みの商談の時間枠またはテーブルが範囲外です。",
                "A fixed meeting's time slot or table is outside the event's.",
            ),
            Problem::TableClash { .. } => (
                "確定済みの商談が、同じ時間枠の同じテーブルに重なっています。",
                "Two fixed meetings share a table in the same time slot.",
            ),
            Problem::PartyClash { .. } => (
                "同じ参加者に、同じ時間枠の確定済みの商談が2件あります。",
                "A party has two fixed meetings in the same time slot.",
            ),
            Problem::Unavailable { .. } => (
                "確定済みの商談が、参加者の参加できない時間枠にあります。",
                "A fixed meeting is in a time slot one of its parties is not available in.",
            ),
            Problem::OverMax { .. } => (
                "確定済みの商談の数が、参加者の商談数の上限を超えています。",
                "A party has more fixed meetings than its maximum.",
            ),
        };
        FieldError::new("locked", ja, en)
    }
}

/// What is wrong with the instance, each problem once, in both languages: no slot or table,
/// availability lists of the wrong length, ids used twice, requests naming parties that do
/// not exist, locked meetings that break a rule of the schedule.
pub fn validate(inst: &Instance) -> Vec<FieldError> {
    let mut errors: Vec<FieldError> = Vec::new();
    let mut push = |e: FieldError| {
        if !errors.contains(&e) {
            errors.push(e);
        }
    };
    if inst.slots == 0 {
        push(FieldError::new(
            "slots",
            "時間枠を1つ以上設けてください。",
            "Set at least one time slot.",
        ));
    }
    if inst.tables == 0 {
        push(FieldError::new(
            "tables",
            "テーブルを1つ以上設けてください。",
            "Set at least one table.",
        ));
    }
    for (field, list) in [("buyers", &inst.buyers), ("sellers", &inst.sellers)] {
        if list.iter().any(|p| p.available.len() != inst.slots) {
            push(FieldError::new(
                field,
                "参加可能な時間枠の数が、時間枠の数と合っていません。",
                "A party's availability does not have one entry per time slot.",
            ));
        }
        if !unique(list.iter().map(|p| p.id)) {
            push(FieldError::new(
                field,
                "同じIDの参加者が複数あります。",
                "Two parties have the same id.",
            ));
        }
    }
    for r in &inst.requests {
        if r.buyer >= inst.buyers.len() {
            push(FieldError::new(
                "requests",
                "存在しないバイヤーへの商談申込みがあります。",
                "A meeting request names a buyer that does not exist.",
            ));
        }
        if r.seller >= inst.sellers.len() {
            push(FieldError::new(
                "requests",
                "存在しないセラーへの商談申込みがあります。",
                "A meeting request names a seller that does not exist.",
            ));
        }
    }
    if !unique(inst.requests.iter().map(|r| r.id)) {
        push(FieldError::new(
            "requests",
            "同じIDの商談申込みが複数あります。",
            "Two meeting requests have the same id.",
        ));
    }
    for p in problems(inst, &inst.locked) {
        push(p.field_error());
    }
    errors
}

/// Every rule the schedule breaks, in words (for tests, the benchmark and logs); empty when
/// it keeps them all.
pub fn violations(inst: &Instance, s: &Schedule) -> Vec<String> {
    let mut out: Vec<String> = problems(inst, &s.meetings)
        .iter()
        .map(ToString::to_string)
        .collect();
    for m in &inst.locked {
        if !s.meetings.contains(m) {
            out.push(format!(
                "locked meeting of request {} (slot {}, table {}) is not kept",
                m.request, m.slot, m.table
            ));
        }
    }
    let placed: HashSet<i64> = s.meetings.iter().map(|m| m.request).collect();
    let mut listed = HashSet::new();
    for &r in &s.unplaced {
        if placed.contains(&r) {
            out.push(format!("request {r} is both placed and unplaced"));
        }
        if !listed.insert(r) {
            out.push(format!("request {r} is listed unplaced twice"));
        }
        if !inst.requests.iter().any(|q| q.id == r) {
            out.push(format!("unplaced request {r} does not exist"));
        }
    }
    for r in &inst.requests {
        if !placed.contains(&r.id) && !listed.contains(&r.id) {
            out.push(format!("request {} is neither placed nor unplaced", r.id));
        }
    }
    out
}

/// The rules a list of meetings breaks (see [`Problem`]).
fn problems(inst: &Instance, meetings: &[Meeting]) -> Vec<Problem> {
    let mut out = Vec::new();
    // An id used twice (which `validate` refuses) stands for its first request, as on the
    // scheduler's board.
    let mut index: HashMap<i64, usize> = HashMap::with_capacity(inst.requests.len());
    for (i, r) in inst.requests.iter().enumerate() {
        index.entry(r.id).or_insert(i);
    }
    let mut seen = HashSet::new();
    let mut tables = HashSet::new();
    let mut busy = HashSet::new();
    let mut load: HashMap<(&'static str, usize), usize> = HashMap::new();
    for m in meetings {
        let Some(&i) = index.get(&m.request) else {
            out.push(Problem::UnknownRequest(m.request));
            continue;
        };
        if !seen.insert(m.request) {
            out.push(Problem::Twice(m.request));
        }
        if m.slot >= inst.slots || m.table >= inst.tables {
            out.push(Problem::OutOfGrid(m.request));
            continue;
        }
        if !tables.insert((m.slot, m.table)) {
            out.push(Problem::TableClash {
                slot: m.slot,
                table: m.table,
            });
        }
        let r = &inst.requests[i];
        let sides = [
            ("buyer", r.buyer, inst.buyers.get(r.buyer)),
            ("seller", r.seller, inst.sellers.get(r.seller)),
        ];
        for (side, at, party) in sides {
            let Some(party) = party else {
                out.push(Problem::UnknownRequest(m.request));
                continue;
            };
            if !busy.insert((side, at, m.slot)) {
                out.push(Problem::PartyClash {
                    side,
                    id: party.id,
                    slot: m.slot,
                });
            }
            if party.available.get(m.slot) != Some(&true) {
                out.push(Problem::Unavailable {
                    request: m.request,
                    slot: m.slot,
                });
            }
            let n = load.entry((side, at)).or_insert(0);
            *n += 1;
            if *n == party.max_meetings + 1 {
                out.push(Problem::OverMax { side, id: party.id });
            }
        }
    }
    out
}

/// A number of meetings no schedule of the instance can exceed (locked ones included), for
/// a valid instance: the least of
///
/// - the requests both of whose parties share an available slot;
/// - over the buyers, the sum of each one's least of its maximum, its available slots and
///   its requests; the same over the sellers;
/// - over the slots, the sum of each one's least of the tables, the buyers and the sellers
///   available then with a request.
pub fn upper_bound(inst: &Instance) -> usize {
    let open = |p: &super::Party, s: usize| p.available.get(s) == Some(&true);
    let feasible: Vec<_> = inst
        .requests
        .iter()
        .filter(
            |r| match (inst.buyers.get(r.buyer), inst.sellers.get(r.seller)) {
                (Some(b), Some(v)) => (0..inst.slots).any(|s| open(b, s) && open(v, s)),
                _ => false,
            },
        )
        .collect();
    let mut per_buyer = vec![0usize; inst.buyers.len()];
    let mut per_seller = vec![0usize; inst.sellers.len()];
    for r in &feasible {
        per_buyer[r.buyer] += 1;
        per_seller[r.seller] += 1;
    }
    let side = |parties: &[super::Party], requests: &[usize]| -> usize {
        parties
            .iter()
            .zip(requests)
            .map(|(p, &n)| {
                let slots = (0..inst.slots).filter(|&s| open(p, s)).count();
                p.max_meetings.min(slots).min(n)
            })
            .sum()
    };
    let by_slot: usize = (0..inst.slots)
        .map(|s| {
            let count = |parties: &[super::Party], requests: &[usize]| {
                parties
                    .iter()
                    .zip(requests)
                    .filter(|(p, n)| **n > 0 && p.max_meetings > 0 && open(p, s))
                    .count()
            };
            inst.tables
                .min(count(&inst.buyers, &per_buyer))
                .min(count(&inst.sellers, &per_seller))
        })
        .sum();
    feasible
        .len()
        .min(side(&inst.buyers, &per_buyer))
        .min(side(&inst.sellers, &per_seller))
        .min(by_slot)
}

fn unique(ids: impl Iterator<Item = i64>) -> bool {
    let mut seen = HashSet::new();
    ids.into_iter().all(|id| seen.insert(id))
}
