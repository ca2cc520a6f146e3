//! # Chapter 3: asynchronous execution
//!
//! The tutorial's third approach is the first one where several workers make
//! progress at once. Its `AsyncWorker` does what the plain worker does, with
//! one change: the forced 0.05 s delay becomes `await asyncio.sleep(0.05)`.
//! While one worker waits, the event loop runs another, so the delays
//! overlap. The `AsyncTaskRunner` has two runner types:
//!
//! - `SIMPLE`: one task per worker, created by hand and awaited by hand,
//!   printing `Remaining tasks: N` about once a second;
//! - `TASK_GROUP`: the same tasks inside an `asyncio.TaskGroup`, Python's
//!   structured concurrency.
//!
//! The tutorial measured (1000 numbers, 50 ms each, one process):
//!
//! | Runner Type | Workers | Execution time | Note                                            |
//! |:-----------:|:-------:|---------------:|-------------------------------------------------|
//! | SIMPLE      | 2       | 32.1810 sec    | Worker-2 only ever got even numbers: `{2}`      |
//! | SIMPLE      | 3       | 21.0620 sec    | all three worked                                |
//! | TASK_GROUP  | 3       | 20.9242 sec    | all three worked; the best of the chapter       |
//!
//! Workers take turns on the queue, so with two workers `Worker-2` gets every
//! even number and finds only the prime 2. The tutorial's times are the ideal
//! 1000 x 50 ms shared by 2 or 3 workers (25 s and 16.7 s) plus asyncio's
//! overhead.
//!
//! ## What Rust changes
//!
//! 1. **There is no built-in event loop.** `async fn` compiles to a state
//!    machine (a `Future`) that does nothing until an executor polls it, and
//!    the executor is a crate. This chapter runs the same runners on four of
//!    them ([`AsyncRuntime`], `--runtime`): tokio's current-thread runtime
//!    (one thread, the closest thing to asyncio, and our default), tokio's
//!    multi-thread runtime, async-std and smol. The [`runtime`] module hides
//!    their differences behind one enum, so `SIMPLE` and the worker loop
//!    are one code path for all four.
//! 2. **A runtime may have many threads.** asyncio runs every task on one
//!    thread; tokio's multi-thread runtime (and async-std) move tasks
//!    between one thread per core. With the delay the difference hardly
//!    shows, since sleeping needs no thread; with `--delay-ms 0` it does:
//!    `--compare-runtimes` runs the CPU-bound work with 1 and with many
//!    tasks on both tokio flavours. More tasks gain nothing on one thread;
//!    on the multi-thread runtime they can gain up to the number of free
//!    cores, because Rust has no GIL to stop them (on a busy machine there
//!    may be no free core to gain, and the table shows that too).
//! 3. **`TASK_GROUP` is tokio's [`JoinSet`](tokio::task::JoinSet).** A task
//!    that panics comes back from `join_next` as a `JoinError`; the runner
//!    then shuts the set down, which aborts the siblings, and the error
//!    names the worker, as `TaskGroup` cancels the other tasks and raises.
//!    async-std and smol have no `JoinSet`: there the group is a
//!    [`FuturesUnordered`] of task
//!    handles from the `futures` crate, and the siblings are cancelled one
//!    by one with [`Task::cancel`]. (Merely dropping a handle cancels the
//!    task on smol but *detaches* it on tokio and async-std: it would keep
//!    running.) `SIMPLE` awaits its tasks in order, so on its own a panic
//!    would surface only when the runner reaches that task's handle, the way
//!    an exception in a hand-managed asyncio task waits to be retrieved; a
//!    panicking task therefore closes the shared queue as it unwinds, and
//!    its siblings stop after their current number.
//! 4. **A blocking call stalls the executor.** Sleeping with
//!    `std::thread::sleep` inside a task ([`DelayKind::Blocking`],
//!    `--blocking-delay`) holds the thread, and on a one-thread runtime
//!    every other task waits: the run takes N x delay again, as in chapter 1.
//!    "Parallelization in Python" meets the same mistake with downloads
//!    made by a blocking client inside coroutines: 13.02 s, slower than
//!    threads (5.17 s), until an async client brought it to 1.41 s. The
//!    fix when the blocking call cannot be replaced is to hand it to the
//!    runtime's blocking thread pool ([`DelayKind::SpawnBlocking`]:
//!    `spawn_blocking`, or `smol::unblock`); heavy CPU work belongs on a
//!    CPU pool such as rayon's, for the same reason: any code that runs
//!    long between two `.await`s blocks the other tasks of its thread.
//!
//! Our workers check each number after the delay with
//! [`Worker::check`](concurrency_core::Worker::check): the shared
//! `Worker::process` would sleep with `std::thread::sleep`, which is the
//! mistake of item 4.
//!
//! ### async-std is discontinued
//!
//! async-std's maintainers discontinued it in 2025; its README and the
//! advisory RUSTSEC-2025-0052 point to smol, which is built from the same
//! pieces. It is here because readers will meet it in older code. Do not
//! start new code with it.
//!
//! ## Running it
//!
//! ```text
//! cargo run -p chapter-async                        # the tutorial's table: SIMPLE 2, SIMPLE 3, TASK_GROUP 3 (about 1 min)
//! cargo run -p chapter-async -- --runtime smol      # the same table on smol
//! cargo run -p chapter-async -- --mode task-group --limit 60 --delay-ms 20 --blocking-delay   # the mistake: 1.2 s
//! cargo run -p chapter-async -- --mode task-group --limit 60 --delay-ms 20 --delay-kind spawn-blocking   # the fix
//! cargo run --release -p chapter-async -- --compare-runtimes --delay-ms 0 --limit 10000000 --workers 10
//! ```
//!
//! # Layout
//!
//! - [`runtime`]: the four runtimes behind [`AsyncRuntime`], and [`Task`].
//! - this module: the worker loop, the [`AsyncTaskRunner`] with `SIMPLE`
//!   and the two task groups, and the runtime comparison
//!   ([`compare_runtimes`]).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use clap::ValueEnum;
use concurrency_core::print_err;
use concurrency_core::{
    Align, Job, NumberQueue, RunError, RunReport, Table, TaskRunner, Worker, WorkerReport, WorkerStatus, format_secs,
};
use futures::StreamExt;
use futures::stream::FuturesUnordered;

