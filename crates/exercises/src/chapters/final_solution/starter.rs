//! The starter: the tutorial's intervals.

// ANCHOR: starter
use std::ops::RangeInclusive;

/// `workers` ranges covering `1..=max` (`workers` at least 1, at most
/// `max`), each number once.
pub fn chunks(max: u64, workers: u64) -> Vec<RangeInclusive<u64>> {
    let step = max / workers;
    // Each range ends one short of the next start, and the remainder of
    // `max / workers` is lost.
    (0..workers)
        .map(|i| (i * step + 1)..=((i + 1) * step).saturating_sub(1))
        .collect()
}
// ANCHOR_END: starter
