//! Helpers for the chapters' integration tests, which run the real chapter
//! binaries the way a reader does and check what they print.

use std::process::{Command, ExitStatus, Output, Stdio};

/// Runs the binary at `bin` (a test gets it from `env!("CARGO_BIN_EXE_<name>")`)
/// with `args`, and returns what it did. Panics when it cannot be started:
/// in a test, that is the failure to report.
pub fn run_binary(bin: &str, args: &[&str]) -> Output {
    Command::new(bin)
        .args(args)
        .output()
        .unwrap_or_else(|err| panic!("cannot start {bin}: {err}"))
}

/// Runs the binary at `bin` with `args`, its standard output discarded and
/// its standard error a pipe nobody reads any more, as in
/// `bin 2>&1 >/dev/null | true`: every write to standard error fails
/// (EPIPE). A program must still exit with its documented code, not panic
/// (101) or abort (134).
pub fn run_with_closed_stderr(bin: &str, args: &[&str]) -> ExitStatus {
    let (reader, writer) = std::io::pipe().unwrap_or_else(|err| panic!("cannot make a pipe: {err}"));
    drop(reader);
    Command::new(bin)
        .args(args)
        .stdout(Stdio::null())
        .stderr(writer)
        .status()
        .unwrap_or_else(|err| panic!("cannot start {bin}: {err}"))
}

/// The bad inputs every chapter must refuse: zero workers, a limit that is
/// not a number, a limit of zero, an unknown mode, more workers than
/// numbers, absurd sizes, an unknown option.
pub const BAD_INPUTS: &[&[&str]] = &[
    &["--workers", "0"],
    &["--limit", "abc"],
    &["--limit", "0"],
    &["--mode", "nonsense"],
    &["--limit", "3", "--workers", "5"],
    &["--limit", "99999999999999"],
    &["--workers", "1000000"],
    &["--delay-ms", "-1"],
    &["--limit", "100000000"],
    &["--no-such-option"],
];

/// Asserts that the chapter binary at `bin` refuses every one of
/// [`BAD_INPUTS`] the way [`assert_refuses`] checks.
pub fn assert_refuses_bad_input(bin: &str) {
    assert_refuses(bin, BAD_INPUTS);
}

/// Asserts that the binary at `bin` refuses each argument list of `cases`
/// the same way: exit code 2, nothing on standard output, exactly one line
/// on standard error that starts with `error:`, and no panic; and exit code
/// 2 still when standard error is closed.
pub fn assert_refuses(bin: &str, cases: &[&[&str]]) {
    for args in cases {
        let closed = run_with_closed_stderr(bin, args);
        assert_eq!(closed.code(), Some(2), "{args:?} with standard error closed: {closed}");
        let out = run_binary(bin, args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: not one line:\n{stderr}");
        assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

/// `true` while process `pid` exists in any state, zombies included: a
/// zombie is a child nobody reaped, exactly what must not remain (Linux:
/// [`crate::system::process_exists`]).
pub fn exists(pid: u32) -> bool {
    crate::system::process_exists(pid)
}

/// The state letter of `pid` (`R`, `S`, `Z`, ...) and its parent's pid.
pub fn state_and_parent(pid: u32) -> Option<(char, u32)> {
    let process = crate::system::process_state(pid)?;
    Some((process.state, process.parent))
}

/// The processes whose parent is `parent`.
pub fn children_of(parent: u32) -> Vec<u32> {
    crate::system::children_of(parent)
}

/// Waits (up to ten seconds) until `parent` has `count` children, and
/// returns them.
pub fn wait_for_children(parent: u32, count: usize) -> Vec<u32> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let children = children_of(parent);
        if children.len() >= count || std::time::Instant::now() > deadline {
            return children;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

/// Kills `parent` outright (`SIGKILL`: no handler, no cleanup runs), reaps
/// it, and asserts that each of `workers` stops running within `within`.
/// Their new parent, not us, reaps them, so a zombie counts as stopped.
pub fn assert_orphans_exit(mut parent: std::process::Child, workers: &[u32], within: std::time::Duration) {
    assert!(!workers.is_empty(), "no worker PIDs to check");
    parent.kill().expect("SIGKILL the parent");
    parent.wait().expect("reap the parent");
    let deadline = std::time::Instant::now() + within;
    let running = || -> Vec<u32> {
        let live = workers.iter().copied().filter(|&pid| exists(pid));
        live.filter(|&pid| state_and_parent(pid).is_some_and(|(state, _)| state != 'Z'))
            .collect()
    };
    while !running().is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(running().is_empty(), "orphans still running: {:?}", running());
}

/// Starts `bin` with `args` (output discarded) and waits until it has
/// started `count` child processes; returns it and them.
pub fn start_with_children(bin: &str, args: &[&str], count: usize) -> (std::process::Child, Vec<u32>) {
    let parent = Command::new(bin)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the binary starts");
    let children = wait_for_children(parent.id(), count);
    assert_eq!(children.len(), count, "{count} child processes started");
    (parent, children)
}
