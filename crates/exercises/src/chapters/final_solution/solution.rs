//! The solution.

// ANCHOR: solution
use std::ops::RangeInclusive;

/// `workers` ranges covering `1..=max` (`workers` at least 1, at most
/// `max`), each number once.
pub fn chunks(max: u64, workers: u64) -> Vec<RangeInclusive<u64>> {
    let (size, extra) = (max / workers, max % workers);
    let mut start = 1;
    (0..workers)
        .map(|i| {
            // The first `extra` ranges take one number more.
            let len = size + u64::from(i < extra);
            let range = start..=start + len - 1;
            start += len;
            range
        })
        .collect()
}
// ANCHOR_END: solution
