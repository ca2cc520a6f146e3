//! The worker role: what a copy of the binary does when the parent starts it
//! as a worker process.
//!
//! # Making a binary able to serve as a worker
//!
//! The runners of this crate start workers by running an executable (by
//! default the current one, [`std::env::current_exe`]) with the environment
//! variable [`ROLE_VAR`] set to the worker's number. That executable must
//! recognise the role before it does anything else, so **every binary that
//! uses these runners calls [`run_if_worker`] first thing in `main`**:
//!
//! ```no_run
//! fn main() {
//!     // Returns at once in the parent; in a worker process it serves the
//!     // parent's requests and exits, never returning.
//!     chapter_multiprocess::worker::run_if_worker();
//!     // ... the program itself: parse options, run the runners ...
//! }
//! ```
//!
//! This is Python's `if __name__ == "__main__":` guard turned around: with
//! the *spawn* start method, Python starts a fresh interpreter that imports
//! the main module, and the guard keeps the children from running the
//! program again. Here the child runs the same `main`, and `run_if_worker`
//! is where it turns off into the worker's loop.
//!
//! # The worker's loop
//!
//! The worker announces itself ([`Reply::Ready`]), then answers requests
//! read from its standard input until that input ends: the parent closes
//! the pipe when it is done with the worker, and the kernel closes it when
//! the parent dies, whatever killed it. A watchdog thread covers the one
//! case that leaves: the parent dying while the worker is busy with a long
//! chunk and not reading. Together they make orphans impossible, even when
//! the parent gets `SIGKILL`, which no signal handler can catch.
//!
//! # Faults on purpose
//!
//! With [`FAULT_VAR`] set to, say, `worker=2,after=5`, `Worker-2` dies when
//! it is asked to check its sixth number (`how=abort`, the default, aborts
//! with `SIGABRT` like a crash; `how=exit` exits with code 3 as if it gave
//! up; `how=hang` stops answering, alive, like a deadlocked worker, until
//! the parent's deadline kills it). The tests and the curious use it to
//! watch the parent recover.
// The example's point is where the call goes: first thing in `main`.
#![allow(clippy::needless_doctest_main)]

use std::ffi::OsString;
use std::fmt;
use std::fs::File;
use std::io::{self, BufReader, Write};
use std::os::fd::AsFd;
use std::str::FromStr;

use concurrency_core::Worker;
use concurrency_core::print_err;

use crate::protocol::{Reply, Request, read_frame, write_frame};

/// The environment variable that turns a process into `Worker-{value}`.
pub const ROLE_VAR: &str = "CONCURRENCY_WORKER_ROLE";

/// The environment variable through which a parent tells its child its
/// process id, so that [`exit_when_parent_dies`] knows whom to watch even
/// if the parent died before the child got to look.
/// [`worker_command`](crate::process::worker_command) sets it.
pub const PARENT_VAR: &str = "CONCURRENCY_PARENT_PID";

/// The hidden fault-injection variable, e.g. `worker=2,after=5,how=exit`.
/// Worker processes inherit it from the parent, or get it from
/// [`MultiProcessTaskRunner::with_fault`](crate::MultiProcessTaskRunner::with_fault).
pub const FAULT_VAR: &str = "CONCURRENCY_FAULT";

/// The exit code of a worker told to fail with `how=exit`.
pub const FAULT_EXIT_CODE: i32 = 3;

/// With no delay, a worker reports progress once per this many numbers:
/// a message per number would cost more than checking it.
const PROGRESS_BATCH: u64 = 4096;

/// ... or sooner, once this much time has passed since its last message:
/// near 10^10, 4096 numbers can take longer than the parent's deadline for
/// a reply ([`crate::liveness`]), and a silent stretch that long would look
/// like a frozen worker.
const PROGRESS_INTERVAL: std::time::Duration = std::time::Duration::from_millis(100);

/// With no delay, how many numbers are checked between two looks at the
/// clock (a look per number would cost as much as checking a small one).
const PROGRESS_STEP: u64 = 256;

/// How often a worker checks that its parent is still alive.
const PARENT_CHECK: std::time::Duration = std::time::Duration::from_millis(100);

