//! The solution.

use std::thread;

/// What the supervisor counted, and which numbers it checked twice.
#[derive(Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The numbers `check` said yes to.
    pub primes: u64,
    /// The numbers whose first check crashed, in order.
    pub retried: Vec<u64>,
}

// ANCHOR: solution
/// Checks each number on a thread of its own; a crashed check is retried
/// once on a new thread.
pub fn supervise(numbers: &[u64], check: &(dyn Fn(u64) -> bool + Sync)) -> Outcome {
    let mut outcome = Outcome {
        primes: 0,
        retried: Vec::new(),
    };
    let run = |n| thread::scope(|s| s.spawn(|| check(n)).join());
    for &n in numbers {
        let prime = match run(n) {
            Ok(prime) => prime,
            Err(_crash) => {
                outcome.retried.push(n);
                run(n).expect("a number crashed its worker twice")
            }
        };
        outcome.primes += u64::from(prime);
    }
    outcome
}
// ANCHOR_END: solution
