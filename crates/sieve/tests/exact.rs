//! The chapter's claims about exactness: every variant counts and lists
//! exactly the primes, at powers of ten (pi(10^k)), at segment and wheel
//! boundaries, and at random limits checked against an independent sieve
//! (the `primal` crate).

use chapter_sieve::{VARIANTS, known_count, segmented, textbook, wheel};
use concurrency_core::{PRIME_COUNTS, is_prime};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use rayon::prelude::*;

/// The independent count: primal's sieve.
fn primal_pi(limit: u64) -> u64 {
    primal::StreamingSieve::prime_pi(limit as usize) as u64
}

#[test]
fn the_fastest_variant_counts_pi_of_every_power_of_ten_up_to_10_to_the_10() {
    for &(limit, pi) in &PRIME_COUNTS {
        assert_eq!(wheel::count(limit, 2), pi, "pi({limit})");
    }
}

#[test]
fn every_variant_counts_pi_of_the_powers_of_ten_it_can_hold() {
    for v in VARIANTS {
        // The textbook sieve holds a byte per number: 10^8 is 100 MB.
        let largest = if v.name.starts_with("(a)") {
            10_000_000
        } else {
            100_000_000
        };
        for &(limit, pi) in PRIME_COUNTS.iter().filter(|&&(limit, _)| limit <= largest) {
            for threads in [1, 2, 3] {
                assert_eq!(
                    (v.count)(limit, threads),
                    pi,
                    "{} at {limit} on {threads} threads",
                    v.name
                );
            }
        }
    }
}

#[test]
fn every_variant_counts_every_small_limit_including_the_wheel_boundaries() {
    // pi(n) for every n up to 3000: all residues mod 30, 100 wheel turns.
    let mut pi = vec![0u64; 3001];
    for n in 1..=3000 {
        pi[n] = pi[n - 1] + u64::from(is_prime(n as u64));
    }
    for n in 0..=3000u64 {
        for v in VARIANTS {
            assert_eq!((v.count)(n, 2), pi[n as usize], "{} at {n}", v.name);
        }
        assert_eq!(
            wheel::count_with(n, 3, 8),
            pi[n as usize],
            "wheel with 8-byte segments at {n}"
        );
        assert_eq!(
            segmented::count_with(n, 3, 8),
            pi[n as usize],
            "odd-only with 8-byte segments at {n}"
        );
    }
}

#[test]
fn counts_at_segment_boundaries_match_primal() {
    // Small segments put the boundaries where the limits are, and send most
    // sieving primes through the wheel's buckets.
    for segment_bytes in [8, 64, 1024] {
        let wheel_span = 30 * segment_bytes as u64; // numbers per wheel segment
        let odd_span = 16 * segment_bytes as u64; // numbers per odd-only segment
        for k in [1, 3, 100] {
            for span in [wheel_span, odd_span] {
                for delta in -31i64..=31 {
                    let limit = (k * span).saturating_add_signed(delta);
                    let pi = primal_pi(limit);
                    for threads in [1, 3] {
                        assert_eq!(
                            wheel::count_with(limit, threads, segment_bytes),
                            pi,
                            "wheel {segment_bytes} B at {limit}"
                        );
                        assert_eq!(
                            segmented::count_with(limit, threads, segment_bytes),
                            pi,
                            "odd {segment_bytes} B at {limit}"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn counts_at_random_limits_match_primal() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(20);
    for _ in 0..40 {
        let limit = rng.random_range(1..=100_000_000u64);
        let segment_bytes = 8 * rng.random_range(1..=4096usize);
        let threads = rng.random_range(1..=4usize);
        let pi = primal_pi(limit);
        assert_eq!(
            wheel::count_with(limit, threads, segment_bytes),
            pi,
            "wheel at {limit}, {segment_bytes} B, {threads} threads"
        );
        assert_eq!(
            segmented::count_with(limit, threads, segment_bytes),
            pi,
            "odd at {limit}, {segment_bytes} B"
        );
        assert_eq!(wheel::count(limit, threads), pi, "wheel at {limit}");
    }
}

#[test]
fn every_variant_lists_the_primes_trial_division_finds_up_to_10_to_the_7() {
    let limit = 10_000_000;
    let expected: Vec<u64> = (1..=limit).into_par_iter().filter(|&n| is_prime(n)).collect();
    for v in VARIANTS {
        assert_eq!((v.primes)(limit, 2), expected, "{}", v.name);
    }
    for limit in [0, 1, 2, 3, 6, 7, 30, 31, 1000] {
        let small: Vec<u64> = (1..=limit).filter(|&n| is_prime(n)).collect();
        for v in VARIANTS {
            assert_eq!((v.primes)(limit, 3), small, "{} at {limit}", v.name);
        }
    }
    assert_eq!(textbook::primes(30, 1), [2, 3, 5, 7, 11, 13, 17, 19, 23, 29]);
}

#[test]
#[ignore = "slow: a minute or more in a release build on two cores"]
fn the_fastest_variant_counts_pi_of_10_to_the_11() {
    let limit = 100_000_000_000;
    assert_eq!(Some(wheel::count(limit, concurrency_core::cores())), known_count(limit));
}

#[test]
#[ignore = "slow: minutes in a release build on two cores"]
fn the_fastest_variant_counts_pi_of_10_to_the_12() {
    let limit = 1_000_000_000_000;
    assert_eq!(Some(wheel::count(limit, concurrency_core::cores())), known_count(limit));
}
