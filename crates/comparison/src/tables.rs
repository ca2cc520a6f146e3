//! The comparison's two tables: the tutorial's (one row per limit, one
//! time per model) and the details it leaves out (speedup, parallel
//! efficiency, peak memory), and what the tutorial measured.

use concurrency_core::{Align, Table, format_secs};

use crate::measurement::Measurement;
use crate::memory::{PeakMemory, mib};
use crate::model::Model;

/// What the tutorial measured, in seconds, for the reader to hold next to
/// ours: (limit, async, threads, processes), from its "Comparison" table.
pub const TUTORIAL_SECONDS: [(u64, f64, f64, f64); 5] = [
    (100_000, 0.3624, 0.5326, 0.4711),
    (1_000_000, 3.7752, 5.9180, 1.3738),
    (10_000_000, 58.4305, 98.2302, 21.7587),
    (50_000_000, 554.2766, 725.3965, 182.7984),
    (100_000_000, 1138.4652, 1547.9455, 492.9215),
];

/// The measurement of `model` at `limit`, if there is one.
fn find(measurements: &[Measurement], limit: u64, model: Model) -> Option<&Measurement> {
    measurements.iter().find(|m| m.limit == limit && m.model == Some(model))
}

/// The distinct limits, in the order they were measured.
pub fn limits_of(measurements: &[Measurement]) -> Vec<u64> {
    let mut limits: Vec<u64> = Vec::new();
    for m in measurements {
        if !limits.contains(&m.limit) {
            limits.push(m.limit);
        }
    }
    limits
}

/// `100 000 000`: a limit the way the tutorial's tables write it.
pub fn spaced(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

// ANCHOR: tables
/// The tutorial's table: one row per limit, one time per model, the
/// fastest in bold, every count checked.
pub fn tutorial_table(measurements: &[Measurement], workers: usize) -> Table {
    let models: Vec<Model> = Model::ALL
        .into_iter()
        .filter(|&model| measurements.iter().any(|m| m.model == Some(model)))
        .collect();
    let mut columns = vec![
        ("Calculation upper limit".to_owned(), Align::Right),
        ("Num. of Workers".to_owned(), Align::Center),
    ];
    columns.extend(models.iter().map(|m| (format!("{m} execution time"), Align::Right)));
    columns.push(("Primes found".to_owned(), Align::Right));
    let mut table = Table::new(columns);
    for limit in limits_of(measurements) {
        let row: Vec<Option<&Measurement>> = models.iter().map(|&model| find(measurements, limit, model)).collect();
        let fastest = row
            .iter()
            .flatten()
            .map(|m| m.elapsed_secs)
            .fold(f64::INFINITY, f64::min);
        let mut cells = vec![spaced(limit), workers.to_string()];
        for m in &row {
            cells.push(match m {
                Some(m) if m.elapsed_secs == fastest && row.len() > 1 => format!("**{}**", format_secs(m.elapsed())),
                Some(m) => format_secs(m.elapsed()),
                None => "-".to_owned(),
            });
        }
        cells.push(count_cell(row.iter().flatten().copied()));
        table.push_row(cells);
    }
    table
}

/// One row per run: what the tutorial's table leaves out. Speedups are over
/// the synchronous run at the same limit; the efficiency divides the speedup
/// by `cores`.
pub fn details_table(measurements: &[Measurement], cores: usize) -> Table {
    let mut table = Table::new([
        ("Limit", Align::Right),
        ("Model", Align::Left),
        ("Runner type", Align::Center),
        ("Workers", Align::Right),
        ("Processes", Align::Right),
        ("Execution time", Align::Right),
        ("Speedup over sync", Align::Right),
        ("Parallel efficiency", Align::Right),
        ("Peak memory", Align::Right),
        ("Primes found", Align::Right),
    ]);
    for m in measurements {
        let speedup = speedup_over_sync(measurements, m);
        table.push_row([
            spaced(m.limit),
            m.model.map_or("-", Model::heading).to_owned(),
            m.runner_type.clone(),
            m.workers.to_string(),
            m.processes.to_string(),
            format_secs(m.elapsed()),
            speedup.map_or("-".to_owned(), |s| format!("x{s:.2}")),
            speedup.map_or("-".to_owned(), |s| format!("{:.2}", s / cores.max(1) as f64)),
            memory_cell(m.memory),
            m.verdict.clone(),
        ]);
    }
    table
}
// ANCHOR_END: tables

/// How many times faster than the synchronous run at the same limit.
pub fn speedup_over_sync(measurements: &[Measurement], m: &Measurement) -> Option<f64> {
    let sync = find(measurements, m.limit, Model::Sync)?;
    (m.elapsed_secs > 0.0).then(|| sync.elapsed_secs / m.elapsed_secs)
}

/// The best non-baseline model at `limit`, if any was measured.
pub fn best_parallel(measurements: &[Measurement], limit: u64) -> Option<&Measurement> {
    let parallel = measurements
        .iter()
        .filter(|m| m.limit == limit && m.model.is_some_and(|model| model != Model::Sync));
    parallel.min_by(|a, b| a.elapsed_secs.total_cmp(&b.elapsed_secs))
}

/// `664579 (exact)` when every run of the row agrees and is exact;
/// otherwise each verdict that differs.
fn count_cell<'a>(row: impl Iterator<Item = &'a Measurement>) -> String {
    let mut verdicts: Vec<&str> = row.map(|m| m.verdict.as_str()).collect();
    verdicts.dedup();
    verdicts.join(" / ")
}

