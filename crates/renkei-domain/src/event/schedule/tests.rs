//! The scheduler's tests: small cases written out, then properties over random small
//! instances (no rule broken, locked meetings kept, every request accounted for, never more
//! than the optimum or the bound), and the greedy held against the exhaustive optimum on a
//! fixed sample.

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

use super::*;

fn party(id: i64, available: &[bool], max_meetings: usize) -> Party {
    Party {
        id,
        available: available.to_vec(),
        max_meetings,
    }
}

fn request(id: i64, buyer: usize, seller: usize, priority: u32) -> Request {
    Request {
        id,
        buyer,
        seller,
        priority,
    }
}

fn placed(s: &Schedule) -> Vec<i64> {
    let mut ids: Vec<i64> = s.meetings.iter().map(|m| m.request).collect();
    ids.sort_unstable();
    ids
}

fn slot_of(s: &Schedule, request: i64) -> Option<usize> {
    s.meetings
        .iter()
        .find(|m| m.request == request)
        .map(|m| m.slot)
}

/// One buyer, `n` sellers, every slot open, one request per seller.
fn one_buyer(slots: usize, n: usize, max: usize) -> Instance {
    let all = vec![true; slots];
    Instance {
        slots,
        tables: 4,
        buyers: vec![party(1, &all, max)],
        sellers: (0..n).map(|i| party(10 + i as i64, &all, 5)).collect(),
        requests: (0..n).map(|i| request(100 + i as i64, 0, i, 1)).collect(),
        locked: vec![],
    }
}

#[test]
fn a_buyers_meetings_follow_one_another() {
    let inst = one_buyer(8, 3, 8);
    let s = schedule(&inst);
    assert!(violations(&inst, &s).is_empty());
    let mut slots: Vec<usize> = s.meetings.iter().map(|m| m.slot).collect();
    slots.sort_unstable();
    assert_eq!(slots.len(), 3);
    assert_eq!(slots[2] - slots[0], 2, "no gap: {slots:?}");
}

#[test]
fn limits_and_priorities_decide_who_is_left_out() {
    let mut inst = one_buyer(4, 3, 2);
    inst.requests[1].priority = 5;
    inst.requests[2].priority = 3;
    let s = schedule(&inst);
    assert!(violations(&inst, &s).is_empty());
    assert_eq!(placed(&s), vec![101, 102]);
    assert_eq!(s.unplaced, vec![100]);
}

#[test]
fn the_higher_priority_gets_the_only_slot() {
    let inst = Instance {
        slots: 2,
        tables: 1,
        buyers: vec![party(1, &[true, false], 3), party(2, &[true, false], 3)],
        sellers: vec![party(3, &[true, true], 3)],
        requests: vec![request(10, 0, 0, 1), request(11, 1, 0, 2)],
        locked: vec![],
    };
    let s = schedule(&inst);
    assert_eq!(placed(&s), vec![11]);
    assert_eq!(s.unplaced, vec![10]);
    assert_eq!(upper_bound(&inst), 1);
    assert_eq!(exact(&inst), 1);
}

#[test]
fn locked_meetings_stay_and_others_go_around_them() {
    let mut inst = one_buyer(3, 3, 3);
    inst.tables = 1;
    let fixed = Meeting {
        request: 101,
        slot: 1,
        table: 0,
    };
    inst.locked = vec![fixed.clone()];
    assert!(validate(&inst).is_empty());
    let s = schedule(&inst);
    assert!(violations(&inst, &s).is_empty());
    assert!(s.meetings.contains(&fixed));
    assert_eq!(s.meetings.len(), 3);
}

/// The greedy puts the first request (priority) in slot 0 where it is alone; the second can
/// only meet in slot 0: the augmenting move shifts the first to slot 1.
#[test]
fn an_augmenting_move_makes_room() {
    let inst = Instance {
        slots: 2,
        tables: 2,
        buyers: vec![party(1, &[true, true], 2)],
        sellers: vec![party(2, &[true, true], 2), party(3, &[true, false], 2)],
        requests: vec![request(10, 0, 0, 9), request(11, 0, 1, 1)],
        locked: vec![],
    };
    let s = schedule(&inst);
    assert!(violations(&inst, &s).is_empty());
    assert_eq!(slot_of(&s, 11), Some(0));
    assert_eq!(slot_of(&s, 10), Some(1));
}

