//! No hang: a worker process that is frozen (`kill -STOP`) or killed
//! (`kill -9`) mid-run ends the run with one line naming it and exit code 1,
//! and leaves nothing running; a long task that keeps beating is never
//! taken for a frozen one. The deadline is set short (`--worker-timeout`),
//! the bounds on time are loose: these tests must pass on a busy machine.

#![cfg(target_os = "linux")]

use std::time::Duration;

use concurrency_process::testing::signal_a_worker;

const BIN: &str = env!("CARGO_BIN_EXE_chapter-fully-loaded");

/// Two tasks far longer than any test: only the fault can end the run.
const LONG: [&str; 8] = [
    "--mode",
    "processes",
    "--tasks",
    "2",
    "--multiplier",
    "1000",
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
    assert!(
        run.stderr
            .starts_with("error: the processes mode failed: the process of task "),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
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
fn a_long_task_that_beats_is_not_taken_for_a_frozen_one() {
    // One task of many deadlines (a few seconds here, more on a busy
    // machine), one reply at its end: only the beats keep it alive.
    let args = [
        "--mode",
        "processes",
        "--tasks",
        "1",
        "--multiplier",
        "60",
        "--worker-timeout",
        "1",
    ];
    let run = concurrency_core::testing::run_binary(BIN, &args);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
}

#[test]
fn the_deadline_is_a_positive_number_of_seconds_for_processes_only() {
    concurrency_core::testing::assert_refuses(
        BIN,
        &[
            &["--worker-timeout", "0"],
            &["--worker-timeout", "-1"],
            &["--worker-timeout", "soon"],
            // Refused, not dropped: the threads start no process.
            &["--mode", "channels", "--worker-timeout", "1"],
        ],
    );
}
