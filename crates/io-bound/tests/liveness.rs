//! No hang: a worker process of the processes mode that is frozen (`kill
//! -STOP`) or killed (`kill -9`) mid-run is named (`worker process 1 (pid
//! ...)`), the mode fails, the run exits 1, and nothing is left running.
//! The deadline is set short (`--worker-timeout`), the bounds on time are
//! loose: these tests must pass on a busy machine.

#![cfg(target_os = "linux")]

use std::time::Duration;

use concurrency_process::testing::signal_a_worker;

const BIN: &str = env!("CARGO_BIN_EXE_chapter-io-bound");

/// Two processes fetching 80 pages each at 200 ms a page: 16 s of work
/// each, still fetching when the signal comes.
const LONG: [&str; 9] = [
    "--mode",
    "processes",
    "--processes",
    "2",
    "--latency-ms",
    "200",
    "--worker-timeout",
    "1",
    "--json",
];

#[test]
fn a_frozen_worker_is_killed_reaped_and_named() {
    let run = signal_a_worker(BIN, &LONG, 2, "STOP");
    assert_eq!(run.status.code(), Some(1), "{}", run.stderr);
    let named = format!(
        "(pid {}) failed: gave no sign of life for 1.0 s (stopped or stuck), so it was killed",
        run.victim
    );
    assert!(run.stderr.contains(&named), "{}", run.stderr);
    assert!(run.stderr.contains("worker process "), "{}", run.stderr);
    assert!(run.took < Duration::from_secs(30), "{:?}", run.took);
    run.assert_nothing_left();
}

#[test]
fn a_killed_worker_is_named_with_its_signal() {
    let run = signal_a_worker(BIN, &LONG, 2, "KILL");
    assert_eq!(run.status.code(), Some(1), "{}", run.stderr);
    let named = format!("(pid {}) failed: was killed by signal 9 (SIGKILL)", run.victim);
    assert!(run.stderr.contains(&named), "{}", run.stderr);
    assert!(!run.stderr.contains("fill whole buffer"), "{}", run.stderr);
    assert!(run.took < Duration::from_secs(30), "{:?}", run.took);
    run.assert_nothing_left();
}

#[test]
fn the_deadline_is_a_positive_number_of_seconds_for_processes_only() {
    concurrency_core::testing::assert_refuses(
        BIN,
        &[
            &["--worker-timeout", "0"],
            &["--mode", "threads", "--worker-timeout", "1"],
        ],
    );
}
