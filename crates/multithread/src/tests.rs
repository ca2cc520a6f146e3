//! The runners' claims, checked on every runner: exact counts, one thread
//! per worker, overlapping sleeps, and a panicking worker named and stopping
//! the rest.

use std::collections::HashSet;
use std::time::Duration;

use concurrency_core::{FailHow, FaultPlan, Job, RunError, RunReport, TaskRunner, Verdict};

use crate::{MultiThreadTaskRunner, RunnerType, measure};

/// Every runner the chapter has: the five types, THREAD_POOL three ways.
fn every_runner() -> Vec<MultiThreadTaskRunner> {
    measure::no_gil_runners()
}

fn run(runner: MultiThreadTaskRunner, limit: u64, workers: usize, delay_ms: u64) -> RunReport {
    let job = Job::new(limit, workers, Duration::from_millis(delay_ms));
    runner
        .run(&job)
        .unwrap_or_else(|err| panic!("{} {:?} failed: {err}", runner.runner_type(), runner.split()))
}

/// `Worker-{worker}` panics after checking `after` numbers.
fn panic_plan(worker: usize, after: u64) -> Option<FaultPlan> {
    Some(FaultPlan {
        worker,
        after,
        how: FailHow::Panic,
    })
}

#[test]
fn every_runner_finds_exactly_pi_of_n() {
    for runner in every_runner() {
        for (limit, workers, pi) in [(1_000, 3, 168), (1_000_000, 4, 78_498)] {
            let report = run(runner, limit, workers, 0);
            let what = format!("{} {:?} at {limit}", report.runner_type, runner.split());
            assert_eq!(report.verdict(), Verdict::Exact { count: pi }, "{what}");
            assert_eq!(report.workers.len(), workers, "{what}");
            assert_eq!(report.pids(), [std::process::id()], "{what}");
        }
    }
}

#[test]
fn with_a_delay_every_worker_works_on_its_own_thread_and_the_sleeps_overlap() {
    // 200 numbers at 20 ms: 4 s one after the other, 0.2 s on 20
    // threads. The bound, half the serial time, is 10x the expected
    // time: a busy machine cannot break it, sleeps that did not overlap
    // would.
    let (limit, workers, delay_ms) = (200, 20, 20);
    let serial = Duration::from_millis(limit * delay_ms);
    for runner in every_runner() {
        let report = run(runner, limit, workers, delay_ms);
        let what = format!("{} {:?}", report.runner_type, runner.split());
        assert_eq!(report.verdict(), Verdict::Exact { count: 46 }, "{what}");
        assert_eq!(report.active_workers().len(), workers, "{what}: {report}");
        assert_eq!(report.pids(), [std::process::id()], "{what}");
        let threads: HashSet<&str> = report.workers.iter().map(|w| w.thread.as_str()).collect();
        assert_eq!(threads.len(), workers, "{what}: {report}");
        assert!(!threads.contains("main"), "{what}: {report}");
        // Loose on purpose: the lesson is "the sleeps overlap", not a speed.
        assert!(report.elapsed < serial / 2, "{what} took {:?}", report.elapsed);
    }
}

#[test]
fn the_pool_threads_are_named_like_the_tutorials() {
    let report = run(MultiThreadTaskRunner::new(RunnerType::ThreadPool), 50, 5, 1);
    let threads: Vec<&str> = report.workers.iter().map(|w| w.thread.as_str()).collect();
    assert_eq!(threads, ["Worker_0", "Worker_1", "Worker_2", "Worker_3", "Worker_4"]);
    let firsts: Vec<u64> = report.workers.iter().map(|w| w.primes[0]).collect();
    assert_eq!(firsts, [2, 11, 23, 31, 41], "each thread starts its own chunk");
    let simple = run(MultiThreadTaskRunner::new(RunnerType::Simple), 50, 2, 1);
    assert_eq!(simple.workers[1].thread, "Worker-2");
}

#[test]
fn a_panicking_worker_fails_the_run_by_name_and_the_others_stop() {
    // 400 numbers at 100 ms on 2 workers: 20 s of sleeping if the other
    // worker drained the queue. Worker-2 panics at its third number, among
    // the first each runner hands it, so the run must stop a few numbers
    // later. The panic hook runs before the unwinding raises the stop flag,
    // and with RUST_BACKTRACE set it spends a while printing a backtrace,
    // which is why the bound is half the queue rather than "two numbers". A
    // count, not a clock: it holds however busy the machine is.
    for runner in every_runner() {
        let job = Job::new(400, 2, Duration::from_millis(100));
        // `run_workers`, not `run`: `run` fills the bar when it is done.
        let err = runner
            .with_fault(panic_plan(2, 2))
            .run_workers(&job)
            .expect_err("Worker-2 panicked");
        let what = format!("{} {:?}", runner.runner_type(), runner.split());
        let checked = job.progress.position();
        assert!(
            checked < 200,
            "{what}: {checked} of 400 numbers checked after a panic at the third"
        );
        let RunError::WorkerFailed { worker, reason } = err else {
            panic!("{what}: not a worker failure: {err}")
        };
        assert_eq!(worker, "Worker-2", "{what}: {reason}");
        assert!(reason.contains("injected fault after 2 numbers"), "{what}: {reason}");
        // One worker named, once: the thread is named only when the pool
        // gave it a name of its own.
        let message = format!("{worker} failed: {reason}");
        assert_eq!(message.matches("Worker-").count(), 1, "{what}: {message}");
        if runner.kind() == RunnerType::ThreadPool {
            assert!(reason.contains("on its pool thread Worker_1"), "{what}: {reason}");
        }
    }
}

#[test]
fn a_plan_for_a_worker_the_run_does_not_have_changes_nothing() {
    for runner in every_runner() {
        let report = runner
            .with_fault(panic_plan(3, 0))
            .run(&Job::new(1_000, 2, Duration::ZERO))
            .expect("there is no Worker-3");
        assert_eq!(report.verdict(), Verdict::Exact { count: 168 });
    }
}

#[test]
fn with_no_delay_a_panic_fails_the_run_by_name_or_never_came_due() {
    // With no delay, which thread takes which numbers is the scheduler's
    // choice: Worker-1 may find the queue empty by the time its thread
    // runs. Either it checked no number and the run is whole, or it
    // panicked at its first and the run fails naming it; nothing hangs.
    for runner in every_runner() {
        let job = Job::new(200_000, 3, Duration::ZERO);
        let what = format!("{} {:?}", runner.runner_type(), runner.split());
        match runner.with_fault(panic_plan(1, 0)).run(&job) {
            Ok(report) => {
                assert_eq!(report.verdict(), Verdict::Exact { count: 17_984 }, "{what}");
                assert_eq!(report.workers[0].processed, 0, "{what}: {report}");
            }
            Err(RunError::WorkerFailed { worker, reason }) => {
                assert_eq!(worker, "Worker-1", "{what}: {reason}");
                assert!(reason.contains("injected fault after 0 numbers"), "{what}: {reason}");
            }
            Err(other) => panic!("{what}: {other}"),
        }
    }
}
