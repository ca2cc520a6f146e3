//! The chapter binary as a reader runs it, and the process mode, which
//! needs the real binary to start its workers from.

use std::io::Write;
use std::process::{Command, Stdio};

use chapter_search::{BatchRunner, BatchesWorker, Mode, Plan, Structure};
use concurrency_core::testing::{assert_refuses, run_binary};
use concurrency_process::{ROLE_VAR, Role};

const BIN: &str = env!("CARGO_BIN_EXE_chapter-search");

/// Small enough for a debug build; about half the needles are found.
const FAST: &[&str] = &["--size", "2000", "--max-needle", "3999"];

fn plan(batches: u64, workers: usize) -> Plan {
    Plan {
        seed: 42,
        size: 2_000,
        max_needle: 3_999,
        batches,
        workers,
    }
}

#[test]
fn every_mode_finds_the_same_arithmetic_count() {
    for (batches, workers) in [(3, 1), (3, 2), (3, 3), (6, 6)] {
        let expected = chapter_search::expected_total(42, batches, 2_000, 3_999);
        for mode in Mode::ALL {
            let runner = BatchRunner::new(mode).with_worker_exe(BIN);
            let run = runner.run(&plan(batches, workers)).expect("the run finishes");
            assert_eq!(run.found, expected, "{mode:?}, {workers} workers, {batches} batches");
            assert_eq!(run.shares.len(), workers);
            let batches_done: u64 = run.shares.iter().map(|s| s.batches.end - s.batches.start).sum();
            assert_eq!(batches_done, batches);
        }
    }
}

#[test]
fn each_worker_process_is_its_own_and_is_reaped() {
    let run = BatchRunner::new(Mode::Processes)
        .with_worker_exe(BIN)
        .run(&plan(4, 4))
        .expect("the run finishes");
    let mut pids: Vec<u32> = run.shares.iter().map(|s| s.pid).collect();
    assert!(!pids.contains(&std::process::id()), "{pids:?}");
    pids.sort_unstable();
    pids.dedup();
    assert_eq!(pids.len(), 4, "four different processes");
    // Reaped: a child that was waited for is gone from /proc, not a zombie.
    #[cfg(target_os = "linux")]
    for pid in pids {
        assert!(
            !concurrency_core::system::process_exists(pid),
            "pid {pid} is still there"
        );
    }
}

#[cfg(target_os = "linux")]
#[test]
fn workers_of_a_parent_killed_outright_exit_by_themselves() {
    use concurrency_core::testing::{assert_orphans_exit, start_with_children};

    // 500 full-size batches take each worker minutes: still searching when
    // the parent is killed, so only their own watch on the parent stops them.
    let args = ["--mode", "processes", "--workers", "2", "--n-batches", "500"];
    let (parent, workers) = start_with_children(BIN, &args, 2);
    assert_orphans_exit(parent, &workers, std::time::Duration::from_secs(3));
}

#[test]
fn a_quick_run_prints_both_tables_and_every_count_exact() {
    let out = run_binary(BIN, &[FAST, &["--n-batches", "2"]].concat());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for line in [
        "| Vec (contains) ",
        "| HashSet (contains) ",
        "| HashSet, foldhash (contains) ",
        "| sorted Vec (binary_search) ",
        "| processes ",
        "| threads ",
        "| tasks (current_thread) ",
        "| tasks (multi_thread) ",
        "| spawn_blocking ",
        "Every count exact: 11 runs",
    ] {
        assert!(stdout.contains(line), "no {line:?} in\n{stdout}");
    }
    assert!(!stdout.contains("wrong"), "{stdout}");
}

#[test]
fn one_mode_prints_one_row_with_the_tutorials_time() {
    // --n-threads K is the Python tutorial's spelling of --mode threads --workers K.
    for spelling in [&["--mode", "threads", "--workers", "2"][..], &["--n-threads", "2"]] {
        let out = run_binary(BIN, &[FAST, spelling, &["--n-batches", "3"]].concat());
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(
            !stdout.contains("| Vec (contains)"),
            "no structure table with --mode: {stdout}"
        );
        let rows: Vec<&str> = stdout.lines().filter(|l| l.starts_with("| threads")).collect();
        assert_eq!(rows.len(), 1, "{stdout}");
        let cells: Vec<&str> = rows[0].split('|').map(str::trim).collect();
        assert_eq!(cells[2..4], ["2", "3"], "2 workers, 3 batches: {}", rows[0]);
        assert!(rows[0].contains("8.52 s") && rows[0].contains("(exact)"), "{}", rows[0]);
        assert!(stdout.contains("Every count exact: 1 run,"), "{stdout}");
    }
}

