//! The comparison's two tables: the tutorial's (one row per limit, one
//! time per model) and the details it leaves out (speedup, parallel
//! efficiency, peak memory), and what the tutorial measured.

use concurrency_core::measure::Judgement;
use concurrency_core::{Align, Table};

use crate::memory::{PeakMemory, mib};
use crate::model::Model;
use crate::rounds::Compared;

/// What the tutorial measured, in seconds, for the reader to hold next to
/// ours: (limit, async, threads, processes), from its "Comparison" table.
pub const TUTORIAL_SECONDS: [(u64, f64, f64, f64); 5] = [
    (100_000, 0.3624, 0.5326, 0.4711),
    (1_000_000, 3.7752, 5.9180, 1.3738),
    (10_000_000, 58.4305, 98.2302, 21.7587),
    (50_000_000, 554.2766, 725.3965, 182.7984),
    (100_000_000, 1138.4652, 1547.9455, 492.9215),
];

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
/// The tutorial's table: one row per limit, one time per model (the
/// median of the rounds, its spread, and the guard's mark), the fastest
/// median in bold, every count checked.
pub fn tutorial_table(compared: &Compared, workers: usize) -> Table {
    let models: Vec<Model> = Model::ALL
        .into_iter()
        .filter(|&model| compared.keys.iter().any(|&(_, m)| m == model))
        .collect();
    let mut columns = vec![
        ("Calculation upper limit".to_owned(), Align::Right),
        ("Num. of Workers".to_owned(), Align::Center),
    ];
    columns.extend(models.iter().map(|m| (format!("{m} execution time"), Align::Right)));
    columns.push(("Primes found".to_owned(), Align::Right));
    let mut table = Table::new(columns);
    for limit in compared.limits() {
        let row: Vec<Option<usize>> = models.iter().map(|&model| compared.find(limit, model)).collect();
        let medians: Vec<Option<f64>> = row.iter().map(|i| Some(compared.stat((*i)?)?.median)).collect();
        let fastest = medians.iter().flatten().copied().fold(f64::INFINITY, f64::min);
        let mut cells = vec![spaced(limit), workers.to_string()];
        for (i, median) in row.iter().zip(&medians) {
            cells.push(match (i, median) {
                // The fastest in bold, unless the guard found it implausible.
                (Some(i), Some(m))
                    if *m == fastest
                        && row.len() > 1
                        && !compared.judgements.get(*i).is_some_and(Judgement::is_implausible) =>
                {
                    format!("**{}**", compared.time_cell(*i))
                }
                (Some(i), _) => compared.time_cell(*i),
                (None, _) => "-".to_owned(),
            });
        }
        cells.push(count_cell(compared, row.iter().flatten().copied()));
        table.push_row(cells);
    }
    table
}

/// One row per model and limit: what the tutorial's table leaves out.
/// Speedups are the median of the per-round ratios over the synchronous
/// run at the same limit (with their spread); the efficiency divides the
/// median speedup by the workers that `cores` let run at once.
pub fn details_table(compared: &Compared, workers: usize, cores: usize) -> Table {
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
    for (i, &(limit, model)) in compared.keys.iter().enumerate() {
        let shown = compared.representative(i);
        table.push_row([
            spaced(limit),
            model.heading().to_owned(),
            model.runner_type().to_owned(),
            model.workers(workers).to_string(),
            shown.map_or("-".to_owned(), |m| m.processes.to_string()),
            compared.time_cell(i),
            compared.speedup(i).map_or("-".to_owned(), |s| s.ratio_cell()),
            compared.efficiency_cell(i, workers, cores),
            memory_cell(shown.and_then(|m| m.memory)),
            count_cell(compared, [i].into_iter()),
        ]);
    }
    table
}
// ANCHOR_END: tables

