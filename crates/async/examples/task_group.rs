//! Chapter 3, TASK_GROUP: the same tasks in a `tokio::task::JoinSet`,
//! tokio's counterpart of `asyncio.TaskGroup`. The hardened runner the tables
//! measure is `src/task_group.rs`.
//!
//! `cargo run -p chapter-async --example task_group`

// ANCHOR: example
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::task::JoinSet;

const DELAY: Duration = Duration::from_millis(10); // the tutorial's: 50 ms

fn is_prime(n: u64) -> bool {
    n >= 2 && (2..).take_while(|d| d * d <= n).all(|d| !n.is_multiple_of(d))
}

type Queue = Arc<Mutex<VecDeque<u64>>>;

async fn worker(id: usize, queue: Queue) -> (usize, Vec<u64>) {
    let mut primes = Vec::new();
    loop {
        let next = queue.lock().expect("no task panics").pop_front();
        let Some(n) = next else { break };
        tokio::time::sleep(DELAY).await;
        if is_prime(n) {
            primes.push(n);
        }
    }
    (id, primes)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let started = Instant::now();
    let queue = Arc::new(Mutex::new((1..=100).collect::<VecDeque<u64>>()));
    // ANCHOR: group
    let mut group = JoinSet::new(); // `async with TaskGroup() as group:`
    for id in 1..=3 {
        group.spawn(worker(id, Arc::clone(&queue)));
    }
    // Waits for every task. Were one to panic, join_all would abort the
    // others and panic here, as TaskGroup cancels the siblings and raises.
    let mut results = group.join_all().await; // in the order they finished
    // ANCHOR_END: group
    results.sort_unstable(); // by worker id
    for (id, primes) in &results {
        println!("Worker-{id}: {primes:?} ({} primes)", primes.len());
    }
    println!("Elapsed: {:.2?}", started.elapsed());
    let mut all: Vec<u64> = results.into_iter().flat_map(|r| r.1).collect();
    assert_eq!(all.len(), 25, "pi(100) = 25");
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), 25, "no number counted twice");
}
// ANCHOR_END: example
