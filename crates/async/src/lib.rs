//! # Chapter 3: asynchronous execution
//!
//! The first chapter where several workers make progress at once: each
//! worker is a task that *awaits* the forced delay, so while one waits the
//! executor runs another, on one thread. The tutorial found that the delays
//! overlap: three asyncio tasks took well under half the synchronous time,
//! and `TASK_GROUP` (structured concurrency) did a little better than
//! `SIMPLE` (tasks created and awaited by hand). Rust adds a choice of
//! executor, tasks that may run in parallel, and failures that come back as
//! values. The story, the measurements and the pitfalls are in the book's
//! page, `docs/src/async.md`.
//!
//! ```text
//! cargo run -p chapter-async                        # the tutorial's table: SIMPLE 2, SIMPLE 3, TASK_GROUP 3
//! cargo run -p chapter-async -- --runtime smol      # the same table on smol
//! cargo run -p chapter-async -- --mode task-group --limit 60 --delay-ms 20 --blocking-delay   # the mistake
//! cargo run -p chapter-async -- --mode task-group --limit 60 --delay-ms 20 --delay-kind spawn-blocking   # the fix
//! cargo run -p chapter-async -- --mode simple --fail-worker 2 --fail-after 5   # a task that panics
//! cargo run --release -p chapter-async -- --compare-runtimes --delay-ms 0 --limit 10000000 --workers 10
//! ```
//!
//! # Layout
//!
//! - [`runtime`]: tokio (current-thread and multi-thread), async-std and
//!   smol behind one enum, [`AsyncRuntime`], and their task handle, [`Task`].
//! - `runner`: the tutorial's [`AsyncTaskRunner`] and its [`RunnerType`]s.
//! - `worker`: the tutorial's `AsyncWorker.process`, the loop every task runs.
//! - `delay`: how a task spends the forced delay ([`DelayKind`]): awaited,
//!   blocking (the mistake), or on the blocking pool (the fix).
//! - `simple`: `SIMPLE`, tasks spawned and awaited by hand.
//! - `task_group`: `TASK_GROUP`, tokio's `JoinSet` or a `FuturesUnordered`.
//! - `compare`: the two tokio runtimes on CPU-bound work ([`compare_runtimes`]),
//!   measured in interleaved rounds with core's guard ([`measure_runtimes`]).
//! - `cli`: the options ([`Cli`]) and [`run`], all that the binary calls.

mod cli;
mod compare;
mod delay;
mod runner;
pub mod runtime;
mod simple;
mod task_group;
mod worker;

pub use cli::{Cli, run};
pub use compare::{COMPARISON_LESSON, DEFAULT_RUNS, RuntimeRounds, compare_runtimes, judge, measure_runtimes};
pub use delay::DelayKind;
pub use runner::{AsyncTaskRunner, RunnerType};
pub use runtime::{AsyncRuntime, Task};
pub use simple::REMAINING_EVERY;

/// Workers for `--mode` when `--workers` is not given: the tutorial's best
/// row uses three.
pub const DEFAULT_WORKERS: usize = 3;

/// The tutorial's table: its runner types with their numbers of workers.
pub const TUTORIAL_TABLE: [(RunnerType, usize); 3] = [
    (RunnerType::Simple, 2),
    (RunnerType::Simple, 3),
    (RunnerType::TaskGroup, 3),
];