// ANCHOR: run_if_worker
/// Serves as a worker and exits if this process was started as one (the
/// variable [`ROLE_VAR`] is set); returns at once otherwise. Call it first
/// thing in `main` of every binary that uses this crate's runners.
pub fn run_if_worker() {
    let Some(role) = std::env::var_os(ROLE_VAR) else {
        return;
    };
    let code = match worker_number(&role) {
        Some(number) => serve(number),
        None => {
            print_err!("error: {ROLE_VAR}={role:?} is not a worker number (1, 2, ...)");
            2
        }
    };
    std::process::exit(code)
}
// ANCHOR_END: run_if_worker

fn worker_number(role: &OsString) -> Option<usize> {
    role.to_str()?.parse().ok().filter(|&n| n > 0)
}

/// How an injected fault ends the worker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultKind {
    /// `std::process::abort()`: killed by `SIGABRT`, like a crash.
    Abort,
    /// Exits with [`FAULT_EXIT_CODE`] in the middle of its work.
    Exit,
    /// Stops answering and waits forever, alive: a deadlock, as the parent
    /// sees it. Only the parent's deadline ends it
    /// ([`crate::liveness`]).
    Hang,
}

/// A planned failure: `Worker-{worker}` dies when asked to check its number
/// `after + 1`, having checked `after` numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FaultPlan {
    /// The number of the worker that fails (2 for `Worker-2`).
    pub worker: usize,
    /// How many numbers it checks before it fails.
    pub after: u64,
    /// How it fails.
    pub how: FaultKind,
}

impl FromStr for FaultPlan {
    type Err = String;

    /// Parses `worker=K,after=M[,how=abort|exit|hang]`.
    fn from_str(text: &str) -> Result<Self, String> {
        let (mut worker, mut after, mut how) = (None, None, FaultKind::Abort);
        for part in text.split(',') {
            match part.trim().split_once('=') {
                Some(("worker", k)) => worker = k.parse().ok().filter(|&k: &usize| k > 0),
                Some(("after", m)) => after = m.parse().ok(),
                Some(("how", "abort")) => how = FaultKind::Abort,
                Some(("how", "exit")) => how = FaultKind::Exit,
                Some(("how", "hang")) => how = FaultKind::Hang,
                _ => return Err(format!("cannot read {part:?} in {FAULT_VAR}={text:?}")),
            }
        }
        match (worker, after) {
            (Some(worker), Some(after)) => Ok(FaultPlan { worker, after, how }),
            _ => Err(format!("{FAULT_VAR}={text:?} needs worker=K (K >= 1) and after=M")),
        }
    }
}

impl fmt::Display for FaultPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let how = match self.how {
            FaultKind::Abort => "abort",
            FaultKind::Exit => "exit",
            FaultKind::Hang => "hang",
        };
        write!(f, "worker={},after={},how={how}", self.worker, self.after)
    }
}

/// The numbers a worker may still check before its planned fault.
struct Countdown {
    left: Option<u64>,
    how: FaultKind,
}

impl Countdown {
    fn for_worker(number: usize) -> Result<Self, String> {
        let plan = match std::env::var(FAULT_VAR) {
            Ok(text) => Some(text.parse::<FaultPlan>()?),
            Err(std::env::VarError::NotPresent) => None,
            Err(err) => return Err(format!("{FAULT_VAR}: {err}")),
        };
        let mine = plan.filter(|plan| plan.worker == number);
        Ok(Countdown {
            left: mine.map(|plan| plan.after),
            how: mine.map_or(FaultKind::Abort, |plan| plan.how),
        })
    }

    /// How many of `wanted` numbers may be checked now; fails on the spot
    /// when none may.
    fn allow(&mut self, wanted: u64) -> u64 {
        match self.left {
            None => wanted,
            Some(0) => self.fail(),
            Some(left) => {
                let allowed = left.min(wanted);
                self.left = Some(left - allowed);
                allowed
            }
        }
    }

