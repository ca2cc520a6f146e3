//! The command line: the shared options, `--split`, the fault option, and
//! the one function the binary calls.

use std::process::ExitCode;

use clap::Parser;
use concurrency_core::{FailHow, FaultArgs, FaultPlan, Job, RunArgs, print_err, print_out, print_reports, usage_error};

use crate::measure::{NoGil, exit_code, no_gil_runners, print_runs, run_all};
use crate::{DEFAULT_WORKERS, MultiThreadTaskRunner, RunnerType, Split, TUTORIAL_TABLE};

/// Chapter 4 of "Concurrency in Python", in Rust: multithreading.
///
/// With no --mode: the tutorial's table (SIMPLE 2, LOCKED_LIST 2, THREAD_POOL
/// 2, 3 and 5 workers; about 100 s at the default 50 ms delay, try
/// --limit 100 --delay-ms 5). With --delay-ms 0 and no --mode: "no GIL,
/// measured", every runner type's speedup over one worker, on as many
/// workers as logical cores (or --workers); build with --release for real
/// figures, e.g. --delay-ms 0 --limit 10000000.
#[derive(Debug, Parser)]
#[command(name = "chapter-multithread", version)]
pub struct Cli {
    /// `--limit`, `--workers`, `--delay-ms`, `--mode`, `--json`.
    #[command(flatten)]
    run: RunArgs<RunnerType>,

    /// How --mode thread-pool splits the numbers [default: contiguous, the
    /// tutorial's].
    #[arg(long, value_name = "SPLIT")]
    split: Option<Split>,

    /// `--fail-worker`, `--fail-after`, `--fail-how` (panic only: a thread
    /// that exits or aborts takes the whole process with it).
    #[command(flatten)]
    fault: FaultArgs,
}

/// Runs the chapter as the command line asks and prints the reports: exit
/// code 0, or 1 when a worker failed or a count is wrong (2, bad input,
/// exits before anything runs).
pub fn run(cli: &Cli) -> ExitCode {
    let fault = cli.fault.plan_or_exit(&[FailHow::Panic]);
    if cli.split.is_some() && cli.run.mode != Some(RunnerType::ThreadPool) {
        usage_error("--split applies to --mode thread-pool only");
    }
    let runner = |kind| {
        MultiThreadTaskRunner::new(kind)
            .with_split(cli.split.unwrap_or_default())
            .with_fault(fault)
    };
    let runs: Vec<(MultiThreadTaskRunner, Job)> = match cli.run.mode {
        Some(mode) => vec![(runner(mode), cli.run.job_or_exit(DEFAULT_WORKERS))],
        None if cli.run.delay_ms == 0 => {
            let cores = concurrency_core::cores().min(usize::try_from(cli.run.limit).unwrap_or(usize::MAX));
            let job = cli.run.job_or_exit(cores);
            check_fault(fault, job.workers);
            return no_gil(&job, fault, cli.run.json);
        }
        None => {
            if cli.run.workers.is_some() {
                usage_error("--workers needs --mode (or --delay-ms 0): the tutorial's table uses 2, 2, 2, 3 and 5");
            }
            let row = |&(kind, workers)| (runner(kind), cli.run.job_or_exit(workers));
            TUTORIAL_TABLE.iter().map(row).collect()
        }
    };
    check_fault(fault, runs.iter().map(|(_, job)| job.workers).max().unwrap_or(0));
    match run_all(&runs) {
        Ok(reports) => {
            print_runs(&reports, cli.run.json);
            exit_code(&reports)
        }
        Err(message) => {
            print_err!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Refuses a fault for a worker no run has (exit code 2); with one planned,
/// quiets the panic hook.
///
/// The planned panic is expected, and the run reports it as its one error
/// line ("Worker-1 failed: panicked: ..."): the default panic hook's message
/// and backtrace note would only say it again. A run with no fault keeps
/// the default hook, whose file and line a real bug needs.
fn check_fault(fault: Option<FaultPlan>, most_workers: usize) {
    FaultPlan::names_a_worker_or_exit(fault, most_workers);
    if fault.is_some() {
        concurrency_core::quiet_expected_panics();
    }
}

/// "No GIL, measured": one worker, then every runner type on all the cores.
fn no_gil(job: &Job, fault: Option<FaultPlan>, json: bool) -> ExitCode {
    let runners: Vec<_> = no_gil_runners().into_iter().map(|r| r.with_fault(fault)).collect();
    match NoGil::measure(job, &runners) {
        Ok(no_gil) => {
            let reports = no_gil.all_reports();
            if json {
                print_reports(&reports, true);
            } else {
                print_out(&no_gil.to_string());
            }
            exit_code(&reports)
        }
        Err(message) => {
            print_err!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
