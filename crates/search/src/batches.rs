//! Batches of linear searches spread over threads, async tasks and
//! processes: the `--n_batches` experiments of "Parallelization in Python".
//!
//! The [`Plan`] and what each worker does with its share live in
//! [`crate::plan`]; the worker processes in [`crate::process`]. This module
//! uses both and neither uses it.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::ValueEnum;
use concurrency_core::{Align, RunError, Table, time_it};
use serde::Serialize;

use crate::plan::{Plan, Share, search_batches};
use crate::process;
use crate::structures::short;
use crate::{expected_total, verdict};

/// How the batches run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// One OS process per worker (the tutorial's `big_o_search_processes.py`).
    Processes,
    /// One scoped OS thread per worker (`big_o_search_threads.py`).
    Threads,
    /// One tokio task per worker on a current-thread runtime
    /// (`big_o_search_coroutines.py`): no speed-up, by design.
    Tasks,
    /// One tokio task per worker on the multi-thread runtime.
    TasksMultiThread,
    /// One `spawn_blocking` call per worker, from a current-thread runtime.
    SpawnBlocking,
}

impl Mode {
    /// Every mode, in the order of the table.
    pub const ALL: [Mode; 5] = [
        Mode::Processes,
        Mode::Threads,
        Mode::Tasks,
        Mode::TasksMultiThread,
        Mode::SpawnBlocking,
    ];

    /// The name in tables.
    pub fn label(self) -> &'static str {
        match self {
            Mode::Processes => "processes",
            Mode::Threads => "threads",
            Mode::Tasks => "tasks (current_thread)",
            Mode::TasksMultiThread => "tasks (multi_thread)",
            Mode::SpawnBlocking => "spawn_blocking",
        }
    }
}

/// A finished batch run.
#[derive(Debug, Clone, Serialize)]
pub struct BatchRun {
    /// How it ran.
    pub mode: Mode,
    /// What it ran.
    pub plan: Plan,
    /// Found in all batches together.
    pub found: u64,
    /// What arithmetic says it must find.
    pub expected: u64,
    /// Wall-clock time, from the first worker started to the last one done.
    #[serde(serialize_with = "crate::secs")]
    pub elapsed: Duration,
    /// Each worker's part.
    pub shares: Vec<Share>,
}

impl BatchRun {
    /// Whether the count is the arithmetic one.
    pub fn is_exact(&self) -> bool {
        self.found == self.expected
    }
}

/// Runs a [`Plan`] one way.
#[derive(Debug, Clone)]
pub struct BatchRunner {
    mode: Mode,
    exe: Option<PathBuf>,
}

impl BatchRunner {
    /// A runner for `mode`; processes run this very program again.
    pub fn new(mode: Mode) -> Self {
        BatchRunner { mode, exe: None }
    }

    /// Runs the worker processes from `exe` instead of the current
    /// executable: a test harness is not the chapter binary, so the
    /// integration tests pass `env!("CARGO_BIN_EXE_chapter-search")`.
    pub fn with_worker_exe(mut self, exe: impl Into<PathBuf>) -> Self {
        self.exe = Some(exe.into());
        self
    }

    /// Runs the plan and checks the count. The collection for threads and
    /// tasks is built before the clock starts (once, shared); each worker
    /// process builds its own, on the clock: that copy is part of what a
    /// process costs.
    pub fn run(&self, plan: &Plan) -> Result<BatchRun, RunError> {
        let haystack: Arc<Vec<u32>> = Arc::new((0..plan.size).collect());
        let (shares, elapsed) = time_it(|| match self.mode {
            Mode::Threads => on_threads(&haystack, plan),
            Mode::Tasks => on_tasks(&haystack, plan, Runtime::CurrentThread),
            Mode::TasksMultiThread => on_tasks(&haystack, plan, Runtime::MultiThread),
            Mode::SpawnBlocking => on_tasks(&haystack, plan, Runtime::Blocking),
            Mode::Processes => {
                let exe = match &self.exe {
                    Some(exe) => exe.clone(),
                    None => std::env::current_exe().map_err(|source| RunError::Io {
                        context: "cannot find this program to start worker processes".to_owned(),
                        source,
                    })?,
                };
                process::in_processes(&exe, plan)
            }
        });
        let shares = shares?;
        Ok(BatchRun {
            mode: self.mode,
            plan: *plan,
            found: shares.iter().map(|s| s.found).sum(),
            expected: expected_total(plan.seed, plan.batches, plan.size, plan.max_needle),
            elapsed,
            shares,
        })
    }
}

