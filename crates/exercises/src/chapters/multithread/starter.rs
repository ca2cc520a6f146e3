//! The starter: one thread does it all.
#![allow(unused_imports, unused_variables)]

// ANCHOR: starter
use concurrency_core::is_prime;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

/// `threads` threads share `1..=limit`; the primes each one found.
pub fn count_on_threads(limit: u64, threads: usize) -> Vec<u64> {
    let next = AtomicU64::new(1);
    // One worker, on this thread. Start `threads` of them with
    // `thread::scope` (they may borrow `next`), and collect their counts.
    let mut primes = 0;
    loop {
        let n = next.fetch_add(1, Ordering::Relaxed);
        if n > limit {
            break;
        }
        primes += u64::from(is_prime(n));
    }
    vec![primes]
}
// ANCHOR_END: starter