/// `664579 (exact)` when every run of the rows agrees; otherwise each
/// verdict that differs; `-` when none ran.
fn count_cell(compared: &Compared, rows: impl Iterator<Item = usize>) -> String {
    let mut verdicts: Vec<&str> = Vec::new();
    for i in rows {
        for m in compared.measured[i].reports() {
            if !verdicts.contains(&m.verdict.as_str()) {
                verdicts.push(&m.verdict);
            }
        }
    }
    if verdicts.is_empty() {
        "-".to_owned()
    } else {
        verdicts.join(" / ")
    }
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
    use crate::measurement::Measurement;
    use crate::rounds::{build_rows, measure_rounds};

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

    /// The rows of one limit with fixed times, measured in rounds and
    /// judged on 2 cores: nothing is timed.
    fn compared(secs: fn(Model) -> f64) -> Compared {
        let (mut rows, keys) = build_rows(&[100_000], &Model::ALL, move |limit, model| {
            Ok(measured(model, limit, secs(model)))
        });
        measure_rounds(&mut rows, keys, 10, 3, 2, &mut |_| {})
    }

    #[test]
    fn tables_bold_the_fastest_and_divide_by_the_usable_workers() {
        let c = compared(|model| match model {
            Model::Sync => 4.0,
            Model::Async => 3.0,
            Model::Threads => 2.0,
            Model::Processes => 2.5,
        });
        let tutorial = tutorial_table(&c, 10).to_string();
        assert!(tutorial.contains("**2.00 s (2.00–2.00)**"), "{tutorial}");
        assert!(tutorial.contains("100 000"), "{tutorial}");
        assert!(tutorial.contains("9592 (exact)"), "{tutorial}");
        let details = details_table(&c, 10, 2).to_string();
        // The speedup and efficiency cells of the row of `runner`.
        let cells = |runner: &str| -> (String, String) {
            let line = details.lines().find(|l| l.contains(runner)).expect("a row");
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            (cells[7].to_owned(), cells[8].to_owned())
        };
        assert_eq!(
            cells("THREAD_POOL"),
            ("x2.00 (2.00–2.00)".to_owned(), "1.00".to_owned())
        );
        assert_eq!(
            cells("CHUNKS_IN_POOL"),
            ("x1.60 (1.60–1.60)".to_owned(), "0.80".to_owned())
        );
        assert_eq!(cells("SIMPLE"), ("x1.00 (1.00–1.00)".to_owned(), "1.00".to_owned()));
        assert_eq!(
            c.noise().summary(),
            "Guard: 3 rows checked, 0 measured again; no ties, 0 implausible."
        );
        // On an 80-column terminal both tables fit, their cells wrapped.
        for table in [tutorial_table(&c, 10), details_table(&c, 10, 2)] {
            let drawn = table.for_terminal(80);
            assert!(drawn.lines().all(|line| line.chars().count() <= 80), "{drawn}");
        }
        assert_eq!(spaced(100_000_000), "100 000 000");
        assert_eq!(spaced(999), "999");
    }

    #[test]
    fn a_row_faster_than_the_cores_allow_is_marked_never_bare() {
        // x8 over the synchronous row with 10 workers on 2 cores: an
        // efficiency of 4, in every round and on the second look.
        let c = compared(|model| match model {
            Model::Sync => 4.0,
            Model::Async => 0.5,
            Model::Threads => 2.0,
            Model::Processes => 2.0,
        });
        let details = details_table(&c, 10, 2).to_string();
        let row = details
            .lines()
            .find(|line| line.contains("TASK_GROUP"))
            .expect("the async row");
        assert!(row.contains("4.00 (implausible)"), "{row}");
        assert!(row.contains("0.500 s (0.500–0.500) (implausible)"), "{row}");
        // No efficiency above 1.05 anywhere without its mark.
        for line in details.lines().skip(2) {
            let efficiency = line.split('|').nth(8).expect("an efficiency cell").trim();
            let value: f64 = efficiency
                .split(' ')
                .next()
                .and_then(|v| v.parse().ok())
                .expect("a number");
            assert!(value <= 1.05 || efficiency.ends_with("(implausible)"), "{line}");
        }
        let tutorial = tutorial_table(&c, 10).to_string();
        assert!(tutorial.contains("(implausible)"), "{tutorial}");
        // The fastest cell, being implausible, is not in bold.
        assert!(!tutorial.contains("**"), "{tutorial}");
        // Threads and processes take the same time: a tie, named.
        assert!(details.contains("2.00 s (2.00–2.00) = Multi"), "{details}");
        let noise = c.noise();
        assert_eq!(noise.checked, 3);
        assert_eq!(noise.implausible.len(), 1);
        assert!(
            noise.text().contains("(implausible) Asynchronous at 100 000: x8.00"),
            "{}",
            noise.text()
        );
        assert!(c.all_exact());
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
