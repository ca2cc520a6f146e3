//! One measured run, checked: the comparison's cells, the final chapter's
//! `calc_primes` and the results pages all keep their runs in one type,
//! [`Measurement`].

use std::path::Path;
use std::time::Duration;

use concurrency_core::{Job, RunError, Verdict, expected_prime_count};
use serde::{Deserialize, Serialize};

use crate::memory::{PeakMemory, peak_rss};
use crate::model::Model;

// ANCHOR: measurement
/// One run on `1..=limit`, timed and checked: a cell of the comparison, or
/// a run of the final chapter's plain function.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measurement {
    /// Which model ran; `None` for a plain function that no model runs
    /// (the final chapter's `calc_primes`).
    pub model: Option<Model>,
    /// What ran, as the tutorial names it: `THREAD_POOL`, `calc_primes`.
    pub runner_type: String,
    /// The numbers checked were `1..=limit`.
    pub limit: u64,
    /// How many workers it had.
    pub workers: usize,
    /// Wall-clock time of the run, from the runner's report (a child
    /// process's start-up is not included; a pool's is).
    pub elapsed_secs: f64,
    /// The primes the workers found, all together.
    pub primes: u64,
    /// The verdict against pi(N), as every table prints it: `664579 (exact)`.
    pub verdict: String,
    /// `true` when every prime was found exactly once.
    pub exact: bool,
    /// How many distinct processes the workers ran in.
    pub processes: usize,
    /// The measured peak memory; `None` when not measured (a run in this
    /// process, or a system that cannot say).
    pub memory: Option<PeakMemory>,
}
// ANCHOR_END: measurement

impl Measurement {
    /// A run of a plain function that returns a count, in this process:
    /// checked against pi(`limit`) where it is known, with one process and
    /// no memory measured.
    pub fn of_count(runner_type: &str, limit: u64, workers: usize, primes: u64, elapsed: Duration) -> Measurement {
        let verdict = match expected_prime_count(limit) {
            Some(expected) if expected == primes => Verdict::Exact { count: primes },
            Some(expected) => Verdict::Wrong {
                found: primes,
                expected,
            },
            None => Verdict::Unchecked { found: primes },
        };
        Measurement {
            model: None,
            runner_type: runner_type.to_owned(),
            limit,
            workers,
            elapsed_secs: elapsed.as_secs_f64(),
            primes,
            verdict: verdict.to_string(),
            exact: matches!(verdict, Verdict::Exact { .. }),
            processes: 1,
            memory: None,
        }
    }

    /// The run's wall-clock time.
    pub fn elapsed(&self) -> Duration {
        Duration::from_secs_f64(self.elapsed_secs)
    }
}

/// Runs `model` on its version of `job` ([`Model::job`]: the baseline with
/// one worker) in this process and checks the result. With `with_memory`,
/// also reads the peak memory of this process and of the worker processes:
/// meaningful only in a fresh process that runs nothing else, which is what
/// [`measure_in_child`](crate::measure_in_child) provides.
pub fn measure_in_process(
    model: Model,
    job: &Job,
    worker_exe: Option<&Path>,
    with_memory: bool,
) -> Result<Measurement, RunError> {
    let job = model.job(job);
    let runner = model.runner(worker_exe);
    let report = runner.as_task_runner().run(&job);
    // The peaks are read before the result is checked: the check sorts a
    // copy of every prime, which is the table's bookkeeping, not the run's.
    // The pool's processes are still alive here, so theirs can be read too.
    let memory = match (&report, with_memory) {
        (Ok(report), true) => peak_memory(report.pids()),
        _ => None,
    };
    runner.shutdown();
    let report = report?;
    let verdict = report.verdict();
    Ok(Measurement {
        model: Some(model),
        runner_type: report.runner_type.clone(),
        limit: job.limit,
        workers: job.workers,
        elapsed_secs: report.elapsed.as_secs_f64(),
        primes: report.primes_found(),
        verdict: verdict.to_string(),
        exact: matches!(verdict, Verdict::Exact { .. }),
        processes: report.pids().len(),
        memory,
    })
}

/// This process's peak plus the peaks of the other processes in `pids`.
fn peak_memory(pids: Vec<u32>) -> Option<PeakMemory> {
    let me = std::process::id();
    let main = peak_rss(me)?;
    let others: Vec<u32> = pids.into_iter().filter(|&pid| pid != me).collect();
    let worker_peaks: Option<Vec<u64>> = others.iter().map(|&pid| peak_rss(pid)).collect();
    let worker_peaks = worker_peaks?;
    Some(PeakMemory {
        main,
        workers: worker_peaks.iter().sum(),
        worker_processes: worker_peaks.len(),
    })
}

/// Whether every measured row found exactly pi(N) primes. Limits with no
/// oracle (above the sieve's reach and not a power of ten) count as not
/// exact: the table then says `unchecked`.
pub fn all_exact(measurements: &[Measurement]) -> bool {
    measurements.iter().all(|m| m.exact)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sync_threads_and_async_are_exact_in_this_process() {
        for model in [Model::Sync, Model::Async, Model::Threads] {
            let job = Job::new(100_000, 10, Duration::ZERO);
            let m = measure_in_process(model, &job, None, false).expect("an in-process run cannot fail");
            assert!(m.exact, "{m:?}");
            assert_eq!((m.primes, m.processes), (9_592, 1));
            assert_eq!((m.model, m.workers), (Some(model), model.workers(10)));
            assert_eq!(m.runner_type, model.runner_type());
        }
    }

    #[test]
    fn a_count_is_checked_against_pi_of_n() {
        let exact = Measurement::of_count("calc_primes", 100, 3, 25, Duration::from_millis(2));
        assert!(exact.exact && exact.verdict == "25 (exact)", "{exact:?}");
        assert_eq!((exact.model, exact.processes, exact.memory), (None, 1, None));
        let wrong = Measurement::of_count("calc_primes", 100, 3, 24, Duration::ZERO);
        assert!(
            !wrong.exact && wrong.verdict.contains("WRONG: expected 25"),
            "{wrong:?}"
        );
    }
}
