//! Fully loaded: the "fully loaded" experiment's cpu_intensive with one
//! task per logical processor, Rust's four modes and Python's two in the
//! same interleaved rounds (Python in the first rounds only, and only the
//! process pool when quick: a Python task takes seconds).

use std::fmt::Write as _;

use chapter_fully_loaded::{Experiment, Mode, Outcome, all_agree, python_repr};
use concurrency_core::{Align, Table};
use indicatif::ProgressBar;

use super::{Shared, failures, progress, time_cell};
use crate::measure::{Baseline, Bound, Claim, Measured, Noise, Rounds, Sample, guard, mark};
use crate::python::FullyLoadedRun;
use crate::{Page, Settings};

/// What one run reported.
#[derive(Debug, Clone)]
enum Run {
    Rust(Outcome),
    Python(FullyLoadedRun),
}

/// The fully-loaded page.
pub fn page(settings: &Settings, _: &mut Shared, bar: &ProgressBar) -> Result<Page, String> {
    let cores = concurrency_core::cores();
    let tasks = cores as u64;
    let experiment = Experiment { tasks, multiplier: 1 };
    let mut rows: Rounds<'_, Run> = Rounds::new();
    for mode in Mode::ALL {
        let exe = &settings.exe;
        rows.add(mode.name(), move || {
            let outcome = Outcome::measure(mode, experiment, exe, &mut |_| {}).map_err(|e| e.to_string())?;
            Ok(Sample {
                secs: outcome.elapsed.as_secs_f64(),
                report: Run::Rust(outcome),
            })
        });
    }
    let python_modes: &[&str] = match (&settings.python, settings.quick) {
        (Err(_), _) => &[],
        (Ok(_), true) => &["processes"],
        (Ok(_), false) => &["sequential", "processes"],
    };
    if let Ok(python) = &settings.python {
        for &mode in python_modes {
            rows.add_limited(format!("Python {mode}"), settings.python_rounds(), move || {
                let run = python.fully_loaded(tasks, mode)?;
                Ok(Sample {
                    secs: run.elapsed,
                    report: Run::Python(run),
                })
            });
        }
    }
    let rounds = settings.rounds();
    let mut report = progress(bar, "fully loaded");
    let mut measured = rows.run(rounds, &mut report);
    let rust_rows: Vec<usize> = (0..Mode::ALL.len()).collect();
    let claims: Vec<Claim> = rust_rows[1..]
        .iter()
        .map(|&row| Claim {
            row,
            baseline: Baseline::Row(0),
            workers: cores,
            bound: Bound::Cpu { cores },
            peers: rust_rows.clone(),
        })
        .collect();
    let judgements = guard(&mut rows, &mut measured, &claims, rounds, &mut report);
    let noise = Noise::tally(&judgements, &claims, &|i| measured[i].label.clone());

    let outcomes = |m: &Measured<Run>| -> Vec<Outcome> {
        m.reports()
            .filter_map(|r| match r {
                Run::Rust(o) => Some(o.clone()),
                Run::Python(_) => None,
            })
            .collect()
    };
    let every_outcome: Vec<Outcome> = measured[..Mode::ALL.len()].iter().flat_map(outcomes).collect();
    let ok_rust = measured[..Mode::ALL.len()]
        .iter()
        .all(|m| m.error.is_none() && !m.runs.is_empty())
        && all_agree(&every_outcome);
    let reference = every_outcome.first();

    let mut table = Table::new([
        ("Mode", Align::Left),
        ("Tasks", Align::Right),
        ("Elapsed", Align::Right),
        ("Speedup over sequential", Align::Right),
        ("Efficiency", Align::Right),
        ("Same bits as sequential", Align::Center),
        ("Same bits as Python's printed values", Align::Center),
    ]);
    for (i, mode) in Mode::ALL.iter().enumerate() {
        let runs = outcomes(&measured[i]);
        let same = reference.is_some_and(|r| runs.iter().all(|o| o.same_bits_as(r)));
        let (matching, known) = runs
            .iter()
            .map(Outcome::python_matches)
            .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
        let judgement = &judgements[i];
        table.push_row([
            mode.name().to_owned(),
            tasks.to_string(),
            mark(time_cell(&measured[i]), Some(judgement), &|p| measured[p].label.clone()),
            if i == 0 {
                "baseline".to_owned()
            } else {
                judgement.speedup.map_or("-".to_owned(), |s| s.ratio_cell())
            },
            judgement.efficiency.map_or("-".to_owned(), |e| format!("{e:.2}")),
            if same { "yes" } else { "NO" }.to_owned(),
            if known == 0 {
                "n/a".to_owned()
            } else {
                format!("{matching} of {known}")
            },
        ]);
    }
    let mut body = format!(
        "{tasks} tasks (one per logical processor), multiplier 1 (10 million terms each). The speedup is the \
         median of the per-round ratios; the efficiency divides it by min({tasks} workers, {cores} cores). \
         The bit checks cover every round's run.\n\n{table}\n{}{}",
        failures(&measured),
        noise.paragraph()
    );

    let rust_values: Vec<String> = reference
        .map(|o| o.values_in_task_order().into_iter().map(python_repr).collect())
        .unwrap_or_default();
    let mut ok_python = true;
    match &settings.python {
        Err(why) => {
            let _ = writeln!(body, "\n**Python skipped:** {why}.");
        }
        Ok(python) => {
            // The Rust mode with the fastest median, paired round by round.
            let fastest = (0..Mode::ALL.len())
                .filter_map(|i| Some((i, measured[i].stat()?.median)))
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .map(|(i, _)| i);
            let mut python_table = Table::new([
                ("Python mode", Align::Left),
                ("Tasks", Align::Right),
                ("Elapsed", Align::Right),
                ("Rust's fastest mode faster by", Align::Right),
                ("Same values as Rust", Align::Center),
            ]);
            for (k, mode) in python_modes.iter().enumerate() {
                let m = &measured[Mode::ALL.len() + k];
                let runs: Vec<&FullyLoadedRun> = m
                    .reports()
                    .filter_map(|r| match r {
                        Run::Python(p) => Some(p),
                        Run::Rust(_) => None,
                    })
                    .collect();
                let same = !runs.is_empty() && runs.iter().all(|r| r.results == rust_values);
                ok_python &= same && m.error.is_none();
                let faster = fastest
                    .and_then(|f| measured[f].speedup_over(m))
                    .map_or("-".to_owned(), |s| s.ratio_cell());
                python_table.push_row([
                    (*mode).to_owned(),
                    tasks.to_string(),
                    time_cell(m),
                    faster,
                    if same { "yes, every digit" } else { "NO" }.to_owned(),
                ]);
            }
            let _ = write!(
                body,
                "\n### Python side by side ({})\n\nPython's rows ran {}; \"faster by\" \
                 is the median of the per-round ratios against Rust's fastest mode by median.\n\n{python_table}",
                python.version,
                super::python_rounds_phrase(settings)
            );
        }
    }
    Ok(Page {
        body,
        ok: ok_rust && ok_python,
        plots: Vec::new(),
    })
}
