//! # `just bench-all`: every table of the tutorial, on your machine
//!
//! The tutorials' tables were measured once, on their authors' machines.
//! This program measures them again on yours, Rust and Python side by side,
//! and writes each table as Markdown to `docs/src/results/<chapter>.md`,
//! with a header naming the machine (CPU, cores, memory, OS, compiler,
//! Python, date), and the plots as SVG next to them:
//!
//! - the chapters with the forced delay, with the tutorial's parameters
//!   (1000 numbers, 50 ms each): sync, cooperative, async, multithread,
//!   multiprocess, each with its tutorial rows;
//! - the comparison and the final solution, with no delay and 10 workers,
//!   from 10^5 to 10^8 numbers, next to the Python baselines of `python/`
//!   (the synchronous run and the final multiprocessing solution, the same
//!   trial division) up to 10^7: at 10^8 Python takes a quarter of an hour
//!   per run;
//! - the fully-loaded experiment (Rust's four modes, Python's two);
//! - the I/O-bound chapter: every mode against its embedded server on
//!   127.0.0.1 (160 downloads, 10 ms latency), and the thread-count sweep
//!   with its plot and CSV;
//! - the search chapter's structure profile and batch table.
//!
//! Every count is checked as the chapters check it; a wrong one makes the
//! program exit with code 1 after writing everything it could.
//!
//! ```text
//! cargo run --release -p reproduce            # everything, the tutorial's parameters: half an hour or more
//! cargo run --release -p reproduce -- --quick # reduced parameters, a minute or two (what CI runs)
//! cargo run --release -p reproduce -- --only comparison --only final
//! ```
//!
//! `--quick` writes to `target/bench-all-quick/` unless `--out` says
//! otherwise, so that a quick check never overwrites the full results.
//! The criterion benchmarks are a separate step (`cargo bench`), which the
//! `bench-all` recipe runs after this program.
//!
//! This program runs the chapter libraries in its own process, and is also
//! the worker of the chapters that need processes: `main` gives each of
//! them its turn first (see `src/main.rs`).
//!
//! # Layout
//!
//! - this file: the settings, the chapters and what each one writes;
//! - [`machine`]: the header;
//! - [`python`]: running the Python baselines;
//! - [`plots`]: SVG line charts.

pub mod machine;
pub mod plots;
pub mod python;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chapter_async::{AsyncRuntime, AsyncTaskRunner};
use chapter_comparison::{Measurement, Model, best_parallel, details_table, measure_in_child, spaced, tutorial_table};
use chapter_cooperative::CoopTaskRunner;
use chapter_final::{FinalRow, SimpleRun, final_table, measure_calc_primes};
use chapter_fully_loaded::{Experiment, Outcome, python_repr, summary};
use chapter_multiprocess::{MultiProcessTaskRunner, TUTORIAL_TABLE};
use chapter_multithread::MultiThreadTaskRunner;
use chapter_sync::SyncTaskRunner;
use clap::ValueEnum;
use concurrency_core::{Align, Job, RunReport, Table, TaskRunner, Verdict, format_secs};
use indicatif::ProgressBar;

use crate::machine::Machine;
use crate::plots::{Series, YScale, line_chart};
use crate::python::{PrimeRun, Python};

/// The workers of the comparison and the final solution, as in the tutorial.
pub const WORKERS: usize = 10;

/// The chapters this program measures, in the order it runs them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Chapter {
    /// Chapter 1: synchronous.
    Sync,
    /// Chapter 2: cooperative.
    Cooperative,
    /// Chapter 3: asynchronous.
    Async,
    /// Chapter 4: multithreading.
    Multithread,
    /// Chapter 5: multiprocessing.
    Multiprocess,
    /// The comparison of the best three, and Python side by side.
    Comparison,
    /// The final solution, and Python's.
    Final,
    /// Fully loaded: cpu_intensive on every core, Rust and Python.
    FullyLoaded,
    /// I/O-bound: downloads from a local server, and the thread sweep.
    IoBound,
    /// Search: structures and batches.
    Search,
}

impl Chapter {
    /// Every chapter, in the order of a full run.
    pub const ALL: [Chapter; 10] = [
        Chapter::Sync,
        Chapter::Cooperative,
        Chapter::Async,
        Chapter::Multithread,
        Chapter::Multiprocess,
        Chapter::Comparison,
        Chapter::Final,
        Chapter::FullyLoaded,
        Chapter::IoBound,
        Chapter::Search,
    ];

    /// The results file's name, without `.md`.
    pub fn file_stem(self) -> &'static str {
        match self {
            Chapter::Sync => "sync",
            Chapter::Cooperative => "cooperative",
            Chapter::Async => "async",
            Chapter::Multithread => "multithread",
            Chapter::Multiprocess => "multiprocess",
            Chapter::Comparison => "comparison",
            Chapter::Final => "final",
            Chapter::FullyLoaded => "fully-loaded",
            Chapter::IoBound => "io-bound",
            Chapter::Search => "search",
        }
    }

    /// The results page's title.
    pub fn title(self) -> &'static str {
        match self {
            Chapter::Sync => "Chapter 1: synchronous execution",
            Chapter::Cooperative => "Chapter 2: cooperative execution",
            Chapter::Async => "Chapter 3: asynchronous execution",
            Chapter::Multithread => "Chapter 4: multithreading",
            Chapter::Multiprocess => "Chapter 5: multiprocessing",
            Chapter::Comparison => "The comparison of the best three",
            Chapter::Final => "The final solution",
            Chapter::FullyLoaded => "Fully loaded",
            Chapter::IoBound => "I/O-bound work: downloads",
            Chapter::Search => "Search",
        }
    }
}