pub mod runtime;

pub use runtime::{AsyncRuntime, Task};

/// Workers for `--mode` when `--workers` is not given: the tutorial's best
/// row uses three.
pub const DEFAULT_WORKERS: usize = 3;

/// The tutorial's table: its runner types with their numbers of workers.
pub const TUTORIAL_ROWS: [(AsyncMode, usize); 3] = [
    (AsyncMode::Simple, 2),
    (AsyncMode::Simple, 3),
    (AsyncMode::TaskGroup, 3),
];

/// How often `SIMPLE` prints `Remaining tasks: N`, as the tutorial does.
pub const REMAINING_EVERY: Duration = Duration::from_secs(1);

/// The chapter's runner types, the tutorial's `AsyncRunnerType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AsyncMode {
    /// One task per worker, spawned and awaited by hand.
    Simple,
    /// The tasks in a task group: tokio's JoinSet; a failure cancels the rest.
    TaskGroup,
}

impl AsyncMode {
    /// The tutorial's name for the runner type.
    pub fn tutorial_name(self) -> &'static str {
        match self {
            AsyncMode::Simple => "SIMPLE",
            AsyncMode::TaskGroup => "TASK_GROUP",
        }
    }
}

// ANCHOR: delay_kind
/// How a task spends the forced delay (`--delay-kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum DelayKind {
    /// The runtime's async sleep: the task yields while it waits.
    #[default]
    Async,
    /// `std::thread::sleep` inside the task: the classic mistake, which
    /// holds the executor's thread and stalls every task that shares it.
    Blocking,
    /// The same blocking sleep, handed to the runtime's blocking thread pool
    /// (`spawn_blocking`, `smol::unblock`) and awaited: the fix.
    SpawnBlocking,
}
// ANCHOR_END: delay_kind

