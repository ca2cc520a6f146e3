//! Worker processes, as small as they can be: the chapter binary starts
//! itself again in the role [`BatchesWorker`], with its share of the work
//! as the job; the child searches its batches, sends back one number (what
//! it found) and exits. No pool: one job per process, one reply, its exit
//! status saying whether it went well. The role mechanism is every
//! chapter's, from the [`concurrency_process`] crate.
//!
//! The parent holds its children in a [`ChildGuard`], which reaps every one
//! on success and on error alike, so none is left behind as a zombie; and a
//! child whose parent dies (killed by a signal, with no chance to clean up)
//! exits by itself within a tenth of a second, so none runs on as an <!-- figure: parameter -->
//! orphan.
//!
//! While the parent waits for one worker it watches them all: one that
//! dies is named at once (`Worker-2 (pid 4242) failed: was killed by signal
//! 9 (SIGKILL)`), one that stops beating for the deadline
//! (`--worker-timeout`) is killed and named
//! ([`concurrency_process::heartbeat`]), and the run exits 1.

use std::io;
use std::ops::Range;
use std::path::Path;

use concurrency_core::RunError;
use concurrency_process::{Channel, ChildGuard, Role, RoleEntry, role};
use serde::{Deserialize, Serialize};

use crate::plan::{Plan, Share, search_batches};

// ANCHOR: role
/// The role of a worker process: search some batches, say how many needles
/// were found. The binary serves it ([`ROLES`]) first thing in `main`.
#[derive(Debug)]
pub struct BatchesWorker;

/// A worker process's share of a [`Plan`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchesJob {
    /// The plan's seed.
    pub seed: u64,
    /// The collection holds `0..size`.
    pub size: u32,
    /// Needles come from `0..=max_needle`.
    pub max_needle: u32,
    /// The batches to search.
    pub batches: Range<u64>,
}

impl Role for BatchesWorker {
    const NAME: &'static str = "search-batches";
    type Job = BatchesJob;
    /// How many needles the batches found.
    type Reply = u64;

    fn serve(job: BatchesJob, channel: &mut Channel<'_, u64>) -> io::Result<()> {
        // A process shares no memory with its parent: it builds its own copy.
        let haystack: Vec<u32> = (0..job.size).collect();
        channel.send(&search_batches(&haystack, job.seed, job.max_needle, job.batches))
    }
}

/// The roles the chapter's binary serves: pass them to
/// [`concurrency_process::serve_roles`] first thing in `main`.
pub const ROLES: &[RoleEntry] = &[role::<BatchesWorker>()];
// ANCHOR_END: role

// ANCHOR: in_processes
/// Starts one process per worker, all at once, then collects them in order.
pub(crate) fn in_processes(exe: &Path, plan: &Plan) -> Result<Vec<Share>, RunError> {
    let shares = plan.shares();
    // Dropped on any return: every child still running is killed, and
    // every child is reaped.
    let mut children = ChildGuard::with_capacity(shares.len());
    let mut pids = Vec::with_capacity(shares.len());
    for (i, batches) in shares.iter().enumerate() {
        let job = BatchesJob {
            seed: plan.seed,
            size: plan.size,
            max_needle: plan.max_needle,
            batches: batches.clone(),
        };
        let pid = children
            .start::<BatchesWorker>(exe, &job)
            .map_err(|source| RunError::Io {
                context: format!("cannot start Worker-{} from {}", i + 1, exe.display()),
                source,
            })?;
        pids.push(pid);
    }
    let mut results = Vec::with_capacity(shares.len());
    for (i, (batches, pid)) in shares.into_iter().zip(pids).enumerate() {
        let worker = format!("Worker-{}", i + 1);
        // Waiting for this worker, the guard watches them all: the first to
        // die, or to stop beating for the deadline, is the error.
        let found = children
            .collect::<BatchesWorker>(i)
            .map_err(|failure| RunError::WorkerFailed {
                worker: format!("Worker-{} (pid {})", failure.index + 1, failure.pid),
                reason: failure.reason,
            })?;
        results.push(Share {
            worker,
            pid,
            thread: "?".to_owned(),
            batches,
            found,
        });
    }
    Ok(results)
}
// ANCHOR_END: in_processes

#[cfg(test)]
mod tests {
    use super::*;
    use concurrency_process::read_frame;

    #[test]
    fn a_worker_answers_what_its_batches_found() {
        let job = BatchesJob {
            seed: 42,
            size: 2_000,
            max_needle: 3_999,
            batches: 1..3,
        };
        let (mut input, mut output) = (&[][..], Vec::new());
        BatchesWorker::serve(job, &mut Channel::new(&mut input, &mut output)).expect("a Vec accepts writes");
        let found: u64 = read_frame(&mut output.as_slice()).expect("one reply");
        let haystack: Vec<u32> = (0..2_000).collect();
        assert_eq!(found, search_batches(&haystack, 42, 3_999, 1..3));
        assert_eq!(found, crate::expected_total(43, 2, 2_000, 3_999));
    }

    #[test]
    fn a_program_that_is_not_a_worker_fails_by_name() {
        // `true` exits 0 and sends nothing: no reply.
        let plan = Plan {
            seed: 1,
            size: 10,
            max_needle: 20,
            batches: 2,
            workers: 2,
        };
        let Ok(exe) = which("true") else {
            eprintln!("skipped: no true(1) in /bin or /usr/bin to play a program that is not a worker");
            return;
        };
        let err = in_processes(&exe, &plan).expect_err("no reply sent");
        // Both workers fail at once; the guard names whichever it sees first.
        let err = err.to_string();
        assert!(
            (err.starts_with("Worker-1 (pid ") || err.starts_with("Worker-2 (pid ")) && err.contains("without a reply"),
            "{err}"
        );
        let missing = in_processes(Path::new("/no/such/program"), &plan).expect_err("cannot start");
        assert!(missing.to_string().contains("cannot start Worker-1"), "{missing}");
    }

    fn which(program: &str) -> Result<std::path::PathBuf, ()> {
        ["/bin", "/usr/bin"]
            .iter()
            .map(|dir| Path::new(dir).join(program))
            .find(|p| p.exists())
            .ok_or(())
    }
}
