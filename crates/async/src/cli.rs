//! The command line: the shared options, the runtime and the delay kind,
//! the fault option, and the one function the binary calls.

use std::process::ExitCode;

use clap::Parser;
use clap::builder::RangedU64ValueParser;
use concurrency_core::{
    FailHow, FaultArgs, FaultPlan, Job, RunArgs, TaskRunner, print_err, print_out, print_reports, run_and_print,
};

use crate::compare::{COMPARISON_LESSON, DEFAULT_RUNS, measure_runtimes};
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
    /// --delay-ms 0 and a large --limit. The rows run in interleaved rounds
    /// (--runs); a speedup the runtime's threads cannot give is measured
    /// again and marked (implausible) if it still is, a row its spread
    /// cannot tell from one task is marked "= NAME" (a tie), and one line
    /// under the table says what this guard did.
    #[arg(long, conflicts_with_all = ["runtime", "mode", "delay_kind", "blocking_delay", "fail_worker"])]
    pub compare_runtimes: bool,

    /// Rounds of --compare-runtimes, 1 to 50: each round runs every row
    /// once, in order, so that a busy moment lands on every row alike. A
    /// cell shows the median of the rounds and their spread
    /// (fastest-slowest), a speedup the median of the per-round ratios
    /// [default: 3].
    #[arg(long, value_name = "N", requires = "compare_runtimes",
          value_parser = RangedU64ValueParser::<usize>::new().range(1..=50))]
    pub runs: Option<usize>,

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
    let runs = cli.runs.unwrap_or(DEFAULT_RUNS);
    let cores = concurrency_core::cores();
    let json = cli.run.json;
    let progress = &mut |line: &str| {
        if !json {
            print_err!("{line}");
        }
    };
    let measured = match measure_runtimes(job.limit, job.workers, job.delay, runs, cores, progress) {
        Ok(measured) => measured,
        Err(err) => {
            print_err!("error: the runtime comparison failed: {err}");
            return ExitCode::FAILURE;
        }
    };
    if json {
        // Each row's median run.
        print_reports(&measured.reports(), true);
    } else {
        let rounds = match runs {
            1 => "1 round".to_owned(),
            n => format!("the median of {n} rounds (fastest-slowest)"),
        };
        print_out(&format!(
            "TASK_GROUP on tokio's two runtimes, {cores} logical cores; {rounds}.\n\n{}\n{}\n{COMPARISON_LESSON}\n",
            measured.table().for_stdout(),
            measured.noise().text(),
        ));
    }
    if measured.any_wrong() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
