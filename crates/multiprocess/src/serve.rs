//! The worker's loop: what a worker process does from its hello to the end
//! of its input.
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
//! Each request is done by a fresh [`Worker`], whose report, built here in
//! the worker process, is the acknowledgement the parent counts. A planned
//! fault ([`Countdown`](crate::fault)) strikes between two numbers.

use std::io;
use std::ops::RangeInclusive;
use std::time::{Duration, Instant};

use concurrency_core::Worker;
use concurrency_process::Channel;

use crate::fault::Countdown;
use crate::protocol::{Reply, Request, WorkerJob};

/// With no delay, a worker reports progress once per this many numbers:
/// a message per number would cost more than checking it.
const PROGRESS_BATCH: u64 = 4096;

/// ... or sooner, once this much time has passed since its last message:
/// near 10^10, 4096 numbers can take longer than the parent's deadline for
/// a reply ([`crate::liveness`]), and a silent stretch that long would look
/// like a frozen worker.
const PROGRESS_INTERVAL: Duration = Duration::from_millis(100);

/// With no delay, how many numbers are checked between two looks at the
/// clock (a look per number would cost as much as checking a small one).
const PROGRESS_STEP: u64 = 256;

// ANCHOR: serve
/// The worker's life: say hello, then answer requests until standard input
/// ends. An error ends the worker with exit code 2 (a bad number, an
/// unreadable request).
pub fn serve(job: WorkerJob, channel: &mut Channel<'_, Reply>) -> io::Result<()> {
    let number = job.number;
    if number == 0 {
        return Err(io::Error::other(
            "a worker's number starts at 1 (Worker-1, Worker-2, ...)",
        ));
    }
    let mut countdown = Countdown::new(number, job.fault);
    countdown.one_line_panics();
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
        Request::Number { n, delay, timeline } => {
            countdown.allow(1);
            let mut worker = Worker::new(number, delay).with_timeline(timeline);
            worker.process(n);
            worker
        }
        Request::Range {
            first,
            last,
            delay,
            timeline,
        } => {
            let worker = Worker::new(number, delay).with_timeline(timeline);
            check_range(worker, first..=last, countdown, replies)?
        }
    };
    // The report records this process's id: proof the work happened here.
    replies.send(&Reply::Done(worker.into_report()))
}

/// Checks a chunk, sending [`Reply::Progress`]: with a delay after every
/// number; without one, after [`PROGRESS_BATCH`] numbers or
/// [`PROGRESS_INTERVAL`], whichever comes first.
fn check_range(
    mut worker: Worker,
    range: RangeInclusive<u64>,
    countdown: &mut Countdown,
    replies: &mut Channel<'_, Reply>,
) -> io::Result<Worker> {
    let delay = worker.delay();
    let step = if delay.is_zero() { PROGRESS_STEP } else { 1 };
    let (mut unreported, mut last_report) = (0, Instant::now());
    let (mut next, last) = range.into_inner();
    while next <= last {
        let wanted = (last - next).saturating_add(1).min(step);
        let allowed = countdown.allow(wanted);
        let end = next + (allowed - 1);
        worker.process_range(next..=end);
        unreported += allowed;
        if !delay.is_zero() || unreported >= PROGRESS_BATCH || last_report.elapsed() >= PROGRESS_INTERVAL {
            replies.send(&Reply::Progress { checked: unreported })?;
            (unreported, last_report) = (0, Instant::now());
        }
        let Some(after) = end.checked_add(1) else { break };
        next = after;
    }
    if unreported > 0 {
        replies.send(&Reply::Progress { checked: unreported })?;
    }
    Ok(worker)
}
// ANCHOR_END: serve

#[cfg(test)]
mod tests {
    use super::*;
    use crate::worker::PrimeWorker;
    use concurrency_core::{FailHow, FaultPlan};
    use concurrency_process::{Role, read_frame, write_frame};

    /// `request` answered in this process, through a channel with no input
    /// and a `Vec` as output; returns what was written.
    fn answered(number: usize, request: Request, countdown: &mut Countdown) -> Vec<u8> {
        let (mut input, mut replies) = (&[][..], Vec::new());
        answer(number, request, countdown, &mut Channel::new(&mut input, &mut replies)).expect("a Vec accepts writes");
        replies
    }

    fn job(number: usize) -> WorkerJob {
        WorkerJob { number, fault: None }
    }

    #[test]
    fn a_range_is_answered_with_progress_then_one_report() {
        let request = Request::Range {
            first: 1,
            last: 10,
            delay: Duration::ZERO,
            timeline: false,
        };
        let replies = answered(3, request, &mut Countdown::new(3, None));
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
    fn a_timeline_request_sends_its_spans_back_in_the_report() {
        for timeline in [true, false] {
            let request = Request::Range {
                first: 1,
                last: 4,
                delay: Duration::from_millis(1),
                timeline,
            };
            let replies = answered(2, request, &mut Countdown::new(2, None));
            let mut input = replies.as_slice();
            let report = loop {
                match read_frame::<Reply>(&mut input).expect("a reply") {
                    Reply::Done(report) => break report,
                    _ => continue,
                }
            };
            if timeline {
                let numbers: Vec<u64> = report.spans.iter().map(|s| s.number).collect();
                assert_eq!(numbers, [1, 2, 3, 4]);
                assert!(report.spans.iter().all(|s| s.pid == std::process::id()));
            } else {
                assert!(report.spans.is_empty());
            }
        }
    }

    #[test]
    fn without_a_delay_progress_comes_in_batches_that_add_up() {
        let request = Request::Range {
            first: 1,
            last: 10_000,
            delay: Duration::ZERO,
            timeline: false,
        };
        let replies = answered(1, request, &mut Countdown::new(1, None));
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
            timeline: false,
        };
        write_frame(&mut requests, &request).expect("a Vec accepts writes");
        let (mut input, mut output) = (requests.as_slice(), Vec::new());
        PrimeWorker::serve(job(2), &mut Channel::new(&mut input, &mut output)).expect("served to the end");
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
    #[should_panic(expected = "injected fault after 3 numbers")]
    fn a_planned_panic_strikes_inside_a_chunk() {
        let plan = FaultPlan {
            worker: 1,
            after: 3,
            how: FailHow::Panic,
        };
        let request = Request::Range {
            first: 1,
            last: 10,
            delay: Duration::ZERO,
            timeline: false,
        };
        answered(1, request, &mut Countdown::new(1, Some(plan)));
    }

    #[test]
    fn worker_numbers_start_at_one() {
        let (mut input, mut output) = (&[][..], Vec::new());
        let err = PrimeWorker::serve(job(0), &mut Channel::new(&mut input, &mut output)).expect_err("no Worker-0");
        assert!(err.to_string().contains("starts at 1"), "{err}");
        assert!(output.is_empty(), "no hello from a worker with no number");
    }
}
