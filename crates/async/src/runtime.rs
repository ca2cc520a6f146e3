//! The four runtimes behind one small enum: start one, spawn a task on it,
//! sleep without blocking, push blocking work aside, and await or cancel a
//! spawned task.
//!
//! Python has one event loop in its standard library; Rust has none, and
//! leaves the executor to crates. Their APIs differ in the details this
//! module hides:
//!
//! | what                    | tokio                      | async-std                        | smol                          |
//! |-------------------------|----------------------------|----------------------------------|-------------------------------|
//! | run a future to the end | `Runtime::block_on`        | `task::block_on`                 | `smol::block_on`              |
//! | spawn a task            | `tokio::spawn`             | `task::spawn`                    | `smol::spawn`                 |
//! | non-blocking sleep      | `time::sleep`              | `task::sleep`                    | `Timer::after`                |
//! | blocking work aside     | `task::spawn_blocking`     | `task::spawn_blocking`           | `smol::unblock`               |
//! | a panic in a task       | `JoinError::is_panic`      | re-raised where it is awaited    | re-raised where it is awaited |
//! | dropping the handle     | detaches the task          | detaches the task                | **cancels** the task          |
//! | cancelling it           | `JoinHandle::abort`        | `JoinHandle::cancel().await`     | `Task::cancel().await`        |
//!
//! The last two rows are why [`Task::cancel`] exists: "drop the handle" means
//! "cancel" only on smol, so code that relies on dropping leaks running tasks
//! on the other two.
//!
//! The runtime is picked on the command line, at run time, so an enum fits
//! better than a trait with one type per runtime: the runners stay ordinary
//! (non-generic) functions and one `match` per operation shows every
//! runtime side by side.

use std::fmt;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use clap::ValueEnum;
use concurrency_core::RunError;
use futures::FutureExt;

// ANCHOR: runtime
/// The async runtime that runs the tasks (`--runtime`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ValueEnum)]
pub enum AsyncRuntime {
    /// tokio on the calling thread alone: one thread, like Python's asyncio.
    TokioCurrentThread,
    /// tokio with one worker thread per core: tasks run in parallel.
    TokioMultiThread,
    /// async-std, discontinued upstream in 2025 (RUSTSEC-2025-0052); kept
    /// because older code uses it. New code should pick smol or tokio.
    AsyncStd,
    /// smol: a small runtime; its global executor has one thread unless
    /// the `SMOL_THREADS` environment variable asks for more.
    Smol,
}
// ANCHOR_END: runtime

impl fmt::Display for AsyncRuntime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AsyncRuntime::TokioCurrentThread => "tokio current-thread",
            AsyncRuntime::TokioMultiThread => "tokio multi-thread",
            AsyncRuntime::AsyncStd => "async-std",
            AsyncRuntime::Smol => "smol",
        })
    }
}

impl AsyncRuntime {
    /// Every runtime, in the order the chapter presents them.
    pub const ALL: [AsyncRuntime; 4] = [
        AsyncRuntime::TokioCurrentThread,
        AsyncRuntime::TokioMultiThread,
        AsyncRuntime::AsyncStd,
        AsyncRuntime::Smol,
    ];

    /// Whether this is one of the two tokio flavours (the only runtime with
    /// a `JoinSet`).
    pub fn is_tokio(self) -> bool {
        matches!(self, AsyncRuntime::TokioCurrentThread | AsyncRuntime::TokioMultiThread)
    }

    // ANCHOR: block_on
    /// Starts the runtime and drives `future` to completion on the calling
    /// thread: Python's `asyncio.run`.
    ///
    /// tokio is built here and shut down when `future` returns; dropping a
    /// tokio runtime waits for its blocking-pool threads, so nothing is left
    /// running. async-std and smol run their tasks on process-wide executor
    /// threads that live as long as the process: there is no runtime value
    /// to drop, which is one of the reasons tokio's explicit runtime won.
    pub fn block_on<F: Future>(self, future: F) -> Result<F::Output, RunError> {
        let tokio_runtime = |mut builder: tokio::runtime::Builder| {
            builder.enable_all().build().map_err(|source| RunError::Io {
                context: format!("cannot start the {self} runtime"),
                source,
            })
        };
        Ok(match self {
            AsyncRuntime::TokioCurrentThread => {
                tokio_runtime(tokio::runtime::Builder::new_current_thread())?.block_on(future)
            }
            AsyncRuntime::TokioMultiThread => {
                let mut builder = tokio::runtime::Builder::new_multi_thread();
                // Distinct thread names, so a report can tell how many
                // threads did the work (tokio names them all alike).
                builder.thread_name_fn(|| {
                    static NEXT: AtomicUsize = AtomicUsize::new(1);
                    format!("tokio-worker-{}", NEXT.fetch_add(1, Ordering::Relaxed))
                });
                tokio_runtime(builder)?.block_on(future)
            }
            AsyncRuntime::AsyncStd => async_std::task::block_on(future),
            AsyncRuntime::Smol => smol::block_on(future),
        })
    }
    // ANCHOR_END: block_on

