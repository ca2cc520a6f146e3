//! Chapter 7, the final solution: split `1..=N` into one exact range per
//! worker and count each range on its own thread. The measured version is
//! `calc_primes` in `src/lib.rs`.
//!
//! `cargo run -p chapter-final --example simple`

// ANCHOR: example
use std::ops::RangeInclusive;
use std::thread;
use std::time::Instant;

fn is_prime(n: u64) -> bool {
    n >= 2 && (2..).take_while(|d| d * d <= n).all(|d| !n.is_multiple_of(d))
}

/// `1..=max` in `workers` ranges that hold every number once: range `w` ends
/// one below where range `w + 1` starts; their sizes differ by at most one.
fn ranges(max: u64, workers: u64) -> Vec<RangeInclusive<u64>> {
    let range = |w| w * max / workers + 1..=(w + 1) * max / workers;
    (0..workers).map(range).collect()
}

/// The tutorial's `calc_primes`, on threads: one range per thread, counted.
fn calc_primes(max: u64, workers: u64) -> u64 {
    thread::scope(|scope| {
        let mut threads = Vec::new();
        for range in ranges(max, workers) {
            threads.push(scope.spawn(move || range.filter(|&n| is_prime(n)).count() as u64));
        }
        // join waits for each thread and hands back what it returned
        threads.into_iter().map(|t| t.join().expect("a thread panicked")).sum()
    })
}

fn main() {
    const LIMIT: u64 = 100_000;
    println!("7 ranges: {:?}", ranges(LIMIT, 7)); // 7 does not divide 10^5
    let numbers: Vec<u64> = ranges(LIMIT, 7).into_iter().flatten().collect();
    let every_number: Vec<u64> = (1..=LIMIT).collect();
    assert_eq!(numbers, every_number, "every number in exactly one range");
    let started = Instant::now();
    let primes = calc_primes(LIMIT, 10);
    println!("calc_primes({LIMIT}, 10) = {primes} in {:.1?}", started.elapsed());
    assert_eq!(primes, 9592, "pi(10^5) = 9592");
}
// ANCHOR_END: example
