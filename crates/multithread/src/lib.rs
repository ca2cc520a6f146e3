//! # Chapter 4: multithreading
//!
//! The tutorial's fourth approach finally runs its workers at the same time,
//! on threads. Its `MultiThreadTaskRunner` has three runner types:
//!
//! - `SIMPLE`: one thread per worker, every thread draining the same queue;
//! - `LOCKED_LIST`: the workers take their numbers from a shared list through
//!   a task-provider function that holds a lock while it takes one;
//! - `THREAD_POOL`: the numbers are cut into one contiguous chunk per worker
//!   and handed to a `ThreadPoolExecutor` whose threads are named `Worker_0`,
//!   `Worker_1`, ...
//!
//! With the forced 50 ms delay per number the tutorial measured 25.25 s for SIMPLE and
//! LOCKED_LIST with 2 workers, 25.23 s for THREAD_POOL with 2, 16.85 s with 3
//! and 10.09 s with 5: the delay divided by the number of threads, every
//! worker doing some of the work, one PID for all. The tutorial then warns
//! that this is not real parallelism: the delay is a `sleep`, which releases
//! the GIL, while the work itself runs one thread at a time.
//! "Parallelization in Python" measures exactly that on CPU-bound work:
//! 1, 2 and 3 threads take 8.62 s, 8.52 s and 8.47 s, no faster than one.
//!
//! ## What Rust changes
//!
//! There is no GIL. A Rust thread is an OS thread that runs Rust code on its
//! own core, so the same runners scale on the *work* too, not just on the
//! sleep. Run the chapter with `--delay-ms 0` and no `--mode` and it
//! measures that instead of printing the tutorial's table: one worker alone
//! on the main thread, then every runner type on as many workers as the
//! machine has logical cores (or `--workers`), each with its speedup over the
//! one worker, its prime count checked, and its workers' busy times next to
//! the core counts [`num_cpus`] reports:
//!
//! ```text
//! cargo run -p chapter-multithread                        # the tutorial's table: about 100 s of sleeping
//! cargo run -p chapter-multithread -- --limit 100 --delay-ms 5   # the same table in a few seconds
//! cargo run --release -p chapter-multithread -- --delay-ms 0 --limit 10000000   # no GIL, measured
//! cargo run -p chapter-multithread -- --mode thread-pool --split stealing --workers 4 --delay-ms 0
//! ```
//!
//! What the compiler adds is just as important. A thread spawned with
//! [`std::thread::spawn`] may outlive the function that started it, so it can
//! only take data it owns: the shared queue goes into an [`Arc`], and the
//! compiler refuses a plain reference. A [`Worker`] owns everything it
//! records, so it *moves* into its thread and comes back, finished, through
//! `join`. No worker's primes are ever shared, so no lock guards them; the
//! only shared thing is the source of numbers, and its type says how it is
//! shared: an atomic counter ([`NumberQueue`]), a [`Mutex`], a channel.
//!
//! ## The runner types
//!
//! The three of the tutorial, and two that Rust programmers reach for:
//!
//! - `SIMPLE`: [`std::thread::spawn`], one named thread per worker, all
//!   popping from one `Arc<NumberQueue>`.
//! - `LOCKED_LIST`: the task provider [`locked_list`], a `Mutex` held only
//!   for the instant it takes to take the next number.
//! - `THREAD_POOL`: a rayon [`ThreadPool`] with threads named `Worker_0`, ...
//!   and one chunk per thread, or, with [`Split`], one of the two fixes for
//!   the imbalance described below.
//! - `CHANNELS`: crossbeam channels, numbers fanned out to the workers and
//!   their reports fanned back in: the pattern of the pure-Rust program of
//!   the "fully loaded" experiment.
//! - `SCOPED`: [`std::thread::scope`]. The threads are guaranteed to end
//!   before the scope does, so they may *borrow* the queue from the stack:
//!   SIMPLE without the `Arc`.
//!
//! ## Load balance
//!
//! Trial division of `n` takes up to `sqrt(n)/2` divisions for a prime (a
//! composite usually stops at a small factor), so the numbers get dearer as
//! they grow: with two contiguous chunks of `1..=10^7` the upper one keeps
//! its thread busy markedly longer than the lower one (the busy-time table
//! of `--delay-ms 0 --limit 10000000` shows by how much on your machine). With
//! the tutorial's contiguous chunks the last worker works longest while the
//! others wait, and the run lasts as long as its busiest worker. The sleep
//! hid that in the tutorial (every number slept the same 50 ms); with no
//! delay it is the first thing the measurements show. The report prints each
//! worker's busy time, and [`Split`] offers the fixes: interleaved pieces, or
//! rayon's work stealing over small pieces.
//!
//! ## What sharing costs
//!
//! SIMPLE, LOCKED_LIST and SCOPED take one number at a time, as the tutorial
//! does, through one atomic counter or one lock that every thread touches.
//! With a 50 ms delay that costs nothing. With no delay a number below 10^5
//! is so cheap to check that moving the counter's cache line from one core
//! to the other, which every take does when two threads share it, is a real
//! share of the cost. The runners that take whole chunks or pieces
//! of numbers (THREAD_POOL, CHANNELS) touch the shared state far less often;
//! `benches/benches/threads.rs` measures both kinds at 10^5. Threads only
//! pay when each one gets a good amount of work per trip to the shared
//! state.
//!
//! ## A thread that dies
//!
//! A panic ends only the thread it happens on. `join` returns it as an
//! `Err`, and the runner turns it into [`RunError::WorkerFailed`] naming the
//! worker, after joining every other thread: no thread is left running and
//! nothing waits forever. The others would still drain the queue first, for
//! nothing, so the panicking thread raises a stop flag as it unwinds (the
//! async chapter closes its queue the same way), and every worker checks it
//! before each number: the run ends one number after the panic. `--panic-at
//! N` makes the worker that takes `N` panic, to see it happen.
//!
//! # Layout
//!
//! - this file: the runner types and [`MultiThreadTaskRunner`];
//! - [`split`]: small pieces and interleaved shares;
//! - [`measure`]: the no-GIL speedup table and the per-worker tables.

