//! What crosses the process boundary, and how.
//!
//! Two processes share no memory, so everything a worker needs and everything
//! it finds must be turned into bytes, written to a pipe and rebuilt on the
//! other side. Python's `multiprocessing` does this with `pickle`, silently;
//! here it is explicit: a message is a Rust enum, encoded with serde and
//! postcard (a compact binary format: a `u64` takes 1 to 10 bytes), and
//! preceded by its length so the reader knows where it ends. The framing
//! is every worker's, so it lives in [`concurrency_process::frame`]; the
//! messages are this chapter's.
//!
//! ```text
//! parent ── stdin pipe ──▶ worker     WorkerJob (once), then Request::Number / Request::Range
//! parent ◀── stdout pipe ── worker    Reply::Ready, Reply::Progress, Reply::Done
//! ```

use std::ops::RangeInclusive;
use std::time::Duration;

use concurrency_core::{FaultPlan, WorkerReport};
use serde::{Deserialize, Serialize};

// ANCHOR: messages
/// The first frame a worker process reads, once: who it is, and whether it
/// is to fail on purpose (`--fail-worker`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkerJob {
    /// Its number: `2` makes it `Worker-2`.
    pub number: usize,
    /// The run's planned failure, if it is this worker's.
    pub fault: Option<FaultPlan>,
}

/// What the parent asks a worker process to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Request {
    /// Sleep `delay`, check `n`, reply [`Reply::Done`]: one round trip per
    /// number (the SHARED and PROCESS_POOL runner types).
    Number {
        /// The number to check.
        n: u64,
        /// The forced delay slept before it.
        delay: Duration,
        /// Whether to record what ran when ([`concurrency_core::Span`]s
        /// in the report, stamped in this process: its PID, its thread).
        timeline: bool,
    },
    /// Check every number of `first..=last`, each after `delay`; reply with
    /// [`Reply::Progress`] now and then and one [`Reply::Done`] at the end
    /// (the SIMPLE and CHUNKS_IN_POOL runner types).
    Range {
        /// The first number of the chunk.
        first: u64,
        /// The last number of the chunk (inclusive).
        last: u64,
        /// The forced delay slept before each number.
        delay: Duration,
        /// Whether to record a span per number.
        timeline: bool,
    },
}

/// What a worker process tells the parent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Reply {
    /// The first message of every worker: it is up, and who it is.
    Ready {
        /// `Worker-{number}`.
        name: String,
        /// Its process id, as the worker itself sees it.
        pid: u32,
        /// The thread that will do the work.
        thread: String,
    },
    /// `checked` more numbers of the current range are done. Only for the
    /// progress bar: nothing is acknowledged until [`Reply::Done`].
    Progress {
        /// Numbers checked since the last message.
        checked: u64,
    },
    /// The request is done: what the worker did for it, built in the worker
    /// process by [`concurrency_core::Worker::into_report`]. This is the
    /// acknowledgement: the parent counts a number as checked only once it
    /// holds this reply.
    Done(WorkerReport),
}
// ANCHOR_END: messages

impl Request {
    /// The numbers the request covers.
    pub fn numbers(&self) -> RangeInclusive<u64> {
        match *self {
            Request::Number { n, .. } => n..=n,
            Request::Range { first, last, .. } => first..=last,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use concurrency_process::{read_frame, write_frame};
    use std::io;

    #[test]
    fn messages_survive_the_round_trip() {
        let mut pipe = Vec::new();
        let request = Request::Range {
            first: 335,
            last: 667,
            delay: Duration::from_millis(50),
            timeline: true,
        };
        write_frame(&mut pipe, &request).expect("a Vec accepts writes");
        let reply = Reply::Ready {
            name: "Worker-2".into(),
            pid: 4242,
            thread: "main".into(),
        };
        write_frame(&mut pipe, &reply).expect("a Vec accepts writes");
        let mut input = pipe.as_slice();
        assert_eq!(read_frame::<Request>(&mut input).expect("a frame"), request);
        assert_eq!(read_frame::<Reply>(&mut input).expect("a frame"), reply);
        let end = read_frame::<Reply>(&mut input).expect_err("nothing left");
        assert_eq!(end.kind(), io::ErrorKind::UnexpectedEof);
    }

    #[test]
    fn a_job_carries_its_fault_plan() {
        let job = WorkerJob {
            number: 2,
            fault: Some(FaultPlan {
                worker: 2,
                after: 5,
                how: concurrency_core::FailHow::Hang,
            }),
        };
        let mut pipe = Vec::new();
        write_frame(&mut pipe, &job).expect("a Vec accepts writes");
        assert_eq!(read_frame::<WorkerJob>(&mut pipe.as_slice()).expect("a frame"), job);
    }

    #[test]
    fn a_number_request_is_a_handful_of_bytes() {
        let mut pipe = Vec::new();
        let request = Request::Number {
            n: 997,
            delay: Duration::from_millis(50),
            timeline: false,
        };
        write_frame(&mut pipe, &request).expect("a Vec accepts writes");
        // 4 bytes of length, 1 of variant, 2 for 997, 1 + 4 for the delay,
        // 1 for the timeline flag.
        assert!(pipe.len() <= 13, "{} bytes", pipe.len());
        assert_eq!(request.numbers(), 997..=997);
    }
}
