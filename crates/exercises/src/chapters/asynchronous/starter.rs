//! The starter: the tasks never yield.

// ANCHOR: starter
use concurrency_core::is_prime;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// `tasks` tasks share the numbers `1..=limit`; the primes each found.
pub async fn count_with_tasks(limit: u64, tasks: usize) -> Vec<u64> {
    let next = Arc::new(AtomicU64::new(1));
    let handles: Vec<_> = (0..tasks)
        .map(|_| {
            let next = Arc::clone(&next);
            tokio::spawn(async move {
                let mut primes = 0;
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n > limit {
                        break primes;
                    }
                    primes += u64::from(is_prime(n));
                    // No `.await` in the loop: this task keeps the thread.
                }
            })
        })
        .collect();
    let mut per_task = Vec::new();
    for handle in handles {
        per_task.push(handle.await.expect("a task panicked"));
    }
    per_task
}
// ANCHOR_END: starter