// ANCHOR: threads
fn on_threads(haystack: &[u32], plan: &Plan) -> Result<Vec<Share>, RunError> {
    // Scoped threads borrow the collection, no Arc needed, and are all
    // joined before `scope` returns: none can outlive the run.
    std::thread::scope(|scope| {
        let mut handles = Vec::new();
        for (i, batches) in plan.shares().into_iter().enumerate() {
            let name = format!("Worker-{}", i + 1);
            let handle = std::thread::Builder::new()
                .name(name.clone())
                .spawn_scoped(scope, move || {
                    let found = search_batches(haystack, plan.seed, plan.max_needle, batches.clone());
                    Share::here(i + 1, batches, found)
                })
                .map_err(|source| RunError::Io {
                    context: format!("cannot start thread {name}"),
                    source,
                })?;
            handles.push((name, handle));
        }
        handles
            .into_iter()
            .map(|(worker, handle)| {
                handle.join().map_err(|_| RunError::WorkerFailed {
                    worker,
                    reason: "its thread panicked".to_owned(),
                })
            })
            .collect()
    })
}
// ANCHOR_END: threads

#[derive(Debug, Clone, Copy)]
enum Runtime {
    CurrentThread,
    MultiThread,
    Blocking,
}

// ANCHOR: tasks
fn on_tasks(haystack: &Arc<Vec<u32>>, plan: &Plan, runtime: Runtime) -> Result<Vec<Share>, RunError> {
    let built = match runtime {
        Runtime::CurrentThread | Runtime::Blocking => tokio::runtime::Builder::new_current_thread().build(),
        // One worker thread per core (tokio's default).
        Runtime::MultiThread => tokio::runtime::Builder::new_multi_thread().build(),
    };
    let rt = built.map_err(|source| RunError::Io {
        context: "cannot start the tokio runtime".to_owned(),
        source,
    })?;
    rt.block_on(async {
        let mut handles = Vec::new();
        for (i, batches) in plan.shares().into_iter().enumerate() {
            // Tasks must be 'static: each holds its own Arc to the one Vec.
            let haystack = Arc::clone(haystack);
            let (seed, max_needle) = (plan.seed, plan.max_needle);
            let work = move || {
                let found = search_batches(&haystack, seed, max_needle, batches.clone());
                Share::here(i + 1, batches, found)
            };
            handles.push(match runtime {
                // The search never awaits, so a task runs start to finish
                // once polled: on one thread, the tasks take turns, whole.
                Runtime::CurrentThread | Runtime::MultiThread => tokio::spawn(async move { work() }),
                // The blocking pool is a set of plain threads: parallel.
                Runtime::Blocking => tokio::task::spawn_blocking(work),
            });
        }
        let mut shares = Vec::with_capacity(handles.len());
        for (i, handle) in handles.into_iter().enumerate() {
            shares.push(handle.await.map_err(|err| RunError::WorkerFailed {
                worker: format!("Worker-{}", i + 1),
                reason: format!("its task failed: {err}"),
            })?);
        }
        Ok(shares)
    })
    // Dropping `rt` here shuts it down; every task has finished already.
}
// ANCHOR_END: tasks

