//! Worker processes: `processes` (downloads) and `cpu-processes` (sums of
//! squares), the tutorial's `multiprocessing.Pool`.
//!
//! The binary starts copies of itself, the pattern of the fully-loaded
//! chapter: a child sees [`WORKER_VAR`] in its environment, reads one job
//! from its standard input, does it, writes one reply on its standard
//! output and exits. Both messages use the multiprocess chapter's framing
//! (a length, then postcard). Each child has its own HTTP client, as each
//! Python process had its own session.

use std::io;
use std::path::Path;
use std::process::Stdio;

use chapter_multiprocess::process::{ChildGuard, describe_exit, worker_command};
use chapter_multiprocess::protocol::{read_frame, write_frame};
use concurrency_core::RunError;
use concurrency_core::print_err;
use serde::{Deserialize, Serialize};

use crate::client::{Plan, Tally, blocking_agent, fetch_blocking};
use crate::cpu::cpu_bound;

/// The environment variable that makes this program a worker process.
pub const WORKER_VAR: &str = "IO_BOUND_WORKER";

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

// ANCHOR: run_if_worker
/// Does one job and exits, if this process was started as a worker
/// ([`WORKER_VAR`] is set); returns at once otherwise. The binary calls it
/// first thing in `main`.
pub fn run_if_worker() {
    if std::env::var_os(WORKER_VAR).is_none() {
        return;
    }
    // A parent killed by a signal runs no cleanup: do not work on for it.
    chapter_multiprocess::worker::exit_when_parent_dies();
    let job: io::Result<Job> = read_frame(&mut io::stdin().lock());
    let code = match job {
        Ok(job) => match write_frame(&mut io::stdout().lock(), &job.run()) {
            Ok(()) => 0,
            Err(_) => 1, // the parent is gone: nobody to tell
        },
        Err(err) => {
            print_err!("error: {WORKER_VAR} is set but no job arrived on standard input: {err}");
            2
        }
    };
    std::process::exit(code)
}
// ANCHOR_END: run_if_worker

// ANCHOR: run_jobs
/// Starts one worker process per job, all at once, then collects their
/// replies in order. `exe` is this program (`std::env::current_exe()`);
/// tests pass the chapter's binary. Every child is reaped before this
/// returns, on success and on error alike.
pub fn run_jobs(exe: &Path, jobs: Vec<Job>) -> Result<Vec<Reply>, RunError> {
    let mut children = ChildGuard::with_capacity(jobs.len());
    // Per child: its PID, and whether its job was sent.
    let mut started = Vec::with_capacity(jobs.len());
    for (p, job) in jobs.iter().enumerate() {
        let mut command = worker_command(exe);
        command
            .env(WORKER_VAR, "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped());
        let child = children.spawn(&mut command).map_err(|source| RunError::Io {
            context: format!("cannot start worker process {p} ({})", exe.display()),
            source,
        })?;
        // Send the job and close the pipe. A child that died at once makes
        // this fail; its exit status, read below, tells why.
        let sent = child.stdin.take().map(|mut stdin| write_frame(&mut stdin, job));
        started.push((child.id(), sent.unwrap_or(Ok(()))));
    }
    let mut replies = Vec::with_capacity(jobs.len());
    for (p, (pid, sent)) in started.iter().enumerate() {
        let reply: io::Result<Reply> = children.read_frame(p);
        let status = children.wait(p);
        match (reply, &status) {
            (Ok(reply), Ok(status)) if status.success() => replies.push(reply),
            (reply, _) => {
                let why = sent
                    .as_ref()
                    .err()
                    .map(ToString::to_string)
                    .or_else(|| reply.err().map(|e| e.to_string()));
                return Err(RunError::WorkerFailed {
                    worker: format!("worker process {p} (pid {pid})"),
                    reason: format!("{} ({})", describe_exit(&status), why.unwrap_or_default()),
                });
            }
        }
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
