//! THREAD_POOL: a rayon pool whose threads are named like the tutorial's
//! `ThreadPoolExecutor`'s, one share of the numbers per thread.

use std::ops::RangeInclusive;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Mutex;

use concurrency_core::{FaultPlan, Job, RunError, Worker, WorkerReport, chunks};
use rayon::ThreadPool;
use rayon::prelude::*;

use crate::Split;
use crate::split::{Pieces, interleaved};
use crate::team::{Stop, current_thread_name, lock, process_until_stopped, worker_failed};

/// Runs THREAD_POOL: a rayon pool with one thread per worker, named
/// `Worker_0`, `Worker_1`, ... like the tutorial's `ThreadPoolExecutor`.
///
/// `build_scoped` starts the pool's threads inside [`std::thread::scope`],
/// so they are all joined before it returns; a plain `ThreadPool` lets its
/// threads exit on their own after it is dropped.
pub(crate) fn run(job: &Job, split: Split, fault: Option<FaultPlan>) -> Result<Vec<WorkerReport>, RunError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(job.workers)
        .thread_name(|index| format!("Worker_{index}"));
    let pieces = Pieces::new(job.limit, job.workers);
    let run = |pool: &ThreadPool| match split {
        Split::Contiguous => {
            let chunks = chunks(job.limit, job.workers);
            one_share_per_thread(pool, job, fault, |index| [chunks[index].clone()])
        }
        Split::Interleaved => one_share_per_thread(pool, job, fault, |index| interleaved(pieces, job.workers, index)),
        Split::Stealing => work_stealing(pool, job, pieces, fault),
    };
    pool.build_scoped(|thread| thread.run(), run)
        .map_err(|err| RunError::Io {
            context: format!("cannot start a pool of {} threads", job.workers),
            source: std::io::Error::other(err),
        })?
}

/// Runs one worker on every thread of the pool, each on its own share.
///
/// `broadcast` runs the closure exactly once on each of the pool's threads,
/// which is what "one chunk per worker" means. Submitting one job per chunk
/// (as the tutorial does) would let a thread that finished early take a
/// second chunk while another thread sits idle.
fn one_share_per_thread<S>(
    pool: &ThreadPool,
    job: &Job,
    fault: Option<FaultPlan>,
    share: impl Fn(usize) -> S + Sync,
) -> Result<Vec<WorkerReport>, RunError>
where
    S: IntoIterator<Item = RangeInclusive<u64>>,
{
    let stop = Stop::default();
    let outcomes = pool.broadcast(|context| {
        let index = context.index();
        // Made on its thread rather than moved in: `broadcast` shares one
        // closure among all threads, so it cannot hand each an owned value.
        let mut worker = Worker::new(index + 1, job.delay)
            .with_progress(job.progress.clone())
            .with_timeline(job.timeline)
            .with_fault(fault);
        let name = worker.name().to_owned();
        // rayon would carry a panic over to us only after every thread is
        // done, without saying whose it was: catch it here, on its thread.
        catch_unwind(AssertUnwindSafe(|| {
            stop.on_panic(|| {
                for range in share(index) {
                    process_until_stopped(&mut worker, range, &stop);
                }
                worker.into_report()
            })
        }))
        .map_err(|panic| worker_failed(name, &current_thread_name(), &*panic))
    });
    outcomes.into_iter().collect()
}

/// Rayon's own answer to imbalance: the numbers are cut into small pieces and
/// the pool's threads steal pieces from each other as they run dry.
///
/// A piece may run on any thread, so each thread keeps its worker in a
/// `Mutex` slot of its own: only that thread ever locks it, so the lock is
/// never contended. At the end, `broadcast` visits every thread once to
/// finish its worker there, so each report names the thread it ran on.
fn work_stealing(
    pool: &ThreadPool,
    job: &Job,
    pieces: Pieces,
    fault: Option<FaultPlan>,
) -> Result<Vec<WorkerReport>, RunError> {
    let team = job.team().into_iter().map(|worker| worker.with_fault(fault));
    let slots: Vec<Mutex<Option<Worker>>> = team.map(|worker| Mutex::new(Some(worker))).collect();
    let stop = Stop::default();
    pool.install(|| {
        (0..pieces.len()).into_par_iter().try_for_each(|index| {
            // Always `Some` inside `install`; slot 0 would still be correct
            // (just contended) if it were not.
            let thread = rayon::current_thread_index().unwrap_or(0);
            let mut slot = lock(&slots[thread]);
            let Some(worker) = slot.as_mut() else {
                return Ok(());
            };
            let name = worker.name().to_owned();
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                stop.on_panic(|| process_until_stopped(worker, pieces.get(index), &stop));
            }));
            outcome.map_err(|panic| {
                *slot = None; // a dead worker takes no more pieces
                worker_failed(name, &current_thread_name(), &*panic)
            })
        })
    })?;
    let reports = pool.broadcast(|context| lock(&slots[context.index()]).take().map(Worker::into_report));
    Ok(reports.into_iter().flatten().collect())
}