/// The tutorial's `AsyncTaskRunner`: one runner type on one runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AsyncTaskRunner {
    /// `SIMPLE` or `TASK_GROUP`.
    pub mode: AsyncMode,
    /// The runtime the tasks run on.
    pub runtime: AsyncRuntime,
    /// How the tasks sleep the forced delay.
    pub delay_kind: DelayKind,
    /// Make the worker that draws this number panic before checking it: how
    /// the tests (and the hidden `--fail-on` option) show what a failing
    /// task does to a run.
    pub fail_on: Option<u64>,
}

impl AsyncTaskRunner {
    /// A runner of type `mode` on `runtime` with the async sleep.
    pub fn new(mode: AsyncMode, runtime: AsyncRuntime) -> Self {
        AsyncTaskRunner {
            mode,
            runtime,
            delay_kind: DelayKind::Async,
            fail_on: None,
        }
    }

    /// The same runner with another way of sleeping the delay.
    pub fn with_delay_kind(self, delay_kind: DelayKind) -> Self {
        AsyncTaskRunner { delay_kind, ..self }
    }

    /// The same runner, made to panic on the number `n`.
    pub fn failing_on(self, n: u64) -> Self {
        AsyncTaskRunner {
            fail_on: Some(n),
            ..self
        }
    }

    /// What a task needs besides its worker: everything is `Copy` or shared
    /// through an `Arc`, because a spawned task must own what it uses
    /// (`'static`): the runtime may run it after this function returns.
    fn task_context(&self, job: &Job) -> TaskContext {
        TaskContext {
            runtime: self.runtime,
            queue: Arc::new(NumberQueue::new(job.limit)),
            delay_kind: self.delay_kind,
            fail_on: self.fail_on,
            remaining: Arc::new(AtomicUsize::new(job.workers)),
        }
    }
}

impl TaskRunner for AsyncTaskRunner {
    fn name(&self) -> String {
        format!("AsyncTaskRunner on {}", self.runtime)
    }

    fn runner_type(&self) -> String {
        self.mode.tutorial_name().to_owned()
    }

    // ANCHOR: run_workers
    fn run_workers(&self, job: &Job) -> Result<Vec<WorkerReport>, RunError> {
        let context = self.task_context(job);
        self.runtime.block_on(async {
            match self.mode {
                AsyncMode::Simple => simple(context, job).await,
                // Only tokio has a JoinSet; the others get the futures idiom.
                AsyncMode::TaskGroup if self.runtime.is_tokio() => task_group_tokio(context, job).await,
                AsyncMode::TaskGroup => task_group(context, job).await,
            }
        })?
    }
    // ANCHOR_END: run_workers
}

/// What every task of a run shares.
#[derive(Debug, Clone)]
struct TaskContext {
    runtime: AsyncRuntime,
    queue: Arc<NumberQueue>,
    delay_kind: DelayKind,
    fail_on: Option<u64>,
    /// Tasks not finished yet, for `SIMPLE`'s `Remaining tasks: N`.
    remaining: Arc<AtomicUsize>,
}

/// Counts a task as finished when dropped: at its end, when it panics (the
/// unwinding drops it) and when it is cancelled (the runtime drops the
/// task's future, and this with it). A task that panics also closes the
/// queue, so its siblings stop after their current number: SIMPLE, which
/// awaits its handles in order, then reaches the failed one within a delay
/// or two instead of after the whole run.
struct Finished {
    remaining: Arc<AtomicUsize>,
    queue: Arc<NumberQueue>,
}

impl Drop for Finished {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.queue.close();
        }
        self.remaining.fetch_sub(1, Ordering::Relaxed);
    }
}