#[test]
fn full_tables_are_freed_by_shifting_a_meeting() {
    // One table. Request 10 (priority) could meet in either slot; 11 only in slot 0.
    let inst = Instance {
        slots: 2,
        tables: 1,
        buyers: vec![party(1, &[true, true], 1), party(2, &[true, false], 1)],
        sellers: vec![party(3, &[true, true], 1), party(4, &[true, true], 1)],
        requests: vec![request(10, 0, 0, 9), request(11, 1, 1, 1)],
        locked: vec![],
    };
    let s = schedule(&inst);
    assert!(violations(&inst, &s).is_empty());
    assert_eq!(s.meetings.len(), 2);
    assert_eq!(exact(&inst), 2);
}

#[test]
fn tables_are_numbered_around_the_locked_ones() {
    let mut inst = one_buyer(1, 1, 1);
    inst.buyers.push(party(2, &[true], 1));
    inst.requests.push(request(200, 1, 0, 1));
    inst.sellers.push(party(11, &[true], 1));
    inst.requests[1].seller = 1;
    inst.tables = 2;
    inst.locked = vec![Meeting {
        request: 100,
        slot: 0,
        table: 0,
    }];
    let s = schedule(&inst);
    assert!(violations(&inst, &s).is_empty());
    assert_eq!(
        s.meetings,
        vec![
            Meeting {
                request: 100,
                slot: 0,
                table: 0
            },
            Meeting {
                request: 200,
                slot: 0,
                table: 1
            },
        ]
    );
}

#[test]
fn an_invalid_instance_is_refused_in_both_languages() {
    let inst = Instance {
        slots: 2,
        tables: 1,
        buyers: vec![party(1, &[true], 1)],
        sellers: vec![party(2, &[true, true], 1), party(2, &[true, true], 1)],
        requests: vec![request(10, 0, 5, 1), request(10, 3, 0, 1)],
        locked: vec![
            Meeting {
                request: 99,
                slot: 0,
                table: 0,
            },
            Meeting {
                request: 10,
                slot: 4,
                table: 0,
            },
        ],
    };
    let errors = validate(&inst);
    let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
    assert_eq!(
        fields,
        vec![
            "buyers", "sellers", "requests", "requests", "requests", "locked", "locked"
        ]
    );
    assert!(
        errors
            .iter()
            .all(|e| !e.message.ja.is_empty() && e.message.en.ends_with('.'))
    );
    // It still answers, without panicking.
    let _ = schedule(&inst);

    let empty = Instance {
        slots: 0,
        tables: 0,
        buyers: vec![],
        sellers: vec![],
        requests: vec![],
        locked: vec![],
    };
    assert_eq!(validate(&empty).len(), 2);
    assert_eq!(schedule(&empty).meetings, vec![]);
}

#[test]
fn clashing_locked_meetings_are_refused() {
    let mut inst = one_buyer(2, 2, 1);
    inst.locked = vec![
        Meeting {
            request: 100,
            slot: 0,
            table: 0,
        },
        Meeting {
            request: 101,
            slot: 0,
            table: 0,
        },
    ];
    let en: Vec<&str> = validate(&inst).iter().map(|e| e.message.en).collect();
    assert_eq!(
        en,
        vec![
            "Two fixed meetings share a table in the same time slot.",
            "A party has two fixed meetings in the same time slot.",
            "A party has more fixed meetings than its maximum.",
        ]
    );
}

#[test]
fn violations_name_every_broken_rule() {
    let inst = one_buyer(2, 3, 1);
    let bad = Schedule {
        meetings: vec![
            Meeting {
                request: 100,
                slot: 0,
                table: 0,
            },
            Meeting {
                request: 101,
                slot: 0,
                table: 0,
            },
            Meeting {
                request: 7,
                slot: 5,
                table: 0,
            },
        ],
        unplaced: vec![100],
    };
    let v = violations(&inst, &bad);
    assert_eq!(
        v,
        vec![
            "table 0 has two meetings in slot 0",
            "buyer 1 has two meetings in slot 0",
            "buyer 1 has more meetings than its maximum",
            "meeting for unknown request 7",
            "request 100 is both placed and unplaced",
            "request 102 is neither placed nor unplaced",
        ]
    );
}

/// Small random instances, valid by construction: 1–4 slots, 1–3 tables, 1–3 buyers and
/// sellers (available 3 slots in 4, at most 0–3 meetings), up to `max_requests` requests and
/// up to 3 locked meetings (those that keep the instance valid).
fn instance(max_requests: usize) -> impl Strategy<Value = Instance> {
    sized(4, 3, 3, max_requests)
}

