//! The tutorial's `MultiProcessTaskRunner`: a run on real worker processes,
//! in one of the four [`RunnerType`]s.
//!
//! A run has three phases: hand out the work the way the runner type says
//! ([`hand_out`]), get a team of worker processes (a fresh one for SIMPLE
//! and SHARED, the kept pool for the pool types), and drive the team
//! through the work ([`drive`]). The runner owns the processes, and counts
//! a number as done only when the worker's acknowledgement has arrived.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use concurrency_core::print_err;
use concurrency_core::{FaultPlan, Job, NumberQueue, RunError, TaskRunner, WorkerReport, chunks};
use concurrency_process::describe_exit;

use crate::board::Source;
use crate::liveness;
use crate::process::WorkerProcess;
use crate::runner_type::RunnerType;
use crate::schedule::{Outcome, WorkerDeath, drive};
use crate::signals::park_if_stopping;
use crate::task::Task;

#[cfg(doc)]
use crate::ROLES;

// ANCHOR: runner
/// The tutorial's `MultiProcessTaskRunner`: runs a job on real worker
/// processes, in one of the four [`RunnerType`]s.
///
/// The pool types keep their processes between runs (a second run skips
/// the start-up); they are stopped and reaped when the runner is dropped or
/// [`shutdown_pool`](Self::shutdown_pool) is called.
#[derive(Debug)]
pub struct MultiProcessTaskRunner {
    runner_type: RunnerType,
    /// The executable started as a worker; `None` means this program.
    worker_exe: Option<PathBuf>,
    /// `--fail-worker`: one worker fails on purpose.
    fault: Option<FaultPlan>,
    /// `--worker-timeout`: `None` means the rule of [`liveness::deadline`].
    worker_timeout: Option<Duration>,
    /// PROCESS_POOL and CHUNKS_IN_POOL: the kept processes (`None`: a
    /// member that died, replaced at the next run).
    pool: Mutex<Vec<Option<WorkerProcess>>>,
    deaths: Mutex<Vec<WorkerDeath>>,
}
// ANCHOR_END: runner

impl MultiProcessTaskRunner {
    /// A runner of the given type whose workers are copies of this program
    /// (whose `main` must serve [`ROLES`] first, with
    /// [`concurrency_process::serve_roles`]).
    pub fn new(runner_type: RunnerType) -> Self {
        MultiProcessTaskRunner {
            runner_type,
            worker_exe: None,
            fault: None,
            worker_timeout: None,
            pool: Mutex::new(Vec::new()),
            deaths: Mutex::new(Vec::new()),
        }
    }

    /// Starts the workers from `exe` instead of this program: tests and
    /// benchmarks, whose own executable is a test harness, name the chapter
    /// binary (`env!("CARGO_BIN_EXE_chapter-multiprocess")`).
    pub fn with_worker_exe(mut self, exe: impl Into<PathBuf>) -> Self {
        self.worker_exe = Some(exe.into());
        self
    }

    /// Makes one worker fail on purpose, as the plan says (`--fail-worker K
    /// --fail-after N --fail-how HOW`): `Worker-K` gets the plan in its job
    /// and fails by itself when it is about to check its number `N + 1`.
    /// A worker process can fail in all four ways of
    /// [`FailHow`](concurrency_core::FailHow).
    pub fn with_fault(mut self, plan: Option<FaultPlan>) -> Self {
        self.fault = plan;
        self
    }

    /// Kills and replaces a worker that sends no reply within `timeout`,
    /// instead of the deadline [`liveness::deadline`] derives from the
    /// forced delay and the replies seen (`--worker-timeout`).
    pub fn with_worker_timeout(mut self, timeout: Duration) -> Self {
        self.worker_timeout = Some(timeout);
        self
    }

    /// The runner type.
    pub fn kind(&self) -> RunnerType {
        self.runner_type
    }

    /// The workers that died during the last run, and what became of their
    /// work.
    pub fn last_deaths(&self) -> Vec<WorkerDeath> {
        self.deaths.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Stops and reaps the pool's processes (the pool types keep them
    /// between runs).
    pub fn shutdown_pool(&self) {
        // Dropping a `WorkerProcess` closes its input and reaps it.
        self.pool.lock().unwrap_or_else(PoisonError::into_inner).clear();
    }

    /// How long a new worker has to say hello: `--worker-timeout`, or
    /// [`liveness::HELLO_DEADLINE`].
    fn hello_deadline(&self) -> Duration {
        self.worker_timeout.unwrap_or(liveness::HELLO_DEADLINE)
    }

    fn exe(&self) -> Result<PathBuf, RunError> {
        match &self.worker_exe {
            Some(exe) => Ok(exe.clone()),
            None => std::env::current_exe().map_err(|source| RunError::Io {
                context: "cannot find this program's executable to start workers from".to_owned(),
                source,
            }),
        }
    }
}

// ANCHOR: run_workers
impl TaskRunner for MultiProcessTaskRunner {
    fn name(&self) -> String {
        "MultiProcessTaskRunner".to_owned()
    }

    fn runner_type(&self) -> String {
        self.runner_type.to_string()
    }

