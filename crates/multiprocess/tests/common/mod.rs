//! Helpers shared by the integration tests: the chapter binary, and looking
//! at processes (through `concurrency_core`'s `testing` and `system`) to
//! prove none is left behind.

#![allow(dead_code, unused_imports)] // each test file uses its own share of these

/// The chapter binary: the tests' worker executable (their own executable is
/// the test harness, which cannot serve as a worker).
pub const BIN: &str = env!("CARGO_BIN_EXE_chapter-multiprocess");

pub use concurrency_core::testing::{children_of, exists, wait_for_children};

/// The name a warning in `stderr` gives the worker whose pid is `pid`:
/// `Worker-2` in `warning: Worker-2 (pid 4242) died ...`. The tests pick a
/// worker by pid (any of them will do) and check that the parent names it.
pub fn name_of(stderr: &str, pid: u32) -> Option<String> {
    let (before, _) = stderr.split_once(&format!(" (pid {pid})"))?;
    let name = before.rsplit(' ').next()?;
    name.starts_with("Worker-").then(|| name.to_owned())
}

/// Asserts that none of `pids` exists any more, not even as a zombie.
pub fn assert_all_gone(pids: &[u32]) {
    assert!(!pids.is_empty(), "no worker PIDs to check");
    let alive: Vec<u32> = pids.iter().copied().filter(|&pid| exists(pid)).collect();
    assert!(alive.is_empty(), "worker processes left behind: {alive:?}");
}

/// Sends `signal` (a name such as `TERM`) to `pid` with kill(1).
pub fn send_signal(pid: u32, signal: &str) {
    let status = std::process::Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(pid.to_string())
        .status()
        .expect("kill(1) runs");
    assert!(status.success(), "kill -{signal} {pid} failed");
}
