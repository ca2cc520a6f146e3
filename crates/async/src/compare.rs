//! The two tokio runtimes compared on CPU-bound work (`--compare-runtimes`):
//! with nothing to await, only the multi-thread runtime gains from more tasks.

use std::time::Duration;

use concurrency_core::{Align, Job, RunError, RunReport, Table, TaskRunner, format_secs};

use crate::runner::{AsyncTaskRunner, RunnerType};
use crate::runtime::AsyncRuntime;

// ANCHOR: compare_runtimes
/// The two tokio runtimes compared on CPU-bound work: `TASK_GROUP` with one
/// task, then with `tasks` tasks, on the current-thread runtime and on the
/// multi-thread one. Run it with no delay and a large limit.
pub fn compare_runtimes(limit: u64, tasks: usize, delay: Duration) -> Result<Vec<RunReport>, RunError> {
    let mut reports = Vec::with_capacity(4);
    for runtime in [AsyncRuntime::TokioCurrentThread, AsyncRuntime::TokioMultiThread] {
        for workers in [1, tasks] {
            let runner = AsyncTaskRunner::new(RunnerType::TaskGroup, runtime);
            reports.push(runner.run(&Job::new(limit, workers, delay))?);
        }
    }
    Ok(reports)
}
// ANCHOR_END: compare_runtimes

/// The comparison as a table: per run, the runtime, the tasks, the time,
/// the speedup over one task on the same runtime, and how many threads and
/// workers actually did the work.
pub fn comparison_table(reports: &[RunReport]) -> Table {
    let mut table = Table::new([
        ("Runtime", Align::Left),
        ("Tasks", Align::Right),
        ("Execution time", Align::Right),
        ("Speedup", Align::Right),
        ("Primes found", Align::Right),
        ("Threads used", Align::Right),
        ("Workers that worked", Align::Right),
    ]);
    for report in reports {
        let baseline = reports
            .iter()
            .find(|r| r.runner == report.runner && r.workers.len() == 1)
            .map(|r| r.elapsed);
        let speedup = baseline.map_or_else(
            || "-".to_owned(),
            |base| format!("{:.2}x", base.as_secs_f64() / report.elapsed.as_secs_f64().max(1e-9)),
        );
        let mut threads: Vec<&str> = report
            .workers
            .iter()
            .filter(|w| w.processed > 0)
            .map(|w| w.thread.as_str())
            .collect();
        threads.sort_unstable();
        threads.dedup();
        table.push_row([
            report.runner.trim_start_matches("AsyncTaskRunner on ").to_owned(),
            report.workers.len().to_string(),
            format_secs(report.elapsed),
            speedup,
            report.verdict().to_string(),
            threads.len().to_string(),
            report.active_workers().len().to_string(),
        ]);
    }
    table
}

/// What the comparison shows, printed under its table.
pub const COMPARISON_LESSON: &str = "\
With nothing to await, a task never gives its thread back: on the current-thread runtime the
first task checks every number while the others wait, so more tasks gain nothing (asyncio
behaves the same). The multi-thread runtime runs up to one task per core at the same time,
in parallel: Rust has no GIL. On either runtime, a task that computes for long blocks the
other tasks of its thread; real code moves such work to spawn_blocking or to rayon.";

#[cfg(test)]
mod tests {
    use super::*;
    use concurrency_core::Verdict;

    #[test]
    fn the_comparison_runs_both_tokio_flavours_with_one_and_many_tasks() {
        let reports = compare_runtimes(10_000, 4, Duration::ZERO).expect("runs");
        let shape: Vec<(&str, usize)> = reports.iter().map(|r| (r.runner.as_str(), r.workers.len())).collect();
        assert_eq!(
            shape,
            [
                ("AsyncTaskRunner on tokio current-thread", 1),
                ("AsyncTaskRunner on tokio current-thread", 4),
                ("AsyncTaskRunner on tokio multi-thread", 1),
                ("AsyncTaskRunner on tokio multi-thread", 4),
            ]
        );
        for report in &reports {
            assert_eq!(report.verdict(), Verdict::Exact { count: 1_229 });
        }
        // Nothing to await: on one thread the first task does everything.
        assert_eq!(reports[1].active_workers(), ["Worker-1"]);
        let table = comparison_table(&reports).to_string();
        assert!(
            table.contains("tokio multi-thread") && table.contains("1.00x"),
            "{table}"
        );
    }
}