/// A peak-memory cell: `5.0 MiB`, or with worker processes
/// `5.0 MiB (2.0 MiB + 3.0 MiB in 10 workers)`; `n/a` where none was read.
pub fn memory_cell(memory: Option<PeakMemory>) -> String {
    match memory {
        None => "n/a".to_owned(),
        Some(p) if p.worker_processes == 0 => mib(p.main),
        Some(p) => format!(
            "{} ({} + {} in {} workers)",
            mib(p.total()),
            mib(p.main),
            mib(p.workers),
            p.worker_processes
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measured(model: Model, limit: u64, secs: f64) -> Measurement {
        Measurement {
            model: Some(model),
            runner_type: model.runner_type().to_owned(),
            limit,
            workers: model.workers(10),
            elapsed_secs: secs,
            primes: 9_592,
            verdict: "9592 (exact)".to_owned(),
            exact: true,
            processes: 1,
            memory: None,
        }
    }

    #[test]
    fn tables_bold_the_fastest_and_divide_by_the_cores() {
        let ms = [
            measured(Model::Sync, 100_000, 4.0),
            measured(Model::Threads, 100_000, 2.0),
            measured(Model::Processes, 100_000, 2.5),
        ];
        let tutorial = tutorial_table(&ms, 10).to_string();
        assert!(tutorial.contains("**2.0000 sec**"), "{tutorial}");
        assert!(tutorial.contains("100 000"), "{tutorial}");
        assert!(tutorial.contains("9592 (exact)"), "{tutorial}");
        let details = details_table(&ms, 2).to_string();
        assert!(details.contains("x2.00") && details.contains("1.00"), "{details}");
        assert!(details.contains("x1.60") && details.contains("0.80"), "{details}");
        assert_eq!(best_parallel(&ms, 100_000).and_then(|m| m.model), Some(Model::Threads));
        // On an 80-column terminal both tables fit, their cells wrapped.
        for table in [tutorial_table(&ms, 10), details_table(&ms, 2)] {
            let drawn = table.for_terminal(80);
            assert!(drawn.lines().all(|line| line.chars().count() <= 80), "{drawn}");
        }
        assert_eq!(spaced(100_000_000), "100 000 000");
        assert_eq!(spaced(999), "999");
    }

    #[test]
    fn memory_cells_name_the_workers() {
        let p = PeakMemory {
            main: 2 << 20,
            workers: 3 << 20,
            worker_processes: 10,
        };
        assert_eq!(memory_cell(Some(p)), "5.0 MiB (2.0 MiB + 3.0 MiB in 10 workers)");
        assert_eq!(memory_cell(None), "n/a");
    }
}
