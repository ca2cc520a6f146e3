//! The solution.

// ANCHOR: solution
use concurrency_core::is_prime;

/// Checks `numbers` one at a time, each by the first free worker; the
/// primes each worker found.
pub fn run_sync(numbers: &[u64], workers: usize) -> Vec<Vec<u64>> {
    let mut found = vec![Vec::new(); workers];
    let mut busy = vec![false; workers];
    for &n in numbers {
        // Every worker is free again by the time we look: the last number
        // was finished before this one started.
        let Some(worker) = busy.iter().position(|b| !b) else {
            continue;
        };
        busy[worker] = true;
        if is_prime(n) {
            found[worker].push(n);
        }
        busy[worker] = false;
    }
    found
}
// ANCHOR_END: solution
