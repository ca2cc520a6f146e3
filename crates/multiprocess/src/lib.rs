//! # Chapter 5: multiprocess execution
//!
//! The tutorial's fifth approach is the only one where Python runs its
//! workers truly in parallel: each worker is a separate process, with its
//! own interpreter and its own GIL. The `MultiProcessTaskRunner` has four
//! runner types:
//!
//! - `SIMPLE`: one process per worker, each given one contiguous chunk of
//!   the numbers; the results come back through a `Manager` dict.
//! - `SHARED`: the workers pull one number at a time from a queue that a
//!   `Manager` process owns, so every number is a round trip between
//!   processes.
//! - `PROCESS_POOL`: a `ProcessPoolExecutor` whose processes pull from that
//!   same shared queue.
//! - `CHUNKS_IN_POOL`: the pool, given chunks instead of single numbers.
//!
//! The tutorial's table (1000 numbers, 0.05 s of forced delay each) shows a different
//! PID for every worker, and times close to the threads' of chapter 4:
//! SIMPLE 17.14 s with 3 workers and 5.44 s with 10, SHARED 17.47 s with 3,
//! PROCESS_POOL 17.37 s, 10.63 s and 5.71 s with 3, 5 and 10, CHUNKS_IN_POOL
//! 5.56 s with 10. The delay is a sleep, so parallelism buys nothing over
//! threads here; what is left is the overhead of starting processes and
//! passing data between them, which the tutorial names as the reason the
//! processes are a little slower.
//!
//! ## What Rust changes
//!
//! Rust threads run in parallel already (there is no GIL), so processes are
//! not how a Rust program gets parallelism. What they still buy is
//! **isolation**: a worker that crashes, aborts or is killed cannot corrupt
//! the parent's memory; the parent sees a closed pipe, gives the worker's
//! unfinished work to another, and the count stays exact. This chapter
//! keeps the tutorial's four runner types with real OS processes, and
//! shows both sides: what isolation survives, and what it costs.
//!
//! - **Starting a worker.** Python's *spawn* start method (the tutorial's
//!   `SpawnProcess-20` names show it was in use) starts a fresh interpreter
//!   that imports the main module; *fork* copies the parent instead. Rust
//!   has no safe fork for a program with threads, so we spawn: the binary
//!   runs itself again ([`std::env::current_exe`]) in the role
//!   [`worker::PrimeWorker`]; `main` calls
//!   `concurrency_process::serve_roles(&[chapter_multiprocess::ROLES])`
//!   first thing, and in the copy that call turns into the worker (see
//!   [`ROLES`]). Any binary that uses these runners does the same. The role mechanism (the variable that
//!   names the role, the job on standard input) is shared by every chapter
//!   that starts processes, in the [`concurrency_process`] crate.
//! - **Passing data.** Python pickles every argument and result behind the
//!   scenes. Here the messages are explicit Rust enums
//!   ([`protocol::Request`], [`protocol::Reply`]) encoded with serde and
//!   postcard, each preceded by its length
//!   ([`concurrency_process::write_frame`]), on the worker's standard input
//!   and output. No shared memory: the `Manager`'s shared queue becomes a
//!   [`NumberQueue`] that the parent owns and
//!   hands out one number per request.
//! - **Surviving a dead worker.** The parent counts a number only once the
//!   worker's acknowledgement arrived (a [`WorkerReport`] built in the
//!   worker's process). A worker that dies mid-task (exit status, broken
//!   pipe, end of file) is reported by name, and the task it held goes to
//!   another worker. Python's `ProcessPoolExecutor` gives up instead: its
//!   pool is "broken" once one process dies.
//! - **Surviving a silent worker.** A worker that stops answering (stopped
//!   with `kill -STOP`, looping, deadlocked) closes no pipe. Every reply has
//!   a deadline ([`liveness`]: 10 x the slowest reply so far, 10 x the forced
//!   delay, or at the least a timeout of 2 s; `--worker-timeout` overrides
//!   it); a worker that
//!   misses it is killed, and from then on it is a dead worker like any
//!   other: reaped, named in one warning, its work done by another.
//! - **No orphans.** Every child is reaped; `SIGINT` and `SIGTERM` make the
//!   parent kill and reap its workers before it exits with 130 or 143, and
//!   an interrupt is never mistaken for a worker's death; and a worker exits
//!   the moment its standard input closes, which happens however the parent
//!   dies.
//! - **The price.** `cargo run -p chapter-multiprocess -- --costs` prints
//!   what starting and stopping `k` processes costs next to `k` threads and
//!   `k` async tasks, and the SHARED rows show what one round trip per
//!   number costs when the delay is 0.
//!
//! ```text
//! cargo run -p chapter-multiprocess                                 # the tutorial's table: about 75 s
//! cargo run -p chapter-multiprocess -- --limit 100 --delay-ms 0     # the same rows in a blink
//! cargo run -p chapter-multiprocess -- --mode shared --workers 3 --limit 100000 --delay-ms 0
//! cargo run -p chapter-multiprocess -- --costs                      # processes vs threads vs tasks
//! CONCURRENCY_FAULT=worker=2,after=5 cargo run -p chapter-multiprocess -- --mode shared --delay-ms 1
//! CONCURRENCY_FAULT=worker=2,after=5,how=hang cargo run -p chapter-multiprocess -- --mode shared --delay-ms 1 --worker-timeout 1
//! ```
//!
//! ## Layout
//!
//! - [`worker`]: the worker's role ([`worker::PrimeWorker`], [`ROLES`]),
//!   its loop, fault injection.
//! - [`protocol`]: the messages.
//! - [`process`]: the parent's handle on one worker process; reaping and the
//!   signal handler.
//! - [`schedule`]: the parent's bookkeeping of tasks and acknowledgements.
//! - [`liveness`]: the deadline for a reply, and the watchdog that enforces it.
//! - [`costs`]: processes vs threads vs tasks.
//! - this file: the runner and its four runner types.

