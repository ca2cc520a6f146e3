//! `cargo run --release -p chapter-final`: the tutorial's final table, the
//! plain `calc_primes` against the synchronous and the abstract solutions.
//! All the logic is in the library (`src/lib.rs`).

use std::process::ExitCode;

use chapter_comparison::limits_up_to;
use chapter_final::{DEFAULT_WORKERS, FinalRow, final_table};
use clap::Parser;
use clap::builder::RangedU64ValueParser;
use concurrency_core::print_err;
use concurrency_core::{MAX_LIMIT, MAX_WORKERS, parse_or_exit, print_out, usage_error};

/// The final chapter of "Concurrency in Python", in Rust: a plain
/// calc_primes(max, workers) over exact ranges on scoped threads, against
/// the synchronous run and the TaskRunner abstraction (CHUNKS_IN_POOL, and
/// THREAD_POOL), with no forced delay and 10 workers, at 10^5, 10^6 and
/// 10^7 numbers (add 10^8 with --max-limit 100000000).
#[derive(Debug, Parser)]
#[command(version)]
struct Cli {
    /// One row at N instead of the default rows.
    #[arg(long, value_name = "N", conflicts_with = "max_limit",
          value_parser = RangedU64ValueParser::<u64>::new().range(1..=MAX_LIMIT))]
    limit: Option<u64>,

    /// Rows at 10^5, 10^6, ... up to N (and N itself).
    #[arg(long, value_name = "N", default_value_t = 10_000_000,
          value_parser = RangedU64ValueParser::<u64>::new().range(1..=MAX_LIMIT))]
    max_limit: u64,

    /// Workers (threads of calc_primes, workers of the abstract runners).
    #[arg(long, value_name = "K", default_value_t = DEFAULT_WORKERS,
          value_parser = RangedU64ValueParser::<usize>::new().range(1..=MAX_WORKERS as u64))]
    workers: usize,

    /// The final solution has no forced delay; 0 is the only value
    /// accepted, so that the chapters share one command line.
    #[arg(long, value_name = "MS", default_value_t = 0,
          value_parser = RangedU64ValueParser::<u64>::new().range(0..=0))]
    delay_ms: u64,

    /// Print the rows as JSON instead of a table.
    #[arg(long)]
    json: bool,
}

fn main() -> ExitCode {
    // The abstract solution's worker processes are this very program.
    concurrency_process::serve_roles(&[chapter_comparison::ROLES]);

    let cli: Cli = parse_or_exit();
    let limits = cli
        .limit
        .map_or_else(|| limits_up_to(cli.max_limit), |limit| vec![limit]);
    if let Some(&limit) = limits.iter().find(|&&l| (cli.workers as u64) > l) {
        usage_error(format!(
            "--workers {} is more than --limit {limit}: some workers would have no number to check",
            cli.workers
        ));
    }
    let mut rows = Vec::with_capacity(limits.len());
    for limit in limits {
        print_err!("measuring 1..={limit}");
        match FinalRow::measure(limit, cli.workers, None) {
            Ok(row) => rows.push(row),
            Err(err) => {
                print_err!("error: {err}");
                return ExitCode::FAILURE;
            }
        }
    }
    if cli.json {
        match serde_json::to_string_pretty(&rows) {
            Ok(text) => print_out(&format!("{text}\n")),
            Err(err) => usage_error(format!("cannot encode the rows as JSON: {err}")),
        }
    } else {
        print_out(&final_table(&rows).to_string());
    }
    if rows.iter().all(FinalRow::exact) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
