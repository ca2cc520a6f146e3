//! The thread plumbing every runner shares: starting one named thread per
//! worker, joining every one of them, the stop flag a panicking worker
//! raises, and the error that names it.
//!
//! None of it is specific to primes. It is what any program that starts its
//! own threads needs: a name on each thread (it shows in panics, debuggers
//! and `top -H`), a `join` for each thread however the others ended, and a
//! way for one failure to stop the rest.

use std::any::Any;
use std::ops::RangeInclusive;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::thread::{self, JoinHandle};

use concurrency_core::{RunError, Worker};

// ANCHOR: join_all
/// Starts one named thread per worker (the thread takes the worker's name),
/// running the closure `body` makes for it. Stops at the first thread the OS
/// refuses, and returns the threads started so far with that error, so the
/// caller still joins them.
pub(crate) fn spawn_team<W, F, T>(
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
pub(crate) fn join_all<T>(handles: Vec<(String, JoinHandle<T>)>) -> Result<Vec<T>, RunError> {
    collect_outcomes(handles.into_iter().map(|(name, handle)| (name, handle.join())))
}

/// What the threads returned, or the first one that panicked, by name.
pub(crate) fn collect_outcomes<T>(
    outcomes: impl Iterator<Item = (String, thread::Result<T>)>,
) -> Result<Vec<T>, RunError> {
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
pub(crate) fn finish<T>(joined: Result<T, RunError>, spawn_error: Option<RunError>) -> Result<T, RunError> {
    match spawn_error {
        Some(err) => Err(err),
        None => joined,
    }
}

/// The OS refused a thread (too many threads, no memory for its stack).
pub(crate) fn cannot_spawn(name: &str, source: std::io::Error) -> RunError {
    RunError::Io {
        context: format!("cannot start the thread of {name}"),
        source,
    }
}

// ANCHOR: worker_failed
/// A panic, caught by `join` or `catch_unwind`, as the error naming its
/// worker, and the pool thread it ran on when that has another name:
/// "Worker-1 failed: panicked on its pool thread Worker_0: ...".
pub(crate) fn worker_failed(worker: String, thread: &str, panic: &(dyn Any + Send)) -> RunError {
    let message = concurrency_core::panic_message(panic);
    let reason = if thread == worker {
        format!("panicked: {message}")
    } else {
        format!("panicked on its pool thread {thread}: {message}")
    };
    RunError::WorkerFailed { worker, reason }
}
// ANCHOR_END: worker_failed

/// The name of the thread we are on, for errors raised inside the pool.
pub(crate) fn current_thread_name() -> String {
    thread::current().name().unwrap_or("unnamed").to_owned()
}

/// Anything [`spawn_team`] can name a thread after.
pub(crate) trait NamedWorker {
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

/// Locks a mutex, ignoring poisoning. A mutex is poisoned when a thread
/// panics while holding it; ours are only held to take a number from a range
/// or to use a worker that is never left half-updated by a panic (the
/// panics are caught inside the lock), so the data behind it is always
/// consistent and refusing it would only turn one failure into two.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

// ANCHOR: stop
/// The run's stop flag: raised by the first worker that panics, checked by
/// every worker before each number, so the others stop after the number in
/// hand instead of finishing a run that has already failed. It closes every
/// source of numbers at once: a queue, a locked list, a chunk, a channel.
///
/// `Relaxed` is enough: the flag carries no data, and a worker that sees it
/// one number late only does one number more.
#[derive(Debug, Default)]
pub(crate) struct Stop(AtomicBool);

impl Stop {
    pub(crate) fn is_set(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// Runs `body`; if it panics, raises the flag while the panic unwinds,
    /// before anyone has caught or joined it.
    pub(crate) fn on_panic<T>(&self, body: impl FnOnce() -> T) -> T {
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
pub(crate) fn process_until_stopped(worker: &mut Worker, range: RangeInclusive<u64>, stop: &Stop) {
    for n in range {
        if stop.is_set() {
            return;
        }
        worker.process(n);
    }
}
// ANCHOR_END: stop

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_names_its_worker_once_and_its_thread_when_another() {
        let panic: Box<dyn Any + Send> = Box::new("injected fault after 2 numbers".to_owned());
        let err = worker_failed("Worker-1".to_owned(), "Worker-1", &*panic);
        assert_eq!(
            err.to_string(),
            "Worker-1 failed: panicked: injected fault after 2 numbers"
        );
        let err = worker_failed("Worker-2".to_owned(), "Worker_0", &*panic);
        assert_eq!(
            err.to_string(),
            "Worker-2 failed: panicked on its pool thread Worker_0: injected fault after 2 numbers"
        );
    }
}
