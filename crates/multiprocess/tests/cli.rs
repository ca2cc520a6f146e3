//! The chapter binary as a reader runs it, and as it is interrupted,
//! killed, and robbed of a worker.

mod common;

use std::process::{Command, Stdio};
use std::time::Duration;

use common::{BIN, assert_all_gone, children_of, name_of, send_signal, wait_for_children};
use concurrency_core::RunReport;
use concurrency_core::system::thread_names;
use concurrency_core::testing::{assert_orphans_exit, assert_refuses_bad_input, run_binary, start_with_children};

#[test]
fn the_smoke_run_prints_the_tutorials_rows_exact() {
    let out = run_binary(BIN, &["--limit", "100", "--delay-ms", "0"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for row in ["SIMPLE", "SHARED", "PROCESS_POOL", "CHUNKS_IN_POOL"] {
        assert!(stdout.contains(&format!(" {row} ")), "{row} missing:\n{stdout}");
    }
    assert_eq!(stdout.matches("Primes found: 25 (exact)").count(), 7, "{stdout}");
    assert!(stdout.contains("10 distinct: "), "{stdout}");
    assert!(stdout.contains("What a worker costs to start and stop"), "{stdout}");
}

#[test]
fn json_reports_show_a_pid_per_worker_all_gone_afterwards() {
    let out = run_binary(BIN, &["--limit", "1000", "--delay-ms", "0", "--workers", "4", "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let reports: Vec<RunReport> = serde_json::from_slice(&out.stdout).expect("valid JSON reports");
    assert_eq!(reports.len(), 4, "one run per runner type");
    let mut pids = Vec::new();
    for report in &reports {
        assert_eq!(report.primes_found(), 168, "{report}");
        assert_eq!(report.pids().len(), 4, "{report}");
        pids.extend(report.pids());
    }
    // The binary reaped every worker before it exited.
    assert_all_gone(&pids);
}

/// Runs the binary on SHARED, 1000 numbers, with `fault` options for
/// Worker-2; checks that the run ends exact and that one warning names
/// Worker-2. Returns standard error. 1 ms per number: Worker-2 surely gets
/// its six numbers before the other two have done the thousand.
fn run_with_fault(fault: &[&str]) -> String {
    let mut args = vec!["--mode", "shared", "--limit", "1000", "--delay-ms", "1"];
    args.extend_from_slice(&["--fail-worker", "2", "--fail-after", "5"]);
    args.extend_from_slice(fault);
    let out = run_binary(BIN, &args);
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{fault:?}: {stdout}\n{stderr}");
    assert!(stdout.contains("Primes found: 168 (exact)"), "{fault:?}: {stdout}");
    assert!(stderr.contains("warning: Worker-2 (pid "), "{fault:?}: {stderr}");
    stderr.into_owned()
}

#[test]
fn an_injected_panic_is_one_line_from_the_worker_and_the_count_stays_exact() {
    let stderr = run_with_fault(&[]);
    // The worker's own line, then the parent's warning.
    assert!(
        stderr.contains("warning: Worker-2 (pid ") && stderr.contains("panicked: injected fault after 5 numbers"),
        "{stderr}"
    );
    // The run recovered: nothing on standard error says `error:`.
    assert!(!stderr.contains("error:"), "{stderr}");
    assert!(!stderr.contains("RUST_BACKTRACE"), "{stderr}");
    assert!(
        stderr.contains("exited with code 101") && stderr.contains("went back to the queue"),
        "{stderr}"
    );
}

#[test]
fn an_injected_crash_is_reported_by_name_and_the_count_stays_exact() {
    let stderr = run_with_fault(&["--fail-how", "abort"]);
    assert!(
        stderr.contains("SIGABRT") && stderr.contains("went back to the queue"),
        "{stderr}"
    );
}

#[test]
fn an_injected_hang_is_killed_at_the_deadline_and_the_count_stays_exact() {
    let stderr = run_with_fault(&["--fail-how", "hang", "--worker-timeout", "1"]);
    assert!(
        stderr.contains("did not answer within 1.0 s: killed; its numbers run again"),
        "{stderr}"
    );
}

#[test]
fn a_worker_killed_from_outside_is_replaced_and_named() {
    // 3 workers, 200 numbers at 20 ms each: about 1.4 s of work.
    let (out, victim, workers) =
        signal_a_worker_mid_run(&["--mode", "shared", "--limit", "200", "--delay-ms", "20"], "KILL");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("Primes found: 46 (exact)"), "{stdout}"); // pi(200)
    assert!(
        name_of(&stderr, victim).is_some() && stderr.contains(&format!("(pid {victim}) died")),
        "{stderr}"
    );
    assert!(stderr.contains("SIGKILL"), "{stderr}");
    assert_all_gone(&workers);
}

/// Runs the binary with `args` (3 workers), sends `signal` to one of its
/// workers once the run has begun, and waits for the run to end: its
/// output, the worker signalled, and every worker's pid.
fn signal_a_worker_mid_run(args: &[&str], signal: &str) -> (std::process::Output, u32, Vec<u32>) {
    let parent = Command::new(BIN)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let workers = wait_for_children(parent.id(), 3);
    // Not a fixed sleep: wait until every worker said hello and the run
    // began (the parent names a thread `talk-N` per worker only then), so
    // the signal lands mid-run, not during the start-up.
    wait_for_thread(parent.id(), "talk-3", Duration::from_secs(30));
    // Any worker will do: the second one started, say.
    let victim = *workers.get(1).expect("three workers among the children");
    send_signal(victim, signal);
    let out = parent.wait_with_output().expect("the binary finishes");
    (out, victim, workers)
}

/// Starts a run of `mode` with 3 workers (plus `extra` options), stops
/// one worker with `SIGSTOP` once the run has begun, and checks that the run
/// still ends exact, that one warning names the stopped worker by pid and
/// says what the parent did, and that every worker is reaped, the stopped
/// one too. Returns the warning line.
///
/// 300 numbers at 20 ms: each worker has about 2 s of sleeps, far more
/// than the moment between the run's start and the `SIGSTOP`. No upper
/// bound on the time: the test would wait for a hang, and fail at the
/// harness's timeout, not pass.
fn stop_a_worker(mode: &str, extra: &[&str]) -> String {
    let mut args = vec!["--mode", mode, "--limit", "300", "--delay-ms", "20"];
    args.extend_from_slice(extra);
    let (out, victim, workers) = signal_a_worker_mid_run(&args, "STOP");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{mode}: {stdout}\n{stderr}");
    assert!(stdout.contains("Primes found: 62 (exact)"), "{mode}: {stdout}"); // pi(300)
    let name = name_of(&stderr, victim).unwrap_or_else(|| panic!("{mode}: no warning names pid {victim}:\n{stderr}"));
    let named = format!("warning: {name} (pid {victim}) did not answer within ");
    let warning = stderr
        .lines()
        .find(|line| line.starts_with(&named))
        .unwrap_or_else(|| panic!("{mode}: no warning names {name} (pid {victim}):\n{stderr}"));
    assert!(
        warning.contains("s: killed; its numbers run again"),
        "{mode}: {warning}"
    );
    assert_all_gone(&workers);
    warning.to_owned()
}

#[test]
fn a_stopped_worker_is_killed_and_its_work_redone_in_simple() {
    let warning = stop_a_worker("simple", &["--worker-timeout", "1"]);
    assert!(warning.contains("within 1.0 s"), "{warning}");
}

#[test]
fn a_stopped_worker_is_killed_and_its_work_redone_in_shared() {
    let warning = stop_a_worker("shared", &["--worker-timeout", "1"]);
    assert!(warning.contains("within 1.0 s"), "{warning}");
}

#[test]
fn a_stopped_worker_is_killed_and_its_work_redone_in_process_pool() {
    let warning = stop_a_worker("process-pool", &["--worker-timeout", "1"]);
    assert!(warning.contains("within 1.0 s"), "{warning}");
}

#[test]
fn a_stopped_worker_is_killed_and_its_work_redone_in_chunks_in_pool() {
    let warning = stop_a_worker("chunks-in-pool", &["--worker-timeout", "1"]);
    assert!(warning.contains("within 1.0 s"), "{warning}");
}

#[test]
fn without_worker_timeout_the_rule_sets_the_deadline() {
    // 20 ms of delay and fast replies: the rule gives its floor, 2 s, or
    // more when a busy machine slowed some reply down (10 x that reply).
    let warning = stop_a_worker("shared", &[]);
    let secs: f64 = warning
        .split("within ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|secs| secs.parse().ok())
        .unwrap_or_else(|| panic!("no deadline in {warning}"));
    assert!(secs >= 2.0, "{warning}");
}

#[test]
fn an_interrupt_stops_a_stopped_worker_too_and_reports_no_death() {
    // A generous deadline, so only the interrupt ends the stopped worker: SIGKILL
    // reaches a stopped process, and the parent reaps it like the others.
    let parent = Command::new(BIN)
        .args(["--mode", "shared", "--limit", "600", "--delay-ms", "50"])
        .args(["--worker-timeout", "60"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let workers = wait_for_children(parent.id(), 3);
    wait_for_thread(parent.id(), "talk-3", Duration::from_secs(30));
    // Any worker will do: the second one started, say.
    let victim = *workers.get(1).expect("three workers among the children");
    send_signal(victim, "STOP");
    send_signal(parent.id(), "TERM");
    let out = parent.wait_with_output().expect("the binary finishes");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(143), "{stderr}");
    assert_eq!(stderr.trim_end(), "interrupted: stopped 3 workers");
    assert_all_gone(&workers);
}

#[test]
fn a_worker_timeout_must_be_a_positive_number_of_seconds() {
    for bad in ["0", "0.0", "-1", "soon", "nan", "inf"] {
        let out = run_binary(BIN, &["--worker-timeout", bad, "--limit", "10", "--delay-ms", "0"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{bad}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{bad}: {stderr}");
        assert!(stderr.contains("--worker-timeout"), "{bad}: {stderr}");
    }
    let out = run_binary(BIN, &["--help"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("--worker-timeout <SECS>"));
}

/// Waits until process `pid` has a thread called `name` (Linux: the
/// kernel's thread names, through `concurrency_core::system`), or panics
/// after `within`.
fn wait_for_thread(pid: u32, name: &str, within: Duration) {
    let deadline = std::time::Instant::now() + within;
    let has_it = || thread_names(pid).iter().any(|thread| thread == name);
    while !has_it() {
        assert!(
            std::time::Instant::now() < deadline,
            "no thread {name} in {pid} after {within:?}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Starts a long SIMPLE run, waits for its 3 workers, sends `signal` to the
/// parent and checks that it exits with `code` having stopped and reaped
/// them, in one line and with no word of a death: the workers it killed
/// itself did not die.
fn interrupt_parent(signal: &str, code: i32) {
    let parent = Command::new(BIN)
        .args(["--mode", "simple", "--limit", "600", "--delay-ms", "50"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let workers = wait_for_children(parent.id(), 3);
    assert_eq!(workers.len(), 3, "three workers started");
    wait_for_thread(parent.id(), "talk-3", Duration::from_secs(30));
    send_signal(parent.id(), signal);
    let out = parent.wait_with_output().expect("the binary finishes");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "{signal}: {stderr}");
    assert_eq!(stderr.trim_end(), "interrupted: stopped 3 workers", "{signal}");
    assert_all_gone(&workers);
}

#[test]
fn sigint_to_the_parent_leaves_no_worker_behind() {
    interrupt_parent("INT", 130);
}

#[test]
fn sigterm_to_the_parent_leaves_no_worker_behind() {
    interrupt_parent("TERM", 143);
}

#[test]
fn workers_of_a_parent_killed_outright_exit_by_themselves() {
    // SIGKILL cannot be caught: no handler runs. The workers notice that
    // their parent is gone (their input ends, or their parent changes)
    // and exit. Their new parent, not us, reaps them, so a zombie that is
    // no longer the dead parent's child counts as gone.
    let args = ["--mode", "simple", "--limit", "600", "--delay-ms", "50"];
    let (parent, workers) = start_with_children(BIN, &args, 3);
    let parent_pid = parent.id();
    std::thread::sleep(Duration::from_millis(200));
    assert_orphans_exit(parent, &workers, Duration::from_secs(3));
    assert!(children_of(parent_pid).is_empty());
}

#[test]
fn costs_are_printed_for_the_given_k() {
    let out = run_binary(BIN, &["--costs", "--workers", "4"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        stdout.contains("Processes") && stdout.contains("Async tasks"),
        "{stdout}"
    );
    assert_eq!(stdout.lines().filter(|l| l.starts_with("|")).count(), 3, "{stdout}");
}

#[test]
fn bad_input_gets_one_line_and_exit_code_2() {
    assert_refuses_bad_input(BIN);
    let out = run_binary(BIN, &["--costs", "--json"]);
    assert_eq!(out.status.code(), Some(2));
    // --costs runs no runner: what only a runner uses is refused, not dropped.
    concurrency_core::testing::assert_refuses(
        BIN,
        &[
            &["--costs", "--mode", "simple"],
            &["--costs", "--limit", "50"],
            &["--costs", "--delay-ms", "1"],
            &["--costs", "--worker-timeout", "1"],
        ],
    );
}

#[test]
fn bad_fault_options_get_one_line_and_exit_code_2() {
    for args in [
        &["--fail-worker", "two"][..],
        &["--fail-after", "3"],
        &["--fail-worker", "1", "--fail-how", "explode"],
        &["--mode", "shared", "--fail-worker", "4"],
        &["--costs", "--fail-worker", "1"],
    ] {
        // --costs takes no --limit or --delay-ms: they would be the news.
        let mut all = if args[0] == "--costs" {
            vec![]
        } else {
            vec!["--limit", "10", "--delay-ms", "0"]
        };
        all.extend_from_slice(args);
        let out = run_binary(BIN, &all);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.contains("--fail-"), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    let help = run_binary(BIN, &["--help"]);
    let help = String::from_utf8_lossy(&help.stdout);
    for option in ["--fail-worker <K>", "--fail-after <N>", "--fail-how <HOW>"] {
        assert!(help.contains(option), "{option} missing:\n{help}");
    }
}

#[test]
fn a_fault_that_never_fired_says_so_and_fails_the_run() {
    // Worker-1 cannot check 40 of 50 numbers while two others share them.
    let args = ["--mode", "simple", "--workers", "3", "--limit", "50", "--delay-ms", "0"];
    let out = run_binary(
        BIN,
        &[&args[..], &["--fail-worker", "1", "--fail-after", "40"]].concat(),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr
            .contains("error: the planned fault never fired in SIMPLE with 3 workers: Worker-1 checked fewer than 40"),
        "{stderr}"
    );
}
