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
//! # A deadline per reply, not a heartbeat
//!
//! The other classic design is a heartbeat: a thread in the worker sends
//! "still here" every so often. It fits this protocol badly, for two
//! reasons. A heartbeat thread keeps beating while the thread doing the
//! work loops or deadlocks, so it proves the *process* is alive, not that
//! the work moves. And the protocol has a heartbeat already, one that does
//! prove progress: a chunk is answered with a [`Reply::Progress`] after
//! every number when there is a forced delay (without one, after every 4096
//! numbers or 0.1 s, whichever comes first), a single number with its
//! [`Reply::Done`]. So the deadline covers
//! the wait for the *next reply*, whatever it is, never a whole chunk: a
//! chunk of 500 numbers at 50 ms is 25 s of work, but no reply of it is
//! more than one number apart.
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
//!
//! Ten times is a wide margin on purpose: a busy machine stretches every
//! reply, and killing a slow but healthy worker costs its work twice. The
//! first term lets the deadline follow the machine: when replies slow down,
//! the deadline grows with them. `--worker-timeout SECS` replaces the rule
//! by a fixed deadline, for the hellos too.
//!
//! # How the waiting is timed
//!
//! The talking threads block in `read` on their worker's pipe, which has no
//! timeout. Rather than make every pipe non-blocking, each thread notes on a
//! shared board when it starts waiting for a reply and when the reply came
//! (two atomic stores: nothing a round trip per number would notice). One
//! watchdog thread per run looks at the board every
//! [`TICK`] and kills the worker whose thread has waited too long;
//! the kill ends the blocked `read` with an end of file.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::registry::kill_worker;
use crate::signals::stopping;

#[cfg(doc)]
use crate::protocol::Reply;

/// The smallest deadline the rule gives.
pub const FLOOR: Duration = Duration::from_secs(2);

/// The margin: the deadline is this many times the slowest reply or the
/// forced delay.
pub const MARGIN: u32 = 10;

/// How often the watchdog looks: the most a deadline can be overshot by
/// (plus scheduling).
pub const TICK: Duration = Duration::from_millis(50);

/// How long a new worker has to say hello, unless `--worker-timeout` says
/// otherwise. No reply has been seen yet to scale it by, and starting a
/// process can take long on a loaded machine: so a generous fixed time.
pub const HELLO_DEADLINE: Duration = Duration::from_secs(10);

/// The largest `--worker-timeout` accepted: a day.
const MAX_TIMEOUT: Duration = Duration::from_secs(24 * 3600);

// ANCHOR: rule
/// How long the parent waits for a worker's next reply: `fixed` if given
/// (`--worker-timeout`), otherwise the largest of [`MARGIN`] x the slowest
/// reply seen so far, [`MARGIN`] x the forced delay, and [`FLOOR`].
pub fn deadline(fixed: Option<Duration>, delay: Duration, slowest: Duration) -> Duration {
    fixed.unwrap_or_else(|| (slowest * MARGIN).max(delay * MARGIN).max(FLOOR))
}
// ANCHOR_END: rule

/// Reads `--worker-timeout`: seconds, more than 0 and at most a day
/// (`1`, `0.5`, `2.5`).
pub fn parse_timeout(text: &str) -> Result<Duration, String> {
    let secs: f64 = text.trim().parse().map_err(|_| "not a number of seconds".to_owned())?;
    match Duration::try_from_secs_f64(secs) {
        Ok(timeout) if !timeout.is_zero() && timeout <= MAX_TIMEOUT => Ok(timeout),
        _ => Err(format!(
            "a worker's time to answer must be more than 0 s and at most {} s",
            MAX_TIMEOUT.as_secs()
        )),
    }
}

/// One worker's line on the board.
struct Line {
    /// The worker's process id (0: an empty slot).
    pid: u32,
    /// When its talking thread began to wait for a reply, in nanoseconds
    /// since the board's start, plus 1; 0 while it is not waiting.
    waiting_since: AtomicU64,
    /// The deadline it missed, in nanoseconds (0: it missed none).
    missed: AtomicU64,
}

/// The board the talking threads and the watchdog share, for one run.
pub(crate) struct Board {
    start: Instant,
    fixed: Option<Duration>,
    delay: Duration,
    /// The slowest reply seen in this run, in nanoseconds.
    slowest: AtomicU64,
    lines: Vec<Line>,
    finished: Mutex<bool>,
    wake: Condvar,
}

impl Board {
    /// A board for workers with these process ids (0 for an empty slot).
    pub(crate) fn new(pids: impl IntoIterator<Item = u32>, fixed: Option<Duration>, delay: Duration) -> Self {
        Board {
            start: Instant::now(),
            fixed,
            delay,
            slowest: AtomicU64::new(0),
            lines: pids
                .into_iter()
                .map(|pid| Line {
                    pid,
                    waiting_since: AtomicU64::new(0),
                    missed: AtomicU64::new(0),
                })
                .collect(),
            finished: Mutex::new(false),
            wake: Condvar::new(),
        }
    }

    fn now(&self) -> u64 {
        nanos(self.start.elapsed())
    }

    /// The deadline for a reply now, by the rule.
    pub(crate) fn deadline(&self) -> Duration {
        let slowest = Duration::from_nanos(self.slowest.load(Ordering::Relaxed));
        deadline(self.fixed, self.delay, slowest)
    }