    fn run_workers(&self, job: &Job) -> Result<Vec<WorkerReport>, RunError> {
        if job.workers == 0 {
            return Err(RunError::WorkerFailed {
                worker: "no worker".to_owned(),
                reason: "a run needs at least one worker process".to_owned(),
            });
        }
        let exe = self.exe()?;
        let (own, source) = hand_out(self.runner_type, job);
        let outcome = match self.runner_type {
            RunnerType::Simple | RunnerType::Shared => self.run_fresh_team(&exe, own, source, job),
            RunnerType::ProcessPool | RunnerType::ChunksInPool => self.run_in_pool(&exe, source, job),
        }?;
        *self.deaths.lock().unwrap_or_else(PoisonError::into_inner) = outcome.deaths;
        Ok(outcome.reports)
    }
}

/// The work as each runner type hands it out: each worker's own first task
/// (SIMPLE only), and where everyone takes the rest from.
fn hand_out(runner_type: RunnerType, job: &Job) -> (Vec<Option<Task>>, Source) {
    let ranges = chunks(job.limit, job.workers);
    match runner_type {
        // Worker i gets chunk i; a chunk whose worker dies goes to
        // whichever worker is free first.
        RunnerType::Simple => {
            let own = ranges
                .into_iter()
                .map(|range| (!range.is_empty()).then_some(Task::Range(range)));
            (own.collect(), Source::Tasks(VecDeque::new()))
        }
        // One number per request, from the queue the parent owns.
        RunnerType::Shared | RunnerType::ProcessPool => (Vec::new(), Source::Numbers(NumberQueue::new(job.limit))),
        // The same chunks, taken by whichever pool worker is free.
        RunnerType::ChunksInPool => {
            let tasks = ranges.into_iter().filter(|range| !range.is_empty()).map(Task::Range);
            (Vec::new(), Source::Tasks(tasks.collect()))
        }
    }
}
// ANCHOR_END: run_workers

impl MultiProcessTaskRunner {
    // ANCHOR: fresh_team
    /// A fresh team for one run (SIMPLE and SHARED): started now, stopped
    /// and reaped at the end of the run.
    fn run_fresh_team(
        &self,
        exe: &Path,
        own: Vec<Option<Task>>,
        source: Source,
        job: &Job,
    ) -> Result<Outcome, RunError> {
        let team = WorkerProcess::start_team_within(exe, job.workers, self.fault, self.hello_deadline())?;
        let mut slots: Vec<Option<WorkerProcess>> = team.into_iter().map(Some).collect();
        let outcome = drive(&mut slots, own, source, job, self.worker_timeout);
        for process in slots.iter_mut().flatten() {
            let status = process.stop();
            park_if_stopping(); // killed by our own shutdown: no news
            match status {
                Ok(status) if status.success() => {}
                status => print_err!(
                    "warning: {} (pid {}) {} after its work was done",
                    process.name(),
                    process.pid(),
                    describe_exit(&status)
                ),
            }
        }
        outcome
    }
    // ANCHOR_END: fresh_team

    // ANCHOR: pool
    /// The persistent pool (PROCESS_POOL and CHUNKS_IN_POOL): started on
    /// first use, started anew when the job asks for another number of
    /// workers, dead members replaced.
    fn run_in_pool(&self, exe: &Path, source: Source, job: &Job) -> Result<Outcome, RunError> {
        let mut pool = self.pool.lock().unwrap_or_else(PoisonError::into_inner);
        if pool.len() != job.workers {
            pool.clear();
            let team = WorkerProcess::start_team_within(exe, job.workers, self.fault, self.hello_deadline())?;
            pool.extend(team.into_iter().map(Some));
        }
        for (index, slot) in pool.iter_mut().enumerate() {
            if slot.is_none() {
                *slot = Some(WorkerProcess::start_within(
                    exe,
                    index + 1,
                    self.fault,
                    self.hello_deadline(),
                )?);
            }
        }
        drive(&mut pool, Vec::new(), source, job, self.worker_timeout)
    }
    // ANCHOR_END: pool
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_runner_type_hands_out_its_own_way() {
        let job = Job::new(10, 3, Duration::ZERO);
        let (own, source) = hand_out(RunnerType::Simple, &job);
        assert_eq!(
            own,
            [
                Some(Task::Range(1..=4)),
                Some(Task::Range(5..=7)),
                Some(Task::Range(8..=10))
            ]
        );
        assert!(matches!(source, Source::Tasks(tasks) if tasks.is_empty()));
        let (own, source) = hand_out(RunnerType::ChunksInPool, &job);
        assert!(own.is_empty());
        assert!(matches!(source, Source::Tasks(tasks) if tasks.len() == 3));
        for shared in [RunnerType::Shared, RunnerType::ProcessPool] {
            let (own, source) = hand_out(shared, &job);
            assert!(own.is_empty());
            assert!(matches!(source, Source::Numbers(queue) if queue.remaining() == 10));
        }
    }

    #[test]
    fn a_missing_worker_executable_is_an_error_not_a_panic() {
        let runner = MultiProcessTaskRunner::new(RunnerType::Simple).with_worker_exe("/no/such/worker");
        let err = runner
            .run(&Job::new(10, 2, Duration::ZERO))
            .expect_err("nothing to start");
        assert!(err.to_string().contains("cannot start Worker-1"), "{err}");
        let none = runner.run(&Job::new(10, 0, Duration::ZERO));
        assert!(none.is_err(), "zero workers is refused, not a panic");
        assert_eq!(runner.runner_type(), "SIMPLE");
        assert_eq!(runner.kind(), RunnerType::Simple);
    }
}
