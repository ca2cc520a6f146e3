//! Chapter 6, the first of the best three: async TASK_GROUP on tokio's
//! multi-thread runtime, with no forced delay. The hardened runner the tables
//! measure is chapter 3's, raced in `src/model.rs`.
//!
//! `cargo run -p chapter-comparison --example task_group`

// ANCHOR: example
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

const LIMIT: u64 = 100_000;
const WORKERS: usize = 10;

fn is_prime(n: u64) -> bool {
    n >= 2 && (2..).take_while(|d| d * d <= n).all(|d| !n.is_multiple_of(d))
}

#[tokio::main] // the multi-thread runtime: one thread per core runs the tasks
async fn main() {
    let started = Instant::now();
    let next = Arc::new(AtomicU64::new(1)); // the next number, shared
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..WORKERS {
        let next = Arc::clone(&next);
        tasks.spawn(async move {
            // Take numbers until the counter passes LIMIT. No `.await` in
            // here: a task keeps its thread until it has finished.
            let numbers = std::iter::from_fn(|| Some(next.fetch_add(1, Ordering::Relaxed)));
            numbers.take_while(|&n| n <= LIMIT).filter(|&n| is_prime(n)).count()
        });
    }
    let primes: usize = tasks.join_all().await.into_iter().sum(); // every task awaited
    println!("TASK_GROUP: {primes} primes in {:.1?}", started.elapsed());
    assert_eq!(primes, 9592, "pi(10^5) = 9592: each number taken once");
}
// ANCHOR_END: example