/// What to run and where to write it.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Reduced parameters (CI): small limits and delays.
    pub quick: bool,
    /// The folder the results go to.
    pub out: PathBuf,
    /// The largest limit of the comparison and the final solution.
    pub max_limit: u64,
    /// The largest limit the Python baselines run at.
    pub python_max_limit: u64,
    /// The chapters to run.
    pub chapters: Vec<Chapter>,
    /// The Python baselines, or why they are skipped.
    pub python: Result<Python, String>,
    /// The program started as worker processes and row children: this one.
    pub exe: PathBuf,
}

impl Settings {
    /// The delay chapters' job: 1000 numbers at 50 ms (the tutorial's), or
    /// 100 at 5 ms when quick.
    fn delay_job(&self, workers: usize) -> Job {
        if self.quick {
            Job::new(100, workers, Duration::from_millis(5))
        } else {
            Job::new(1_000, workers, Duration::from_millis(50))
        }
    }

    /// The limits of the comparison and the final solution.
    pub fn limits(&self) -> Vec<u64> {
        if self.quick {
            [10_000, 100_000].into_iter().filter(|&l| l <= self.max_limit).collect()
        } else {
            chapter_comparison::limits_up_to(self.max_limit)
        }
    }

    fn parameters(&self) -> &'static str {
        if self.quick {
            "**Quick run** (`--quick`): reduced parameters, for checking that everything runs; not the tutorial's."
        } else {
            "Full run: the tutorial's parameters."
        }
    }
}

/// One results page, before the header is added.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// The Markdown body.
    pub body: String,
    /// `false` when a count was wrong or a run failed.
    pub ok: bool,
    /// Files written next to the page (SVG plots, and the CSV of the
    /// io-bound sweep), listed in the index after it.
    pub plots: Vec<String>,
}

/// What a whole run produced.
#[derive(Debug, Default)]
pub struct Summary {
    /// The files written, with whether their checks passed.
    pub written: Vec<(PathBuf, bool)>,
    /// Chapters that failed, with the reason.
    pub failures: Vec<(Chapter, String)>,
}

/// Runs the chapters of `settings`, writing each page as soon as it is done.
pub fn run(settings: &Settings, bar: &ProgressBar) -> Summary {
    let python_line = match &settings.python {
        Ok(p) => p.version.clone(),
        Err(why) => format!("not run: {why}"),
    };
    let machine = Machine::here(python_line);
    let mut summary = Summary::default();
    if let Err(err) = std::fs::create_dir_all(&settings.out) {
        summary.failures.push((
            Chapter::Sync,
            format!("cannot create {}: {err}", settings.out.display()),
        ));
        return summary;
    }
    let mut comparison: Option<Vec<Measurement>> = None;
    let mut python_finals: Vec<PrimeRun> = Vec::new();
    bar.set_length(settings.chapters.len() as u64);
    for &chapter in &settings.chapters {
        bar.set_message(chapter.title());
        let page = match chapter {
            Chapter::Sync => Ok(delay_page(&[(&SyncTaskRunner, settings.delay_job(2))], SYNC_NOTE)),
            Chapter::Cooperative => Ok(delay_page(
                &[(&CoopTaskRunner, settings.delay_job(2))],
                COOPERATIVE_NOTE,
            )),
            Chapter::Async => Ok(async_page(settings)),
            Chapter::Multithread => Ok(multithread_page(settings)),
            Chapter::Multiprocess => Ok(multiprocess_page(settings)),
            Chapter::Comparison => comparison_page(settings, bar).map(|(page, ms, finals)| {
                comparison = Some(ms);
                python_finals = finals;
                page
            }),
            Chapter::Final => final_page(settings, comparison.as_deref(), &python_finals, bar),
            Chapter::FullyLoaded => fully_loaded_page(settings, bar),
            Chapter::IoBound => io_bound_page(settings, bar),
            Chapter::Search => search_page(settings),
        };
        match page {
            Ok(page) => {
                let path = settings.out.join(format!("{}.md", chapter.file_stem()));
                let text = format!(
                    "# Results: {}\n\nWritten by `cargo run --release -p reproduce{}` (`just bench-all`). {}\n\n{machine}\n\n{}",
                    chapter.title(),
                    if settings.quick { " -- --quick" } else { "" },
                    settings.parameters(),
                    page.body
                );
                match std::fs::write(&path, text) {
                    Ok(()) => summary.written.push((path, page.ok)),
                    Err(err) => summary
                        .failures
                        .push((chapter, format!("cannot write {}: {err}", path.display()))),
                }
                for plot in page.plots {
                    summary.written.push((settings.out.join(plot), true));
                }
            }
            Err(reason) => summary.failures.push((chapter, reason)),
        }
        bar.inc(1);
    }
    summary
}

