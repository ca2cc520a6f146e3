//! Liveness: a worker that stops answering is handled like one that died.
//!
//! A dead worker announces itself: its pipe closes, and the thread talking
//! to it wakes up with an end of file. A worker that is alive but silent
//! (stopped with `kill -STOP`, stuck in a loop, deadlocked) announces
//! nothing: the thread waits on the pipe forever, and the run with it. So
//! the parent gives every reply a **deadline**, and a worker that misses it
//! is killed (`SIGKILL`, which a stopped process cannot ignore). From then
//! on it *is* a dead worker: its pipe closes, the talking thread reaps it,
//! names it, and its unfinished task goes back to the queue, exactly as for
//! a crash.
//!
//! The board and the watchdog are the process layer's
//! ([`concurrency_process::liveness`]), shared with every chapter that
//! starts workers; this module adds what is this chapter's: the registry's
//! kill and the interrupt that pauses the watchdog.
//!
//! # A deadline per reply, not a heartbeat
//!
//! The one-shot workers of the other chapters beat
//! ([`concurrency_process::heartbeat`]): a thread in the worker sends
//! "still here" every so often, and the parent holds a deadline on beats.
//! A beat proves the *process* is alive, not that the work moves: a
//! heartbeat thread keeps beating while the thread doing the work loops or
//! deadlocks. This protocol has a better heartbeat already, one that does
//! prove progress: a chunk is answered with a [`Reply::Progress`] after
//! every number when there is a forced delay (without one, after every 4096
//! numbers or 0.1 s, whichever comes first), a single number with its
//! [`Reply::Done`]. So the deadline covers the wait for the *next reply*,
//! whatever it is, never a whole chunk: a chunk of 500 numbers at 50 ms is
//! 25 s of work, but no reply of it is more than one number apart. <!-- figure: arithmetic on the settings -->
//!
//! # The rule
//!
//! Without `--worker-timeout`, the deadline for a reply is the largest of
//!
//! - 10 x the slowest reply seen so far in this run, from any worker;
//! - 10 x the forced delay (the work between two replies when there is
//!   one);
//! - a floor of 2 s, for the start of a run, when nothing has been seen.
//!
//! A new worker's hello has its own deadline, [`HELLO_DEADLINE`] (10 s):
//! starting a process is slower than answering, and nothing has been seen
//! yet. A worker that misses it fails the start, naming the worker.
//! `--worker-timeout SECS` replaces the rule by a fixed deadline, for the
//! hellos too.

use std::time::Duration;

pub use concurrency_process::liveness::{Board, FLOOR, HELLO_DEADLINE, MARGIN, TICK, deadline};

use crate::registry::kill_worker;
use crate::signals::stopping;

#[cfg(doc)]
use crate::protocol::Reply;

/// Reads `--worker-timeout`: seconds, more than 0 and at most a day
/// (`1`, `0.5`, `2.5`).
pub fn parse_timeout(text: &str) -> Result<Duration, String> {
    concurrency_process::parse_deadline(text)
}

// ANCHOR: watchdog
/// The watchdog of one run: kills (through the registry) every worker that
/// misses its deadline, except during an interrupt, when the signal
/// watcher kills every worker anyway. Returns when the board is finished.
pub(crate) fn watch(board: &Board) {
    board.watch(
        |pid| {
            kill_worker(pid);
        },
        stopping,
    );
}
// ANCHOR_END: watchdog
