//! A plan of batches, and what one worker does with its share of it,
//! whatever it runs on: a thread, a task or a process. Both the runners
//! ([`crate::batches`]) and the worker processes ([`crate::process`]) use
//! this module; it uses neither.

use std::ops::Range;

use serde::Serialize;

use crate::{needles, search};

/// What to run: `batches` searches of 1,000 needles each in `0..size`,
/// shared among `workers`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Plan {
    /// The seed of batch 0; batch `b` uses `seed + b`.
    pub seed: u64,
    /// The collection holds `0..size` (the tutorial: 1,000,000).
    pub size: u32,
    /// Needles come from `0..=max_needle` (the tutorial: 1,000,000).
    pub max_needle: u32,
    /// How many independent searches.
    pub batches: u64,
    /// How many workers share them (at most `batches`).
    pub workers: usize,
}

impl Plan {
    // ANCHOR: shares
    /// The batches of each worker: contiguous, sizes differing by at most
    /// one, every batch exactly once.
    pub fn shares(&self) -> Vec<Range<u64>> {
        let k = self.workers.max(1) as u64;
        (0..k)
            .map(|w| w * self.batches / k..(w + 1) * self.batches / k)
            .collect()
    }
    // ANCHOR_END: shares
}

// ANCHOR: search_batches
/// What one worker does, whatever it runs on: search each of its batches
/// in the (linear) `Vec` and add up what it found.
pub fn search_batches(haystack: &[u32], seed: u64, max_needle: u32, batches: Range<u64>) -> u64 {
    batches
        .map(|b| search(&needles(seed, b, max_needle), haystack) as u64)
        .sum()
}
// ANCHOR_END: search_batches

/// What one worker did and where it ran.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Share {
    /// `Worker-1`, `Worker-2`, ...
    pub worker: String,
    /// The process it ran in.
    pub pid: u32,
    /// The thread it ran on (`?` for a process: not ours to ask).
    pub thread: String,
    /// Its batches.
    pub batches: Range<u64>,
    /// How many needles it found.
    pub found: u64,
}

impl Share {
    pub(crate) fn here(number: usize, batches: Range<u64>, found: u64) -> Share {
        Share {
            worker: format!("Worker-{number}"),
            pid: std::process::id(),
            thread: std::thread::current().name().unwrap_or("<unnamed>").to_owned(),
            batches,
            found,
        }
    }
}

#[cfg(test)]
impl Plan {
    /// A plan small enough for a debug build: the needles range over twice
    /// the collection's size, so about half are found and a wrong search
    /// cannot hit the right count by accident.
    pub(crate) fn small(batches: u64, workers: usize) -> Plan {
        Plan {
            seed: 42,
            size: 2_000,
            max_needle: 3_999,
            batches,
            workers,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_cover_every_batch_once() {
        for (batches, workers) in [(3, 1), (3, 2), (3, 3), (10, 3), (100, 100), (7, 5)] {
            let shares = Plan::small(batches, workers).shares();
            assert_eq!(shares.len(), workers);
            let all: Vec<u64> = shares.iter().flat_map(|r| r.clone()).collect();
            assert_eq!(all, (0..batches).collect::<Vec<_>>());
            let sizes: Vec<u64> = shares.iter().map(|r| r.end - r.start).collect();
            assert!(sizes.iter().max().unwrap_or(&0) - sizes.iter().min().unwrap_or(&0) <= 1);
        }
    }
}
