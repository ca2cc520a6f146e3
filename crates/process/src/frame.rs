//! What crosses the process boundary, and how.
//!
//! Two processes share no memory, so everything a worker needs and everything
//! it finds must be turned into bytes, written to a pipe and rebuilt on the
//! other side. Python's `multiprocessing` does this with `pickle`, silently;
//! here it is explicit: a message is a Rust value, encoded with serde and
//! postcard (a compact binary format: a `u64` takes 1 to 10 bytes), and
//! preceded by its length so the reader knows where it ends.
//!
//! ```text
//! [ length: 4 bytes, little-endian ][ body: `length` bytes of postcard ]
//! ```
//!
//! A frame of length 0 is a **heartbeat** ([`write_beat`]): a worker's sign
//! of life, which carries no message (see [`heartbeat`](crate::heartbeat)).
//! No message encodes to nothing, so [`write_frame`] never sends one by
//! mistake, and [`read_frame`] skips them.

use std::io::{self, Read, Write};

use serde::Serialize;
use serde::de::DeserializeOwned;

/// The largest message either side accepts (256 MiB). A range of 10^8
/// numbers carries 5.7 million primes, about 25 MB; anything far bigger is
/// garbage, for instance a binary that is not a worker printing text.
pub const MAX_FRAME: usize = 256 << 20;

// ANCHOR: framing
/// Writes `message` as one frame: its length as 4 little-endian bytes, then
/// its postcard encoding. One `write_all`, so a frame is never interleaved
/// with anything else written to the same pipe.
pub fn write_frame<T: Serialize>(out: &mut (impl Write + ?Sized), message: &T) -> io::Result<()> {
    let body = postcard::to_stdvec(message).map_err(io::Error::other)?;
    if body.is_empty() {
        // `()` or an empty struct: on the wire it would be a heartbeat.
        return Err(io::Error::other(
            "a message that encodes to nothing cannot be told from a heartbeat",
        ));
    }
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

/// Writes one heartbeat: a frame of length 0.
pub fn write_beat(out: &mut (impl Write + ?Sized)) -> io::Result<()> {
    out.write_all(&0u32.to_le_bytes())?;
    out.flush()
}

/// Reads one frame written by [`write_frame`], skipping heartbeats. The
/// other side closing the pipe between two frames gives
/// [`io::ErrorKind::UnexpectedEof`]: for a worker, its parent is gone; for
/// the parent, the worker died.
pub fn read_frame<T: DeserializeOwned>(input: &mut (impl Read + ?Sized)) -> io::Result<T> {
    loop {
        let body = read_body(input)?;
        if !body.is_empty() {
            return decode(&body);
        }
    }
}

/// Decodes the body of a frame.
pub(crate) fn decode<T: DeserializeOwned>(body: &[u8]) -> io::Result<T> {
    postcard::from_bytes(body).map_err(|err| io::Error::new(io::ErrorKind::InvalidData, err))
}

/// Reads one frame's body, as bytes: empty for a heartbeat.
pub(crate) fn read_body(input: &mut (impl Read + ?Sized)) -> io::Result<Vec<u8>> {
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
    Ok(body)
}
// ANCHOR_END: framing

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    enum Message {
        Range { first: u64, last: u64 },
        Progress { checked: u64 },
        Hello(String),
    }

    #[test]
    fn messages_survive_the_round_trip() {
        let mut pipe = Vec::new();
        let range = Message::Range { first: 335, last: 667 };
        write_frame(&mut pipe, &range).expect("a Vec accepts writes");
        let hello = Message::Hello("Worker-2".into());
        write_frame(&mut pipe, &hello).expect("a Vec accepts writes");
        let mut input = pipe.as_slice();
        assert_eq!(read_frame::<Message>(&mut input).expect("a frame"), range);
        assert_eq!(read_frame::<Message>(&mut input).expect("a frame"), hello);
        let end = read_frame::<Message>(&mut input).expect_err("nothing left");
        assert_eq!(end.kind(), io::ErrorKind::UnexpectedEof);
    }

    #[test]
    fn a_small_message_is_a_handful_of_bytes() {
        let mut pipe = Vec::new();
        write_frame(&mut pipe, &Message::Progress { checked: 997 }).expect("a Vec accepts writes");
        // 4 bytes of length, 1 of variant, 2 for 997.
        assert_eq!(pipe.len(), 7, "{pipe:?}");
    }

    #[test]
    fn heartbeats_are_skipped_and_never_sent_by_mistake() {
        let mut pipe = Vec::new();
        write_beat(&mut pipe).expect("a Vec accepts writes");
        write_frame(&mut pipe, &Message::Progress { checked: 1 }).expect("a Vec accepts writes");
        write_beat(&mut pipe).expect("a Vec accepts writes");
        let mut input = pipe.as_slice();
        assert_eq!(
            read_frame::<Message>(&mut input).expect("a frame"),
            Message::Progress { checked: 1 }
        );
        assert_eq!(
            read_frame::<Message>(&mut input).expect_err("only a beat left").kind(),
            io::ErrorKind::UnexpectedEof
        );
        assert!(write_frame(&mut Vec::new(), &()).is_err(), "() would look like a beat");
    }

    #[test]
    fn garbage_is_refused_not_trusted() {
        // A program printing text where frames are expected: "Runn" read
        // as a length is over a gigabyte.
        let text = b"Runner Type | Num. of Workers";
        let err = read_frame::<Message>(&mut text.as_slice()).expect_err("not a frame");
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        let mut cut = Vec::new();
        write_frame(&mut cut, &Message::Progress { checked: 5 }).expect("a Vec accepts writes");
        cut.pop();
        let err = read_frame::<Message>(&mut cut.as_slice()).expect_err("truncated");
        assert_eq!(err.kind(), io::ErrorKind::UnexpectedEof);
    }
}
