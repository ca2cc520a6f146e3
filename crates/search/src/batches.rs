//! Batches of linear searches spread over threads, async tasks and
//! processes: the `--n_batches` experiments of "Parallelization in Python",
//! the tutorial's rows ([`TUTORIAL_TABLE`]) and the batch table.
//!
//! The [`Plan`] and what each worker does with its share live in
//! [`crate::plan`]; the worker processes in [`crate::process`]. This module
//! uses both and neither uses it; [`crate::scaling`] uses it.

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
    #[serde(serialize_with = "concurrency_core::secs::serialize")]
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
pub const TUTORIAL_TABLE: &[(Mode, usize, u64, &str)] = &[
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
    TUTORIAL_TABLE
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threads_and_tasks_find_the_arithmetic_count() {
        let expected = expected_total(42, 6, 2_000, 3_999);
        assert!((2_700..3_300).contains(&expected), "about half of 6,000: {expected}");
        for mode in [Mode::Threads, Mode::Tasks, Mode::TasksMultiThread, Mode::SpawnBlocking] {
            for workers in [1, 2, 3, 6] {
                let run = BatchRunner::new(mode).run(&Plan::small(6, workers)).expect("runs");
                assert_eq!(run.found, expected, "{mode:?} with {workers} workers");
                assert!(run.is_exact());
                assert_eq!(run.shares.len(), workers);
            }
        }
    }

    #[test]
    fn threads_run_on_their_own_named_threads() {
        let run = BatchRunner::new(Mode::Threads).run(&Plan::small(3, 3)).expect("runs");
        let threads: Vec<&str> = run.shares.iter().map(|s| s.thread.as_str()).collect();
        assert_eq!(threads, ["Worker-1", "Worker-2", "Worker-3"]);
        assert!(run.shares.iter().all(|s| s.pid == std::process::id()));
    }

    #[test]
    fn current_thread_tasks_all_run_on_the_callers_thread() {
        // The lesson of the tutorial's coroutines: one thread, so no parallelism.
        let here = std::thread::current().name().unwrap_or("<unnamed>").to_owned();
        let run = BatchRunner::new(Mode::Tasks).run(&Plan::small(4, 4)).expect("runs");
        assert!(run.shares.iter().all(|s| s.thread == here), "{:?}", run.shares);
        // The multi-thread runtime runs them on its worker threads instead.
        let run = BatchRunner::new(Mode::TasksMultiThread)
            .run(&Plan::small(4, 4))
            .expect("runs");
        assert!(run.shares.iter().all(|s| s.thread != here), "{:?}", run.shares);
    }

    #[test]
    fn the_tutorial_rows_match_the_python_tutorial() {
        let processes: Vec<(usize, u64)> = TUTORIAL_TABLE
            .iter()
            .filter(|r| r.0 == Mode::Processes)
            .map(|r| (r.1, r.2))
            .collect();
        assert_eq!(processes, [(1, 3), (2, 3), (3, 3), (10, 10), (100, 100)]);
        assert!(TUTORIAL_TABLE.iter().all(|&(_, w, b, _)| w as u64 <= b));
        assert_eq!(tutorial_time(Mode::Threads, 10, 10), "28.36 s");
        assert_eq!(tutorial_time(Mode::Threads, 7, 10), "-");
    }
}
