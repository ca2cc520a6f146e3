//! A finished run of one mode, its checks against the baseline and the
//! Python results, and the summary table.

use std::path::Path;
use std::time::Duration;

use concurrency_core::{Align, RunError, Table, format_secs, time_it};
use serde::Serialize;

use crate::modes::{Experiment, Mode, TaskResult};
use crate::python::python_result;

/// A finished run of one mode.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// How it ran.
    pub mode: Mode,
    /// The experiment.
    pub experiment: Experiment,
    /// The results in the order they arrived.
    pub results: Vec<TaskResult>,
    /// Wall-clock time.
    #[serde(serialize_with = "concurrency_core::secs::serialize")]
    pub elapsed: Duration,
}

impl Outcome {
    /// Runs and times one mode.
    pub fn measure(
        mode: Mode,
        experiment: Experiment,
        worker_exe: &Path,
        on_result: &mut dyn FnMut(TaskResult),
    ) -> Result<Outcome, RunError> {
        let (results, elapsed) = time_it(|| mode.run(experiment, worker_exe, on_result));
        Ok(Outcome {
            mode,
            experiment,
            results: results?,
            elapsed,
        })
    }

    /// The values in task order, `n = 0, 1, ...`.
    pub fn values_in_task_order(&self) -> Vec<f64> {
        let mut sorted = self.results.clone();
        sorted.sort_by_key(|r| r.task);
        sorted.iter().map(|r| r.value).collect()
    }

    /// Whether both outcomes hold the same values for the same tasks, bit for bit.
    pub fn same_bits_as(&self, other: &Outcome) -> bool {
        let bits = |o: &Outcome| o.values_in_task_order().iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        bits(self) == bits(other)
    }

    /// How many results equal, bit for bit, what Python printed for the same
    /// task (only tasks the Python experiment printed are counted), out of how many.
    pub fn python_matches(&self) -> (usize, usize) {
        let known = self.results.iter().filter_map(|r| {
            let expected = python_result(r.task, self.experiment.multiplier)?;
            Some(r.value.to_bits() == expected.to_bits())
        });
        known.fold((0, 0), |(same, all), same_bits| {
            (same + usize::from(same_bits), all + 1)
        })
    }
}

/// Whether every outcome agrees bit for bit with the first one and with
/// every Python result the experiment printed.
pub fn all_agree(outcomes: &[Outcome]) -> bool {
    let python_ok = |o: &Outcome| {
        let (same, known) = o.python_matches();
        same == known
    };
    outcomes.iter().all(|o| python_ok(o) && outcomes[0].same_bits_as(o))
}

/// The summary table of several outcomes, the first one being the baseline.
/// The baseline is named in the header: `sequential` in a full run.
pub fn summary(outcomes: &[Outcome]) -> Table {
    let baseline = outcomes.first();
    let baseline_name = baseline.map_or("sequential", |b| b.mode.name());
    let mut table = Table::new([
        ("Mode".to_owned(), Align::Left),
        ("Tasks".to_owned(), Align::Right),
        ("Multiplier".to_owned(), Align::Right),
        ("Elapsed".to_owned(), Align::Right),
        (format!("Speedup over {baseline_name}"), Align::Right),
        (format!("Same bits as {baseline_name}"), Align::Center),
        ("Same bits as the Python results".to_owned(), Align::Center),
    ]);
    for outcome in outcomes {
        let speedup = baseline.map_or(1.0, |b| b.elapsed.as_secs_f64() / outcome.elapsed.as_secs_f64());
        let same_as_baseline = baseline.is_some_and(|b| b.same_bits_as(outcome));
        let (same, known) = outcome.python_matches();
        let python = if known == 0 {
            "n/a".to_owned()
        } else {
            format!("{same} of {known}")
        };
        table.push_row([
            outcome.mode.name().to_owned(),
            outcome.experiment.tasks.to_string(),
            outcome.experiment.multiplier.to_string(),
            format_secs(outcome.elapsed),
            format!("x{speedup:.2}"),
            if same_as_baseline { "yes" } else { "NO" }.to_owned(),
            python,
        ]);
    }
    table
}
