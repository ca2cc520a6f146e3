//! The command line: the shared options, the fault option, the deadline
//! and `--costs`, and the one function the binary calls.

use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use concurrency_core::print_err;
use concurrency_core::{
    FailHow, FaultArgs, FaultPlan, Job, RunArgs, TaskRunner, print_out, run_and_print, usage_error,
};

use crate::runner::MultiProcessTaskRunner;
use crate::runner_type::{RunnerType, planned_runs};
use crate::signals::park_if_stopping;
use crate::{costs, liveness};

/// Chapter 5 of "Concurrency in Python", in Rust: multiprocess execution.
///
/// Every worker is a separate OS process (this program, started again in a
/// worker role), fed through pipes. With no --mode, runs the tutorial's
/// table: SIMPLE 3 and 10, SHARED 3, PROCESS_POOL 3, 5 and 10,
/// CHUNKS_IN_POOL 10 (about 75 s at 50 ms per number), then prints what
/// starting a process costs next to a thread and an async task.
#[derive(Debug, Parser)]
#[command(name = "chapter-multiprocess", version)]
pub struct Cli {
    /// `--limit`, `--workers`, `--delay-ms`, `--mode`, `--json`.
    #[command(flatten)]
    pub run: RunArgs<RunnerType>,

    /// Only measure the time to start and stop K processes, threads and
    /// async tasks (K = --workers, or 1, 10 and 100). It runs no runner, so
    /// --mode, --limit, --delay-ms, --worker-timeout and the faults are
    /// refused with it, not dropped.
    #[arg(long, conflicts_with_all = ["fail_worker", "mode", "limit", "delay_ms", "worker_timeout"])]
    pub costs: bool,

    /// Kill a worker that sends no reply for SECS seconds (a number above
    /// 0, such as 1 or 0.5); its unfinished numbers run again on the other
    /// workers. [default: the largest of 10 x the slowest reply so far,
    /// 10 x the forced delay, and 2 s]
    #[arg(long, value_name = "SECS", allow_negative_numbers = true, value_parser = liveness::parse_timeout)]
    pub worker_timeout: Option<Duration>,

    /// `--fail-worker`, `--fail-after`, `--fail-how`: a worker process can
    /// fail in all four ways.
    #[command(flatten)]
    pub fault: FaultArgs,
}

/// The ways a worker process can fail on purpose: all of them.
const FAIL_HOWS: [FailHow; 4] = [FailHow::Panic, FailHow::Exit, FailHow::Abort, FailHow::Hang];

// ANCHOR: run
/// Runs the chapter as the command line asks: the runs, then (for the
/// tutorial's table) the costs. Exit code 0, or 1 when a run failed or a
/// count is wrong (2, bad input, exits before anything runs).
pub fn run(cli: &Cli) -> ExitCode {
    if cli.costs {
        return print_costs(cli);
    }
    let runs = runners(cli);
    let borrowed: Vec<(&dyn TaskRunner, Job)> = runs
        .iter()
        .map(|(runner, job)| (runner as &dyn TaskRunner, job.clone()))
        .collect();
    let code = run_and_print(&borrowed, cli.run.json);
    for (runner, _) in &runs {
        runner.shutdown_pool(); // idle pool processes would disturb the costs
    }
    // An interrupt during the run: the signal watcher is exiting with its code.
    park_if_stopping();
    if code == ExitCode::SUCCESS
        && let Some(line) = unfired_fault(cli.fault.plan_or_exit(&FAIL_HOWS), &runs)
    {
        print_err!("{line}");
        return ExitCode::FAILURE;
    }
    if cli.run.mode.is_none() && !cli.run.json && code == ExitCode::SUCCESS {
        print_out("\n");
        print_costs(cli)
    } else {
        code
    }
}

/// One runner and its job per row the command line asks for, each with the
/// fault plan and the deadline; a usage error (exit code 2) if the options
/// make no sense.
fn runners(cli: &Cli) -> Vec<(MultiProcessTaskRunner, Job)> {
    let fault = cli.fault.plan_or_exit(&FAIL_HOWS);
    let plan = planned_runs(cli.run.mode, cli.run.workers, cli.run.limit);
    check_fault_names_a_worker(fault, &plan);
    plan.into_iter()
        .map(|(runner_type, k)| {
            let runner = MultiProcessTaskRunner::new(runner_type).with_fault(fault);
            let runner = match cli.worker_timeout {
                Some(timeout) => runner.with_worker_timeout(timeout),
                None => runner,
            };
            (runner, cli.run.job_or_exit(k))
        })
        .collect()
}
// ANCHOR_END: run

/// The line to print when the planned fault never fired in a run that had
/// its worker (it checked fewer numbers than `--fail-after`): that run
/// passed, but it did not test what it was asked to.
fn unfired_fault(fault: Option<FaultPlan>, runs: &[(MultiProcessTaskRunner, Job)]) -> Option<String> {
    let plan = fault?;
    let worker = format!("Worker-{}", plan.worker);
    let quiet: Vec<String> = runs
        .iter()
        .filter(|(_, job)| job.workers >= plan.worker)
        .filter(|(runner, _)| !runner.last_deaths().iter().any(|death| death.worker == worker))
        .map(|(runner, job)| format!("{} with {} workers", runner.runner_type(), job.workers))
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

/// `--fail-worker K` must name a worker of at least one run.
fn check_fault_names_a_worker(fault: Option<FaultPlan>, plan: &[(RunnerType, usize)]) {
    let most = plan.iter().map(|&(_, k)| k).max().unwrap_or(0);
    FaultPlan::names_a_worker_or_exit(fault, most);
}

/// `--costs`: what starting and stopping `k` processes, threads and tasks
/// takes, as a table.
fn print_costs(cli: &Cli) -> ExitCode {
    if cli.run.json {
        usage_error("--costs prints a table; it has no --json form");
    }
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(err) => {
            print_err!("error: cannot find this program's executable: {err}");
            return ExitCode::FAILURE;
        }
    };
    let ks = cli.run.workers.map_or(vec![1, 10, 100], |k| vec![k]);
    let mut rows = Vec::new();
    for k in ks {
        match costs::measure(&exe, k, 5) {
            Ok(cost) => rows.push(cost),
            Err(err) => {
                print_err!("error: measuring {k} processes failed: {err}");
                return ExitCode::FAILURE;
            }
        }
    }
    print_out(&format!(
        "What a worker costs to start and stop (median of 5):\n{}",
        costs::table(&rows).for_stdout()
    ));
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("chapter-multiprocess").chain(args.iter().copied()))
    }

    #[test]
    fn the_fault_options_make_a_plan_for_a_process() {
        let cli = parse(&[
            "--mode",
            "shared",
            "--fail-worker",
            "2",
            "--fail-after",
            "5",
            "--fail-how",
            "hang",
        ])
        .expect("valid");
        let plan = cli.fault.plan_for(&FAIL_HOWS).expect("processes can hang");
        assert_eq!(
            plan,
            Some(FaultPlan {
                worker: 2,
                after: 5,
                how: FailHow::Hang
            })
        );
    }

    #[test]
    fn costs_take_no_fault() {
        let err = parse(&["--costs", "--fail-worker", "1"]).expect_err("nothing to fail");
        assert_eq!(err.exit_code(), 2);
    }
}
