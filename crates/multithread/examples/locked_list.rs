//! Chapter 4, LOCKED_LIST: the workers take their numbers from one list
//! behind a lock, held only while a number is taken. The hardened runner the
//! tables measure is `src/runners/locked_list.rs`.
//!
//! `cargo run -p chapter-multithread --example locked_list`

// ANCHOR: example
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// The tutorial's forced delay is 50 ms per number; 10 ms keeps the run short.
const DELAY: Duration = Duration::from_millis(10);

fn is_prime(n: u64) -> bool {
    n >= 2 && (2..).take_while(|d| d * d <= n).all(|d| !n.is_multiple_of(d))
}

fn main() {
    let started = Instant::now();
    // Reversed, so that `pop` (from the end) hands out 1 first.
    let list = Arc::new(Mutex::new((1..=100).rev().collect::<Vec<u64>>()));
    let handles: Vec<_> = (1..=2)
        .map(|worker| {
            let list = Arc::clone(&list);
            thread::spawn(move || {
                let mut primes = Vec::new();
                loop {
                    // The lock is held for this statement only, not the sleep
                    // (`while let` would hold it through the loop's body).
                    let next = list.lock().expect("a worker panicked").pop();
                    let Some(n) = next else { return (worker, primes) };
                    thread::sleep(DELAY);
                    if is_prime(n) {
                        primes.push(n);
                    }
                }
            })
        })
        .collect();
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