    fn fail(&self) -> ! {
        match self.how {
            FaultKind::Abort => std::process::abort(),
            FaultKind::Exit => std::process::exit(FAULT_EXIT_CODE),
            // `park` may wake up spuriously: park again, forever.
            FaultKind::Hang => loop {
                std::thread::park();
            },
        }
    }
}

// ANCHOR: serve
/// The worker's life: say hello, then answer requests until standard input
/// ends. Returns the exit code.
fn serve(number: usize) -> i32 {
    let mut countdown = match Countdown::for_worker(number) {
        Ok(countdown) => countdown,
        Err(message) => {
            print_err!("error: {message}");
            return 2;
        }
    };
    // Standard output is the reply pipe. Rust's `stdout()` is line-buffered
    // (it would flush at every byte 10 of our binary frames), so we write
    // to our own handle on the same file descriptor.
    let mut replies = match io::stdout().as_fd().try_clone_to_owned() {
        Ok(fd) => File::from(fd),
        Err(err) => {
            print_err!("error: Worker-{number} cannot use its standard output: {err}");
            return 2;
        }
    };
    exit_when_parent_dies();
    let hello = Reply::Ready {
        name: format!("Worker-{number}"),
        pid: std::process::id(),
        thread: std::thread::current().name().unwrap_or("unnamed").to_owned(),
    };
    if write_frame(&mut replies, &hello).is_err() {
        return 0; // the parent is gone already: nothing to do
    }
    let mut requests = BufReader::new(io::stdin().lock());
    loop {
        match read_frame::<Request>(&mut requests) {
            Ok(request) => {
                if answer(number, request, &mut countdown, &mut replies).is_err() {
                    // The reply pipe is broken: the parent is gone.
                    return 0;
                }
            }
            // The parent closed the pipe: it is done with us, or dead.
            Err(err) if err.kind() == io::ErrorKind::UnexpectedEof => return 0,
            Err(err) => {
                print_err!("error: Worker-{number} got an unreadable request: {err}");
                return 2;
            }
        }
    }
}

/// Exits this process when its parent dies, even in the middle of a long
/// computation, when nobody reads standard input. An orphan is adopted by
/// another process, so its parent's id changes: a thread looks ten times a
/// second. (Reading standard input on this thread instead would notice the
/// end of the pipe at once, but would add two thread switches to every
/// request.)
///
/// Every worker role in this workspace calls it first: a parent killed by a
/// signal it does not handle (`kill -TERM` on its PID alone, or `SIGKILL`)
/// runs no cleanup code, so its children must notice by themselves.
pub fn exit_when_parent_dies() {
    #[cfg(unix)]
    {
        let now = std::os::unix::process::parent_id();
        // The parent we were started by, if it said so: it may have died
        // (and we been adopted) before this line ran.
        let parent = std::env::var(PARENT_VAR)
            .ok()
            .and_then(|pid| pid.parse().ok())
            .unwrap_or(now);
        if now != parent {
            std::process::exit(0);
        }
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(PARENT_CHECK);
                if std::os::unix::process::parent_id() != parent {
                    std::process::exit(0);
                }
            }
        });
    }
}

