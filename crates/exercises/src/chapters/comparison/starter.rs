//! The starter: the median of unsorted times.

// ANCHOR: starter
/// The median of `times` (at least one); may reorder them.
pub fn median(times: &mut [f64]) -> f64 {
    // The middle element of what? Sort first (`f64::total_cmp`), and an
    // even count has two middles.
    times[times.len() / 2]
}

/// How many times faster than the baseline.
pub fn speedup(baseline: f64, time: f64) -> f64 {
    baseline / time
}

/// The speedup per worker: 1 is perfect scaling.
pub fn efficiency(speedup: f64, workers: usize) -> f64 {
    speedup / workers as f64
}
// ANCHOR_END: starter
