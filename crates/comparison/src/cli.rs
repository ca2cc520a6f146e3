//! The chapter's command line and what it does: check the options, measure
//! every row in its own process, in interleaved rounds, let the guard look,
//! print the two tables and the guard's line (or JSON).

use std::process::ExitCode;

use clap::Parser;
use clap::builder::RangedU64ValueParser;
use concurrency_core::{Job, RunArgs, Typed, cores, print_err, print_out, usage_error};
use indicatif::{ProgressBar, ProgressStyle};

use crate::child::{measure_in_child, this_program};
use crate::measurement::Measurement;
use crate::model::Model;
use crate::rounds::{DEFAULT_RUNS, build_rows, measure_rounds};
use crate::rows::{Comparison, DEFAULT_WORKERS, RowArgs};
use crate::tables::{details_table, tutorial_table};

/// The comparison of "Concurrency in Python", in Rust: async TASK_GROUP,
/// THREAD_POOL and CHUNKS_IN_POOL against the synchronous run, with no
/// forced delay and 10 workers, at 10^5, 10^6 and 10^7 numbers (add 10^8
/// with --max-limit 100000000). Every row runs in a fresh child process
/// that measures its peak memory; every count is checked against pi(N).
///
/// The options are the chapters' usual ones, with the comparison's
/// defaults: no forced delay, 10 workers for the parallel models (the
/// synchronous baseline has one), and --limit, when given, replaces the
/// default rows with one row at that limit. --mode runs one model only.
///
/// The rows run in interleaved rounds (--runs): a cell is the median of
/// the rounds and their spread, a speedup the median of the per-round
/// ratios. A row faster than the cores allow is measured again and marked
/// (implausible) if it still is; one its spread cannot tell from its
/// neighbour is marked "= NAME", a tie. One line under the tables says
/// what this guard did.
#[derive(Debug, Parser)]
#[command(name = "chapter-comparison", version)]
pub struct Cli {
    /// The shared options, with the comparison's defaults.
    #[command(flatten)]
    pub run: RunArgs<Model, Comparison>,

    /// `--max-limit`: the default rows.
    #[command(flatten)]
    pub rows: RowArgs,

    /// Rounds, 1 to 50: each round runs every row once, in order, so that
    /// a busy moment lands on every row alike. A cell shows the median of
    /// the rounds and their spread (fastest-slowest).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_RUNS,
          value_parser = RangedU64ValueParser::<usize>::new().range(1..=50))]
    pub runs: usize,
}

/// Runs the comparison the command line asks for. `typed` tells whether
/// `--limit` was typed (one row) or left alone (the default rows).
pub fn run(cli: &Cli, typed: &Typed) -> ExitCode {
    let limits = cli.rows.limits(cli.run.limit, typed.contains("limit"));
    // The shared options' checks (more workers than numbers, a delay that
    // would sleep for days), once per row.
    let jobs: Vec<Job> = limits
        .iter()
        .map(|&limit| {
            cli.run
                .job_at(limit, DEFAULT_WORKERS)
                .unwrap_or_else(|message| usage_error(message))
        })
        .collect();
    let exe = this_program().unwrap_or_else(|err| usage_error(err));
    let models = cli.run.mode.map_or(Model::ALL.to_vec(), |m| vec![m]);
    let workers = jobs.first().map_or(DEFAULT_WORKERS, |job| job.workers);
    let job_at = |limit: u64| jobs.iter().find(|job| job.limit == limit);
    let (mut rows, keys) = build_rows(&limits, &models, |limit, model| {
        let job = job_at(limit).ok_or_else(|| format!("no job at {limit}"))?;
        measure_in_child(&exe, model, job).map_err(|err| err.to_string())
    });

    let bar = ProgressBar::new((rows.len() * cli.runs) as u64);
    if let Ok(style) = ProgressStyle::with_template("[{elapsed_precise}] {wide_bar} {pos}/{len} runs: {msg}") {
        bar.set_style(style);
    }
    let cores = cores();
    let compared = measure_rounds(&mut rows, keys, workers, cli.runs, cores, &mut |line| {
        if !line.starts_with("second look") {
            bar.inc(1);
        }
        bar.set_message(line.to_owned());
    });
    bar.finish_and_clear();
    if let Some(err) = compared.error() {
        print_err!("error: {err}");
        return ExitCode::FAILURE;
    }

    if cli.run.json {
        // One run per row: the one whose time is the median.
        let measurements: Vec<&Measurement> = (0..compared.keys.len())
            .filter_map(|i| compared.representative(i))
            .collect();
        match serde_json::to_string_pretty(&measurements) {
            Ok(text) => print_out(&format!("{text}\n")),
            Err(err) => {
                print_err!("error: cannot encode the measurements as JSON: {err}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        let delay = match cli.run.delay_ms {
            0 => "No forced delay".to_owned(),
            ms => format!("A forced delay of {ms} ms per number"),
        };
        let runs = match cli.runs {
            1 => "1 round".to_owned(),
            n => format!("the median of {n} rounds (fastest-slowest)"),
        };
        print_out(&format!(
            "{delay}, {workers} workers ({} for the synchronous baseline), {cores} logical cores; {runs}.\n\n{}\n{}\n{}",
            Model::Sync.workers(workers),
            tutorial_table(&compared, workers).for_stdout(),
            details_table(&compared, workers, cores).for_stdout(),
            compared.noise().text(),
        ));
    }
    if compared.all_exact() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