use std::any::Any;
use std::ops::RangeInclusive;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::{self, JoinHandle};

use clap::ValueEnum;
use concurrency_core::{Job, NumberQueue, RunError, TaskRunner, Worker, WorkerReport, chunks};
use rayon::ThreadPool;
use rayon::prelude::*;

pub mod measure;
pub mod split;

use split::{Pieces, interleaved};

/// Workers for `--mode X` when `--workers` is not given: the tutorial's 2.
pub const DEFAULT_WORKERS: usize = 2;

/// The tutorial's table: its runner types with its numbers of workers.
pub const TUTORIAL_ROWS: [(MultiThreadRunnerType, usize); 5] = [
    (MultiThreadRunnerType::Simple, 2),
    (MultiThreadRunnerType::LockedList, 2),
    (MultiThreadRunnerType::ThreadPool, 2),
    (MultiThreadRunnerType::ThreadPool, 3),
    (MultiThreadRunnerType::ThreadPool, 5),
];

/// The chapter's runner types: the tutorial's `MultiThreadRunnerType` and two
/// Rust idioms. On the command line: `--mode simple`, `--mode locked-list`, ...
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MultiThreadRunnerType {
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

impl MultiThreadRunnerType {
    /// Every runner type, in the order the chapter presents them.
    pub const ALL: [MultiThreadRunnerType; 5] = [
        MultiThreadRunnerType::Simple,
        MultiThreadRunnerType::LockedList,
        MultiThreadRunnerType::ThreadPool,
        MultiThreadRunnerType::Channels,
        MultiThreadRunnerType::Scoped,
    ];

    /// The name in the tables, as the tutorial writes it: `LOCKED_LIST`.
    pub fn tutorial_name(self) -> &'static str {
        match self {
            MultiThreadRunnerType::Simple => "SIMPLE",
            MultiThreadRunnerType::LockedList => "LOCKED_LIST",
            MultiThreadRunnerType::ThreadPool => "THREAD_POOL",
            MultiThreadRunnerType::Channels => "CHANNELS",
            MultiThreadRunnerType::Scoped => "SCOPED",
        }
    }
}

