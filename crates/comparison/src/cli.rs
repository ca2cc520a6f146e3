//! The chapter's command line and what it does: check the options, measure
//! every row in its own process, print the two tables (or JSON).

use std::process::ExitCode;

use clap::Parser;
use concurrency_core::{Job, RunArgs, Typed, cores, print_err, print_out, usage_error};
use indicatif::{ProgressBar, ProgressStyle};

use crate::child::{measure_in_child, this_program};
use crate::measurement::{Measurement, all_exact};
use crate::model::Model;
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
#[derive(Debug, Parser)]
#[command(name = "chapter-comparison", version)]
pub struct Cli {
    /// The shared options, with the comparison's defaults.
    #[command(flatten)]
    pub run: RunArgs<Model, Comparison>,

    /// `--max-limit`: the default rows.
    #[command(flatten)]
    pub rows: RowArgs,
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
    let rows: Vec<(&Job, Model)> = jobs
        .iter()
        .flat_map(|job| models.iter().map(move |&m| (job, m)))
        .collect();

    let bar = ProgressBar::new(rows.len() as u64);
    if let Ok(style) = ProgressStyle::with_template("[{elapsed_precise}] {wide_bar} {pos}/{len} rows: {msg}") {
        bar.set_style(style);
    }
    let mut measurements: Vec<Measurement> = Vec::with_capacity(rows.len());
    for (job, model) in rows {
        bar.set_message(format!("{model} at {}", job.limit));
        match measure_in_child(&exe, model, job) {
            Ok(m) => measurements.push(m),
            Err(err) => {
                bar.finish_and_clear();
                print_err!("error: {err}");
                return ExitCode::FAILURE;
            }
        }
        bar.inc(1);
    }
    bar.finish_and_clear();

    let workers = jobs.first().map_or(DEFAULT_WORKERS, |job| job.workers);
    if cli.run.json {
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
        let cores = cores();
        print_out(&format!(
            "{delay}, {workers} workers ({} for the synchronous baseline), {cores} logical cores.\n\n{}\n{}",
            Model::Sync.workers(workers),
            tutorial_table(&measurements, workers).for_stdout(),
            details_table(&measurements, cores).for_stdout(),
        ));
    }
    if all_exact(&measurements) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
