//! The command line: the shared options, `--split`, the fault option, and
//! the one function the binary calls.

use std::process::ExitCode;

use clap::Parser;
use clap::builder::RangedU64ValueParser;
use concurrency_core::{
    FailHow, FaultArgs, FaultPlan, Job, RunArgs, RunReport, print_err, print_out, print_reports, usage_error,
};

use crate::measure::{exit_code, no_gil_runners, print_runs, run_all};
use crate::no_gil::{DEFAULT_RUNS, NoGil};
use crate::{DEFAULT_WORKERS, MultiThreadTaskRunner, RunnerType, Split, TUTORIAL_TABLE};

/// Chapter 4 of "Concurrency in Python", in Rust: multithreading.
///
/// With no --mode: the tutorial's table (SIMPLE 2, LOCKED_LIST 2, THREAD_POOL
/// 2, 3 and 5 workers; about 100 s at the default 50 ms delay, try
/// --limit 100 --delay-ms 5). With --delay-ms 0 and no --mode: "no GIL,
/// measured", every runner type's speedup over one worker, on as many
/// workers as logical cores (or --workers), in interleaved rounds (--runs);
/// build with --release for real figures, e.g. --delay-ms 0 --limit
/// 10000000. A speedup the cores cannot give is measured again and marked
/// (implausible) if it still is; a row its spread cannot tell from its
/// neighbour is marked "= NAME", a tie; one line under the table says what
/// this guard did.
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

    /// Rounds of "no GIL, measured" (--delay-ms 0, no --mode), 1 to 50: each
    /// round runs every runner once, in order, so that a busy moment lands
    /// on every row alike. A cell shows the median of the rounds and their
    /// spread (fastest-slowest), a speedup the median of the per-round
    /// ratios [default: 3].
    #[arg(long, value_name = "N", value_parser = RangedU64ValueParser::<usize>::new().range(1..=50))]
    runs: Option<usize>,
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
    if cli.runs.is_some() && (cli.run.mode.is_some() || cli.run.delay_ms != 0) {
        usage_error("--runs applies to \"no GIL, measured\" only: --delay-ms 0 and no --mode");
    }
    let runs: Vec<(MultiThreadTaskRunner, Job)> = match cli.run.mode {
        Some(mode) => vec![(runner(mode), cli.run.job_or_exit(DEFAULT_WORKERS))],
        None if cli.run.delay_ms == 0 => {
            let cores = concurrency_core::cores().min(usize::try_from(cli.run.limit).unwrap_or(usize::MAX));
            let job = cli.run.job_or_exit(cores);
            check_fault(fault, job.workers);
            return no_gil(&job, fault, cli.runs.unwrap_or(DEFAULT_RUNS), cli.run.json);
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
            if let Some(line) = unfired_fault(fault, &reports) {
                print_err!("{line}");
                return ExitCode::FAILURE;
            }
            exit_code(&reports)
        }
        Err(message) => {
            print_err!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The line to print when the planned fault never fired in a run that had
/// its worker (a worker that got fewer numbers than `--fail-after`, or none
/// at all, never reaches it): that run passed, but it did not test what it
/// was asked to.
fn unfired_fault(fault: Option<FaultPlan>, reports: &[RunReport]) -> Option<String> {
    let plan = fault?;
    let worker = format!("Worker-{}", plan.worker);
    let quiet: Vec<String> = reports
        .iter()
        .filter(|report| report.workers.len() >= plan.worker)
        .filter(|report| !report.workers.iter().any(|w| w.name == worker && w.died.is_some()))
        .map(|report| format!("{} with {} workers", report.runner_type, report.workers.len()))
        .collect();
    (!quiet.is_empty()).then(|| {
        format!(
            "error: the planned fault never fired in {}: {worker} checked fewer than {} numbers, \
             so the run did not test what it was asked to (lower --fail-after or raise --limit)",
            quiet.join(", "),
            plan.after
        )
    })
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

/// "No GIL, measured": one worker, then every runner type on all the
/// cores, in `runs` rounds.
fn no_gil(job: &Job, fault: Option<FaultPlan>, runs: usize, json: bool) -> ExitCode {
    let runners: Vec<_> = no_gil_runners().into_iter().map(|r| r.with_fault(fault)).collect();
    let measured = NoGil::measure(job, &runners, runs, &mut |line| {
        if !json {
            print_err!("{line}");
        }
    });
    match measured {
        Ok(no_gil) => {
            if json {
                // Each row's median run, the baseline first.
                print_reports(&no_gil.all_reports(), true);
            } else {
                print_out(&no_gil.to_string());
            }
            if no_gil.any_wrong() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(message) => {
            print_err!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