/// How THREAD_POOL shares the numbers among its threads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Split {
    /// The tutorial's: one contiguous chunk per thread.
    #[default]
    Contiguous,
    /// Small pieces dealt out in turn, so every thread gets cheap and dear ones.
    Interleaved,
    /// Small pieces, spread by rayon's work stealing as threads run dry.
    Stealing,
}

impl Split {
    /// A word for the tables.
    pub fn label(self) -> &'static str {
        match self {
            Split::Contiguous => "contiguous",
            Split::Interleaved => "interleaved",
            Split::Stealing => "stealing",
        }
    }
}

/// The tutorial's `MultiThreadTaskRunner`: one runner type, and for
/// THREAD_POOL the way it splits the numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MultiThreadTaskRunner {
    runner_type: MultiThreadRunnerType,
    split: Split,
    fault: Fault,
}

impl MultiThreadTaskRunner {
    /// A runner of the given type (THREAD_POOL with the tutorial's contiguous chunks).
    pub fn new(runner_type: MultiThreadRunnerType) -> Self {
        MultiThreadTaskRunner {
            runner_type,
            split: Split::default(),
            fault: Fault(None),
        }
    }

    /// How THREAD_POOL splits the numbers; the other runner types take them
    /// one (or one piece) at a time and ignore it.
    pub fn with_split(mut self, split: Split) -> Self {
        self.split = split;
        self
    }

    /// Fault injection: the worker that takes `n` panics before checking it,
    /// to show (and test) how a dead thread is reported.
    pub fn with_panic_at(mut self, n: u64) -> Self {
        self.fault = Fault(Some(n));
        self
    }

    /// The runner type.
    pub fn runner_type_kind(&self) -> MultiThreadRunnerType {
        self.runner_type
    }

    /// The split, as THREAD_POOL uses it.
    pub fn split(&self) -> Split {
        self.split
    }
}

// ANCHOR: run_workers
impl TaskRunner for MultiThreadTaskRunner {
    fn name(&self) -> String {
        match (self.runner_type, self.split) {
            (MultiThreadRunnerType::ThreadPool, split) if split != Split::Contiguous => {
                format!("MultiThreadTaskRunner ({} split)", split.label())
            }
            _ => "MultiThreadTaskRunner".to_owned(),
        }
    }

    fn runner_type(&self) -> String {
        self.runner_type.tutorial_name().to_owned()
    }

    fn run_workers(&self, job: &Job) -> Result<Vec<WorkerReport>, RunError> {
        match self.runner_type {
            MultiThreadRunnerType::Simple => run_simple(job, self.fault),
            MultiThreadRunnerType::LockedList => run_locked_list(job, self.fault),
            MultiThreadRunnerType::ThreadPool => run_thread_pool(job, self.split, self.fault),
            MultiThreadRunnerType::Channels => run_channels(job, self.fault),
            MultiThreadRunnerType::Scoped => run_scoped(job, self.fault),
        }
    }
}
// ANCHOR_END: run_workers

// ANCHOR: simple
/// SIMPLE: one thread per worker, all popping from one queue.
///
/// `thread::spawn` needs a closure that owns everything it uses (`'static`),
/// because the thread may outlive this function as far as the compiler
/// knows. So the queue goes into an `Arc` and each thread gets a clone of
/// the pointer; the worker itself moves into its thread.
fn run_simple(job: &Job, fault: Fault) -> Result<Vec<WorkerReport>, RunError> {
    let queue = Arc::new(NumberQueue::new(job.limit));
    let stop = Arc::new(Stop::default());
    let (handles, spawn_error) = spawn_team(job.team(), |worker| {
        let queue = Arc::clone(&queue);
        let stop = Arc::clone(&stop);
        move || drain(worker, || queue.pop(), fault, &stop)
    });
    finish(join_all(handles), spawn_error)
}

/// A worker's loop: take a number, process it (sleep, then check), until the
/// source runs dry or another worker has panicked; then report, on this
/// thread, so the report names it.
fn drain(mut worker: Worker, next_number: impl Fn() -> Option<u64>, fault: Fault, stop: &Stop) -> WorkerReport {
    stop.on_panic(|| {
        while !stop.is_set()
            && let Some(n) = next_number()
        {
            fault.strike(&(n..=n));
            worker.process(n);
        }
        worker.into_report()
    })
}
// ANCHOR_END: simple

