//! # The comparison: the best three against the baseline
//!
//! After five chapters of runners, the tutorial keeps the best of each kind
//! and races them on real work, with no forced delay and 10 workers:
//!
//! - asynchronous `TASK_GROUP` (asyncio's `TaskGroup`),
//! - multithreading `THREAD_POOL` (a `ThreadPoolExecutor`),
//! - multiprocessing `CHUNKS_IN_POOL` (a `ProcessPoolExecutor` given chunks).
//!
//! The tutorial measured, from 100 thousand to 100 million numbers:
//!
//! | limit       | async        | threads      | processes    |
//! |------------:|-------------:|-------------:|-------------:|
//! | 100 000     | **0.36 s**   | 0.53 s       | 0.47 s       |
//! | 1 000 000   | 3.78 s       | 5.92 s       | **1.37 s**   |
//! | 10 000 000  | 58.4 s       | 98.2 s       | **21.8 s**   |
//! | 100 000 000 | 1138 s       | 1548 s       | **493 s**    |
//!
//! and concluded that only processes bring real parallelism to CPU-heavy
//! Python, and only once the work outweighs the cost of starting them: at
//! 10^5 the single-threaded event loop still wins. Async and threads are
//! *slower* than the tutorial's synchronous run (31 s at 10^7, from the final chapter):
//! one GIL, plus the machinery.
//!
//! ## What Rust changes
//!
//! There is no GIL, so all three runners are parallel here: the tokio
//! multi-thread runtime spreads the tasks over one thread per core, the
//! thread pool's threads run at once, and the processes do too. The ranking
//! the tutorial found is a fact about CPython, not about the models; in Rust
//! the question becomes what each model *costs* on top of the same parallel
//! work: a process costs a start-up and the copying of every result through
//! a pipe; a thread a start-up; a task almost nothing, but the async runtime
//! hands out one number at a time from a shared counter.
//!
//! The table prints what the tutorial's prints, plus what it leaves out:
//!
//! - the synchronous run as the baseline (one worker, one thread), and each
//!   runner's **speedup** over it;
//! - the **parallel efficiency**, speedup divided by the logical cores: 1.0
//!   means every core was busy with useful work the whole time;
//! - the **peak memory**, measured: every row runs in a fresh child process
//!   that reports its own peak resident set size, plus those of its worker
//!   processes for `CHUNKS_IN_POOL` (see [`memory`]);
//! - the **prime count**, checked against pi(N) in every row.
//!
//! ## Reading the speedups
//!
//! The baseline is chapter 1's runner as it is: one worker taking one
//! number at a time from the shared queue, with the same bookkeeping as the
//! parallel runners' workers (a worker with no delay reads no clock per
//! number). The final chapter's table has the bare-loop numbers.
//!
//! On a machine that other programs share, the timings move from run to
//! run; run it a few times and read the medians.
//!
//! ```text
//! cargo run --release -p chapter-comparison                          # 10^5, 10^6, 10^7: seconds
//! cargo run --release -p chapter-comparison -- --max-limit 100000000 # add 10^8: many minutes
//! cargo run --release -p chapter-comparison -- --limit 2000000 --workers 4
//! ```
//!
//! Build with `--release` for figures worth reading (the prime checker is
//! optimised even in a debug build, the runners are not).
//!
//! # Layout
//!
//! - this file: the four [`Model`]s, one row's [`Measurement`] (in this
//!   process or in a child process), and the tables;
//! - [`memory`]: peak resident set sizes from `/proc`.

pub mod memory;

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chapter_async::{AsyncRuntime, AsyncTaskRunner};
use chapter_multiprocess::worker::PrimeWorker;
use chapter_multiprocess::{MultiProcessTaskRunner, RunnerType};
use chapter_multithread::MultiThreadTaskRunner;
use chapter_sync::SyncTaskRunner;
use clap::ValueEnum;
use concurrency_core::{Align, Job, RunError, Table, TaskRunner, Verdict, format_secs};
use concurrency_process::{Channel, ChildGuard, Role, RoleEntry, role};
use serde::{Deserialize, Serialize};

use crate::memory::{PeakMemory, mib, peak_rss};

/// The tutorial's comparison uses 10 workers for every runner.
pub const DEFAULT_WORKERS: usize = 10;
/// The smallest limit of the default rows (the tutorial's first: 100 000).
pub const FIRST_LIMIT: u64 = 100_000;
/// The largest limit of the default rows: 10^7 takes seconds in Rust, where
/// 10^8 takes minutes per runner on two cores (`--max-limit 100000000`).
pub const DEFAULT_MAX_LIMIT: u64 = 10_000_000;

