//! What ran when: the spans a [`Worker`](crate::Worker) records when a job
//! asks for a timeline ([`Job::with_timeline`](crate::Job::with_timeline)).
//!
//! A span is one number, from the moment the worker started on it (before
//! its forced delay) to the moment it had checked it, with the thread and
//! the process that finished it. Drawn one row per worker, the spans of a
//! run show the tutorial's lessons at a glance: in the synchronous run
//! Worker-2 has no span at all; async tasks take turns on one thread;
//! threads overlap; processes have their own PIDs.
//!
//! Recording is off unless asked for, and off costs one branch on an
//! `Option` per number: no clock is read, nothing is allocated.

use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

// ANCHOR: span
/// One number a worker handled: when it started and ended, and where.
///
/// The times are microseconds of the wall clock (since the Unix epoch), not
/// an [`Instant`](std::time::Instant): an `Instant` means nothing outside
/// the process that read it, and a process worker's spans must line up with
/// its siblings' in one picture. On one machine all processes read the same
/// wall clock; a clock step during a run would bend the picture, which is
/// acceptable for a picture and would not be for a measurement (the timed
/// figures use `Instant`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// The number checked.
    pub number: u64,
    /// When the worker started on it (before its forced delay), in
    /// microseconds since the Unix epoch.
    pub start_us: u64,
    /// When it had checked it.
    pub end_us: u64,
    /// The thread that checked it: an async task can move between threads
    /// from one number to the next.
    pub thread: String,
    /// The process that checked it.
    pub pid: u32,
}
// ANCHOR_END: span

/// Now, in microseconds since the Unix epoch (0 if the clock is set before
/// 1970, which would only make a picture wrong).
pub(crate) fn now_us() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_micros() as u64)
}

/// The spans of one worker as it records them: where the number it is on
/// started, and the spans done.
#[derive(Debug, Default)]
pub(crate) struct Recorder {
    started_us: Option<u64>,
    pub(crate) spans: Vec<Span>,
}

impl Recorder {
    /// The worker starts on a number: its forced delay begins now.
    pub(crate) fn begin(&mut self) {
        self.started_us = Some(now_us());
    }

    /// The worker has checked `number`: the span runs from [`begin`](Self::begin)
    /// (or from now, when no begin was marked) to now.
    pub(crate) fn end(&mut self, number: u64) {
        let end_us = now_us();
        let start_us = self.started_us.take().unwrap_or(end_us);
        let thread = std::thread::current();
        self.spans.push(Span {
            number,
            start_us,
            end_us,
            thread: thread.name().unwrap_or("unnamed").to_owned(),
            pid: std::process::id(),
        });
    }
}
