//! `cargo run --release -p chapter-comparison`: the tutorial's comparison of
//! the best async, thread and process runners, against the synchronous
//! baseline. All the logic is in the library (`src/lib.rs`).

use std::process::ExitCode;

use chapter_comparison::{
    DEFAULT_MAX_LIMIT, DEFAULT_WORKERS, Measurement, Model, all_exact, details_table, limits_up_to, logical_cores,
    measure_in_child, this_program, tutorial_table,
};
use clap::Parser;
use clap::builder::RangedU64ValueParser;
use concurrency_core::print_err;
use concurrency_core::{MAX_DELAY_MS, MAX_LIMIT, MAX_WORKERS, RunArgs, parse_or_exit, print_out, usage_error};
use indicatif::{ProgressBar, ProgressStyle};

/// The comparison of "Concurrency in Python", in Rust: async TASK_GROUP,
/// THREAD_POOL and CHUNKS_IN_POOL against the synchronous run, with no
/// forced delay and 10 workers, at 10^5, 10^6 and 10^7 numbers (add 10^8
/// with --max-limit 100000000). Every row runs in a fresh child process
/// that measures its peak memory; every count is checked against pi(N).
///
/// The options are the chapters' usual ones, but --delay-ms defaults to 0
/// here (the tutorial's comparison has no delay) and --limit, when given,
/// replaces the default rows with one row at that limit.
#[derive(Debug, Parser)]
#[command(version)]
struct Cli {
    /// One row at N instead of the default rows.
    #[arg(long, value_name = "N", conflicts_with = "max_limit",
          value_parser = RangedU64ValueParser::<u64>::new().range(1..=MAX_LIMIT))]
    limit: Option<u64>,

    /// Rows at 10^5, 10^6, ... up to N (and N itself).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_LIMIT,
          value_parser = RangedU64ValueParser::<u64>::new().range(1..=MAX_LIMIT))]
    max_limit: u64,

    /// Workers of the parallel runners (the synchronous baseline has one).
    #[arg(long, value_name = "K", default_value_t = DEFAULT_WORKERS,
          value_parser = RangedU64ValueParser::<usize>::new().range(1..=MAX_WORKERS as u64))]
    workers: usize,

    /// Forced delay per number in milliseconds (the comparison uses none).
    #[arg(long, value_name = "MS", default_value_t = 0,
          value_parser = RangedU64ValueParser::<u64>::new().range(0..=MAX_DELAY_MS))]
    delay_ms: u64,

    /// Run only this model [default: all four, sync first].
    #[arg(long, value_enum, value_name = "MODEL")]
    mode: Option<Model>,

    /// Print the measurements as JSON instead of tables.
    #[arg(long)]
    json: bool,
}

fn main() -> ExitCode {
    // A worker process of CHUNKS_IN_POOL, or the child that measures one
    // row, is this very program: each turns into its role first.
    concurrency_process::serve_roles(&[chapter_comparison::ROLES]);

    let cli: Cli = parse_or_exit();
    let limits = cli
        .limit
        .map_or_else(|| limits_up_to(cli.max_limit), |limit| vec![limit]);
    // The shared options' checks (more workers than numbers, a delay that
    // would sleep for days), once per row.
    for &limit in &limits {
        let args = RunArgs::<Model> {
            limit,
            workers: Some(cli.workers),
            delay_ms: cli.delay_ms,
            mode: cli.mode,
            json: cli.json,
        };
        if let Err(message) = args.job(cli.workers) {
            usage_error(message);
        }
    }
    let exe = match this_program() {
        Ok(exe) => exe,
        Err(err) => usage_error(err),
    };
    let models = cli.mode.map_or(Model::ALL.to_vec(), |m| vec![m]);
    let delay = std::time::Duration::from_millis(cli.delay_ms);

    let rows: Vec<(u64, Model)> = limits
        .iter()
        .flat_map(|&l| models.iter().map(move |&m| (l, m)))
        .collect();
    let bar = ProgressBar::new(rows.len() as u64);
    if let Ok(style) = ProgressStyle::with_template("[{elapsed_precise}] {wide_bar} {pos}/{len} rows: {msg}") {
        bar.set_style(style);
    }
    let mut measurements: Vec<Measurement> = Vec::with_capacity(rows.len());
    for (limit, model) in rows {
        bar.set_message(format!("{model} at {limit}"));
        match measure_in_child(&exe, model, limit, cli.workers, delay) {
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

    if cli.json {
        match serde_json::to_string_pretty(&measurements) {
            Ok(text) => print_out(&format!("{text}\n")),
            Err(err) => usage_error(format!("cannot encode the measurements as JSON: {err}")),
        }
    } else {
        let cores = logical_cores();
        print_out(&format!(
            "No forced delay, {} workers ({} for the synchronous baseline), {cores} logical cores.\n\n{}\n{}",
            cli.workers,
            Model::Sync.workers(cli.workers),
            tutorial_table(&measurements, cli.workers),
            details_table(&measurements, cores),
        ));
    }
    if all_exact(&measurements) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
