//! A helper for the chapters' integration tests: run a chapter binary, send
//! one of its worker processes a signal (`STOP` to freeze it, `KILL` to
//! kill it), and see what the parent made of it.

use std::io::Read;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use concurrency_core::testing::{exists, wait_for_children};

/// The longest a faulted run may take before the test calls it a hang: far
/// above any deadline a test sets, so a busy machine cannot fail it.
pub const HANG: Duration = Duration::from_secs(60);

/// What became of a run one of whose workers was sent a signal.
#[derive(Debug)]
pub struct Faulted {
    /// How the parent ended.
    pub status: ExitStatus,
    /// All it wrote on standard error.
    pub stderr: String,
    /// The worker that was sent the signal.
    pub victim: u32,
    /// Every worker the parent had when the signal was sent.
    pub workers: Vec<u32>,
    /// From the signal to the parent's exit.
    pub took: Duration,
}

impl Faulted {
    /// Asserts that no worker outlived the run (a zombie counts: the parent
    /// should have reaped it).
    pub fn assert_nothing_left(&self) {
        let left: Vec<u32> = self.workers.iter().copied().filter(|&pid| exists(pid)).collect();
        assert!(left.is_empty(), "workers left behind: {left:?}\n{}", self.stderr);
    }
}

/// Starts `bin` with `args` (standard output discarded), waits until it has
/// `count` worker processes, sends the last of them `signal` (`"STOP"`,
/// `"KILL"`), and waits for the parent to exit. Panics if it is still
/// running after [`HANG`] (after killing it, so that the test leaves
/// nothing behind either).
pub fn signal_a_worker(bin: &str, args: &[&str], count: usize, signal: &str) -> Faulted {
    let mut parent = Command::new(bin)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut stderr = parent.stderr.take().expect("a pipe");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let workers = wait_for_children(parent.id(), count);
    let Some(&victim) = workers.last() else {
        let _ = parent.kill();
        let _ = parent.wait();
        panic!("no worker process started: {}", reader.join().unwrap_or_default());
    };
    let sent = Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(victim.to_string())
        .status();
    assert!(sent.is_ok_and(|s| s.success()), "kill -{signal} {victim}");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = parent.try_wait().expect("the parent can be waited for") {
            break status;
        }
        if start.elapsed() > HANG {
            let _ = parent.kill();
            let _ = parent.wait();
            let _ = Command::new("kill").arg("-KILL").arg(victim.to_string()).status();
            panic!("the run hung: still running {HANG:?} after kill -{signal} of worker {victim}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let took = start.elapsed();
    Faulted {
        status,
        stderr: reader.join().unwrap_or_default(),
        victim,
        workers,
        took,
    }
}