    // ANCHOR: spawn
    /// Spawns `future` as a task of this runtime, on behalf of `worker` (the
    /// name an error will carry): Python's `asyncio.create_task`.
    ///
    /// On async-std and smol a task's panic would be re-raised in whoever
    /// awaits it, so the future runs under `catch_unwind` and the panic
    /// comes back as a value, as tokio's `JoinError` does.
    ///
    /// # Panics
    ///
    /// For the tokio runtimes, when called outside [`block_on`](Self::block_on)
    /// (tokio needs to know which runtime to spawn on).
    pub fn spawn<F>(self, worker: &str, future: F) -> Task<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        let inner = match self {
            AsyncRuntime::TokioCurrentThread | AsyncRuntime::TokioMultiThread => Inner::Tokio(tokio::spawn(future)),
            AsyncRuntime::AsyncStd => Inner::AsyncStd(async_std::task::spawn(AssertUnwindSafe(future).catch_unwind())),
            AsyncRuntime::Smol => Inner::Smol(smol::spawn(AssertUnwindSafe(future).catch_unwind())),
        };
        Task {
            worker: worker.to_owned(),
            inner,
        }
    }
    // ANCHOR_END: spawn

    // ANCHOR: sleep
    /// Sleeps without blocking the thread: the task yields and the executor
    /// runs other tasks meanwhile (Python's `asyncio.sleep`).
    pub async fn sleep(self, delay: Duration) {
        match self {
            AsyncRuntime::TokioCurrentThread | AsyncRuntime::TokioMultiThread => tokio::time::sleep(delay).await,
            AsyncRuntime::AsyncStd => async_std::task::sleep(delay).await,
            AsyncRuntime::Smol => {
                smol::Timer::after(delay).await;
            }
        }
    }
    // ANCHOR_END: sleep

    // ANCHOR: spawn_blocking
    /// Runs blocking code on the runtime's pool of blocking threads and
    /// returns a task to await (Python's `loop.run_in_executor`): the fix
    /// for a blocking call inside a task.
    ///
    /// # Panics
    ///
    /// For the tokio runtimes, when called outside [`block_on`](Self::block_on).
    pub fn spawn_blocking<F, T>(self, worker: &str, work: F) -> Task<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let inner = match self {
            AsyncRuntime::TokioCurrentThread | AsyncRuntime::TokioMultiThread => {
                Inner::Tokio(tokio::task::spawn_blocking(work))
            }
            AsyncRuntime::AsyncStd => Inner::AsyncStd(async_std::task::spawn_blocking(move || catch_panic(work))),
            AsyncRuntime::Smol => Inner::Smol(smol::unblock(move || catch_panic(work))),
        };
        Task {
            worker: worker.to_owned(),
            inner,
        }
    }
    // ANCHOR_END: spawn_blocking
}

/// A spawned task of any of the runtimes. Awaiting it gives the task's
/// output, or [`RunError::WorkerFailed`] naming the worker when the task
/// panicked or was cancelled.
///
/// Dropping a `Task` cancels it on smol but detaches it (it keeps running)
/// on tokio and async-std: call [`cancel`](Self::cancel) to stop it.
#[must_use = "a task that is neither awaited nor cancelled may keep running"]
pub struct Task<T> {
    worker: String,
    inner: Inner<T>,
}

enum Inner<T> {
    Tokio(tokio::task::JoinHandle<T>),
    AsyncStd(async_std::task::JoinHandle<std::thread::Result<T>>),
    Smol(smol::Task<std::thread::Result<T>>),
}

impl<T> fmt::Debug for Task<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Task")
            .field("worker", &self.worker)
            .finish_non_exhaustive()
    }
}

// The handles of all three runtimes are `Unpin` whatever `T` is (they are
// pointers to a heap-allocated task), but async-std's does not say so for
// every `T`. `Task` never pins anything itself, so it is `Unpin` too.
impl<T> Unpin for Task<T> {}

