//! "No GIL", measured where the multithreading chapter claims it: the same
//! CPU-bound program in both languages, on threads and (Python) processes,
//! with the busy time of every worker and a timeline of each kind.
//!
//! The program: W workers take blocks of [`BLOCK`] numbers from one shared
//! counter and check each with the tutorial's trial division, reading the
//! clock around every number. A worker's *stretches* are the times it
//! computed without a pause of [`PAUSE_SECS`] or more; its busy time is
//! their sum. Python's side is `python/cpu_workers.py`; Rust's is
//! [`rust_threads`], the same loop on `std::thread::scope`.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use std::time::Instant;

use concurrency_core::{Align, Span, Table, expected_prime_count, is_prime};
use indicatif::ProgressBar;

use super::lanes::{Axis, Lane, draw_lanes};
use super::{anchored, failures, progress, time_cell};
use crate::Settings;
use crate::measure::{Baseline, Bound, Claim, Measured, Noise, Rounds, Sample, guard, mark};
use crate::python::{CpuRun, CpuWorker};

/// Numbers a worker takes at a time (the script's `--block`).
pub const BLOCK: u64 = 1_000;
/// A gap this long between two numbers, or a number this slow, is a pause.
pub const PAUSE_SECS: f64 = 0.001;

/// Rust's side: `workers` scoped threads named `Worker-1`, ... taking
/// blocks of `block` numbers of `1..=limit` from one atomic counter.
pub fn rust_threads(limit: u64, workers: usize, block: u64) -> Result<CpuRun, String> {
    let origin = Instant::now();
    let next = AtomicU64::new(1);
    let results: Vec<Result<(u64, CpuWorker), String>> = thread::scope(|scope| {
        let handles: Vec<_> = (1..=workers)
            .map(|k| {
                let next = &next;
                thread::Builder::new()
                    .name(format!("Worker-{k}"))
                    .spawn_scoped(scope, move || work(k, limit, block, next, origin))
                    .map_err(|e| format!("cannot start Worker-{k}: {e}"))
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| handle?.join().map_err(|_| "a worker thread panicked".to_owned()))
            .collect()
    });
    let elapsed = origin.elapsed().as_secs_f64();
    let mut run = CpuRun {
        mode: "threads".to_owned(),
        limit,
        count: 0,
        elapsed,
        workers: Vec::new(),
    };
    for result in results {
        let (primes, worker) = result?;
        run.count += primes;
        run.workers.push(worker);
    }
    Ok(run)
}

/// One worker's loop: blocks until the counter passes `limit`, the clock
/// read around every number, stretches closed at each pause.
fn work(k: usize, limit: u64, block: u64, next: &AtomicU64, origin: Instant) -> (u64, CpuWorker) {
    let secs = |t: Instant| t.duration_since(origin).as_secs_f64();
    let (mut primes, mut numbers) = (0, 0);
    let mut stretches = Vec::new();
    let (mut start, mut end) = (secs(Instant::now()), secs(Instant::now()));
    loop {
        let first = next.fetch_add(block, Ordering::Relaxed);
        if first > limit {
            break;
        }
        for n in first..=limit.min(first + block - 1) {
            let before = secs(Instant::now());
            primes += u64::from(is_prime(n));
            let after = secs(Instant::now());
            if before - end >= PAUSE_SECS || after - before >= PAUSE_SECS {
                stretches.push((start, end));
                start = after;
            }
            end = after;
            numbers += 1;
        }
    }
    stretches.push((start, end));
    stretches.retain(|(a, b)| b > a);
    let worker = CpuWorker {
        name: format!("Worker-{k}"),
        pid: std::process::id(),
        thread: format!("Worker-{k}"),
        numbers,
        busy: stretches.iter().map(|(a, b)| b - a).sum(),
        stretches,
    };
    (primes, worker)
}

/// One row of the table: who ran it, on how many workers.
struct Row {
    language: &'static str,
    mode: &'static str,
    workers: usize,
}

/// The section of the multithreading page: the table (anchored `no_gil`)
/// and three timelines on one time axis (anchored `cpu_timelines`). Returns
/// the text, the plot files, and whether every count was exact.
pub fn section(settings: &Settings, bar: &ProgressBar) -> (String, Vec<String>, bool) {
    let cores = concurrency_core::cores();
    let many = cores.max(2);
    let limit: u64 = if settings.quick { 100_000 } else { 1_000_000 };
    let mut counts = vec![1, 2, cores];
    counts.sort_unstable();
    counts.dedup();
    let mut table_rows: Vec<Row> = counts
        .iter()
        .map(|&workers| Row {
            language: "Rust",
            mode: "threads",
            workers,
        })
        .collect();
    if settings.python.is_ok() {
        for (mode, workers) in [("threads", 1), ("threads", many), ("processes", many)] {
            table_rows.push(Row {
                language: "Python",
                mode,
                workers,
            });
        }
    }
    let mut rows: Rounds<'_, CpuRun> = Rounds::new();
    for row in &table_rows {
        let label = format!("{} {}", row.language, workers_phrase(row.workers, row.mode));
        let (mode, workers) = (row.mode, row.workers);
        match (&settings.python, row.language) {
            (Ok(python), "Python") => {
                rows.add_limited(label, settings.python_rounds(), move || {
                    sample(python.cpu_workers(mode, limit, workers))
                });
            }
            _ => {
                rows.add(label, move || sample(rust_threads(limit, workers, BLOCK)));
            }
        }
    }
    let rounds = settings.rounds();
    let mut report = progress(bar, "no GIL");
    let mut measured = rows.run(rounds, &mut report);
    let baseline_of = |language: &str| table_rows.iter().position(|r| r.language == language && r.workers == 1);
    let claims: Vec<Claim> = table_rows
        .iter()
        .enumerate()
        .filter_map(|(row, r)| {
            let baseline = baseline_of(r.language).filter(|&b| b != row)?;
            let peers = (0..table_rows.len())
                .filter(|&p| table_rows[p].language == r.language)
                .collect();
            Some(Claim {
                row,
                baseline: Baseline::Row(baseline),
                workers: r.workers,
                bound: Bound::Cpu { cores },
                peers,
            })
        })
        .collect();
    let judgements = guard(&mut rows, &mut measured, &claims, rounds, &mut report);
    let noise = Noise::tally(&judgements, &claims, &|i| measured[i].label.clone());

    let expected = expected_prime_count(limit);
    let mut ok = true;
    let mut table = Table::new([
        ("Language", Align::Left),
        ("Workers", Align::Left),
        ("Execution time", Align::Right),
        ("Speedup over 1 thread", Align::Right),
        ("Efficiency", Align::Right),
        ("Busy per worker", Align::Right),
        ("Cores busy", Align::Right),
        ("Primes found", Align::Right),
    ]);
    for ((row, m), judgement) in table_rows.iter().zip(&measured).zip(&judgements) {
        let exact = m.reports().all(|run| Some(run.count) == expected) && m.error.is_none() && !m.runs.is_empty();
        ok &= exact;
        let first = m.reports().next();
        let busy = first.map_or("-".to_owned(), |run| {
            let each: Vec<String> = run.workers.iter().map(|w| format!("{:.2}", w.busy)).collect();
            format!("{} s", each.join(", "))
        });
        let in_use = first.map_or("-".to_owned(), |run| {
            format!(
                "{:.2}",
                run.workers.iter().map(|w| w.busy).sum::<f64>() / run.elapsed.max(f64::MIN_POSITIVE)
            )
        });
        let is_baseline = row.workers == 1;
        table.push_row([
            row.language.to_owned(),
            workers_phrase(row.workers, row.mode),
            mark(time_cell(m), Some(judgement), &|p| measured[p].label.clone()),
            if is_baseline {
                "baseline".to_owned()
            } else {
                judgement.speedup.map_or("-".to_owned(), |s| s.ratio_cell())
            },
            judgement.efficiency.map_or("-".to_owned(), |e| format!("{e:.2}")),
            busy,
            in_use,
            first.map_or("-".to_owned(), |run| {
                if exact {
                    format!("{} (exact)", run.count)
                } else {
                    format!("{} (WRONG)", run.count)
                }
            }),
        ]);
    }
    let mut body = format!(
        "\n### No GIL: the same CPU-bound work on threads and processes\n\n\
         Both languages run one program: the numbers 1..={limit} in blocks of {BLOCK}, taken by each worker \
         from one shared counter and checked by trial division, the clock read around every number. \
         A worker's busy time is the time it computed, pauses of {} ms or more left out; \"cores busy\" is \
         the workers' busy time over the run's time (round 1). The speedup is the median of the per-round \
         ratios against one thread of the same language.\n\n{}\n{}{}",
        PAUSE_SECS * 1e3,
        anchored("no_gil", &table),
        failures(&measured),
        noise.paragraph()
    );
    match &settings.python {
        Err(why) => _ = writeln!(body, "\n**Python skipped:** {why}."),
        // Its interpreter, and whether a free-threaded one ran.
        Ok(_) => _ = writeln!(body, "\n{}", settings.python_rows_line()),
    }
    let (pictures, plots, drawn) = timelines(settings, &table_rows, &measured, many);
    ok &= drawn;
    body.push_str(&anchored("cpu_timelines", pictures));
    (body, plots, ok)
}

fn sample(run: Result<CpuRun, String>) -> Result<Sample<CpuRun>, String> {
    let run = run?;
    Ok(Sample {
        secs: run.elapsed,
        report: run,
    })
}

/// The first round's run of Python threads, Python processes and Rust
/// threads (`many` workers each), drawn on one time axis.
fn timelines(
    settings: &Settings,
    rows: &[Row],
    measured: &[Measured<CpuRun>],
    many: usize,
) -> (String, Vec<String>, bool) {
    let pick = |language: &str, mode: &str| {
        let i = rows
            .iter()
            .position(|r| r.language == language && r.mode == mode && r.workers == many)?;
        measured[i]
            .reports()
            .next()
            .map(|run| (format!("{language} {mode}"), run))
    };
    let runs: Vec<(String, &CpuRun)> = [
        pick("Python", "threads"),
        pick("Python", "processes"),
        pick("Rust", "threads"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let x_max = runs.iter().map(|(_, run)| run.elapsed).fold(1e-3, f64::max) * 1.02;
    let axis = Axis {
        origin_us: Some(0),
        x_max: Some(x_max),
    };
    let mut text = String::from(
        "\nThe timelines: the first round's run of each, drawn on one time axis; a bar is a stretch of computing without a pause.\n\n",
    );
    let (mut plots, mut ok) = (Vec::new(), true);
    for (label, run) in runs {
        let file = format!("timeline-cpu-{}.svg", label.to_lowercase().replace(' ', "-"));
        let spans: Vec<Vec<Span>> = run.workers.iter().map(spans_of).collect();
        let lanes: Vec<Lane<'_>> = run
            .workers
            .iter()
            .zip(&spans)
            .map(|(w, s)| Lane {
                name: &w.name,
                spans: s,
            })
            .collect();
        let title = format!(
            "{label}: {} workers, 1..={}, {:.2} s",
            run.workers.len(),
            run.limit,
            run.elapsed
        );
        match draw_lanes(&settings.out.join(&file), &title, &lanes, axis) {
            Ok(()) => {
                let _ = writeln!(
                    text,
                    "- [`{file}`](results/{file}): {label}, {} workers, {:.2} s.",
                    run.workers.len(),
                    run.elapsed
                );
                plots.push(file);
            }
            Err(why) => {
                let _ = writeln!(text, "- **`{file}` failed:** {why}");
                ok = false;
            }
        }
    }
    (text, plots, ok)
}

/// A worker's stretches as spans in microseconds since the run started.
fn spans_of(worker: &CpuWorker) -> Vec<Span> {
    let us = |secs: f64| (secs.max(0.0) * 1e6) as u64;
    worker
        .stretches
        .iter()
        .map(|&(start, end)| Span {
            number: 0,
            start_us: us(start),
            end_us: us(end),
            thread: worker.thread.clone(),
            pid: worker.pid,
        })
        .collect()
}

/// `1 thread`, `2 threads`, `1 process`, `2 processes`: a row's workers
/// in words, in its cell and in the tie marks that name it.
fn workers_phrase(workers: usize, mode: &str) -> String {
    match (workers, mode) {
        (1, "threads") => "1 thread".to_owned(),
        (1, _) => "1 process".to_owned(),
        (k, mode) => format!("{k} {mode}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_threads_count_exactly_and_share_the_blocks() {
        let run = rust_threads(100_000, 3, 1_000).expect("three threads");
        assert_eq!(run.count, 9_592, "pi(10^5)");
        assert_eq!(run.workers.iter().map(|w| w.numbers).sum::<u64>(), 100_000);
        for worker in &run.workers {
            let sum: f64 = worker.stretches.iter().map(|(a, b)| b - a).sum();
            assert!((worker.busy - sum).abs() < 1e-9);
            assert!(worker.stretches.iter().all(|(a, b)| a < b && *b <= run.elapsed));
        }
    }

    #[test]
    fn the_section_without_python_has_the_rust_rows_and_a_timeline() {
        let dir = std::env::temp_dir().join(format!("reproduce-no-gil-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        let settings = Settings {
            out: dir.clone(),
            runs: 1,
            ..Settings::quick_for_tests()
        };
        let (body, plots, ok) = section(&settings, &ProgressBar::hidden());
        std::fs::remove_dir_all(&dir).expect("the temporary folder goes");
        assert!(ok, "{body}");
        assert!(
            body.contains("9592 (exact)") && body.contains("Python skipped"),
            "{body}"
        );
        assert!(
            body.contains("ANCHOR: no_gil") && body.contains("ANCHOR_END: cpu_timelines"),
            "{body}"
        );
        assert_eq!(plots, ["timeline-cpu-rust-threads.svg"]);
    }
}
