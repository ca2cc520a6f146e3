//! The solution.

// ANCHOR: solution
/// The median of `times` (at least one); may reorder them.
pub fn median(times: &mut [f64]) -> f64 {
    times.sort_unstable_by(f64::total_cmp);
    let middle = times.len() / 2;
    if times.len() % 2 == 1 {
        times[middle]
    } else {
        (times[middle - 1] + times[middle]) / 2.0
    }
}

/// How many times faster than the baseline.
pub fn speedup(baseline: f64, time: f64) -> f64 {
    baseline / time
}

/// The speedup per worker: 1 is perfect scaling.
pub fn efficiency(speedup: f64, workers: usize) -> f64 {
    speedup / workers as f64
}
// ANCHOR_END: solution
