//! Worker processes: `processes` (downloads) and `cpu-processes` (sums of
//! squares), the tutorial's `multiprocessing.Pool`.
//!
//! The binary starts copies of itself in the role [`IoWorker`], as every
//! chapter that starts processes does (the [`concurrency_process`] crate):
//! a child reads one [`Job`] from its standard input, does it, writes one
//! [`Reply`] on its standard output and exits. Both are frames (a length,
//! then postcard). Each child has its own HTTP client, as each Python
//! process had its own session.

use std::io;
use std::path::Path;

use concurrency_core::RunError;
use concurrency_process::{Channel, ChildGuard, Role, RoleEntry, role};
use serde::{Deserialize, Serialize};

use crate::client::{Plan, Tally, blocking_agent, fetch_blocking};
use crate::cpu::cpu_bound;
use crate::server_process::ServerRole;

/// What the parent asks one worker process to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Job {
    /// Fetch these requests of the plan (numbers `first..first + count`),
    /// one after the other with one agent.
    Fetch {
        /// The plan, for its URLs and timeout.
        plan: Plan,
        /// The first request number.
        first: u64,
        /// How many requests.
        count: u64,
    },
    /// `cpu_bound(n)` for each of these numbers.
    Cpu {
        /// The numbers.
        numbers: Vec<u64>,
    },
}

/// What a worker process sends back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reply {
    /// The tally of a [`Job::Fetch`].
    Fetched(Tally),
    /// The sums of a [`Job::Cpu`], in the order asked.
    Computed(Vec<u128>),
}

impl Job {
    fn run(self) -> Reply {
        match self {
            Job::Fetch { plan, first, count } => {
                let agent = blocking_agent(plan.timeout);
                let mut tally = Tally::default();
                for i in first..first + count {
                    tally.record(fetch_blocking(&agent, &plan.url(i)));
                }
                Reply::Fetched(tally)
            }
            Job::Cpu { numbers } => Reply::Computed(numbers.into_iter().map(cpu_bound).collect()),
        }
    }
}

// ANCHOR: role
/// The role of a worker process: one [`Job`] in, one [`Reply`] out. The
/// binary serves it ([`ROLES`]) first thing in `main`.
#[derive(Debug)]
pub struct IoWorker;

impl Role for IoWorker {
    const NAME: &'static str = "io-bound-worker";
    type Job = Job;
    type Reply = Reply;

    fn serve(job: Job, channel: &mut Channel<'_, Reply>) -> io::Result<()> {
        channel.send(&job.run())
    }
}

/// The roles the chapter's binary serves, this worker and the server
/// process of a load test ([`ServerRole`]): pass them to
/// [`concurrency_process::serve_roles`] first thing in `main`.
pub const ROLES: &[RoleEntry] = &[role::<IoWorker>(), role::<ServerRole>()];
// ANCHOR_END: role

// ANCHOR: run_jobs
/// Starts one worker process per job, all at once, then collects their
/// replies in order. `exe` is this program (`std::env::current_exe()`);
/// tests pass the chapter's binary. Every child is reaped before this
/// returns, on success and on error alike.
pub fn run_jobs(exe: &Path, jobs: Vec<Job>) -> Result<Vec<Reply>, RunError> {
    let mut children = ChildGuard::with_capacity(jobs.len());
    for (p, job) in jobs.iter().enumerate() {
        children.start::<IoWorker>(exe, job).map_err(|source| RunError::Io {
            context: format!("cannot start worker process {p} ({})", exe.display()),
            source,
        })?;
    }
    let mut replies = Vec::with_capacity(jobs.len());
    for p in 0..jobs.len() {
        // Waiting for this worker, the guard watches them all: the first to
        // die, or to stop beating for the deadline, is the error.
        let reply = children
            .collect::<IoWorker>(p)
            .map_err(|failure| RunError::WorkerFailed {
                worker: format!("worker process {} (pid {})", failure.index, failure.pid),
                reason: failure.reason,
            })?;
        replies.push(reply);
    }
    Ok(replies)
}
// ANCHOR_END: run_jobs

/// `processes`: the requests split into `processes` contiguous runs, one
/// worker process each, every process fetching its run one after the other
/// (as `Pool.map` hands each process a chunk of the list).
pub fn fetch_in_processes(plan: &Plan, processes: usize, exe: &Path) -> Result<Tally, RunError> {
    let requests = plan.requests();
    let parts = (processes as u64).clamp(1, requests.max(1));
    let jobs = (0..parts)
        .map(|p| {
            let first = requests * p / parts;
            let next = requests * (p + 1) / parts;
            Job::Fetch {
                plan: plan.clone(),
                first,
                count: next - first,
            }
        })
        .collect();
    let mut total = Tally::default();
    for reply in run_jobs(exe, jobs)? {
        match reply {
            Reply::Fetched(tally) => total.merge(&tally),
            Reply::Computed(_) => return Err(wrong_reply()),
        }
    }
    Ok(total)
}

/// `cpu-processes`: the numbers dealt round-robin to `processes` workers.
/// Returns the sums in the order of `numbers`.
pub fn cpu_in_processes(numbers: &[u64], processes: usize, exe: &Path) -> Result<Vec<u128>, RunError> {
    let parts = processes.clamp(1, numbers.len().max(1));
    let jobs = (0..parts)
        .map(|p| Job::Cpu {
            numbers: numbers.iter().skip(p).step_by(parts).copied().collect(),
        })
        .collect();
    let mut sums = vec![0; numbers.len()];
    for (p, reply) in run_jobs(exe, jobs)?.into_iter().enumerate() {
        let Reply::Computed(part) = reply else {
            return Err(wrong_reply());
        };
        for (k, sum) in part.into_iter().enumerate() {
            if let Some(slot) = sums.get_mut(p + k * parts) {
                *slot = sum;
            }
        }
    }
    Ok(sums)
}

fn wrong_reply() -> RunError {
    RunError::WorkerFailed {
        worker: "a worker process".into(),
        reason: "it answered another kind of job".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use concurrency_process::{read_frame, write_frame};

    #[test]
    fn jobs_survive_the_pipe() {
        let job = Job::Cpu {
            numbers: vec![5_000_000],
        };
        let mut pipe = Vec::new();
        write_frame(&mut pipe, &job).expect("a Vec accepts writes");
        assert_eq!(read_frame::<Job>(&mut pipe.as_slice()).expect("a frame"), job);
        let reply = Reply::Computed(vec![u128::MAX]);
        let mut pipe = Vec::new();
        write_frame(&mut pipe, &reply).expect("a Vec accepts writes");
        assert_eq!(read_frame::<Reply>(&mut pipe.as_slice()).expect("a frame"), reply);
    }

    #[test]
    fn a_missing_worker_program_is_an_error_not_a_panic() {
        let err = cpu_in_processes(&[10, 20], 2, Path::new("/nonexistent/io-bound")).expect_err("no such program");
        assert!(err.to_string().contains("cannot start worker process 0"), "{err}");
    }
}
