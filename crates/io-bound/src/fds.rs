//! File descriptors: the limit that "every request at once" meets first.
//!
//! Every open connection is a file descriptor, and a process may hold only
//! `ulimit -n` of them (`RLIMIT_NOFILE`). A request in flight holds one for
//! its client socket, and one more for the server's end when the server
//! runs in the same process, as the embedded one does: 10,000 requests at
//! once against the embedded server need about 20,000 descriptors. When
//! they run out, `socket()` and `accept()` fail with `EMFILE` ("Too many
//! open files"): the client counts a connection error, the server leaves
//! the connection waiting in its backlog.
//!
//! Two things follow, and both are what servers do:
//!
//! - [`raise_limit`] raises the soft limit to the hard one at start. The
//!   soft limit is often far below the hard one (1,024 against 524,288 on
//!   many Linux systems) only to protect old programs that keep descriptors
//!   in a `select()` bitmap; a program built on epoll, as tokio is, has no
//!   such problem. The hard limit is the administrator's ceiling: it is
//!   left alone, even for root.
//! - [`FdBudget`] compares what a run plans to hold at once with what the
//!   limit allows, says so in one line when it does not fit, and tells the
//!   async modes how many requests may be in flight at once. A real client
//!   bounds its connections too: aiohttp's `TCPConnector` opens at most 100
//!   by default, so the Python tutorial's "all at once" never met this
//!   wall; reqwest has no such bound, so the chapter sets one that the
//!   descriptors can hold. The requests beyond it wait for a free
//!   descriptor instead of failing.

use std::io;

/// Descriptors kept back for everything else the process holds: standard
/// streams, the two runtimes' epoll and wake-up descriptors, the listening
/// socket, the worker processes' pipes, a log file. About 15 are open when
/// a run starts; the rest is room to spare.
pub const MARGIN: u64 = 64;

/// The process's file-descriptor limits (`ulimit -Sn` and `ulimit -Hn`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FdLimit {
    /// What the process may open now.
    pub soft: u64,
    /// How far the process may raise `soft` by itself.
    pub hard: u64,
}

// ANCHOR: raise_limit
/// Raises the soft file-descriptor limit to the hard limit, as servers do
/// at start, and returns the limits now in force. Where the hard limit is
/// "unlimited" the soft one goes as high as the kernel allows a process
/// (`/proc/sys/fs/nr_open` on Linux). A refusal leaves the soft limit as it
/// was and is no error: the limits are returned as they are.
#[cfg(unix)]
pub fn raise_limit() -> io::Result<FdLimit> {
    let before = current_limit()?;
    if before.soft >= before.hard {
        return Ok(before);
    }
    let mut target = before.hard;
    if target == libc::RLIM_INFINITY {
        // Linux refuses more than nr_open; macOS more than OPEN_MAX.
        target = concurrency_core::system::max_open_files().unwrap_or(10_240);
    }
    let wanted = libc::rlimit {
        rlim_cur: target,
        rlim_max: before.hard,
    };
    // SAFETY: setrlimit only reads the struct behind the pointer, a local
    // that lives across the call; RLIMIT_NOFILE is a valid resource.
    let refused = unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &wanted) } != 0;
    if refused {
        return Ok(before);
    }
    current_limit()
}
// ANCHOR_END: raise_limit

/// The limits now in force. (`rlim_t` is a `u64` on the 64-bit Unix
/// systems this workspace runs on, so the values pass as they are.)
#[cfg(unix)]
pub fn current_limit() -> io::Result<FdLimit> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes one `rlimit` through the pointer, which
    // points to a local of that type, valid and exclusively borrowed for
    // the call.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(FdLimit {
        soft: limit.rlim_cur,
        hard: limit.rlim_max,
    })
}

/// Elsewhere there is no `RLIMIT_NOFILE` to raise.
#[cfg(not(unix))]
pub fn raise_limit() -> io::Result<FdLimit> {
    current_limit()
}

