//! The download modes: the same requests, ten ways.
//!
//! Every mode has one signature, `fn(&Plan, ...) -> Result<Tally, RunError>`:
//! a network failure is counted in the [`Tally`], never returned; a
//! [`RunError`] means the mode itself could not run (no runtime, no thread,
//! no worker process).

use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use concurrency_core::RunError;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::client::{Plan, Tally, async_client, blocking_agent, fetch_async, fetch_blocking};

/// Where `sync-print` prints and `sync-log` logs. The binary passes
/// standard output and standard error; tests pass buffers.
pub struct Sinks {
    /// `sync-print`'s lines, one per response.
    pub print: Mutex<Box<dyn Write + Send>>,
    /// `sync-log`'s records, one per response.
    pub log: Mutex<Box<dyn Write + Send>>,
}

impl Sinks {
    /// Sinks that throw everything away.
    pub fn discard() -> Sinks {
        Sinks {
            print: Mutex::new(Box::new(std::io::sink())),
            log: Mutex::new(Box::new(std::io::sink())),
        }
    }
}

/// How each response is reported as it arrives (the tutorial's print/log
/// variants of the synchronous download).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Report {
    /// Nothing.
    Quiet,
    /// `Read 12000 bytes from URL`, like the tutorial's `print`.
    Print,
    /// A log record with a time stamp, level and thread, like Python's
    /// `logging`.
    Log,
}

// ANCHOR: sync
/// `sync-no-session` and `sync-session`: one request after the other. With
/// `session`, one agent (one pooled connection) serves them all; without,
/// every request builds a fresh agent, so it opens and closes its own
/// connection: Python's `requests.get` against `session.get`.
pub fn sync(plan: &Plan, session: bool, report: Report, sinks: &Sinks) -> Tally {
    let started = Instant::now();
    let shared = blocking_agent(plan.timeout);
    let mut tally = Tally::default();
    for i in 0..plan.requests() {
        let url = plan.url(i);
        let result = if session {
            fetch_blocking(&shared, &url)
        } else {
            fetch_blocking(&blocking_agent(plan.timeout), &url)
        };
        tally.record(result);
        write_report(report, sinks, started, &url, result);
    }
    tally
}
// ANCHOR_END: sync

fn write_report(report: Report, sinks: &Sinks, started: Instant, url: &str, result: Result<u64, crate::Failure>) {
    let what = match result {
        Ok(bytes) => format!("Read {bytes} bytes from {url}"),
        Err(failure) => format!("Failed {url}: {failure:?}"),
    };
    // A write error (a closed pipe) must not stop the downloads: the
    // lesson is the cost of writing, not its success.
    match report {
        Report::Quiet => {}
        Report::Print => {
            if let Ok(mut out) = sinks.print.lock() {
                let _ = writeln!(out, "{what}");
            }
        }
        Report::Log => {
            let thread = std::thread::current();
            let record = format!(
                "{:>10.6} INFO [{}] io_bound: {what}",
                started.elapsed().as_secs_f64(),
                thread.name().unwrap_or("unnamed")
            );
            if let Ok(mut log) = sinks.log.lock() {
                let _ = writeln!(log, "{record}");
            }
        }
    }
}

// ANCHOR: threads
/// `threads`: a pool of `threads` threads, each with its own agent (the
/// tutorial's thread-local session), taking request numbers from one atomic
/// counter until none is left.
pub fn threads(plan: &Plan, threads: usize) -> Result<Tally, RunError> {
    let next = AtomicU64::new(0);
    let requests = plan.requests();
    std::thread::scope(|scope| {
        let mut handles = Vec::with_capacity(threads);
        for t in 0..threads {
            let next = &next;
            let spawned = std::thread::Builder::new()
                .name(format!("Worker_{t}"))
                .spawn_scoped(scope, move || {
                    let agent = blocking_agent(plan.timeout);
                    let mut tally = Tally::default();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= requests {
                            break tally;
                        }
                        tally.record(fetch_blocking(&agent, &plan.url(i)));
                    }
                });
            match spawned {
                Ok(handle) => handles.push(handle),
                Err(source) => {
                    // The threads already started still run to the end (the
                    // scope joins them) before this error is returned.
                    next.store(requests, Ordering::Relaxed);
                    return Err(RunError::Io {
                        context: format!("cannot start thread Worker_{t}"),
                        source,
                    });
                }
            }
        }
        let mut total = Tally::default();
        for (t, handle) in handles.into_iter().enumerate() {
            let tally = handle.join().map_err(|_| RunError::WorkerFailed {
                worker: format!("Worker_{t}"),
                reason: "the thread panicked".into(),
            })?;
            total.merge(&tally);
        }
        Ok(total)
    })
}
// ANCHOR_END: threads

