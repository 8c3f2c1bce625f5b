//! The business-meeting scheduler's benchmark: a generated 商談会 of 200 buyers, 400 sellers
//! and 4,000 accepted requests on 12 slots × 50 tables (each party available in about 80 %
//! of the slots, with its own limit of meetings, 20 meetings locked), seeded so every run
//! schedules the same event; then small events, where the greedy is held against the
//! exhaustive optimum.
//!
//! Run it in release: `cargo run --release -p renkei-domain --example schedule_bench`.

use std::time::{Duration, Instant};

use renkei_domain::event::schedule::{
    Instance, Meeting, Party, Request, Schedule, exact, exact_by_priority, schedule, upper_bound,
    validate, violations,
};

/// SplitMix64: a small, fully specified generator, enough to make the same event each run.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// In `lo..=hi` (the slight modulo bias does not matter here).
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

struct Shape {
    slots: usize,
    tables: usize,
    buyers: usize,
    sellers: usize,
    requests: usize,
    locked: usize,
    available: u64,
    buyer_max: (usize, usize),
    seller_max: (usize, usize),
}

/// An event of the shape: distinct buyer–seller pairs, priorities 0–2, and locked meetings
/// taken from the requests where they keep the instance valid.
fn generate(g: &mut Gen, shape: &Shape) -> Instance {
    let party = |g: &mut Gen, id: i64, (lo, hi): (usize, usize)| Party {
        id,
        available: (0..shape.slots)
            .map(|_| g.chance(shape.available))
            .collect(),
        max_meetings: g.range(lo, hi),
    };
    let buyers: Vec<Party> = (0..shape.buyers)
        .map(|i| party(g, 10_000 + i as i64, shape.buyer_max))
        .collect();
    let sellers: Vec<Party> = (0..shape.sellers)
        .map(|i| party(g, 20_000 + i as i64, shape.seller_max))
        .collect();
    let mut pairs = std::collections::HashSet::new();
    let mut requests = Vec::with_capacity(shape.requests);
    while requests.len() < shape.requests {
        let (buyer, seller) = (g.range(0, shape.buyers - 1), g.range(0, shape.sellers - 1));
        if pairs.insert((buyer, seller)) {
            requests.push(Request {
                id: requests.len() as i64 + 1,
                buyer,
                seller,
                priority: g.range(0, 2) as u32,
            });
        }
    }
    let mut inst = Instance {
        slots: shape.slots,
        tables: shape.tables,
        buyers,
        sellers,
        requests,
        locked: vec![],
    };
    let mut tries = 0;
    while inst.locked.len() < shape.locked && tries < 100 * shape.locked {
        tries += 1;
        let r = g.range(0, inst.requests.len() - 1);
        inst.locked.push(Meeting {
            request: inst.requests[r].id,
            slot: g.range(0, shape.slots - 1),
            table: g.range(0, shape.tables - 1),
        });
        if !validate(&inst).is_empty() {
            inst.locked.pop();
        }
    }
    inst
}

/// The idle slots between each party's first and last meeting, summed over the parties.
fn idle_gaps(inst: &Instance, s: &Schedule) -> usize {
    let mut days = vec![vec![false; inst.slots]; inst.buyers.len() + inst.sellers.len()];
    for m in &s.meetings {
        if let Some(r) = inst.requests.iter().find(|r| r.id == m.request) {
            days[r.buyer][m.slot] = true;
            days[inst.buyers.len() + r.seller][m.slot] = true;
        }
    }
    days.iter()
        .map(|d| {
            let busy: Vec<usize> = (0..d.len()).filter(|&s| d[s]).collect();
            match (busy.first(), busy.last()) {
                (Some(f), Some(l)) => l + 1 - f - busy.len(),
                _ => 0,
            }
        })
        .sum()
}

