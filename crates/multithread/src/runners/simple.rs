//! SIMPLE: one thread per worker, all popping from one queue.

use std::sync::Arc;

use concurrency_core::{FaultPlan, Job, NumberQueue, RunError, Worker, WorkerReport};

use crate::team::{Stop, finish, join_all, spawn_team};

/// Runs SIMPLE.
///
/// `thread::spawn` needs a closure that owns everything it uses (`'static`),
/// because the thread may outlive this function as far as the compiler
/// knows. So the queue goes into an `Arc` and each thread gets a clone of
/// the pointer; the worker itself moves into its thread and comes back,
/// finished, as the thread's result.
pub(crate) fn run(job: &Job, fault: Option<FaultPlan>) -> Result<Vec<WorkerReport>, RunError> {
    let queue = Arc::new(NumberQueue::new(job.limit));
    let stop = Arc::new(Stop::default());
    let team = job.team().into_iter().map(|worker| worker.with_fault(fault));
    let (handles, spawn_error) = spawn_team(team, |worker| {
        let queue = Arc::clone(&queue);
        let stop = Arc::clone(&stop);
        move || drain(worker, || queue.pop(), &stop)
    });
    finish(join_all(handles), spawn_error)
}

/// A worker's loop: take a number, process it (sleep, then check), until the
/// source runs dry or another worker has panicked; then report, on this
/// thread, so the report names it. LOCKED_LIST and SCOPED run it too: they
/// differ from SIMPLE only in where `next_number` takes its numbers.
pub(crate) fn drain(mut worker: Worker, next_number: impl Fn() -> Option<u64>, stop: &Stop) -> WorkerReport {
    // A panic here (the injected fault) raises the stop flag as it unwinds.
    stop.on_panic(|| {
        while !stop.is_set()
            && let Some(n) = next_number()
        {
            worker.process(n);
        }
        worker.into_report()
    })
}
