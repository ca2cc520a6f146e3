//! Chapter 4, SIMPLE: one thread per worker, every thread taking numbers from
//! one shared queue. The hardened runner the tables measure is
//! `src/runners/simple.rs`.
//!
//! `cargo run -p chapter-multithread --example simple`

// ANCHOR: example
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

/// The tutorial's forced delay is 50 ms per number; 10 ms keeps the run short.
const DELAY: Duration = Duration::from_millis(10);

fn is_prime(n: u64) -> bool {
    n >= 2 && (2..).take_while(|d| d * d <= n).all(|d| !n.is_multiple_of(d))
}

fn main() {
    let started = Instant::now();
    // The queue 1..=100 is a counter: `fetch_add` hands out each number once.
    let queue = Arc::new(AtomicU64::new(1));
    let mut handles = Vec::new();
    for worker in 1..=2 {
        // The thread must own what it uses: its own pointer to the one queue.
        let queue = Arc::clone(&queue);
        handles.push(thread::spawn(move || {
            let mut primes = Vec::new();
            loop {
                let n = queue.fetch_add(1, Ordering::Relaxed);
                if n > 100 {
                    return (worker, primes); // what `join` hands back
                }
                thread::sleep(DELAY); // both threads sleep at the same time
                if is_prime(n) {
                    primes.push(n);
                }
            }
        }));
    }
    let mut all = Vec::new();
    for handle in handles {
        let (worker, primes) = handle.join().expect("a worker panicked");
        println!("Worker-{worker}: {primes:?} ({} primes)", primes.len());
        all.extend(primes);
    }
    println!("Elapsed: {:.2?}", started.elapsed()); // half of 100 x 10 ms
    assert_eq!(all.len(), 25, "pi(100) = 25");
    all.sort_unstable();
    assert!(all.windows(2).all(|w| w[0] < w[1]), "no prime found twice");
}
// ANCHOR_END: example
