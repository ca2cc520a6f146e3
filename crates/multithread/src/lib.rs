//! # Chapter 4: multithreading
//!
//! The tutorial's `MultiThreadTaskRunner` in Rust: its three runner types
//! (`SIMPLE`, `LOCKED_LIST`, `THREAD_POOL`) and two that Rust programmers
//! reach for (`CHANNELS`, `SCOPED`), every worker on a thread of its own.
//!
//! The tutorial found that threads divide its forced sleep by their number,
//! and that Python's threads run CPU-bound work no faster than one thread
//! (the GIL). Rust has no GIL: `--delay-ms 0` measures the speedup on the
//! work itself. The book's page, "Multithreading", tells the whole story;
//! this crate is the code it includes.
//!
//! # Layout
//!
//! - this file: [`RunnerType`], [`TUTORIAL_TABLE`] and
//!   [`MultiThreadTaskRunner`], which runs one runner type;
//! - `runners/`: one file per runner type, each one way of sharing the
//!   numbers among threads: `simple.rs` (an `Arc` around one queue),
//!   `locked_list.rs` (a `Mutex`), `thread_pool.rs` (a rayon pool),
//!   `channels.rs` (crossbeam channels), `scoped.rs` (`std::thread::scope`);
//! - `team.rs`: the thread plumbing they share: named threads, joining every
//!   one, the stop flag a panicking worker raises, the error that names it;
//! - [`split`]: how THREAD_POOL shares the numbers (small pieces,
//!   interleaved shares);
//! - [`no_gil`]: "no GIL, measured", the speedup of every runner type over
//!   one worker in interleaved rounds (`--runs`), with core's guard;
//! - [`measure`]: its yardstick, and the per-worker tables;
//! - [`cli`]: the command line (`src/main.rs` only parses and calls it).

use clap::ValueEnum;
use concurrency_core::{FaultPlan, Job, RunError, TaskRunner, WorkerReport};

pub mod cli;
pub mod measure;
pub mod no_gil;
mod runners;
pub mod split;
mod team;

pub use split::Split;

/// Workers for `--mode X` when `--workers` is not given: the tutorial's 2.
pub const DEFAULT_WORKERS: usize = 2;

/// The tutorial's table: its runner types with its numbers of workers.
pub const TUTORIAL_TABLE: [(RunnerType, usize); 5] = [
    (RunnerType::Simple, 2),
    (RunnerType::LockedList, 2),
    (RunnerType::ThreadPool, 2),
    (RunnerType::ThreadPool, 3),
    (RunnerType::ThreadPool, 5),
];

/// The chapter's runner types: the tutorial's three and two Rust idioms. On
/// the command line: `--mode simple`, `--mode locked-list`, ...
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RunnerType {
    /// One thread per worker, all draining one shared queue.
    Simple,
    /// Workers take numbers from a Mutex-guarded list via a task provider.
    LockedList,
    /// A rayon thread pool, one chunk per thread (see --split).
    ThreadPool,
    /// crossbeam channels: numbers fanned out, reports fanned in.
    Channels,
    /// std::thread::scope: threads borrow the queue, no Arc.
    Scoped,
}

impl RunnerType {
    /// Every runner type, in the order the chapter presents them.
    pub const ALL: [RunnerType; 5] = [
        RunnerType::Simple,
        RunnerType::LockedList,
        RunnerType::ThreadPool,
        RunnerType::Channels,
        RunnerType::Scoped,
    ];

    /// The name in the tables, as the tutorial writes it: `LOCKED_LIST`.
    pub fn tutorial_name(self) -> &'static str {
        match self {
            RunnerType::Simple => "SIMPLE",
            RunnerType::LockedList => "LOCKED_LIST",
            RunnerType::ThreadPool => "THREAD_POOL",
            RunnerType::Channels => "CHANNELS",
            RunnerType::Scoped => "SCOPED",
        }
    }
}

/// The tutorial's `MultiThreadTaskRunner`: one runner type, for THREAD_POOL
/// the way it splits the numbers, and the planned failure of one worker
/// (`--fail-worker`), if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MultiThreadTaskRunner {
    kind: RunnerType,
    split: Split,
    fault: Option<FaultPlan>,
}

impl MultiThreadTaskRunner {
    /// A runner of the given type (THREAD_POOL with the tutorial's contiguous chunks).
    pub fn new(kind: RunnerType) -> Self {
        MultiThreadTaskRunner {
            kind,
            split: Split::default(),
            fault: None,
        }
    }

    /// How THREAD_POOL splits the numbers; the other runner types take them
    /// one (or one piece) at a time and ignore it.
    pub fn with_split(mut self, split: Split) -> Self {
        self.split = split;
        self
    }

    /// Fault injection: the worker the plan names panics when it is about to
    /// check its number `plan.after + 1`, to show (and test) how a dead
    /// thread is reported. Threads can only panic: a thread that exits or
    /// aborts takes the whole process with it.
    pub fn with_fault(mut self, plan: Option<FaultPlan>) -> Self {
        self.fault = plan;
        self
    }

    /// The runner type.
    pub fn kind(&self) -> RunnerType {
        self.kind
    }

    /// The split, as THREAD_POOL uses it.
    pub fn split(&self) -> Split {
        self.split
    }
}

// ANCHOR: run_workers
impl TaskRunner for MultiThreadTaskRunner {
    fn name(&self) -> String {
        match (self.kind, self.split) {
            (RunnerType::ThreadPool, split) if split != Split::Contiguous => {
                format!("MultiThreadTaskRunner ({} split)", split.label())
            }
            _ => "MultiThreadTaskRunner".to_owned(),
        }
    }

    fn runner_type(&self) -> String {
        self.kind.tutorial_name().to_owned()
    }

    fn run_workers(&self, job: &Job) -> Result<Vec<WorkerReport>, RunError> {
        match self.kind {
            RunnerType::Simple => runners::simple::run(job, self.fault),
            RunnerType::LockedList => runners::locked_list::run(job, self.fault),
            RunnerType::ThreadPool => runners::thread_pool::run(job, self.split, self.fault),
            RunnerType::Channels => runners::channels::run(job, self.fault),
            RunnerType::Scoped => runners::scoped::run(job, self.fault),
        }
    }
}
// ANCHOR_END: run_workers

#[cfg(test)]
mod tests;
