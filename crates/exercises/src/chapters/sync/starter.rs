//! The starter.
#![allow(unused_variables, unused_imports, unused_mut)]

// ANCHOR: starter
use concurrency_core::is_prime;

/// Checks `numbers` one at a time, each by the first free worker; the
/// primes each worker found.
pub fn run_sync(numbers: &[u64], workers: usize) -> Vec<Vec<u64>> {
    let mut found = vec![Vec::new(); workers];
    // For each number: find the first worker that is free (keep a `busy`
    // flag per worker, set while it checks), let it check the number with
    // `is_prime`, record a prime in its list, and free it again.
    found
}
// ANCHOR_END: starter
