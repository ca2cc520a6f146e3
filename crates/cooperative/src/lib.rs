//! # Chapter 2: cooperative execution
//!
//! The tutorial's second approach gives the workers a status. A `CoopWorker`
//! marks itself `Busy` while it checks a number and `Idle` when it is done,
//! and the `CoopTaskRunner` takes the numbers from the queue itself, handing
//! each one to the first idle worker it finds.
//!
//! It looks like a scheduler, and it still is not concurrent. The runner
//! waits for `process` to return before it takes the next number, and by
//! then the worker that just finished is idle again. The first idle worker
//! is therefore always `Worker-1`. The tutorial measured 51.13 seconds and
//! the same result as the synchronous chapter:
//! `{'Worker-1': {2, 3, 5, 7, ...}, 'Worker-2': set()}`. Picking a worker at
//! random would spread the numbers, but not overlap a single delay.
//!
//! ## What Rust changes
//!
//! Nothing yet. The status is an ordinary field and the worker an ordinary
//! `&mut` borrow: the borrow checker lets the runner hold only one worker at
//! a time mutably, which is exactly the one-thing-at-a-time this chapter is
//! about. Real cooperation needs a worker that can *give the thread back*
//! while it waits, which is what `async`/`.await` adds in chapter 3.
//!
//! ```text
//! cargo run -p chapter-cooperative                              # the tutorial's run: about 50 s
//! cargo run -p chapter-cooperative -- --limit 100 --delay-ms 1  # the same lesson in a blink
//! ```

use clap::ValueEnum;
use concurrency_core::{Job, NumberQueue, RunError, TaskRunner, Worker, WorkerReport, WorkerStatus};

/// The tutorial runs this chapter with two workers.
pub const DEFAULT_WORKERS: usize = 2;

/// The chapter's runner types: the cooperative runner has only one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CoopMode {
    /// The runner hands each number to the first idle worker.
    Simple,
}

// ANCHOR: coop_worker
/// The tutorial's `CoopWorker`: a worker that says when it is busy.
#[derive(Debug)]
pub struct CoopWorker(Worker);

impl CoopWorker {
    /// Wraps a worker from the shared model.
    pub fn new(worker: Worker) -> Self {
        CoopWorker(worker)
    }

    /// `Busy` while the number is checked, `Idle` again when it is done.
    pub fn process(&mut self, n: u64) {
        self.0.set_status(WorkerStatus::Busy);
        self.0.process(n);
        self.0.set_status(WorkerStatus::Idle);
    }

    /// Whether the worker can take a number.
    pub fn is_idle(&self) -> bool {
        self.0.status() == WorkerStatus::Idle
    }

    /// The worker's name, e.g. `Worker-1`.
    pub fn name(&self) -> &str {
        self.0.name()
    }

    /// Finishes the worker and reports what it did.
    pub fn into_report(self) -> WorkerReport {
        self.0.into_report()
    }
}
// ANCHOR_END: coop_worker

// ANCHOR: select_idle_worker
/// The tutorial's `__select_idle_worker`: the first worker that is idle.
pub fn select_idle_worker(workers: &mut [CoopWorker]) -> Option<&mut CoopWorker> {
    workers.iter_mut().find(|worker| worker.is_idle())
}
// ANCHOR_END: select_idle_worker

/// The tutorial's `CoopTaskRunner`.
#[derive(Debug, Clone, Copy, Default)]
pub struct CoopTaskRunner;

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
        let mut workers: Vec<CoopWorker> = job.team().into_iter().map(CoopWorker::new).collect();
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
            worker.process(n);
        }
        Ok(workers.into_iter().map(CoopWorker::into_report).collect())
    }
}
// ANCHOR_END: run_workers

#[cfg(test)]
mod tests {
    use super::*;
    use concurrency_core::Verdict;
    use std::time::Duration;

    #[test]
    fn the_first_idle_worker_is_always_worker_1() {
        let report = CoopTaskRunner
            .run(&Job::new(1_000, 2, Duration::ZERO))
            .expect("a coop run cannot fail");
        assert_eq!(report.verdict(), Verdict::Exact { count: 168 });
        assert_eq!(report.active_workers(), ["Worker-1"]);
        assert_eq!(report.workers[1].processed, 0);
        assert_eq!(report.pids(), [std::process::id()]);
    }

    #[test]
    fn a_busy_worker_is_skipped() {
        // The selection itself works: were Worker-1 still busy, Worker-2
        // would get the number. Synchronous code just never gets there.
        let mut workers: Vec<CoopWorker> = (1..=3)
            .map(|n| CoopWorker::new(Worker::new(n, Duration::ZERO)))
            .collect();
        workers[0].0.set_status(WorkerStatus::Busy);
        let chosen = select_idle_worker(&mut workers).map(|w| w.name().to_owned());
        assert_eq!(chosen.as_deref(), Some("Worker-2"));
        for worker in &mut workers {
            worker.0.set_status(WorkerStatus::Busy);
        }
        assert!(select_idle_worker(&mut workers).is_none());
    }

    #[test]
    fn a_worker_is_idle_again_after_each_number() {
        let mut worker = CoopWorker::new(Worker::new(1, Duration::ZERO));
        worker.process(7);
        assert!(worker.is_idle());
        assert_eq!(worker.into_report().primes, [7]);
    }
}
