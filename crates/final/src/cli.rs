//! The chapter's command line and what it does: measure each row four
//! ways, print the final table (or JSON).

use std::process::ExitCode;

use chapter_comparison::{DEFAULT_MAX_LIMIT, RowArgs};
use clap::Parser;
use concurrency_core::{Defaults, NoModes, RunArgs, Typed, print_err, print_out, print_table, usage_error};

use crate::DEFAULT_WORKERS;
use crate::row::{FinalRow, final_table};

/// The final solution's defaults for the shared options: the comparison's
/// rows and 10 workers, and no forced delay at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Final;

impl Defaults for Final {
    /// What `--limit` holds when it is not typed: the largest default row.
    const LIMIT: u64 = DEFAULT_MAX_LIMIT;
    const WORKERS: Option<usize> = Some(DEFAULT_WORKERS);
    const DELAY_MS: u64 = 0;
    /// `calc_primes` has no delay to force: `--delay-ms` takes only 0.
    const MAX_DELAY_MS: u64 = 0;
    const ROWS: bool = true;
}

/// The final chapter of "Concurrency in Python", in Rust: a plain
/// calc_primes(max, workers) over exact ranges on scoped threads, against
/// the synchronous run and the TaskRunner abstraction (CHUNKS_IN_POOL, and
/// THREAD_POOL), with no forced delay and 10 workers, at 10^5, 10^6 and
/// 10^7 numbers (add 10^8 with --max-limit 100000000).
///
/// The options are the chapters' usual ones: --workers is the threads of
/// calc_primes and the workers of the abstract runners; --limit, when
/// given, replaces the default rows with one row at that limit; --delay-ms
/// accepts only 0, since the final solution has no forced delay (anything
/// else is refused with exit code 2).
#[derive(Debug, Parser)]
#[command(name = "chapter-final", version)]
pub struct Cli {
    /// The shared options, with the final solution's defaults (it has no
    /// runner types to choose, so no `--mode`).
    #[command(flatten)]
    pub run: RunArgs<NoModes, Final>,

    /// `--max-limit`: the default rows, as in the comparison.
    #[command(flatten)]
    pub rows: RowArgs,
}

/// Runs the final table the command line asks for. `typed` tells whether
/// `--limit` was typed (one row) or left alone (the default rows).
pub fn run(cli: &Cli, typed: &Typed) -> ExitCode {
    let limits = cli.rows.limits(cli.run.limit, typed.contains("limit"));
    // The shared checks, once per row: more workers than numbers, a delay.
    let mut workers = DEFAULT_WORKERS;
    for &limit in &limits {
        match cli.run.job_at(limit, DEFAULT_WORKERS) {
            Ok(job) => workers = job.workers,
            Err(message) => usage_error(message),
        }
    }
    let mut rows = Vec::with_capacity(limits.len());
    for limit in limits {
        print_err!("measuring 1..={limit}");
        match FinalRow::measure(limit, workers, None) {
            Ok(row) => rows.push(row),
            Err(err) => {
                print_err!("error: {err}");
                return ExitCode::FAILURE;
            }
        }
    }
    if cli.run.json {
        match serde_json::to_string_pretty(&rows) {
            Ok(text) => print_out(&format!("{text}\n")),
            Err(err) => {
                print_err!("error: cannot encode the rows as JSON: {err}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        print_table(&final_table(&rows));
    }
    if rows.iter().all(FinalRow::exact) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
