//! `cargo run -p chapter-multithread`: the tutorial's multithreading table,
//! or with `--delay-ms 0` the speedup that Python's GIL forbids. All the
//! logic is in `src/lib.rs` and `src/measure.rs`.

use std::process::ExitCode;

use chapter_multithread::measure::{NoGil, exit_code, no_gil_runners, print_runs, run_all};
use chapter_multithread::{DEFAULT_WORKERS, MultiThreadRunnerType, MultiThreadTaskRunner, Split, TUTORIAL_ROWS};
use clap::Parser;
use concurrency_core::{RunArgs, parse_or_exit, print_err, print_out, print_reports, usage_error};

/// Chapter 4 of "Concurrency in Python", in Rust: multithreading.
///
/// With no --mode: the tutorial's table (SIMPLE 2, LOCKED_LIST 2, THREAD_POOL
/// 2, 3 and 5 workers; about 100 s at the default 50 ms delay, try
/// --limit 100 --delay-ms 5). With --delay-ms 0 and no --mode: "no GIL,
/// measured", every runner type's speedup over one worker, on as many
/// workers as logical cores (or --workers); build with --release for real
/// figures, e.g. --delay-ms 0 --limit 10000000.
#[derive(Debug, Parser)]
#[command(version)]
struct Cli {
    #[command(flatten)]
    run: RunArgs<MultiThreadRunnerType>,

    /// How --mode thread-pool splits the numbers [default: contiguous, the
    /// tutorial's].
    #[arg(long, value_name = "SPLIT")]
    split: Option<Split>,

    /// Make the worker that takes number N panic, to see how a dead thread
    /// is reported (exit code 1).
    #[arg(long, value_name = "N")]
    panic_at: Option<u64>,
}

impl Cli {
    fn runner(&self, runner_type: MultiThreadRunnerType) -> MultiThreadTaskRunner {
        let runner = MultiThreadTaskRunner::new(runner_type).with_split(self.split.unwrap_or_default());
        match self.panic_at {
            Some(n) => runner.with_panic_at(n),
            None => runner,
        }
    }
}

fn main() -> ExitCode {
    let cli: Cli = parse_or_exit();
    if cli.panic_at.is_some() {
        // The injected panic is expected: one line for it, no backtrace.
        std::panic::set_hook(Box::new(|info| {
            let thread = std::thread::current();
            // Not `eprintln!`: a panic inside the hook would abort the run.
            print_err!("thread '{}' {info}", thread.name().unwrap_or("unnamed"));
        }));
    }
    if cli.split.is_some() && cli.run.mode != Some(MultiThreadRunnerType::ThreadPool) {
        usage_error("--split applies to --mode thread-pool only");
    }
    let runs = match cli.run.mode {
        Some(mode) => vec![(cli.runner(mode), cli.run.job_or_exit(DEFAULT_WORKERS))],
        None if cli.run.delay_ms == 0 => return no_gil(&cli),
        None => {
            if cli.run.workers.is_some() {
                usage_error("--workers needs --mode (or --delay-ms 0): the tutorial's table uses 2, 2, 2, 3 and 5");
            }
            let row = |&(runner_type, workers)| (cli.runner(runner_type), cli.run.job_or_exit(workers));
            TUTORIAL_ROWS.iter().map(row).collect()
        }
    };
    match run_all(&runs) {
        Ok(reports) => {
            print_runs(&reports, cli.run.json);
            exit_code(&reports)
        }
        Err(message) => {
            print_err!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// "No GIL, measured": one worker, then every runner type on all the cores.
fn no_gil(cli: &Cli) -> ExitCode {
    let cores = num_cpus::get().min(usize::try_from(cli.run.limit).unwrap_or(usize::MAX));
    let job = cli.run.job_or_exit(cores);
    let with_fault = |runner: MultiThreadTaskRunner| match cli.panic_at {
        Some(n) => runner.with_panic_at(n),
        None => runner,
    };
    let runners: Vec<_> = no_gil_runners().into_iter().map(with_fault).collect();
    match NoGil::measure(&job, &runners) {
        Ok(no_gil) => {
            let reports = no_gil.all_reports();
            if cli.run.json {
                print_reports(&reports, true);
            } else {
                print_out(&no_gil.to_string());
            }
            exit_code(&reports)
        }
        Err(message) => {
            print_err!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
