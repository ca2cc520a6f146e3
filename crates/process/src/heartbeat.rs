//! Heartbeats: how a parent tells a long task from a frozen child.
//!
//! A child that dies announces itself: it has an exit status, and the
//! [`ChildGuard`](crate::ChildGuard) looks for one ten times a second or
//! more. A child that is alive but frozen (`kill -STOP`, a debugger, a
//! machine that swaps) announces nothing: it never exits, never answers,
//! and a parent waiting for its reply waits forever.
//!
//! A deadline on the reply cannot tell that child from a busy one: a
//! fully-loaded task computes for many seconds before its only reply. So
//! a child started with [`ChildGuard::start`](crate::ChildGuard::start)
//! **beats**: a thread of its own writes an empty frame
//! ([`write_beat`]) on its standard output every so
//! often, while the work runs on the main thread. A stopped process runs
//! no thread at all, so its beats stop; the parent holds a deadline on the
//! time since the child's last frame, beat or reply, and kills (`SIGKILL`,
//! which a stopped process cannot delay), reaps and names a child that
//! misses it.
//!
//! What a beat proves is that the *process* runs, not that its work moves:
//! a worker looping forever on its main thread keeps beating. The
//! multiprocess chapter's pool, whose replies come after every number,
//! holds a deadline on replies instead ([`liveness`](crate::liveness)),
//! which proves progress; a one-shot task has no such replies to time.
//!
//! The deadline is [`DEFAULT_DEADLINE`] unless a chapter's
//! `--worker-timeout` sets another ([`set_deadline`]): generous, because a
//! busy machine can keep a thread from running for a while, and killing a
//! healthy child costs its work.

use std::fs::File;
use std::io::{self, Write};
use std::process::ChildStdout;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::frame::{read_body, write_beat};

/// The environment variable through which a parent asks its child to beat,
/// and how often: milliseconds. [`ChildGuard::start`](crate::ChildGuard::start)
/// sets it; a child started without it (a conversation, whose replies the
/// parent times itself) sends no beats.
pub const HEARTBEAT_VAR: &str = "CONCURRENCY_HEARTBEAT_MS";

/// How long a child may go without a sign of life, unless
/// `--worker-timeout` says otherwise: 5 s, 20 beats at the usual pace.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(5);

/// The largest `--worker-timeout` accepted: a day.
const MAX_DEADLINE: Duration = Duration::from_secs(24 * 3600);

/// The deadline this program's children get, in milliseconds (0: the
/// default). A process-wide setting, as an option of the whole program is.
static DEADLINE_MS: AtomicU64 = AtomicU64::new(0);

/// Sets the deadline on beats for every child this program starts from
/// now on: what a chapter's `--worker-timeout` does.
pub fn set_deadline(deadline: Duration) {
    let ms = u64::try_from(deadline.as_millis()).unwrap_or(u64::MAX).max(1);
    DEADLINE_MS.store(ms, Ordering::Relaxed);
}

/// The deadline on beats: [`set_deadline`]'s, or [`DEFAULT_DEADLINE`].
pub fn deadline() -> Duration {
    match DEADLINE_MS.load(Ordering::Relaxed) {
        0 => DEFAULT_DEADLINE,
        ms => Duration::from_millis(ms),
    }
}

/// How often a child beats for a parent with this deadline: ten beats per
/// deadline, at most four a second (a beat is 4 bytes and a thread
/// switch; nothing a computing worker would notice).
pub fn beat_interval(deadline: Duration) -> Duration {
    (deadline / 10).clamp(Duration::from_millis(10), Duration::from_millis(250))
}

/// Reads `--worker-timeout`: seconds, more than 0 and at most a day
/// (`1`, `0.5`, `2.5`).
pub fn parse_deadline(text: &str) -> Result<Duration, String> {
    let secs: f64 = text.trim().parse().map_err(|_| "not a number of seconds".to_owned())?;
    match Duration::try_from_secs_f64(secs) {
        Ok(timeout) if !timeout.is_zero() && timeout <= MAX_DEADLINE => Ok(timeout),
        _ => Err(format!(
            "a worker's time to answer must be more than 0 s and at most {} s",
            MAX_DEADLINE.as_secs()
        )),
    }
}

/// A child's standard output, shared by the role's replies and the beats:
/// each frame is written whole under the lock, so a beat never lands in
/// the middle of a reply.
#[derive(Clone)]
pub(crate) struct SharedOutput(Arc<Mutex<File>>);

