//! The chapter's command line and what it does: measure each limit four
//! ways (and calc_primes on one thread) in interleaved rounds, let the
//! guard look, print the final table, the threads' table and the guard's
//! line (or JSON).

use std::process::ExitCode;

use chapter_comparison::{DEFAULT_MAX_LIMIT, RowArgs};
use clap::Parser;
use clap::builder::RangedU64ValueParser;
use concurrency_core::{Defaults, NoModes, RunArgs, Typed, cores, print_err, print_out, usage_error};
use indicatif::{ProgressBar, ProgressStyle};

use crate::DEFAULT_WORKERS;
use crate::rounds::{DEFAULT_RUNS, build_rows, measure_rounds};

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
///
/// The solutions run in interleaved rounds (--runs): a cell is the median
/// of the rounds and their spread, the boost the median of the per-round
/// ratios. The threads of calc_primes are judged against calc_primes on one
/// thread (the same work): a speedup faster than the cores allow is
/// measured again and marked (implausible) if it still is; a row its spread
/// cannot tell from its neighbour is marked "= NAME", a tie. One line under
/// the tables says what this guard did.
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

    /// Rounds, 1 to 50: each round runs every solution once, in order, so
    /// that a busy moment lands on every row alike. A cell shows the median
    /// of the rounds and their spread (fastest-slowest).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_RUNS,
          value_parser = RangedU64ValueParser::<usize>::new().range(1..=50))]
    pub runs: usize,
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
    let (mut rows, keys) = build_rows(&limits, move |limit, solution| solution.measure(limit, workers, None));
    let bar = ProgressBar::new((rows.len() * cli.runs) as u64);
    if let Ok(style) = ProgressStyle::with_template("[{elapsed_precise}] {wide_bar} {pos}/{len} runs: {msg}") {
        bar.set_style(style);
    }
    let cores = cores();
    let measured = measure_rounds(&mut rows, keys, workers, cli.runs, cores, &mut |line| {
        if !line.starts_with("second look") {
            bar.inc(1);
        }
        bar.set_message(line.to_owned());
    });
    bar.finish_and_clear();
    if let Some(err) = measured.error() {
        print_err!("error: {err}");
        return ExitCode::FAILURE;
    }
    if cli.run.json {
        // One row per limit, each run its row's median.
        match serde_json::to_string_pretty(&measured.final_rows()) {
            Ok(text) => print_out(&format!("{text}\n")),
            Err(err) => {
                print_err!("error: cannot encode the rows as JSON: {err}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        let runs = match cli.runs {
            1 => "1 round".to_owned(),
            n => format!("the median of {n} rounds (fastest-slowest)"),
        };
        print_out(&format!(
            "No forced delay, {workers} workers, {cores} logical cores; {runs}.\n\n{}\n\
             What the threads add: calc_primes against itself on one thread (the same work).\n\n{}\n{}",
            measured.final_table().for_stdout(),
            measured.threads_table(cores).for_stdout(),
            measured.noise().text(),
        ));
    }
    if measured.all_exact() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
