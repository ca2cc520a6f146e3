//! SCOPED: SIMPLE with borrowing instead of `Arc`.

use std::thread;

use concurrency_core::{FaultPlan, Job, NumberQueue, RunError, WorkerReport};

use super::simple::drain;
use crate::team::{Stop, cannot_spawn, collect_outcomes};

/// Runs SCOPED. [`std::thread::scope`] joins every thread before it
/// returns, so the compiler lets the threads borrow `queue` and `stop`,
/// plain locals: no reference count, no `'static`.
pub(crate) fn run(job: &Job, fault: Option<FaultPlan>) -> Result<Vec<WorkerReport>, RunError> {
    let queue = NumberQueue::new(job.limit);
    let (queue, stop) = (&queue, &Stop::default());
    thread::scope(|scope| {
        let mut handles = Vec::with_capacity(job.workers);
        for worker in job.team() {
            let worker = worker.with_fault(fault);
            let name = worker.name().to_owned();
            let spawned = thread::Builder::new()
                .name(name.clone())
                .spawn_scoped(scope, move || drain(worker, || queue.pop(), stop));
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