impl<T> Task<T> {
    /// The worker this task runs for.
    pub fn worker(&self) -> &str {
        &self.worker
    }

    // ANCHOR: cancel
    /// Cancels the task and waits until it is gone: it will not run again,
    /// and whatever it owned has been dropped.
    pub async fn cancel(self) {
        match self.inner {
            Inner::Tokio(handle) => {
                handle.abort();
                // Aborting only asks; awaiting the handle waits until the
                // task has been dropped (or had already finished).
                let _ = handle.await;
            }
            Inner::AsyncStd(handle) => {
                handle.cancel().await;
            }
            Inner::Smol(task) => {
                task.cancel().await;
            }
        }
    }
    // ANCHOR_END: cancel

    fn failed(&self, reason: String) -> RunError {
        RunError::WorkerFailed {
            worker: self.worker.clone(),
            reason,
        }
    }
}

impl<T> Future for Task<T> {
    type Output = Result<T, RunError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let outcome = match &mut this.inner {
            Inner::Tokio(handle) => match Pin::new(handle).poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Ok(output)) => Ok(output),
                Poll::Ready(Err(err)) if err.is_panic() => Err(panic_reason(err.into_panic())),
                Poll::Ready(Err(err)) => Err(format!("its task was cancelled ({err})")),
            },
            Inner::AsyncStd(handle) => match Pin::new(handle).poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(caught) => caught.map_err(panic_reason),
            },
            Inner::Smol(task) => match Pin::new(task).poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(caught) => caught.map_err(panic_reason),
            },
        };
        Poll::Ready(outcome.map_err(|reason| this.failed(reason)))
    }
}

/// Runs `work`, returning its panic as a value instead of unwinding.
fn catch_panic<T>(work: impl FnOnce() -> T) -> std::thread::Result<T> {
    std::panic::catch_unwind(AssertUnwindSafe(work))
}

/// "panicked: {message}" for a panic's payload, which is a `&str` or a
/// `String` for every `panic!` with a message.
pub(crate) fn panic_reason(payload: Box<dyn std::any::Any + Send>) -> String {
    let message = match payload.downcast::<String>() {
        Ok(text) => *text,
        Err(payload) => match payload.downcast::<&str>() {
            Ok(text) => (*text).to_owned(),
            Err(_) => "a panic with no message".to_owned(),
        },
    };
    format!("panicked: {message}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    #[test]
    fn every_runtime_runs_tasks_and_returns_their_output() {
        for runtime in AsyncRuntime::ALL {
            let sum = runtime
                .block_on(async move {
                    let tasks: Vec<Task<u64>> = (1..=10).map(|n| runtime.spawn("Worker-1", async move { n })).collect();
                    let mut sum = 0;
                    for task in tasks {
                        sum += task.await.expect("no task panics");
                    }
                    sum
                })
                .expect("the runtime starts");
            assert_eq!(sum, 55, "{runtime}");
        }
    }

    #[test]
    fn a_panic_becomes_an_error_naming_the_worker() {
        for runtime in AsyncRuntime::ALL {
            let outcome = runtime
                .block_on(async move {
                    let task = runtime.spawn("Worker-7", async { panic!("boom") });
                    let blocking = runtime.spawn_blocking("Worker-8", || -> u8 { panic!("bang") });
                    (task.await, blocking.await)
                })
                .expect("the runtime starts");
            let (Err(RunError::WorkerFailed { worker, reason }), Err(blocking)) = outcome else {
                panic!("{runtime}: the panics must be errors")
            };
            assert_eq!(
                (worker.as_str(), reason.as_str()),
                ("Worker-7", "panicked: boom"),
                "{runtime}"
            );
            assert_eq!(blocking.to_string(), "Worker-8 failed: panicked: bang", "{runtime}");
        }
    }

    #[test]
    fn a_cancelled_task_stops_at_once() {
        for runtime in AsyncRuntime::ALL {
            let started = Instant::now();
            runtime
                .block_on(async move {
                    let task = runtime.spawn("Worker-1", async move { runtime.sleep(Duration::from_secs(30)).await });
                    runtime.sleep(Duration::from_millis(10)).await;
                    task.cancel().await;
                })
                .expect("the runtime starts");
            assert!(
                started.elapsed() < Duration::from_secs(5),
                "{runtime}: {:?}",
                started.elapsed()
            );
        }
    }
}
