//! The tutorial's `CoopTaskRunner`: it takes the numbers from the queue
//! itself and hands each one to the first idle worker.

use clap::ValueEnum;
use concurrency_core::{FaultPlan, Job, NumberQueue, RunError, TaskRunner, WorkerReport};

use crate::worker::{CoopWorker, select_idle_worker};

/// The chapter's runner types: the cooperative runner has only one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RunnerType {
    /// The runner hands each number to the first idle worker.
    Simple,
}

/// The tutorial's `CoopTaskRunner`.
#[derive(Debug, Clone, Copy, Default)]
pub struct CoopTaskRunner {
    /// A worker made to fail on purpose (`--fail-worker`), if any.
    fault: Option<FaultPlan>,
}

impl CoopTaskRunner {
    /// The runner, with no fault planned.
    pub fn new() -> Self {
        CoopTaskRunner { fault: None }
    }

    /// The same runner, with `plan`'s worker made to panic at its planned
    /// number ([`FaultPlan`], `--fail-worker`).
    pub fn with_fault(self, plan: Option<FaultPlan>) -> Self {
        CoopTaskRunner { fault: plan }
    }

    /// The runner type: always [`RunnerType::Simple`].
    pub fn kind(&self) -> RunnerType {
        RunnerType::Simple
    }
}

// ANCHOR: run_workers
impl TaskRunner for CoopTaskRunner {
    fn name(&self) -> String {
        "CoopTaskRunner".to_owned()
    }

    fn runner_type(&self) -> String {
        "SIMPLE".to_owned()
    }

    fn run_workers(&self, job: &Job) -> Result<Vec<WorkerReport>, RunError> {
        let queue = NumberQueue::new(job.limit);
        let team = job.team().into_iter().map(|worker| worker.with_fault(self.fault));
        let mut workers: Vec<CoopWorker> = team.map(CoopWorker::new).collect();
        while let Some(n) = queue.pop() {
            // `process` returns before we look for the next idle worker, so
            // the worker that just finished is idle again: Worker-1, always.
            let Some(worker) = select_idle_worker(&mut workers) else {
                // Unreachable in synchronous code: every worker is idle
                // between two calls. Said as an error, not a panic.
                return Err(RunError::WorkerFailed {
                    worker: "every worker".to_owned(),
                    reason: format!("no idle worker for number {n}"),
                });
            };
            worker.process(n)?;
        }
        Ok(workers.into_iter().map(CoopWorker::into_report).collect())
    }
}
// ANCHOR_END: run_workers

#[cfg(test)]
mod tests {
    use super::*;
    use concurrency_core::{FailHow, Verdict};
    use std::time::Duration;

    #[test]
    fn the_first_idle_worker_is_always_worker_1() {
        let report = CoopTaskRunner::new()
            .run(&Job::new(1_000, 2, Duration::ZERO))
            .expect("a coop run with no fault cannot fail");
        assert_eq!(report.verdict(), Verdict::Exact { count: 168 });
        assert_eq!(report.active_workers(), ["Worker-1"]);
        assert_eq!(report.workers[1].processed, 0);
        assert_eq!(report.pids(), [std::process::id()]);
        assert_eq!(CoopTaskRunner::new().kind(), RunnerType::Simple);
    }

    #[test]
    fn a_worker_that_panics_fails_the_run_naming_it() {
        let plan = Some(FaultPlan {
            worker: 1,
            after: 3,
            how: FailHow::Panic,
        });
        let err = CoopTaskRunner::new()
            .with_fault(plan)
            .run(&Job::new(100, 2, Duration::ZERO))
            .expect_err("Worker-1 panics at its fourth number");
        let RunError::WorkerFailed { worker, reason } = err else {
            panic!("not a worker failure: {err}")
        };
        assert_eq!(worker, "Worker-1");
        assert!(reason.contains("injected fault after 3 numbers"), "{reason}");
    }
}
