//! Chapter 4, THREAD_POOL: a pool of three threads named `Worker_0`,
//! `Worker_1`, ... as the tutorial's `ThreadPoolExecutor` names them, each
//! given one contiguous chunk of the numbers. The hardened runner the tables
//! measure is `src/runners/thread_pool.rs`.
//!
//! `cargo run -p chapter-multithread --example thread_pool`

// ANCHOR: example
use std::thread;
use std::time::{Duration, Instant};

use rayon::{BroadcastContext, ThreadPoolBuilder};

/// The tutorial's forced delay is 50 ms per number; 10 ms keeps the run short.
const DELAY: Duration = Duration::from_millis(10);
const LIMIT: u64 = 100;
const WORKERS: usize = 3;
const SIZE: u64 = LIMIT.div_ceil(WORKERS as u64); // chunks of 34, 34 and 32

fn is_prime(n: u64) -> bool {
    n >= 2 && (2..).take_while(|d| d * d <= n).all(|d| !n.is_multiple_of(d))
}

/// What each thread of the pool runs, once: its own chunk of the numbers.
fn one_chunk(context: BroadcastContext) -> (String, Vec<u64>) {
    let first = context.index() as u64 * SIZE + 1;
    let mut primes = Vec::new();
    for n in first..=(first + SIZE - 1).min(LIMIT) {
        thread::sleep(DELAY);
        if is_prime(n) {
            primes.push(n);
        }
    }
    (thread::current().name().unwrap_or("?").to_owned(), primes)
}

fn main() {
    let started = Instant::now();
    let pool = ThreadPoolBuilder::new()
        .num_threads(WORKERS)
        .thread_name(|index| format!("Worker_{index}"));
    // `broadcast` runs `one_chunk` once on every thread of the pool.
    // `build_scoped` joins the threads before it returns (a pool dropped
    // the usual way lets its threads wind down on their own).
    let found = pool
        .build_scoped(|thread| thread.run(), |pool| pool.broadcast(one_chunk))
        .expect("cannot start the pool");
    for (name, primes) in &found {
        println!("{name}: {primes:?} ({} primes)", primes.len());
    }
    println!("Elapsed: {:.2?}", started.elapsed()); // the longest chunk: 34 x 10 ms
    let all: Vec<u64> = found.into_iter().flat_map(|(_, primes)| primes).collect();
    assert_eq!(all.len(), 25, "pi(100) = 25");
    assert!(all.is_sorted_by(|a, b| a < b), "in order, no prime twice");
}
// ANCHOR_END: example
