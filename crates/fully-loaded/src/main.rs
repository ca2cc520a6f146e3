//! `cargo run --release -p chapter-fully-loaded`: the "fully loaded"
//! experiment in every mode, printed like its Python "Performance Results".
//! All the logic is in the library (`src/lib.rs`).

use std::process::ExitCode;

use chapter_fully_loaded::{Experiment, Mode, Outcome, TaskResult, all_agree, python_repr, summary};
use clap::Parser;
use clap::builder::RangedU64ValueParser;
use concurrency_core::print_err;
use concurrency_core::{parse_or_exit, print_out};

/// Fully loaded: one cpu_intensive() task per logical processor, run
/// sequentially, on threads with a channel, with rayon, and (as Python has
/// to) in processes. Every result must equal the Python one bit for bit.
#[derive(Debug, Parser)]
#[command(version)]
struct Cli {
    /// Number of tasks, n = 0..T-1, T from 1 to 1024 [default: the number of
    /// logical processors].
    #[arg(long, value_name = "T", value_parser = RangedU64ValueParser::<u64>::new().range(1..=1024))]
    tasks: Option<u64>,

    /// Work per task, 1 to 1000: 10 million terms per unit (the Python experiment uses 1;
    /// each unit is a few hundredths of a second in a release build).
    #[arg(long, value_name = "M", default_value_t = 1,
          value_parser = RangedU64ValueParser::<u64>::new().range(1..=1000))]
    multiplier: u64,

    /// Run only this mode [default: all of them, sequential first as the baseline].
    #[arg(long, value_enum)]
    mode: Option<Mode>,

    /// Print the outcomes as JSON instead of the Python-style text and a table.
    #[arg(long)]
    json: bool,
}

fn main() -> ExitCode {
    // First thing: a copy of this program started for one task computes it,
    // sends the result and exits here.
    concurrency_process::serve_roles(&[chapter_fully_loaded::ROLES]);
    let cli: Cli = parse_or_exit();
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(err) => {
            print_err!("error: cannot find this program's path: {err}");
            return ExitCode::FAILURE;
        }
    };
    let logical = num_cpus::get();
    let experiment = Experiment {
        tasks: cli.tasks.unwrap_or(logical as u64),
        multiplier: cli.multiplier,
    };
    let modes = cli.mode.map_or(Mode::ALL.to_vec(), |mode| vec![mode]);

    let mut outcomes = Vec::new();
    for mode in modes {
        if !cli.json {
            print_out(&format!(
                "== {}\nlogical_processors = {logical}\ntasks = {}\n",
                mode.name(),
                experiment.tasks
            ));
        }
        let mut print_arrival = |r: TaskResult| {
            if !cli.json {
                print_out(&format!("  task {:>2} done: {}\n", r.task, python_repr(r.value)));
            }
        };
        let outcome = match Outcome::measure(mode, experiment, &exe, &mut print_arrival) {
            Ok(outcome) => outcome,
            Err(err) => {
                print_err!("error: the {} mode failed: {err}", mode.name());
                return ExitCode::FAILURE;
            }
        };
        if !cli.json {
            let values: Vec<String> = outcome.values_in_task_order().into_iter().map(python_repr).collect();
            print_out(&format!(
                "[{}]\nElapsed time: {:.2}s\n\n",
                values.join(", "),
                outcome.elapsed.as_secs_f64()
            ));
        }
        outcomes.push(outcome);
    }

    let table = summary(&outcomes);
    if cli.json {
        match serde_json::to_string_pretty(&outcomes) {
            Ok(text) => print_out(&format!("{text}\n")),
            Err(err) => {
                print_err!("error: cannot encode the outcomes as JSON: {err}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        print_out(&table.to_string());
    }
    if all_agree(&outcomes) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