pub mod costs;
pub mod liveness;
pub mod process;
pub mod protocol;
pub mod schedule;
pub mod worker;

use std::collections::VecDeque;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use clap::ValueEnum;
use concurrency_core::print_err;
use concurrency_core::{Job, NumberQueue, RunError, TaskRunner, WorkerReport, chunks};

use concurrency_process::describe_exit;

use crate::process::WorkerProcess;
use crate::schedule::{Outcome, Source, Task, WorkerDeath, drive};
use crate::worker::FaultPlan;
pub use crate::worker::ROLES;

/// Workers used by `--mode` without `--workers`: the tutorial's first row.
pub const DEFAULT_WORKERS: usize = 3;

// ANCHOR: runner_type
/// The tutorial's `MultiProcessRunnerType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RunnerType {
    /// One process per worker, each with one contiguous chunk.
    Simple,
    /// The parent owns the queue and hands out one number per request.
    Shared,
    /// A pool of persistent worker processes pulling single numbers.
    ProcessPool,
    /// The pool of persistent processes, working on chunks.
    ChunksInPool,
}
// ANCHOR_END: runner_type

impl fmt::Display for RunnerType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RunnerType::Simple => "SIMPLE",
            RunnerType::Shared => "SHARED",
            RunnerType::ProcessPool => "PROCESS_POOL",
            RunnerType::ChunksInPool => "CHUNKS_IN_POOL",
        })
    }
}

/// The tutorial's table: runner types and worker counts, in its order.
pub const TUTORIAL_TABLE: [(RunnerType, usize); 7] = [
    (RunnerType::Simple, 3),
    (RunnerType::Simple, 10),
    (RunnerType::Shared, 3),
    (RunnerType::ProcessPool, 3),
    (RunnerType::ProcessPool, 5),
    (RunnerType::ProcessPool, 10),
    (RunnerType::ChunksInPool, 10),
];

/// The runs the command line asks for: with `--mode`, that runner type
/// alone with `--workers` (or [`DEFAULT_WORKERS`]); without it, the
/// tutorial's table, or every runner type once with `--workers` when that
/// is given. Rows needing more workers than there are numbers are left out.
pub fn planned_runs(mode: Option<RunnerType>, workers: Option<usize>, limit: u64) -> Vec<(RunnerType, usize)> {
    match (mode, workers) {
        (Some(mode), workers) => vec![(mode, workers.unwrap_or(DEFAULT_WORKERS))],
        (None, Some(k)) => RunnerType::value_variants().iter().map(|&t| (t, k)).collect(),
        (None, None) => {
            let fits = TUTORIAL_TABLE.into_iter().filter(|&(_, k)| k as u64 <= limit);
            let rows: Vec<_> = fits.collect();
            if rows.is_empty() {
                vec![(RunnerType::Simple, 1)]
            } else {
                rows
            }
        }
    }
}