const SYNC_NOTE: &str =
    "The tutorial measured 50.5522 sec: 1000 numbers at 0.05 s each, one after the other, all found by Worker-1.";
const COOPERATIVE_NOTE: &str =
    "The tutorial measured 51.1277 sec: handing each number to an idle worker changes nothing without concurrency.";
const ASYNC_NOTE: &str = "The tutorial measured SIMPLE 2: 32.1810 sec, SIMPLE 3: 21.0620 sec, TASK_GROUP 3: 20.9242 sec (asyncio, one thread). Ours run on tokio's current-thread runtime, the closest to asyncio.";
const MULTITHREAD_NOTE: &str = "The tutorial measured SIMPLE 2: 25.2479 sec, LOCKED_LIST 2: 25.2679 sec, THREAD_POOL 2, 3, 5: 25.2255, 16.8516, 10.0864 sec.";
const MULTIPROCESS_NOTE: &str = "The tutorial measured SIMPLE 3, 10: 17.1390, 5.4353 sec; SHARED 3: 17.4743 sec; PROCESS_POOL 3, 5, 10: 17.3709, 10.6335, 5.7128 sec; CHUNKS_IN_POOL 10: 5.5582 sec.";

/// The page of a chapter with the forced delay: the tutorial's table of
/// its runs, each count checked.
fn delay_page(runs: &[(&dyn TaskRunner, Job)], note: &str) -> Page {
    let mut reports = Vec::with_capacity(runs.len());
    let mut errors = String::new();
    for (runner, job) in runs {
        match runner.run(job) {
            Ok(report) => reports.push(report),
            Err(err) => {
                let _ = writeln!(errors, "- **{} failed:** {err}", runner.runner_type());
            }
        }
    }
    let ok = errors.is_empty() && reports.iter().all(|r| matches!(r.verdict(), Verdict::Exact { .. }));
    let (limit, delay) = runs
        .first()
        .map_or((0, Duration::ZERO), |(_, job)| (job.limit, job.delay));
    Page {
        body: format!(
            "Numbers 1..={limit}, forced delay {} ms per number.\n\n{}\n{errors}\n{note}\n",
            delay.as_millis(),
            RunReport::table(&reports)
        ),
        ok,
        plots: Vec::new(),
    }
}

fn async_page(settings: &Settings) -> Page {
    let runners: Vec<(AsyncTaskRunner, usize)> = chapter_async::TUTORIAL_ROWS
        .iter()
        .map(|&(mode, k)| (AsyncTaskRunner::new(mode, AsyncRuntime::TokioCurrentThread), k))
        .collect();
    let runs: Vec<(&dyn TaskRunner, Job)> = runners
        .iter()
        .map(|(r, k)| (r as &dyn TaskRunner, settings.delay_job(*k)))
        .collect();
    delay_page(&runs, ASYNC_NOTE)
}

fn multithread_page(settings: &Settings) -> Page {
    let runners: Vec<(MultiThreadTaskRunner, usize)> = chapter_multithread::TUTORIAL_ROWS
        .iter()
        .map(|&(t, k)| (MultiThreadTaskRunner::new(t), k))
        .collect();
    let runs: Vec<(&dyn TaskRunner, Job)> = runners
        .iter()
        .map(|(r, k)| (r as &dyn TaskRunner, settings.delay_job(*k)))
        .collect();
    delay_page(&runs, MULTITHREAD_NOTE)
}

fn multiprocess_page(settings: &Settings) -> Page {
    let runners: Vec<(MultiProcessTaskRunner, usize)> = TUTORIAL_TABLE
        .iter()
        .map(|&(t, k)| (MultiProcessTaskRunner::new(t).with_worker_exe(&settings.exe), k))
        .collect();
    let runs: Vec<(&dyn TaskRunner, Job)> = runners
        .iter()
        .map(|(r, k)| (r as &dyn TaskRunner, settings.delay_job(*k)))
        .collect();
    let page = delay_page(&runs, MULTIPROCESS_NOTE);
    for (runner, _) in &runners {
        runner.shutdown_pool();
    }
    page
}