// ANCHOR: locked_list
/// The tutorial's locked list as a task provider: each call locks the list,
/// takes the next number and unlocks it.
///
/// The "list" is a range behind the `Mutex`, not a `Vec` of every number:
/// the lock guards *taking the next item*, which is all a range needs to
/// do, and `1..=10^10` costs 16 bytes where the numbers themselves would
/// cost 80 GB. The guard is a temporary of the one expression, so it is
/// dropped as soon as `next()` returns: no worker ever holds the lock while
/// it sleeps or checks a number.
pub fn locked_list(numbers: RangeInclusive<u64>) -> impl Fn() -> Option<u64> + Send + Sync {
    let list = Mutex::new(numbers);
    move || lock(&list).next()
}

/// LOCKED_LIST: like SIMPLE, with the numbers taken through [`locked_list`].
fn run_locked_list(job: &Job, fault: Fault) -> Result<Vec<WorkerReport>, RunError> {
    let next_task = Arc::new(locked_list(1..=job.limit));
    let stop = Arc::new(Stop::default());
    let (handles, spawn_error) = spawn_team(job.team(), |worker| {
        let next_task = Arc::clone(&next_task);
        let stop = Arc::clone(&stop);
        move || drain(worker, &*next_task, fault, &stop)
    });
    finish(join_all(handles), spawn_error)
}
// ANCHOR_END: locked_list

/// Locks a mutex, ignoring poisoning. A mutex is poisoned when a thread
/// panics while holding it; ours are only held to take a number from a range
/// or to use a worker that is never left half-updated by a panic (the
/// panics are caught inside the lock), so the data behind it is always
/// consistent and refusing it would only turn one failure into two.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

// ANCHOR: stop
/// The run's stop flag: raised by the first worker that panics, checked by
/// every worker before each number, so the others stop after the number in
/// hand instead of finishing a run that has already failed.
///
/// `Relaxed` is enough: the flag carries no data, and a worker that sees it
/// one number late only does one number more.
#[derive(Debug, Default)]
struct Stop(AtomicBool);

impl Stop {
    fn is_set(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// Runs `body`; if it panics, raises the flag while the panic unwinds,
    /// before anyone has caught or joined it.
    fn on_panic<T>(&self, body: impl FnOnce() -> T) -> T {
        /// Dropped at the end of `on_panic`, or during the unwinding.
        struct RaiseOnUnwind<'a>(&'a AtomicBool);
        impl Drop for RaiseOnUnwind<'_> {
            fn drop(&mut self) {
                if thread::panicking() {
                    self.0.store(true, Ordering::Relaxed);
                }
            }
        }
        let _raise = RaiseOnUnwind(&self.0);
        body()
    }
}

/// [`Worker::process_range`], one number at a time, stopping as soon as the
/// flag is up: a chunk can hold thousands of numbers.
fn process_until_stopped(worker: &mut Worker, range: RangeInclusive<u64>, stop: &Stop) {
    for n in range {
        if stop.is_set() {
            return;
        }
        worker.process(n);
    }
}
// ANCHOR_END: stop

// ANCHOR: thread_pool
/// THREAD_POOL: a rayon pool with one thread per worker, named `Worker_0`,
/// `Worker_1`, ... like the tutorial's `ThreadPoolExecutor`.
///
/// `build_scoped` starts the pool's threads inside [`std::thread::scope`],
/// so they are all joined before it returns; a plain `ThreadPool` lets its
/// threads exit on their own after it is dropped.
fn run_thread_pool(job: &Job, split: Split, fault: Fault) -> Result<Vec<WorkerReport>, RunError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(job.workers)
        .thread_name(|index| format!("Worker_{index}"));
    let pieces = Pieces::new(job.limit, job.workers);
    let run = |pool: &ThreadPool| match split {
        Split::Contiguous => {
            let chunks = chunks(job.limit, job.workers);
            one_share_per_thread(pool, job, fault, |index| [chunks[index].clone()])
        }
        Split::Interleaved => one_share_per_thread(pool, job, fault, |index| interleaved(pieces, job.workers, index)),
        Split::Stealing => work_stealing(pool, job, pieces, fault, &Stop::default()),
    };
    pool.build_scoped(|thread| thread.run(), run)
        .map_err(|err| RunError::Io {
            context: format!("cannot start a pool of {} threads", job.workers),
            source: std::io::Error::other(err),
        })?
}

