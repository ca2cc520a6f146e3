//! Every worker process this program started and has not reaped yet.
//!
//! Three rules keep orphans out:
//! 1. every child is reaped: [`WorkerProcess`](crate::process::WorkerProcess)
//!    closes the worker's input and reaps it when it is stopped or
//!    dropped (and kills it if it does not leave within a grace period);
//! 2. when the parent gets `SIGINT` or `SIGTERM`, a watcher thread kills
//!    and reaps every live worker ([`stop_all_workers`], see
//!    [`crate::signals`]);
//! 3. a worker exits by itself the moment its standard input ends, which
//!    happens whenever the parent dies, even by `SIGKILL`, which no handler
//!    can catch.
//!
//! The registry is what the first two share. The signal watcher needs every
//! child, whichever runner thread owns it, so the `Child` values live here
//! rather than in the handles, which keep only the pid and the pipes.

use std::io;
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitStatus};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use crate::signals::{stopping, wait_for_the_exit};

// ANCHOR: registry
/// Every worker process this program started and has not reaped yet.
static CHILDREN: Mutex<Vec<Child>> = Mutex::new(Vec::new());

fn children() -> MutexGuard<'static, Vec<Child>> {
    // A panic elsewhere while holding the lock leaves the list itself intact.
    CHILDREN.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Spawns `command` (whose standard input and output must be piped) and
/// registers the child; returns its pid and its two pipes.
///
/// The lock is held across `spawn`, so the signal watcher can never run
/// between the birth of a child and its registration; and once it has
/// emptied the registry, no new child may join it: a thread that would
/// start one during an interrupt waits for the exit instead.
pub(crate) fn spawn(command: &mut Command) -> io::Result<(u32, ChildStdin, ChildStdout)> {
    let mut registry = children();
    if stopping() {
        drop(registry);
        wait_for_the_exit()
    }
    let mut child = command.spawn()?;
    let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        // Cannot happen with `Stdio::piped()`; if it did, the child would
        // be useless: stop it rather than leak it.
        let _ = child.kill();
        let _ = child.wait();
        return Err(io::Error::other("its pipes were not created"));
    };
    let pid = child.id();
    registry.push(child);
    Ok((pid, stdin, stdout))
}

/// Kills and reaps every worker process still running; returns how many
/// there were. The signal watcher calls it.
pub fn stop_all_workers() -> usize {
    let mut registry = children();
    let count = registry.len();
    for child in registry.iter_mut() {
        // Errors mean the process is already gone: nothing left to do.
        let _ = child.kill();
        let _ = child.wait();
    }
    registry.clear();
    count
}

/// Kills the worker `pid` with `SIGKILL` (a stopped process dies too) and
/// leaves the reaping to whoever owns its handle; returns `false` when no
/// such worker is running. The watchdog of [`crate::liveness`] calls it for
/// a worker that missed its deadline.
///
/// Killing through the registry's `Child`, under its lock, is what makes
/// this safe: a child is reaped only once it has left the registry, so the
/// pid cannot have been reused by a stranger.
pub fn kill_worker(pid: u32) -> bool {
    let mut registry = children();
    match registry.iter_mut().find(|child| child.id() == pid) {
        Some(child) => child.kill().is_ok(),
        None => false,
    }
}

/// Reaps the worker `pid`: waits up to `grace` for it to exit, then kills it.
/// The registry's lock is held only for each quick `try_wait`, so other
/// runner threads (and the signal watcher) are never kept waiting long.
pub(crate) fn reap(pid: u32, grace: Duration) -> io::Result<ExitStatus> {
    let deadline = Instant::now() + grace;
    let mut pause = Duration::from_micros(20);
    loop {
        let mut registry = children();
        let Some(index) = registry.iter().position(|child| child.id() == pid) else {
            return Err(io::Error::other(format!("process {pid} was already reaped")));
        };
        let child = &mut registry[index];
        let finished = match child.try_wait()? {
            Some(status) => Some(status),
            None if Instant::now() >= deadline => {
                child.kill()?;
                Some(child.wait()?)
            }
            None => None,
        };
        if let Some(status) = finished {
            // The child was reaped just above (`try_wait` or `wait`
            // returned its status); clippy cannot see that across the match.
            #[allow(clippy::zombie_processes)]
            registry.swap_remove(index);
            return Ok(status);
        }
        drop(registry);
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(5));
    }
}
// ANCHOR_END: registry