// ANCHOR: comparison
/// The comparison at every limit, each row in its own process (peak
/// memory), then the Python baselines at the limits they can reach.
fn comparison_page(settings: &Settings, bar: &ProgressBar) -> Result<(Page, Vec<Measurement>, Vec<PrimeRun>), String> {
    let mut measurements = Vec::new();
    for limit in settings.limits() {
        for model in Model::ALL {
            bar.set_message(format!("comparison: {model} at {}", spaced(limit)));
            let m =
                measure_in_child(&settings.exe, model, limit, WORKERS, Duration::ZERO).map_err(|e| e.to_string())?;
            measurements.push(m);
        }
    }
    let (python_syncs, python_finals, python_note) = python_primes(settings, bar);
    let cores = chapter_comparison::logical_cores();
    let mut body = format!(
        "No forced delay, {WORKERS} workers (1 for the synchronous baseline), {cores} logical cores. \
         Every row ran in a fresh process; peak memory is its peak resident set size (`VmHWM`), \
         plus each worker process's for CHUNKS_IN_POOL.\n\n{}\n{}\n",
        tutorial_table(&measurements, WORKERS),
        details_table(&measurements, cores)
    );
    let _ = write!(body, "## Rust and Python side by side\n\n{python_note}");
    if !python_syncs.is_empty() || !python_finals.is_empty() {
        let _ = writeln!(body, "{}", side_by_side(&measurements, &python_syncs, &python_finals));
    }
    let mut plots = Vec::new();
    let time_plot = "comparison-time.svg";
    let mut series: Vec<Series> = Model::ALL
        .iter()
        .map(|&model| Series {
            label: format!("Rust {} ({})", model.heading(), model.runner_type()),
            points: measurements
                .iter()
                .filter(|m| m.model == model)
                .map(|m| (m.limit as f64, m.elapsed_secs))
                .collect(),
        })
        .collect();
    series.push(python_series("Python synchronous", &python_syncs));
    series.push(python_series("Python final solution (10 processes)", &python_finals));
    let title = "Time against limit (log-log), no delay";
    if line_chart(
        &settings.out.join(time_plot),
        title,
        "limit N (numbers 1..=N)",
        "seconds",
        YScale::Log,
        &series,
    )? {
        plots.push(time_plot.to_owned());
    }
    let ratio_plot = "python-ratio.svg";
    let ratio = |pythons: &[PrimeRun], rust: &dyn Fn(u64) -> Option<f64>| -> Vec<(f64, f64)> {
        pythons
            .iter()
            .filter_map(|p| Some((p.limit as f64, p.elapsed / rust(p.limit)?)))
            .collect()
    };
    let sync_rust = |limit| find(&measurements, limit, Model::Sync).map(|m| m.elapsed_secs);
    let best_rust = |limit| best_parallel(&measurements, limit).map(|m| m.elapsed_secs);
    let ratios = [
        Series {
            label: "synchronous: Python time / Rust time".to_owned(),
            points: ratio(&python_syncs, &sync_rust),
        },
        Series {
            label: "final solution: Python time / best Rust runner".to_owned(),
            points: ratio(&python_finals, &best_rust),
        },
    ];
    let title = "How many times faster Rust is than Python";
    if line_chart(
        &settings.out.join(ratio_plot),
        title,
        "limit N",
        "Python time / Rust time",
        YScale::Linear,
        &ratios,
    )? {
        plots.push(ratio_plot.to_owned());
    }
    // The results pages are included into the book's chapter pages, which
    // live one folder up (docs/src/), so the images are linked from there.
    for plot in &plots {
        let _ = write!(body, "\n![{plot}](results/{plot})\n");
    }
    let _ = write!(body, "\n{}", tutorial_reference());
    let ok = chapter_comparison::all_exact(&measurements) && python_ok(&python_syncs) && python_ok(&python_finals);
    Ok((Page { body, ok, plots }, measurements, python_finals))
}
// ANCHOR_END: comparison

fn find(measurements: &[Measurement], limit: u64, model: Model) -> Option<&Measurement> {
    measurements.iter().find(|m| m.limit == limit && m.model == model)
}

fn python_ok(runs: &[PrimeRun]) -> bool {
    runs.iter().all(|r| r.expected.is_none_or(|e| e == r.count))
}

fn python_series(label: &str, runs: &[PrimeRun]) -> Series {
    Series {
        label: label.to_owned(),
        points: runs.iter().map(|r| (r.limit as f64, r.elapsed)).collect(),
    }
}

/// Runs `sync_primes.py` and `final_primes.py` at the comparison's limits up
/// to `python_max_limit`; the note says what was skipped and why.
fn python_primes(settings: &Settings, bar: &ProgressBar) -> (Vec<PrimeRun>, Vec<PrimeRun>, String) {
    let python = match &settings.python {
        Ok(python) => python,
        Err(why) => return (Vec::new(), Vec::new(), format!("**Python skipped:** {why}.\n")),
    };
    let (mut syncs, mut finals, mut note) = (Vec::new(), Vec::new(), String::new());
    for limit in settings.limits() {
        if limit > settings.python_max_limit {
            let _ = writeln!(
                note,
                "Python not run at {} (`--python-max-limit {}`): the tutorial's own runs took 913 s (sync) and 369 s (final) at 10^8.\n",
                spaced(limit),
                settings.python_max_limit
            );
            continue;
        }
        bar.set_message(format!("Python at {}", spaced(limit)));
        match python.sync_primes(limit) {
            Ok(run) => syncs.push(run),
            Err(err) => {
                let _ = writeln!(note, "- **sync_primes.py failed at {limit}:** {err}");
            }
        }
        match python.final_primes(limit, WORKERS) {
            Ok(run) => finals.push(run),
            Err(err) => {
                let _ = writeln!(note, "- **final_primes.py failed at {limit}:** {err}");
            }
        }
    }
    let _ = writeln!(
        note,
        "{}: `python/sync_primes.py` and `python/final_primes.py`, the same trial division as the Rust runners.\n",
        python.version
    );
    (syncs, finals, note)
}

