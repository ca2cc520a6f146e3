//! What the chapter prints beyond the tutorial's table: the yardstick of
//! "no GIL, measured" ([`OneWorker`]; the table itself is
//! [`NoGil`](crate::no_gil::NoGil)), and each worker's thread, share and
//! busy time (the load balance).

use std::process::ExitCode;
use std::time::Duration;

use concurrency_core::{
    Align, Job, RunError, RunReport, Table, TaskRunner, Verdict, Worker, WorkerReport, print_out, print_reports,
};

use crate::{MultiThreadTaskRunner, RunnerType, Split};

/// How many workers a cell lists before `...`.
const SHOWN: usize = 5;

/// Every runner the chapter has: its five runner types, with THREAD_POOL
/// once per [`Split`] (the tutorial's contiguous chunks first).
pub fn no_gil_runners() -> Vec<MultiThreadTaskRunner> {
    let mut runners = Vec::new();
    for kind in RunnerType::ALL {
        let runner = MultiThreadTaskRunner::new(kind);
        if kind == RunnerType::ThreadPool {
            for split in [Split::Contiguous, Split::Interleaved, Split::Stealing] {
                runners.push(runner.with_split(split));
            }
        } else {
            runners.push(runner);
        }
    }
    runners
}

// ANCHOR: baseline
/// The yardstick of the speedups: one worker checks every number on the
/// calling thread. No thread is started, no number is shared: what a program
/// without any concurrency does.
#[derive(Debug, Clone, Copy, Default)]
pub struct OneWorker;

impl TaskRunner for OneWorker {
    fn name(&self) -> String {
        "OneWorker".to_owned()
    }

    fn runner_type(&self) -> String {
        "ONE_WORKER".to_owned()
    }

    fn run_workers(&self, job: &Job) -> Result<Vec<WorkerReport>, RunError> {
        let mut worker = Worker::new(1, job.delay).with_progress(job.progress.clone());
        worker.process_range(1..=job.limit);
        Ok(vec![worker.into_report()])
    }
}
// ANCHOR_END: baseline

/// The machine's cores: logical from [`concurrency_core::cores`], physical from sysinfo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cores {
    /// Logical processors (hardware threads).
    pub logical: usize,
    /// Physical cores.
    pub physical: usize,
}

impl Cores {
    /// This machine's.
    pub fn here() -> Self {
        Cores {
            logical: concurrency_core::cores(),
            physical: concurrency_core::system::physical_cores().unwrap_or_else(concurrency_core::cores),
        }
    }
}

pub(crate) fn run_one(runner: &dyn TaskRunner, job: &Job) -> Result<RunReport, String> {
    runner
        .run(job)
        .map_err(|err| format!("{} ({}) failed: {err}", runner.name(), runner.runner_type()))
}

/// Runs each runner on its job, in turn; the first failure stops the lot.
pub fn run_all(runs: &[(MultiThreadTaskRunner, Job)]) -> Result<Vec<RunReport>, String> {
    runs.iter().map(|(runner, job)| run_one(runner, job)).collect()
}

/// Prints reports the chapter's way: the tutorial's table, the table of
/// threads and busy times, then each run's details; or JSON.
pub fn print_runs(reports: &[RunReport], json: bool) {
    if json {
        print_reports(reports, true);
        return;
    }
    let mut text = format!(
        "{}\nThreads, shares and busy time per worker:\n\n{}",
        RunReport::table(reports).for_stdout(),
        workers_table(reports).for_stdout()
    );
    for report in reports {
        text.push_str(&format!("\n{report}\n"));
    }
    print_out(&text);
}

/// Exit code 1 when any report's prime count is wrong, as `run_and_print`.
pub fn exit_code(reports: &[RunReport]) -> ExitCode {
    let wrong = reports.iter().any(|r| matches!(r.verdict(), Verdict::Wrong { .. }));
    if wrong { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

// ANCHOR: workers_table
/// One row per run: the threads its workers ran on, how many numbers each
/// checked, each one's busy time (forced delay excluded) and the imbalance,
/// the busiest worker's time over the mean. 1.00 is a perfect split; the
/// run lasts as long as its busiest worker.
pub fn workers_table(reports: &[RunReport]) -> Table {
    let mut table = Table::new([
        ("Runner Type", Align::Center),
        ("Num. of Workers", Align::Center),
        ("Threads", Align::Left),
        ("Numbers checked", Align::Left),
        ("Busy time", Align::Left),
        ("Busy max/mean", Align::Right),
    ]);
    for report in reports {
        let cell = |each: &dyn Fn(&WorkerReport) -> String| {
            let mut cells: Vec<String> = report.workers.iter().take(SHOWN).map(each).collect();
            if report.workers.len() > SHOWN {
                cells.push("...".to_owned());
            }
            cells.join(" / ")
        };
        table.push_row([
            label(&report.runner, &report.runner_type),
            report.workers.len().to_string(),
            cell(&|w| w.thread.clone()),
            cell(&|w| w.processed.to_string()),
            cell(&|w| format!("{:.3} s", w.busy.as_secs_f64())),
            imbalance(report),
        ]);
    }
    table
}
// ANCHOR_END: workers_table

/// The busiest worker's busy time over the mean, `1.00` for a perfect split.
pub fn busy_ratio(report: &RunReport) -> Option<f64> {
    let busy: Vec<Duration> = report.workers.iter().map(|w| w.busy).collect();
    let max = busy.iter().max()?;
    let mean = busy.iter().sum::<Duration>().as_secs_f64() / busy.len() as f64;
    (mean > 0.0).then(|| max.as_secs_f64() / mean)
}

pub(crate) fn imbalance(report: &RunReport) -> String {
    busy_ratio(report).map_or_else(|| "-".to_owned(), |ratio| format!("{ratio:.2}"))
}

/// `THREAD_POOL (stealing)` for a THREAD_POOL run with another split than
/// the tutorial's, the runner type alone otherwise.
pub(crate) fn label(runner: &str, runner_type: &str) -> String {
    let split = runner
        .strip_prefix("MultiThreadTaskRunner (")
        .and_then(|s| s.strip_suffix(" split)"));
    match split {
        Some(split) => format!("{runner_type} ({split})"),
        None => runner_type.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn busy_ratio_is_max_over_mean() {
        let worker = |busy_ms| WorkerReport {
            name: "Worker-1".to_owned(),
            pid: 1,
            thread: "t".to_owned(),
            primes: vec![],
            processed: 1,
            busy: Duration::from_millis(busy_ms),
            died: None,
            spans: Vec::new(),
        };
        let report = RunReport {
            runner: "MultiThreadTaskRunner (stealing split)".to_owned(),
            runner_type: "THREAD_POOL".to_owned(),
            limit: 2,
            delay: Duration::ZERO,
            elapsed: Duration::from_millis(3),
            workers: vec![worker(100), worker(300)],
        };
        let ratio = busy_ratio(&report).expect("the workers were busy");
        assert!((ratio - 1.5).abs() < 1e-9, "{ratio}");
        assert_eq!(label(&report.runner, &report.runner_type), "THREAD_POOL (stealing)");
    }
}