/// The tutorial's rows: (mode, workers, batches, what Python took).
pub const TUTORIAL_ROWS: &[(Mode, usize, u64, &str)] = &[
    (Mode::Processes, 1, 3, "8.64 s"),
    (Mode::Processes, 2, 3, "5.91 s"),
    (Mode::Processes, 3, 3, "3.16 s"),
    (Mode::Processes, 10, 10, "4.07 s"),
    (Mode::Processes, 100, 100, "39.47 s"),
    (Mode::Threads, 1, 3, "8.62 s"),
    (Mode::Threads, 2, 3, "8.52 s"),
    (Mode::Threads, 3, 3, "8.47 s"),
    (Mode::Threads, 10, 10, "28.36 s"),
    (Mode::Threads, 100, 100, "-"),
    (Mode::Tasks, 3, 3, "8.54 s"),
    (Mode::Tasks, 10, 10, "28.57 s (gather: 28.82 s)"),
    (Mode::TasksMultiThread, 10, 10, "-"),
    (Mode::SpawnBlocking, 10, 10, "-"),
];

/// What Python took for this row, if the tutorial ran it.
pub fn tutorial_time(mode: Mode, workers: usize, batches: u64) -> &'static str {
    TUTORIAL_ROWS
        .iter()
        .find(|&&(m, w, b, _)| (m, w, b) == (mode, workers, batches))
        .map_or("-", |&(_, _, _, t)| t)
}

/// The batch table: one row per run, with the speed-up over the same
/// mode's one-worker row (or the first row) and the tutorial's time.
pub fn batch_table(runs: &[BatchRun]) -> Table {
    let mut table = Table::new([
        ("Mode", Align::Left),
        ("Workers", Align::Right),
        ("Batches", Align::Right),
        ("Found", Align::Right),
        ("Time", Align::Right),
        ("Per batch", Align::Right),
        ("Tutorial (Python)", Align::Left),
    ]);
    for run in runs {
        let per_batch = run.elapsed.div_f64(run.plan.batches.max(1) as f64);
        table.push_row([
            run.mode.label().to_owned(),
            run.plan.workers.to_string(),
            run.plan.batches.to_string(),
            verdict(run.found, run.expected),
            short(run.elapsed),
            short(per_batch),
            tutorial_time(run.mode, run.plan.workers, run.plan.batches).to_owned(),
        ]);
    }
    table
}

/// One row of the thread-scaling table: the same batches on `workers`
/// threads, run several times.
#[derive(Debug, Clone, Serialize)]
pub struct Scaling {
    /// How many threads shared the batches.
    pub workers: usize,
    /// How many batches.
    pub batches: u64,
    /// Every run's wall-clock time, in the order the rounds ran.
    #[serde(serialize_with = "secs_list")]
    pub times: Vec<Duration>,
    /// Whether every run found the arithmetic count.
    pub exact: bool,
}

fn secs_list<S: serde::Serializer>(times: &[Duration], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(times.iter().map(Duration::as_secs_f64))
}

impl Scaling {
    /// The median run (the upper middle one for an even count).
    pub fn median(&self) -> Duration {
        median(self.times.clone())
    }

    /// How many times faster than `baseline`, round by round: each round
    /// ran every row back to back, so the two runs of a round saw the same
    /// machine; the median of the rounds' ratios is steadier than the ratio
    /// of two medians when the machine's speed drifts.
    pub fn speedup_over(&self, baseline: &Scaling) -> f64 {
        let ratios = baseline
            .times
            .iter()
            .zip(&self.times)
            .map(|(base, this)| base.as_secs_f64() / this.as_secs_f64().max(1e-9));
        median(ratios.collect())
    }

    /// The best speed-up an even split allows: with 10 batches on 4
    /// threads, the busiest thread does 3 of them, so at most 10/3 = 3.33.
    pub fn ideal_speedup(&self) -> f64 {
        let busiest = self.batches.div_ceil(self.workers.max(1) as u64);
        self.batches as f64 / busiest.max(1) as f64
    }
}

/// The middle value (the upper middle one for an even count).
fn median<T: Copy + PartialOrd + Default>(mut values: Vec<T>) -> T {
    values.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    values.get(values.len() / 2).copied().unwrap_or_default()
}

