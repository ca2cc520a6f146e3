//! A finished run of one mode, its checks against the baseline and the
//! Python results; the modes measured in interleaved rounds and judged by
//! the guard ([`concurrency_core::measure`]); and the summary table.

use std::path::Path;
use std::time::Duration;

use concurrency_core::measure::{Baseline, Bound, Claim, Judgement, Measured, Noise, Rounds, guard, mark};
use concurrency_core::{Align, RunError, Table, time_it};
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

/// Every mode's runs over the interleaved rounds, what each row claims,
/// and what the guard concluded about it.
#[derive(Debug, Clone)]
pub struct Measurement {
    /// One entry per mode, in the order they ran; the first is the baseline.
    pub measured: Vec<Measured<Outcome>>,
    /// The rows the guard checked: every mode but the first, against it.
    pub claims: Vec<Claim>,
    /// The guard's conclusion, one per entry of `measured`.
    pub judgements: Vec<Judgement>,
}

impl Measurement {
    /// Every outcome of every round (and of the guard's second looks), for
    /// the bit checks.
    pub fn outcomes(&self) -> Vec<Outcome> {
        self.measured.iter().flat_map(|m| m.reports().cloned()).collect()
    }

    /// What the guard did, in one line, then one line per implausible row.
    pub fn noise(&self) -> Noise {
        Noise::tally(&self.judgements, &self.claims, &|i| self.measured[i].label.clone())
    }

    /// One outcome per mode for `--json`: its first run's results, with the
    /// median time of its rounds as `elapsed`.
    pub fn medians(&self) -> Vec<Outcome> {
        self.measured
            .iter()
            .filter_map(|m| {
                let mut first = m.reports().next()?.clone();
                if let Some(stat) = m.stat() {
                    first.elapsed = Duration::from_secs_f64(stat.median);
                }
                Some(first)
            })
            .collect()
    }
}

/// Runs the rows of `rounds` (one per mode, the baseline first) `runs`
/// times, interleaved, then lets the guard look at every row against the
/// first: `tasks` workers on `cores` cores cannot be more than
/// min(tasks, cores) times faster than one.
pub fn measure_rounds(
    rounds: &mut Rounds<'_, Outcome>,
    tasks: u64,
    cores: usize,
    runs: usize,
    progress: &mut dyn FnMut(&str),
) -> Measurement {
    let mut measured = rounds.run(runs, progress);
    let all: Vec<usize> = (0..measured.len()).collect();
    let claims: Vec<Claim> = all
        .iter()
        .skip(1)
        .map(|&row| Claim {
            row,
            baseline: Baseline::Row(0),
            workers: usize::try_from(tasks).unwrap_or(usize::MAX),
            bound: Bound::Cpu { cores },
            peers: all.clone(),
        })
        .collect();
    let judgements = guard(rounds, &mut measured, &claims, runs, progress);
    Measurement {
        measured,
        claims,
        judgements,
    }
}

/// The summary table, the first mode being the baseline (named in the
/// header: `sequential` in a full run). Times are medians with their
/// spread; a speedup is the median of the per-round ratios, marked by the
/// guard: `= NAME` for a tie, `(implausible)` for more than the cores allow.
pub fn summary(measurement: &Measurement) -> Table {
    let Measurement {
        measured, judgements, ..
    } = measurement;
    let first = |m: &Measured<Outcome>| m.reports().next().cloned();
    let baseline = measured.first().and_then(first);
    let baseline_name = baseline.as_ref().map_or("sequential", |b| b.mode.name());
    let mut table = Table::new([
        ("Mode".to_owned(), Align::Left),
        ("Tasks".to_owned(), Align::Right),
        ("Multiplier".to_owned(), Align::Right),
        ("Elapsed".to_owned(), Align::Right),
        (format!("Speedup over {baseline_name}"), Align::Right),
        (format!("Same bits as {baseline_name}"), Align::Center),
        ("Same bits as the Python results".to_owned(), Align::Center),
    ]);
    let label = |p: usize| measured[p].label.clone();
    for (i, m) in measured.iter().enumerate() {
        let Some(outcome) = first(m) else { continue };
        let runs: Vec<&Outcome> = m.reports().collect();
        let same_as_baseline = baseline
            .as_ref()
            .is_some_and(|b| runs.iter().all(|o| b.same_bits_as(o)));
        // Per task: a task counts as the same only if every round's value is.
        let (same, known) = runs
            .iter()
            .map(|o| o.python_matches())
            .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)))
            .unwrap_or((0, 0));
        let python = if known == 0 {
            "n/a".to_owned()
        } else {
            format!("{same} of {known}")
        };
        let judgement = judgements.get(i);
        let speedup = if i == 0 {
            "x1.00".to_owned()
        } else {
            let stat = judgement.and_then(|j| j.speedup);
            mark(stat.map_or("-".to_owned(), |s| s.ratio_cell()), judgement, &label)
        };
        table.push_row([
            outcome.mode.name().to_owned(),
            outcome.experiment.tasks.to_string(),
            outcome.experiment.multiplier.to_string(),
            m.stat().map_or("-".to_owned(), |s| s.secs_cell()),
            speedup,
            if same_as_baseline { "yes" } else { "NO" }.to_owned(),
            python,
        ]);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::python::PYTHON_RESULTS;
    use concurrency_core::measure::Sample;

    /// A fake run of `mode` that took `secs`, with Python's values: no timing.
    fn fake(mode: Mode, secs: f64) -> Result<Sample<Outcome>, String> {
        let experiment = Experiment {
            tasks: 4,
            multiplier: 1,
        };
        let results = (0..4).map(|n| TaskResult {
            task: n,
            value: PYTHON_RESULTS[n as usize],
        });
        Ok(Sample {
            secs,
            report: Outcome {
                mode,
                experiment,
                results: results.collect(),
                elapsed: Duration::from_secs_f64(secs),
            },
        })
    }

    #[test]
    fn a_row_faster_than_the_cores_allow_is_marked_never_bare() {
        let mut rounds: Rounds<'_, Outcome> = Rounds::new();
        rounds.add("sequential", || fake(Mode::Sequential, 4.0));
        rounds.add("channels", || fake(Mode::Channels, 2.0));
        // x4 with 4 tasks on 2 cores: an efficiency of 2.
        rounds.add("rayon", || fake(Mode::Rayon, 1.0));
        let measurement = measure_rounds(&mut rounds, 4, 2, 3, &mut |_| {});
        let table = summary(&measurement).to_string();
        let rayon = table.lines().find(|l| l.contains("| rayon")).expect("a rayon row");
        assert!(rayon.contains("x4.00 (4.00–4.00) (implausible)"), "{table}");
        let channels = table
            .lines()
            .find(|l| l.contains("| channels"))
            .expect("a channels row");
        assert!(
            channels.contains("x2.00 (2.00–2.00)") && !channels.contains("implausible"),
            "{table}"
        );
        assert!(
            table.contains("4.00 s (4.00–4.00)") && table.contains("4 of 4"),
            "{table}"
        );
        let noise = measurement.noise().text();
        assert!(
            noise.starts_with("Guard: 2 rows checked, 1 measured again; no ties, 1 implausible.\n")
                && noise.contains("(implausible) rayon: x4.00 with 4 workers is an efficiency of 2.00"),
            "{noise}"
        );
        assert_eq!(measurement.medians()[2].elapsed, Duration::from_secs(1));
    }
}
