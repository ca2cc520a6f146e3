//! Chapter 4, SCOPED (not one of the tutorial's runner types): SIMPLE
//! without the `Arc`, because scoped threads may borrow. The hardened runner
//! is `src/runners/scoped.rs`.
//!
//! `cargo run -p chapter-multithread --example scoped`

// ANCHOR: example
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
    let queue = &AtomicU64::new(1); // a plain local, borrowed: no `Arc`
    let mut all = Vec::new();
    // Every thread spawned on `scope` ends before `thread::scope` returns,
    // so the compiler lets the threads borrow from this function.
    thread::scope(|scope| {
        let mut handles = Vec::new();
        for worker in 1..=2 {
            handles.push(scope.spawn(move || {
                let mut primes = Vec::new();
                loop {
                    let n = queue.fetch_add(1, Ordering::Relaxed);
                    if n > 100 {
                        return (worker, primes);
                    }
                    thread::sleep(DELAY);
                    if is_prime(n) {
                        primes.push(n);
                    }
                }
            }));
        }
        for handle in handles {
            let (worker, primes) = handle.join().expect("a worker panicked");
            println!("Worker-{worker}: {primes:?} ({} primes)", primes.len());
            all.extend(primes);
        }
    });
    println!("Elapsed: {:.2?}", started.elapsed()); // half of 100 x 10 ms
    assert_eq!(all.len(), 25, "pi(100) = 25");
    all.sort_unstable();
    assert!(all.windows(2).all(|w| w[0] < w[1]), "no prime found twice");
}
// ANCHOR_END: example
