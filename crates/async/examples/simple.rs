//! Chapter 3, SIMPLE: one tokio task per worker on one thread, all taking
//! numbers from one shared queue; the awaited delays overlap. The hardened
//! runner the tables measure is `src/simple.rs`.
//!
//! `cargo run -p chapter-async --example simple`

// ANCHOR: example
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const DELAY: Duration = Duration::from_millis(10); // the tutorial's: 50 ms

fn is_prime(n: u64) -> bool {
    n >= 2 && (2..).take_while(|d| d * d <= n).all(|d| !n.is_multiple_of(d))
}

/// The tutorial's `AsyncWorker.process`: take numbers until the queue is empty.
async fn worker(queue: Arc<Mutex<VecDeque<u64>>>) -> Vec<u64> {
    let mut primes = Vec::new();
    loop {
        // The lock is released at the end of this line, before the `.await`.
        let next = queue.lock().expect("no task panics").pop_front();
        let Some(n) = next else { break };
        tokio::time::sleep(DELAY).await; // gives the thread to another task
        if is_prime(n) {
            primes.push(n);
        }
    }
    primes
}

#[tokio::main(flavor = "current_thread")] // one thread, as asyncio's event loop
async fn main() {
    let started = Instant::now();
    let queue = Arc::new(Mutex::new((1..=100).collect::<VecDeque<u64>>()));
    // asyncio.create_task per worker: each task starts at once...
    let spawn = |_| tokio::spawn(worker(Arc::clone(&queue)));
    let tasks: Vec<_> = (0..3).map(spawn).collect();
    let mut all = Vec::new();
    for (i, task) in tasks.into_iter().enumerate() {
        // ...and awaiting them in order only decides when we look.
        let primes = task.await.expect("the task panicked");
        println!("Worker-{}: {primes:?} ({} primes)", i + 1, primes.len());
        all.extend(primes);
    }
    println!("Elapsed: {:.2?}", started.elapsed()); // a third of chapter 1's
    assert_eq!(all.len(), 25, "pi(100) = 25");
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), 25, "no number counted twice");
}
// ANCHOR_END: example