// ANCHOR: model
/// The programming models the comparison races, each by its best runner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Model {
    /// The baseline: chapter 1's `SIMPLE`, one worker on one thread.
    Sync,
    /// Chapter 3's `TASK_GROUP` on tokio's multi-thread runtime.
    Async,
    /// Chapter 4's `THREAD_POOL`: a rayon pool, one chunk per thread.
    Threads,
    /// Chapter 5's `CHUNKS_IN_POOL`: a pool of worker processes given chunks.
    Processes,
}
// ANCHOR_END: model

impl Model {
    /// Every model, baseline first: the order of the table's columns.
    pub const ALL: [Model; 4] = [Model::Sync, Model::Async, Model::Threads, Model::Processes];

    /// The column heading, after the tutorial's.
    pub fn heading(self) -> &'static str {
        match self {
            Model::Sync => "Synchronous",
            Model::Async => "Asynchronous",
            Model::Threads => "Multithreading",
            Model::Processes => "Multiprocessing",
        }
    }

    /// The runner type, as the tutorial names it.
    pub fn runner_type(self) -> &'static str {
        match self {
            Model::Sync => "SIMPLE",
            Model::Async => "TASK_GROUP",
            Model::Threads => "THREAD_POOL",
            Model::Processes => "CHUNKS_IN_POOL",
        }
    }

    /// How many workers this model gets when the others get `workers`: the
    /// baseline has one, since a synchronous run's second worker never
    /// works (chapter 1's lesson).
    pub fn workers(self, workers: usize) -> usize {
        match self {
            Model::Sync => 1,
            _ => workers,
        }
    }

    /// The model's runner. `worker_exe` is the program `CHUNKS_IN_POOL`
    /// starts as its workers (`None`: this program, whose `main` must serve
    /// [`ROLES`] first thing).
    pub fn runner(self, worker_exe: Option<&Path>) -> ModelRunner {
        match self {
            Model::Sync => ModelRunner::Sync(SyncTaskRunner::new()),
            Model::Async => ModelRunner::Async(AsyncTaskRunner::new(
                chapter_async::RunnerType::TaskGroup,
                AsyncRuntime::TokioMultiThread,
            )),
            Model::Threads => {
                ModelRunner::Threads(MultiThreadTaskRunner::new(chapter_multithread::RunnerType::ThreadPool))
            }
            Model::Processes => {
                let runner = MultiProcessTaskRunner::new(RunnerType::ChunksInPool);
                ModelRunner::Processes(match worker_exe {
                    Some(exe) => runner.with_worker_exe(exe),
                    None => runner,
                })
            }
        }
    }
}

impl fmt::Display for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.heading())
    }
}

/// The runner of a [`Model`], kept as its own type so that the process
/// pool's worker processes can be looked at (their peak memory) before the
/// pool is stopped.
#[derive(Debug)]
pub enum ModelRunner {
    /// The baseline.
    Sync(SyncTaskRunner),
    /// `TASK_GROUP`.
    Async(AsyncTaskRunner),
    /// `THREAD_POOL`.
    Threads(MultiThreadTaskRunner),
    /// `CHUNKS_IN_POOL`.
    Processes(MultiProcessTaskRunner),
}

impl ModelRunner {
    /// The runner, as every chapter's harness sees it.
    pub fn as_task_runner(&self) -> &dyn TaskRunner {
        match self {
            ModelRunner::Sync(r) => r,
            ModelRunner::Async(r) => r,
            ModelRunner::Threads(r) => r,
            ModelRunner::Processes(r) => r,
        }
    }

    /// Stops the worker processes the process pool keeps between runs
    /// (nothing for the other models). Dropping the runner does it too.
    pub fn shutdown(&self) {
        if let ModelRunner::Processes(r) = self {
            r.shutdown_pool();
        }
    }
}

// ANCHOR: measurement
/// One cell of the comparison: a model's run on `1..=limit`, checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measurement {
    /// Which model ran.
    pub model: Model,
    /// Its runner type, as the tutorial names it.
    pub runner_type: String,
    /// The numbers checked were `1..=limit`.
    pub limit: u64,
    /// How many workers it had.
    pub workers: usize,
    /// Wall-clock time of the run, from the runner's report (a child
    /// process's start-up is not included; a pool's is).
    pub elapsed_secs: f64,
    /// The primes the workers found, all together.
    pub primes: u64,
    /// The verdict against pi(N), as every table prints it: `664579 (exact)`.
    pub verdict: String,
    /// `true` when every prime was found exactly once.
    pub exact: bool,
    /// How many distinct processes the workers ran in.
    pub processes: usize,
    /// The measured peak memory; `None` when not measured (a run in this
    /// process, or a system without `/proc`).
    pub memory: Option<PeakMemory>,
}
// ANCHOR_END: measurement

