//! The runners with real worker processes: exact counts, one PID per
//! worker, recovery from a worker that dies, and no process left behind.

mod common;

use std::time::Duration;

use chapter_multiprocess::{MultiProcessTaskRunner, RunnerType};
use common::{BIN, assert_all_gone, exists};
use concurrency_core::{FailHow, FaultPlan, Job, RunReport, TaskRunner, Verdict, expected_prime_count};

const ALL: [RunnerType; 4] = [
    RunnerType::Simple,
    RunnerType::Shared,
    RunnerType::ProcessPool,
    RunnerType::ChunksInPool,
];

fn runner(runner_type: RunnerType) -> MultiProcessTaskRunner {
    MultiProcessTaskRunner::new(runner_type).with_worker_exe(BIN)
}

/// Runs, checks the lesson every run must show, stops the pool and checks
/// that every worker process is gone.
fn run_checked(runner: &MultiProcessTaskRunner, job: &Job) -> RunReport {
    let report = runner
        .run(job)
        .unwrap_or_else(|err| panic!("{} failed: {err}", runner.runner_type()));
    let expected = expected_prime_count(job.limit).expect("a checkable limit");
    assert_eq!(
        report.verdict(),
        Verdict::Exact { count: expected },
        "{}",
        runner.runner_type()
    );
    // Real processes: every worker has its own PID, none is ours.
    let pids = report.pids();
    assert_eq!(pids.len(), job.workers, "{report}");
    assert!(!pids.contains(&std::process::id()), "{report}");
    runner.shutdown_pool();
    let mut all = pids;
    all.extend(runner.last_deaths().iter().map(|death| death.pid));
    assert_all_gone(&all);
    report
}

#[test]
fn every_runner_type_finds_the_168_primes_below_1000_in_distinct_processes() {
    for runner_type in ALL {
        let report = run_checked(&runner(runner_type), &Job::new(1_000, 3, Duration::ZERO));
        assert_eq!(report.runner_type, runner_type.to_string());
    }
}

#[test]
fn every_runner_type_is_exact_at_10_to_the_5() {
    for runner_type in ALL {
        run_checked(&runner(runner_type), &Job::new(100_000, 3, Duration::ZERO));
    }
}

#[test]
fn simple_gives_each_worker_one_contiguous_chunk() {
    let report = run_checked(&runner(RunnerType::Simple), &Job::new(1_000, 3, Duration::ZERO));
    let checked: Vec<u64> = report.workers.iter().map(|w| w.processed).collect();
    assert_eq!(checked, [334, 333, 333]);
    assert_eq!(report.workers[1].primes.first(), Some(&337)); // the tutorial's Worker-2: (337, 347, 349, ...)
    assert_eq!(report.workers[2].primes.first(), Some(&673));
}

#[test]
fn the_forced_delay_overlaps_across_processes() {
    // 400 numbers at 20 ms: 8 s one after the other, about 0.4 s on twenty
    // processes, plus their start-up. The bound, half the serial time, is
    // about 10x the expected time: a busy machine and a debug build cannot
    // break it, sleeps that did not overlap would.
    let report = run_checked(
        &runner(RunnerType::Shared),
        &Job::new(400, 20, Duration::from_millis(20)),
    );
    assert!(report.elapsed < Duration::from_secs(4), "{report}");
    assert_eq!(report.active_workers().len(), 20, "{report}");
}

#[test]
fn a_pool_keeps_its_processes_between_runs() {
    let pool = runner(RunnerType::ProcessPool);
    let job = Job::new(1_000, 3, Duration::ZERO);
    let first = pool.run(&job).expect("first run");
    let second = pool.run(&job).expect("second run");
    assert_eq!(first.pids(), second.pids(), "the same processes served both runs");
    assert!(first.pids().iter().all(|&pid| exists(pid)), "alive while the pool is");
    assert_eq!(second.verdict(), Verdict::Exact { count: 168 });
    drop(pool); // dropping the runner stops and reaps its pool
    assert_all_gone(&first.pids());
}

/// [`run_checked`], repeated until a worker actually died. The doomed worker
/// dies on its sixth number; on a busy machine the others may, rarely, drain
/// the work before its talking thread is even scheduled, and then there is
/// no death to check. So the test waits for its precondition (a run with a
/// death) instead of hoping a delay is long enough.
fn run_until_a_death(runner: &MultiProcessTaskRunner, job: &Job) -> RunReport {
    for attempt in 1..=5 {
        let report = run_checked(runner, job);
        if !runner.last_deaths().is_empty() {
            return report;
        }
        eprintln!(
            "{}: attempt {attempt}: the doomed worker got too little work to die; running again",
            runner.runner_type()
        );
    }
    panic!("{}: the doomed worker never got work in 5 runs", runner.runner_type())
}

