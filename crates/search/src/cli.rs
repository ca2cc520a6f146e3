//! The command line: the options ([`Cli`]) and what a run does with them
//! ([`run`]): the structure profile, the batch table, or `--scaling`.
//! The binary parses and calls [`run`]; nothing here starts before a
//! worker process has had its chance to serve its role.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use clap::builder::RangedU64ValueParser;
use concurrency_core::{print_err, print_out, usage_error};
use serde::Serialize;

use crate::batches::{BatchRun, BatchRunner, Mode, TUTORIAL_TABLE, batch_table};
use crate::plan::Plan;
use crate::scaling::{Scaling, scaling_table, scaling_workers, thread_scaling};
use crate::structures::{Profile, profile_all, profile_heading, profile_table};
use crate::{MAX_NEEDLE, SIZE};

/// The most batches a run may ask for (the tutorial's largest is 100).
const MAX_BATCHES: u64 = 1_000;
/// The most workers: the tutorial's largest run has 100 processes; each worker
/// process holds its own 4 MB copy of the collection.
const MAX_WORKERS: u64 = 200;

/// Search: how long do 1,000 look-ups take in a Vec, a VecDeque, a sorted
/// Vec, a HashSet (with std's hasher and with foldhash) and a BTreeSet of a
/// million numbers; and what do threads,
/// async tasks and processes do for batches of the slow (linear) search?
///
/// With no options: both tables, with the Python tutorial's rows (build
/// with --release). With --mode: that mode alone. With
/// only --n-batches or --workers: every mode with those. With --scaling:
/// what each extra thread buys.
#[derive(Debug, Parser)]
#[command(version)]
pub struct Cli {
    /// Seed of the random numbers; batch b draws its needles with seed + b.
    #[arg(long, default_value_t = 42)]
    seed: u64,

    /// The collection holds 0..N, N from 1 to 1000000 (1000000 as in the
    /// Python tutorial); a smaller N runs faster.
    #[arg(long, value_name = "N", default_value_t = SIZE,
          value_parser = RangedU64ValueParser::<u32>::new().range(1..=u64::from(SIZE)))]
    size: u32,

    /// Needles are drawn from 0..=M (1000000 as in the Python tutorial); with M about 2N,
    /// half of them are found.
    #[arg(long, value_name = "M", default_value_t = MAX_NEEDLE,
          value_parser = RangedU64ValueParser::<u32>::new().range(0..=u64::from(u32::MAX)))]
    max_needle: u32,

    /// Number of batches, 1 to 1000: independent searches of 1,000 needles
    /// in the Vec [default: 3, or --workers if more].
    #[arg(long, value_name = "B",
          value_parser = RangedU64ValueParser::<u64>::new().range(1..=MAX_BATCHES))]
    n_batches: Option<u64>,

    /// Number of workers (threads, tasks or processes) sharing the batches,
    /// 1 to 200 [default: one per batch, at most 200].
    #[arg(long, value_name = "K",
          value_parser = RangedU64ValueParser::<usize>::new().range(1..=MAX_WORKERS))]
    workers: Option<usize>,

    /// Run only this mode [default: every mode].
    #[arg(long, value_enum)]
    mode: Option<Mode>,

    /// Spelled as in the Python tutorial: the same as --mode processes --workers K.
    #[arg(long, value_name = "K", conflicts_with_all = ["mode", "workers", "n_threads"],
          value_parser = RangedU64ValueParser::<usize>::new().range(1..=MAX_WORKERS))]
    n_processes: Option<usize>,

    /// Spelled as in the Python tutorial: the same as --mode threads --workers K.
    #[arg(long, value_name = "K", conflicts_with_all = ["mode", "workers"],
          value_parser = RangedU64ValueParser::<usize>::new().range(1..=MAX_WORKERS))]
    n_threads: Option<usize>,

    /// Time threads alone on --n-batches batches [default: 10] with 1, 2,
    /// 4, ... threads up to one per logical CPU, in --runs rounds, and
    /// print the median and the speed-up over one thread.
    #[arg(long, conflicts_with_all = ["mode", "workers", "n_processes", "n_threads"])]
    scaling: bool,

    /// Rounds of --scaling, 1 to 50: each round runs every thread count
    /// once, in order, so that a busy moment lands on every row alike. The
    /// table shows each row's median time and spread, and its speed-up as
    /// the median of the per-round ratios; a row faster than the cores
    /// allow is run again, and marked `(implausible)` if it still is.
    #[arg(long, value_name = "R", default_value_t = 5, requires = "scaling",
          value_parser = RangedU64ValueParser::<usize>::new().range(1..=50))]
    runs: usize,

    /// How long a worker process may go without a sign of life (a heartbeat,
    /// or its reply) before it is killed and named, in seconds [default: 5].
    #[arg(long, value_name = "SECS", allow_negative_numbers = true,
          value_parser = concurrency_process::parse_deadline)]
    worker_timeout: Option<std::time::Duration>,

    /// Print the results as JSON instead of tables.
    #[arg(long)]
    json: bool,
}

