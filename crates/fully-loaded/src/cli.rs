//! The chapter's command line and what it does: run each mode, print its
//! results the way the Python experiment printed them, then the summary
//! table (or everything as JSON).

use std::process::ExitCode;

use clap::Parser;
use clap::builder::RangedU64ValueParser;
use concurrency_core::measure::{Rounds, Sample};
use concurrency_core::{cores, print_err, print_out, print_table, usage_error};

use crate::modes::{Experiment, Mode, TaskResult};
use crate::outcome::{Outcome, all_agree, measure_rounds, summary};
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

    /// How long a worker process may go without a sign of life (a heartbeat,
    /// or its reply) before it is killed and named, in seconds [default: 5].
    #[arg(long, value_name = "SECS", allow_negative_numbers = true,
          value_parser = concurrency_process::parse_deadline)]
    pub worker_timeout: Option<std::time::Duration>,

    /// Rounds, 1 to 50: each round runs every mode once, in order, so that
    /// a busy moment lands on every mode alike. The table shows each mode's
    /// median time and spread, and its speedup as the median of the
    /// per-round ratios; a row faster than the cores allow is run again.
    #[arg(long, value_name = "N", default_value_t = 5,
          value_parser = RangedU64ValueParser::<usize>::new().range(1..=50))]
    pub runs: usize,

    /// Print the outcomes as JSON instead of the Python-style text and a
    /// table: one per mode, its elapsed time the median of the rounds.
    #[arg(long)]
    pub json: bool,
}

/// Runs the experiment the command line asks for.
pub fn run(cli: &Cli) -> ExitCode {
    if let Some(deadline) = cli.worker_timeout {
        if cli.mode.is_some_and(|mode| mode != Mode::Processes) {
            usage_error("--worker-timeout applies to the processes mode only");
        }
        concurrency_process::set_deadline(deadline);
    }
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

    // Round 1 prints each mode the way the Python experiment does, its
    // results as they arrive; the later rounds run quietly.
    let mut rounds: Rounds<'_, Outcome> = Rounds::new();
    for mode in modes {
        let exe = &exe;
        let mut first = !cli.json;
        rounds.add(mode.name(), move || {
            let print = std::mem::take(&mut first);
            if print {
                print_out(&format!(
                    "== {}\nlogical_processors = {logical}\ntasks = {}\n",
                    mode.name(),
                    experiment.tasks
                ));
            }
            let mut print_arrival = |r: TaskResult| {
                if print {
                    print_out(&format!("  task {:>2} done: {}\n", r.task, python_repr(r.value)));
                }
            };
            let outcome = Outcome::measure(mode, experiment, exe, &mut print_arrival)
                .map_err(|err| format!("the {} mode failed: {err}", mode.name()))?;
            if print {
                let values: Vec<String> = outcome.values_in_task_order().into_iter().map(python_repr).collect();
                print_out(&format!(
                    "[{}]\nElapsed time: {:.2}s\n\n",
                    values.join(", "),
                    outcome.elapsed.as_secs_f64()
                ));
            }
            Ok(Sample {
                secs: outcome.elapsed.as_secs_f64(),
                report: outcome,
            })
        });
    }
    let measurement = measure_rounds(&mut rounds, experiment.tasks, logical, cli.runs, &mut |_| {});
    if let Some(err) = measurement.measured.iter().find_map(|m| m.error.as_ref()) {
        print_err!("error: {err}");
        return ExitCode::FAILURE;
    }
    let outcomes = measurement.outcomes();

    if cli.json {
        match serde_json::to_string_pretty(&measurement.medians()) {
            Ok(text) => print_out(&format!("{text}\n")),
            Err(err) => {
                print_err!("error: cannot encode the outcomes as JSON: {err}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        print_out(&format!(
            "Medians of {} rounds (fastest–slowest); speedups: medians of per-round ratios.\n",
            cli.runs
        ));
        print_table(&summary(&measurement));
        print_out(&measurement.noise().text());
    }
    if all_agree(&outcomes) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