// ANCHOR: runner
/// The tutorial's `MultiProcessTaskRunner`: runs a job on real worker
/// processes, in one of the four [`RunnerType`]s.
///
/// The pool types keep their processes between runs (a second run skips
/// the start-up); they are stopped and reaped when the runner is dropped or
/// [`shutdown_pool`](Self::shutdown_pool) is called.
#[derive(Debug)]
pub struct MultiProcessTaskRunner {
    runner_type: RunnerType,
    /// The executable started as a worker; `None` means this program.
    worker_exe: Option<PathBuf>,
    fault: Option<FaultPlan>,
    /// `--worker-timeout`: `None` means the rule of [`liveness::deadline`].
    worker_timeout: Option<Duration>,
    pool: Mutex<Vec<Option<WorkerProcess>>>,
    deaths: Mutex<Vec<WorkerDeath>>,
}

impl MultiProcessTaskRunner {
    /// A runner of the given type whose workers are copies of this program
    /// (whose `main` must serve [`ROLES`] first, with
    /// [`concurrency_process::serve_roles`]).
    pub fn new(runner_type: RunnerType) -> Self {
        MultiProcessTaskRunner {
            runner_type,
            worker_exe: None,
            fault: None,
            worker_timeout: None,
            pool: Mutex::new(Vec::new()),
            deaths: Mutex::new(Vec::new()),
        }
    }

    /// Starts the workers from `exe` instead of this program: tests and
    /// benchmarks, whose own executable is a test harness, name the chapter
    /// binary (`env!("CARGO_BIN_EXE_chapter-multiprocess")`).
    pub fn with_worker_exe(mut self, exe: impl Into<PathBuf>) -> Self {
        self.worker_exe = Some(exe.into());
        self
    }

    /// Makes one worker die on purpose, as [`FaultPlan`] says (the same as
    /// setting [`worker::FAULT_VAR`], for this runner's workers only).
    pub fn with_fault(mut self, plan: FaultPlan) -> Self {
        self.fault = Some(plan);
        self
    }

    /// Kills and replaces a worker that sends no reply within `timeout`,
    /// instead of the deadline [`liveness::deadline`] derives from the
    /// forced delay and the replies seen (`--worker-timeout`).
    pub fn with_worker_timeout(mut self, timeout: Duration) -> Self {
        self.worker_timeout = Some(timeout);
        self
    }

    /// The runner type.
    pub fn kind(&self) -> RunnerType {
        self.runner_type
    }

    /// The workers that died during the last run, and what became of their
    /// work.
    pub fn last_deaths(&self) -> Vec<WorkerDeath> {
        self.deaths.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Stops and reaps the pool's processes (the pool types keep them
    /// between runs).
    pub fn shutdown_pool(&self) {
        // Dropping a `WorkerProcess` closes its input and reaps it.
        self.pool.lock().unwrap_or_else(PoisonError::into_inner).clear();
    }

    /// How long a new worker has to say hello: `--worker-timeout`, or
    /// [`liveness::HELLO_DEADLINE`].
    fn hello_deadline(&self) -> Duration {
        self.worker_timeout.unwrap_or(liveness::HELLO_DEADLINE)
    }

    fn exe(&self) -> Result<PathBuf, RunError> {
        match &self.worker_exe {
            Some(exe) => Ok(exe.clone()),
            None => std::env::current_exe().map_err(|source| RunError::Io {
                context: "cannot find this program's executable to start workers from".to_owned(),
                source,
            }),
        }
    }

    /// A fresh team for one run (SIMPLE and SHARED): started now, stopped
    /// and reaped at the end of the run.
    fn run_fresh_team(
        &self,
        exe: &Path,
        own: Vec<Option<Task>>,
        source: Source,
        job: &Job,
    ) -> Result<Outcome, RunError> {
        let fault = self.fault.map(|plan| plan.to_string());
        let team = WorkerProcess::start_team_within(exe, job.workers, fault.as_deref(), self.hello_deadline())?;
        let mut slots: Vec<Option<WorkerProcess>> = team.into_iter().map(Some).collect();
        let outcome = drive(&mut slots, own, source, job, self.worker_timeout);
        for process in slots.iter_mut().flatten() {
            let status = process.stop();
            process::park_if_stopping();
            match status {
                Ok(status) if status.success() => {}
                status => print_err!(
                    "warning: {} (pid {}) {} after its work was done",
                    process.name(),
                    process.pid(),
                    describe_exit(&status)
                ),
            }
        }
        outcome
    }

    /// The persistent pool: started on first use, resized when the job asks
    /// for another number of workers, dead members replaced.
    fn run_in_pool(&self, exe: &Path, source: Source, job: &Job) -> Result<Outcome, RunError> {
        let fault = self.fault.map(|plan| plan.to_string());
        let mut pool = self.pool.lock().unwrap_or_else(PoisonError::into_inner);
        if pool.len() != job.workers {
            pool.clear();
            let team = WorkerProcess::start_team_within(exe, job.workers, fault.as_deref(), self.hello_deadline())?;
            pool.extend(team.into_iter().map(Some));
        }
        for (index, slot) in pool.iter_mut().enumerate() {
            if slot.is_none() {
                *slot = Some(WorkerProcess::start_within(
                    exe,
                    index + 1,
                    fault.as_deref(),
                    self.hello_deadline(),
                )?);
            }
        }
        drive(&mut pool, Vec::new(), source, job, self.worker_timeout)
    }
}

impl TaskRunner for MultiProcessTaskRunner {
    fn name(&self) -> String {
        "MultiProcessTaskRunner".to_owned()
    }

