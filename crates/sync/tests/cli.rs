//! The chapter binary as a reader runs it.

use std::time::{Duration, Instant};

use concurrency_core::testing::{assert_refuses, assert_refuses_bad_input, run_binary};

const BIN: &str = env!("CARGO_BIN_EXE_chapter-sync");

#[test]
fn a_small_run_prints_25_primes_all_found_by_worker_1() {
    let out = run_binary(BIN, &["--limit", "100", "--delay-ms", "1"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Primes found: 25 (exact)"), "{stdout}");
    assert!(stdout.contains("only Worker-1 did the processing"), "{stdout}");
    let worker_1 = stdout
        .lines()
        .find(|l| l.trim_start().starts_with("Worker-1"))
        .expect("a Worker-1 line");
    assert!(
        worker_1.contains("primes     25") && worker_1.contains("pid "),
        "{worker_1}"
    );
    // Its 25 primes follow its count, wrapped onto the next lines (80 columns).
    let unwrapped = stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        unwrapped.contains(
            "primes 25 {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97}"
        ),
        "{stdout}"
    );
    // The child's PID, printed for every worker: the same one twice.
    let pid = out_pid(&stdout);
    assert_eq!(stdout.matches(&format!("pid {pid} ")).count(), 2, "{stdout}");
}

#[test]
fn json_output_is_the_report() {
    let out = run_binary(BIN, &["--limit", "1000", "--delay-ms", "0", "--json"]);
    assert!(out.status.success());
    let reports: Vec<concurrency_core::RunReport> = serde_json::from_slice(&out.stdout).expect("valid JSON reports");
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].primes_found(), 168);
    assert_eq!(reports[0].active_workers(), ["Worker-1"]);
}

#[test]
fn bad_input_gets_one_line_and_exit_code_2() {
    assert_refuses_bad_input(BIN);
}

#[test]
fn a_worker_made_to_fail_ends_the_run_with_one_line_naming_it() {
    // 500 numbers at 20 ms would take 10 s; Worker-1 panics at its fourth
    // number, after about 80 ms. The bound, 5 s, is half the full run and
    // far above the expected time.
    let started = Instant::now();
    let args = [
        "--limit",
        "500",
        "--delay-ms",
        "20",
        "--fail-worker",
        "1",
        "--fail-after",
        "3",
    ];
    let out = run_binary(BIN, &args);
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(out.stdout.is_empty(), "no report for a failed run");
    assert_eq!(
        stderr.lines().count(),
        1,
        "one line, no panic message or backtrace:\n{stderr}"
    );
    assert!(
        stderr.starts_with("error: SyncTaskRunner (SIMPLE) failed: Worker-1 failed: panicked:")
            && stderr.contains("injected fault after 3 numbers"),
        "{stderr}"
    );
}

#[test]
fn worker_2_never_fails_because_it_never_gets_a_number() {
    let out = run_binary(BIN, &["--limit", "100", "--delay-ms", "0", "--fail-worker", "2"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Primes found: 25 (exact)"));
}

#[test]
fn the_fault_option_is_in_the_help_and_refuses_what_a_thread_cannot_do() {
    let out = run_binary(BIN, &["--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(
        help.contains("--fail-worker <K>") && help.contains("--fail-after <N>") && help.contains("--fail-how <HOW>"),
        "{help}"
    );
    assert_refuses(
        BIN,
        &[
            &["--fail-worker", "1", "--fail-how", "exit"],
            &["--fail-worker", "1", "--fail-how", "hang"],
            &["--fail-worker", "3"],
            &["--fail-worker", "0"],
            &["--fail-after", "3"],
        ],
    );
}

fn out_pid(stdout: &str) -> u32 {
    let after = stdout.split("Workers PID: ").nth(1).expect("a Workers PID line");
    after
        .split_whitespace()
        .next()
        .and_then(|p| p.parse().ok())
        .expect("a PID")
}
