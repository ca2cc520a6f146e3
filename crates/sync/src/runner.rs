//! The tutorial's `SyncTaskRunner`: each worker in turn drains the queue.

use std::panic::{AssertUnwindSafe, catch_unwind};

use clap::ValueEnum;
use concurrency_core::{FaultPlan, Job, NumberQueue, RunError, TaskRunner, Worker, WorkerReport};

/// The chapter's runner types: the synchronous runner has only one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RunnerType {
    /// Each worker in turn drains the shared queue.
    Simple,
}

/// The tutorial's `SyncTaskRunner`.
#[derive(Debug, Clone, Copy, Default)]
pub struct SyncTaskRunner {
    /// A worker made to fail on purpose (`--fail-worker`), if any.
    fault: Option<FaultPlan>,
}

impl SyncTaskRunner {
    /// The runner, with no fault planned.
    pub fn new() -> Self {
        SyncTaskRunner { fault: None }
    }

    /// The same runner, with `plan`'s worker made to panic at its planned
    /// number ([`FaultPlan`], `--fail-worker`).
    pub fn with_fault(self, plan: Option<FaultPlan>) -> Self {
        SyncTaskRunner { fault: plan }
    }

    /// The runner type: always [`RunnerType::Simple`].
    pub fn kind(&self) -> RunnerType {
        RunnerType::Simple
    }
}

// ANCHOR: run_workers
impl TaskRunner for SyncTaskRunner {
    fn name(&self) -> String {
        "SyncTaskRunner".to_owned()
    }

    fn runner_type(&self) -> String {
        "SIMPLE".to_owned()
    }

    fn run_workers(&self, job: &Job) -> Result<Vec<WorkerReport>, RunError> {
        let queue = NumberQueue::new(job.limit);
        let mut workers: Vec<Worker> = job.team().into_iter().map(|w| w.with_fault(self.fault)).collect();
        for worker in &mut workers {
            // Each worker loops until the queue is empty. Nothing else runs
            // meanwhile, so the first worker empties it and the others find
            // nothing left: synchronous code is one thing at a time.
            drain(worker, &queue)?;
        }
        Ok(workers.into_iter().map(Worker::into_report).collect())
    }
}

/// `worker` takes numbers until the queue is empty.
///
/// A panic in it (`--fail-worker`) would unwind through the runner and end
/// the program; `catch_unwind` stops it here, the way a `try`/`except` round
/// the loop would in Python, and the run fails with an error naming the
/// worker. With one thread there is no other worker running to carry on.
fn drain(worker: &mut Worker, queue: &NumberQueue) -> Result<(), RunError> {
    let drained = catch_unwind(AssertUnwindSafe(|| {
        while let Some(n) = queue.pop() {
            worker.process(n);
        }
    }));
    drained.map_err(|panic| RunError::WorkerFailed {
        worker: worker.name().to_owned(),
        reason: format!("panicked: {}", concurrency_core::panic_message(&*panic)),
    })
}
// ANCHOR_END: run_workers

#[cfg(test)]
mod tests {
    use super::*;
    use concurrency_core::{FailHow, Verdict};
    use std::time::Duration;

    #[test]
    fn only_the_first_worker_ever_works() {
        let report = SyncTaskRunner::new()
            .run(&Job::new(1_000, 2, Duration::ZERO))
            .expect("a sync run with no fault cannot fail");
        assert_eq!(report.verdict(), Verdict::Exact { count: 168 });
        assert_eq!(report.active_workers(), ["Worker-1"]);
        assert_eq!(report.workers[0].primes.len(), 168);
        assert!(report.workers[1].primes.is_empty() && report.workers[1].processed == 0);
        // One thread in one process did everything.
        assert_eq!(report.pids(), [std::process::id()]);
    }

    #[test]
    fn more_workers_change_nothing() {
        let report = SyncTaskRunner::new()
            .run(&Job::new(10_000, 5, Duration::ZERO))
            .expect("a sync run with no fault cannot fail");
        assert_eq!(report.verdict(), Verdict::Exact { count: 1_229 });
        assert_eq!(report.active_workers(), ["Worker-1"]);
    }

    #[test]
    fn delays_add_up_one_after_the_other() {
        // 20 numbers at 5 ms each: at least 100 ms, whatever the number of
        // workers, because they never overlap.
        let report = SyncTaskRunner::new()
            .run(&Job::new(20, 4, Duration::from_millis(5)))
            .expect("a sync run with no fault cannot fail");
        assert!(report.elapsed >= Duration::from_millis(100), "{:?}", report.elapsed);
    }

    fn plan(worker: usize, after: u64) -> Option<FaultPlan> {
        Some(FaultPlan {
            worker,
            after,
            how: FailHow::Panic,
        })
    }

    #[test]
    fn a_worker_that_panics_fails_the_run_naming_it() {
        let runner = SyncTaskRunner::new().with_fault(plan(1, 3));
        let err = runner
            .run(&Job::new(100, 2, Duration::ZERO))
            .expect_err("Worker-1 panics at its fourth number");
        let RunError::WorkerFailed { worker, reason } = err else {
            panic!("not a worker failure: {err}")
        };
        assert_eq!(worker, "Worker-1");
        assert_eq!(reason, "panicked: injected fault after 3 numbers");
    }

    #[test]
    fn a_worker_that_never_gets_a_number_never_fails() {
        // Worker-2 would fail at its first number, but Worker-1 takes them all.
        let report = SyncTaskRunner::new()
            .with_fault(plan(2, 0))
            .run(&Job::new(100, 2, Duration::ZERO))
            .expect("Worker-2 never checks a number");
        assert_eq!(report.verdict(), Verdict::Exact { count: 25 });
        assert_eq!(SyncTaskRunner::new().kind(), RunnerType::Simple);
    }
}
