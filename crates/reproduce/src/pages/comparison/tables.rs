//! The comparison page's tables: the tutorial's, the details, Python side
//! by side, and the tutorial's own figures.

use std::time::Duration;

use chapter_comparison::{Model, spaced};
use concurrency_core::{Align, Table, format_secs};

use super::{PrimeRounds, PrimeRow, PrimeSample};
use crate::WORKERS;
use crate::measure::{Judgement, Measured, mark};

/// The tutorial's table: one row per limit, the median time of each model
/// with its spread, the fastest in bold, every count checked.
pub(super) fn tutorial_table(primes: &PrimeRounds) -> Table {
    let mut columns = vec![
        ("Calculation upper limit".to_owned(), Align::Right),
        ("Num. of Workers".to_owned(), Align::Center),
    ];
    columns.extend(Model::ALL.iter().map(|m| (format!("{m} execution time"), Align::Right)));
    columns.push(("Primes found".to_owned(), Align::Right));
    let mut table = Table::new(columns);
    for &limit in &primes.limits {
        let fastest = Model::ALL
            .iter()
            .filter_map(|&m| primes.get(limit, PrimeRow::Model(m))?.stat())
            .map(|s| s.median)
            .fold(f64::INFINITY, f64::min);
        let mut cells = vec![spaced(limit), WORKERS.to_string()];
        for model in Model::ALL {
            let row = PrimeRow::Model(model);
            let cell = primes.cell(limit, row);
            let is_fastest = primes
                .get(limit, row)
                .and_then(Measured::stat)
                .is_some_and(|s| s.median == fastest);
            let implausible = primes.judgement(limit, row).is_some_and(Judgement::is_implausible);
            cells.push(if is_fastest && !implausible {
                format!("**{cell}**")
            } else {
                cell
            });
        }
        cells.push(primes.counts(limit, |row| matches!(row, PrimeRow::Model(_))));
        table.push_row(cells);
    }
    table
}

/// One row per limit and parallel model: what the tutorial's table leaves out.
pub(super) fn details_table(primes: &PrimeRounds) -> Table {
    let mut table = Table::new([
        ("Limit", Align::Right),
        ("Model", Align::Left),
        ("Runner type", Align::Center),
        ("Processes", Align::Right),
        ("Speedup over sync", Align::Right),
        ("Parallel efficiency", Align::Right),
        ("Peak memory", Align::Right),
    ]);
    for &limit in &primes.limits {
        for model in Model::ALL {
            let row = PrimeRow::Model(model);
            let Some(m) = primes.get(limit, row) else { continue };
            let first = m.reports().find_map(|r| match r {
                PrimeSample::Rust(m) => Some(m),
                _ => None,
            });
            let judgement = primes.judgement(limit, row);
            let speedup = judgement.and_then(|j| j.speedup);
            table.push_row([
                spaced(limit),
                model.heading().to_owned(),
                model.runner_type().to_owned(),
                first.map_or("-".to_owned(), |m| m.processes.to_string()),
                if model == Model::Sync {
                    "baseline".to_owned()
                } else {
                    mark(speedup.map_or("-".to_owned(), |s| s.ratio_cell()), judgement, &|p| {
                        primes.short_name(p)
                    })
                },
                judgement
                    .and_then(|j| j.efficiency)
                    .map_or_else(|| "-".to_owned(), |e| format!("{e:.2}")),
                first.map_or("n/a".to_owned(), |m| chapter_comparison::memory_cell(m.memory)),
            ]);
        }
    }
    table
}

/// The median of the per-round ratios `python / rust`, over the rounds
/// both ran in.
pub(super) fn faster_by(primes: &PrimeRounds, limit: u64, python: PrimeRow, rust: PrimeRow) -> String {
    match (primes.get(limit, python), primes.get(limit, rust)) {
        (Some(p), Some(r)) => r.speedup_over(p).map_or("-".to_owned(), |s| s.ratio_cell()),
        _ => "-".to_owned(),
    }
}

/// Python's synchronous run against Rust's, Python's final solution against
/// the best Rust runner, limit by limit.
pub(super) fn side_by_side(primes: &PrimeRounds) -> Table {
    let mut table = Table::new([
        ("Limit", Align::Right),
        ("Python sync", Align::Right),
        ("Rust sync", Align::Right),
        ("Rust faster by", Align::Right),
        ("Python final (10 processes)", Align::Right),
        ("Best Rust runner", Align::Right),
        ("Rust faster by ", Align::Right),
    ]);
    for &limit in &primes.limits {
        if primes.find(limit, PrimeRow::PythonSync).is_none() {
            continue;
        }
        let best = primes.best_parallel(limit);
        table.push_row([
            spaced(limit),
            primes.cell(limit, PrimeRow::PythonSync),
            primes.cell(limit, PrimeRow::Model(Model::Sync)),
            faster_by(primes, limit, PrimeRow::PythonSync, PrimeRow::Model(Model::Sync)),
            primes.cell(limit, PrimeRow::PythonFinal),
            best.map_or("-".to_owned(), |(m, _)| {
                format!("{} {}", m.runner_type(), primes.cell(limit, PrimeRow::Model(m)))
            }),
            best.map_or("-".to_owned(), |(m, _)| {
                faster_by(primes, limit, PrimeRow::PythonFinal, PrimeRow::Model(m))
            }),
        ]);
    }
    table
}

/// `all exact`, or each wrong count.
pub(super) fn python_counts(primes: &PrimeRounds) -> String {
    let mut wrong = Vec::new();
    for ((limit, row), m) in primes.keys.iter().zip(&primes.measured) {
        if !matches!(row, PrimeRow::PythonSync | PrimeRow::PythonFinal) {
            continue;
        }
        for r in m.reports().filter(|r| !r.exact()) {
            wrong.push(format!("{} at {}: {}", m.label, spaced(*limit), r.verdict()));
        }
    }
    if wrong.is_empty() {
        "all exact".to_owned()
    } else {
        format!("**WRONG**: {}", wrong.join("; "))
    }
}

/// The tutorial's comparison table, for the reader to hold next to ours.
pub(super) fn tutorial_reference() -> String {
    let mut table = Table::new([
        ("Limit", Align::Right),
        ("Asynchronous", Align::Right),
        ("Multithreading", Align::Right),
        ("Multiprocessing", Align::Right),
    ]);
    let secs = |s: f64| format_secs(Duration::from_secs_f64(s));
    for (limit, a, t, p) in chapter_comparison::TUTORIAL_SECONDS {
        table.push_row([spaced(limit), secs(a), secs(t), secs(p)]);
    }
    format!(
        "The figures of \"Concurrency in Python\" (CPython, its author's machine, 10 workers, one run each):\n\n{table}"
    )
}