/// Python's synchronous run against Rust's, Python's final solution against
/// the best Rust runner, limit by limit.
fn side_by_side(measurements: &[Measurement], syncs: &[PrimeRun], finals: &[PrimeRun]) -> Table {
    let mut table = Table::new([
        ("Limit", Align::Right),
        ("Python sync", Align::Right),
        ("Rust sync", Align::Right),
        ("Rust faster by", Align::Right),
        ("Python final (10 processes)", Align::Right),
        ("Best Rust runner", Align::Right),
        ("Rust faster by ", Align::Right),
        ("Python counts", Align::Right),
    ]);
    let secs = |s: f64| format_secs(Duration::from_secs_f64(s));
    for sync in syncs {
        let fin = finals.iter().find(|f| f.limit == sync.limit);
        let rust_sync = find(measurements, sync.limit, Model::Sync);
        let best = best_parallel(measurements, sync.limit);
        let times = |python: f64, rust: Option<&Measurement>| {
            rust.map_or("-".to_owned(), |r| format!("x{:.1}", python / r.elapsed_secs))
        };
        table.push_row([
            spaced(sync.limit),
            secs(sync.elapsed),
            rust_sync.map_or("-".to_owned(), |r| secs(r.elapsed_secs)),
            times(sync.elapsed, rust_sync),
            fin.map_or("-".to_owned(), |f| secs(f.elapsed)),
            best.map_or("-".to_owned(), |b| {
                format!("{} ({})", secs(b.elapsed_secs), b.runner_type)
            }),
            fin.map_or("-".to_owned(), |f| times(f.elapsed, best)),
            format!("{} / {}", sync.verdict(), fin.map_or("-".to_owned(), PrimeRun::verdict)),
        ]);
    }
    table
}

/// The tutorial's comparison table, for the reader to hold next to ours.
fn tutorial_reference() -> String {
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
    format!("The tutorial's figures (CPython, its author's machine, 10 workers):\n\n{table}")
}

/// The final table: from the comparison's rows when they are there (the
/// same runs; the tutorial's final table reuses its comparison's figures
/// too), plus `calc_primes`, and Python's final solution next to it.
fn final_page(
    settings: &Settings,
    comparison: Option<&[Measurement]>,
    python_finals: &[PrimeRun],
    bar: &ProgressBar,
) -> Result<Page, String> {
    let mut rows = Vec::new();
    for limit in settings.limits() {
        bar.set_message(format!("final: calc_primes at {}", spaced(limit)));
        let simple = measure_calc_primes(limit, WORKERS);
        let row = match comparison.and_then(|ms| FinalRow::from_comparison(ms, simple.clone())) {
            Some(row) => row,
            None => FinalRow::measure(limit, WORKERS, Some(&settings.exe)).map_err(|e| e.to_string())?,
        };
        rows.push(row);
    }
    let mut body = format!(
        "No forced delay, {WORKERS} workers. `calc_primes` runs on scoped threads over exact ranges; \
         the abstract solutions are the comparison's runs.\n\n{}\n",
        final_table(&rows)
    );
    if !python_finals.is_empty() {
        let simple: Vec<&SimpleRun> = rows.iter().map(|r| &r.simple).collect();
        let _ = write!(
            body,
            "## calc_primes against Python's final solution\n\n{}\n",
            final_vs_python(&simple, python_finals)
        );
    } else if let Err(why) = &settings.python {
        let _ = writeln!(body, "**Python skipped:** {why}.\n");
    }
    body.push_str(
        "The tutorial measured (synchronous, abstract, calc_primes, boost): 10^5: 0.0571, 0.4711, 0.4504 sec, x7.88 slower; \
         10^6: 1.3509, 1.3738, 0.8975 sec, x1.51 faster; 10^7: 31.0216, 21.7587, 10.1256 sec, x3.06 faster; \
         10^8: 913.2356, 492.9215, 369.0804 sec, x2.47 faster.\n",
    );
    let ok = rows.iter().all(FinalRow::exact);
    Ok(Page {
        body,
        ok,
        plots: Vec::new(),
    })
}

fn final_vs_python(simple: &[&SimpleRun], finals: &[PrimeRun]) -> Table {
    let mut table = Table::new([
        ("Limit", Align::Right),
        ("Python final_primes (processes)", Align::Right),
        ("Rust calc_primes (threads)", Align::Right),
        ("Rust faster by", Align::Right),
    ]);
    let secs = |s: f64| format_secs(Duration::from_secs_f64(s));
    for python in finals {
        let Some(rust) = simple.iter().find(|s| s.limit == python.limit) else {
            continue;
        };
        table.push_row([
            spaced(python.limit),
            secs(python.elapsed),
            secs(rust.elapsed_secs),
            format!("x{:.1}", python.elapsed / rust.elapsed_secs.max(f64::MIN_POSITIVE)),
        ]);
    }
    table
}

