//! CHANNELS: numbers fanned out to the workers over one channel, their
//! reports fanned back in over another.

use std::ops::RangeInclusive;
use std::sync::Arc;

use concurrency_core::{FaultPlan, Job, RunError, WorkerReport};
use crossbeam_channel::{bounded, unbounded};

use crate::split::Pieces;
use crate::team::{Stop, finish, join_all, process_until_stopped, spawn_team};

/// Runs CHANNELS: the feeding thread (the caller) fans pieces of numbers
/// out over a bounded channel; each worker thread receives until the channel
/// is closed, then fans its report back in over a second channel.
///
/// A piece rather than a single number per message: with no delay a number
/// costs less than a message. The channel is bounded so the feeder never
/// runs far ahead of the workers. Why `crossbeam_channel` and not
/// `std::sync::mpsc`: a std `Receiver` cannot be cloned, while crossbeam's
/// can, so every worker receives from the one channel and each piece goes to
/// exactly one worker, whichever is free first.
pub(crate) fn run(job: &Job, fault: Option<FaultPlan>) -> Result<Vec<WorkerReport>, RunError> {
    let (numbers_tx, numbers_rx) = bounded::<RangeInclusive<u64>>(2 * job.workers);
    let (reports_tx, reports_rx) = unbounded::<(usize, WorkerReport)>();
    let team = job
        .team()
        .into_iter()
        .map(|worker| worker.with_fault(fault))
        .enumerate();
    let stop = Arc::new(Stop::default());
    let (handles, spawn_error) = spawn_team(team, |(index, mut worker)| {
        let numbers = numbers_rx.clone();
        let reports = reports_tx.clone();
        let stop = Arc::clone(&stop);
        move || {
            // Leaving the loop drops this receiver: once every worker has
            // left, the feeder's next `send` fails instead of blocking.
            stop.on_panic(|| {
                for piece in numbers {
                    if stop.is_set() {
                        break;
                    }
                    process_until_stopped(&mut worker, piece, &stop);
                }
            });
            // The receiver lives until every worker is joined: this cannot
            // fail, and if it did the missing report would show as an error.
            let _ = reports.send((index, worker.into_report()));
        }
    });
    // Keep no receiver and no sender of our own: if every worker died, the
    // next `send` fails instead of blocking forever on a full channel, and
    // the reports channel closes when the last worker is done.
    drop((numbers_rx, reports_tx));
    if spawn_error.is_none() {
        for piece in Pieces::new(job.limit, job.workers).iter() {
            if stop.is_set() || numbers_tx.send(piece).is_err() {
                break;
            }
        }
    }
    drop(numbers_tx); // closes the channel: the workers' loops end
    let joined = join_all(handles);
    let mut reports: Vec<(usize, WorkerReport)> = reports_rx.iter().collect();
    // They arrive in the order the workers finished; the report lists them
    // in worker order.
    reports.sort_by_key(|&(index, _)| index);
    finish(joined, spawn_error)?;
    Ok(reports.into_iter().map(|(_, report)| report).collect())
}
