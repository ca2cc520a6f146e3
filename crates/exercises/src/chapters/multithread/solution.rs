//! The solution.

// ANCHOR: solution
use concurrency_core::is_prime;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

/// `threads` threads share `1..=limit`; the primes each one found.
pub fn count_on_threads(limit: u64, threads: usize) -> Vec<u64> {
    let next = AtomicU64::new(1);
    thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut primes = 0;
                    loop {
                        // Relaxed: the counter hands out each number once;
                        // no other memory is published through it.
                        let n = next.fetch_add(1, Ordering::Relaxed);
                        if n > limit {
                            break primes;
                        }
                        primes += u64::from(is_prime(n));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("a worker panicked"))
            .collect()
    })
}
// ANCHOR_END: solution
