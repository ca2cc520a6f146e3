//! `cargo run -p chapter-cooperative`: the tutorial's cooperative run,
//! printed as the tutorial printed it. All the logic is in `src/lib.rs`.

use std::process::ExitCode;

use chapter_cooperative::{CoopMode, CoopTaskRunner, DEFAULT_WORKERS};
use clap::Parser;
use concurrency_core::{RunArgs, parse_or_exit, run_and_print};

/// Chapter 2 of "Concurrency in Python", in Rust: cooperative execution.
///
/// The runner hands each number to the first idle worker; since nothing
/// runs concurrently, that is always Worker-1. The tutorial's run (1000
/// numbers, 50 ms each) takes about 50 seconds; `--limit 100 --delay-ms 1`
/// shows the same lesson at once.
#[derive(Debug, Parser)]
#[command(version)]
struct Cli {
    #[command(flatten)]
    run: RunArgs<CoopMode>,
}

fn main() -> ExitCode {
    let cli: Cli = parse_or_exit();
    let job = cli.run.job_or_exit(DEFAULT_WORKERS);
    run_and_print(&[(&CoopTaskRunner, job)], cli.run.json)
}
