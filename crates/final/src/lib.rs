//! # The final solution: no abstraction at all
//!
//! The tutorial ends by throwing its machinery away. Its `TaskRunner` and
//! `Worker` classes served to compare a dozen ways of running the work; to
//! *just run it*, two plain functions are left: `calc_primes(max, workers)`
//! splits `1..=max` into one interval per worker and hands the intervals to
//! a process pool, and `process_with_chunks` checks the numbers of one
//! interval. No queue, no list of numbers, no worker objects: a `range` per
//! process. The tutorial measured (10 workers, no delay):
//!
//! | limit       | synchronous | abstract (CHUNKS_IN_POOL) | `calc_primes` | boost        |
//! |------------:|------------:|--------------------------:|--------------:|-------------:|
//! | 100 000     | 0.06 s      | 0.47 s                    | 0.45 s        | x7.88 slower |
//! | 1 000 000   | 1.35 s      | 1.37 s                    | 0.90 s        | x1.51 faster |
//! | 10 000 000  | 31.0 s      | 21.8 s                    | 10.1 s        | x3.06 faster |
//! | 100 000 000 | 913 s       | 493 s                     | 369 s         | x2.47 faster |
//!
//! The "performance boost" is the synchronous time divided by the
//! `calc_primes` time: at 10^5 starting the processes costs more than the
//! whole synchronous run; from 10^6 on, the parallel work wins.
//!
//! ## The tutorial's off-by-one
//!
//! The tutorial's interval arithmetic leaves out the last number of every
//! interval. With `max` a power of ten and 10 workers those numbers are
//! multiples of `max / 10`, all even, all composite, so its prime counts
//! came out right by luck. [`tutorial_ranges`] reproduces the arithmetic
//! (for the tests to show what it loses); [`calc_primes`] splits with
//! [`chunks`], whose ranges hold every number exactly once for any `max`
//! and any number of workers, and the tests prove it for limits that are
//! not multiples of the worker count, where the tutorial's split would drop
//! a prime.
//!
//! ## What Rust changes
//!
//! Python needs processes to use more than one core; Rust does not. The
//! honest Rust "final solution" is therefore a plain function over exact
//! ranges on [scoped threads](std::thread::scope): each thread borrows
//! nothing, counts the primes of its range, and returns the count through
//! `join`. No process is started, nothing is serialised, nothing is
//! copied back: the result of a thread is a `u64` returned from a closure.
//! A process version would add back exactly the costs this chapter is
//! about removing (start-up, pipes, serialisation) and buy nothing in
//! return: a process is worth its price for isolation (chapter 5), and a
//! function that counts primes needs none. So there is none here; the
//! `CHUNKS_IN_POOL` column keeps the processes in the table, as the
//! tutorial's "abstract solution".
//!
//! The table adds one column the tutorial could not have: the same
//! abstraction on threads (`THREAD_POOL`), which separates the cost of the
//! abstraction from the cost of processes.
//!
//! ```text
//! cargo run --release -p chapter-final                          # 10^5, 10^6, 10^7
//! cargo run --release -p chapter-final -- --max-limit 100000000 # add 10^8: many minutes
//! cargo run --release -p chapter-final -- --limit 1234567 --workers 7
//! ```

use std::ops::RangeInclusive;
use std::path::Path;
use std::time::Duration;

use chapter_comparison::{Measurement, Model, measure_in_process, spaced};
use concurrency_core::{Align, Job, RunError, Table, chunks, expected_prime_count, format_secs, is_prime, time_it};
use serde::{Deserialize, Serialize};

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

/// One timed run of [`calc_primes`], checked against pi(N).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimpleRun {
    /// The numbers checked were `1..=limit`.
    pub limit: u64,
    /// How many threads.
    pub workers: usize,
    /// Wall-clock time, threads' start-up included.
    pub elapsed_secs: f64,
    /// The count it returned.
    pub primes: u64,
    /// `664579 (exact)`, `... (WRONG: expected ...)` or `... (unchecked)`.
    pub verdict: String,
    /// `true` when the count is pi(limit).
    pub exact: bool,
}

/// Runs and times [`calc_primes`].
pub fn measure_calc_primes(limit: u64, workers: usize) -> SimpleRun {
    let (primes, elapsed) = time_it(|| calc_primes(limit, workers));
    let expected = expected_prime_count(limit);
    let verdict = match expected {
        Some(e) if e == primes => format!("{primes} (exact)"),
        Some(e) => format!("{primes} (WRONG: expected {e})"),
        None => format!("{primes} (unchecked)"),
    };
    SimpleRun {
        limit,
        workers,
        elapsed_secs: elapsed.as_secs_f64(),
        primes,
        verdict,
        exact: expected == Some(primes),
    }
}

/// One row of the final table: the same limit run four ways.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FinalRow {
    /// The original, synchronous solution (one worker).
    pub sync: Measurement,
    /// The abstract solution the tutorial ended with: `CHUNKS_IN_POOL`.
    pub abstract_processes: Measurement,
    /// The same abstraction on threads: `THREAD_POOL`.
    pub abstract_threads: Measurement,
    /// The plain function.
    pub simple: SimpleRun,
}

