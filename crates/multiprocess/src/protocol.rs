//! What crosses the process boundary, and how.
//!
//! Two processes share no memory, so everything a worker needs and everything
//! it finds must be turned into bytes, written to a pipe and rebuilt on the
//! other side. Python's `multiprocessing` does this with `pickle`, silently;
//! here it is explicit: a message is a Rust enum, encoded with serde and
//! postcard (a compact binary format: a `u64` takes 1 to 10 bytes), and
//! preceded by its length so the reader knows where it ends.
//!
//! ```text
//! parent ── stdin pipe ──▶ worker     Request::Number / Request::Range
//! parent ◀── stdout pipe ── worker    Reply::Ready, Reply::Progress, Reply::Done
//! ```

use std::io::{self, Read, Write};
use std::ops::RangeInclusive;
use std::time::Duration;

use concurrency_core::WorkerReport;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// The largest message either side accepts (256 MiB). A range of 10^8
/// numbers carries 5.7 million primes, about 25 MB; anything far bigger is
/// garbage, for instance a binary that is not a worker printing text.
pub const MAX_FRAME: usize = 256 << 20;

// ANCHOR: messages
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

// ANCHOR: framing
/// Writes `message` as one frame: its length as 4 little-endian bytes, then
/// its postcard encoding. One `write_all`, so a frame is never interleaved
/// with anything else written to the same pipe.
pub fn write_frame<T: Serialize>(out: &mut impl Write, message: &T) -> io::Result<()> {
    let body = postcard::to_stdvec(message).map_err(io::Error::other)?;
    let len = u32::try_from(body.len())
        .ok()
        .filter(|&len| len as usize <= MAX_FRAME)
        .ok_or_else(|| io::Error::other(format!("a message of {} bytes is too large to send", body.len())))?;
    let mut frame = Vec::with_capacity(4 + body.len());
    frame.extend_from_slice(&len.to_le_bytes());
    frame.extend_from_slice(&body);
    out.write_all(&frame)?;
    out.flush()
}

/// Reads one frame written by [`write_frame`]. The other side closing the
/// pipe between two frames gives [`io::ErrorKind::UnexpectedEof`]: for a
/// worker, its parent is gone; for the parent, the worker died.
pub fn read_frame<T: DeserializeOwned>(input: &mut impl Read) -> io::Result<T> {
    let mut len = [0u8; 4];
    input.read_exact(&mut len)?;
    let len = u32::from_le_bytes(len) as usize;
    if len > MAX_FRAME {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("a frame of {len} bytes announced: not our protocol"),
        ));
    }
    let mut body = vec![0; len];
    input.read_exact(&mut body)?;
    postcard::from_bytes(&body).map_err(|err| io::Error::new(io::ErrorKind::InvalidData, err))
}
// ANCHOR_END: framing

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_survive_the_round_trip() {
        let mut pipe = Vec::new();
        let request = Request::Range {
            first: 335,
            last: 667,
            delay: Duration::from_millis(50),
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
    fn a_number_request_is_a_handful_of_bytes() {
        let mut pipe = Vec::new();
        let request = Request::Number {
            n: 997,
            delay: Duration::from_millis(50),
        };
        write_frame(&mut pipe, &request).expect("a Vec accepts writes");
        // 4 bytes of length, 1 of variant, 2 for 997, 1 + 4 for the delay.
        assert!(pipe.len() <= 12, "{} bytes", pipe.len());
        assert_eq!(request.numbers(), 997..=997);
    }

    #[test]
    fn garbage_is_refused_not_trusted() {
        // A program printing text where frames are expected: "Runn" read
        // as a length is over a gigabyte.
        let text = b"Runner Type | Num. of Workers";
        let err = read_frame::<Reply>(&mut text.as_slice()).expect_err("not a frame");
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        let mut cut = Vec::new();
        write_frame(&mut cut, &Reply::Progress { checked: 5 }).expect("a Vec accepts writes");
        cut.pop();
        let err = read_frame::<Reply>(&mut cut.as_slice()).expect_err("truncated");
        assert_eq!(err.kind(), io::ErrorKind::UnexpectedEof);
    }
}