/// Fully loaded: Rust's four modes with one task per logical processor,
/// then Python's two (only the process pool when quick: a Python task
/// takes seconds).
fn fully_loaded_page(settings: &Settings, bar: &ProgressBar) -> Result<Page, String> {
    let tasks = std::thread::available_parallelism().map_or(1, usize::from) as u64;
    let experiment = Experiment { tasks, multiplier: 1 };
    // A Rust run takes a tenth of a second, short enough for a busy moment
    // on a shared machine to double it: each mode runs RUNS times and the
    // table shows its median run.
    const RUNS: usize = 5;
    let mut outcomes = Vec::new();
    for mode in chapter_fully_loaded::Mode::ALL {
        bar.set_message(format!("fully loaded: {} ({RUNS} runs)", mode.name()));
        let mut runs = (0..RUNS)
            .map(|_| Outcome::measure(mode, experiment, &settings.exe, &mut |_| {}))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| e.to_string())?;
        runs.sort_by_key(|run| run.elapsed);
        outcomes.push(runs.swap_remove(RUNS / 2));
    }
    let ok_rust = chapter_fully_loaded::all_agree(&outcomes);
    let mut body = format!(
        "{tasks} tasks (one per logical processor), multiplier 1 (10 million terms each); \
         each Rust mode's median of {RUNS} runs.\n\n{}\n",
        summary(&outcomes)
    );
    let rust_values: Vec<String> = outcomes
        .first()
        .map(|o| o.values_in_task_order().into_iter().map(python_repr).collect())
        .unwrap_or_default();
    let mut ok_python = true;
    match &settings.python {
        Err(why) => {
            let _ = writeln!(body, "**Python skipped:** {why}.");
        }
        Ok(python) => {
            let modes: &[&str] = if settings.quick {
                &["processes"]
            } else {
                &["sequential", "processes"]
            };
            let mut table = Table::new([
                ("Python mode", Align::Left),
                ("Tasks", Align::Right),
                ("Elapsed", Align::Right),
                ("Rust's fastest mode faster by", Align::Right),
                ("Same values as Rust", Align::Center),
            ]);
            let fastest = outcomes
                .iter()
                .map(|o| o.elapsed.as_secs_f64())
                .fold(f64::INFINITY, f64::min);
            for mode in modes {
                bar.set_message(format!("fully loaded: Python {mode}"));
                match python.fully_loaded(tasks, mode) {
                    Ok(run) => {
                        let same = run.results == rust_values;
                        ok_python &= same;
                        table.push_row([
                            run.mode.clone(),
                            run.tasks.to_string(),
                            format_secs(Duration::from_secs_f64(run.elapsed)),
                            format!("x{:.1}", run.elapsed / fastest),
                            if same { "yes, every digit" } else { "NO" }.to_owned(),
                        ]);
                    }
                    Err(err) => {
                        ok_python = false;
                        let _ = writeln!(body, "- **fully_loaded.py {mode} failed:** {err}");
                    }
                }
            }
            let _ = write!(body, "## Python side by side ({})\n\n{table}", python.version);
        }
    }
    Ok(Page {
        body,
        ok: ok_rust && ok_python,
        plots: Vec::new(),
    })
}

const IO_BOUND_NOTE: &str = "The tutorials measured, over the internet: seed 003, 160 downloads: about 35 s one after the other \
     with a session, 73 to 86 s without one, under a second with the right number of threads, 8.6 to 61 s with asyncio, \
     2.7 to 13.7 s with processes; its 20 sums of squares 7.42 s sequentially, 1.37 s with processes. Seed 004, 10 batches: \
     8.07 s processes, 5.17 s threads, 13.02 s coroutines calling the blocking `requests`, 1.41 s with `aiohttp`, \
     3.20 s behind a semaphore of 3.";