// ANCHOR: async_worker
/// The tutorial's `AsyncWorker.process`: take numbers from the shared queue
/// until it is empty, waiting the forced delay before each one.
///
/// Each `.await` is a point where the task may give its thread back to the
/// executor; between two of them the task runs without interruption.
async fn process_queue(mut worker: Worker, context: TaskContext) -> Result<WorkerReport, RunError> {
    let _finished = Finished {
        remaining: Arc::clone(&context.remaining),
        queue: Arc::clone(&context.queue),
    };
    let delay = worker.delay();
    while let Some(n) = context.queue.pop() {
        worker.set_status(WorkerStatus::Busy);
        // With no delay there is nothing to await: the loop never yields,
        // which is what CPU-bound code in a task looks like.
        if !delay.is_zero() {
            match context.delay_kind {
                DelayKind::Async => context.runtime.sleep(delay).await,
                // The mistake: this holds the thread, and no other task on
                // it can run until the sleep is over.
                DelayKind::Blocking => std::thread::sleep(delay),
                DelayKind::SpawnBlocking => {
                    let sleeping = move || std::thread::sleep(delay);
                    context.runtime.spawn_blocking(worker.name(), sleeping).await?;
                }
            }
        }
        if context.fail_on == Some(n) {
            panic!("{} was told to fail on number {n}", worker.name());
        }
        worker.check(n);
        worker.set_status(WorkerStatus::Idle);
    }
    // Here, on the thread that ran the task's last step: the report records
    // its name and the process id.
    Ok(worker.into_report())
}
// ANCHOR_END: async_worker

/// Spawns one task per worker of the job's team.
fn spawn_team(context: &TaskContext, job: &Job) -> Vec<Task<Result<WorkerReport, RunError>>> {
    let spawn = |worker: Worker| {
        let name = worker.name().to_owned();
        context.runtime.spawn(&name, process_queue(worker, context.clone()))
    };
    job.team().into_iter().map(spawn).collect()
}

// ANCHOR: simple
/// `SIMPLE`: spawn a task per worker, then await the tasks one by one while
/// printing `Remaining tasks: N` about once a second.
///
/// The tasks run from the moment they are spawned; awaiting them in order
/// only decides when the runner *looks*. A failing task is therefore
/// noticed when the runner reaches its handle; the runner then cancels the
/// tasks it has not awaited yet and returns the error.
async fn simple(context: TaskContext, job: &Job) -> Result<Vec<WorkerReport>, RunError> {
    let tasks = spawn_team(&context, job);
    let await_all = async {
        let mut reports = Vec::with_capacity(tasks.len());
        let mut tasks = tasks.into_iter();
        while let Some(task) = tasks.next() {
            match task.await.and_then(|outcome| outcome) {
                Ok(report) => reports.push(report),
                Err(err) => {
                    for task in tasks {
                        task.cancel().await;
                    }
                    return Err(err);
                }
            }
        }
        Ok(reports)
    };
    let tick = async {
        loop {
            context.runtime.sleep(REMAINING_EVERY).await;
            let remaining = context.remaining.load(Ordering::Relaxed);
            // On standard error, so that `--json` output stays valid, and
            // through the bar, so that the line does not tear it.
            job.progress.suspend(|| print_err!("Remaining tasks: {remaining}"));
        }
    };
    // Run both in this one future; whichever finishes first wins, and the
    // ticker never finishes. Dropping it at the end stops it.
    futures::pin_mut!(await_all, tick);
    match futures::future::select(await_all, tick).await {
        futures::future::Either::Left((reports, _tick)) => reports,
        futures::future::Either::Right(((), await_all)) => await_all.await,
    }
}
// ANCHOR_END: simple

// ANCHOR: task_group_tokio
/// `TASK_GROUP` on tokio: the tasks go into a [`JoinSet`](tokio::task::JoinSet),
/// tokio's counterpart of `asyncio.TaskGroup`.
///
/// `join_next` yields tasks as they finish, in any order. The first
/// failure shuts the set down (aborting every other task and waiting for
/// them to go) and is returned naming its worker. A `JoinSet` also aborts
/// its tasks when dropped, so no path out of this function leaves a task
/// running.
async fn task_group_tokio(context: TaskContext, job: &Job) -> Result<Vec<WorkerReport>, RunError> {
    let mut group = tokio::task::JoinSet::new();
    let mut names = std::collections::HashMap::new();
    for worker in job.team() {
        let name = worker.name().to_owned();
        let handle = group.spawn(process_queue(worker, context.clone()));
        names.insert(handle.id(), name);
    }
    let mut reports = Vec::with_capacity(job.workers);
    while let Some(joined) = group.join_next().await {
        let outcome = joined.map_err(|err| RunError::WorkerFailed {
            worker: names.get(&err.id()).cloned().unwrap_or_else(|| "a worker".to_owned()),
            reason: if err.is_panic() {
                runtime::panic_reason(err.into_panic())
            } else {
                format!("its task was cancelled ({err})")
            },
        });
        match outcome.and_then(|outcome| outcome) {
            Ok(report) => reports.push(report),
            Err(err) => {
                group.shutdown().await;
                return Err(err);
            }
        }
    }
    Ok(in_worker_order(reports))
}
// ANCHOR_END: task_group_tokio

