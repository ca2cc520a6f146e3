//! # The algorithm beats the concurrency
//!
//! Every chapter of the tutorial finds primes by trial division, on
//! purpose: it is the work the concurrency is measured on. This chapter
//! changes the algorithm instead. The sieve of Eratosthenes crosses off
//! multiples rather than testing divisors, and four steps take it from the
//! textbook version to the techniques of primesieve, the fastest prime
//! counter we know of. The finding, in a sentence: the sieve's first step
//! is worth more than any number of cores running trial division, and the
//! sieve parallelises for the reason trial division does: its segments
//! are independent. The book's page (`docs/src/sieve.md`) shows the
//! measurements.
//!
//! ```text
//! cargo run --release -p chapter-sieve -- --limit 1e10 --threads 2
//! cargo run --release -p chapter-sieve -- --limit 1e8 --json
//! ```
//!
//! Every variant has one signature, `fn(limit, threads) -> u64` to count
//! the primes in `1..=limit` and `fn(limit, threads) -> Vec<u64>` to list
//! them (rayon-demo's sieve does the same), so one table times them all.
//!
//! # Layout
//!
//! - [`textbook`]: (a) one `bool` per number;
//! - [`segmented`]: (b) odd-only, bit-packed, cache-sized segments, and
//!   (c) the same over rayon, one segment buffer per thread;
//! - [`wheel`]: (d) a mod-30 wheel, pre-sieving ([`presieve`]) and buckets
//!   for the large sieving primes;
//! - [`range`]: the primes in a range `lo..=hi` ([`count_range`]), for a
//!   cluster member's share (`chapter-distributed --kernel sieve`);
//! - `split`: how the segments are shared out over threads;
//! - [`table`]: the measured rows, in interleaved rounds (`--runs`), against
//!   trial division, with the guard of [`concurrency_core::measure`]
//!   checking the parallel sieve against its one-thread twin;
//! - [`cli`]: the command line.

pub mod cli;
pub mod presieve;
pub mod range;
pub mod segmented;
mod split;
pub mod table;
pub mod textbook;
pub mod wheel;

pub use cli::{Cli, run};
pub use range::{RangeSieve, count_range};

/// The largest limit the command line accepts: 10^12 (the sieving primes up
/// to 10^6 are a few hundred KB; the count takes minutes).
pub const MAX_LIMIT: u64 = 1_000_000_000_000;

/// The prime counts beyond `concurrency_core::PRIME_COUNTS`' 10^10, for the
/// slow tests: pi(10^11) and pi(10^12), from OEIS A006880.
pub const LARGE_PRIME_COUNTS: [(u64, u64); 2] = [(100_000_000_000, 4_118_054_813), (1_000_000_000_000, 37_607_912_018)];

/// pi(limit) where it is known: core's table up to 10^10, then ours.
pub fn known_count(limit: u64) -> Option<u64> {
    concurrency_core::known_prime_count(limit)
        .or_else(|| LARGE_PRIME_COUNTS.iter().find(|&&(n, _)| n == limit).map(|&(_, c)| c))
}

// ANCHOR: variants
/// One way to sieve: a name for the tables, and the two functions with
/// the signature every variant shares.
#[derive(Clone, Copy)]
pub struct Variant {
    /// The name in the tables and in `--json`.
    pub name: &'static str,
    /// The number of primes in `1..=limit`, on `threads` threads.
    pub count: fn(limit: u64, threads: usize) -> u64,
    /// The primes in `1..=limit`, in order, on `threads` threads.
    pub primes: fn(limit: u64, threads: usize) -> Vec<u64>,
    /// Whether it uses more than one thread.
    pub parallel: bool,
}

/// The variants, from the plainest to the fastest.
pub const VARIANTS: [Variant; 4] = [
    Variant {
        name: "(a) textbook, a bool per number",
        count: textbook::count,
        primes: textbook::primes,
        parallel: false,
    },
    Variant {
        name: "(b) odd-only bits, segmented",
        count: segmented::count_serial,
        primes: segmented::primes_serial,
        parallel: false,
    },
    Variant {
        name: "(c) the segments of (b) on rayon",
        count: segmented::count,
        primes: segmented::primes,
        parallel: true,
    },
    Variant {
        name: "(d) wheel, pre-sieve, buckets",
        count: wheel::count,
        primes: wheel::primes,
        parallel: true,
    },
];
// ANCHOR_END: variants

impl std::fmt::Debug for Variant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}