fn main() {
    let mut g = Gen(20_261_201);
    let shape = Shape {
        slots: 12,
        tables: 50,
        buyers: 200,
        sellers: 400,
        requests: 4_000,
        locked: 20,
        available: 80,
        buyer_max: (4, 12),
        seller_max: (2, 8),
    };
    let inst = generate(&mut g, &shape);
    assert!(validate(&inst).is_empty(), "the generated event is valid");

    let mut times: Vec<Duration> = Vec::new();
    let mut result = None;
    for _ in 0..5 {
        let start = Instant::now();
        let s = schedule(&inst);
        times.push(start.elapsed());
        result = Some(s);
    }
    times.sort();
    let Some(s) = result else { return };
    println!(
        "商談会: {} buyers, {} sellers, {} requests ({} locked), {} slots × {} tables",
        shape.buyers,
        shape.sellers,
        shape.requests,
        inst.locked.len(),
        shape.slots,
        shape.tables
    );
    println!(
        "  schedule: {:.1} ms (median of 5; fastest {:.1} ms, slowest {:.1} ms)",
        ms(times[2]),
        ms(times[0]),
        ms(times[4])
    );
    println!(
        "  placed {} of {} (upper bound {}); unplaced {}; violations {}; idle gaps {}",
        s.meetings.len(),
        shape.requests,
        upper_bound(&inst),
        s.unplaced.len(),
        violations(&inst, &s).len(),
        idle_gaps(&inst, &s)
    );

    // The same event with room for everyone's limits: 30 slots × 200 tables.
    let roomy = Shape {
        slots: 30,
        tables: 200,
        ..shape
    };
    let inst = generate(&mut g, &roomy);
    let start = Instant::now();
    let s = schedule(&inst);
    let took = start.elapsed();
    println!(
        "roomier (30 slots × 200 tables): {:.1} ms; placed {} (upper bound {}); \
         violations {}; idle gaps {}",
        ms(took),
        s.meetings.len(),
        upper_bound(&inst),
        violations(&inst, &s).len(),
        idle_gaps(&inst, &s)
    );

    small(&mut g);
}

/// Small events: one shown, then 1,000 against the exhaustive optimum.
fn small(g: &mut Gen) {
    let shape = Shape {
        slots: 4,
        tables: 2,
        buyers: 4,
        sellers: 4,
        requests: 12,
        locked: 1,
        available: 75,
        buyer_max: (1, 3),
        seller_max: (1, 3),
    };
    let inst = generate(g, &shape);
    let start = Instant::now();
    let best = exact(&inst);
    let took = start.elapsed();
    println!(
        "small (4 slots × 2 tables, 4 buyers, 4 sellers, 12 requests): greedy {}, \
         optimum {} (exhaustive search {:.2} ms), upper bound {}",
        schedule(&inst).meetings.len(),
        best,
        ms(took),
        upper_bound(&inst)
    );
    let (mut greedy_total, mut exact_total, mut fewer) = (0, 0, 0);
    let (mut same_priority, mut flat_total, mut flat_fewer) = (0, 0, 0);
    let mut slowest = Duration::ZERO;
    for _ in 0..1_000 {
        let inst = generate(g, &shape);
        let s = schedule(&inst);
        let greedy = s.meetings.len();
        same_priority += usize::from(profile(&inst, &s) == exact_by_priority(&inst));
        let mut flat = inst.clone();
        flat.requests.iter_mut().for_each(|r| r.priority = 0);
        let flat_greedy = schedule(&flat).meetings.len();
        flat_total += flat_greedy;
        let start = Instant::now();
        let best = exact(&inst);
        slowest = slowest.max(start.elapsed());
        greedy_total += greedy;
        exact_total += best;
        fewer += usize::from(greedy < best);
        flat_fewer += usize::from(flat_greedy < best);
    }
    println!(
        "1,000 small events (slowest exhaustive search {:.2} ms):",
        ms(slowest)
    );
    println!(
        "  equal priorities: {flat_total} meetings against the optimum's {exact_total} \
         ({:.2} %); fewer on {flat_fewer}",
        100.0 * flat_total as f64 / exact_total as f64,
    );
    println!(
        "  random priorities: the optimum by priority on {same_priority} of 1,000; \
         {greedy_total} meetings ({:.2} % of the count's optimum; fewer on {fewer})",
        100.0 * greedy_total as f64 / exact_total as f64,
    );
}

/// The meetings per priority, the highest first, as `exact_by_priority` answers.
fn profile(inst: &Instance, s: &Schedule) -> Vec<(u32, usize)> {
    let mut classes: Vec<u32> = inst.requests.iter().map(|r| r.priority).collect();
    classes.sort_unstable_by(|a, b| b.cmp(a));
    classes.dedup();
    let priority: std::collections::HashMap<i64, u32> =
        inst.requests.iter().map(|r| (r.id, r.priority)).collect();
    classes
        .into_iter()
        .map(|p| {
            let n = s
                .meetings
                .iter()
                .filter(|m| priority.get(&m.request) == Some(&p))
                .count();
            (p, n)
        })
        .collect()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1_000.0
}