    fn runner_type(&self) -> String {
        self.runner_type.to_string()
    }

    fn run_workers(&self, job: &Job) -> Result<Vec<WorkerReport>, RunError> {
        if job.workers == 0 {
            return Err(RunError::WorkerFailed {
                worker: "no worker".to_owned(),
                reason: "a run needs at least one worker process".to_owned(),
            });
        }
        let exe = self.exe()?;
        let chunk_tasks = || {
            chunks(job.limit, job.workers)
                .into_iter()
                .filter(|r| !r.is_empty())
                .map(Task::Range)
        };
        let outcome = match self.runner_type {
            RunnerType::Simple => {
                // Worker i gets chunk i; a chunk whose worker dies goes to
                // whichever worker is free first.
                let own = chunks(job.limit, job.workers)
                    .into_iter()
                    .map(|range| (!range.is_empty()).then_some(Task::Range(range)))
                    .collect();
                self.run_fresh_team(&exe, own, Source::Tasks(VecDeque::new()), job)
            }
            RunnerType::Shared => {
                let queue = Source::Numbers(NumberQueue::new(job.limit));
                self.run_fresh_team(&exe, Vec::new(), queue, job)
            }
            RunnerType::ProcessPool => self.run_in_pool(&exe, Source::Numbers(NumberQueue::new(job.limit)), job),
            RunnerType::ChunksInPool => self.run_in_pool(&exe, Source::Tasks(chunk_tasks().collect()), job),
        }?;
        *self.deaths.lock().unwrap_or_else(PoisonError::into_inner) = outcome.deaths;
        Ok(outcome.reports)
    }
}
// ANCHOR_END: runner

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_table_is_the_tutorials() {
        let rows = planned_runs(None, None, 1000);
        let names: Vec<String> = rows.iter().map(|(t, k)| format!("{t} {k}")).collect();
        assert_eq!(
            names,
            [
                "SIMPLE 3",
                "SIMPLE 10",
                "SHARED 3",
                "PROCESS_POOL 3",
                "PROCESS_POOL 5",
                "PROCESS_POOL 10",
                "CHUNKS_IN_POOL 10"
            ]
        );
    }

    #[test]
    fn a_mode_or_a_worker_count_changes_the_rows() {
        assert_eq!(
            planned_runs(Some(RunnerType::Shared), None, 1000),
            [(RunnerType::Shared, DEFAULT_WORKERS)]
        );
        assert_eq!(planned_runs(None, Some(4), 1000).len(), 4);
        // Too few numbers for ten workers: those rows are left out.
        assert!(planned_runs(None, None, 5).iter().all(|&(_, k)| k <= 5));
        assert_eq!(planned_runs(None, None, 1), [(RunnerType::Simple, 1)]);
    }

    #[test]
    fn runner_types_are_named_as_in_the_tutorial() {
        let cli_names: Vec<_> = RunnerType::value_variants()
            .iter()
            .filter_map(|t| t.to_possible_value().map(|v| v.get_name().to_owned()))
            .collect();
        assert_eq!(cli_names, ["simple", "shared", "process-pool", "chunks-in-pool"]);
        assert_eq!(
            MultiProcessTaskRunner::new(RunnerType::ChunksInPool).runner_type(),
            "CHUNKS_IN_POOL"
        );
    }

    #[test]
    fn a_missing_worker_executable_is_an_error_not_a_panic() {
        let runner = MultiProcessTaskRunner::new(RunnerType::Simple).with_worker_exe("/no/such/worker");
        let err = runner
            .run(&Job::new(10, 2, std::time::Duration::ZERO))
            .expect_err("nothing to start");
        assert!(err.to_string().contains("cannot start Worker-1"), "{err}");
        let none = runner.run(&Job::new(10, 0, std::time::Duration::ZERO));
        assert!(none.is_err(), "zero workers is refused, not a panic");
    }
}