    /// Worker `index`'s thread is about to wait for a reply.
    pub(crate) fn waiting(&self, index: usize) {
        if let Some(line) = self.lines.get(index) {
            line.waiting_since.store(self.now() + 1, Ordering::SeqCst);
        }
    }

    /// Worker `index`'s reply came (or the wait ended in an error): its
    /// thread no longer waits, and the time it took is remembered.
    pub(crate) fn answered(&self, index: usize) {
        let Some(line) = self.lines.get(index) else { return };
        // A swap, so that either we take the line back or the watchdog has
        // already taken it to kill the worker; never both.
        let since = line.waiting_since.swap(0, Ordering::SeqCst);
        if since != 0 {
            let took = self.now().saturating_sub(since - 1);
            self.slowest.fetch_max(took, Ordering::Relaxed);
        }
    }

    /// The deadline worker `index` missed, if the watchdog killed it.
    pub(crate) fn missed(&self, index: usize) -> Option<Duration> {
        let missed = self.lines.get(index)?.missed.load(Ordering::SeqCst);
        (missed != 0).then(|| Duration::from_nanos(missed))
    }

    // ANCHOR: watchdog
    /// The watchdog's loop: until [`finish`](Self::finish), kills every
    /// worker whose thread has waited for a reply longer than the deadline.
    pub(crate) fn watch(&self) {
        let mut finished = self.finished.lock().unwrap_or_else(PoisonError::into_inner);
        while !*finished {
            // During an interrupt the signal watcher kills every worker:
            // a deadline that expires then is no news.
            if !stopping() {
                self.kill_the_silent();
            }
            finished = self
                .wake
                .wait_timeout(finished, TICK)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    fn kill_the_silent(&self) {
        let limit = self.deadline();
        let now = self.now();
        for line in &self.lines {
            let since = line.waiting_since.load(Ordering::SeqCst);
            if since == 0 || now.saturating_sub(since - 1) <= nanos(limit) {
                continue;
            }
            // Take the line back first: if the reply came meanwhile, the
            // talking thread took it, the exchange fails, and nobody is
            // killed for being on time.
            if line
                .waiting_since
                .compare_exchange(since, 0, Ordering::SeqCst, Ordering::SeqCst)
                .is_ok()
            {
                line.missed.store(nanos(limit).max(1), Ordering::SeqCst);
                // SIGKILL: a stopped process cannot delay it, a looping one
                // cannot catch it. Its pipe closes, and the thread waiting on
                // it sees an end of file, as for any death.
                kill_worker(line.pid);
            }
        }
    }
    // ANCHOR_END: watchdog

    /// Ends [`watch`](Self::watch).
    pub(crate) fn finish(&self) {
        *self.finished.lock().unwrap_or_else(PoisonError::into_inner) = true;
        self.wake.notify_all();
    }

    /// A guard that calls [`finish`](Self::finish) when dropped.
    pub(crate) fn finish_on_drop(&self) -> Finish<'_> {
        Finish(self)
    }
}

/// Ends the watchdog when dropped: see [`Board::finish_on_drop`].
pub(crate) struct Finish<'a>(&'a Board);

impl Drop for Finish<'_> {
    fn drop(&mut self) {
        self.0.finish();
    }
}

fn nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_takes_the_largest_of_its_three_terms() {
        let ms = Duration::from_millis;
        // Nothing seen, no delay: the floor.
        assert_eq!(deadline(None, Duration::ZERO, Duration::ZERO), FLOOR);
        // A 500 ms delay: 10 x 500 ms.
        assert_eq!(deadline(None, ms(500), ms(300)), ms(5_000));
        // A reply took 400 ms: 10 x 400 ms beats 10 x 50 ms and the floor.
        assert_eq!(deadline(None, ms(50), ms(400)), ms(4_000));
        // --worker-timeout wins, even when it is shorter.
        assert_eq!(deadline(Some(ms(1_000)), ms(500), ms(400)), ms(1_000));
    }

    #[test]
    fn a_timeout_is_a_positive_number_of_seconds() {
        assert_eq!(parse_timeout("1"), Ok(Duration::from_secs(1)));
        assert_eq!(parse_timeout("0.25"), Ok(Duration::from_millis(250)));
        for bad in ["0", "0.0", "-1", "abc", "", "nan", "inf", "1e30", "100000"] {
            assert!(parse_timeout(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_line_that_answers_in_time_is_never_killed() {
        let board = Board::new([0], Some(Duration::from_secs(60)), Duration::ZERO);
        board.waiting(0);
        board.kill_the_silent();
        board.answered(0);
        assert_eq!(board.missed(0), None);
        assert!(board.slowest.load(Ordering::Relaxed) > 0, "the reply's time is kept");
    }

    #[test]
    fn a_line_that_waits_too_long_is_marked_and_taken_back() {
        // pid 0 has no child in the registry: kill_worker does nothing.
        let board = Board::new([0], Some(Duration::from_millis(1)), Duration::ZERO);
        board.waiting(0);
        std::thread::sleep(Duration::from_millis(20));
        board.kill_the_silent();
        assert_eq!(board.missed(0), Some(Duration::from_millis(1)));
        // The thread's late `answered` finds the line taken: no time kept.
        board.answered(0);
        assert_eq!(board.slowest.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn the_watchdog_ends_when_told() {
        let board = Board::new([], None, Duration::ZERO);
        std::thread::scope(|scope| {
            scope.spawn(|| board.watch());
            board.finish();
        });
    }
}
