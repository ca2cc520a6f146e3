//! # Search: the data structure first, then the concurrency
//!
//! Membership tests (the Python `in`) of 1,000 random numbers in a
//! collection of a million, first across six data structures, then as
//! batches of the slow linear search spread over threads, async tasks and
//! processes. The tutorial "Parallelization in Python" found the list scan
//! to be almost all of its script's time and a set nearly free; and, for the
//! batches, that only processes went faster (the GIL holds threads back and
//! coroutines share one thread). In Rust the structure still matters more
//! than the concurrency, and threads now speed up the scan too; the
//! book's chapter (`docs/src/search.md`) tells the story and reads the
//! results page (`docs/src/results/search.md`).
//!
//! Every count is checked against arithmetic ([`expected_found`]): `0..size`
//! holds `v` exactly when `v < size`. The needles of batch `b` come from
//! [`needles`], the same for every mode, worker split and structure.
//!
//! # Layout
//!
//! - [`structures`]: the [`Haystack`] trait (`in`), the six structures,
//!   the tutorial's `search` and the profile table.
//! - [`plan`]: a [`Plan`] of batches shared among workers, and what one
//!   worker does with its share ([`search_batches`]), wherever it runs.
//! - [`process`]: the worker processes: the binary runs itself again in the
//!   role [`BatchesWorker`] (served through [`ROLES`]) and reaps every child.
//! - [`batches`]: a [`BatchRunner`] for each [`Mode`] (threads, tasks on
//!   both runtimes, `spawn_blocking`, processes), the tutorial's rows
//!   ([`TUTORIAL_TABLE`]) and the batch table.
//! - [`scaling`]: the same batches on 1, 2, 4, ... threads (`--scaling`),
//!   in interleaved rounds, the guard checking each speed-up against the
//!   cores.
//! - [`cli`]: the options and the run the binary calls.
//!
//! ```text
//! cargo run --release -p chapter-search                          # both tables, the tutorial's rows
//! cargo run --release -p chapter-search -- --mode threads --workers 2 --n-batches 10
//! cargo run -p chapter-search -- --n-batches 2 --size 2000 --max-needle 3999   # every mode, in a blink
//! ```

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

pub mod batches;
pub mod cli;
pub mod plan;
pub mod process;
pub mod scaling;
pub mod structures;

pub use batches::{BatchRun, BatchRunner, Mode, TUTORIAL_TABLE, batch_table, tutorial_time};
pub use plan::{Plan, Share, search_batches};
pub use process::{BatchesJob, BatchesWorker, ROLES};
pub use scaling::{Scaling, ThreadScaling, measure_scaling, scaling_table, scaling_workers, thread_scaling};
pub use structures::{
    Haystack, PASSES, Profile, SortedVec, Structure, profile_all, profile_heading, profile_table, search,
};

/// The collection holds `0..SIZE` (the tutorial's `SIZE`).
pub const SIZE: u32 = 1_000_000;
/// Needles are drawn from `0..=MAX_NEEDLE`, as the tutorial's
/// `random.randint(0, SIZE)`: so one in a million misses even the full
/// collection.
pub const MAX_NEEDLE: u32 = 1_000_000;
/// Needles per batch.
pub const LOOKUPS: usize = 1_000;

// ANCHOR: needles
/// The 1,000 numbers from `0..=max_needle` that batch `batch` looks up,
/// the same for every mode and every structure. Xoshiro256++ is a named
/// algorithm whose output does not change between `rand` versions (rand's
/// `StdRng` may).
pub fn needles(seed: u64, batch: u64, max_needle: u32) -> Vec<u32> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed.wrapping_add(batch));
    (0..LOOKUPS).map(|_| rng.random_range(0..=max_needle)).collect()
}

/// How many of `needles` a collection holding `0..size` contains, without
/// any collection: the oracle every count is checked against.
pub fn expected_found(needles: &[u32], size: u32) -> usize {
    needles.iter().filter(|&&n| n < size).count()
}
// ANCHOR_END: needles

/// The oracle for `batches` batches.
pub fn expected_total(seed: u64, batches: u64, size: u32, max_needle: u32) -> u64 {
    (0..batches)
        .map(|b| expected_found(&needles(seed, b, max_needle), size) as u64)
        .sum()
}

/// A count as the tables print it: `1998 (exact)` or `1997 (wrong: expected 1998)`.
pub fn verdict(found: u64, expected: u64) -> String {
    if found == expected {
        format!("{found} (exact)")
    } else {
        format!("{found} (wrong: expected {expected})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needles_are_reproducible_and_in_range() {
        assert_eq!(needles(42, 0, MAX_NEEDLE), needles(42, 0, MAX_NEEDLE));
        assert_ne!(needles(42, 0, MAX_NEEDLE), needles(42, 1, MAX_NEEDLE));
        assert_ne!(needles(42, 0, MAX_NEEDLE), needles(43, 0, MAX_NEEDLE));
        let all: Vec<u32> = (0..20).flat_map(|b| needles(7, b, MAX_NEEDLE)).collect();
        assert_eq!(all.len(), 20 * LOOKUPS);
        assert!(all.iter().all(|&n| n <= MAX_NEEDLE));
        // Spread over the whole range, not bunched at one end.
        let low = all.iter().filter(|&&n| n < MAX_NEEDLE / 2).count();
        assert!((9_000..11_000).contains(&low), "{low}");
    }

    #[test]
    fn the_oracle_is_arithmetic() {
        assert_eq!(expected_found(&[0, 5, 9, 10, 1_000_000], 10), 3);
        assert_eq!(expected_found(&[999_999, 1_000_000], SIZE), 1);
        assert_eq!(verdict(3, 3), "3 (exact)");
        assert_eq!(verdict(2, 3), "2 (wrong: expected 3)");
    }
}
