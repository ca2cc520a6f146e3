//! # Chapter 1: synchronous execution
//!
//! The tutorial's first approach is not concurrent at all, on purpose: it is
//! the baseline every later chapter is measured against. A `SyncTaskRunner`
//! creates two workers and one queue holding the numbers 1 to 1000. Each
//! worker, in turn, loops until the queue is empty.
//!
//! The catch is in "in turn". Nothing runs at the same time, so the first
//! worker empties the whole queue before the second one even starts, and
//! `Worker-2` finds nothing left to do. The tutorial printed
//! `{'Worker-1': {2, 3, 5, 7, ...}, 'Worker-2': set()}` after 50.55 seconds:
//! 1000 numbers times the forced 0.05 s delay, plus a little work.
//!
//! ## What Rust changes
//!
//! Nothing, and that is the lesson. Rust has no GIL, but code that never
//! asks for concurrency gets none: one thread runs one loop. The output
//! shows it the way the tutorial did: all 168 primes below 1000 found by
//! `Worker-1`, an empty set for `Worker-2`, and one process id for both.
//!
//! ```text
//! cargo run -p chapter-sync                                  # the tutorial's run: about 50 s
//! cargo run -p chapter-sync -- --limit 100 --delay-ms 1      # the same lesson in a blink
//! ```
//!
//! The runner is [`SyncTaskRunner`]; the shared model (`Worker`, the queue,
//! the report) comes from [`concurrency_core`].

use clap::ValueEnum;
use concurrency_core::{Job, NumberQueue, RunError, TaskRunner, Worker, WorkerReport};

/// The tutorial runs this chapter with two workers.
pub const DEFAULT_WORKERS: usize = 2;

/// The chapter's runner types: the synchronous runner has only one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SyncMode {
    /// Each worker in turn drains the shared queue.
    Simple,
}

/// The tutorial's `SyncTaskRunner`.
#[derive(Debug, Clone, Copy, Default)]
pub struct SyncTaskRunner;

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
        let mut workers = job.team();
        for worker in &mut workers {
            // Each worker loops until the queue is empty. Nothing else runs
            // meanwhile, so the first worker empties it and the others find
            // nothing left: synchronous code is one thing at a time.
            while let Some(n) = queue.pop() {
                worker.process(n);
            }
        }
        Ok(workers.into_iter().map(Worker::into_report).collect())
    }
}
// ANCHOR_END: run_workers

#[cfg(test)]
mod tests {
    use super::*;
    use concurrency_core::Verdict;
    use std::time::Duration;

    #[test]
    fn only_the_first_worker_ever_works() {
        let report = SyncTaskRunner
            .run(&Job::new(1_000, 2, Duration::ZERO))
            .expect("a sync run cannot fail");
        assert_eq!(report.verdict(), Verdict::Exact { count: 168 });
        assert_eq!(report.active_workers(), ["Worker-1"]);
        assert_eq!(report.workers[0].primes.len(), 168);
        assert!(report.workers[1].primes.is_empty() && report.workers[1].processed == 0);
        // One thread in one process did everything.
        assert_eq!(report.pids(), [std::process::id()]);
    }

    #[test]
    fn more_workers_change_nothing() {
        let report = SyncTaskRunner
            .run(&Job::new(10_000, 5, Duration::ZERO))
            .expect("a sync run cannot fail");
        assert_eq!(report.verdict(), Verdict::Exact { count: 1_229 });
        assert_eq!(report.active_workers(), ["Worker-1"]);
    }

    #[test]
    fn delays_add_up_one_after_the_other() {
        // 20 numbers at 5 ms each: at least 100 ms, whatever the number of
        // workers, because they never overlap.
        let report = SyncTaskRunner
            .run(&Job::new(20, 4, Duration::from_millis(5)))
            .expect("a sync run cannot fail");
        assert!(report.elapsed >= Duration::from_millis(100), "{:?}", report.elapsed);
    }
}