impl SharedOutput {
    /// Shares `file`, and beats on it if the parent asked ([`HEARTBEAT_VAR`]).
    pub(crate) fn new(file: File) -> Self {
        let output = SharedOutput(Arc::new(Mutex::new(file)));
        let interval = std::env::var(HEARTBEAT_VAR).ok().and_then(|ms| ms.parse().ok());
        if let Some(ms) = interval {
            let beats = output.clone();
            // Detached: it beats until the process exits. A write that fails
            // means the parent stopped listening; then there is nobody to beat for.
            let _ = std::thread::Builder::new().name("heartbeat".into()).spawn(move || {
                let interval = Duration::from_millis(ms);
                while write_beat(&mut *beats.lock()).is_ok() {
                    std::thread::sleep(interval);
                }
            });
        }
        output
    }

    fn lock(&self) -> MutexGuard<'_, File> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Write for SharedOutput {
    /// Writes all of `buf` under the lock: [`write_frame`](crate::write_frame)
    /// hands over a whole frame in one call.
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.lock().write_all(buf)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.lock().flush()
    }
}

/// What the parent has heard from one child so far.
#[derive(Debug)]
pub(crate) struct Heard {
    /// When the last frame (beat or reply) arrived, or the child started.
    pub(crate) last_sign: Instant,
    /// The body of the first reply, if one came.
    pub(crate) reply: Option<Vec<u8>>,
    /// Why the output ended, once it has: the error of the read that found it.
    pub(crate) ended: Option<io::Error>,
}

/// A bell the listeners ring when a child's reply comes or its output ends:
/// the parent waits on it instead of sleeping, so a child that finishes is
/// collected at once, not at the parent's next look. (Sleeping a fixed
/// tick added up to a tick to every timed run of short children.)
#[derive(Debug, Default)]
pub(crate) struct News {
    rung: Mutex<u64>,
    bell: Condvar,
}

impl News {
    /// How many times the bell has rung: read it before looking, and pass
    /// it to [`wait`](Self::wait), so that a ring in between is not lost.
    pub(crate) fn rung(&self) -> u64 {
        *self.rung.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn ring(&self) {
        *self.rung.lock().unwrap_or_else(PoisonError::into_inner) += 1;
        self.bell.notify_all();
    }

    /// Waits until the bell has rung more than `seen` times, or `timeout`.
    pub(crate) fn wait(&self, seen: u64, timeout: Duration) {
        let rung = self.rung.lock().unwrap_or_else(PoisonError::into_inner);
        let _ = self.bell.wait_timeout_while(rung, timeout, |rung| *rung == seen);
    }
}

/// The parent's ear on one child: a thread that reads every frame the child
/// writes, so its pipe never fills, and notes what it heard.
#[derive(Debug)]
pub(crate) struct Listener {
    heard: Arc<Mutex<Heard>>,
    thread: Option<JoinHandle<()>>,
}

impl Listener {
    /// Starts listening to `out`; `news` rings on a reply and at the end.
    pub(crate) fn start(mut out: ChildStdout, news: Arc<News>) -> io::Result<Self> {
        let heard = Arc::new(Mutex::new(Heard {
            last_sign: Instant::now(),
            reply: None,
            ended: None,
        }));
        let ear = Arc::clone(&heard);
        let thread = std::thread::Builder::new()
            .name("listener".into())
            .stack_size(64 << 10)
            .spawn(move || {
                loop {
                    let frame = read_body(&mut out);
                    let mut heard = ear.lock().unwrap_or_else(PoisonError::into_inner);
                    heard.last_sign = Instant::now();
                    match frame {
                        Ok(body) if body.is_empty() => {}
                        Ok(body) => {
                            heard.reply.get_or_insert(body);
                            drop(heard);
                            news.ring();
                        }
                        Err(err) => {
                            heard.ended = Some(err);
                            drop(heard);
                            news.ring();
                            return;
                        }
                    }
                }
            })?;
        Ok(Listener {
            heard,
            thread: Some(thread),
        })
    }

    /// What was heard so far.
    pub(crate) fn heard(&self) -> MutexGuard<'_, Heard> {
        self.heard.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits for the thread, which ends when the child's output closes:
    /// call it after the child was reaped.
    pub(crate) fn join(&mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deadline_is_a_positive_number_of_seconds() {
        assert_eq!(parse_deadline("1"), Ok(Duration::from_secs(1)));
        assert_eq!(parse_deadline("0.25"), Ok(Duration::from_millis(250)));
        for bad in ["0", "0.0", "-1", "abc", "", "nan", "inf", "1e30", "100000"] {
            assert!(parse_deadline(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn ten_beats_per_deadline_within_bounds() {
        assert_eq!(beat_interval(Duration::from_secs(1)), Duration::from_millis(100));
        assert_eq!(beat_interval(DEFAULT_DEADLINE), Duration::from_millis(250));
        assert_eq!(beat_interval(Duration::from_millis(20)), Duration::from_millis(10));
    }
}