/// Runs one worker on every thread of the pool, each on its own share.
///
/// `broadcast` runs the closure exactly once on each of the pool's threads,
/// which is what "one chunk per worker" means. Submitting one job per chunk
/// (as the tutorial does) would let a thread that finished early take a
/// second chunk while another thread sits idle.
fn one_share_per_thread<S>(
    pool: &ThreadPool,
    job: &Job,
    fault: Fault,
    share: impl Fn(usize) -> S + Sync,
) -> Result<Vec<WorkerReport>, RunError>
where
    S: IntoIterator<Item = RangeInclusive<u64>>,
{
    let stop = Stop::default();
    let outcomes = pool.broadcast(|context| {
        let index = context.index();
        // Made on its thread rather than moved in: `broadcast` shares one
        // closure among all threads, so it cannot hand each an owned value.
        let mut worker = Worker::new(index + 1, job.delay).with_progress(job.progress.clone());
        let name = worker.name().to_owned();
        // rayon would carry a panic over to us only after every thread is
        // done, without saying whose it was: catch it here, on its thread.
        catch_unwind(AssertUnwindSafe(|| {
            stop.on_panic(|| {
                for range in share(index) {
                    fault.strike(&range);
                    process_until_stopped(&mut worker, range, &stop);
                }
                worker.into_report()
            })
        }))
        .map_err(|panic| worker_failed(name, &current_thread_name(), &*panic))
    });
    outcomes.into_iter().collect()
}

/// Rayon's own answer to imbalance: the numbers are cut into small pieces and
/// the pool's threads steal pieces from each other as they run dry.
///
/// A piece may run on any thread, so each thread keeps its worker in a
/// `Mutex` slot of its own: only that thread ever locks it, so the lock is
/// never contended. At the end, `broadcast` visits every thread once to
/// finish its worker there, so each report names the thread it ran on.
fn work_stealing(
    pool: &ThreadPool,
    job: &Job,
    pieces: Pieces,
    fault: Fault,
    stop: &Stop,
) -> Result<Vec<WorkerReport>, RunError> {
    let slots: Vec<Mutex<Option<Worker>>> = job.team().into_iter().map(|w| Mutex::new(Some(w))).collect();
    pool.install(|| {
        (0..pieces.len()).into_par_iter().try_for_each(|index| {
            let piece = pieces.get(index);
            // Always `Some` inside `install`; slot 0 would still be correct
            // (just contended) if it were not.
            let thread = rayon::current_thread_index().unwrap_or(0);
            let mut slot = lock(&slots[thread]);
            let Some(worker) = slot.as_mut() else {
                return Ok(());
            };
            catch_unwind(AssertUnwindSafe(|| {
                stop.on_panic(|| {
                    fault.strike(&piece);
                    process_until_stopped(worker, piece, stop);
                })
            }))
            .map_err(|panic| worker_failed(worker.name().to_owned(), &current_thread_name(), &*panic))
        })
    })?;
    let reports = pool.broadcast(|context| lock(&slots[context.index()]).take().map(Worker::into_report));
    Ok(reports.into_iter().flatten().collect())
}
// ANCHOR_END: thread_pool

