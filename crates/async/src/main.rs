//! `cargo run -p chapter-async`: the tutorial's asynchronous runs, printed
//! as the tutorial printed them. All the logic is in `src/lib.rs`.

use std::process::ExitCode;

use chapter_async::{
    AsyncMode, AsyncRuntime, AsyncTaskRunner, COMPARISON_LESSON, DEFAULT_WORKERS, DelayKind, TUTORIAL_ROWS,
    compare_runtimes, comparison_table,
};
use clap::Parser;
use concurrency_core::print_err;
use concurrency_core::{Job, RunArgs, TaskRunner, Verdict, parse_or_exit, print_out, print_reports, run_and_print};

/// Chapter 3 of "Concurrency in Python", in Rust: asynchronous execution.
///
/// Each worker is a task that awaits the forced delay, so the delays of all
/// workers overlap. With no --mode it prints the tutorial's table (SIMPLE
/// with 2 and 3 workers, TASK_GROUP with 3: about a minute at the default
/// 1000 numbers and 50 ms); --workers without --mode runs both types with
/// that many workers.
#[derive(Debug, Parser)]
#[command(version)]
struct Cli {
    #[command(flatten)]
    run: RunArgs<AsyncMode>,

    /// The async runtime that runs the tasks (tokio-current-thread is one
    /// thread, like asyncio).
    #[arg(long, value_enum, default_value_t = AsyncRuntime::TokioCurrentThread)]
    runtime: AsyncRuntime,

    /// How a task waits the forced delay: the runtime's async sleep, a
    /// blocking std::thread::sleep (the mistake), or that blocking sleep
    /// moved to the runtime's blocking pool (the fix).
    #[arg(long, value_enum, default_value_t = DelayKind::Async)]
    delay_kind: DelayKind,

    /// Same as --delay-kind blocking: sleep with std::thread::sleep inside
    /// the task, which stalls every task of the thread.
    #[arg(long, conflicts_with = "delay_kind")]
    blocking_delay: bool,

    /// Run TASK_GROUP with 1 task and with --workers tasks (default 10) on
    /// tokio's current-thread and multi-thread runtimes; use it with
    /// --delay-ms 0 and a large --limit.
    #[arg(long, conflicts_with_all = ["runtime", "mode", "delay_kind", "blocking_delay"])]
    compare_runtimes: bool,

    /// Make the worker that draws this number panic (shows what a failing
    /// task does to the run).
    #[arg(long, value_name = "N", hide = true)]
    fail_on: Option<u64>,
}

/// Tasks for --compare-runtimes when --workers is not given: the tutorial's
/// final comparison uses 10 workers.
const COMPARE_TASKS: usize = 10;

fn main() -> ExitCode {
    let cli: Cli = parse_or_exit();
    if cli.compare_runtimes {
        return compare(&cli);
    }
    let delay_kind = if cli.blocking_delay {
        DelayKind::Blocking
    } else {
        cli.delay_kind
    };
    let runner = |mode| AsyncTaskRunner {
        mode,
        runtime: cli.runtime,
        delay_kind,
        fail_on: cli.fail_on,
    };
    let rows: Vec<(AsyncMode, usize)> = match (cli.run.mode, cli.run.workers) {
        (Some(mode), workers) => vec![(mode, workers.unwrap_or(DEFAULT_WORKERS))],
        (None, Some(workers)) => vec![(AsyncMode::Simple, workers), (AsyncMode::TaskGroup, workers)],
        (None, None) => TUTORIAL_ROWS.to_vec(),
    };
    let runners: Vec<(AsyncTaskRunner, Job)> = rows
        .into_iter()
        .map(|(mode, workers)| (runner(mode), cli.run.job_or_exit(workers)))
        .collect();
    let runs: Vec<(&dyn TaskRunner, Job)> = runners
        .iter()
        .map(|(runner, job)| (runner as &dyn TaskRunner, job.clone()))
        .collect();
    run_and_print(&runs, cli.run.json)
}

/// `--compare-runtimes`: item 5 of the chapter, current-thread against
/// multi-thread on CPU-bound work.
fn compare(cli: &Cli) -> ExitCode {
    let job = cli.run.job_or_exit(COMPARE_TASKS);
    let reports = match compare_runtimes(job.limit, job.workers, job.delay) {
        Ok(reports) => reports,
        Err(err) => {
            print_err!("error: the runtime comparison failed: {err}");
            return ExitCode::FAILURE;
        }
    };
    if cli.run.json {
        print_reports(&reports, true);
    } else {
        print_out(&format!("{}\n{COMPARISON_LESSON}\n", comparison_table(&reports)));
    }
    if reports.iter().any(|r| matches!(r.verdict(), Verdict::Wrong { .. })) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
