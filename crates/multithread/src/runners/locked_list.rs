//! LOCKED_LIST: the tutorial's task provider, a list behind a lock.

use std::ops::RangeInclusive;
use std::sync::{Arc, Mutex};

use concurrency_core::{FaultPlan, Job, RunError, WorkerReport};

use super::simple::drain;
use crate::team::{Stop, finish, join_all, lock, spawn_team};

/// The tutorial's locked list as a task provider: each call locks the list,
/// takes the next number and unlocks it.
///
/// The "list" is a range behind the `Mutex`, not a `Vec` of every number:
/// the lock guards *taking the next item*, which is all a range needs to
/// do, and `1..=10^10` costs 16 bytes where the numbers themselves would
/// cost 80 GB. The guard is a temporary of the one expression, so it is
/// dropped as soon as `next()` returns: no worker ever holds the lock while
/// it sleeps or checks a number.
pub(crate) fn locked_list(numbers: RangeInclusive<u64>) -> impl Fn() -> Option<u64> + Send + Sync {
    let list = Mutex::new(numbers);
    move || lock(&list).next()
}

/// Runs LOCKED_LIST: SIMPLE's loop, with the numbers taken through
/// [`locked_list`].
pub(crate) fn run(job: &Job, fault: Option<FaultPlan>) -> Result<Vec<WorkerReport>, RunError> {
    let next_task = Arc::new(locked_list(1..=job.limit));
    let stop = Arc::new(Stop::default());
    let team = job.team().into_iter().map(|worker| worker.with_fault(fault));
    let (handles, spawn_error) = spawn_team(team, |worker| {
        let next_task = Arc::clone(&next_task);
        let stop = Arc::clone(&stop);
        move || drain(worker, &*next_task, &stop)
    });
    finish(join_all(handles), spawn_error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::thread;

    #[test]
    fn the_locked_list_hands_out_each_number_once() {
        let next = locked_list(1..=100_000);
        let taken: Vec<Vec<u64>> = thread::scope(|scope| {
            let handles: Vec<_> = (0..4)
                .map(|_| scope.spawn(|| std::iter::from_fn(&next).collect::<Vec<u64>>()))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap_or_default()).collect()
        });
        let mut all: Vec<u64> = taken.concat();
        all.sort_unstable();
        assert_eq!(all, (1..=100_000).collect::<Vec<_>>());
    }
}
