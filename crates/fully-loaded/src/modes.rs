//! The experiment and the four ways to run it, one file each, all with one
//! signature ([`Mode::run`]).

mod channels;
mod processes;
mod rayon;
mod sequential;

use std::hint::black_box;
use std::path::Path;

use clap::ValueEnum;
use concurrency_core::RunError;
use serde::Serialize;

use crate::cpu_intensive::cpu_intensive;

pub use processes::{ROLES, TaskJob, TaskWorker};

/// The experiment: tasks `n = 0..tasks`, each `cpu_intensive(n, multiplier)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Experiment {
    /// How many tasks (the Python experiment uses one per logical processor).
    pub tasks: u64,
    /// How heavy each task is: 10 million terms per unit.
    pub multiplier: u64,
}

/// One task's result.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TaskResult {
    /// The task's `n`.
    pub task: u64,
    /// `cpu_intensive(n, multiplier)`.
    pub value: f64,
}

/// The ways to run the experiment. (Not the tutorial's runner types: the
/// experiment comes from another author, and names its ways by what runs
/// the tasks.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// One task after another on the main thread.
    Sequential,
    /// One thread per task, results sent over a channel as they finish.
    Channels,
    /// A rayon parallel iterator, results in task order.
    Rayon,
    /// One worker process per task, like Python's `ProcessPoolExecutor`.
    Processes,
}

impl Mode {
    /// Every mode, in the order the default run shows them.
    pub const ALL: [Mode; 4] = [Mode::Sequential, Mode::Channels, Mode::Rayon, Mode::Processes];

    /// Runs the experiment this way. `on_result` sees each result the moment
    /// the caller's thread receives it; the returned list is in that order.
    /// Worker processes, if any, run `worker_exe`: this program's own path
    /// (`std::env::current_exe()`) in the binary; tests pass the chapter's.
    pub fn run(
        self,
        experiment: Experiment,
        worker_exe: &Path,
        on_result: &mut dyn FnMut(TaskResult),
    ) -> Result<Vec<TaskResult>, RunError> {
        Ok(match self {
            Mode::Sequential => sequential::run(experiment, on_result),
            Mode::Channels => channels::run(experiment, on_result)?,
            Mode::Rayon => rayon::run(experiment, on_result),
            Mode::Processes => processes::run(experiment, worker_exe, on_result)?,
        })
    }

    /// The mode's name on the command line and in tables.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Sequential => "sequential",
            Mode::Channels => "channels",
            Mode::Rayon => "rayon",
            Mode::Processes => "processes",
        }
    }
}

/// One task, with its inputs hidden from the optimiser: the compiler cannot
/// see that `n` and `multiplier` are small constants, so it can neither fold
/// the loop at compile time nor share work between tasks.
fn task(n: u64, multiplier: u64) -> TaskResult {
    TaskResult {
        task: n,
        value: cpu_intensive(black_box(n), black_box(multiplier)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::Outcome;
    use crate::python::PYTHON_RESULTS;

    /// Every in-process mode; the processes mode needs the chapter binary
    /// as its worker program, so `tests/processes.rs` checks it.
    #[test]
    fn every_mode_matches_python_bit_for_bit() {
        let experiment = Experiment {
            tasks: 4,
            multiplier: 1,
        };
        let no_worker = Path::new("/nonexistent");
        for mode in [Mode::Sequential, Mode::Channels, Mode::Rayon] {
            let mut seen = Vec::new();
            let outcome =
                Outcome::measure(mode, experiment, no_worker, &mut |r| seen.push(r.task)).expect("in-process mode");
            let values = outcome.values_in_task_order();
            for (n, value) in values.iter().enumerate() {
                assert_eq!(
                    value.to_bits(),
                    PYTHON_RESULTS[n].to_bits(),
                    "{mode:?}, n = {n}: {value:e}"
                );
            }
            assert_eq!(outcome.python_matches(), (4, 4), "{mode:?}");
            // The callback saw every result, in the order returned.
            let returned: Vec<u64> = outcome.results.iter().map(|r| r.task).collect();
            assert_eq!(seen, returned, "{mode:?}");
        }
    }
}
