//! The solution.

// ANCHOR: solution
use std::ops::RangeInclusive;

/// Worker `worker`'s blocks of `1..=limit`: block `i` (of `block` numbers)
/// belongs to worker `i % workers`.
pub fn share(worker: u64, workers: u64, limit: u64, block: u64) -> Vec<RangeInclusive<u64>> {
    let blocks = limit.div_ceil(block); // the last block may be shorter
    (worker..blocks)
        .step_by(workers as usize)
        .map(|i| (i * block + 1)..=((i + 1) * block).min(limit))
        .collect()
}
// ANCHOR_END: solution
