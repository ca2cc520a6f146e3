//! No hang: a worker process that is frozen (`kill -STOP`) or killed
//! (`kill -9`) mid-run ends the run with a line naming it (`Worker-2 (pid
//! ...)`) and exit code 1, and leaves nothing running. The deadline is set
//! short (`--worker-timeout`), the bounds on time are loose: these tests
//! must pass on a busy machine.

#![cfg(target_os = "linux")]

use std::time::Duration;

use concurrency_process::testing::signal_a_worker;

const BIN: &str = env!("CARGO_BIN_EXE_chapter-search");

/// Two workers with many batches each of the full-size linear search:
/// still searching when the signal comes.
const LONG: [&str; 8] = [
    "--mode",
    "processes",
    "--workers",
    "2",
    "--n-batches",
    "200",
    "--worker-timeout",
    "1",
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
    assert!(run.stderr.contains("Worker-"), "{}", run.stderr);
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
            &["--scaling", "--worker-timeout", "1"],
        ],
    );
}