/// Does what one request asks, with a fresh `Worker` whose report, built
/// here in the worker process, is the acknowledgement.
fn answer(number: usize, request: Request, countdown: &mut Countdown, replies: &mut impl Write) -> io::Result<()> {
    let worker = match request {
        Request::Number { n, delay } => {
            countdown.allow(1);
            let mut worker = Worker::new(number, delay);
            worker.process(n);
            worker
        }
        Request::Range { first, last, delay } => {
            let mut worker = Worker::new(number, delay);
            // With a delay, a message after every number; without one, after
            // PROGRESS_BATCH numbers or PROGRESS_INTERVAL, whichever is first.
            let step = if delay.is_zero() { PROGRESS_STEP } else { 1 };
            let (mut unreported, mut last_report) = (0, std::time::Instant::now());
            let mut next = first;
            while next <= last {
                let wanted = (last - next).saturating_add(1).min(step);
                let allowed = countdown.allow(wanted);
                let end = next + (allowed - 1);
                worker.process_range(next..=end);
                unreported += allowed;
                if !delay.is_zero() || unreported >= PROGRESS_BATCH || last_report.elapsed() >= PROGRESS_INTERVAL {
                    write_frame(replies, &Reply::Progress { checked: unreported })?;
                    (unreported, last_report) = (0, std::time::Instant::now());
                }
                let Some(after) = end.checked_add(1) else { break };
                next = after;
            }
            if unreported > 0 {
                write_frame(replies, &Reply::Progress { checked: unreported })?;
            }
            worker
        }
    };
    // The report records this process's id: proof the work happened here.
    write_frame(replies, &Reply::Done(worker.into_report()))
}
// ANCHOR_END: serve

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn fault_plans_read_and_print_the_same() {
        let plan: FaultPlan = "worker=2,after=5".parse().expect("valid");
        assert_eq!(
            plan,
            FaultPlan {
                worker: 2,
                after: 5,
                how: FaultKind::Abort
            }
        );
        assert_eq!(plan.to_string().parse::<FaultPlan>(), Ok(plan));
        let exit: FaultPlan = "after=0, worker=1, how=exit".parse().expect("valid");
        assert_eq!(exit.how, FaultKind::Exit);
        let hang: FaultPlan = "worker=3,after=1,how=hang".parse().expect("valid");
        assert_eq!(hang.to_string().parse::<FaultPlan>(), Ok(hang));
        for bad in [
            "",
            "worker=0,after=1",
            "worker=2",
            "after=3",
            "worker=x,after=1",
            "how=explode",
        ] {
            assert!(bad.parse::<FaultPlan>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_countdown_lets_through_exactly_its_numbers() {
        let mut countdown = Countdown {
            left: Some(5),
            how: FaultKind::Exit,
        };
        assert_eq!(countdown.allow(3), 3);
        assert_eq!(countdown.allow(4096), 2);
        assert_eq!(countdown.left, Some(0)); // the next `allow` would exit
        let mut none = Countdown {
            left: None,
            how: FaultKind::Abort,
        };
        assert_eq!(none.allow(4096), 4096);
    }

    #[test]
    fn a_range_is_answered_with_progress_then_one_report() {
        let mut countdown = Countdown {
            left: None,
            how: FaultKind::Abort,
        };
        let mut replies = Vec::new();
        let request = Request::Range {
            first: 1,
            last: 10,
            delay: Duration::ZERO,
        };
        answer(3, request, &mut countdown, &mut replies).expect("a Vec accepts writes");
        let mut input = replies.as_slice();
        assert_eq!(
            read_frame::<Reply>(&mut input).expect("progress"),
            Reply::Progress { checked: 10 }
        );
        let Reply::Done(report) = read_frame::<Reply>(&mut input).expect("done") else {
            panic!("expected the report");
        };
        assert_eq!(report.name, "Worker-3");
        assert_eq!(report.primes, [2, 3, 5, 7]);
        assert_eq!(report.processed, 10);
        assert_eq!(report.pid, std::process::id());
    }

    #[test]
    fn without_a_delay_progress_comes_in_batches_that_add_up() {
        let mut countdown = Countdown {
            left: None,
            how: FaultKind::Abort,
        };
        let mut replies = Vec::new();
        let request = Request::Range {
            first: 1,
            last: 10_000,
            delay: Duration::ZERO,
        };
        answer(1, request, &mut countdown, &mut replies).expect("a Vec accepts writes");
        let mut input = replies.as_slice();
        let (mut messages, mut checked) = (0, 0);
        while let Ok(Reply::Progress { checked: more }) = read_frame::<Reply>(&mut input) {
            assert!(more <= PROGRESS_BATCH, "{more}");
            messages += 1;
            checked += more;
        }
        // At least 3 messages (4096 + 4096 + 1808), more if the clock said so.
        assert!(messages >= 3, "{messages}");
        assert_eq!(checked, 10_000);
    }

    #[test]
    fn worker_numbers_start_at_one() {
        assert_eq!(worker_number(&"2".into()), Some(2));
        assert_eq!(worker_number(&"0".into()), None);
        assert_eq!(worker_number(&"two".into()), None);
    }
}