impl FinalRow {
    /// Measures a row in this process. `worker_exe` is the program the
    /// process pool starts as its workers (`None`: this program, whose
    /// `main` serves `chapter_comparison::ROLES` first).
    pub fn measure(limit: u64, workers: usize, worker_exe: Option<&Path>) -> Result<FinalRow, RunError> {
        let run = |model: Model| {
            let job = Job::new(limit, model.workers(workers), Duration::ZERO);
            measure_in_process(model, &job, worker_exe, false)
        };
        Ok(FinalRow {
            sync: run(Model::Sync)?,
            abstract_processes: run(Model::Processes)?,
            abstract_threads: run(Model::Threads)?,
            simple: measure_calc_primes(limit, workers),
        })
    }

    /// A row from the comparison's measurements at `limit` (which holds the
    /// same synchronous and abstract runs) and a run of [`calc_primes`]:
    /// what `bench-all` does instead of running them twice. `None` when a
    /// model is missing.
    pub fn from_comparison(measurements: &[Measurement], simple: SimpleRun) -> Option<FinalRow> {
        let find = |model| {
            let found = measurements
                .iter()
                .find(|m| m.limit == simple.limit && m.model == model);
            found.cloned()
        };
        Some(FinalRow {
            sync: find(Model::Sync)?,
            abstract_processes: find(Model::Processes)?,
            abstract_threads: find(Model::Threads)?,
            simple,
        })
    }

    /// The synchronous time over the `calc_primes` time.
    pub fn boost(&self) -> f64 {
        self.sync.elapsed_secs / self.simple.elapsed_secs.max(f64::MIN_POSITIVE)
    }

    /// Whether all four runs found exactly pi(limit) primes.
    pub fn exact(&self) -> bool {
        self.sync.exact && self.abstract_processes.exact && self.abstract_threads.exact && self.simple.exact
    }
}

/// `x3.06 faster` or `x7.88 slower`, as the tutorial writes its boost.
pub fn boost_label(boost: f64) -> String {
    if boost >= 1.0 {
        format!("x{boost:.2} faster")
    } else {
        format!("x{:.2} slower", 1.0 / boost)
    }
}

// ANCHOR: final_table
/// The tutorial's final table, with the abstraction on threads added.
pub fn final_table(rows: &[FinalRow]) -> Table {
    let mut table = Table::new([
        ("Calculation upper limit", Align::Right),
        ("Num. of Workers", Align::Center),
        ("Original solution (synchronous)", Align::Right),
        ("Abstract solution (TaskRunner + Worker, CHUNKS_IN_POOL)", Align::Right),
        ("Abstract solution on threads (THREAD_POOL)", Align::Right),
        ("Upgraded solution (calc_primes())", Align::Right),
        ("Performance boost", Align::Right),
        ("Primes found", Align::Right),
    ]);
    let secs = |s: f64| format_secs(Duration::from_secs_f64(s));
    for row in rows {
        let verdicts = [
            &row.sync.verdict,
            &row.abstract_processes.verdict,
            &row.abstract_threads.verdict,
            &row.simple.verdict,
        ];
        let mut distinct: Vec<&String> = verdicts.to_vec();
        distinct.dedup();
        table.push_row([
            spaced(row.simple.limit),
            row.simple.workers.to_string(),
            secs(row.sync.elapsed_secs),
            secs(row.abstract_processes.elapsed_secs),
            secs(row.abstract_threads.elapsed_secs),
            secs(row.simple.elapsed_secs),
            boost_label(row.boost()),
            distinct.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" / "),
        ]);
    }
    table
}
// ANCHOR_END: final_table

#[cfg(test)]
mod tests {
    use super::*;
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
    fn boosts_read_like_the_tutorials() {
        assert_eq!(boost_label(3.0625), "x3.06 faster");
        assert_eq!(boost_label(0.0571 / 0.4504), "x7.89 slower");
    }

    #[test]
    fn a_measured_row_is_exact_and_its_boost_is_sync_over_simple() {
        // No processes here: the test harness cannot serve as a worker, so
        // the pool's column is covered by tests/cli.rs with the real binary.
        let job = Job::new(10_007, 1, Duration::ZERO);
        let sync = measure_in_process(Model::Sync, &job, None, false).expect("sync runs");
        let threads =
            measure_in_process(Model::Threads, &Job::new(10_007, 3, Duration::ZERO), None, false).expect("threads run");
        let simple = measure_calc_primes(10_007, 3);
        assert!(simple.exact, "{simple:?}");
        let mut processes = threads.clone();
        processes.model = Model::Processes;
        let row = FinalRow::from_comparison(&[sync, threads, processes], simple).expect("every model is there");
        assert!(row.exact());
        assert_eq!(row.boost(), row.sync.elapsed_secs / row.simple.elapsed_secs);
        let table = final_table(&[row]).to_string();
        assert!(table.contains("10 007") && table.contains("1230 (exact)"), "{table}");
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
