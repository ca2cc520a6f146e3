//! The tutorial's `CoopWorker`, and how the runner picks one.

use std::panic::{AssertUnwindSafe, catch_unwind};

use concurrency_core::{RunError, Worker, WorkerReport, WorkerStatus};

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
    ///
    /// A worker made to fail (`--fail-worker`) panics instead; the panic is
    /// stopped here, the way a `try`/`except` would stop an exception, and
    /// comes back as an error naming the worker, which stays `Dead`.
    pub fn process(&mut self, n: u64) -> Result<(), RunError> {
        self.0.set_status(WorkerStatus::Busy);
        let checked = catch_unwind(AssertUnwindSafe(|| self.0.process(n)));
        if let Err(panic) = checked {
            self.0.set_status(WorkerStatus::Dead);
            return Err(RunError::WorkerFailed {
                worker: self.name().to_owned(),
                reason: format!("panicked: {}", concurrency_core::panic_message(&*panic)),
            });
        }
        self.0.set_status(WorkerStatus::Idle);
        Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;
    use concurrency_core::{FailHow, FaultPlan};
    use std::time::Duration;

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
        worker.process(7).expect("no fault planned");
        assert!(worker.is_idle());
        assert_eq!(worker.into_report().primes, [7]);
    }

    #[test]
    fn a_worker_that_panics_is_dead_and_named() {
        let plan = Some(FaultPlan {
            worker: 1,
            after: 1,
            how: FailHow::Panic,
        });
        let mut worker = CoopWorker::new(Worker::new(1, Duration::ZERO).with_fault(plan));
        worker.process(2).expect("its first number is fine");
        let err = worker.process(3).expect_err("its second is fatal");
        assert_eq!(
            err.to_string(),
            "Worker-1 failed: panicked: injected fault after 1 number"
        );
        assert!(!worker.is_idle(), "a dead worker takes no more numbers");
    }
}