// ANCHOR: channels
/// CHANNELS: the feeding thread (the caller) fans pieces of numbers out over
/// a bounded channel; each worker thread receives until the channel is
/// closed, then fans its report back in over a second channel.
///
/// A piece rather than a single number per message: with no delay a number
/// costs less than a message. The channel is bounded so the feeder never
/// runs far ahead of the workers.
fn run_channels(job: &Job, fault: Fault) -> Result<Vec<WorkerReport>, RunError> {
    let (numbers_tx, numbers_rx) = crossbeam::channel::bounded::<RangeInclusive<u64>>(2 * job.workers);
    let (reports_tx, reports_rx) = crossbeam::channel::unbounded::<(usize, WorkerReport)>();
    let team = job.team().into_iter().enumerate();
    let stop = Arc::new(Stop::default());
    let (handles, spawn_error) = spawn_team(team, |(index, mut worker)| {
        let numbers = numbers_rx.clone();
        let reports = reports_tx.clone();
        let stop = Arc::clone(&stop);
        move || {
            // Leaving the loop drops this receiver: once every worker has
            // left, the feeder's next `send` fails instead of blocking.
            stop.on_panic(|| {
                for piece in numbers {
                    if stop.is_set() {
                        break;
                    }
                    fault.strike(&piece);
                    process_until_stopped(&mut worker, piece, &stop);
                }
            });
            // The receiver lives until every worker is joined: this cannot
            // fail, and if it did the missing report would show as an error.
            let _ = reports.send((index, worker.into_report()));
        }
    });
    // Keep no receiver and no sender of our own: if every worker died, the
    // next `send` fails instead of blocking forever on a full channel, and
    // the reports channel closes when the last worker is done.
    drop((numbers_rx, reports_tx));
    if spawn_error.is_none() {
        for piece in Pieces::new(job.limit, job.workers).iter() {
            if stop.is_set() || numbers_tx.send(piece).is_err() {
                break;
            }
        }
    }
    drop(numbers_tx); // closes the channel: the workers' loops end
    let joined = join_all(handles);
    let mut reports: Vec<(usize, WorkerReport)> = reports_rx.iter().collect();
    // They arrive in the order the workers finished; the report lists them
    // in worker order.
    reports.sort_by_key(|&(index, _)| index);
    finish(joined, spawn_error)?;
    Ok(reports.into_iter().map(|(_, report)| report).collect())
}
// ANCHOR_END: channels

// ANCHOR: scoped
/// SCOPED: SIMPLE with borrowing instead of `Arc`. The scope joins every
/// thread before it returns, so the compiler lets the threads borrow
/// `queue`, a plain local: no reference count, no `'static`.
fn run_scoped(job: &Job, fault: Fault) -> Result<Vec<WorkerReport>, RunError> {
    let queue = NumberQueue::new(job.limit);
    let (queue, stop) = (&queue, &Stop::default());
    thread::scope(|scope| {
        let mut handles = Vec::with_capacity(job.workers);
        for worker in job.team() {
            let name = worker.name().to_owned();
            let spawned = thread::Builder::new()
                .name(name.clone())
                .spawn_scoped(scope, move || drain(worker, || queue.pop(), fault, stop));
            match spawned {
                Ok(handle) => handles.push((name, handle)),
                // The threads already started end when the queue is empty,
                // and the scope joins them: report the failure after that.
                Err(source) => return Err(cannot_spawn(&name, source)),
            }
        }
        // Joined by hand, so a panic comes back as an `Err` per thread
        // instead of the scope re-panicking on our thread.
        let outcomes = handles.into_iter().map(|(name, handle)| (name, handle.join()));
        collect_outcomes(outcomes)
    })
}
// ANCHOR_END: scoped

// ANCHOR: join_all
/// Starts one named thread per worker (the thread takes the worker's name),
/// running the closure `body` makes for it. Stops at the first thread the OS
/// refuses, and returns the threads started so far with that error, so the
/// caller still joins them.
fn spawn_team<W, F, T>(
    team: impl IntoIterator<Item = W>,
    mut body: impl FnMut(W) -> F,
) -> (Vec<(String, JoinHandle<T>)>, Option<RunError>)
where
    W: NamedWorker,
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let mut handles = Vec::new();
    for worker in team {
        let name = worker.worker_name().to_owned();
        match thread::Builder::new().name(name.clone()).spawn(body(worker)) {
            Ok(handle) => handles.push((name, handle)),
            Err(source) => return (handles, Some(cannot_spawn(&name, source))),
        }
    }
    (handles, None)
}

/// Joins every thread, in order, even after one has failed: returning early
/// would leave the others running with no one to wait for them.
fn join_all<T>(handles: Vec<(String, JoinHandle<T>)>) -> Result<Vec<T>, RunError> {
    collect_outcomes(handles.into_iter().map(|(name, handle)| (name, handle.join())))
}

/// What the threads returned, or the first one that panicked, by name.
fn collect_outcomes<T>(outcomes: impl Iterator<Item = (String, thread::Result<T>)>) -> Result<Vec<T>, RunError> {
    let mut values = Vec::new();
    let mut failure = None;
    for (name, outcome) in outcomes {
        match outcome {
            Ok(value) => values.push(value),
            Err(panic) => {
                failure.get_or_insert_with(|| worker_failed(name.clone(), &name, &*panic));
            }
        }
    }
    failure.map_or(Ok(values), Err)
}
// ANCHOR_END: join_all

