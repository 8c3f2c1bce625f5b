//! The lottery (抽選) for an event's places: who gets in and in which order the others wait.
//!
//! A draw is a pure function of a seed, the entrants and the number of places, so it can be
//! recorded (the seed with the list) and re-run by anyone to check it. The caller chooses the
//! seed (and should record it before the draw is made public); this module never reads a clock
//! or the system's randomness.
//!
//! The algorithm, written out so that it can be re-implemented elsewhere:
//!
//! 1. The entrants are sorted by tier (ascending, 0 first), then by key (ascending), so the
//!    order in which they were passed in does not matter.
//! 2. The generator is ChaCha20 (the `rand_chacha` crate's `ChaCha20Rng`, 20 rounds, stream
//!    0) made with `from_seed` from 32 bytes: the seed's 8 bytes little-endian, then 24 zero
//!    bytes. Each number drawn is its `next_u64`.
//! 3. Each tier in turn, in ascending order, is shuffled with Fisher–Yates (Durstenfeld's
//!    form): for `i` from the tier's length − 1 down to 1, draw `j` uniformly in `0..=i` and
//!    swap the entries at `i` and `j`. One generator runs through all the tiers.
//! 4. `j` uniform in `0..n` is drawn by rejection: let `r = 2^64 mod n`; draw `x`; if
//!    `x > 2^64 − 1 − r`, draw again; otherwise `j = x mod n`. Every `j` then has exactly
//!    `(2^64 − r) / n` values of `x`, so the draw has no bias.
//! 5. The shuffled tiers, one after the other, are the order: the first `places` entrants win
//!    and the rest are the waiting list, in order.
//!
//! Neither `rand`'s ranges nor its shuffles are used: their algorithms may change from one
//! version to the next, and a recorded draw must stay the same for ever. The golden test below
//! fails if the result of a fixed seed ever changes.

use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::{RngCore, SeedableRng};

/// One entry in the lottery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Entrant {
    /// The registration's id.
    pub key: i64,
    /// The priority group: 0 is drawn first (e.g. first-time participants), then 1, and so on.
    pub tier: u8,
}

/// The result of a draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draw {
    /// Every entrant's key: the winners first, then the waiting list in order.
    pub order: Vec<i64>,
    /// How many of `order`, from its start, won a place.
    pub winners: usize,
}

impl Draw {
    /// The keys that won a place.
    pub fn winners(&self) -> &[i64] {
        self.order.split_at(self.winners.min(self.order.len())).0
    }

    /// The waiting list, in order.
    pub fn waiting(&self) -> &[i64] {
        self.order.split_at(self.winners.min(self.order.len())).1
    }
}

/// Draws `places` winners among `entrants` with the generator seeded by `seed` (see the
/// module's doc for the exact algorithm). The same seed and entrants give the same draw, on
/// any machine, whatever the order of `entrants`.
pub fn draw(seed: u64, entrants: &[Entrant], places: usize) -> Draw {
    let mut sorted = entrants.to_vec();
    sorted.sort_by_key(|e| (e.tier, e.key));

    let mut rng = generator(seed);
    let mut order = Vec::with_capacity(sorted.len());
    for tier in sorted.chunk_by_mut(|a, b| a.tier == b.tier) {
        shuffle(&mut rng, tier);
        order.extend(tier.iter().map(|e| e.key));
    }
    Draw {
        winners: places.min(order.len()),
        order,
    }
}

/// The generator: ChaCha20 from the seed's bytes little-endian followed by 24 zeros.
fn generator(seed: u64) -> ChaCha20Rng {
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    ChaCha20Rng::from_seed(bytes)
}

/// Fisher–Yates (Durstenfeld): from the last position down to the second, swap with a
/// uniformly drawn position at or before it.
fn shuffle<T>(rng: &mut ChaCha20Rng, items: &mut [T]) {
    for i in (1..items.len()).rev() {
        // `i + 1` fits in u64 (a slice is never longer than u64::MAX) and the result is ≤ i.
        let j = below(rng, i as u64 + 1) as usize;
        items.swap(i, j);
    }
}

