//! The solution: an `Arc`, whose count is atomic, so clones may live on
//! other threads.

// ANCHOR: solution
use std::sync::Arc;
use std::thread;

/// Sums `values` on `threads` threads that share the vector.
pub fn sum_on_threads(values: Vec<u64>, threads: usize) -> u64 {
    let threads = threads.max(1);
    let shared = Arc::new(values);
    let handles: Vec<_> = (0..threads)
        .map(|first| {
            let shared = Arc::clone(&shared);
            thread::spawn(move || shared.iter().skip(first).step_by(threads).sum::<u64>())
        })
        .collect();
    handles
        .into_iter()
        .map(|h| h.join().expect("a summing thread panicked"))
        .sum()
}
// ANCHOR_END: solution