#[test]
fn n_processes_runs_processes_and_workers_default_to_one_per_batch_up_to_200() {
    let out = run_binary(
        BIN,
        &[FAST, &["--n-processes", "2", "--n-batches", "2", "--json"]].concat(),
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["batches"][0]["mode"], "processes");
    assert_eq!(json["batches"][0]["plan"]["workers"], 2);

    // 300 batches would mean 300 workers; the default stops at the cap.
    let args = [
        "--size",
        "10",
        "--max-needle",
        "19",
        "--mode",
        "threads",
        "--n-batches",
        "300",
        "--json",
    ];
    let out = run_binary(BIN, &args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["batches"][0]["plan"]["workers"], 200);
    assert_eq!(json["batches"][0]["plan"]["batches"], 300);
}

#[test]
fn a_reader_that_stops_reading_gets_no_panic() {
    // `chapter-search | head -1`: the pipe closes before the tables are out.
    let mut child = Command::new(BIN)
        .args([FAST, &["--mode", "threads", "--n-batches", "2"]].concat())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary starts");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("the binary finishes");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn json_holds_both_tables() {
    let out = run_binary(BIN, &[FAST, &["--n-batches", "2", "--workers", "1", "--json"]].concat());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let results: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let structures = results["structures"].as_array().expect("structures");
    let batches = results["batches"].as_array().expect("batches");
    assert_eq!(structures.len(), Structure::ALL.len());
    // Five passes of 1,000 needles per structure, every count the arithmetic one.
    for s in structures {
        assert_eq!(s["passes"].as_u64(), Some(5), "{s}");
        assert_eq!(s["lookups"].as_u64(), Some(5_000), "{s}");
        assert_eq!(s["found"], s["expected"], "{s}");
    }
    assert_eq!(batches.len(), Mode::ALL.len());
    let found = batches[0]["found"].as_u64().expect("a count");
    assert!(batches.iter().all(|b| b["found"].as_u64() == Some(found)));
    assert!(batches.iter().all(|b| b["expected"].as_u64() == Some(found)));
}

#[test]
fn scaling_times_one_and_two_threads_and_checks_every_count() {
    let out = run_binary(BIN, &[FAST, &["--scaling", "--n-batches", "4", "--runs", "2"]].concat());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows: Vec<&str> = stdout.lines().filter(|l| l.starts_with("|  ")).collect();
    assert!(rows.len() >= 2, "a row per thread count, 1 and 2 at least:\n{stdout}");
    assert!(
        rows[0].contains("x1.00") && rows.iter().all(|r| r.contains("exact")),
        "{stdout}"
    );
    assert!(stdout.contains("Guard: "), "{stdout}");
    assert!(stdout.contains("4 batches") && stdout.contains("2 rounds"), "{stdout}");
    // JSON keeps every run's time.
    let out = run_binary(
        BIN,
        &[FAST, &["--scaling", "--n-batches", "2", "--runs", "3", "--json"]].concat(),
    );
    let results: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let scaling = results["scaling"].as_array().expect("scaling");
    assert_eq!(scaling[0]["workers"], 1);
    assert!(
        scaling
            .iter()
            .all(|row| row["times"].as_array().map(Vec::len) == Some(3))
    );
}

#[test]
fn bad_input_gets_one_line_and_exit_code_2() {
    assert_refuses(
        BIN,
        &[
            &["--n-batches", "0"],
            &["--n-batches", "abc"],
            &["--n-batches", "1000000"],
            &["--workers", "0"],
            &["--workers", "100000"],
            &["--n-batches", "2", "--workers", "3"],
            &["--size", "0"],
            &["--size", "2000000"],
            &["--max-needle", "-1"],
            &["--seed", "-1"],
            &["--mode", "nonsense"],
            &["--no-such-option"],
            &["--runs", "3"],
            &["--scaling", "--mode", "threads"],
            &["--scaling", "--workers", "2"],
            &["--scaling", "--runs", "0"],
            &["--scaling", "--runs", "51"],
            &["--n-processes", "0"],
            &["--n-threads", "201"],
            &["--n-threads", "2", "--mode", "processes"],
            &["--n-threads", "2", "--workers", "2"],
            &["--n-processes", "2", "--n-threads", "2"],
            &["--n-threads", "2", "--scaling"],
            &["--n-threads", "3", "--n-batches", "2"],
        ],
    );
}

#[test]
fn a_worker_with_a_bad_job_says_so_and_exits_2() {
    // Text where the job's frame should be: "not a job" read as a length
    // is far too large.
    let mut child = Command::new(BIN)
        .env(ROLE_VAR, BatchesWorker::NAME)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(b"not a job").expect("the worker reads its input");
    }
    let out = child.wait_with_output().expect("the worker exits");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("error: ") && stderr.contains(ROLE_VAR), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn a_role_the_binary_does_not_serve_is_one_line_and_exit_code_2() {
    let out = Command::new(BIN)
        .env(ROLE_VAR, "no-such-role")
        .stdin(Stdio::null())
        .output()
        .expect("the binary starts");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: ") && stderr.contains(BatchesWorker::NAME),
        "the error names the roles it serves: {stderr}"
    );
    assert!(out.stdout.is_empty());
}
