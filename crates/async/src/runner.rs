//! The tutorial's `AsyncTaskRunner`: one runner type on one runtime.

use std::sync::Arc;
use std::sync::atomic::AtomicUsize;

use clap::ValueEnum;
use concurrency_core::{FaultPlan, Job, NumberQueue, RunError, TaskRunner, WorkerReport};

use crate::delay::DelayKind;
use crate::runtime::AsyncRuntime;
use crate::worker::TaskContext;
use crate::{simple, task_group};

/// The chapter's runner types, the tutorial's `AsyncRunnerType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RunnerType {
    /// One task per worker, spawned and awaited by hand.
    Simple,
    /// The tasks in a task group: tokio's JoinSet; a failure cancels the rest.
    TaskGroup,
}

impl RunnerType {
    /// Both runner types, in the tutorial's order.
    pub const ALL: [RunnerType; 2] = [RunnerType::Simple, RunnerType::TaskGroup];

    /// The tutorial's name for the runner type.
    pub fn tutorial_name(self) -> &'static str {
        match self {
            RunnerType::Simple => "SIMPLE",
            RunnerType::TaskGroup => "TASK_GROUP",
        }
    }
}

/// The tutorial's `AsyncTaskRunner`: one runner type on one runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AsyncTaskRunner {
    kind: RunnerType,
    runtime: AsyncRuntime,
    delay_kind: DelayKind,
    fault: Option<FaultPlan>,
}

impl AsyncTaskRunner {
    /// A runner of type `kind` on `runtime`, with the async sleep and no
    /// fault planned.
    pub fn new(kind: RunnerType, runtime: AsyncRuntime) -> Self {
        AsyncTaskRunner {
            kind,
            runtime,
            delay_kind: DelayKind::Async,
            fault: None,
        }
    }

    /// The same runner with another way of sleeping the delay.
    pub fn with_delay_kind(self, delay_kind: DelayKind) -> Self {
        AsyncTaskRunner { delay_kind, ..self }
    }

    /// The same runner, with `plan`'s worker made to panic in its task at
    /// its planned number ([`FaultPlan`], `--fail-worker`): what a failing
    /// task does to a run.
    pub fn with_fault(self, plan: Option<FaultPlan>) -> Self {
        AsyncTaskRunner { fault: plan, ..self }
    }

    /// `SIMPLE` or `TASK_GROUP`.
    pub fn kind(&self) -> RunnerType {
        self.kind
    }

    /// The runtime the tasks run on.
    pub fn runtime(&self) -> AsyncRuntime {
        self.runtime
    }

    /// How the tasks sleep the forced delay.
    pub fn delay_kind(&self) -> DelayKind {
        self.delay_kind
    }

    /// What a task needs besides its worker: everything is `Copy` or shared
    /// through an `Arc`, because a spawned task must own what it uses
    /// (`'static`): the runtime may run it after this function returns.
    fn task_context(&self, job: &Job) -> TaskContext {
        TaskContext {
            runtime: self.runtime,
            queue: Arc::new(NumberQueue::new(job.limit)),
            delay_kind: self.delay_kind,
            fault: self.fault,
            remaining: Arc::new(AtomicUsize::new(job.workers)),
        }
    }
}

impl TaskRunner for AsyncTaskRunner {
    fn name(&self) -> String {
        format!("AsyncTaskRunner on {}", self.runtime)
    }

    fn runner_type(&self) -> String {
        self.kind.tutorial_name().to_owned()
    }

    // ANCHOR: run_workers
    fn run_workers(&self, job: &Job) -> Result<Vec<WorkerReport>, RunError> {
        let context = self.task_context(job);
        self.runtime.block_on(async {
            match self.kind {
                RunnerType::Simple => simple::simple(context, job).await,
                // Only tokio has a JoinSet; the others get the futures idiom.
                RunnerType::TaskGroup if self.runtime.is_tokio() => task_group::task_group_tokio(context, job).await,
                RunnerType::TaskGroup => task_group::task_group(context, job).await,
            }
        })?
    }
    // ANCHOR_END: run_workers
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use concurrency_core::{FailHow, RunReport, Verdict, known_prime_count};
    use std::time::Duration;

    /// Runs `job` with a runner of type `kind` on `runtime`, which must not fail.
    pub(crate) fn run(kind: RunnerType, runtime: AsyncRuntime, job: &Job) -> RunReport {
        AsyncTaskRunner::new(kind, runtime)
            .run(job)
            .unwrap_or_else(|err| panic!("{kind:?} on {runtime}: {err}"))
    }

    /// Every runner type on every runtime.
    pub(crate) fn every_runner() -> impl Iterator<Item = (RunnerType, AsyncRuntime)> {
        RunnerType::ALL
            .into_iter()
            .flat_map(|kind| AsyncRuntime::ALL.map(|runtime| (kind, runtime)))
    }

    /// `--fail-worker {worker} --fail-after {after}`.
    pub(crate) fn fault(worker: usize, after: u64) -> Option<FaultPlan> {
        Some(FaultPlan {
            worker,
            after,
            how: FailHow::Panic,
        })
    }

    #[test]
    fn every_runner_on_every_runtime_finds_exactly_pi_n() {
        for (kind, runtime) in every_runner() {
            for limit in [1_000, 100_000] {
                let report = run(kind, runtime, &Job::new(limit, 3, Duration::ZERO));
                let count = known_prime_count(limit).expect("a power of ten");
                assert_eq!(report.verdict(), Verdict::Exact { count }, "{kind:?} on {runtime}");
                assert_eq!(report.pids(), [std::process::id()], "tasks share one process");
                let names: Vec<&str> = report.workers.iter().map(|w| w.name.as_str()).collect();
                assert_eq!(names, ["Worker-1", "Worker-2", "Worker-3"]);
                assert_eq!(report.runner_type, kind.tutorial_name());
            }
        }
    }

    #[test]
    fn async_delays_overlap_on_every_runtime() {
        // N = 200 numbers, d = 20 ms, k = 20 workers: 4 s one after the
        // other, about 0.2 s overlapped. The bound, half the serial time, is
        // 10x the expected time: a busy machine cannot break it, while
        // sleeps that did not overlap would.
        let serial = Duration::from_millis(200 * 20);
        for (kind, runtime) in every_runner() {
            let report = run(kind, runtime, &Job::new(200, 20, Duration::from_millis(20)));
            assert!(
                report.elapsed < serial / 2,
                "{kind:?} on {runtime}: {:?}",
                report.elapsed
            );
            assert_eq!(report.verdict(), Verdict::Exact { count: 46 });
            assert_eq!(
                report.active_workers().len(),
                20,
                "{kind:?} on {runtime}: all twenty worked"
            );
        }
    }

    #[test]
    fn a_fault_for_a_worker_beyond_the_team_changes_nothing() {
        let runner = AsyncTaskRunner::new(RunnerType::TaskGroup, AsyncRuntime::Smol).with_fault(fault(4, 0));
        assert_eq!(runner.kind(), RunnerType::TaskGroup);
        let report = runner.run(&Job::new(100, 3, Duration::ZERO)).expect("no Worker-4");
        assert_eq!(report.verdict(), Verdict::Exact { count: 25 });
    }
}
