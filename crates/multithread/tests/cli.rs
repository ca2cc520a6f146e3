//! The chapter binary as a reader runs it.

use std::collections::HashSet;

use concurrency_core::RunReport;
use concurrency_core::testing::{assert_refuses_bad_input, run_binary, run_with_closed_stderr};

const BIN: &str = env!("CARGO_BIN_EXE_chapter-multithread");

fn stdout_of(args: &[&str]) -> String {
    let out = run_binary(BIN, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_default_table_has_the_tutorials_rows_threads_and_one_pid() {
    let stdout = stdout_of(&["--limit", "30", "--delay-ms", "2"]);
    let rows: Vec<&str> = stdout
        .lines()
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| l.split('|').nth(1).unwrap_or_default().trim())
        .collect();
    assert_eq!(
        rows,
        ["SIMPLE", "LOCKED_LIST", "THREAD_POOL", "THREAD_POOL", "THREAD_POOL"],
        "{stdout}"
    );
    assert_eq!(stdout.matches("10 (exact)").count(), 10, "table and details: {stdout}");
    assert!(
        stdout.contains("Worker_0 / Worker_1 / Worker_2 / Worker_3 / Worker_4"),
        "{stdout}"
    );
    assert!(stdout.contains("Worker-1 / Worker-2"), "{stdout}");
    assert_eq!(stdout.matches("(same for all)").count(), 10, "{stdout}");
}

#[test]
fn the_smoke_run_measures_every_runner_with_no_delay() {
    let stdout = stdout_of(&["--limit", "100", "--delay-ms", "0"]);
    assert!(stdout.contains("No GIL, measured"), "{stdout}");
    assert!(stdout.contains("logical cores"), "{stdout}");
    assert_eq!(stdout.matches("25 (exact)").count(), 8, "{stdout}");
    assert!(stdout.contains("THREAD_POOL (stealing)"), "{stdout}");
    assert!(stdout.contains("Guard: 7 rows checked"), "{stdout}");
}

#[test]
fn one_mode_runs_alone_with_the_requested_workers_as_json() {
    let args = [
        "--mode",
        "thread-pool",
        "--split",
        "interleaved",
        "--workers",
        "3",
        "--limit",
        "1000",
        "--delay-ms",
        "0",
        "--json",
    ];
    let out = run_binary(BIN, &args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let reports: Vec<RunReport> = serde_json::from_slice(&out.stdout).expect("valid JSON reports");
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].primes_found(), 168);
    assert_eq!(reports[0].runner_type, "THREAD_POOL");
    let threads: HashSet<&str> = reports[0].workers.iter().map(|w| w.thread.as_str()).collect();
    assert_eq!(threads, HashSet::from(["Worker_0", "Worker_1", "Worker_2"]));
}

const EVERY_MODE: [&str; 5] = ["simple", "locked-list", "thread-pool", "channels", "scoped"];

/// Every runner: each mode, and THREAD_POOL with each `--split`.
const EVERY_RUNNER: [&[&str]; 7] = [
    &["--mode", "simple"],
    &["--mode", "locked-list"],
    &["--mode", "thread-pool"],
    &["--mode", "thread-pool", "--split", "interleaved"],
    &["--mode", "thread-pool", "--split", "stealing"],
    &["--mode", "channels"],
    &["--mode", "scoped"],
];

#[test]
fn a_panicking_worker_is_named_and_the_run_exits_1() {
    // 200 numbers at 5 ms on 2 workers: each worker gets about 100, so
    // Worker-2 reaches its sixth and panics there (Worker-1 alone would
    // need a whole second to leave it nothing).
    for mode in EVERY_MODE {
        let args = [
            "--mode",
            mode,
            "--limit",
            "200",
            "--delay-ms",
            "5",
            "--fail-worker",
            "2",
            "--fail-after",
            "5",
        ];
        let out = run_binary(BIN, &args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{mode}: {stderr}");
        // The quiet panic hook: the error is the only line.
        assert_eq!(stderr.lines().count(), 1, "{mode}: {stderr}");
        let last = stderr.lines().last().unwrap_or_default();
        assert!(last.starts_with("error: MultiThreadTaskRunner"), "{mode}: {stderr}");
        assert!(
            last.contains("Worker-2 failed: panicked") && last.contains("injected fault after 5 numbers"),
            "{mode}: {last}"
        );
    }
}

#[test]
fn a_panic_ends_the_run_at_once_and_names_one_worker_once() {
    // 400 numbers at 50 ms on 2 workers: 10 s of sleeping per worker if the
    // other worker drained the queue; about 0.15 s once the panic at
    // Worker-1's third number stops it. The bound, half the full run, is a
    // hang detector far above the expected time, not a speed test.
    let full_run = std::time::Duration::from_millis(400 * 50 / 2);
    let fault = [
        "--workers",
        "2",
        "--limit",
        "400",
        "--delay-ms",
        "50",
        "--fail-worker",
        "1",
        "--fail-after",
        "2",
    ];
    for runner in EVERY_RUNNER {
        let args = [runner, &fault[..]].concat();
        let mode = runner.join(" ");
        let started = std::time::Instant::now();
        let out = run_binary(BIN, &args);
        let elapsed = started.elapsed();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{mode}: {stderr}");
        let last = stderr.lines().last().unwrap_or_default();
        assert_eq!(last.matches("Worker-").count(), 1, "{mode}: {last}");
        assert!(last.contains("Worker-1 failed"), "{mode}: {last}");
        assert!(last.contains("injected fault after 2 numbers"), "{mode}: {last}");
        assert!(elapsed < full_run / 2, "{mode} took {elapsed:?}");
    }
}

#[test]
fn a_panic_with_standard_error_closed_still_exits_1() {
    // The error line goes to a closed standard error; writing it must not
    // panic again (which would abort: 134).
    let args = [
        "--mode",
        "simple",
        "--limit",
        "20",
        "--delay-ms",
        "1",
        "--fail-worker",
        "1",
        "--fail-after",
        "2",
    ];
    let status = run_with_closed_stderr(BIN, &args);
    assert_eq!(status.code(), Some(1), "{status}");
}

#[test]
fn bad_input_gets_one_line_and_exit_code_2() {
    assert_refuses_bad_input(BIN);
    for args in [
        &["--split", "stealing"][..],
        &["--mode", "simple", "--split", "interleaved"],
        &["--workers", "3"],
        &["--mode", "thread-pool", "--split", "diagonal"],
        // Threads can only panic; there is no Worker-3 among 2.
        &["--mode", "simple", "--fail-worker", "1", "--fail-how", "exit"],
        &["--mode", "simple", "--fail-worker", "3"],
        &["--fail-after", "3"],
        // Rounds are for "no GIL, measured" only, 1 to 50.
        &["--delay-ms", "0", "--runs", "0"],
        &["--delay-ms", "0", "--runs", "51"],
        &["--mode", "simple", "--runs", "3"],
        &["--runs", "3"],
    ] {
        let out = run_binary(BIN, args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
    }
}

#[test]
fn a_fault_that_never_fired_says_so_and_exits_1() {
    // Worker-2 checks at most 50 numbers: a fault after 1000 cannot fire.
    let out = run_binary(
        BIN,
        &[
            "--mode",
            "simple",
            "--fail-worker",
            "2",
            "--fail-after",
            "1000",
            "--limit",
            "50",
            "--delay-ms",
            "0",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: the planned fault never fired in SIMPLE with 2 workers: Worker-2"),
        "{stderr}"
    );
}
