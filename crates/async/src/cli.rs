//! The command line: the shared options, the runtime and the delay kind,
//! the fault option, and the one function the binary calls.

use std::process::ExitCode;

use clap::Parser;
use concurrency_core::{
    FailHow, FaultArgs, FaultPlan, Job, RunArgs, TaskRunner, Verdict, print_err, print_out, print_reports,
    run_and_print,
};

use crate::compare::{COMPARISON_LESSON, compare_runtimes, comparison_table};
use crate::delay::DelayKind;
use crate::runner::{AsyncTaskRunner, RunnerType};
use crate::runtime::AsyncRuntime;
use crate::{DEFAULT_WORKERS, TUTORIAL_TABLE};

/// Tasks for --compare-runtimes when --workers is not given: the tutorial's
/// final comparison uses 10 workers.
const COMPARE_TASKS: usize = 10;

/// Chapter 3 of "Concurrency in Python", in Rust: asynchronous execution.
///
/// Each worker is a task that awaits the forced delay, so the delays of all
/// workers overlap. With no --mode it prints the tutorial's table (SIMPLE
/// with 2 and 3 workers, TASK_GROUP with 3: about a minute at the default
/// 1000 numbers and 50 ms); --workers without --mode runs both types with
/// that many workers.
#[derive(Debug, Parser)]
#[command(name = "chapter-async", version)]
pub struct Cli {
    /// `--limit`, `--workers`, `--delay-ms`, `--mode`, `--json`.
    #[command(flatten)]
    pub run: RunArgs<RunnerType>,

    /// The async runtime that runs the tasks (tokio-current-thread is one
    /// thread, like asyncio).
    #[arg(long, value_enum, default_value_t = AsyncRuntime::TokioCurrentThread)]
    pub runtime: AsyncRuntime,

    /// How a task waits the forced delay: the runtime's async sleep, a
    /// blocking std::thread::sleep (the mistake), or that blocking sleep
    /// moved to the runtime's blocking pool (the fix).
    #[arg(long, value_enum, default_value_t = DelayKind::Async)]
    pub delay_kind: DelayKind,

    /// Same as --delay-kind blocking: sleep with std::thread::sleep inside
    /// the task, which stalls every task of the thread.
    #[arg(long, conflicts_with = "delay_kind")]
    pub blocking_delay: bool,

    /// Run TASK_GROUP with 1 task and with --workers tasks (default 10) on
    /// tokio's current-thread and multi-thread runtimes; use it with
    /// --delay-ms 0 and a large --limit.
    #[arg(long, conflicts_with_all = ["runtime", "mode", "delay_kind", "blocking_delay", "fail_worker"])]
    pub compare_runtimes: bool,

    /// `--fail-worker`, `--fail-after`, `--fail-how` (panic only: a task
    /// cannot exit or abort without taking the program with it).
    #[command(flatten)]
    pub fault: FaultArgs,
}

/// Runs the chapter as the command line asks and prints the reports: exit
/// code 0, or 1 when a task failed or a count is wrong (2, bad input, exits
/// before anything runs).
pub fn run(cli: &Cli) -> ExitCode {
    if cli.compare_runtimes {
        return compare(cli);
    }
    let fault = cli.fault.plan_or_exit(&[FailHow::Panic]);
    let delay_kind = if cli.blocking_delay {
        DelayKind::Blocking
    } else {
        cli.delay_kind
    };
    let rows: Vec<(RunnerType, usize)> = match (cli.run.mode, cli.run.workers) {
        (Some(kind), workers) => vec![(kind, workers.unwrap_or(DEFAULT_WORKERS))],
        (None, Some(workers)) => RunnerType::ALL.map(|kind| (kind, workers)).to_vec(),
        (None, None) => TUTORIAL_TABLE.to_vec(),
    };
    if fault.is_some() {
        let most = rows.iter().map(|&(_, workers)| workers).max().unwrap_or(0);
        FaultPlan::names_a_worker_or_exit(fault, most);
        concurrency_core::quiet_expected_panics();
    }
    let runners: Vec<(AsyncTaskRunner, Job)> = rows
        .into_iter()
        .map(|(kind, workers)| {
            let runner = AsyncTaskRunner::new(kind, cli.runtime)
                .with_delay_kind(delay_kind)
                .with_fault(fault);
            (runner, cli.run.job_or_exit(workers))
        })
        .collect();
    let runs: Vec<(&dyn TaskRunner, Job)> = runners
        .iter()
        .map(|(runner, job)| (runner as &dyn TaskRunner, job.clone()))
        .collect();
    run_and_print(&runs, cli.run.json)
}

/// `--compare-runtimes`: current-thread against multi-thread on CPU-bound
/// work.
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
        print_out(&format!(
            "{}\n{COMPARISON_LESSON}\n",
            comparison_table(&reports).for_stdout()
        ));
    }
    if reports.iter().any(|r| matches!(r.verdict(), Verdict::Wrong { .. })) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