// ANCHOR: task_group
/// `TASK_GROUP` where there is no `JoinSet` (async-std, smol): a
/// [`FuturesUnordered`] of task handles yields the tasks as they finish,
/// like `join_next`. On the first failure the handles still in the group
/// are cancelled one by one: dropping them would stop the tasks on smol but
/// leave them running on async-std.
async fn task_group(context: TaskContext, job: &Job) -> Result<Vec<WorkerReport>, RunError> {
    let mut group: FuturesUnordered<_> = spawn_team(&context, job).into_iter().collect();
    let mut reports = Vec::with_capacity(job.workers);
    while let Some(outcome) = group.next().await {
        match outcome.and_then(|outcome| outcome) {
            Ok(report) => reports.push(report),
            Err(err) => {
                for task in group {
                    task.cancel().await;
                }
                return Err(err);
            }
        }
    }
    Ok(in_worker_order(reports))
}
// ANCHOR_END: task_group

/// Reports sorted as `Worker-1`, `Worker-2`, ..., `Worker-10` (by name
/// length first, so that 10 comes after 9): a group yields them in the
/// order the tasks finished.
fn in_worker_order(mut reports: Vec<WorkerReport>) -> Vec<WorkerReport> {
    reports.sort_by(|a, b| (a.name.len(), &a.name).cmp(&(b.name.len(), &b.name)));
    reports
}

// ANCHOR: compare_runtimes
/// The two tokio runtimes compared on CPU-bound work: `TASK_GROUP` with one
/// task, then with `tasks` tasks, on the current-thread runtime and on the
/// multi-thread one. Run it with no delay and a large limit.
pub fn compare_runtimes(limit: u64, tasks: usize, delay: Duration) -> Result<Vec<RunReport>, RunError> {
    let mut reports = Vec::with_capacity(4);
    for runtime in [AsyncRuntime::TokioCurrentThread, AsyncRuntime::TokioMultiThread] {
        for workers in [1, tasks] {
            let runner = AsyncTaskRunner::new(AsyncMode::TaskGroup, runtime);
            reports.push(runner.run(&Job::new(limit, workers, delay))?);
        }
    }
    Ok(reports)
}
// ANCHOR_END: compare_runtimes

/// The comparison as a table: per run, the runtime, the tasks, the time,
/// the speedup over one task on the same runtime, and how many threads and
/// workers actually did the work.
pub fn comparison_table(reports: &[RunReport]) -> Table {
    let mut table = Table::new([
        ("Runtime", Align::Left),
        ("Tasks", Align::Right),
        ("Execution time", Align::Right),
        ("Speedup", Align::Right),
        ("Primes found", Align::Right),
        ("Threads used", Align::Right),
        ("Workers that worked", Align::Right),
    ]);
    for report in reports {
        let baseline = reports
            .iter()
            .find(|r| r.runner == report.runner && r.workers.len() == 1)
            .map(|r| r.elapsed);
        let speedup = baseline.map_or_else(
            || "-".to_owned(),
            |base| format!("{:.2}x", base.as_secs_f64() / report.elapsed.as_secs_f64().max(1e-9)),
        );
        let mut threads: Vec<&str> = report
            .workers
            .iter()
            .filter(|w| w.processed > 0)
            .map(|w| w.thread.as_str())
            .collect();
        threads.sort_unstable();
        threads.dedup();
        table.push_row([
            report.runner.trim_start_matches("AsyncTaskRunner on ").to_owned(),
            report.workers.len().to_string(),
            format_secs(report.elapsed),
            speedup,
            report.verdict().to_string(),
            threads.len().to_string(),
            report.active_workers().len().to_string(),
        ]);
    }
    table
}