/// The joined result, unless a thread could not even be started.
fn finish<T>(joined: Result<T, RunError>, spawn_error: Option<RunError>) -> Result<T, RunError> {
    match spawn_error {
        Some(err) => Err(err),
        None => joined,
    }
}

fn cannot_spawn(name: &str, source: std::io::Error) -> RunError {
    RunError::Io {
        context: format!("cannot start the thread of {name}"),
        source,
    }
}

/// A panic, caught by `join` or `catch_unwind`, as the error naming its
/// worker, and the pool thread it ran on when that has another name:
/// "Worker-1 failed: panicked on its pool thread Worker_0: ...".
fn worker_failed(worker: String, thread: &str, panic: &(dyn Any + Send)) -> RunError {
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic with no message".to_owned());
    let reason = if thread == worker {
        format!("panicked: {message}")
    } else {
        format!("panicked on its pool thread {thread}: {message}")
    };
    RunError::WorkerFailed { worker, reason }
}

/// The name of the thread we are on, for errors raised inside the pool.
fn current_thread_name() -> String {
    thread::current().name().unwrap_or("unnamed").to_owned()
}

/// Anything [`spawn_team`] can name a thread after.
trait NamedWorker {
    fn worker_name(&self) -> &str;
}

impl NamedWorker for Worker {
    fn worker_name(&self) -> &str {
        self.name()
    }
}

impl NamedWorker for (usize, Worker) {
    fn worker_name(&self) -> &str {
        self.1.name()
    }
}

/// The fault `--panic-at` injects: a panic when a worker takes that number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Fault(Option<u64>);

