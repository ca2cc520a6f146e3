//! The starter: whole blocks only.

// ANCHOR: starter
use std::ops::RangeInclusive;

/// Worker `worker`'s blocks of `1..=limit`: block `i` (of `block` numbers)
/// belongs to worker `i % workers`.
pub fn share(worker: u64, workers: u64, limit: u64, block: u64) -> Vec<RangeInclusive<u64>> {
    let blocks = limit / block; // the remainder is no block: lost
    (worker..blocks)
        .step_by(workers as usize)
        .map(|i| (i * block + 1)..=((i + 1) * block))
        .collect()
}
// ANCHOR_END: starter