/// The worker counts worth timing on a machine with `cpus` logical CPUs:
/// 1, 2, 4, ... and `cpus` itself (always at least 1 and 2).
pub fn scaling_workers(cpus: usize) -> Vec<usize> {
    let mut workers: Vec<usize> = std::iter::successors(Some(1), |&w| Some(w * 2))
        .take_while(|&w| w <= cpus.max(2))
        .collect();
    if !workers.contains(&cpus) && cpus > 2 {
        workers.push(cpus);
    }
    workers
}

// ANCHOR: scaling
/// Times `base`'s batches on threads with each of `workers`, `runs` times.
/// The runs take turns (1, 2, 4, then 1, 2, 4 again, ...) so that a busy
/// moment on a shared machine lands on every row alike rather than on one.
pub fn thread_scaling(base: &Plan, workers: &[usize], runs: usize) -> Result<Vec<Scaling>, RunError> {
    let mut rows: Vec<Scaling> = workers
        .iter()
        .map(|&w| Scaling {
            workers: w,
            batches: base.batches,
            times: Vec::new(),
            exact: true,
        })
        .collect();
    let runner = BatchRunner::new(Mode::Threads);
    for _ in 0..runs.max(1) {
        for row in &mut rows {
            let run = runner.run(&Plan {
                workers: row.workers,
                ..*base
            })?;
            row.times.push(run.elapsed);
            row.exact &= run.is_exact();
        }
    }
    Ok(rows)
}
// ANCHOR_END: scaling

