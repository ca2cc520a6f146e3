//! Chapter 1, SIMPLE: two workers and one queue, run one after the other, so
//! Worker-1 empties the queue before Worker-2 starts. The hardened runner the
//! tables measure is `src/runner.rs`.
//!
//! `cargo run -p chapter-sync --example simple`

// ANCHOR: example
use std::collections::VecDeque;
use std::thread;
use std::time::{Duration, Instant};

/// The tutorial's forced delay is 50 ms per number; 10 ms keeps the run short.
const DELAY: Duration = Duration::from_millis(10);

fn is_prime(n: u64) -> bool {
    n >= 2 && (2..).take_while(|d| d * d <= n).all(|d| !n.is_multiple_of(d))
}

fn main() {
    let started = Instant::now();
    let mut queue: VecDeque<u64> = (1..=100).collect();
    let mut found = Vec::new(); // (worker, its primes)
    for worker in 1..=2 {
        // Each worker takes numbers until the queue is empty. Nothing else
        // runs meanwhile, so Worker-2 finds the queue already empty.
        let mut primes = Vec::new();
        while let Some(n) = queue.pop_front() {
            thread::sleep(DELAY); // the forced delay: the thread waits, idle
            if is_prime(n) {
                primes.push(n);
            }
        }
        found.push((worker, primes));
    }
    for (worker, primes) in &found {
        println!("Worker-{worker}: {primes:?} ({} primes)", primes.len());
    }
    // 100 delays of 10 ms, one after the other: a little over 1 s.
    println!("Elapsed: {:.2?}", started.elapsed());
    assert_eq!(found[0].1.len(), 25, "pi(100) = 25, all found by Worker-1");
    assert!(found[1].1.is_empty(), "Worker-2 never gets a number");
}
// ANCHOR_END: example
