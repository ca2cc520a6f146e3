//! The tutorial's `AsyncWorker.process`: the loop every task runs, and what
//! the tasks of a run share.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use concurrency_core::{FaultPlan, Job, NumberQueue, RunError, Worker, WorkerReport, WorkerStatus};

use crate::delay::DelayKind;
use crate::runtime::{AsyncRuntime, Task};

/// What every task of a run shares.
#[derive(Debug, Clone)]
pub(crate) struct TaskContext {
    pub(crate) runtime: AsyncRuntime,
    pub(crate) queue: Arc<NumberQueue>,
    pub(crate) delay_kind: DelayKind,
    /// The worker made to fail on purpose (`--fail-worker`), if any.
    pub(crate) fault: Option<FaultPlan>,
    /// Tasks not finished yet, for `SIMPLE`'s `Remaining tasks: N`.
    pub(crate) remaining: Arc<AtomicUsize>,
}

impl TaskContext {
    /// The job's workers, the planned fault armed on its worker (which then
    /// panics by itself in its task, at its planned number).
    pub(crate) fn team(&self, job: &Job) -> Vec<Worker> {
        job.team()
            .into_iter()
            .map(|worker| worker.with_fault(self.fault))
            .collect()
    }
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
/// executor; between two of them the task runs without interruption. The
/// number is checked with [`Worker::check`], not `Worker::process`, which
/// would sleep with `std::thread::sleep`: the mistake of [`DelayKind::Blocking`].
pub(crate) async fn process_queue(mut worker: Worker, context: TaskContext) -> Result<WorkerReport, RunError> {
    let _finished = Finished {
        remaining: Arc::clone(&context.remaining),
        queue: Arc::clone(&context.queue),
    };
    let delay = worker.delay();
    while let Some(n) = context.queue.pop() {
        worker.set_status(WorkerStatus::Busy);
        // A timeline's span starts here, before the delay (no-op without one).
        worker.begin();
        // With no delay there is nothing to await: the loop never yields,
        // which is what CPU-bound code in a task looks like.
        if !delay.is_zero() {
            context.delay_kind.wait(context.runtime, delay, worker.name()).await?;
        }
        // A worker made to fail (`--fail-worker`) panics here, in its task.
        worker.check(n);
        worker.set_status(WorkerStatus::Idle);
    }
    // Here, on the thread that ran the task's last step: the report records
    // its name and the process id.
    Ok(worker.into_report())
}
// ANCHOR_END: async_worker

/// Spawns one task per worker of the job's team.
pub(crate) fn spawn_team(context: &TaskContext, job: &Job) -> Vec<Task<Result<WorkerReport, RunError>>> {
    let spawn = |worker: Worker| {
        let name = worker.name().to_owned();
        context.runtime.spawn(&name, process_queue(worker, context.clone()))
    };
    context.team(job).into_iter().map(spawn).collect()
}