#[test]
fn a_worker_that_dies_mid_run_loses_no_number() {
    for how in [FailHow::Panic, FailHow::Abort, FailHow::Exit] {
        for runner_type in ALL {
            let plan = FaultPlan {
                worker: 2,
                after: 5,
                how,
            };
            let runner = runner(runner_type).with_fault(Some(plan));
            // 1 ms per number: every chunk outlasts the start of the threads
            // that talk to the workers, so Worker-2 surely gets work to die on.
            let report = run_until_a_death(&runner, &Job::new(1_000, 3, Duration::from_millis(1)));
            let deaths = runner.last_deaths();
            assert_eq!(deaths.len(), 1, "{runner_type}: {deaths:?}");
            let death = &deaths[0];
            assert_eq!(death.worker, "Worker-2");
            let expected_cause = match how {
                FailHow::Panic => "exited with code 101",
                FailHow::Abort => "SIGABRT",
                FailHow::Exit => "exited with code 3",
                FailHow::Hang => unreachable!("a_worker_that_hangs_is_killed_and_loses_no_number"),
            };
            assert!(death.cause.contains(expected_cause), "{}", death.cause);
            let dead = report
                .workers
                .iter()
                .find(|w| w.name == "Worker-2")
                .expect("Worker-2 reported");
            // One number per request: the five it acknowledged stay its own.
            // A chunk is acknowledged whole or not at all: it keeps nothing.
            let kept = match runner_type {
                RunnerType::Shared | RunnerType::ProcessPool => 5,
                RunnerType::Simple | RunnerType::ChunksInPool => 0,
            };
            assert_eq!(dead.processed, kept, "{runner_type}: {report}");
            // The report itself names the worker that died, and why.
            assert!(
                dead.died.as_deref().is_some_and(|c| c.contains(expected_cause)),
                "{report}"
            );
            assert!(report.note().contains("Worker-2 died"), "{}", report.note());
            assert!(death.to_string().contains("went back to the queue"), "{death}");
        }
    }
}

#[test]
fn a_worker_that_hangs_is_killed_and_loses_no_number() {
    let plan = FaultPlan {
        worker: 2,
        after: 5,
        how: FailHow::Hang,
    };
    for runner_type in ALL {
        // A 1 s deadline: 1000 times the forced delay, so only the hanging
        // worker misses it, even on a busy machine.
        let runner = runner(runner_type)
            .with_fault(Some(plan))
            .with_worker_timeout(Duration::from_secs(1));
        // `run_checked` (inside) checks the exact count and that the killed
        // worker was reaped.
        let report = run_until_a_death(&runner, &Job::new(1_000, 3, Duration::from_millis(1)));
        let deaths = runner.last_deaths();
        let death = deaths
            .iter()
            .find(|death| death.worker == "Worker-2")
            .unwrap_or_else(|| panic!("{runner_type}: Worker-2 not among {deaths:?}"));
        assert_eq!(death.missed_deadline, Some(Duration::from_secs(1)), "{runner_type}");
        assert!(death.cause.contains("SIGKILL"), "{runner_type}: {}", death.cause);
        assert!(
            death.to_string().contains("did not answer within 1.0 s: killed"),
            "{death}"
        );
        assert!(report.note().contains("Worker-2 died"), "{}", report.note());
    }
}

#[test]
fn a_pool_replaces_its_dead_worker_for_the_next_run() {
    let plan = FaultPlan {
        worker: 1,
        after: 3,
        how: FailHow::Exit,
    };
    // 1 ms per number, so Worker-1 takes a chunk before Worker-2 takes all;
    // should a busy machine keep Worker-1's thread away that long, the
    // first run is tried again with a fresh pool (no death, nothing to check).
    let job = Job::new(1_000, 2, Duration::from_millis(1));
    let (pool, first) = (1..=5)
        .find_map(|attempt| {
            let pool = runner(RunnerType::ChunksInPool).with_fault(Some(plan));
            let first = pool.run(&job).expect("survives a death");
            if pool.last_deaths().is_empty() {
                eprintln!("attempt {attempt}: Worker-1 got no chunk to die on; again with a fresh pool");
                return None;
            }
            Some((pool, first))
        })
        .expect("Worker-1 got a chunk in one of 5 runs");
    let second = pool.run(&job).expect("survives another");
    assert_eq!(second.verdict(), Verdict::Exact { count: 168 });
    assert_ne!(first.workers[0].pid, second.workers[0].pid, "a new Worker-1");
    assert_eq!(first.workers[1].pid, second.workers[1].pid, "the same Worker-2");
    let dead_pid = first.workers[0].pid;
    drop(pool);
    assert_all_gone(&[dead_pid, first.workers[1].pid, second.workers[0].pid]);
}

#[test]
fn when_every_worker_dies_the_run_fails_naming_them() {
    let plan = FaultPlan {
        worker: 1,
        after: 2,
        how: FailHow::Abort,
    };
    for runner_type in [RunnerType::Simple, RunnerType::ProcessPool] {
        let runner = runner(runner_type).with_fault(Some(plan));
        let err = runner
            .run(&Job::new(100, 1, Duration::ZERO))
            .expect_err("nobody is left");
        let message = err.to_string();
        assert!(
            message.contains("Worker-1") && message.contains("never done"),
            "{message}"
        );
        runner.shutdown_pool();
    }
}

#[test]
fn a_program_that_is_not_a_worker_is_refused() {
    // `true` exits at once without a hello: an error that says what to do.
    let runner = MultiProcessTaskRunner::new(RunnerType::Shared).with_worker_exe("true");
    let err = runner.run(&Job::new(10, 2, Duration::ZERO)).expect_err("not a worker");
    assert!(err.to_string().contains("serve_roles"), "{err}");
}

#[test]
fn a_worker_that_never_says_hello_fails_the_start_in_time_and_is_reaped() {
    // `sort` started as a worker reads its input, waiting for the end of
    // it, and says nothing: a worker frozen before its hello. Without a
    // deadline the start would hang. (Not `cat`: it would echo the job.)
    let runner = MultiProcessTaskRunner::new(RunnerType::Shared)
        .with_worker_exe("sort")
        .with_worker_timeout(Duration::from_secs(1));
    let err = runner.run(&Job::new(10, 2, Duration::ZERO)).expect_err("no hello");
    let message = err.to_string();
    assert!(
        message.contains("Worker-1") && message.contains("did not say hello within 1.0 s: killed"),
        "{message}"
    );
    let pid: u32 = message
        .split("process ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|pid| pid.parse().ok())
        .unwrap_or_else(|| panic!("no pid in {message}"));
    assert_all_gone(&[pid]);
}