impl Measurement {
    /// The run's wall-clock time.
    pub fn elapsed(&self) -> Duration {
        Duration::from_secs_f64(self.elapsed_secs)
    }
}

/// Runs `model` on `job` in this process and checks the result. With
/// `with_memory`, also reads the peak memory of this process and of the
/// worker processes: meaningful only in a fresh process that runs nothing
/// else, which is what [`measure_in_child`] provides.
pub fn measure_in_process(
    model: Model,
    job: &Job,
    worker_exe: Option<&Path>,
    with_memory: bool,
) -> Result<Measurement, RunError> {
    let runner = model.runner(worker_exe);
    let report = runner.as_task_runner().run(job);
    // The peaks are read before the result is checked: the check sorts a
    // copy of every prime, which is the table's bookkeeping, not the run's.
    // The pool's processes are still alive here, so theirs can be read too.
    let memory = match (&report, with_memory) {
        (Ok(report), true) => peak_memory(report.pids()),
        _ => None,
    };
    runner.shutdown();
    let report = report?;
    let verdict = report.verdict();
    Ok(Measurement {
        model,
        runner_type: report.runner_type.clone(),
        limit: job.limit,
        workers: job.workers,
        elapsed_secs: report.elapsed.as_secs_f64(),
        primes: report.primes_found(),
        verdict: verdict.to_string(),
        exact: matches!(verdict, Verdict::Exact { .. }),
        processes: report.pids().len(),
        memory,
    })
}

/// This process's peak plus the peaks of the other processes in `pids`.
fn peak_memory(pids: Vec<u32>) -> Option<PeakMemory> {
    let me = std::process::id();
    let main = peak_rss(me)?;
    let others: Vec<u32> = pids.into_iter().filter(|&pid| pid != me).collect();
    let worker_peaks: Option<Vec<u64>> = others.iter().map(|&pid| peak_rss(pid)).collect();
    let worker_peaks = worker_peaks?;
    Some(PeakMemory {
        main,
        workers: worker_peaks.iter().sum(),
        worker_processes: worker_peaks.len(),
    })
}

// ANCHOR: child
/// The role of the child process that measures one row: one [`Row`] in,
/// its [`Measurement`] out. A worker process of `CHUNKS_IN_POOL` is a copy
/// of the same program in another role, so the program serves both
/// ([`ROLES`]).
#[derive(Debug)]
pub struct RowWorker;

/// One row to measure: `model` on `1..=limit` with `workers` and `delay`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    /// The model to run.
    pub model: Model,
    /// The numbers to check: `1..=limit`.
    pub limit: u64,
    /// How many workers the model gets.
    pub workers: usize,
    /// The forced delay per number.
    pub delay: Duration,
}

impl Role for RowWorker {
    const NAME: &'static str = "comparison-row";
    type Job = Row;
    /// Just the row, so the parent gets a few numbers, not a 46 MB list of
    /// primes.
    type Reply = Measurement;

    fn serve(row: Row, channel: &mut Channel<'_, Measurement>) -> io::Result<()> {
        if row.limit == 0 || row.workers == 0 {
            return Err(io::Error::other(format!("{row:?} needs a limit and workers above 0")));
        }
        let job = Job::new(row.limit, row.workers, row.delay);
        let measured = measure_in_process(row.model, &job, None, true)
            .map_err(|err| io::Error::other(format!("{} at {}: {err}", row.model, row.limit)))?;
        channel.send(&measured)
    }
}

/// The roles a program that measures rows in child processes serves: the
/// row itself, and the worker processes of `CHUNKS_IN_POOL`. Pass them to
/// [`concurrency_process::serve_roles`] first thing in `main`.
pub const ROLES: &[RoleEntry] = &[role::<RowWorker>(), role::<PrimeWorker>()];

/// Measures `model` on `1..=limit` with `workers` workers and `delay` in a
/// fresh copy of `exe` (a program that serves [`ROLES`]), so that its peak
/// memory is this row's alone.
pub fn measure_in_child(
    exe: &Path,
    model: Model,
    limit: u64,
    workers: usize,
    delay: Duration,
) -> Result<Measurement, RunError> {
    let row = Row {
        model,
        limit,
        workers: model.workers(workers),
        delay,
    };
    // The guard reaps the child whatever happens.
    let mut child = ChildGuard::with_capacity(1);
    child.start::<RowWorker>(exe, &row).map_err(|source| RunError::Io {
        context: format!("cannot start {} to measure a row", exe.display()),
        source,
    })?;
    child.collect::<RowWorker>(0).map_err(|reason| RunError::WorkerFailed {
        worker: format!("the {model} row at {limit}"),
        reason: format!("its process {reason}"),
    })
}
// ANCHOR_END: child

