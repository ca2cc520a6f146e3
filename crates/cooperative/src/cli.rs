//! The command line: the shared options, the fault option, and the one
//! function the binary calls.

use std::process::ExitCode;

use clap::Parser;
use concurrency_core::{FailHow, FaultArgs, FaultPlan, RunArgs, run_and_print};

use crate::DEFAULT_WORKERS;
use crate::runner::{CoopTaskRunner, RunnerType};

/// Chapter 2 of "Concurrency in Python", in Rust: cooperative execution.
///
/// The runner hands each number to the first idle worker; since nothing
/// runs concurrently, that is always Worker-1. The tutorial's run (1000
/// numbers, 50 ms each) takes about 50 seconds; `--limit 100 --delay-ms 1`
/// shows the same lesson at once.
#[derive(Debug, Parser)]
#[command(name = "chapter-cooperative", version)]
pub struct Cli {
    /// `--limit`, `--workers`, `--delay-ms`, `--mode`, `--json`.
    #[command(flatten)]
    pub run: RunArgs<RunnerType>,

    /// `--fail-worker`, `--fail-after`, `--fail-how` (panic only: the
    /// workers share the program's one thread).
    #[command(flatten)]
    pub fault: FaultArgs,
}

/// Runs the chapter as the command line asks and prints the report: exit
/// code 0, or 1 when a worker failed or the count is wrong (2, bad input,
/// exits before anything runs).
pub fn run(cli: &Cli) -> ExitCode {
    let fault = cli.fault.plan_or_exit(&[FailHow::Panic]);
    let job = cli.run.job_or_exit(DEFAULT_WORKERS);
    FaultPlan::names_a_worker_or_exit(fault, job.workers);
    if fault.is_some() {
        concurrency_core::quiet_expected_panics();
    }
    run_and_print(&[(&CoopTaskRunner::new().with_fault(fault), job)], cli.run.json)
}