/// Elsewhere there is no `RLIMIT_NOFILE` to read.
#[cfg(not(unix))]
pub fn current_limit() -> io::Result<FdLimit> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "no file-descriptor limit on this platform",
    ))
}

// ANCHOR: budget
/// What a run plans to hold at once, against what the process may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FdBudget {
    /// The soft limit: how many descriptors the process may hold.
    pub limit: u64,
    /// Descriptors per request in flight: 1 (the client's socket), or 2
    /// when the server runs in this process and holds the other end.
    pub per_request: u64,
}

impl FdBudget {
    /// The budget under `limit` descriptors, with the server in this
    /// process (`embedded`) or elsewhere.
    pub fn new(limit: u64, embedded: bool) -> FdBudget {
        FdBudget {
            limit,
            per_request: if embedded { 2 } else { 1 },
        }
    }

    /// The budget under this process's limit now, or `None` where it cannot
    /// be read (no limit to respect).
    pub fn current(embedded: bool) -> Option<FdBudget> {
        current_limit().ok().map(|limit| FdBudget::new(limit.soft, embedded))
    }

    /// About how many descriptors `in_flight` requests at once need.
    pub fn needed(&self, in_flight: u64) -> u64 {
        in_flight.saturating_mul(self.per_request).saturating_add(MARGIN)
    }

    /// How many requests may be in flight at once (at least 1).
    pub fn max_in_flight(&self) -> u64 {
        (self.limit.saturating_sub(MARGIN) / self.per_request).max(1)
    }

    /// The one line to print when `in_flight` requests at once do not fit,
    /// `None` when they do.
    pub fn note(&self, in_flight: u64) -> Option<String> {
        let needed = self.needed(in_flight);
        (needed > self.limit).then(|| {
            format!(
                "note: {in_flight} requests at once need about {needed} file descriptors; \
                 this process may open {} (ulimit -n), so at most {} will be in flight at once",
                self.limit,
                self.max_in_flight()
            )
        })
    }

    /// The permits to give an async mode that wants `wanted` requests in
    /// flight at once (`None`: all of them): `wanted` itself when the
    /// descriptors hold it, else [`max_in_flight`](Self::max_in_flight).
    pub fn permits(&self, wanted: Option<usize>, requests: u64) -> Option<usize> {
        let wanted_at_once = wanted.map_or(requests, |k| k as u64);
        if wanted_at_once <= self.max_in_flight() {
            wanted
        } else {
            Some(usize::try_from(self.max_in_flight()).unwrap_or(usize::MAX))
        }
    }
}
// ANCHOR_END: budget

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_server_doubles_the_need() {
        let budget = FdBudget::new(20_000, true);
        assert_eq!(budget.needed(10_000), 20_000 + MARGIN);
        assert_eq!(budget.max_in_flight(), (20_000 - MARGIN) / 2);
        let note = budget.note(10_000).expect("10,000 do not fit in 20,000");
        assert!(
            note.starts_with("note: 10000 requests at once need about 20064"),
            "{note}"
        );
        assert!(note.contains("may open 20000"), "{note}");
        assert_eq!(budget.note(5_000), None);
        assert_eq!(FdBudget::new(20_000, false).note(10_000), None);
    }

    #[test]
    fn permits_stay_within_the_budget() {
        let budget = FdBudget::new(4_096, true);
        assert_eq!(budget.permits(None, 100), None);
        assert_eq!(budget.permits(Some(3), 5_000), Some(3));
        assert_eq!(budget.permits(None, 5_000), Some(2_016));
        assert_eq!(budget.permits(Some(3_000), 5_000), Some(2_016));
        // A limit smaller than the margin still lets one request through.
        assert_eq!(FdBudget::new(10, true).max_in_flight(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn raising_never_lowers_the_limit() {
        let before = current_limit().expect("getrlimit works");
        let after = raise_limit().expect("raising works or leaves it");
        assert!(after.soft >= before.soft, "{before:?} -> {after:?}");
        assert_eq!(after.hard, before.hard);
    }
}
