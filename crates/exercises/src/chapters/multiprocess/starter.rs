//! The starter: a crash takes the supervisor down with it.
#![allow(unused_mut)]

use std::thread;

/// What the supervisor counted, and which numbers it checked twice.
#[derive(Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The numbers `check` said yes to.
    pub primes: u64,
    /// The numbers whose first check crashed, in order.
    pub retried: Vec<u64>,
}

// ANCHOR: starter
/// Checks each number on a thread of its own; a crashed check is retried
/// once on a new thread.
pub fn supervise(numbers: &[u64], check: &(dyn Fn(u64) -> bool + Sync)) -> Outcome {
    let mut outcome = Outcome {
        primes: 0,
        retried: Vec::new(),
    };
    for &n in numbers {
        // `join` returns `Err` when the thread panicked: `expect` turns
        // that into our panic. Retry on a new thread instead, and note `n`.
        let prime = thread::scope(|s| s.spawn(|| check(n)).join()).expect("a worker crashed");
        outcome.primes += u64::from(prime);
    }
    outcome
}
// ANCHOR_END: starter
