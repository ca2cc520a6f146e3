//! Calling Rust from Python: the extension module `concurrency_rs`
//! (`crates/python`) called the ways a Python programmer would call it (one
//! call, a `ThreadPoolExecutor`, a `ProcessPoolExecutor`, its own rayon
//! pool), beside pure Python run the same ways, on the book's two
//! workloads: the fully-loaded experiment's `cpu_intensive`, one task per
//! logical processor, and counting the primes up to 10^7 (10^5 when quick).
//! Every row is a run of `python/extension.py` in a virtual environment
//! under `target/`, where the page first builds the extension as it is now
//! (`maturin develop --release`). The pure-Python rows join the first
//! rounds only; the extension's rows, seconds at most, join every round.
//! Building the extension and running the script are in `extension`; this
//! module measures the rows and writes the tables. Without python3 the page
//! says "Not measured"; with python3 and an extension that did not build,
//! it shows the build's last lines and fails the run (`--no-python` runs
//! without it; `REPRODUCE_EXTENSION_MANIFEST` points the build at another
//! manifest, which the tests use to plant a failing build).

use std::fmt::Write as _;

use concurrency_core::{Align, Table, known_prime_count};
use indicatif::ProgressBar;

use super::{Shared, failures, progress, time_cell};
use crate::measure::{Baseline, Bound, Claim, Measured, Noise, Rounds, Sample, guard};
use crate::{Page, Settings};

mod extension;
mod interpreters;
mod speedup;

use extension::{Extension, Run, workspace};
use speedup::speedup_cell;

/// The virtual environment with maturin, pytest and the extension: the one
/// `just python` makes.
pub const VENV: &str = "target/python-ext-venv";

/// The modes of `python/extension.py`, in the order of its rows (the same
/// list as its `MODES`). The pure-Python ones come first.
pub const MODES: [&str; 7] = [
    "python",
    "python-threads",
    "python-processes",
    "extension",
    "extension-threads",
    "extension-processes",
    "extension-rayon",
];

/// The limit of the prime table in a full run.
const PRIME_LIMIT: u64 = 10_000_000;
/// ... and in a quick one.
const QUICK_PRIME_LIMIT: u64 = 100_000;

/// The page's two tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Workload {
    /// `cpu_intensive(n, 1)` for `n = 0..tasks`.
    Cpu { tasks: usize },
    /// The primes of `1..=limit`.
    Primes { limit: u64 },
}

/// The page.
pub fn page(settings: &Settings, _: &mut Shared, bar: &ProgressBar) -> Result<Page, String> {
    let prepared = match &settings.python {
        Err(why) => Err(why.clone()),
        Ok(python) => {
            bar.set_message("Python extension: maturin develop --release");
            Extension::build(&workspace(), &python.program)
        }
    };
    let extension = match prepared {
        Ok(extension) => extension,
        // python3 is here and the extension did not build: the page says
        // why and fails the run (`--no-python` runs without it).
        Err(why) if settings.python.is_ok() => {
            // Shown with or without a progress bar drawn (not a terminal).
            bar.suspend(|| {
                use std::io::Write as _;
                let _ = writeln!(std::io::stderr(), "FAILED: the Python extension did not build: {why}");
            });
            return Ok(Page {
                body: format!(
                    "**Not measured: the extension did not build** (python3 is here; `--no-python` runs \
                     without it):\n\n```text\n{why}\n```\n"
                ),
                ok: false,
                plots: Vec::new(),
            });
        }
        Err(why) => {
            bar.println(format!("note: the Python extension page has no rows: {why}"));
            return Ok(Page {
                body: format!("**Not measured:** {why}.\n"),
                ok: true,
                plots: Vec::new(),
            });
        }
    };
    // The other interpreters of `--python`, each with the extension built
    // for it: their rows run beside the first's, in the same rounds.
    let (extensions, not_built) = interpreters::with_others(settings, extension, bar);
    let cores = concurrency_core::cores();
    let limit = if settings.quick { QUICK_PRIME_LIMIT } else { PRIME_LIMIT }.min(settings.python_max_limit);
    let mut body = format!(
        "Every row runs `python/extension.py` on {}. Each pool has {cores} threads or processes, one per logical processor. The pure-Python rows \
         ran {}; the extension's rows in every round.\n\n{}\n\n{not_built}",
        interpreters::names(&extensions),
        super::python_rounds_phrase(settings),
        settings.free_threaded_line(),
    );
    let mut ok = not_built.is_empty();
    let mut noise = Noise::default();
    for workload in [Workload::Cpu { tasks: cores }, Workload::Primes { limit }] {
        let (text, table_ok, table_noise) = table(settings, &extensions, workload, cores, bar);
        body.push_str(&text);
        ok &= table_ok;
        noise.merge(table_noise);
    }
    body.push_str(&noise.paragraph());
    Ok(Page {
        body,
        ok,
        plots: Vec::new(),
    })
}

