//! The batch table: the tutorial's rows (a few batches of each mode when
//! quick), and Python's batches on threads and on processes held against
//! the Rust rows with the same plan.

use chapter_search::batches::tutorial_time;
use chapter_search::{BatchRun, BatchRunner, Mode, Plan};
use concurrency_core::{Align, Table};

use crate::Settings;
use crate::measure::{Measured, Rounds, Sample};
use crate::pages::time_cell;
use crate::python::{Python, SearchRun};

/// What a row of the batch table's rounds reported.
enum BatchReport {
    Rust(BatchRun),
    Python(SearchRun),
}

/// A Python batch row: `search.py`'s mode, the Rust mode it is held
/// against, and the plan both ran.
pub(super) type PythonPlan = (&'static str, Mode, Plan);

/// Python's batch programs: its mode and the Rust mode it is held against.
const PYTHON_BATCHES: [(&str, Mode); 2] = [
    ("batches-threads", Mode::Threads),
    ("batches-processes", Mode::Processes),
];

/// The batch rows, Rust's and Python's, measured in the same rounds.
pub(super) struct Batches {
    /// The Rust rows' modes and plans.
    pub plans: Vec<(Mode, Plan)>,
    /// What each Rust row gave, in the order of `plans`.
    pub rust: Vec<Measured<BatchRun>>,
    /// The Python rows' programs and plans (none without Python).
    pub python_plans: Vec<PythonPlan>,
    /// What each Python row gave, in the order of `python_plans`.
    pub python: Vec<Measured<SearchRun>>,
}

/// Runs the batch rows in interleaved rounds.
pub(super) fn measure(
    settings: &Settings,
    python: &Result<Python, String>,
    base: Plan,
    report: &mut dyn FnMut(&str),
) -> Batches {
    let plan = |workers: usize, batches: u64| Plan {
        batches,
        workers,
        ..base
    };
    let plans: Vec<(Mode, Plan)> = if settings.quick {
        Mode::ALL.iter().map(|&m| (m, plan(2, 4))).collect()
    } else {
        chapter_search::TUTORIAL_TABLE
            .iter()
            .map(|&(m, w, b, _)| (m, plan(w, b)))
            .collect()
    };
    // Python's batches on threads and on processes, with the plans of the
    // Rust rows they are held against: 1 and 3 workers on 3 batches, the
    // tutorial's rows (2 workers on the quick run's batches).
    let python_plans: Vec<PythonPlan> = PYTHON_BATCHES
        .iter()
        .flat_map(|&(name, mode)| {
            plans
                .iter()
                .filter(move |(m, p)| *m == mode && (settings.quick || (p.batches == 3 && p.workers != 2)))
                .map(move |&(_, plan)| (name, mode, plan))
        })
        .collect();
    let mut rows: Rounds<'_, BatchReport> = Rounds::new();
    for &(mode, plan) in &plans {
        let runner = BatchRunner::new(mode).with_worker_exe(&settings.exe);
        rows.add(format!("{} x{}", mode.label(), plan.workers), move || {
            let run = runner.run(&plan).map_err(|e| e.to_string())?;
            Ok(Sample {
                secs: run.elapsed.as_secs_f64(),
                report: BatchReport::Rust(run),
            })
        });
    }
    if let Ok(python) = python {
        for &(name, _, plan) in &python_plans {
            let needles: Vec<Vec<u32>> = (0..plan.batches)
                .map(|b| chapter_search::needles(plan.seed, b, plan.max_needle))
                .collect();
            let expected = needles.iter().flatten().filter(|&&v| v < plan.size).count() as u64;
            rows.add_limited(
                format!("Python {name} x{}", plan.workers),
                settings.python_rounds(),
                move || {
                    let run = python.search(name, &needles, u64::from(plan.size), plan.workers)?;
                    if run.found != expected {
                        return Err(format!("found {} numbers, not {expected}", run.found));
                    }
                    Ok(Sample {
                        secs: run.elapsed,
                        report: BatchReport::Python(run),
                    })
                },
            );
        }
    }
    let mut measured = rows.run(settings.rounds(), report);
    let python = measured.split_off(plans.len());
    let rust: Vec<Measured<BatchRun>> = measured
        .into_iter()
        .map(|m| {
            m.filter_map(|r| match r {
                BatchReport::Rust(run) => Some(run),
                BatchReport::Python(_) => None,
            })
        })
        .collect();
    let python: Vec<Measured<SearchRun>> = python
        .into_iter()
        .map(|m| {
            m.filter_map(|r| match r {
                BatchReport::Python(run) => Some(run),
                BatchReport::Rust(_) => None,
            })
        })
        .collect();
    Batches {
        plans,
        rust,
        python_plans,
        python,
    }
}

/// The batch table from the medians.
pub(super) fn table(plans: &[(Mode, Plan)], measured: &[Measured<BatchRun>]) -> Table {
    let mut table = Table::new([
        ("Mode", Align::Left),
        ("Workers", Align::Right),
        ("Batches", Align::Right),
        ("Found", Align::Right),
        ("Time", Align::Right),
        ("Per batch", Align::Right),
        ("Tutorial (Python)", Align::Left),
    ]);
    for ((mode, plan), m) in plans.iter().zip(measured) {
        // Rows with other batch counts (and the scaling table below, on
        // its own count) compare per batch.
        let per_batch = m.stat().map_or("-".to_owned(), |s| {
            crate::measure::secs_brief(s.median / plan.batches.max(1) as f64)
        });
        table.push_row([
            mode.label().to_owned(),
            plan.workers.to_string(),
            plan.batches.to_string(),
            m.reports()
                .next()
                .map_or("-".to_owned(), |r| chapter_search::verdict(r.found, r.expected)),
            time_cell(m),
            per_batch,
            tutorial_time(*mode, plan.workers, plan.batches).to_owned(),
        ]);
    }
    table
}
