//! The starter: all on the caller's thread.
#![allow(unused_imports)]

// ANCHOR: starter
use std::thread::{self, ThreadId};

/// Runs `work` on every task at once, one thread each: the results in
/// task order, with the thread that ran each.
pub fn one_thread_per_task(tasks: &[u64], work: fn(u64) -> u64) -> Vec<(u64, ThreadId)> {
    // One after the other, here. Spawn one scoped thread per task, then
    // join them in order.
    tasks.iter().map(|&t| (work(t), thread::current().id())).collect()
}
// ANCHOR_END: starter
