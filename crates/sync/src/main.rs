//! `cargo run -p chapter-sync`: the tutorial's synchronous run, printed as
//! the tutorial printed it. All the logic is in the library (`src/lib.rs`).

use std::process::ExitCode;

use chapter_sync::{DEFAULT_WORKERS, SyncMode, SyncTaskRunner};
use clap::Parser;
use concurrency_core::{RunArgs, parse_or_exit, run_and_print};

/// Chapter 1 of "Concurrency in Python", in Rust: synchronous execution.
///
/// Two workers take numbers from one queue, one after the other, so the
/// first worker does everything. The tutorial's run (1000 numbers, 50 ms
/// each) takes about 50 seconds; `--limit 100 --delay-ms 1` shows the same
/// lesson at once.
#[derive(Debug, Parser)]
#[command(version)]
struct Cli {
    #[command(flatten)]
    run: RunArgs<SyncMode>,
}

fn main() -> ExitCode {
    let cli: Cli = parse_or_exit();
    let job = cli.run.job_or_exit(DEFAULT_WORKERS);
    run_and_print(&[(&SyncTaskRunner, job)], cli.run.json)
}
