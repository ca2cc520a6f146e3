//! One worker process per task, as Python's `ProcessPoolExecutor` does it:
//! the binary starts copies of itself in the role [`TaskWorker`], as every
//! chapter that starts processes does (the [`concurrency_process`] crate).
//! Each gets its task as one frame on standard input and sends its one
//! result back as one frame on standard output.
//!
//! That one reply can be many seconds away, so no deadline on replies could
//! tell a long task from a frozen one. The process layer's heartbeat does
//! ([`concurrency_process::heartbeat`]): each child beats on a thread of its
//! own while it computes, and a child that stops (`kill -STOP`) for the
//! deadline (`--worker-timeout`, 5 s by default) is killed, reaped and
//! named; a child that dies is named at once. The run then exits 1: the
//! chapter re-runs nothing, its point is the timing of a whole run.

use std::io;
use std::path::Path;

use concurrency_core::RunError;
use concurrency_process::{Channel, ChildGuard, Role, RoleEntry, role};
use serde::{Deserialize, Serialize};

use super::{Experiment, TaskResult, task};
use crate::cpu_intensive::MAX_MULTIPLIER;

pub(super) fn run(
    e: Experiment,
    exe: &Path,
    on_result: &mut dyn FnMut(TaskResult),
) -> Result<Vec<TaskResult>, RunError> {
    // Start every process first, so they all compute at once, then collect
    // the results in task order. The guard kills and reaps whatever is still
    // running if we return early, and each child exits by itself if this
    // process is killed, so no process outlives the run. While it waits for
    // one task, the guard watches them all: a child that dies, or that stops
    // beating for the deadline (`--worker-timeout`), ends the run at once,
    // named, whichever task it had.
    let mut children = ChildGuard::default();
    for n in 0..e.tasks {
        let job = TaskJob {
            n,
            multiplier: e.multiplier,
        };
        children.start::<TaskWorker>(exe, &job).map_err(|source| RunError::Io {
            context: format!("cannot start the process for task {n} ({})", exe.display()),
            source,
        })?;
    }
    let mut results = Vec::new();
    // Child `index` computes task `n`: they were started in task order.
    for (index, n) in (0..e.tasks).enumerate() {
        let value = children
            .collect::<TaskWorker>(index)
            .map_err(|failure| RunError::WorkerFailed {
                worker: format!("the process of task {} (pid {})", failure.index, failure.pid),
                reason: failure.reason,
            })?;
        let result = TaskResult { task: n, value };
        on_result(result);
        results.push(result);
    }
    Ok(results)
}

/// The role of a worker process: one task in, its result out. The binary
/// serves it ([`ROLES`]) first thing in `main`, and [`Mode::Processes`](crate::Mode::Processes)
/// starts one copy of the binary per task in it.
#[derive(Debug)]
pub struct TaskWorker;

/// A task worker's job: `cpu_intensive(n, multiplier)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskJob {
    /// The task's `n`.
    pub n: u64,
    /// The multiplier, at most [`MAX_MULTIPLIER`].
    pub multiplier: u64,
}

impl Role for TaskWorker {
    const NAME: &'static str = "fully-loaded-task";
    type Job = TaskJob;
    /// The value. postcard sends an `f64` as its 8 raw bytes, so nothing is
    /// lost on the way: the bits the parent gets are the bits computed.
    type Reply = f64;

    fn serve(job: TaskJob, channel: &mut Channel<'_, f64>) -> io::Result<()> {
        if job.multiplier > MAX_MULTIPLIER {
            return Err(io::Error::other(format!(
                "multiplier {} is above {MAX_MULTIPLIER}",
                job.multiplier
            )));
        }
        channel.send(&task(job.n, job.multiplier).value)
    }
}

/// The roles the chapter's binary serves: pass them to
/// [`concurrency_process::serve_roles`] first thing in `main`.
pub const ROLES: &[RoleEntry] = &[role::<TaskWorker>()];
