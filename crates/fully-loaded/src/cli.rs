//! The chapter's command line and what it does: run each mode, print its
//! results the way the Python experiment printed them, then the summary
//! table (or everything as JSON).

use std::process::ExitCode;

use clap::Parser;
use clap::builder::RangedU64ValueParser;
use concurrency_core::{cores, print_err, print_out, print_table};

use crate::modes::{Experiment, Mode, TaskResult};
use crate::outcome::{Outcome, all_agree, summary};
use crate::python::python_repr;

/// Fully loaded: one cpu_intensive() task per logical processor, run
/// sequentially, on threads with a channel, with rayon, and (as Python has
/// to) in processes. Every result must equal the Python one bit for bit.
#[derive(Debug, Parser)]
#[command(name = "chapter-fully-loaded", version)]
pub struct Cli {
    /// Number of tasks, n = 0..T-1, T from 1 to 1024 [default: the number of
    /// logical processors].
    #[arg(long, value_name = "T", value_parser = RangedU64ValueParser::<u64>::new().range(1..=1024))]
    pub tasks: Option<u64>,

    /// Work per task, 1 to 1000: 10 million terms per unit (the Python experiment uses 1;
    /// each unit is a few hundredths of a second in a release build).
    #[arg(long, value_name = "M", default_value_t = 1,
          value_parser = RangedU64ValueParser::<u64>::new().range(1..=1000))]
    pub multiplier: u64,

    /// Run only this mode [default: all of them, sequential first as the baseline].
    #[arg(long, value_enum)]
    pub mode: Option<Mode>,

    /// Print the outcomes as JSON instead of the Python-style text and a table.
    #[arg(long)]
    pub json: bool,
}

/// Runs the experiment the command line asks for.
pub fn run(cli: &Cli) -> ExitCode {
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(err) => {
            print_err!("error: cannot find this program's path: {err}");
            return ExitCode::FAILURE;
        }
    };
    let logical = cores();
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

    if cli.json {
        match serde_json::to_string_pretty(&outcomes) {
            Ok(text) => print_out(&format!("{text}\n")),
            Err(err) => {
                print_err!("error: cannot encode the outcomes as JSON: {err}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        print_table(&summary(&outcomes));
    }
    if all_agree(&outcomes) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