/// A single-threaded tokio runtime: asyncio's event loop.
fn current_thread_runtime() -> Result<tokio::runtime::Runtime, RunError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|source| RunError::Io {
            context: "cannot build a tokio runtime".into(),
            source,
        })
}

// ANCHOR: async
/// `async` and `async-limited`: one task per request on a single-threaded
/// runtime, all sharing one reqwest client. Without a limit every request
/// is in flight at once; with `Some(k)`, a semaphore of `k` permits lets
/// only `k` through at a time (the `n_at_once` of "Parallelization in
/// Python").
///
/// `reuse` keeps finished connections for the next requests, as a session
/// does: what `async-limited` wants. `async` turns it off, because with
/// every request in flight at once no connection is ever free for another,
/// and the pool only costs: while a request connects, hyper's pool keeps it
/// in a queue of requests waiting for an idle connection, and every connect
/// that finishes scans that queue, so 10,000 at once cost 10,000 x 10,000
/// steps, a large share of the run's CPU time.
pub fn tasks(plan: &Plan, at_once: Option<usize>, reuse: bool) -> Result<Tally, RunError> {
    let client = async_client(plan.timeout, reuse).map_err(|err| RunError::Io {
        context: "cannot build the HTTP client".into(),
        source: std::io::Error::other(err),
    })?;
    let permits = at_once.map(|k| Arc::new(Semaphore::new(k)));
    current_thread_runtime()?.block_on(async move {
        let mut set = JoinSet::new();
        for i in 0..plan.requests() {
            let (client, permits, url) = (client.clone(), permits.clone(), plan.url(i));
            set.spawn(async move {
                // Held until the task ends; `None` when there is no limit.
                let _permit = match &permits {
                    Some(semaphore) => Some(semaphore.acquire().await),
                    None => None,
                };
                fetch_async(&client, &url).await
            });
            // `async`: every request is in flight at once all the same, but
            // the answers that are ready are read between batches of 64
            // starts: otherwise the first answer waits until all 10,000
            // have connected, and its timeout runs meanwhile (asyncio's
            // gather has the same queue, first in, first out). Not with a
            // pool: a task that started in between would find the
            // connection of a request just finished not yet back in it, and
            // open one more than the permits.
            if !reuse && i % 64 == 63 {
                tokio::task::yield_now().await;
            }
        }
        collect(set).await
    })
}
// ANCHOR_END: async

/// Waits for every task of `set` and adds up their results.
async fn collect(mut set: JoinSet<Result<u64, crate::Failure>>) -> Result<Tally, RunError> {
    let mut tally = Tally::default();
    while let Some(joined) = set.join_next().await {
        let result = joined.map_err(|err| RunError::WorkerFailed {
            worker: "a download task".into(),
            reason: err.to_string(),
        })?;
        tally.record(result);
    }
    Ok(tally)
}

// ANCHOR: async_blocking
/// `async-blocking` (`offload: false`): the mistake. Every request is an
/// async task, but each calls the blocking client, which holds the
/// runtime's only thread until its page arrives: the tasks run one after
/// the other, as slowly as `sync-session`, and nothing warns you.
///
/// `async-spawn-blocking` (`offload: true`): the fix when a blocking call
/// cannot be avoided. `spawn_blocking` moves the call to tokio's pool of
/// blocking threads and the task awaits its result, so the runtime's thread
/// stays free and the requests overlap again.
pub fn blocking_in_tasks(plan: &Plan, offload: bool) -> Result<Tally, RunError> {
    let agent = blocking_agent(plan.timeout);
    current_thread_runtime()?.block_on(async move {
        let mut set = JoinSet::new();
        for i in 0..plan.requests() {
            let (agent, url) = (agent.clone(), plan.url(i));
            set.spawn(async move {
                if offload {
                    tokio::task::spawn_blocking(move || fetch_blocking(&agent, &url))
                        .await
                        .unwrap_or(Err(crate::Failure::Other))
                } else {
                    fetch_blocking(&agent, &url) // blocks the event loop
                }
            });
        }
        collect(set).await
    })
}
// ANCHOR_END: async_blocking
