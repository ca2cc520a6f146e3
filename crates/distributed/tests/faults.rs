//! A member that stops answering, as a reader meets it: a peer that never
//! comes (the connect deadline), a frozen member (the progress deadline),
//! and a killed one re-run with `--retries`. Each ends with one line and
//! nothing left running.

use std::io::Read;
use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use concurrency_core::testing::{exists, run_binary, wait_for_children};

const BIN: &str = env!("CARGO_BIN_EXE_chapter-distributed");

/// The pids in the rows of the table a run printed (Markdown into a pipe).
fn row_pids(stdout: &str) -> Vec<u32> {
    stdout
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).filter(|cell| !cell.is_empty()).collect();
            cells.get(1)?.parse().ok().filter(|_| cells[0].parse::<usize>().is_ok())
        })
        .collect()
}

/// A peer that never comes (nothing listens at its address) ends a member
/// started by hand within its connect deadline, with one line naming the
/// peer, instead of timely's retrying for ever (and printing "retrying" on
/// standard output once a second). Process 0 waits for process 1 to connect;
/// process 1 tries to connect to process 0: both sides are covered.
#[test]
fn an_unreachable_peer_ends_the_run_within_the_connect_deadline() {
    let own = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = own.local_addr().unwrap().to_string();
    drop(own);
    let dir = std::env::temp_dir().join(format!("chapter-distributed-unreachable-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // Port 1 on loopback: nothing listens there, every connection is refused.
    let cases = [
        (
            "waits.txt",
            format!("{address}\n127.0.0.1:1\n"),
            "0",
            "process 1 at 127.0.0.1:1 (it never connected)",
        ),
        (
            "dials.txt",
            format!("127.0.0.1:1\n{address}\n"),
            "1",
            "process 0 at 127.0.0.1:1 (Connection refused",
        ),
    ];
    for (name, hosts, process, named) in cases {
        let hostfile = dir.join(name);
        std::fs::write(&hostfile, hosts).unwrap();
        let start = Instant::now();
        let args = ["--hostfile", hostfile.to_str().unwrap(), "--process", process];
        let out = run_binary(
            BIN,
            &[&args[..], &["--connect-timeout", "2", "--limit", "1000"]].concat(),
        );
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        );
        assert_eq!(out.status.code(), Some(4), "{stderr}");
        let errors: Vec<&str> = stderr.lines().filter(|line| line.starts_with("error:")).collect();
        assert_eq!(errors.len(), 1, "{stderr}");
        assert!(
            errors[0].starts_with(&format!("error: process {process} could not connect to {named}"))
                && errors[0].ends_with("within 2.0 s (--connect-timeout)"),
            "{stderr}"
        );
        assert!(stdout.is_empty(), "nothing on standard output: {stdout}");
        // The deadline, plus a generous allowance for a busy machine.
        assert!(start.elapsed() < Duration::from_secs(30), "{:?}", start.elapsed());
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The `--process` index a member was started with, from its command line.
fn process_index(pid: u32) -> Option<usize> {
    let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
    let args: Vec<String> = cmdline
        .split(|&byte| byte == 0)
        .map(|arg| String::from_utf8_lossy(arg).into_owned())
        .collect();
    let at = args.iter().position(|arg| arg == "--process")?;
    args.get(at + 1)?.parse().ok()
}

/// A frozen member (SIGSTOP: its connections stay open, it just never
/// answers) ends the run within the progress deadline, with one line naming
/// it, and no member is left behind, the frozen one included.
#[test]
fn a_frozen_process_ends_the_run_within_the_progress_deadline() {
    let mut launcher = Command::new(BIN)
        .args(["--processes", "3", "--limit", "3e7", "--progress-timeout", "2"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let members = wait_for_children(launcher.id(), 3);
    assert_eq!(members.len(), 3, "three members started");
    std::thread::sleep(Duration::from_millis(500)); // let them connect and start counting
    let victim = *members.last().unwrap();
    let index = process_index(victim).expect("the member's --process");
    let stopped = Instant::now();
    assert!(
        Command::new("kill")
            .args(["-STOP", &victim.to_string()])
            .status()
            .unwrap()
            .success()
    );
    let exit = loop {
        if let Some(exit) = launcher.try_wait().unwrap() {
            break exit;
        }
        if stopped.elapsed() > Duration::from_secs(90) {
            let _ = launcher.kill();
            let _ = launcher.wait();
            let _ = Command::new("kill").args(["-KILL", &victim.to_string()]).status();
            panic!("the run hung for 90 s after a member was frozen");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    launcher.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    assert_eq!(exit.code(), Some(1), "{stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|line| line.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(
        errors[0].contains(&format!("no partial count from process {index} "))
            && errors[0].contains("--progress-timeout"),
        "{stderr}"
    );
    let left: Vec<u32> = members.iter().copied().filter(|&pid| exists(pid)).collect();
    assert!(left.is_empty(), "members left behind: {left:?}");
}

/// With `--retries 1`, a member killed mid-run costs a re-run, not the
/// answer: the launcher says what it lost and what it re-runs, starts fresh
/// members, and the count is exact.
#[test]
fn with_retries_a_killed_member_is_re_run_and_the_count_stays_exact() {
    let launcher = Command::new(BIN)
        .args(["--processes", "2", "--limit", "1e7", "--retries", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let members = wait_for_children(launcher.id(), 2);
    assert_eq!(members.len(), 2, "two members started");
    std::thread::sleep(Duration::from_millis(300)); // connected, and counting
    let victim = *members.last().unwrap();
    assert!(
        Command::new("kill")
            .args(["-KILL", &victim.to_string()])
            .status()
            .unwrap()
            .success()
    );
    let out = launcher.wait_with_output().unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{stdout}\n{stderr}");
    let lost: Vec<&str> = stderr.lines().filter(|line| line.starts_with("lost after")).collect();
    assert_eq!(lost.len(), 1, "{stderr}");
    assert!(
        lost[0].contains(&format!("(pid {victim}) was killed by signal 9"))
            && lost[0].contains("re-running the whole count (1..=10000000) on 2 fresh processes, retry 1 of 1"),
        "{stderr}"
    );
    assert!(
        stdout.contains("total: 664579 primes in 1..=10000000 (exact"),
        "{stdout}"
    );
    // The fresh members are new processes.
    let pids = row_pids(&stdout);
    assert_eq!(pids.len(), 2, "{stdout}");
    assert!(pids.iter().all(|pid| !members.contains(pid)), "{stdout}");
    let left: Vec<u32> = members.iter().copied().filter(|&pid| exists(pid)).collect();
    assert!(left.is_empty(), "members left behind: {left:?}");
}
