//! `cargo run -p chapter-multiprocess`: the tutorial's multiprocess table,
//! with real worker processes. All the logic is in `src/lib.rs`.

use std::process::ExitCode;
use std::time::Duration;

use chapter_multiprocess::{MultiProcessTaskRunner, RunnerType, costs, liveness, planned_runs};
use clap::Parser;
use concurrency_core::print_err;
use concurrency_core::{Job, RunArgs, TaskRunner, parse_or_exit, print_out, run_and_print, usage_error};

/// Chapter 5 of "Concurrency in Python", in Rust: multiprocess execution.
///
/// Every worker is a separate OS process (this program, started again in a
/// worker role), fed through pipes. With no --mode, runs the tutorial's
/// table: SIMPLE 3 and 10, SHARED 3, PROCESS_POOL 3, 5 and 10,
/// CHUNKS_IN_POOL 10 (about 75 s at 50 ms per number), then prints what
/// starting a process costs next to a thread and an async task.
#[derive(Debug, Parser)]
#[command(version)]
struct Cli {
    #[command(flatten)]
    run: RunArgs<RunnerType>,

    /// Only measure the time to start and stop K processes, threads and
    /// async tasks (K = --workers, or 1, 10 and 100).
    #[arg(long)]
    costs: bool,

    /// Kill a worker that sends no reply for SECS seconds (a number above
    /// 0, such as 1 or 0.5); its unfinished numbers run again on the other
    /// workers. [default: the largest of 10 x the slowest reply so far,
    /// 10 x the forced delay, and 2 s]
    #[arg(long, value_name = "SECS", allow_negative_numbers = true, value_parser = liveness::parse_timeout)]
    worker_timeout: Option<Duration>,
}

fn main() -> ExitCode {
    // A worker process is this very binary: it must turn into a worker
    // before anything else happens.
    concurrency_process::serve_roles(&[chapter_multiprocess::ROLES]);

    let cli: Cli = parse_or_exit();
    if cli.costs {
        return print_costs(&cli);
    }
    let plan = planned_runs(cli.run.mode, cli.run.workers, cli.run.limit);
    let runs: Vec<(MultiProcessTaskRunner, Job)> = plan
        .into_iter()
        .map(|(runner_type, k)| {
            let runner = MultiProcessTaskRunner::new(runner_type);
            let runner = match cli.worker_timeout {
                Some(timeout) => runner.with_worker_timeout(timeout),
                None => runner,
            };
            (runner, cli.run.job_or_exit(k))
        })
        .collect();
    let borrowed: Vec<(&dyn TaskRunner, Job)> = runs
        .iter()
        .map(|(r, job)| (r as &dyn TaskRunner, job.clone()))
        .collect();
    let code = run_and_print(&borrowed, cli.run.json);
    for (runner, _) in &runs {
        runner.shutdown_pool(); // idle pool processes would disturb the costs
    }
    // An interrupt during the run: the signal watcher is exiting with its code.
    chapter_multiprocess::process::park_if_stopping();
    if cli.run.mode.is_none() && !cli.run.json && code == ExitCode::SUCCESS {
        print_out("\n");
        print_costs(&cli)
    } else {
        code
    }
}

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
        costs::table(&rows)
    ));
    ExitCode::SUCCESS
}
