//! Deadlines on replies: the liveness of a worker that converses.
//!
//! A worker that answers many requests (the multiprocess chapter's pool,
//! which every chapter that measures a pool uses) sends a reply after every
//! number, or every 4096 numbers or 0.1 s: those replies prove that its work
//! moves, which a heartbeat ([`heartbeat`](crate::heartbeat)) cannot. So
//! the parent gives every reply a **deadline**, and a worker that misses it
//! is killed (`SIGKILL`, which a stopped process cannot ignore). From then
//! on it *is* a dead worker: its pipe closes, and the thread talking to it
//! sees an end of file, as for a crash.
//!
//! # The rule
//!
//! Without a fixed deadline (`--worker-timeout`), the deadline for a reply
//! is the largest of [`MARGIN`] x the slowest reply seen so far in this
//! run, from any worker; [`MARGIN`] x the forced delay (the work between
//! two replies when there is one); and [`FLOOR`], for the start of a run,
//! when nothing has been seen. A new worker's hello has its own deadline,
//! [`HELLO_DEADLINE`]. The margin is wide on purpose: a busy machine
//! stretches every reply, and killing a slow but healthy worker costs its
//! work twice.
//!
//! # How the waiting is timed
//!
//! The talking threads block in `read` on their worker's pipe, which has no
//! timeout. Rather than make every pipe non-blocking, each thread notes on a
//! shared [`Board`] when it starts waiting for a reply and when the reply
//! came (two atomic stores: nothing a round trip per number would notice).
//! One watchdog thread per run looks at the board every [`TICK`] and kills
//! the worker whose thread has waited too long; the kill ends the blocked
//! `read` with an end of file.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

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

// ANCHOR: rule
/// How long the parent waits for a worker's next reply: `fixed` if given
/// (`--worker-timeout`), otherwise the largest of [`MARGIN`] x the slowest
/// reply seen so far, [`MARGIN`] x the forced delay, and [`FLOOR`].
pub fn deadline(fixed: Option<Duration>, delay: Duration, slowest: Duration) -> Duration {
    fixed.unwrap_or_else(|| (slowest * MARGIN).max(delay * MARGIN).max(FLOOR))
}
// ANCHOR_END: rule

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

/// The board the talking threads and the watchdog share, for one run: one
/// line per worker, each noting since when its thread waits for a reply.
pub struct Board {
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
    pub fn new(pids: impl IntoIterator<Item = u32>, fixed: Option<Duration>, delay: Duration) -> Self {
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
    pub fn deadline(&self) -> Duration {
        let slowest = Duration::from_nanos(self.slowest.load(Ordering::Relaxed));
        deadline(self.fixed, self.delay, slowest)
    }

    /// Worker `index`'s thread is about to wait for a reply.
    pub fn waiting(&self, index: usize) {
        if let Some(line) = self.lines.get(index) {
            line.waiting_since.store(self.now() + 1, Ordering::SeqCst);
        }
    }

    /// Worker `index`'s reply came (or the wait ended in an error): its
    /// thread no longer waits, and the time it took is remembered.
    pub fn answered(&self, index: usize) {
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
    pub fn missed(&self, index: usize) -> Option<Duration> {
        let missed = self.lines.get(index)?.missed.load(Ordering::SeqCst);
        (missed != 0).then(|| Duration::from_nanos(missed))
    }

    // ANCHOR: watchdog
    /// The watchdog's loop: until [`finish`](Self::finish), calls `kill`
    /// with the pid of every worker whose thread has waited for a reply
    /// longer than the deadline, except while `paused` says so (during an
    /// interrupt, whose handler kills every worker itself: a deadline that
    /// expires then is no news).
    pub fn watch(&self, kill: impl Fn(u32), paused: impl Fn() -> bool) {
        let mut finished = self.finished.lock().unwrap_or_else(PoisonError::into_inner);
        while !*finished {
            if !paused() {
                self.kill_the_silent(&kill);
            }
            finished = self
                .wake
                .wait_timeout(finished, TICK)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    fn kill_the_silent(&self, kill: &impl Fn(u32)) {
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
                kill(line.pid);
            }
        }
    }
    // ANCHOR_END: watchdog

    /// Ends [`watch`](Self::watch).
    pub fn finish(&self) {
        *self.finished.lock().unwrap_or_else(PoisonError::into_inner) = true;
        self.wake.notify_all();
    }

    /// A guard that calls [`finish`](Self::finish) when dropped.
    pub fn finish_on_drop(&self) -> Finish<'_> {
        Finish(self)
    }
}

/// Ends the watchdog when dropped: see [`Board::finish_on_drop`].
pub struct Finish<'a>(&'a Board);

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
    fn a_line_that_answers_in_time_is_never_killed() {
        let board = Board::new([0], Some(Duration::from_secs(60)), Duration::ZERO);
        board.waiting(0);
        board.kill_the_silent(&|pid| panic!("{pid} was killed"));
        board.answered(0);
        assert_eq!(board.missed(0), None);
        assert!(board.slowest.load(Ordering::Relaxed) > 0, "the reply's time is kept");
    }

    #[test]
    fn a_line_that_waits_too_long_is_marked_and_taken_back() {
        let board = Board::new([7], Some(Duration::from_millis(1)), Duration::ZERO);
        board.waiting(0);
        std::thread::sleep(Duration::from_millis(20));
        let killed = std::cell::Cell::new(0);
        board.kill_the_silent(&|pid| killed.set(pid));
        assert_eq!(killed.get(), 7);
        assert_eq!(board.missed(0), Some(Duration::from_millis(1)));
        // The thread's late `answered` finds the line taken: no time kept.
        board.answered(0);
        assert_eq!(board.slowest.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn the_watchdog_ends_when_told() {
        let board = Board::new([], None, Duration::ZERO);
        std::thread::scope(|scope| {
            scope.spawn(|| board.watch(|_| {}, || false));
            board.finish();
        });
    }
}
