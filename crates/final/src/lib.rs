//! # The final solution: no abstraction at all
//!
//! The tutorial ends by throwing its machinery away: to *just run* the work,
//! `calc_primes(max, workers)` splits `1..=max` into one interval per worker
//! and hands them to a process pool. It found the plain function faster
//! than the abstract solution, and faster than the synchronous run from a
//! million numbers on (below that, starting processes costs more than the
//! work). In Rust the plain function needs no processes: scoped threads over
//! exact ranges, each returning its count through `join`. The tutorial's
//! interval arithmetic loses the last number of every interval
//! ([`tutorial_ranges`], kept to show it); [`calc_primes`] splits with
//! [`chunks`], which loses none.
//!
//! The solutions are measured as `bench-all` measures them: in `--runs`
//! interleaved rounds (3 by default), each cell the median with its spread,
//! the boost the median of the per-round ratios. A second table judges the
//! threads of `calc_primes` against the same function on one thread, with
//! core's guard ([`concurrency_core::measure`]): a row faster than the
//! cores allow is measured again and marked `(implausible)` if it still is,
//! and one line under the tables says what the guard did. The book's page (`docs/src/final.md`) tells
//! the story and shows the measurements.
//!
//! ```text
//! cargo run --release -p chapter-final                          # 10^5, 10^6, 10^7
//! cargo run --release -p chapter-final -- --max-limit 100000000 # add 10^8
//! cargo run --release -p chapter-final -- --limit 1234567 --workers 7
//! cargo run --release -p chapter-final -- --runs 7              # more rounds
//! ```
//!
//! # Layout
//!
//! - this file: [`calc_primes`] and the tutorial's split;
//! - [`rounds`]: the solutions in interleaved rounds (`--runs`), the
//!   guard, and the tables ([`FinalRounds`]);
//! - [`row`]: one row of the final table as `--json` prints it
//!   ([`FinalRow`]: the same limit run four ways, each a
//!   [`chapter_comparison::Measurement`]);
//! - [`cli`]: the command line and the run it asks for.

pub mod cli;
pub mod rounds;
pub mod row;

use std::ops::RangeInclusive;

use chapter_comparison::Measurement;
use concurrency_core::{chunks, is_prime, time_it};

pub use cli::{Cli, Final, run};
pub use rounds::{DEFAULT_RUNS, FinalRounds, Solution, boost_cell, build_rows, measure_rounds};
pub use row::{FinalRow, boost_label};

/// The tutorial's final run uses 10 workers.
pub const DEFAULT_WORKERS: usize = 10;

// ANCHOR: calc_primes
/// Counts the primes in `1..=max` with `workers` threads, one contiguous
/// range each: the tutorial's `calc_primes`, on threads, with exact ranges.
///
/// `workers` of 0 is taken as 1 (someone has to do the work); more workers
/// than numbers leaves the extra ones an empty range.
pub fn calc_primes(max: u64, workers: usize) -> u64 {
    let ranges = chunks(max, workers.max(1));
    // Scoped threads end before `scope` returns, so no thread outlives the
    // call, and `join` hands back each thread's count.
    std::thread::scope(|scope| {
        let threads: Vec<_> = ranges
            .into_iter()
            .map(|range| scope.spawn(move || count_primes(range)))
            .collect();
        threads
            .into_iter()
            // `count_primes` cannot panic; if it ever did, the panic is
            // passed on rather than turned into a wrong count.
            .map(|thread| thread.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .sum()
    })
}

/// The tutorial's `process_with_chunks`: the primes of one range, counted.
pub fn count_primes(range: RangeInclusive<u64>) -> u64 {
    range.filter(|&n| is_prime(n)).count() as u64
}
// ANCHOR_END: calc_primes

// ANCHOR: tutorial_ranges
/// The tutorial's split, kept to show its bug: `workers` steps of
/// `max / workers` numbers, each interval ending one number short of the
/// next one's start, so the last number of every interval is never
/// checked (and any remainder of `max / workers` is lost too).
pub fn tutorial_ranges(max: u64, workers: usize) -> Vec<RangeInclusive<u64>> {
    let workers = workers.max(1) as u64;
    let step = max / workers;
    (0..workers)
        .map(|i| (i * step + 1)..=((i + 1) * step).saturating_sub(1))
        .collect()
}
// ANCHOR_END: tutorial_ranges

/// Runs and times [`calc_primes`]: a [`Measurement`] of runner type
/// `calc_primes`, checked against pi(N).
pub fn measure_calc_primes(limit: u64, workers: usize) -> Measurement {
    let (primes, elapsed) = time_it(|| calc_primes(limit, workers));
    Measurement::of_count("calc_primes", limit, workers, primes, elapsed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use concurrency_core::expected_prime_count;
    use proptest::prelude::*;

    #[test]
    fn calc_primes_counts_pi_of_n_at_the_powers_of_ten() {
        for (limit, count) in [(10, 4), (100, 25), (1_000, 168), (100_000, 9_592), (1_000_000, 78_498)] {
            assert_eq!(calc_primes(limit, DEFAULT_WORKERS), count, "pi({limit})");
        }
    }

    #[test]
    fn exact_for_limits_that_are_not_multiples_of_the_workers() {
        // 7 and 3 divide none of these limits; several end on a prime
        // (9_973, 104_729 and 1_299_709 are primes), which the last range
        // must not lose.
        for (limit, workers) in [(9_973, 7), (104_729, 3), (1_299_709, 10), (1_001, 3), (99_991, 4)] {
            let expected = expected_prime_count(limit).expect("a sieve can check these");
            assert_eq!(
                calc_primes(limit, workers),
                expected,
                "1..={limit} on {workers} workers"
            );
        }
    }

    #[test]
    fn the_tutorials_split_drops_a_prime_where_ours_does_not() {
        // 21 numbers over 3 workers: the tutorial checks 1..=6, 8..=13,
        // 15..=20 and never looks at 7, 14 and 21; 7 is a prime.
        assert_eq!(tutorial_ranges(21, 3), [1..=6, 8..=13, 15..=20]);
        let theirs: u64 = tutorial_ranges(21, 3).into_iter().map(count_primes).sum();
        assert_eq!(theirs, 7);
        assert_eq!(calc_primes(21, 3), 8); // 2 3 5 7 11 13 17 19
        // At a power of ten with 10 workers the lost numbers are even, so
        // the tutorial's count came out right: its bug was invisible.
        let lucky: u64 = tutorial_ranges(100_000, 10).into_iter().map(count_primes).sum();
        assert_eq!(lucky, 9_592);
    }

    #[test]
    fn zero_or_too_many_workers_still_count_right() {
        assert_eq!(calc_primes(100, 0), 25);
        assert_eq!(calc_primes(5, 8), 3);
        assert_eq!(calc_primes(0, 4), 0);
    }

    #[test]
    fn a_measured_run_is_checked_against_pi_of_n() {
        let run = measure_calc_primes(10_007, 3);
        assert!(run.exact && run.verdict == "1230 (exact)", "{run:?}");
        assert_eq!(
            (run.runner_type.as_str(), run.workers, run.model),
            ("calc_primes", 3, None)
        );
    }

    proptest! {
        /// Whatever the limit and the number of workers, the count is the
        /// sieve's.
        #[test]
        fn calc_primes_agrees_with_a_sieve(limit in 0..20_000u64, workers in 1..16usize) {
            let expected = expected_prime_count(limit.max(1)).map(|c| if limit == 0 { 0 } else { c });
            prop_assert_eq!(Some(calc_primes(limit, workers)), expected);
        }
    }
}
