//! One row of the final table: the same limit run four ways, each a
//! [`Measurement`], and the table the tutorial ends with.

use std::path::Path;
use std::time::Duration;

use chapter_comparison::{Measurement, Model, measure_in_process, spaced};
use concurrency_core::{Align, Job, RunError, Table, format_secs};
use serde::{Deserialize, Serialize};

use crate::measure_calc_primes;

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
    /// Measures a row in this process. `worker_exe` is the program the
    /// process pool starts as its workers (`None`: this program, whose
    /// `main` serves `chapter_comparison::ROLES` first).
    pub fn measure(limit: u64, workers: usize, worker_exe: Option<&Path>) -> Result<FinalRow, RunError> {
        let job = Job::new(limit, workers, Duration::ZERO);
        let run = |model: Model| measure_in_process(model, &job, worker_exe, false);
        Ok(FinalRow {
            sync: run(Model::Sync)?,
            abstract_processes: run(Model::Processes)?,
            abstract_threads: run(Model::Threads)?,
            simple: measure_calc_primes(limit, workers),
        })
    }

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
    for row in rows {
        let runs = [&row.sync, &row.abstract_processes, &row.abstract_threads, &row.simple];
        let mut verdicts: Vec<&str> = runs.iter().map(|m| m.verdict.as_str()).collect();
        verdicts.dedup();
        table.push_row([
            spaced(row.simple.limit),
            row.simple.workers.to_string(),
            format_secs(row.sync.elapsed()),
            format_secs(row.abstract_processes.elapsed()),
            format_secs(row.abstract_threads.elapsed()),
            format_secs(row.simple.elapsed()),
            boost_label(row.boost()),
            verdicts.join(" / "),
        ]);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let table = final_table(&[row]);
        let markdown = table.to_string();
        assert!(
            markdown.contains("10 007") && markdown.contains("1230 (exact)"),
            "{markdown}"
        );
        let drawn = table.for_terminal(80);
        assert!(drawn.lines().all(|line| line.chars().count() <= 80), "{drawn}");
    }
}
