//! Helpers shared by the integration tests: the chapter binary, and looking
//! at processes through `/proc` (Linux) to prove none is left behind.

#![allow(dead_code)] // each test file uses its own share of these

use std::path::Path;
use std::time::{Duration, Instant};

/// The chapter binary: the tests' worker executable (their own executable is
/// the test harness, which cannot serve as a worker).
pub const BIN: &str = env!("CARGO_BIN_EXE_chapter-multiprocess");

/// `true` while process `pid` exists in any state, zombies included: a
/// zombie is a child nobody reaped, exactly what must not remain.
pub fn exists(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

/// The state letter of `pid` (`R`, `S`, `Z`, ...) and its parent's pid.
pub fn state_and_parent(pid: u32) -> Option<(char, u32)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // `pid (comm) state ppid ...`: comm may hold spaces, so cut after `)`.
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace();
    let state = fields.next()?.chars().next()?;
    let parent = fields.next()?.parse().ok()?;
    Some((state, parent))
}

/// The processes whose parent is `parent`.
pub fn children_of(parent: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|&pid| state_and_parent(pid).is_some_and(|(_, p)| p == parent))
        .collect()
}

/// Waits until `parent` has `count` children, and returns them.
pub fn wait_for_children(parent: u32, count: usize) -> Vec<u32> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let children = children_of(parent);
        if children.len() >= count || Instant::now() > deadline {
            return children;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The worker number a process was started as (its `CONCURRENCY_WORKER_ROLE`).
pub fn worker_number(pid: u32) -> Option<usize> {
    let environ = std::fs::read(format!("/proc/{pid}/environ")).ok()?;
    environ
        .split(|&b| b == 0)
        .filter_map(|var| std::str::from_utf8(var).ok())
        .find_map(|var| var.strip_prefix("CONCURRENCY_WORKER_ROLE="))
        .and_then(|n| n.parse().ok())
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