/// What the comparison shows, printed under its table.
pub const COMPARISON_LESSON: &str = "\
With nothing to await, a task never gives its thread back: on the current-thread runtime the
first task checks every number while the others wait, so more tasks gain nothing (asyncio
behaves the same). The multi-thread runtime runs up to one task per core at the same time,
in parallel: Rust has no GIL. On either runtime, a task that computes for long blocks the
other tasks of its thread; real code moves such work to spawn_blocking or to rayon.";

#[cfg(test)]
mod tests {
    use super::*;
    use concurrency_core::{Verdict, known_prime_count};
    use std::time::Instant;

    fn run(mode: AsyncMode, runtime: AsyncRuntime, job: &Job) -> RunReport {
        AsyncTaskRunner::new(mode, runtime)
            .run(job)
            .unwrap_or_else(|err| panic!("{mode:?} on {runtime}: {err}"))
    }

    fn every_runner() -> impl Iterator<Item = (AsyncMode, AsyncRuntime)> {
        [AsyncMode::Simple, AsyncMode::TaskGroup]
            .into_iter()
            .flat_map(|mode| AsyncRuntime::ALL.map(|runtime| (mode, runtime)))
    }

    #[test]
    fn every_runner_on_every_runtime_finds_exactly_pi_n() {
        for (mode, runtime) in every_runner() {
            for limit in [1_000, 100_000] {
                let report = run(mode, runtime, &Job::new(limit, 3, Duration::ZERO));
                let count = known_prime_count(limit).expect("a power of ten");
                assert_eq!(report.verdict(), Verdict::Exact { count }, "{mode:?} on {runtime}");
                assert_eq!(report.pids(), [std::process::id()], "tasks share one process");
                let names: Vec<&str> = report.workers.iter().map(|w| w.name.as_str()).collect();
                assert_eq!(names, ["Worker-1", "Worker-2", "Worker-3"]);
            }
        }
    }

    #[test]
    fn async_delays_overlap_on_every_runtime() {
        // N = 200 numbers, d = 20 ms, k = 20 workers: 4 s one after the
        // other, about 0.2 s overlapped. The bound, half the serial time, is
        // 10x the expected time: a busy machine cannot break it, while
        // sleeps that did not overlap would.
        let serial = Duration::from_millis(200 * 20);
        for (mode, runtime) in every_runner() {
            let report = run(mode, runtime, &Job::new(200, 20, Duration::from_millis(20)));
            assert!(
                report.elapsed < serial / 2,
                "{mode:?} on {runtime}: {:?}",
                report.elapsed
            );
            assert_eq!(report.verdict(), Verdict::Exact { count: 46 });
            assert_eq!(
                report.active_workers().len(),
                20,
                "{mode:?} on {runtime}: all twenty worked"
            );
        }
    }

    #[test]
    fn with_two_workers_worker_2_gets_the_even_numbers_as_in_the_tutorial() {
        // On one thread the two tasks take strict turns at the queue, so
        // Worker-2 draws 2, 4, 6, ... and its only prime is 2.
        let report = run(
            AsyncMode::Simple,
            AsyncRuntime::TokioCurrentThread,
            &Job::new(40, 2, Duration::from_millis(5)),
        );
        assert_eq!(report.workers[1].primes, [2]);
        assert_eq!(report.workers[0].processed, 20);
    }

    #[test]
    fn a_blocking_sleep_serialises_the_current_thread_runtime() {
        let job = Job::new(60, 3, Duration::from_millis(20));
        let serial = Duration::from_millis(60 * 20);
        for mode in [AsyncMode::Simple, AsyncMode::TaskGroup] {
            let runner = AsyncTaskRunner::new(mode, AsyncRuntime::TokioCurrentThread);
            let blocked = runner.with_delay_kind(DelayKind::Blocking).run(&job).expect("runs");
            assert!(
                blocked.elapsed >= serial.mul_f64(0.9),
                "{mode:?}: {:?}",
                blocked.elapsed
            );
            assert_eq!(blocked.verdict(), Verdict::Exact { count: 17 });
        }
    }