/// The default rows' limits: the powers of ten from [`FIRST_LIMIT`] up to
/// `max_limit`, and `max_limit` itself when it is not one of them.
pub fn limits_up_to(max_limit: u64) -> Vec<u64> {
    let mut limits: Vec<u64> = std::iter::successors(Some(FIRST_LIMIT), |l| l.checked_mul(10))
        .take_while(|&l| l <= max_limit)
        .collect();
    if limits.last() != Some(&max_limit) {
        limits.push(max_limit);
    }
    limits
}

/// The machine's logical processors, as the efficiency column divides by.
pub fn logical_cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// The measurement of `model` at `limit`, if there is one.
fn find(measurements: &[Measurement], limit: u64, model: Model) -> Option<&Measurement> {
    measurements.iter().find(|m| m.limit == limit && m.model == model)
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
        .filter(|&model| measurements.iter().any(|m| m.model == model))
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
            m.model.heading().to_owned(),
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
        .filter(|m| m.limit == limit && m.model != Model::Sync);
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

/// What the tutorial measured, in seconds, for the reader to hold next to
/// ours: (limit, async, threads, processes), from its "Comparison" table.
pub const TUTORIAL_SECONDS: [(u64, f64, f64, f64); 5] = [
    (100_000, 0.3624, 0.5326, 0.4711),
    (1_000_000, 3.7752, 5.9180, 1.3738),
    (10_000_000, 58.4305, 98.2302, 21.7587),
    (50_000_000, 554.2766, 725.3965, 182.7984),
    (100_000_000, 1138.4652, 1547.9455, 492.9215),
];

/// Whether every measured row found exactly pi(N) primes. Limits with no
/// oracle (above the sieve's reach and not a power of ten) count as not
/// exact: the table then says `unchecked`.
pub fn all_exact(measurements: &[Measurement]) -> bool {
    measurements.iter().all(|m| m.exact)
}

/// The program to start as a row's child: this program.
pub fn this_program() -> Result<PathBuf, RunError> {
    std::env::current_exe().map_err(|source| RunError::Io {
        context: "cannot find this program's executable".to_owned(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measured(model: Model, limit: u64, secs: f64) -> Measurement {
        Measurement {
            model,
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
    fn sync_threads_and_async_are_exact_in_this_process() {
        for model in [Model::Sync, Model::Async, Model::Threads] {
            let job = Job::new(100_000, model.workers(10), Duration::ZERO);
            let m = measure_in_process(model, &job, None, false).expect("an in-process run cannot fail");
            assert!(m.exact, "{m:?}");
            assert_eq!((m.primes, m.processes), (9_592, 1));
            assert_eq!(m.runner_type, model.runner_type());
        }
    }

    #[test]
    fn the_baseline_has_one_worker_the_others_ten() {
        assert_eq!(Model::Sync.workers(10), 1);
        assert!(Model::ALL[1..].iter().all(|m| m.workers(10) == 10));
        assert_eq!(
            Model::Processes.runner(None).as_task_runner().runner_type(),
            "CHUNKS_IN_POOL"
        );
        assert_eq!(Model::Async.runner(None).as_task_runner().runner_type(), "TASK_GROUP");
    }

    #[test]
    fn a_row_is_measured_in_the_role_and_nonsense_is_refused() {
        let row = Row {
            model: Model::Threads,
            limit: 100,
            workers: 2,
            delay: Duration::ZERO,
        };
        let (mut input, mut output) = (&[][..], Vec::new());
        RowWorker::serve(row, &mut Channel::new(&mut input, &mut output)).expect("a row");
        let measured: Measurement = concurrency_process::read_frame(&mut output.as_slice()).expect("one reply");
        assert_eq!(
            (measured.model, measured.primes, measured.exact),
            (Model::Threads, 25, true)
        );
        for bad in [Row { limit: 0, ..row }, Row { workers: 0, ..row }] {
            let (mut input, mut output) = (&[][..], Vec::new());
            let refused = RowWorker::serve(bad, &mut Channel::new(&mut input, &mut output));
            assert!(refused.is_err() && output.is_empty(), "{bad:?}");
        }
    }

    #[test]
    fn default_limits_are_the_tutorials_powers_of_ten() {
        assert_eq!(limits_up_to(DEFAULT_MAX_LIMIT), [100_000, 1_000_000, 10_000_000]);
        assert_eq!(limits_up_to(100_000_000).len(), 4);
        assert_eq!(limits_up_to(2_000_000), [100_000, 1_000_000, 2_000_000]);
        assert_eq!(limits_up_to(1_000), [1_000]);
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
        assert_eq!(best_parallel(&ms, 100_000).map(|m| m.model), Some(Model::Threads));
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