/// One table: its rows in interleaved rounds, the guard, the Markdown.
fn table(
    settings: &Settings,
    extensions: &[Extension],
    workload: Workload,
    cores: usize,
    bar: &ProgressBar,
) -> (String, bool, Noise) {
    // One thread or process per logical processor in every pool.
    let threads = cores;
    // A quick run leaves out pure Python's cpu_intensive: seconds per task.
    let skip_pure_python = settings.quick && matches!(workload, Workload::Cpu { .. });
    let modes: Vec<&str> = MODES
        .iter()
        .copied()
        .filter(|mode| !(skip_pure_python && is_pure_python(mode)))
        .collect();
    // Row `m * E + k` is mode `m` under interpreter `k` (of E): one mode's
    // rows side by side, in the same rounds.
    let each = extensions.len();
    let mut rows: Rounds<'_, Run> = Rounds::new();
    for &mode in &modes {
        for extension in extensions {
            let run = move || {
                let run = extension.run(workload, mode, threads)?;
                Ok(Sample {
                    secs: run.elapsed,
                    report: run,
                })
            };
            let label = interpreters::row_label(mode, extension, each);
            if is_pure_python(mode) {
                rows.add_limited(label, settings.python_rounds(), run);
            } else {
                rows.add(label, run);
            }
        }
    }
    let rounds = settings.rounds();
    let name = match workload {
        Workload::Cpu { .. } => "extension, cpu_intensive",
        Workload::Primes { .. } => "extension, primes",
    };
    let mut report = progress(bar, name);
    let mut measured = rows.run(rounds, &mut report);

    // Each parallel row is judged against its one-call row under the same
    // interpreter: pure Python's pools against `python`, the extension's
    // against `extension`.
    let index = |mode: &str, k: usize| modes.iter().position(|m| *m == mode).map(|m| m * each + k);
    let mut claims = Vec::new();
    for row in 0..measured.len() {
        let mode = &modes[row / each];
        let base = if is_pure_python(mode) { "python" } else { "extension" };
        let Some(baseline) = index(base, row % each).filter(|&b| b != row) else {
            continue;
        };
        // The spread test looks for the row's baseline: a row it cannot be
        // told from is marked. Not so for pure Python under threads, whose
        // lesson is exactly that it cannot be told from one call (the GIL):
        // for it only the speedup test applies.
        let peers = if *mode == "python-threads" {
            Vec::new()
        } else {
            vec![baseline]
        };
        claims.push(Claim {
            row,
            baseline: Baseline::Row(baseline),
            workers: threads,
            bound: Bound::Cpu { cores },
            peers,
        });
    }
    let judgements = guard(&mut rows, &mut measured, &claims, rounds, &mut report);
    let noise = Noise::tally(&judgements, &claims, &|i| measured[i].label.clone());

    let (heading, check_column, expected) = match workload {
        Workload::Cpu { tasks } => (
            format!(
                "### `cpu_intensive(n, 1)`, n = 0..{tasks}\n\nOne task per logical processor, as in the experiment; \
                 the pools map over the tasks. \"Same bits\" compares every run's values with the values the \
                 experiment printed (computed by the Rust chapter past n = 31)."
            ),
            "Same bits as printed",
            Expected::Values(
                (0..tasks as u64)
                    .map(|n| {
                        let printed = chapter_fully_loaded::python_result(n, 1);
                        chapter_fully_loaded::python_repr(
                            printed.unwrap_or_else(|| chapter_fully_loaded::cpu_intensive(n, 1)),
                        )
                    })
                    .collect(),
            ),
        ),
        Workload::Primes { limit } => (
            format!(
                "### The primes of 1..={limit}\n\nTrial division. The pools get {threads} ranges of about \
                 equal work (the top of the range costs more per number, so the ranges there are shorter); \
                 rayon splits its range itself, by work stealing."
            ),
            "Count",
            Expected::Count(
                known_prime_count(limit)
                    .unwrap_or_else(|| (1..=limit).filter(|&n| concurrency_core::is_prime(n)).count() as u64),
            ),
        ),
    };
    let mut table = Table::new([
        ("Mode", Align::Left),
        ("Python", Align::Left),
        ("What runs", Align::Left),
        ("Elapsed", Align::Right),
        ("Speedup over `python`", Align::Right),
        ("Speedup over `extension`", Align::Right),
        (check_column, Align::Right),
    ]);
    let mut ok = true;
    for (row, m) in measured.iter().enumerate() {
        let (python_row, extension_row) = (index("python", row % each), index("extension", row % each));
        let ratio = |base: Option<usize>| speedup_cell(row, base, &measured, &claims, &judgements);
        let (check, right) = expected.check(m);
        ok &= right && m.error.is_none() && !m.runs.is_empty();
        table.push_row([
            m.label.clone(),
            interpreters::cell(m, &extensions[row % each]),
            what_runs(modes[row / each], threads),
            // The guard's mark goes in the claimed speedup's cell.
            time_cell(m),
            ratio(python_row),
            ratio(extension_row),
            check,
        ]);
    }
    let anchor = match workload {
        Workload::Cpu { .. } => "cpu_intensive",
        Workload::Primes { .. } => "primes",
    };
    let mut text = format!("{heading}\n\n{}\n", super::anchored(anchor, table));
    if skip_pure_python {
        text.push_str("Quick run: pure Python's `cpu_intensive` rows are left out (seconds per task).\n\n");
    }
    let _ = write!(text, "{}", failures(&measured));
    (text, ok, noise)
}

