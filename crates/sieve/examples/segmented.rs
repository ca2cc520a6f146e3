//! The sieve chapter in miniature: a segmented sieve of Eratosthenes whose
//! segments are counted on threads, against the tutorial's trial division.
//! The tuned sieves the tables measure are in `src/`.
//!
//! `cargo run -p chapter-sieve --example segmented`

// ANCHOR: example
use rayon::prelude::*;
use std::time::Instant;

/// Numbers per segment: a segment of `bool`s fits the L1 cache.
const SEGMENT: u64 = 32 * 1024;

fn is_prime(n: u64) -> bool {
    n >= 2 && (2..).take_while(|d| d * d <= n).all(|d| !n.is_multiple_of(d))
}

/// Counts the primes in `lo..hi`: each sieving prime crosses off its multiples.
fn count_segment(lo: u64, hi: u64, sieving: &[u64]) -> u64 {
    let mut composite = vec![false; (hi - lo) as usize];
    for &p in sieving {
        let first = (p * p).max(lo.div_ceil(p) * p); // the first multiple to cross off
        for m in (first..hi).step_by(p as usize) {
            composite[(m - lo) as usize] = true;
        }
    }
    (lo.max(2)..hi).filter(|&n| !composite[(n - lo) as usize]).count() as u64
}

/// pi(limit) and how many numbers were sieved: rayon shares the segments out
/// among its threads (one per core), and no segment reads another's.
fn sieve(limit: u64) -> (u64, u64) {
    let sieving: Vec<u64> = (2..=limit.isqrt()).filter(|&n| is_prime(n)).collect();
    let starts: Vec<u64> = (0..=limit).step_by(SEGMENT as usize).collect();
    let segments = starts.par_iter().map(|&lo| (lo, (lo + SEGMENT).min(limit + 1)));
    let counts = segments.map(|(lo, hi)| (count_segment(lo, hi, &sieving), hi - lo));
    counts.reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
}

fn main() {
    let started = Instant::now();
    let by_division = (1..=1_000_000).filter(|&n| is_prime(n)).count() as u64;
    let took = started.elapsed();
    println!("trial division, 1 thread: pi(1000000) = {by_division} in {took:.2?}");
    assert_eq!(by_division, 78_498, "pi(10^6) = 78498");
    let threads = rayon::current_num_threads();
    for (limit, pi) in [(1_000_000, 78_498), (100_000_000, 5_761_455)] {
        let started = Instant::now();
        let (count, sieved) = sieve(limit);
        let took = started.elapsed();
        println!("sieve, {threads} threads: pi({limit}) = {count} in {took:.2?}");
        assert_eq!(count, pi, "pi({limit}) = {pi}");
        assert_eq!(sieved, limit + 1, "each number in one segment");
    }
}
// ANCHOR_END: example
