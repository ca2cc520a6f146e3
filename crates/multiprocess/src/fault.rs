//! A worker process that fails on purpose: the worker's side of
//! `--fail-worker K --fail-after N --fail-how HOW`.
//!
//! The plan is core's [`FaultPlan`], the same as in every chapter; it
//! reaches the worker process inside its first frame
//! ([`WorkerJob`](crate::protocol::WorkerJob)), not through the
//! environment. A process can fail in all four ways of [`FailHow`]: panic
//! (exit code 101), exit ([`FAULT_EXIT_CODE`](concurrency_core::FAULT_EXIT_CODE)),
//! abort (`SIGABRT`, like a crash) or hang (alive and silent, until the
//! parent's deadline kills it, see [`crate::liveness`]).
//!
//! A thread's `Worker` counts its numbers itself
//! ([`Worker::with_fault`](concurrency_core::Worker::with_fault)); a worker
//! process cannot leave it to one, because it makes a fresh `Worker` for
//! every request (its report is the request's acknowledgement). So the
//! process keeps a `Countdown` for its whole life, across requests, and
//! for a pool worker across runs: `Worker-K` fails when it is about to check
//! the number `N + 1` of its life.

use concurrency_core::print_err;
use concurrency_core::{FailHow, FaultPlan};

// ANCHOR: countdown
/// The numbers a worker process may still check before its planned fault.
#[derive(Debug)]
pub(crate) struct Countdown {
    /// The plan, if it is this worker's.
    plan: Option<FaultPlan>,
    /// Numbers left before it strikes.
    left: u64,
    /// `Worker-{number}`, for the panic message.
    who: String,
}

impl Countdown {
    /// The countdown of `Worker-{number}`: `plan` if it is this worker's,
    /// no fault otherwise.
    pub(crate) fn new(number: usize, plan: Option<FaultPlan>) -> Self {
        let plan = FaultPlan::for_worker(plan, number);
        Countdown {
            plan,
            left: plan.map_or(0, |plan| plan.after),
            who: format!("Worker-{number}"),
        }
    }

    /// How many of `wanted` numbers (at least 1) may be checked now; fails
    /// on the spot, the planned way, when none may.
    pub(crate) fn allow(&mut self, wanted: u64) -> u64 {
        let Some(plan) = self.plan else {
            return wanted;
        };
        if self.left == 0 {
            plan.how.strike(plan.after);
        }
        let allowed = self.left.min(wanted);
        self.left -= allowed;
        allowed
    }
}
// ANCHOR_END: countdown

impl Countdown {
    /// With a panic planned for this worker, its panic prints one line,
    /// `warning: Worker-2 (pid 4242) panicked: injected fault: ...`, instead
    /// of the default hook's message, location and backtrace note: the
    /// panic is expected, and the parent reports the death that follows
    /// (a warning too when the run recovers; an `error:` line is kept for
    /// what fails the run).
    /// Called in the worker process only (a hook is the whole process's).
    pub(crate) fn one_line_panics(&self) {
        if self.plan.is_some_and(|plan| plan.how == FailHow::Panic) {
            let who = self.who.clone();
            std::panic::set_hook(Box::new(move |info| {
                let message = concurrency_core::panic_message(info.payload());
                print_err!("warning: {who} (pid {}) panicked: {message}", std::process::id());
            }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: FaultPlan = FaultPlan {
        worker: 2,
        after: 5,
        how: FailHow::Panic,
    };

    #[test]
    fn a_countdown_lets_through_exactly_its_numbers() {
        let mut countdown = Countdown::new(2, Some(PLAN));
        assert_eq!(countdown.allow(3), 3);
        assert_eq!(countdown.allow(4096), 2);
        assert_eq!(countdown.left, 0); // the next `allow` strikes
    }

    #[test]
    #[should_panic(expected = "injected fault after 5 numbers")]
    fn the_sixth_number_strikes() {
        let mut countdown = Countdown::new(2, Some(PLAN));
        assert_eq!(countdown.allow(5), 5);
        countdown.allow(1);
    }

    #[test]
    fn another_workers_plan_or_none_lets_everything_through() {
        for plan in [Some(PLAN), None] {
            let mut countdown = Countdown::new(1, plan);
            for _ in 0..10 {
                assert_eq!(countdown.allow(4096), 4096);
            }
        }
    }
}