/// I/O-bound: every mode of the chapter against its embedded server (on
/// 127.0.0.1, any free port), with the chapter's defaults (quick: 20
/// requests at 1 ms latency), then the thread-count sweep, its plot and its
/// CSV. A mode that fails is named on the page and the others still run.
fn io_bound_page(settings: &Settings, bar: &ProgressBar) -> Result<Page, String> {
    use chapter_io_bound::client::{REPEAT, TIMEOUT};
    use chapter_io_bound::server::{LARGE_PAGE, LATENCY, SMALL_PAGE};
    use chapter_io_bound::{Check, Plan, Server, ServerConfig, Sinks, Target, sweep};

    let (repeat, latency, max_threads) = if settings.quick {
        (10, Duration::from_millis(1), 8)
    } else {
        (REPEAT, LATENCY, sweep::MAX_THREADS)
    };
    let config = ServerConfig {
        latency,
        ..ServerConfig::default()
    };
    // Dropping the server also stops it and joins its thread, so an early
    // return below leaves nothing running; the end shuts it down explicitly.
    let server = Server::start(config, 0).map_err(|e| format!("cannot start the local server: {e}"))?;
    let plan = Plan {
        base: server.base_url(),
        paths: vec![LARGE_PAGE.into(), SMALL_PAGE.into()],
        repeat,
        timeout: TIMEOUT,
    };
    let expected = chapter_io_bound::expected_tally(&plan, server.config());
    let io_settings = chapter_io_bound::Settings::new(settings.exe.clone());
    let target = Target {
        plan: &plan,
        server: Some(&server),
    };
    // A terminal under the progress bar would garble sync-print's lines and
    // sync-log's records, so both write to a sink that discards them: they
    // time the formatting, not the terminal.
    let sinks = Sinks::discard();
    let mut outcomes = Vec::with_capacity(chapter_io_bound::Mode::ALL.len());
    let mut errors = String::new();
    for mode in chapter_io_bound::Mode::ALL {
        bar.set_message(format!("io-bound: {}", mode.name()));
        match chapter_io_bound::run_mode(mode, target, &io_settings, &sinks) {
            Ok(outcome) => outcomes.push(outcome),
            Err(err) => {
                let _ = writeln!(errors, "- **{} failed:** {err}", mode.name());
            }
        }
    }

    bar.set_message("io-bound: thread-count sweep");
    let counts = sweep::thread_counts(max_threads, false);
    let swept = sweep::sweep(&plan, &counts, &mut |p| {
        bar.set_message(format!("io-bound: sweep, {} threads done", p.threads));
    });
    server.shutdown();

    let modes_ok = errors.is_empty() && outcomes.iter().all(|o| o.check() == Check::Exact);
    let mut body = format!(
        "{} requests ({} x {repeat}) to the chapter's embedded server on 127.0.0.1, {} ms latency per answer, \
         {} s timeout; {} threads, {} permits, {} processes; {} sums of squares from {}. \
         `sync-print` and `sync-log` write to a sink that discards them here. \
         Connections are the server's count.\n\n{}\n**{}**{}\n\n{errors}",
        plan.requests(),
        plan.paths.join(" and "),
        latency.as_millis(),
        TIMEOUT.as_secs(),
        io_settings.threads,
        io_settings.at_once,
        io_settings.processes,
        io_settings.cpu_count,
        io_settings.cpu_base,
        chapter_io_bound::summary(&outcomes),
        chapter_io_bound::verdict(&outcomes),
        if modes_ok { "" } else { " (not every mode ran exactly)" },
    );
    let _ = write!(
        body,
        "## The thread-count sweep\n\nThe threads mode for {} thread counts up to {max_threads}, \
         the same {} requests each time.\n\n",
        counts.len(),
        plan.requests()
    );
    let mut plots = Vec::new();
    let sweep_ok = match swept {
        Ok(points) => {
            let exact = points.iter().filter(|p| p.tally == expected).count();
            let _ = writeln!(body, "{}", sweep::table(&points));
            if let Some(best) = sweep::best(&points) {
                let _ = write!(
                    body,
                    "Fastest: {} threads, {}. ",
                    best.threads,
                    format_secs(best.elapsed)
                );
            }
            let _ = writeln!(
                body,
                "**{exact} of {} points exact** (every page and byte expected).",
                points.len()
            );
            let (svg, csv) = ("io-bound-sweep.svg", "io-bound-sweep.csv");
            let title = format!("{} downloads: duration against threads", plan.requests());
            sweep::plot(&points, &title, &settings.out.join(svg)).map_err(|e| e.to_string())?;
            sweep::write_file(&settings.out.join(csv), &sweep::csv(&points))
                .map_err(|e| format!("cannot write {csv}: {e}"))?;
            // The results pages are included from docs/src/, one folder up.
            let _ = write!(
                body,
                "\n![{svg}](results/{svg})\n\nThe points as CSV: [{csv}](results/{csv}).\n"
            );
            plots.extend([svg.to_owned(), csv.to_owned()]);
            exact == points.len() && !points.is_empty()
        }
        Err(err) => {
            let _ = writeln!(body, "- **The sweep failed:** {err}");
            false
        }
    };
    let _ = write!(body, "\n{IO_BOUND_NOTE}\n");
    Ok(Page {
        body,
        ok: modes_ok && sweep_ok,
        plots,
    })
}

/// Search: the structure profile and the batch table (the seed's rows, or
/// a smaller collection and a few batches when quick).
fn search_page(settings: &Settings) -> Result<Page, String> {
    use chapter_search::{
        BatchRunner, MAX_NEEDLE, Plan, SIZE, batch_table, profile_all, profile_heading, profile_table,
    };
    let (seed, size, max_needle) = if settings.quick {
        (42, 100_000, 100_000)
    } else {
        (42, SIZE, MAX_NEEDLE)
    };
    let plan = |workers: usize, batches: u64| Plan {
        seed,
        size,
        max_needle,
        batches,
        workers,
    };
    let rows: Vec<(chapter_search::Mode, Plan)> = if settings.quick {
        chapter_search::Mode::ALL.iter().map(|&m| (m, plan(2, 4))).collect()
    } else {
        chapter_search::TUTORIAL_ROWS
            .iter()
            .map(|&(m, w, b, _)| (m, plan(w, b)))
            .collect()
    };
    let profiles = profile_all(seed, size, max_needle);
    let mut runs = Vec::new();
    for (mode, plan) in rows {
        let run = BatchRunner::new(mode)
            .with_worker_exe(&settings.exe)
            .run(&plan)
            .map_err(|e| format!("{} failed: {e}", mode.label()))?;
        runs.push(run);
    }
    // What each extra thread buys, on the same batches: the medians of
    // several interleaved runs, since one run of a second or so is at the
    // mercy of whatever else the machine is doing.
    let (scaling_batches, scaling_runs) = if settings.quick { (4, 2) } else { (10, 5) };
    let cpus = std::thread::available_parallelism().map_or(1, usize::from);
    let scaling = chapter_search::thread_scaling(
        &plan(1, scaling_batches),
        &chapter_search::scaling_workers(cpus),
        scaling_runs,
    )
    .map_err(|e| format!("the thread scaling failed: {e}"))?;
    let ok = profiles.iter().all(chapter_search::Profile::is_exact)
        && runs.iter().all(chapter_search::BatchRun::is_exact)
        && scaling.iter().all(|row| row.exact);
    Ok(Page {
        body: format!(
            "{}\n\n{}\n{}\n\
             Threads alone on {scaling_batches} batches, {scaling_runs} interleaved runs per row \
             (`chapter-search --scaling`):\n\n{}",
            profile_heading(seed, size, max_needle),
            profile_table(&profiles),
            batch_table(&runs),
            chapter_search::scaling_table(&scaling)
        ),
        ok,
        plots: Vec::new(),
    })
}

