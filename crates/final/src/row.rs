//! One row of the final table: the same limit run four ways, each a
//! [`Measurement`] (what `--json` prints, each run its row's median).

use chapter_comparison::{Measurement, Model};
use serde::{Deserialize, Serialize};

// ANCHOR: final_row
/// One row of the final table: the same limit run four ways.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FinalRow {
    /// The original, synchronous solution (one worker).
    pub sync: Measurement,
    /// The abstract solution the tutorial ended with: `CHUNKS_IN_POOL`.
    pub abstract_processes: Measurement,
    /// The same abstraction on threads: `THREAD_POOL`.
    pub abstract_threads: Measurement,
    /// The plain function, [`calc_primes`](crate::calc_primes).
    pub simple: Measurement,
}
// ANCHOR_END: final_row

impl FinalRow {
    /// A row from the comparison's measurements at the limit of `simple`
    /// (which hold the same synchronous and abstract runs) and a run of
    /// `calc_primes`: what `bench-all` does instead of running them twice.
    /// `None` when a model is missing.
    pub fn from_comparison(measurements: &[Measurement], simple: Measurement) -> Option<FinalRow> {
        let find = |model| {
            let found = measurements
                .iter()
                .find(|m| m.limit == simple.limit && m.model == Some(model));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure_calc_primes;
    use chapter_comparison::measure_in_process;
    use concurrency_core::Job;
    use std::time::Duration;

    #[test]
    fn boosts_read_like_the_tutorials() {
        assert_eq!(boost_label(3.0625), "x3.06 faster");
        assert_eq!(boost_label(0.0571 / 0.4504), "x7.89 slower");
    }

    #[test]
    fn a_measured_row_is_exact_and_its_boost_is_sync_over_simple() {
        // No processes here: the test harness cannot serve as a worker, so
        // the pool's column is covered by tests/cli.rs with the real binary.
        let job = Job::new(10_007, 3, Duration::ZERO);
        let sync = measure_in_process(Model::Sync, &job, None, false).expect("sync runs");
        let threads = measure_in_process(Model::Threads, &job, None, false).expect("threads run");
        assert_eq!((sync.workers, threads.workers), (1, 3));
        let simple = measure_calc_primes(10_007, 3);
        assert!(simple.exact, "{simple:?}");
        let mut processes = threads.clone();
        processes.model = Some(Model::Processes);
        let row = FinalRow::from_comparison(&[sync, threads, processes], simple).expect("every model is there");
        assert!(row.exact());
        assert_eq!(row.boost(), row.sync.elapsed_secs / row.simple.elapsed_secs);
    }
}
