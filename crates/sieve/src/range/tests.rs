//! The range count against primal's sieve and against pi(10^k).

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

use super::*;

/// pi(n) by primal (0 for n = 0).
fn pi(sieve: &primal::Sieve, n: u64) -> u64 {
    sieve.prime_pi(n as usize) as u64
}

/// The primes in `lo..=hi` by primal.
fn oracle(sieve: &primal::Sieve, lo: u64, hi: u64) -> u64 {
    if hi < lo {
        0
    } else {
        pi(sieve, hi) - if lo == 0 { 0 } else { pi(sieve, lo - 1) }
    }
}

#[test]
fn edge_ranges_match_primal() {
    let sieve = primal::Sieve::new(3_000_000);
    let squares = [9, 25, 49, 121, 169, 961, 1_018_081]; // 1009^2 = 1018081
    let mut ranges = vec![
        (0, 0),
        (0, 1),
        (1, 1),
        (0, 2),
        (1, 2),
        (2, 2),
        (2, 3),
        (3, 3),
        (4, 4),
        (0, 100),
        (5, 4),
        (100, 0),
        (4, 3),
    ];
    for s in squares {
        for (a, b) in [
            (s - 1, s),
            (s, s),
            (s, s + 1),
            (s - 5, s + 5),
            (s - 2, s - 2),
            (s + 2, s + 2),
        ] {
            ranges.push((a, b));
        }
        ranges.push((0, s));
        ranges.push((s, 2_999_999));
    }
    for lo in 0..40 {
        for hi in 0..40 {
            ranges.push((lo, hi));
        }
    }
    for (lo, hi) in ranges {
        assert_eq!(count_range(lo, hi, 1), oracle(&sieve, lo, hi), "{lo}..={hi}");
    }
}

#[test]
fn random_ranges_match_primal_on_any_thread_count() {
    let top = 20_000_000;
    let sieve = primal::Sieve::new(top as usize);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(33);
    for round in 0..300 {
        // Tiny, short and long ranges, a few crossing many segments.
        let width = [10, 1_000, 100_000, 5_000_000][round % 4];
        let lo = rng.random_range(0..top);
        let hi = (lo + rng.random_range(0..=width)).min(top);
        let threads = rng.random_range(1..=4usize);
        assert_eq!(
            count_range(lo, hi, threads),
            oracle(&sieve, lo, hi),
            "{lo}..={hi} on {threads}"
        );
    }
}

#[test]
fn listed_primes_match_primal() {
    let sieve = primal::Sieve::new(2_000_000);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
    for _ in 0..50 {
        let lo = rng.random_range(0..1_900_000u64);
        let hi = lo + rng.random_range(0..100_000u64);
        let expected: Vec<u64> = sieve
            .primes_from(lo as usize)
            .map(|p| p as u64)
            .take_while(|&p| p <= hi)
            .collect();
        assert_eq!(primes_range(lo, hi), expected, "{lo}..={hi}");
    }
}

#[test]
fn one_sieve_counts_many_blocks_of_one_range() {
    let limit = 10_000_000;
    let sieve = RangeSieve::new(limit);
    for block in [30, 7_919, 1_000_000] {
        let total: u64 = (0..limit.div_ceil(block))
            .map(|k| sieve.count(k * block + 1, ((k + 1) * block).min(limit)))
            .sum();
        assert_eq!(total, 664_579, "blocks of {block}");
    }
}

#[test]
fn differences_of_pi_of_10_to_the_k() {
    let counts = &concurrency_core::PRIME_COUNTS;
    for pair in counts.windows(2).filter(|pair| pair[1].0 <= 1_000_000_000) {
        let ((a, pa), (b, pb)) = (pair[0], pair[1]);
        assert_eq!(count_range(a + 1, b, 2), pb - pa, "{a}..={b}");
    }
    assert_eq!(count_range(1, 1_000_000_000, 2), 50_847_534);
}