/// Random instances of up to the sizes given, valid by construction (see [`instance`]).
fn sized(
    max_slots: usize,
    max_tables: usize,
    max_parties: usize,
    max_requests: usize,
) -> impl Strategy<Value = Instance> {
    (
        1..=max_slots,
        1..=max_tables,
        1..=max_parties,
        1..=max_parties,
    )
        .prop_flat_map(move |(slots, tables, nb, ns)| {
            let party = move || {
                (
                    prop::collection::vec(prop::bool::weighted(0.75), slots),
                    0usize..=3,
                )
            };
            (
                Just((slots, tables)),
                prop::collection::vec(party(), nb),
                prop::collection::vec(party(), ns),
                prop::collection::vec((0..nb, 0..ns, 0u32..3), 0..=max_requests),
                prop::collection::vec((0..max_requests.max(1), 0..slots, 0..tables), 0..=3),
            )
        })
        .prop_map(|((slots, tables), buyers, sellers, requests, locked)| {
            let parties = |list: Vec<(Vec<bool>, usize)>, base: i64| -> Vec<Party> {
                list.into_iter()
                    .enumerate()
                    .map(|(i, (available, max_meetings))| Party {
                        id: base + i as i64,
                        available,
                        max_meetings,
                    })
                    .collect()
            };
            let mut inst = Instance {
                slots,
                tables,
                buyers: parties(buyers, 100),
                sellers: parties(sellers, 200),
                requests: requests
                    .into_iter()
                    .enumerate()
                    .map(|(i, (buyer, seller, priority))| {
                        request(1000 + i as i64, buyer, seller, priority)
                    })
                    .collect(),
                locked: vec![],
            };
            for (r, slot, table) in locked {
                let Some(req) = inst.requests.get(r) else {
                    continue;
                };
                inst.locked.push(Meeting {
                    request: req.id,
                    slot,
                    table,
                });
                if !validate(&inst).is_empty() {
                    inst.locked.pop();
                }
            }
            inst
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn a_schedule_keeps_every_rule(inst in instance(10)) {
        prop_assert!(validate(&inst).is_empty());
        let s = schedule(&inst);
        prop_assert_eq!(violations(&inst, &s), Vec::<String>::new());
        for m in &inst.locked {
            prop_assert!(s.meetings.contains(m));
        }
        prop_assert_eq!(s.meetings.len() + s.unplaced.len(), inst.requests.len());
        let best = exact(&inst);
        prop_assert!(s.meetings.len() <= best);
        prop_assert!(best <= upper_bound(&inst));
        prop_assert!(profile(&inst, &s) <= exact_by_priority(&inst));
        // The same instance, the same schedule.
        prop_assert_eq!(schedule(&inst), s);
    }

    /// Larger instances (up to 8 slots, 4 tables, 8 buyers and sellers, 60 requests), too
    /// large for the exhaustive search: the rules and the bound.
    #[test]
    fn a_larger_schedule_keeps_every_rule(inst in sized(8, 4, 8, 60)) {
        prop_assert!(validate(&inst).is_empty());
        let s = schedule(&inst);
        prop_assert_eq!(violations(&inst, &s), Vec::<String>::new());
        prop_assert_eq!(s.meetings.len() + s.unplaced.len(), inst.requests.len());
        prop_assert!(s.meetings.len() <= upper_bound(&inst));
    }
}

/// The greedy against the exhaustive optimum on a fixed sample of 2,000 instances of up to
/// 12 requests (a deterministic runner: the same instances at every run): the number of
/// meetings in total, on how many instances the greedy placed fewer, and its worst ratio.
fn against_the_optimum(flat: bool) -> (usize, usize, usize, f64) {
    let mut runner = TestRunner::deterministic();
    let strategy = instance(12);
    let (mut greedy_total, mut exact_total, mut below, mut worst) = (0, 0, 0, 1.0f64);
    for _ in 0..2_000 {
        let mut inst = strategy
            .new_tree(&mut runner)
            .expect("an instance")
            .current();
        if flat {
            inst.requests.iter_mut().for_each(|r| r.priority = 0);
        }
        let greedy = schedule(&inst).meetings.len();
        let best = exact(&inst);
        greedy_total += greedy;
        exact_total += best;
        if greedy < best {
            below += 1;
            worst = worst.min(greedy as f64 / best as f64);
        }
    }
    eprintln!(
        "priorities {}: greedy {greedy_total} / optimum {exact_total}; \
         fewer on {below} of 2,000; worst ratio {worst:.2}",
        if flat { "equal" } else { "random" }
    );
    (greedy_total, exact_total, below, worst)
}

/// With equal priorities the scheduler is held to the optimum of the count. Observed when
/// written: 1,801 meetings against 1,801, never fewer (before the augmenting moves went
/// deeper than one level: 1,800, fewer on 1 instance, 3 against 4).
#[test]
fn the_greedy_is_close_to_the_optimum() {
    let (greedy, best, _, worst) = against_the_optimum(true);
    assert!(greedy * 1000 >= best * 995, "{greedy} of {best}");
    assert!(worst >= 0.75);
}

/// The meetings of a schedule per priority, the highest first, in the form
/// [`exact_by_priority`] answers.
fn profile(inst: &Instance, s: &Schedule) -> Vec<(u32, usize)> {
    let mut classes: Vec<u32> = inst.requests.iter().map(|r| r.priority).collect();
    classes.sort_unstable_by(|a, b| b.cmp(a));
    classes.dedup();
    classes
        .into_iter()
        .map(|p| {
            let n = s
                .meetings
                .iter()
                .filter(|m| {
                    inst.requests
                        .iter()
                        .any(|r| r.id == m.request && r.priority == p)
                })
                .count();
            (p, n)
        })
        .collect()
}

/// With priorities the scheduler's aim is the most meetings of the highest priority, then of
/// the next …: it is held against the exhaustive optimum of that order on the same fixed
/// sample (and gives up a little of the count for it). Observed when written: the optimum's
/// profile on 1,994 instances of 2,000; 1,790 meetings against the count's optimum of 1,801.
#[test]
fn priorities_come_first() {
    let mut runner = TestRunner::deterministic();
    let strategy = instance(12);
    let mut same = 0;
    for _ in 0..2_000 {
        let inst = strategy
            .new_tree(&mut runner)
            .expect("an instance")
            .current();
        let got = profile(&inst, &schedule(&inst));
        let best = exact_by_priority(&inst);
        assert!(got <= best, "{got:?} beats the optimum {best:?}");
        same += usize::from(got == best);
    }
    eprintln!("priorities random: the optimum's profile on {same} of 2,000");
    let (greedy, best, _, worst) = against_the_optimum(false);
    assert!(same >= 1_980, "{same}");
    assert!(greedy * 100 >= best * 99, "{greedy} of {best}");
    assert!(worst >= 0.5);
}

/// The greedy, by priority, fills a party's one meeting and a slot with meetings of priority
/// 0 that a request of priority 1 (request 9) needs; bumping gives them up for it, which is
/// the optimum by priority.
#[test]
fn a_lower_priority_gives_way() {
    let p = |id, available: [bool; 4], max| party(id, &available, max);
    let (t, f) = (true, false);
    let inst = Instance {
        slots: 4,
        tables: 2,
        buyers: vec![
            p(100, [t, t, t, f], 3),
            p(101, [f, f, t, f], 1),
            p(102, [f, f, t, t], 2),
            p(103, [t, f, t, t], 2),
        ],
        sellers: vec![
            p(200, [t, f, f, t], 3),
            p(201, [t, f, t, t], 3),
            p(202, [t, t, t, t], 2),
            p(203, [f, t, t, f], 1),
        ],
        requests: [
            (3, 2, 1),
            (3, 0, 2),
            (2, 0, 1),
            (3, 1, 2),
            (2, 1, 0),
            (0, 3, 0),
            (2, 2, 1),
            (1, 0, 0),
            (2, 3, 1),
            (1, 2, 2),
            (0, 2, 2),
            (3, 3, 1),
        ]
        .into_iter()
        .enumerate()
        .map(|(i, (b, s, prio))| request(i as i64 + 1, b, s, prio))
        .collect(),
        locked: vec![Meeting {
            request: 11,
            slot: 2,
            table: 1,
        }],
    };
    assert!(validate(&inst).is_empty());
    let s = schedule(&inst);
    assert!(violations(&inst, &s).is_empty());
    assert_eq!(profile(&inst, &s), exact_by_priority(&inst));
    assert_eq!(profile(&inst, &s), vec![(2, 3), (1, 2), (0, 0)]);
    assert_eq!(slot_of(&s, 9), Some(2));
}