impl Fault {
    fn strike(self, numbers: &RangeInclusive<u64>) {
        if let Some(n) = self.0
            && numbers.contains(&n)
        {
            panic!("injected fault: number {n}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use concurrency_core::Verdict;
    use std::collections::HashSet;
    use std::time::{Duration, Instant};

    /// Every runner the chapter has: the five types, THREAD_POOL three ways.
    fn every_runner() -> Vec<MultiThreadTaskRunner> {
        measure::no_gil_runners()
    }

    fn run(runner: MultiThreadTaskRunner, limit: u64, workers: usize, delay_ms: u64) -> concurrency_core::RunReport {
        let job = Job::new(limit, workers, Duration::from_millis(delay_ms));
        runner
            .run(&job)
            .unwrap_or_else(|err| panic!("{} {:?} failed: {err}", runner.runner_type(), runner.split()))
    }

    #[test]
    fn every_runner_finds_exactly_pi_of_n() {
        for runner in every_runner() {
            for (limit, workers, pi) in [(1_000, 3, 168), (1_000_000, 4, 78_498)] {
                let report = run(runner, limit, workers, 0);
                let what = format!("{} {:?} at {limit}", report.runner_type, runner.split());
                assert_eq!(report.verdict(), Verdict::Exact { count: pi }, "{what}");
                assert_eq!(report.workers.len(), workers, "{what}");
                assert_eq!(report.pids(), [std::process::id()], "{what}");
            }
        }
    }

    #[test]
    fn with_a_delay_every_worker_works_on_its_own_thread_and_the_sleeps_overlap() {
        // 200 numbers at 20 ms: 4 s one after the other, 0.2 s on 20
        // threads. The bound, half the serial time, is 10x the expected
        // time: a busy machine cannot break it, sleeps that did not overlap
        // would.
        let (limit, workers, delay_ms) = (200, 20, 20);
        let serial = Duration::from_millis(limit * delay_ms);
        for runner in every_runner() {
            let report = run(runner, limit, workers, delay_ms);
            let what = format!("{} {:?}", report.runner_type, runner.split());
            assert_eq!(report.verdict(), Verdict::Exact { count: 46 }, "{what}");
            assert_eq!(report.active_workers().len(), workers, "{what}: {report}");
            assert_eq!(report.pids(), [std::process::id()], "{what}");
            let threads: HashSet<&str> = report.workers.iter().map(|w| w.thread.as_str()).collect();
            assert_eq!(threads.len(), workers, "{what}: {report}");
            assert!(!threads.contains("main"), "{what}: {report}");
            // Loose on purpose: the lesson is "the sleeps overlap", not a speed.
            assert!(report.elapsed < serial / 2, "{what} took {:?}", report.elapsed);
        }
    }

    #[test]
    fn the_pool_threads_are_named_like_the_tutorials() {
        let report = run(MultiThreadTaskRunner::new(MultiThreadRunnerType::ThreadPool), 50, 5, 1);
        let threads: Vec<&str> = report.workers.iter().map(|w| w.thread.as_str()).collect();
        assert_eq!(threads, ["Worker_0", "Worker_1", "Worker_2", "Worker_3", "Worker_4"]);
        let firsts: Vec<u64> = report.workers.iter().map(|w| w.primes[0]).collect();
        assert_eq!(firsts, [2, 11, 23, 31, 41], "each thread starts its own chunk");
        let simple = run(MultiThreadTaskRunner::new(MultiThreadRunnerType::Simple), 50, 2, 1);
        assert_eq!(simple.workers[1].thread, "Worker-2");
    }

    #[test]
    fn a_panicking_worker_fails_the_run_by_name_and_nothing_hangs() {
        for runner in every_runner() {
            let job = Job::new(2_000, 3, Duration::ZERO);
            let started = Instant::now();
            let err = runner.with_panic_at(1_500).run(&job).expect_err("a worker panicked");
            let what = format!("{} {:?}", runner.runner_type(), runner.split());
            match err {
                RunError::WorkerFailed { worker, reason } => {
                    assert!(
                        ["Worker-1", "Worker-2", "Worker-3"].contains(&worker.as_str()),
                        "{what}: {worker}"
                    );
                    assert!(reason.contains("injected fault: number 1500"), "{what}: {reason}");
                }
                other => panic!("{what}: {other}"),
            }
            assert!(started.elapsed() < Duration::from_secs(10), "{what}");
        }
    }

    #[test]
    fn a_panic_stops_the_other_workers_after_the_number_in_hand() {
        // 400 numbers at 100 ms on 2 workers: 20 s of sleeping if the others
        // drained the queue. Number 3 is among the first each runner takes,
        // so the run must stop a few numbers later. The panic hook runs
        // before the unwinding raises the stop flag, and with RUST_BACKTRACE
        // set it spends a while printing a backtrace, which is why the bound
        // is half the queue rather than "two numbers". A count, not a clock:
        // it holds however busy the machine is.
        for runner in every_runner() {
            let job = Job::new(400, 2, Duration::from_millis(100));
            // `run_workers`, not `run`: `run` fills the bar when it is done.
            let err = runner
                .with_panic_at(3)
                .run_workers(&job)
                .expect_err("a worker panicked");
            let what = format!("{} {:?}", runner.runner_type(), runner.split());
            let checked = job.progress.position();
            assert!(
                checked < 200,
                "{what}: {checked} of 400 numbers checked after a panic at 3"
            );
            let RunError::WorkerFailed { worker, reason } = err else {
                panic!("{what}: not a worker failure: {err}")
            };
            assert!(reason.contains("injected fault: number 3"), "{what}: {reason}");
            // One worker named, once: the thread is named only when the pool
            // gave it a name of its own.
            let message = format!("{worker} failed: {reason}");
            assert_eq!(message.matches("Worker-").count(), 1, "{what}: {message}");
            if runner.runner_type_kind() == MultiThreadRunnerType::ThreadPool {
                assert!(reason.contains("on its pool thread Worker_"), "{what}: {reason}");
            }
        }
    }

    #[test]
    fn the_locked_list_hands_out_each_number_once() {
        let next = locked_list(1..=100_000);
        let taken: Vec<Vec<u64>> = thread::scope(|scope| {
            let handles: Vec<_> = (0..4)
                .map(|_| scope.spawn(|| std::iter::from_fn(&next).collect::<Vec<u64>>()))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap_or_default()).collect()
        });
        let mut all: Vec<u64> = taken.concat();
        all.sort_unstable();
        assert_eq!(all, (1..=100_000).collect::<Vec<_>>());
    }
}