/// Everything a run measured, for `--json`.
#[derive(Serialize)]
struct Results {
    seed: u64,
    size: u32,
    max_needle: u32,
    structures: Vec<Profile>,
    batches: Vec<BatchRun>,
    scaling: Vec<Scaling>,
}

/// Runs what `cli` asks for and prints it: exit code 0 when every count is
/// exact, 1 when one is wrong or a run failed. Bad input ends the program
/// with one line and exit code 2 before anything runs.
pub fn run(mut cli: Cli) -> ExitCode {
    // The Python tutorial's spellings, --n-processes K and --n-threads K, are shortcuts.
    for (shortcut, mode) in [(cli.n_processes, Mode::Processes), (cli.n_threads, Mode::Threads)] {
        if let Some(k) = shortcut {
            cli.mode = Some(mode);
            cli.workers = Some(k);
        }
    }
    if let Some(deadline) = cli.worker_timeout {
        if cli.scaling || cli.mode.is_some_and(|mode| mode != Mode::Processes) {
            usage_error("--worker-timeout applies to the processes mode only");
        }
        concurrency_process::set_deadline(deadline);
    }
    if cli.scaling {
        return scaling(&cli);
    }
    let rows = planned_rows(&cli);

    let structures = if cli.mode.is_none() {
        profile_all(cli.seed, cli.size, cli.max_needle)
    } else {
        Vec::new()
    };
    let verbose = !cli.json && std::io::stderr().is_terminal();
    let mut batches = Vec::new();
    for (mode, plan) in rows {
        match BatchRunner::new(mode).run(&plan) {
            Ok(run) => {
                if verbose {
                    print_err!(
                        "  {} with {} workers, {} batches: {:.2} s",
                        mode.label(),
                        plan.workers,
                        plan.batches,
                        run.elapsed.as_secs_f64()
                    );
                }
                batches.push(run);
            }
            Err(err) => {
                print_err!("error: {} failed: {err}", mode.label());
                return ExitCode::FAILURE;
            }
        }
    }

    let exact = structures.iter().all(Profile::is_exact) && batches.iter().all(BatchRun::is_exact);

    if cli.json {
        let results = Results {
            seed: cli.seed,
            size: cli.size,
            max_needle: cli.max_needle,
            structures,
            batches,
            scaling: Vec::new(),
        };
        if let Err(code) = print_json(&results) {
            return code;
        }
    } else {
        print_tables(&cli, &structures, &batches, exact);
    }
    if exact { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

fn print_json(results: &Results) -> Result<(), ExitCode> {
    match serde_json::to_string_pretty(results) {
        Ok(text) => {
            print_out(&format!("{text}\n"));
            Ok(())
        }
        Err(err) => {
            print_err!("error: cannot encode the results as JSON: {err}");
            Err(ExitCode::FAILURE)
        }
    }
}

/// `--scaling`: the same batches on 1, 2, 4, ... threads.
fn scaling(cli: &Cli) -> ExitCode {
    let cpus = concurrency_core::cores();
    let batches = cli.n_batches.unwrap_or(10);
    let workers: Vec<usize> = scaling_workers(cpus)
        .into_iter()
        .filter(|&w| w as u64 <= batches)
        .collect();
    let base = Plan {
        seed: cli.seed,
        size: cli.size,
        max_needle: cli.max_needle,
        batches,
        workers: 1,
    };
    if !cli.json && std::io::stderr().is_terminal() {
        print_err!(
            "  timing threads {workers:?} on {batches} batches, in {} rounds...",
            cli.runs
        );
    }
    let scaling = match thread_scaling(&base, &workers, cli.runs, cpus) {
        Ok(scaling) => scaling,
        Err(err) => {
            print_err!("error: threads failed: {err}");
            return ExitCode::FAILURE;
        }
    };
    let exact = scaling.exact();
    if cli.json {
        let results = Results {
            seed: cli.seed,
            size: cli.size,
            max_needle: cli.max_needle,
            structures: Vec::new(),
            batches: Vec::new(),
            scaling: scaling.rows.clone(),
        };
        if let Err(code) = print_json(&results) {
            return code;
        }
    } else {
        let verdict = if exact {
            "Every count exact. No GIL: each thread searches on its own core."
        } else {
            "Some counts are WRONG: see the table above."
        };
        print_out(&format!(
            "{batches} batches of 1,000 look-ups in a Vec of 0..{} on threads, {} rounds, on {cpus} logical CPUs:\n\n{}\n{}{verdict}\n",
            cli.size,
            cli.runs,
            scaling_table(&scaling).for_stdout(),
            scaling.noise().text(),
        ));
    }
    if exact { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

/// The runs the options ask for, or a one-line usage error.
fn planned_rows(cli: &Cli) -> Vec<(Mode, Plan)> {
    let plan = |workers: usize, batches: u64| Plan {
        seed: cli.seed,
        size: cli.size,
        max_needle: cli.max_needle,
        batches,
        workers,
    };
    if cli.mode.is_none() && cli.n_batches.is_none() && cli.workers.is_none() {
        return TUTORIAL_TABLE.iter().map(|&(m, w, b, _)| (m, plan(w, b))).collect();
    }
    let batches = cli.n_batches.unwrap_or(cli.workers.map_or(3, |w| (w as u64).max(3)));
    let workers = cli.workers.unwrap_or(batches.min(MAX_WORKERS) as usize);
    if workers as u64 > batches {
        usage_error(format!(
            "{workers} workers but only {batches} batches (--n-batches): some workers would have no batch"
        ));
    }
    let modes = cli.mode.map_or(Mode::ALL.to_vec(), |m| vec![m]);
    modes.into_iter().map(|m| (m, plan(workers, batches))).collect()
}

fn print_tables(cli: &Cli, structures: &[Profile], batches: &[BatchRun], exact: bool) {
    let mut text = String::new();
    if !structures.is_empty() {
        text += &format!(
            "{}\n\n{}\n",
            profile_heading(cli.seed, cli.size, cli.max_needle),
            profile_table(structures).for_stdout()
        );
    }
    if !batches.is_empty() {
        text += &format!(
            "Batches of 1,000 look-ups in a Vec of 0..{} (linear search), shared among the workers:\n\n{}\n",
            cli.size,
            batch_table(batches).for_stdout()
        );
    }
    let runs = plural(structures.len() + batches.len(), "run");
    if exact {
        text += &format!("Every count exact: {runs}, checked against arithmetic (v is in 0..N iff v < N).\n");
    } else {
        text += "Some counts are WRONG: see the tables above.\n";
    }
    print_out(&text);
}

/// `1 run`, `2 runs`.
fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("{count} {noun}")
    } else {
        format!("{count} {noun}s")
    }
}