/// The index of the results folder: what each file holds. With
/// `keep_others` (a run of some chapters, `--only`), the entries of the
/// previous index whose files are still there stay, in their places, and
/// this run's entries replace theirs or come after them; otherwise the
/// index lists this run's files alone.
pub fn write_index(out: &Path, summary: &Summary, quick: bool, keep_others: bool) -> std::io::Result<()> {
    let index = out.join("index.md");
    let mut entries: Vec<(String, String)> = Vec::new();
    if keep_others && let Ok(old) = std::fs::read_to_string(&index) {
        for line in old.lines() {
            let name = line
                .strip_prefix("- [")
                .and_then(|rest| rest.split_once(']'))
                .map(|(name, _)| name);
            if let Some(name) = name.filter(|name| out.join(name).is_file()) {
                entries.push((name.to_owned(), line.to_owned()));
            }
        }
    }
    for (path, ok) in &summary.written {
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let mark = if *ok { "" } else { " (**a check failed**)" };
        let line = format!("- [{name}]({name}){mark}");
        match entries.iter_mut().find(|(n, _)| *n == name) {
            Some(entry) => entry.1 = line,
            None => entries.push((name, line)),
        }
    }
    let mut text = String::from("# Results\n\nWritten by `just bench-all` (`cargo run --release -p reproduce`)");
    text.push_str(if quick {
        " with `--quick`: reduced parameters.\n\n"
    } else {
        ".\n\n"
    });
    for (_, line) in &entries {
        let _ = writeln!(text, "{line}");
    }
    for (chapter, reason) in &summary.failures {
        let _ = writeln!(text, "- {}: **failed**: {reason}", chapter.file_stem());
    }
    std::fs::write(index, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_chapter_has_its_own_file() {
        let mut stems: Vec<&str> = Chapter::ALL.iter().map(|c| c.file_stem()).collect();
        stems.sort_unstable();
        stems.dedup();
        assert_eq!(stems.len(), Chapter::ALL.len());
    }

    #[test]
    fn an_only_run_keeps_the_other_entries_of_the_index() {
        let out = std::env::temp_dir().join(format!("reproduce-index-{}", std::process::id()));
        std::fs::create_dir_all(&out).expect("a temporary folder");
        for name in ["sync.md", "io-bound.md", "io-bound-sweep.svg"] {
            std::fs::write(out.join(name), "").expect("writable");
        }
        let written = |names: &[(&str, bool)]| Summary {
            written: names.iter().map(|&(n, ok)| (out.join(n), ok)).collect(),
            failures: Vec::new(),
        };
        let read = || std::fs::read_to_string(out.join("index.md")).expect("an index");
        write_index(&out, &written(&[("sync.md", true), ("gone.md", true)]), false, false).expect("written");
        write_index(
            &out,
            &written(&[("io-bound.md", false), ("io-bound-sweep.svg", true)]),
            false,
            true,
        )
        .expect("written");
        let index = read();
        assert!(
            index.contains(
                "- [sync.md](sync.md)\n- [io-bound.md](io-bound.md) (**a check failed**)\n- [io-bound-sweep.svg]"
            ),
            "{index}"
        );
        assert!(!index.contains("gone.md"), "{index}");
        write_index(&out, &written(&[("io-bound.md", true)]), false, false).expect("written");
        assert!(!read().contains("sync.md"), "{}", read());
        let _ = std::fs::remove_dir_all(&out);
    }

    #[test]
    fn a_delay_page_checks_its_counts() {
        let page = delay_page(&[(&SyncTaskRunner, Job::new(100, 2, Duration::ZERO))], SYNC_NOTE);
        assert!(page.ok);
        assert!(
            page.body.contains("25 (exact)") && page.body.contains("1..=100"),
            "{}",
            page.body
        );
    }

    #[test]
    fn the_side_by_side_table_divides_python_by_rust() {
        let rust = |model: Model, secs: f64| Measurement {
            model,
            runner_type: model.runner_type().to_owned(),
            limit: 1_000,
            workers: 10,
            elapsed_secs: secs,
            primes: 168,
            verdict: "168 (exact)".to_owned(),
            exact: true,
            processes: 1,
            memory: None,
        };
        let python = |secs: f64| PrimeRun {
            limit: 1_000,
            workers: 1,
            count: 168,
            expected: Some(168),
            elapsed: secs,
        };
        let ms = [rust(Model::Sync, 0.5), rust(Model::Threads, 0.25)];
        let table = side_by_side(&ms, &[python(10.0)], &[python(5.0)]).to_string();
        assert!(table.contains("x20.0") && table.contains("THREAD_POOL"), "{table}");
    }
}