/// A number uniform in `0..n` (`n` ≥ 1) by rejection sampling over `next_u64`: values above
/// the largest multiple of `n` that fits in 2^64 are drawn again.
fn below(rng: &mut ChaCha20Rng, n: u64) -> u64 {
    debug_assert!(n > 0);
    // 2^64 mod n, computed without 2^64: (2^64 − 1) mod n + 1, wrapped at n.
    let rest = (u64::MAX % n + 1) % n;
    let last = u64::MAX - rest;
    loop {
        let x = rng.next_u64();
        if x <= last {
            return x % n;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entrants(n: i64, tier: u8) -> Vec<Entrant> {
        (1..=n).map(|key| Entrant { key, tier }).collect()
    }

    #[test]
    fn the_same_seed_gives_the_same_draw() {
        let list = entrants(30, 0);
        assert_eq!(draw(7, &list, 10), draw(7, &list, 10));
        assert_ne!(draw(7, &list, 10).order, draw(8, &list, 10).order);
    }

    #[test]
    fn the_order_of_the_entrants_does_not_matter() {
        let mut list = entrants(20, 0);
        list.extend((21..=30).map(|key| Entrant { key, tier: 1 }));
        let first = draw(99, &list, 12);
        list.reverse();
        assert_eq!(draw(99, &list, 12), first);
        list.swap(3, 17);
        list.rotate_left(5);
        assert_eq!(draw(99, &list, 12), first);
    }

    #[test]
    fn a_lower_tier_always_comes_first() {
        let mut list = entrants(10, 1);
        list.extend((11..=15).map(|key| Entrant { key, tier: 0 }));
        list.extend((16..=18).map(|key| Entrant { key, tier: 2 }));
        for seed in 0..200 {
            let d = draw(seed, &list, 4);
            let tier = |k: &i64| list.iter().find(|e| e.key == *k).map(|e| e.tier);
            let tiers: Vec<_> = d.order.iter().map(tier).collect();
            assert!(tiers.is_sorted(), "seed {seed}: {tiers:?}");
            assert!(d.winners().iter().all(|k| (11..=15).contains(k)));
        }
    }

    #[test]
    fn everyone_is_in_the_order_once() {
        let list = entrants(50, 0);
        let d = draw(3, &list, 20);
        let mut keys = d.order.clone();
        keys.sort_unstable();
        assert_eq!(keys, (1..=50).collect::<Vec<_>>());
        assert_eq!(d.winners().len(), 20);
        assert_eq!(d.waiting().len(), 30);
    }

    #[test]
    fn with_enough_places_everyone_wins() {
        let list = entrants(5, 0);
        for places in [5, 6, 100] {
            let d = draw(1, &list, places);
            assert_eq!(d.winners, 5);
            assert!(d.waiting().is_empty());
        }
        assert_eq!(
            draw(1, &[], 3),
            Draw {
                order: vec![],
                winners: 0
            }
        );
        assert_eq!(draw(1, &list, 0).winners, 0);
    }

    /// The golden values: if the generator, the seeding, the shuffle or the sampling ever
    /// change, recorded draws could no longer be checked, and this test fails.
    #[test]
    fn a_fixed_seed_gives_the_recorded_order() {
        let mut list = entrants(8, 1);
        list.extend((9..=10).map(|key| Entrant { key, tier: 0 }));
        let d = draw(20_261_201, &list, 5);
        assert_eq!(d.order, GOLDEN_ORDER);
        assert_eq!(d.winners, 5);

        let d = draw(0, &entrants(12, 0), 3);
        assert_eq!(d.order, GOLDEN_ZERO);
    }

    const GOLDEN_ORDER: [i64; 10] = [9, 10, 2, 5, 7, 8, 1, 4, 6, 3];
    const GOLDEN_ZERO: [i64; 12] = [1, 2, 10, 6, 12, 9, 4, 3, 5, 11, 8, 7];

    #[test]
    fn the_generator_is_chacha20_seeded_little_endian() {
        // The first bytes of ChaCha20's keystream for an all-zero key and nonce, block 0
        // (RFC 7539, appendix A.1, test vector #1: 76 b8 e0 ad a0 f1 3d 90 …).
        let mut rng = generator(0);
        assert_eq!(
            rng.next_u64(),
            u64::from_le_bytes([0x76, 0xb8, 0xe0, 0xad, 0xa0, 0xf1, 0x3d, 0x90])
        );
    }

    #[test]
    fn each_entrant_wins_a_single_place_about_as_often() {
        let list = entrants(4, 0);
        let mut wins = [0u32; 4];
        for seed in 0..4_000 {
            let d = draw(seed, &list, 1);
            wins[(d.order[0] - 1) as usize] += 1;
        }
        for (i, w) in wins.iter().enumerate() {
            assert!((800..=1_200).contains(w), "entrant {}: {w} of 4,000", i + 1);
        }
    }

    #[test]
    fn below_is_in_range_and_covers_it() {
        let mut rng = generator(5);
        let mut seen = [false; 7];
        for _ in 0..1_000 {
            let x = below(&mut rng, 7);
            seen[x as usize] = true;
        }
        assert!(seen.iter().all(|s| *s));
        assert_eq!(below(&mut rng, 1), 0);
    }
}