/// The scaling table: median time, spread, and speed-up over one thread
/// (the median of the rounds' ratios) next to the best the split allows.
pub fn scaling_table(rows: &[Scaling]) -> Table {
    let mut table = Table::new([
        ("Threads", Align::Right),
        ("Batches", Align::Right),
        ("Median", Align::Right),
        ("Fastest - slowest", Align::Right),
        ("Speed-up", Align::Right),
        ("Best possible", Align::Right),
        ("Counts", Align::Center),
    ]);
    let one = rows.iter().find(|r| r.workers == 1);
    for row in rows {
        let speedup = one.map_or("-".to_owned(), |one| format!("x{:.2}", row.speedup_over(one)));
        let spread = match (row.times.iter().min(), row.times.iter().max()) {
            (Some(&fast), Some(&slow)) => format!("{} - {}", short(fast), short(slow)),
            _ => "-".to_owned(),
        };
        table.push_row([
            row.workers.to_string(),
            row.batches.to_string(),
            short(row.median()),
            spread,
            speedup,
            format!("x{:.2}", row.ideal_speedup()),
            if row.exact { "exact" } else { "WRONG" }.to_owned(),
        ]);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(batches: u64, workers: usize) -> Plan {
        // A small collection keeps a debug build fast; the needles range
        // over twice its size, so about half are found and a wrong search
        // cannot hit the right count by accident.
        Plan {
            seed: 42,
            size: 2_000,
            max_needle: 3_999,
            batches,
            workers,
        }
    }

    #[test]
    fn shares_cover_every_batch_once() {
        for (batches, workers) in [(3, 1), (3, 2), (3, 3), (10, 3), (100, 100), (7, 5)] {
            let shares = plan(batches, workers).shares();
            assert_eq!(shares.len(), workers);
            let all: Vec<u64> = shares.iter().flat_map(|r| r.clone()).collect();
            assert_eq!(all, (0..batches).collect::<Vec<_>>());
            let sizes: Vec<u64> = shares.iter().map(|r| r.end - r.start).collect();
            assert!(sizes.iter().max().unwrap_or(&0) - sizes.iter().min().unwrap_or(&0) <= 1);
        }
    }

    #[test]
    fn threads_and_tasks_find_the_arithmetic_count() {
        let expected = expected_total(42, 6, 2_000, 3_999);
        assert!((2_700..3_300).contains(&expected), "about half of 6,000: {expected}");
        for mode in [Mode::Threads, Mode::Tasks, Mode::TasksMultiThread, Mode::SpawnBlocking] {
            for workers in [1, 2, 3, 6] {
                let run = BatchRunner::new(mode).run(&plan(6, workers)).expect("runs");
                assert_eq!(run.found, expected, "{mode:?} with {workers} workers");
                assert!(run.is_exact());
                assert_eq!(run.shares.len(), workers);
            }
        }
    }

    #[test]
    fn threads_run_on_their_own_named_threads() {
        let run = BatchRunner::new(Mode::Threads).run(&plan(3, 3)).expect("runs");
        let threads: Vec<&str> = run.shares.iter().map(|s| s.thread.as_str()).collect();
        assert_eq!(threads, ["Worker-1", "Worker-2", "Worker-3"]);
        assert!(run.shares.iter().all(|s| s.pid == std::process::id()));
    }

    #[test]
    fn current_thread_tasks_all_run_on_the_callers_thread() {
        // The lesson of the tutorial's coroutines: one thread, so no parallelism.
        let here = std::thread::current().name().unwrap_or("<unnamed>").to_owned();
        let run = BatchRunner::new(Mode::Tasks).run(&plan(4, 4)).expect("runs");
        assert!(run.shares.iter().all(|s| s.thread == here), "{:?}", run.shares);
        // The multi-thread runtime runs them on its worker threads instead.
        let run = BatchRunner::new(Mode::TasksMultiThread).run(&plan(4, 4)).expect("runs");
        assert!(run.shares.iter().all(|s| s.thread != here), "{:?}", run.shares);
    }

    #[test]
    fn the_tutorial_rows_match_the_python_tutorial() {
        let processes: Vec<(usize, u64)> = TUTORIAL_ROWS
            .iter()
            .filter(|r| r.0 == Mode::Processes)
            .map(|r| (r.1, r.2))
            .collect();
        assert_eq!(processes, [(1, 3), (2, 3), (3, 3), (10, 10), (100, 100)]);
        assert!(TUTORIAL_ROWS.iter().all(|&(_, w, b, _)| w as u64 <= b));
        assert_eq!(tutorial_time(Mode::Threads, 10, 10), "28.36 s");
        assert_eq!(tutorial_time(Mode::Threads, 7, 10), "-");
    }

    #[test]
    fn scaling_workers_double_up_to_the_cpu_count() {
        assert_eq!(scaling_workers(1), [1, 2]);
        assert_eq!(scaling_workers(2), [1, 2]);
        assert_eq!(scaling_workers(6), [1, 2, 4, 6]);
        assert_eq!(scaling_workers(16), [1, 2, 4, 8, 16]);
    }

    #[test]
    fn thread_scaling_runs_every_row_and_checks_the_counts() {
        let rows = thread_scaling(&plan(4, 1), &[1, 2, 4], 3).expect("runs");
        assert_eq!(rows.iter().map(|r| r.workers).collect::<Vec<_>>(), [1, 2, 4]);
        for row in &rows {
            assert_eq!(row.times.len(), 3);
            let mut sorted = row.times.clone();
            sorted.sort();
            assert_eq!(row.median(), sorted[1]);
            assert!(row.exact);
        }
        // The split's limit: 10 batches over 4 threads, busiest does 3.
        let row = Scaling {
            workers: 4,
            batches: 10,
            times: Vec::new(),
            exact: true,
        };
        assert!((row.ideal_speedup() - 10.0 / 3.0).abs() < 1e-12);
        // Speed-ups pair the runs of a round: a slow round slows both rows.
        let ms = |v: &[u64]| v.iter().map(|&m| Duration::from_millis(m)).collect::<Vec<_>>();
        let one = Scaling {
            workers: 1,
            batches: 2,
            times: ms(&[1000, 2000, 1000]),
            exact: true,
        };
        let two = Scaling {
            workers: 2,
            times: ms(&[500, 1000, 600]),
            ..one.clone()
        };
        // Ratios 2.0, 2.0 and 1.67: the median is 2.0, where the ratio of
        // the medians (1000 / 600) would say 1.67.
        assert!((two.speedup_over(&one) - 2.0).abs() < 1e-12);
        assert_eq!(two.median(), Duration::from_millis(600));
        let table = scaling_table(&rows).to_string();
        assert!(table.contains("Best possible") && table.contains("x1.00"), "{table}");
    }
}
