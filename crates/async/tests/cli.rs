//! The chapter binary as a reader runs it.

use std::time::{Duration, Instant};

use concurrency_core::RunReport;
use concurrency_core::testing::{assert_refuses, assert_refuses_bad_input, run_binary};

const BIN: &str = env!("CARGO_BIN_EXE_chapter-async");

const RUNTIMES: [&str; 4] = ["tokio-current-thread", "tokio-multi-thread", "async-std", "smol"];

fn json_reports(args: &[&str]) -> Vec<RunReport> {
    let out = run_binary(BIN, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON reports")
}

#[test]
fn the_default_run_is_the_tutorials_table() {
    let out = run_binary(BIN, &["--limit", "100", "--delay-ms", "2"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains("SIMPLE") || l.contains("TASK_GROUP"))
        .take(3)
        .collect();
    assert_eq!(rows.len(), 3, "{stdout}");
    for (row, (kind, workers)) in rows.iter().zip([("SIMPLE", 2), ("SIMPLE", 3), ("TASK_GROUP", 3)]) {
        assert!(row.contains(kind) && row.contains(&format!(" {workers} ")), "{row}");
        assert!(row.contains("25 (exact)"), "{row}");
        assert!(row.contains("(same for all)"), "one PID for every task: {row}");
    }
    assert_eq!(stdout.matches("Primes found: 25 (exact)").count(), 3, "{stdout}");
    assert!(
        stdout.contains("AsyncTaskRunner on tokio current-thread (SIMPLE)"),
        "{stdout}"
    );
}

#[test]
fn every_runtime_finds_pi_n_with_json_output() {
    for runtime in RUNTIMES {
        let reports = json_reports(&["--runtime", runtime, "--delay-ms", "0", "--limit", "1000", "--json"]);
        assert_eq!(reports.len(), 3, "{runtime}");
        for report in reports {
            assert_eq!(report.primes_found(), 168, "{runtime}");
            assert_eq!(report.pids(), [report.workers[0].pid], "{runtime}");
        }
    }
}

#[test]
fn simple_prints_remaining_tasks_on_stderr_and_keeps_stdout_json() {
    // 60 numbers x 40 ms / 2 workers = 1.2 s: at least one tick.
    let args = [
        "--mode",
        "simple",
        "--workers",
        "2",
        "--limit",
        "60",
        "--delay-ms",
        "40",
        "--json",
    ];
    let out = run_binary(BIN, &args);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Remaining tasks: 2"), "{stderr}");
    let reports: Vec<RunReport> = serde_json::from_slice(&out.stdout).expect("stdout is JSON only");
    assert_eq!(reports[0].primes_found(), 17);
}

#[test]
fn blocking_delay_takes_n_times_d_and_spawn_blocking_fixes_it() {
    // A lower bound: 60 blocking sleeps of 20 ms on one thread take at
    // least 1.2 s, however fast the machine.
    let common = ["--mode", "task-group", "--limit", "60", "--delay-ms", "20", "--json"];
    let serial = Duration::from_millis(60 * 20);
    let blocked = json_reports(&[&common[..], &["--blocking-delay"]].concat());
    assert!(blocked[0].elapsed >= serial.mul_f64(0.9), "{:?}", blocked[0].elapsed);
    // An upper bound 10x the expected time: 200 sleeps of 20 ms on 20
    // workers take about 0.2 s overlapped, 4 s one after the other.
    let wide = [
        "--mode",
        "task-group",
        "--limit",
        "200",
        "--workers",
        "20",
        "--delay-ms",
        "20",
        "--json",
        "--delay-kind",
        "spawn-blocking",
    ];
    let fixed = json_reports(&wide);
    assert!(fixed[0].elapsed < Duration::from_secs(2), "{:?}", fixed[0].elapsed);
    assert_eq!(fixed[0].primes_found(), 46);
}

#[test]
fn a_panicking_task_ends_the_run_with_one_line_naming_the_worker() {
    // 3000 numbers at 20 ms on 3 workers would take 20 s; Worker-2 panics at
    // its fourth number, after about 80 ms, and the run ends then. The
    // bound, 5 s, is a quarter of the full run and far above the expected
    // time even counting the program's start.
    for runtime in RUNTIMES {
        for mode in ["simple", "task-group"] {
            let started = Instant::now();
            let args = [
                "--runtime",
                runtime,
                "--mode",
                mode,
                "--limit",
                "3000",
                "--delay-ms",
                "20",
                "--fail-worker",
                "2",
                "--fail-after",
                "3",
            ];
            let out = run_binary(BIN, &args);
            assert!(
                started.elapsed() < Duration::from_secs(5),
                "{runtime} {mode}: {:?}",
                started.elapsed()
            );
            let stderr = String::from_utf8_lossy(&out.stderr);
            // 1: a failed run; not 101 (a panic) nor 134 (an abort).
            assert_eq!(out.status.code(), Some(1), "{runtime} {mode}: {stderr}");
            assert!(out.stdout.is_empty(), "{runtime} {mode}: no report for a failed run");
            assert_eq!(
                stderr.lines().count(),
                1,
                "{runtime} {mode}: one line, no panic message:\n{stderr}"
            );
            assert!(
                stderr.starts_with("error: AsyncTaskRunner on")
                    && stderr.contains("failed: Worker-2 failed: panicked: injected fault after 3 numbers"),
                "{runtime} {mode}: {stderr}"
            );
        }
    }
}

#[test]
fn the_fault_option_is_in_the_help_and_refuses_what_a_task_cannot_do() {
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
            // The tutorial's table has at most three workers.
            &["--fail-worker", "4"],
            &["--mode", "simple", "--workers", "2", "--fail-worker", "3"],
            &["--fail-after", "3"],
            &["--compare-runtimes", "--fail-worker", "1"],
        ],
    );
}

#[test]
fn the_runtime_comparison_prints_both_tokio_flavours() {
    let args = [
        "--compare-runtimes",
        "--limit",
        "10000",
        "--delay-ms",
        "0",
        "--workers",
        "4",
    ];
    let out = run_binary(BIN, &args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.matches("tokio current-thread").count(), 2, "{stdout}");
    assert_eq!(stdout.matches("tokio multi-thread").count(), 2, "{stdout}");
    assert_eq!(stdout.matches("1229 (exact)").count(), 4, "{stdout}");
    assert!(stdout.contains("no GIL"), "{stdout}");
    // The guard checked both rows of many tasks and said so in one line.
    assert_eq!(stdout.matches("Guard: 2 rows checked").count(), 1, "{stdout}");
}

#[test]
fn bad_input_gets_one_line_and_exit_code_2() {
    assert_refuses_bad_input(BIN);
    for args in [
        &["--runtime", "nonsense"][..],
        &["--delay-kind", "sometimes"],
        &["--blocking-delay", "--delay-kind", "async"],
        &["--compare-runtimes", "--runtime", "smol"],
        &["--compare-runtimes", "--mode", "simple"],
        // Rounds are for --compare-runtimes only, 1 to 50.
        &["--compare-runtimes", "--runs", "0"],
        &["--compare-runtimes", "--runs", "51"],
        &["--runs", "3"],
    ] {
        let out = run_binary(BIN, args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
    }
}
