//! The solution.

// ANCHOR: solution
use std::thread::{self, ThreadId};

/// Runs `work` on every task at once, one thread each: the results in
/// task order, with the thread that ran each.
pub fn one_thread_per_task(tasks: &[u64], work: fn(u64) -> u64) -> Vec<(u64, ThreadId)> {
    thread::scope(|s| {
        // Spawn them all first, join afterwards: collecting the handles
        // before joining is what lets them run at once.
        let handles: Vec<_> = tasks
            .iter()
            .map(|&t| s.spawn(move || (work(t), thread::current().id())))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a task panicked"))
            .collect()
    })
}
// ANCHOR_END: solution
