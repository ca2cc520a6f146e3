//! The worker role: what a copy of the binary does when the parent starts it
//! as a worker process.
//!
//! # Making a binary able to serve as a worker
//!
//! The runners of this crate start workers by running an executable (by
//! default the current one, [`std::env::current_exe`]) in the role
//! [`PrimeWorker`]: the environment variable
//! [`ROLE_VAR`](concurrency_process::ROLE_VAR) names the role, and the
//! first frame on the worker's standard input is its number. That
//! executable must recognise the role before it does anything else, so
//! **every binary that uses these runners serves [`ROLES`] first thing in
//! `main`**:
//!
//! ```no_run
//! fn main() {
//!     // Returns at once in the parent; in a worker process it serves the
//!     // parent's requests and exits, never returning.
//!     concurrency_process::serve_roles(&[chapter_multiprocess::ROLES]);
//!     // ... the program itself: parse options, run the runners ...
//! }
//! ```
//!
//! This is Python's `if __name__ == "__main__":` guard turned around: with
//! the *spawn* start method, Python starts a fresh interpreter that imports
//! the main module, and the guard keeps the children from running the
//! program again. Here the child runs the same `main`, and `serve_roles`
//! is where it turns off into the worker's loop. The mechanism is the
//! [`concurrency_process`] crate's, shared by every chapter that starts
//! processes; what is this chapter's is the role itself.
//!
//! # The worker's loop
//!
//! The worker announces itself ([`Reply::Ready`]), then answers requests
//! read from its standard input until that input ends: the parent closes
//! the pipe when it is done with the worker, and the kernel closes it when
//! the parent dies, whatever killed it. A watchdog thread
//! ([`exit_when_parent_dies`](concurrency_process::exit_when_parent_dies),
//! which every role runs) covers the one case that leaves: the parent dying
//! while the worker is busy with a long chunk and not reading. Together
//! they make orphans impossible, even when the parent gets `SIGKILL`, which
//! no signal handler can catch.
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

use std::fmt;
use std::io;
use std::str::FromStr;

use concurrency_core::Worker;
use concurrency_process::{Channel, Role, RoleEntry, role};

use crate::protocol::{Reply, Request};

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

// ANCHOR: role
/// The role of every worker process this crate's runners start: a copy of
/// the program that checks numbers for its parent. The job is its number
/// (`2` makes it `Worker-2`); after it, requests ([`Request`]) come in and
/// replies ([`Reply`]) go out until the parent closes the pipe.
#[derive(Debug)]
pub struct PrimeWorker;

impl Role for PrimeWorker {
    const NAME: &'static str = "multiprocess-worker";
    type Job = usize;
    type Reply = Reply;

    fn serve(number: usize, channel: &mut Channel<'_, Reply>) -> io::Result<()> {
        serve(number, channel)
    }
}

/// The roles a binary that uses this crate's runners must serve: pass them
/// to [`concurrency_process::serve_roles`] first thing in `main`.
pub const ROLES: &[RoleEntry] = &[role::<PrimeWorker>()];
// ANCHOR_END: role

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
/// ends. An error ends the worker with exit code 2 (a bad number, a bad
/// fault plan, an unreadable request).
fn serve(number: usize, channel: &mut Channel<'_, Reply>) -> io::Result<()> {
    if number == 0 {
        return Err(io::Error::other(
            "a worker's number starts at 1 (Worker-1, Worker-2, ...)",
        ));
    }
    let mut countdown = Countdown::for_worker(number).map_err(io::Error::other)?;
    let hello = Reply::Ready {
        name: format!("Worker-{number}"),
        pid: std::process::id(),
        thread: std::thread::current().name().unwrap_or("unnamed").to_owned(),
    };
    if channel.send(&hello).is_err() {
        return Ok(()); // the parent is gone already: nothing to do
    }
    loop {
        match channel.receive::<Request>() {
            Ok(request) => {
                if answer(number, request, &mut countdown, channel).is_err() {
                    // The reply pipe is broken: the parent is gone.
                    return Ok(());
                }
            }
            // The parent closed the pipe: it is done with us, or dead.
            Err(err) if err.kind() == io::ErrorKind::UnexpectedEof => return Ok(()),
            Err(err) => {
                return Err(io::Error::new(
                    err.kind(),
                    format!("Worker-{number} got an unreadable request: {err}"),
                ));
            }
        }
    }
}

/// Does what one request asks, with a fresh `Worker` whose report, built
/// here in the worker process, is the acknowledgement.
fn answer(
    number: usize,
    request: Request,
    countdown: &mut Countdown,
    replies: &mut Channel<'_, Reply>,
) -> io::Result<()> {
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
                    replies.send(&Reply::Progress { checked: unreported })?;
                    (unreported, last_report) = (0, std::time::Instant::now());
                }
                let Some(after) = end.checked_add(1) else { break };
                next = after;
            }
            if unreported > 0 {
                replies.send(&Reply::Progress { checked: unreported })?;
            }
            worker
        }
    };
    // The report records this process's id: proof the work happened here.
    replies.send(&Reply::Done(worker.into_report()))
}
// ANCHOR_END: serve

#[cfg(test)]
mod tests {
    use super::*;
    use concurrency_process::{read_frame, write_frame};
    use std::time::Duration;

    /// `request` answered in this process, through a channel with no input
    /// and a `Vec` as output; returns what was written.
    fn answered(number: usize, request: Request, countdown: &mut Countdown) -> Vec<u8> {
        let (mut input, mut replies) = (&[][..], Vec::new());
        answer(number, request, countdown, &mut Channel::new(&mut input, &mut replies)).expect("a Vec accepts writes");
        replies
    }

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
        let request = Request::Range {
            first: 1,
            last: 10,
            delay: Duration::ZERO,
        };
        let replies = answered(3, request, &mut countdown);
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
        let request = Request::Range {
            first: 1,
            last: 10_000,
            delay: Duration::ZERO,
        };
        let replies = answered(1, request, &mut countdown);
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
    fn the_worker_says_hello_then_serves_until_its_input_ends() {
        let mut requests = Vec::new();
        let request = Request::Number {
            n: 7,
            delay: Duration::ZERO,
        };
        write_frame(&mut requests, &request).expect("a Vec accepts writes");
        let (mut input, mut output) = (requests.as_slice(), Vec::new());
        PrimeWorker::serve(2, &mut Channel::new(&mut input, &mut output)).expect("served to the end");
        let mut replies = output.as_slice();
        let Reply::Ready { name, pid, .. } = read_frame::<Reply>(&mut replies).expect("hello") else {
            panic!("expected the hello first");
        };
        assert_eq!((name.as_str(), pid), ("Worker-2", std::process::id()));
        let Reply::Done(report) = read_frame::<Reply>(&mut replies).expect("done") else {
            panic!("expected the report");
        };
        assert_eq!(report.primes, [7]);
    }

    #[test]
    fn worker_numbers_start_at_one() {
        let (mut input, mut output) = (&[][..], Vec::new());
        let err = PrimeWorker::serve(0, &mut Channel::new(&mut input, &mut output)).expect_err("no Worker-0");
        assert!(err.to_string().contains("starts at 1"), "{err}");
        assert!(output.is_empty(), "no hello from a worker with no number");
    }
}