    #[test]
    fn spawn_blocking_fixes_it_on_every_runtime() {
        // As above: 4 s serial, about 0.2 s with the 20 sleeps on the
        // blocking pool's threads; the bound is 10x that.
        let job = Job::new(200, 20, Duration::from_millis(20));
        let serial = Duration::from_millis(200 * 20);
        for (mode, runtime) in every_runner() {
            let runner = AsyncTaskRunner::new(mode, runtime).with_delay_kind(DelayKind::SpawnBlocking);
            let fixed = runner.run(&job).expect("runs");
            assert!(fixed.elapsed < serial / 2, "{mode:?} on {runtime}: {:?}", fixed.elapsed);
            assert_eq!(fixed.verdict(), Verdict::Exact { count: 46 });
        }
    }

    #[test]
    fn a_panicking_task_fails_the_task_group_at_once_on_every_runtime() {
        // 3,000 numbers at 20 ms with 3 workers would take 20 s; the worker
        // that draws number 5 panics almost at once, and the run ends in
        // about 0.1 s. The bound is 100x that, and half the full run.
        let job = Job::new(3_000, 3, Duration::from_millis(20));
        for runtime in AsyncRuntime::ALL {
            let runner = AsyncTaskRunner::new(AsyncMode::TaskGroup, runtime).failing_on(5);
            let started = Instant::now();
            let err = runner.run(&job).expect_err("a task panicked");
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "{runtime}: {:?}",
                started.elapsed()
            );
            let RunError::WorkerFailed { worker, reason } = err else {
                panic!("{runtime}: not a worker failure")
            };
            assert!(worker.starts_with("Worker-"), "{runtime}: {worker}");
            assert!(
                reason.contains(&format!("{worker} was told to fail on number 5")),
                "{runtime}: {reason}"
            );
        }
    }

    #[test]
    fn a_panicking_task_fails_simple_too_without_hanging() {
        // SIMPLE awaits its tasks in order, but the failed task closes the
        // queue as it unwinds, so the others stop after their current
        // number: about 0.1 s, where the whole run would take
        // 3000 x 20 ms / 3 = 20 s. The bound is 100x the one, half the other.
        let job = Job::new(3_000, 3, Duration::from_millis(20));
        for runtime in AsyncRuntime::ALL {
            let runner = AsyncTaskRunner::new(AsyncMode::Simple, runtime).failing_on(5);
            let started = Instant::now();
            let err = runner.run(&job).expect_err("a task panicked");
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "{runtime}: {:?}",
                started.elapsed()
            );
            assert!(
                err.to_string().contains("was told to fail on number 5"),
                "{runtime}: {err}"
            );
        }
    }

    #[test]
    fn the_comparison_runs_both_tokio_flavours_with_one_and_many_tasks() {
        let reports = compare_runtimes(10_000, 4, Duration::ZERO).expect("runs");
        let shape: Vec<(&str, usize)> = reports.iter().map(|r| (r.runner.as_str(), r.workers.len())).collect();
        assert_eq!(
            shape,
            [
                ("AsyncTaskRunner on tokio current-thread", 1),
                ("AsyncTaskRunner on tokio current-thread", 4),
                ("AsyncTaskRunner on tokio multi-thread", 1),
                ("AsyncTaskRunner on tokio multi-thread", 4),
            ]
        );
        for report in &reports {
            assert_eq!(report.verdict(), Verdict::Exact { count: 1_229 });
        }
        // Nothing to await: on one thread the first task does everything.
        assert_eq!(reports[1].active_workers(), ["Worker-1"]);
        let table = comparison_table(&reports).to_string();
        assert!(
            table.contains("tokio multi-thread") && table.contains("1.00x"),
            "{table}"
        );
    }
}
