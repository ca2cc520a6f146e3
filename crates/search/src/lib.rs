//! # Search: the data structure first, then the concurrency
//!
//! The tutorial "Parallelization in Python" needs a slow task to spread
//! over workers, and finds one in the `in` operator: it looks up 1,000
//! random integers from `0..=1_000_000` in a collection holding
//! `0..1_000_000`. The tutorial's line profiler (`kernprof -lv`) showed where the time
//! goes: 2.89 s (50.7% of the script) searching the `list`, 2.51 s (44.1%)
//! searching the `tuple`, and a fraction of a millisecond for the `set`
//! (0.29 ms) and the `dict` (0.47 ms). A list is scanned from the front; a
//! set is hashed.
//!
//! The tutorial then runs `--n_batches` such searches over processes,
//! threads and coroutines, keeping the slow list on purpose:
//!
//! - processes help: 3 batches took 8.64 s on one process, 5.91 s on two,
//!   3.16 s on three; 10 batches on 10 processes 4.07 s, and 100 batches on
//!   100 processes 39.47 s;
//! - threads do not: 8.62, 8.52 and 8.47 s for 3 batches on 1, 2 and 3
//!   threads, 28.36 s for 10 on 10 (the GIL lets one thread run Python at
//!   a time);
//! - coroutines do not either: 8.54 s for 3 batches, 28.57 s for 10 (28.82 s
//!   with `asyncio.gather`): they all run on one thread.
//!
//! (All figures are the tutorial's, on its author's machine.)
//!
//! ## What Rust changes
//!
//! Two lessons, and the first is bigger than the second.
//!
//! 1. **The structure matters more than the concurrency.** Scanning a
//!    million-element `Vec` a thousand times is slow even in Rust, whose
//!    `contains` compares many elements per instruction (SIMD) and still
//!    beats Python's list by far. A `HashSet` answers the same thousand
//!    look-ups orders of magnitude faster (std's hasher; foldhash is faster
//!    still), and no number of cores closes that gap: the search results
//!    page (`docs/src/results/search.md`) has the measured times. A sorted `Vec` with `binary_search` gets most of the way
//!    with no extra memory; a `BTreeSet` keeps its elements ordered.
//!    Building a structure is timed apart from searching it: a program
//!    builds once and looks up many times. (Hashing a million numbers into
//!    a `HashSet` costs the same order of time as the thousand linear
//!    searches it saves: see the Build time column.)
//!
//!    The hasher is part of the price. std's `HashSet` hashes with SipHash
//!    under a random key, so that nobody can feed it numbers chosen to
//!    collide; [`foldhash`] (the default of the `hashbrown` crate) does much
//!    less work per number and promises less. The table has both. Most of a
//!    look-up here is a wait for memory: the set's ten megabytes do not
//!    stay in a core's cache and each number lands somewhere new. Our
//!    reading of the figures is that the processor overlaps the waits of
//!    independent look-ups only as far ahead as it can see, and a shorter
//!    hash lets it see more look-ups at once: the gap between the two
//!    hashers is larger with new numbers than with numbers already cached.
//!    That is also why each pass of the table brings new numbers: the same
//!    thousand again would find their buckets still in the cache (the
//!    `search` bench times both).
//! 2. **Threads do help with CPU work.** There is no GIL: two threads run
//!    two searches at once on two cores, so the time of `--n-batches 10`
//!    about halves from one thread to two, as it did only for Python's
//!    processes. Processes help too, but each one starts a program and
//!    builds its own copy of the collection, which threads simply borrow;
//!    a hundred threads cost next to nothing, a hundred processes do not.
//!
//! Async tasks are where Rust and Python agree. A search never reaches an
//! `.await`, so a task, once polled, runs to the end before the executor
//! can poll another. On tokio's *current-thread* runtime all tasks share the
//! one thread that called `block_on`: ten tasks take as long as ten searches
//! in a row, exactly the tutorial's coroutines. The *multi-thread* runtime
//! polls tasks on one worker thread per core, so they do run in parallel,
//! but it is the wrong tool: CPU work in a task holds a worker thread that
//! should be serving other tasks. `spawn_blocking` hands such work to
//! tokio's pool of blocking threads, where it belongs (or use threads or
//! rayon and keep async for waiting).
//!
//! ## The modules
//!
//! - [`structures`]: the [`Haystack`] trait (`in`), the six structures,
//!   the tutorial's `search` and the profile table.
//! - [`plan`]: a [`Plan`] of batches shared among workers, and what one
//!   worker does with its share ([`search_batches`]), wherever it runs.
//! - [`process`]: the worker processes: the binary runs itself again in the
//!   role [`BatchesWorker`] (served through [`ROLES`]), and reaps every
//!   child. It uses [`plan`].
//! - [`batches`]: a [`BatchRunner`] for each [`Mode`]: threads, tasks on
//!   both runtimes, `spawn_blocking`, processes. It uses [`plan`] and
//!   [`process`]; neither uses it.
//!
//! Every count is checked against arithmetic: `0..size` holds `v` exactly
//! when `v < size`, so the expected count needs no collection at all.
//! The needles of batch `b` come from a [`Xoshiro256PlusPlus`] seeded with
//! `seed + b`: a named algorithm whose output does not change between `rand`
//! versions (rand's `StdRng` may), so every mode, every worker split and
//! every structure sees the same numbers.
//!
//! ```text
//! cargo run --release -p chapter-search                          # both tables, the tutorial's rows
//! cargo run --release -p chapter-search -- --mode threads --workers 2 --n-batches 10
//! cargo run -p chapter-search -- --n-batches 2 --size 2000 --max-needle 3999   # every mode, in a blink
//! ```

use std::time::Duration;

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

pub mod batches;
pub mod plan;
pub mod process;
pub mod structures;

pub use batches::{
    BatchRun, BatchRunner, Mode, Scaling, TUTORIAL_ROWS, batch_table, scaling_table, scaling_workers, thread_scaling,
};
pub use plan::{Plan, Share, search_batches};
pub use process::{BatchesJob, BatchesWorker, ROLES};
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
/// the same for every mode and every structure.
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

/// Durations go to JSON as seconds.
fn secs<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64())
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
