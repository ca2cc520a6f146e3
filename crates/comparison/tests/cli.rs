//! The chapter binary as a reader runs it: every row in its own process,
//! every count checked, the memory measured.

use chapter_comparison::{Measurement, Model, RowWorker, measure_in_child};
use concurrency_core::Job;
use concurrency_core::testing::{assert_refuses, run_binary};
use concurrency_process::{ROLE_VAR, Role};
use std::io::Write;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_chapter-comparison");

#[test]
fn a_small_run_prints_both_tables_with_25_primes_in_every_row() {
    let out = run_binary(BIN, &["--limit", "100", "--delay-ms", "0"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    for heading in ["Synchronous", "Asynchronous", "Multithreading", "Multiprocessing"] {
        assert!(stdout.contains(heading), "{heading}: {stdout}");
    }
    for runner_type in ["SIMPLE", "TASK_GROUP", "THREAD_POOL", "CHUNKS_IN_POOL"] {
        assert!(stdout.contains(runner_type), "{runner_type}: {stdout}");
    }
    // One cell in the tutorial's table, one per model in the details.
    assert_eq!(stdout.matches("25 (exact)").count(), 5, "{stdout}");
    // Three rounds by default; the guard checked the three parallel rows.
    assert!(stdout.contains("the median of 3 rounds"), "{stdout}");
    assert!(stdout.contains("Guard: 3 rows checked"), "{stdout}");
}

#[test]
fn every_model_is_exact_at_10_to_the_5_in_its_own_process() {
    let out = run_binary(BIN, &["--limit", "100000", "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows: Vec<Measurement> = serde_json::from_slice(&out.stdout).expect("JSON measurements");
    let models: Vec<Option<Model>> = rows.iter().map(|m| m.model).collect();
    assert_eq!(models, Model::ALL.map(Some));
    for m in &rows {
        assert!(m.exact && m.primes == 9_592, "{m:?}");
        let expected_processes = if m.model == Some(Model::Processes) { 10 } else { 1 };
        assert_eq!(m.processes, expected_processes, "{m:?}");
    }
}

#[test]
fn peak_memory_is_measured_and_includes_the_worker_processes() {
    if !cfg!(target_os = "linux") {
        eprintln!("skipped: peak memory is read from /proc, which only Linux has (the column says n/a)");
        return;
    }
    let exe = Path::new(BIN);
    let job = Job::new(10_000, 4, Duration::ZERO);
    let threads = measure_in_child(exe, Model::Threads, &job).expect("a threads row");
    let processes = measure_in_child(exe, Model::Processes, &job).expect("a processes row");
    let (t, p) = (threads.memory.expect("measured"), processes.memory.expect("measured"));
    assert_eq!((t.worker_processes, t.workers), (0, 0));
    assert_eq!(p.worker_processes, 4);
    // Each worker is a whole program with its own memory, so four of them
    // weigh more than the parent alone.
    assert!(p.workers > p.main, "{p:?}");
    assert!(p.total() > t.total(), "{p:?} vs {t:?}");
}

#[test]
fn a_bad_row_is_one_line_and_exit_code_2() {
    // Text where the row's frame should be: "not " read as a length is far
    // too large.
    let mut child = std::process::Command::new(BIN)
        .env(ROLE_VAR, RowWorker::NAME)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(b"not a frame at all")
            .expect("the child reads its input");
    }
    let out = child.wait_with_output().expect("the child exits");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: "));
}

#[test]
fn bad_input_gets_one_line_and_exit_code_2() {
    assert_refuses(
        BIN,
        &[
            &["--workers", "0"],
            &["--limit", "abc"],
            &["--limit", "0"],
            &["--mode", "nonsense"],
            &["--limit", "3", "--workers", "5"],
            &["--limit", "99999999999999"],
            &["--workers", "1000000"],
            &["--delay-ms", "-1"],
            &["--limit", "100000000", "--delay-ms", "50"],
            &["--limit", "100", "--max-limit", "1000"],
            &["--runs", "0"],
            &["--runs", "51"],
            &["--runs", "many"],
            &["--no-such-option"],
        ],
    );
}

#[test]
fn help_shows_the_comparisons_own_defaults() {
    let out = run_binary(BIN, &["--help"]);
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for option in [
        "--limit <N>",
        "--max-limit <N>",
        "--workers <K>",
        "--delay-ms <MS>",
        "--mode <MODE>",
        "--json",
        "--runs <N>",
    ] {
        assert!(help.contains(option), "{option}: {help}");
    }
    // 10 workers, no delay, and --limit is one row rather than a default.
    assert!(
        help.contains("[default: 10]") && help.contains("[default: 0]"),
        "{help}"
    );
    assert!(
        help.contains("one row at N") && !help.contains("[default: 1000]"),
        "{help}"
    );
}