/// What every run of a table must report.
enum Expected {
    /// Each task's value, as Python's `repr` writes it.
    Values(Vec<String>),
    /// The number of primes.
    Count(u64),
}

impl Expected {
    /// The check's cell for a row, and whether every run passed.
    fn check(&self, measured: &Measured<Run>) -> (String, bool) {
        let runs: Vec<&Run> = measured.reports().collect();
        if runs.is_empty() {
            return ("-".to_owned(), false);
        }
        match self {
            Expected::Values(values) => {
                // Tasks whose value matched in every run.
                let matching = (0..values.len())
                    .filter(|&n| runs.iter().all(|r| r.results.get(n) == values.get(n)))
                    .count();
                let complete = runs.iter().all(|r| r.results.len() == values.len());
                let right = matching == values.len() && complete;
                (format!("{matching} of {}", values.len()), right)
            }
            Expected::Count(expected) => {
                let wrong = runs.iter().find(|r| r.count != Some(*expected));
                match wrong {
                    None => (format!("{expected} (exact)"), true),
                    Some(r) => (
                        format!("{} (WRONG: expected {expected})", r.count.unwrap_or_default()),
                        false,
                    ),
                }
            }
        }
    }
}

fn is_pure_python(mode: &str) -> bool {
    mode.starts_with("python")
}

/// What a mode runs, in words.
fn what_runs(mode: &str, threads: usize) -> String {
    match mode {
        "python" => "pure Python, one call".to_owned(),
        "python-threads" => format!("pure Python, ThreadPoolExecutor({threads})"),
        "python-processes" => format!("pure Python, ProcessPoolExecutor({threads})"),
        "extension" => "extension, one call".to_owned(),
        "extension-threads" => format!("extension, ThreadPoolExecutor({threads})"),
        "extension-processes" => format!("extension, ProcessPoolExecutor({threads})"),
        "extension-rayon" => format!("extension, its rayon pool ({threads} threads)"),
        other => other.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_modes_are_the_scripts() {
        let script = std::fs::read_to_string(workspace().join("python/extension.py")).expect("extension.py");
        for mode in MODES {
            assert!(
                script.contains(&format!("\"{mode}\",")),
                "extension.py has no mode {mode}"
            );
        }
    }

    #[test]
    fn a_wrong_count_or_value_fails_the_check() {
        let run = |results: &[&str], count| Run {
            mode: "extension".to_owned(),
            results: results.iter().map(|r| (*r).to_owned()).collect(),
            count,
            elapsed: 1.0,
            interpreter: None,
        };
        let measured = |runs: Vec<Run>| {
            let mut rows: Rounds<'_, Run> = Rounds::new();
            let mut runs = runs.into_iter();
            rows.add("row", move || {
                let report = runs.next().ok_or("no more")?;
                Ok(Sample { secs: 1.0, report })
            });
            rows.run(2, &mut |_| {}).remove(0)
        };
        let count = Expected::Count(25);
        assert_eq!(
            count.check(&measured(vec![run(&[], Some(25)), run(&[], Some(25))])),
            ("25 (exact)".to_owned(), true)
        );
        assert_eq!(
            count.check(&measured(vec![run(&[], Some(25)), run(&[], Some(24))])),
            ("24 (WRONG: expected 25)".to_owned(), false)
        );
        let values = Expected::Values(vec!["1.5".to_owned(), "2.5".to_owned()]);
        assert_eq!(
            values.check(&measured(vec![run(&["1.5", "2.5"], None), run(&["1.5", "2.5"], None)])),
            ("2 of 2".to_owned(), true)
        );
        assert_eq!(
            values.check(&measured(vec![run(&["1.5", "2.5"], None), run(&["1.5", "9"], None)])),
            ("1 of 2".to_owned(), false)
        );
    }
}
